// `veldc repl` driven through stdin (non-TTY mode: no prompts, lines read until EOF or
// :quit): multi-line input, commands, :load, runtime errors that don't end the session.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

function repl(input: string, cwd = root) {
  const r = spawnSync(
    process.execPath,
    ["--import", import.meta.resolve("tsx"), join(root, "tools/cli/veldc.ts"), "repl"],
    { cwd, input, encoding: "utf8", timeout: 30_000 },
  );
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe("veldc repl", () => {
  it("starts from source whatever the current directory", () => {
    const r = repl("1 + 2", mkdtempSync(join(tmpdir(), "veld-repl-cwd-")));
    expect(r).toEqual({ stdout: "3\n", stderr: "", status: 0 });
  });

  it("runs a scripted session", () => {
    const r = repl(
      [
        "var total = 0",
        "fn add(n)",
        "  total += n",
        "  total",
        "end",
        "add(5)",
        "add(",
        "  10",
        ")",
        "1 / 0",
        'println~("total is {total}")',
        "total",
      ].join("\n"),
    );
    expect(r.stdout).toBe("5\n15\ntotal is 15\n15\n");
    expect(r.stderr).toBe("error[DivisionByZero]: division by zero\n  at <main> (<repl:5>:1:1)\n");
    expect(r.status).toBe(0);
  });

  it("has :help, :dis, :load, :reset and :quit", () => {
    const dir = mkdtempSync(join(tmpdir(), "veld-repl-"));
    const file = join(dir, "lib.veld");
    writeFileSync(file, 'fn greet(who) => "hi " + who\nprintln("loaded")\n');
    const r = repl(
      [
        ":help",
        `:load ${file}`,
        'greet("you")',
        `:load ${file}`,
        'greet("again")',
        ":dis 1 + 2",
        ":reset",
        "greet",
        ":quit",
        "99",
      ].join("\n"),
    );
    expect(r.stdout).toContain(":dis <expr>");
    // Loading a file twice replaces its definitions.
    expect(r.stdout).toContain('loaded\n"hi you"\nloaded\n"hi again"\n');
    expect(r.stderr).not.toContain("E0314");
    expect(r.stdout).toMatch(/\.function F\d+ "__expr"/);
    expect(r.stdout).toContain("session cleared\n");
    // After :reset greet is gone; after :quit nothing more runs.
    expect(r.stderr).toContain("error[E0301]: cannot find `greet`");
    expect(r.stdout).not.toContain("99");
    expect(r.status).toBe(0);
  });

  it("reports unknown commands, unreadable files and an input cut off by EOF", () => {
    const r = repl(":frobnicate\n:load /nonexistent/x.veld\nfn open() do\n  1\n");
    expect(r.stderr).toContain("unknown command :frobnicate");
    expect(r.stderr).toContain("cannot read /nonexistent/x.veld");
    expect(r.stderr).toContain("error[E0202]: missing `end` for this `fn`");
    expect(r.status).toBe(0);
  });

  it(":load of a file that is not UTF-8 (a .veldc) is one E0112 diagnostic, and the session goes on", () => {
    const dir = mkdtempSync(join(tmpdir(), "veld-repl-load-"));
    writeFileSync(join(dir, "app.veldc"), Buffer.from([0x89, 0x56, 0x45, 0x4c, 0x0a, 0x01]));
    const r = repl(":load app.veldc\n1 + 1\n", dir);
    expect(r.stderr).toMatch(/^app\.veldc:1:1: error\[E0112\]: invalid UTF-8: byte 0x89 /);
    expect(r.stderr.match(/error\[/g)).toHaveLength(1);
    expect(r.stdout).toBe("2\n");
  });

  it("runs the examples through :load with the same output as veldc run", () => {
    const r = repl(":load examples/hello.veld\n");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(readFileSync(join(root, "examples/hello.out"), "utf8"));
  });
});
