// examples/library through the real command-line tools: a library built once with
// `veldc build --lib`, linked at load time by `veld --lib` under two different programs,
// its sections disassembled and reassembled byte for byte.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "veld-library-"));
const lib = join(dir, "geometry.veldc");
const app = join(dir, "app.veldc");

function tool(name: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", `tools/cli/${name}.ts`, ...args], {
    encoding: "utf8",
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("examples/library through the CLI", () => {
  it("builds the library and a program, links them at load time and runs", () => {
    expect(tool("veldc", "build", "--lib", "examples/library/geometry.veld", "-o", lib).code).toBe(
      0,
    );
    expect(tool("veldas", "examples/library/app.vasm", "-o", app).code).toBe(0);
    expect(tool("veld", "--lib", lib, app)).toEqual({
      code: 0,
      out: "geometry ready\n9\n3\nPoint(x: 0, y: 0)\n",
      err: "",
    });
    const missing = tool("veld", app);
    expect(missing.code).toBe(65);
    expect(missing.err).toMatch(/^error\[E_LINK_MODULE\]/);
  });

  it("links the same library file under a second program; a mismatch is its LoadError", () => {
    const other = join(dir, "other.vasm");
    writeFileSync(
      other,
      [
        ".native println 1",
        '.global G0 "ORIGIN"',
        '.import "geometry" "ORIGIN" constant G0',
        ".function main",
        "    GETNATIVE R0, println",
        "    GETGLOBAL R1, G0",
        "    CALL      R0, 1",
        "    HALT",
        ".end",
        "",
      ].join("\n"),
    );
    const otherBytes = join(dir, "other.veldc");
    expect(tool("veldas", other, "-o", otherBytes).code).toBe(0);
    expect(tool("veld", "--lib", lib, otherBytes)).toEqual({
      code: 0,
      out: "geometry ready\nPoint(x: 0, y: 0)\n",
      err: "",
    });
    writeFileSync(other, readFileSync(other, "utf8").replace("constant G0", "function G0 0"));
    expect(tool("veldas", other, "-o", otherBytes).code).toBe(0);
    const kind = tool("veld", "--lib", lib, otherBytes);
    expect(kind.code).toBe(65);
    expect(kind.err).toMatch(/^error\[E_LINK_KIND\]/);
  });

  it("velddis shows the exports and imports, and veldas rebuilds both files byte for byte", () => {
    for (const file of [lib, app]) {
      const vasm = `${file}.vasm`;
      expect(tool("velddis", file, "-o", vasm).code).toBe(0);
      const again = `${file}.again`;
      expect(tool("veldas", vasm, "-o", again).code).toBe(0);
      expect(readFileSync(again)).toEqual(readFileSync(file));
    }
    const listing = readFileSync(`${lib}.vasm`, "utf8");
    expect(listing).toContain('.module "geometry"');
    expect(listing).toContain('.export "area" function');
    expect(readFileSync(`${app}.vasm`, "utf8")).toContain('.import "geometry" "Point" struct T0');
  });

  it("compiles a source program against the library (veldc build --link) and links it", () => {
    const built = join(dir, "app-source.veldc");
    expect(
      tool("veldc", "build", "--link", lib, "examples/library/app.veld", "-o", built).code,
    ).toBe(0);
    const out = "geometry ready\n9\n3\nPoint(x: 0, y: 0)\ntrue\n2\n";
    expect(tool("veld", "--lib", lib, built)).toEqual({ code: 0, out, err: "" });
    expect(tool("veldc", "run", "--link", lib, "examples/library/app.veld")).toEqual({
      code: 0,
      out,
      err: "",
    });
    expect(tool("velddis", built).out).toContain('.import "geometry" "area" function');
  });

  it("links the same library under a second source program: one type on both sides", () => {
    const sub = join(dir, "second");
    mkdirSync(sub, { recursive: true });
    // A source module of the same name beside the program: the library given wins.
    writeFileSync(join(sub, "geometry.veld"), 'println("the source module")\n');
    const second = join(sub, "second.veld");
    writeFileSync(
      second,
      [
        "import geometry as g",
        "import geometry.{Point, Shape}",
        "let s = Shape.Square(4)",
        "println(g.area(s))",
        "println(g.ORIGIN == Point(x: 0, y: 0))",
        "println(Point(x: 2, y: 5).sum())",
        "match s",
        "  Shape.Square(n) => println(n),",
        "  Shape.Dot => println(0),",
        "end",
        "println(s)",
        "",
      ].join("\n"),
    );
    expect(tool("veldc", "run", "--link", lib, second)).toEqual({
      code: 0,
      out: "geometry ready\n16\ntrue\n7\n4\nShape.Square(4)\n",
      err: "",
    });
  });

  it("reports an import the library does not export at the import, and --interp with --link", () => {
    const bad = join(dir, "bad.veld");
    writeFileSync(bad, "import geometry.{area, volume}\nprintln(area(Shape.Dot))\n");
    const r = tool("veldc", "check", "--link", lib, bad);
    expect(r.code).toBe(65);
    expect(r.err).toContain("bad.veld:1:24: error[E0331]: module `geometry` has no item `volume`");
    const arity = join(dir, "arity.veld");
    writeFileSync(arity, "import geometry.{area}\narea(1, 2)\n");
    const run = tool("veldc", "run", "--link", lib, arity);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^error\[ArityMismatch\]/);
    expect(tool("veldc", "run", "--interp", "--link", lib, arity).code).toBe(2);
    // Without the library the program needs the module: its import is E0330.
    expect(tool("veldc", "check", arity).err).toContain("error[E0330]");
  });
});
