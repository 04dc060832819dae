// Compiler properties beyond single programs: determinism, stripping, the encoding limits
// (clear errors, never wrong code), the instruction listing of fib, and the CLI contract.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/index.js";
import { disassemble } from "../../assembler/index.js";
import { readModule } from "../../format/index.js";
import { runVeld } from "../helpers/veld.js";

const root = new URL("../../", import.meta.url).pathname;

function errorOf(source: string) {
  const r = compileSource(source, { fileName: "t.veld" });
  expect(r.bytes).toBeUndefined();
  const d = r.diagnostics[0]!;
  return { code: d.code, line: d.span.start.line, col: d.span.start.col, message: d.message };
}

describe("determinism and debug info", () => {
  const source = readFileSync(join(root, "examples/enums_match.veld"), "utf8");

  it("the same source and options give identical bytes", () => {
    const a = compileSource(source, { fileName: "x.veld" }).bytes!;
    const b = compileSource(source, { fileName: "x.veld" }).bytes!;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it("every instruction has a line and column; --strip removes only debug info", () => {
    const full = readModule(compileSource(source, { fileName: "x.veld" }).bytes!).module;
    for (const [i, f] of full.functions.entries()) {
      const d = full.debug!.functions[i]!;
      expect(d.lines.length).toBe(f.code.length);
      expect([...d.lines].every((l) => l > 0)).toBe(true);
    }
    expect(full.debug!.functions.some((f) => f.locals.length > 0)).toBe(true);
    const stripped = readModule(compileSource(source, { fileName: "x.veld", strip: true }).bytes!);
    expect(stripped.module.debug).toBeUndefined();
    expect(stripped.module.functions).toEqual(full.functions);
  });
});

describe("limits give positioned errors, never wrong code", () => {
  it("more than 256 live registers", () => {
    const lets = Array.from({ length: 300 }, (_, i) => `  let v${i} = ${i}`).join("\n");
    const e = errorOf(`fn f()\n${lets}\n  v0\nend`);
    expect(e.code).toBe("E0906");
    expect(e.line).toBeGreaterThan(250);
  });

  it("a loop body too long for a 16-bit jump", () => {
    const body = Array.from({ length: 20000 }, (_, i) => `  s = s + ${i % 100} * x`).join("\n");
    const e = errorOf(`var s = 0\nlet x = 1\nfor i in 0..2 do\n${body}\nend`);
    expect(e.code).toBe("E0902");
    expect(e.line).toBe(3);
  });

  it("a call with more arguments than a window holds", () => {
    const args = Array.from({ length: 251 }, (_, i) => String(i)).join(", ");
    expect(errorOf(`fn f() => 0\nf(${args})`).code).toBe("E0918");
  });
});

describe("code quality", () => {
  it("fib's body is a fused compare, two calls and an add", () => {
    const source = readFileSync(join(root, "bench/programs/fib.veld"), "utf8");
    const text = disassemble(compileSource(source, { fileName: "fib.veld" }).bytes!, {
      debug: false,
    });
    const body = text.slice(text.search(/\.function F\d+ "fib"/));
    const ops = [...body.matchAll(/^\s{4}([A-Z]+)\b/gm)].map((m) => m[1]);
    expect(ops.slice(0, 10)).toEqual([
      "LTI",
      "JMP",
      "RETURN",
      "GETGLOBAL",
      "ADDI",
      "CALL",
      "GETGLOBAL",
      "ADDI",
      "CALL",
      "ADD",
    ]);
    expect(ops).toHaveLength(11);
  });

  it("-O1 dispatches a match of three or more variant arms through SWITCHVARIANT", () => {
    const enumDecl = "enum E\n  A(int)\n  B\n  C\n  D\nend\n";
    const body = (arms: string, optimize: 0 | 1 = 1) => {
      const src = `${enumDecl}fn f(e)\n  match e\n${arms}  end\nend`;
      const text = disassemble(compileSource(src, { optimize }).bytes!, { debug: false });
      const f = text.slice(text.search(/\.function F\d+ "f"/));
      return [...f.matchAll(/^\s{4}([A-Z]+)\b/gm)].map((m) => m[1]);
    };
    const three = "    E.A(x) => x,\n    E.B => 2,\n    E.C => 3,\n    _ => 0,\n";
    // The table: one JMP per variant (D goes to `_`) and one for any other value (also `_`).
    expect(body(three).slice(0, 6)).toEqual(["SWITCHVARIANT", "JMP", "JMP", "JMP", "JMP", "JMP"]);
    // The first arm's test is unreachable behind the table and dropped.
    expect(body(three)[6]).toBe("GETPAYLOAD");
    expect(body(three, 0)).not.toContain("SWITCHVARIANT");
    expect(body("    E.A(x) => x,\n    E.B => 2,\n    _ => 0,\n")).not.toContain("SWITCHVARIANT");
    // A table of more than four words per variant arm is not worth its size.
    const wide = `enum W\n${Array.from({ length: 13 }, (_, i) => `  V${i}\n`).join("")}end\n`;
    const src = `${wide}fn f(e)\n  match e\n    W.V0 => 0,\n    W.V1 => 1,\n    W.V2 => 2,\n  end\nend`;
    expect(disassemble(compileSource(src, {}).bytes!, { debug: false })).not.toContain("SWITCH");
  });

  it("let x = a + b is one ADD", () => {
    const text = disassemble(compileSource("fn f(a, b)\n  let x = a + b\n  x\nend", {}).bytes!, {
      debug: false,
    });
    const body = text.slice(text.search(/\.function F\d+ "f"/));
    expect([...body.matchAll(/^\s{4}([A-Z]+)\b/gm)].map((m) => m[1])).toEqual(["ADD", "RETURN"]);
  });

  it("-O1 folds constants but keeps expressions that raise", () => {
    const text = (src: string) => disassemble(compileSource(src, {}).bytes!, { debug: false });
    expect(text("println(2 * 3 + 4)")).toMatch(/LOADI\s+R1, 10/);
    expect(text("println(1 / 0)")).toMatch(/DIV/);
    expect(text("println(9223372036854775807 + 1)")).toMatch(/ADD/);
  });

  it("-O1 folds no int/float comparison an inexact conversion would get wrong", () => {
    expect(runVeld("println(9007199254740993 == 9007199254740992.0)").stdout).toBe("false\n");
    expect(runVeld("println(9007199254740993 > 9007199254740992.0)").stdout).toBe("true\n");
  });
});

describe("veldc CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "veldc-"));
  const veldc = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", join(root, "tools/cli/veldc.ts"), ...args], {
      cwd: root,
      encoding: "utf8",
      input: "",
    });
  const veld = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", join(root, "tools/cli/veld.ts"), ...args], {
      cwd: root,
      encoding: "utf8",
    });

  it("build then veld runs the file with the runtime alone", () => {
    const src = join(root, "examples/closures.veld");
    const out = join(dir, "c.veldc");
    expect(veldc("build", src, "-o", out).status).toBe(0);
    const run = veld(out);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(root, "examples/closures.out"), "utf8"));
  });

  it("check reports diagnostics with positions and exit 65", () => {
    const file = join(dir, "bad.veld");
    writeFileSync(file, "let x = 1 &&\n");
    const r = veldc("check", file);
    expect(r.status).toBe(65);
    expect(r.stderr.startsWith(`${file}:1:11: error[E0111]`)).toBe(true);
  });

  it("run reports uncaught errors with a Veld stack, exit 1", () => {
    const file = join(dir, "boom.veld");
    writeFileSync(file, "fn f(n) => 10 / n\nprintln(f(0))\n");
    const r = veldc("run", file);
    expect(r.status).toBe(1);
    expect(r.stderr.split("\n").slice(0, 3)).toEqual([
      "error[DivisionByZero]: division by zero",
      "  at f (boom.veld:1:12)", // outside the working directory: the bare name is recorded
      "  at <main> (boom.veld:2:9)",
    ]);
  });

  it("usage errors exit 2", () => {
    expect(veldc().status).toBe(2);
    expect(veldc("build").status).toBe(2);
    expect(veldc("frobnicate", "x").status).toBe(2);
  });
});
