// veldas and velddis as commands (spec/assembly.md §9): outputs, `-` for stdin/stdout, -o,
// default output names, exit codes 0/2/65, and the error formats.

import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assemble, disassemble } from "../../assembler/index.js";
import { FLAG_HAS_DEBUG } from "../../format/container.js";

const ROOT = join(import.meta.dirname, "../..");
const EXAMPLES = join(ROOT, "examples/asm");

function run(tool: "veldas" | "velddis" | "veld", args: string[], input?: string | Uint8Array) {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", join(ROOT, "tools/cli", `${tool}.ts`), ...args],
    {
      cwd: ROOT,
      input,
    },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

const tmp = mkdtempSync(join(tmpdir(), "veldas-"));
const counterText = readFileSync(join(EXAMPLES, "counter.vasm"), "utf8");
const counterBytes = assemble(counterText, "counter.vasm").bytes!;

describe("veldas", () => {
  it("writes FILE.veldc next to FILE.vasm by default", () => {
    copyFileSync(join(EXAMPLES, "counter.vasm"), join(tmp, "counter.vasm"));
    const r = run("veldas", [join(tmp, "counter.vasm")]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(new Uint8Array(readFileSync(join(tmp, "counter.veldc")))).toEqual(counterBytes);
  });

  it("reads stdin for '-' and writes stdout for '-o -'; --strip drops debug info", () => {
    const r = run("veldas", ["-", "-o", "-"], counterText);
    expect(r.code).toBe(0);
    expect(new Uint8Array(r.stdout)).toEqual(counterBytes);
    expect(counterBytes[10]! & FLAG_HAS_DEBUG).toBe(FLAG_HAS_DEBUG);
    const stripped = run("veldas", ["-", "--strip"], counterText);
    expect(stripped.code).toBe(0);
    expect(stripped.stdout[10]! & FLAG_HAS_DEBUG).toBe(0);
  });

  it("reports assembly errors with position, source line and caret; exit 65", () => {
    const r = run(
      "veldas",
      ["-", "-o", join(tmp, "bad.veldc")],
      ".function main\n  FROB R0\n  HALT\n.end\n",
    );
    expect(r.code).toBe(65);
    expect(r.stderr).toBe(
      "<stdin>:2:3: error[A0301]: unknown instruction FROB\n  |\n2 |   FROB R0\n  |   ^\n",
    );
    expect(existsSync(join(tmp, "bad.veldc"))).toBe(false);
  });

  it("--no-verify warns loudly and writes an unverifiable module", () => {
    const text = ".function main\n  LOADI R0, 1\n.end\n";
    const refused = run("veldas", ["-", "-o", "-"], text);
    expect(refused.code).toBe(65);
    expect(refused.stderr).toContain("error[E_FALLTHROUGH]");
    const r = run("veldas", ["-", "-o", "-", "--no-verify"], text);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      "warning: --no-verify: the module is NOT verified; runtimes may reject it\n",
    );
    expect(r.stdout.length).toBeGreaterThan(24);
  });

  it("usage errors and unreadable files exit 2", () => {
    expect(run("veldas", []).code).toBe(2);
    const missing = run("veldas", [join(tmp, "nope.vasm")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: cannot read .*nope\.vasm/);
  });

  it("a byte that is not UTF-8 is an error at its line and column, never a silent U+FFFD", () => {
    const text = Buffer.from(counterText.replace(/"[^"]*"/, '"A\u0000da"'));
    const at = text.indexOf(0);
    text[at] = 0xff;
    const r = run("veldas", ["-", "-o", "-"], text);
    expect(r.code).toBe(65);
    expect(r.stdout.length).toBe(0);
    const line = text.subarray(0, at).toString().split("\n").length;
    const col = at - text.lastIndexOf(10, at);
    expect(r.stderr).toContain(
      `<stdin>:${line}:${col}: error[A0101]: invalid UTF-8: byte 0xff at byte offset ${at}\n`,
    );
  });
});

describe("velddis", () => {
  const file = join(tmp, "in.veldc");
  writeFileSync(file, counterBytes);

  it("prints canonical text on stdout; -o writes a file; '-' reads stdin", () => {
    const r = run("velddis", [file]);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe(disassemble(counterBytes));
    expect(run("velddis", [file, "-o", join(tmp, "out.vasm")]).code).toBe(0);
    expect(readFileSync(join(tmp, "out.vasm"), "utf8")).toBe(disassemble(counterBytes));
    expect(run("velddis", ["-"], counterBytes).stdout.toString()).toBe(disassemble(counterBytes));
  });

  it("velddis | veldas reproduces the file byte for byte", () => {
    const text = run("velddis", [file]).stdout;
    expect(new Uint8Array(run("veldas", ["-", "-o", "-"], text).stdout)).toEqual(counterBytes);
  });

  it("--annotate, --no-debug, --hex and --json", () => {
    const annotated = run("velddis", [file, "--annotate"]).stdout.toString();
    expect(annotated).toMatch(/GETUPVAL {3}R0, U0 +; \[0\] U0 = count/);
    const plain = run("velddis", [file, "--no-debug"]).stdout.toString();
    expect(plain).not.toContain(".source");
    expect(plain).not.toContain('"count"');
    expect(run("velddis", [file, "--hex"]).stdout.toString()).toMatch(/^; header\n000000: 89 56/);
    const json = JSON.parse(run("velddis", [file, "--json"]).stdout.toString());
    expect(json.debug.sourceFile).toBe("counter.vasm");
    expect(run("velddis", [file, "--hex", "--json"]).code).toBe(2);
  });

  it("malformed input: error[E_CODE] at 0xOFFSET, exit 65", () => {
    const r = run("velddis", ["-"], "not a module");
    expect(r.code).toBe(65);
    expect(r.stderr).toBe("error[E_MAGIC] at 0x0: not a .veldc file (bad magic)\n");
    const truncated = run("velddis", ["-"], counterBytes.subarray(0, 30));
    expect(truncated.code).toBe(65);
    expect(truncated.stderr).toMatch(/^error\[E_CHECKSUM\] at 0xc: /);
  });

  it("refuses an unverifiable module unless --no-verify", () => {
    const bad = assemble(".function main\n  LOADI R0, 1\n.end\n", "b", { noVerify: true }).bytes!;
    const r = run("velddis", ["-"], bad);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/^error\[E_FALLTHROUGH\] at 0x[1-9a-f][0-9a-f]*: /);
    const shown = run("velddis", ["-", "--no-verify"], bad);
    expect(shown.code).toBe(0);
    expect(shown.stdout.toString()).toContain("LOADI      R0, 1");
  });
});

describe("veldas → veld", () => {
  it("the assembled fib example runs on the veld CLI", () => {
    const out = join(tmp, "fib.veldc");
    expect(run("veldas", [join(EXAMPLES, "fib.vasm"), "-o", out]).code).toBe(0);
    const r = run("veld", [out]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout.toString()).toBe("6765\n");
  });
});
