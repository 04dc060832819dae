// examples/library through the real command-line tools: a library built once with
// `veldc build --lib`, linked at load time by `veld --lib` under two different programs,
// its sections disassembled and reassembled byte for byte.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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
});
