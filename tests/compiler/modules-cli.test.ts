// The three-file example (examples/modules: a main file, a library of shapes and a utility
// module in a subdirectory) through the real command-line tools: compiled to one .veldc, run
// by the runtime alone, run by the tree-walker, disassembled and reassembled byte for byte.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "veld-modules-"));
const main = "examples/modules/main.veld";
const expected = readFileSync("examples/modules/main.out", "utf8");
const trace = readFileSync("examples/modules/main.err", "utf8");

function tool(name: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", `tools/cli/${name}.ts`, ...args], {
    encoding: "utf8",
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("examples/modules through the CLI", () => {
  it("runs on the VM and on the tree-walker with the same output and trace", () => {
    const vm = tool("veldc", "run", main);
    expect(vm).toEqual({ code: 1, out: expected, err: trace });
    expect(tool("veldc", "run", "--interp", main)).toEqual(vm);
    // The trace names the library's file for its function, the main file for main.
    expect(trace).toContain("at check_positive (examples/modules/shapes.veld:");
    expect(trace).toContain("at <main> (examples/modules/main.veld:");
  });

  it("builds one .veldc that the runtime alone runs, and that round-trips through .vasm", () => {
    const app = join(dir, "app.veldc");
    expect(tool("veldc", "build", main, "-o", app).code).toBe(0);
    expect(tool("veld", app)).toEqual({ code: 1, out: expected, err: trace });
    const vasm = join(dir, "app.vasm");
    expect(tool("velddis", app, "-o", vasm).code).toBe(0);
    const listing = readFileSync(vasm, "utf8");
    expect(listing).toContain('.file "examples/modules/util/text.veld"');
    expect(listing).toContain('.function F8 "<module util.text>"');
    const again = join(dir, "again.veldc");
    expect(tool("veldas", vasm, "-o", again).code).toBe(0);
    expect(readFileSync(again)).toEqual(readFileSync(app));
  });

  it("finds modules on -I and reports a missing one at its import", () => {
    const app = join(dir, "uses-shapes.veld");
    writeFileSync(app, "import shapes.{area, Shape}\nprintln(area(Shape.Rect(2.0, 4.0)))\n");
    expect(tool("veldc", "run", app).code).toBe(65);
    const found = tool("veldc", "run", "-I", "examples/modules", app);
    expect(found).toEqual({ code: 0, out: "util.text loaded\nshapes loaded\n8\n", err: "" });
    expect(tool("veldc", "run", "--interp", "-I", "examples/modules", app)).toEqual(found);
    const missing = tool("veldc", "check", app);
    expect(missing.err).toContain(`${app}:1:1: error[E0330]: cannot find module \`shapes\``);
  });
});
