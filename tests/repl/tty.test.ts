// `veldc repl` on a real terminal: tests/helpers/pty-drive.py gives it a pseudo-terminal
// (python3's pty module), so readline runs in terminal mode — prompts, the continuation
// prompt, history, Ctrl-C — and each step waits for what the terminal shows.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const PYTHON = "/usr/bin/python3";
const DRIVER = join(root, "tests/helpers/pty-drive.py");

type Step = { send: string } | { wait: string };
const PROMPT = { wait: "veld> " };

/** Runs the REPL on a pty through `steps`; returns the screen text (escapes dropped). */
function drive(steps: Step[], home = mkdtempSync(join(tmpdir(), "veld-tty-"))) {
  const r = spawnSync(
    PYTHON,
    [DRIVER, JSON.stringify(steps), "node", "--import", "tsx", "tools/cli/veldc.ts", "repl"],
    {
      cwd: root,
      encoding: "utf8",
      timeout: 120_000,
      env: { ...process.env, HOME: home, TERM: "xterm", NO_COLOR: "1" },
    },
  );
  const screen = r.stdout.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");
  return { screen, status: r.status, home };
}

/** Typing a line and waiting for the next prompt. */
const line = (text: string, wait = "veld> ") => [{ send: text + "\r" }, { wait }];

describe.skipIf(!existsSync(PYTHON))("veldc repl on a terminal", () => {
  it("prompts, continues open constructs and keeps a multi-line input as one history entry", () => {
    const { screen, status, home } = drive([
      PROMPT,
      ...line("var total = 0"),
      ...line("fn add(n)", "\\.\\.\\. "),
      ...line("  total += n", "\\.\\.\\. "),
      ...line("  total", "\\.\\.\\. "),
      ...line("end"),
      ...line("add(5)"),
      { send: "\x1b[A" }, // recalls add(5)
      { wait: "add\\(5\\)" },
      ...line(""),
      ...line(":quit", "$"),
    ]);
    expect(screen).toContain("Veld REPL");
    expect(screen).toContain("  ... ");
    expect(screen).toMatch(/add\(5\)\n5\n/);
    expect(screen).toMatch(/\n10\n/);
    expect(status).toBe(0);
    const history = readFileSync(join(home, ".veld_history"), "utf8").split("\n");
    expect(history).toContain("add(5)");
    expect(history).toContain("fn add(n)\\n  total += n\\n  total\\nend");
    expect(history).not.toContain("  total += n");
  });

  it("Ctrl-C stops `while true do end` and keeps the session's definitions", () => {
    const { screen, status } = drive([
      PROMPT,
      ...line("let keep = 41"),
      { send: "while true do end\r" },
      { wait: "while true do end\n" },
      { send: "\x03" },
      { wait: "interrupted[\\s\\S]*veld> " },
      ...line("keep + 1"),
      ...line(":quit", "$"),
    ]);
    expect(screen).toContain("error[LimitExceeded]: interrupted");
    expect(screen).toMatch(/\n42\n/);
    expect(status).toBe(0);
  });

  it("runs an interactive program (ask a name, greet, loop until quit)", () => {
    const program =
      'fn chat()\n  while true do\n    print("name? ")\n    let name = std.io.read_line().unwrap_or("quit")\n' +
      '    if name == "quit" then return end\n    println("hello, " + name)\n  end\nend';
    const { screen, status } = drive([
      PROMPT,
      { send: program.replace(/\n/g, "\r") + "\r" },
      PROMPT,
      ...line("chat()", "name\\? "),
      ...line("Ada", "name\\? "),
      ...line("Bob", "name\\? "),
      ...line("quit"),
      ...line('print("abc")'),
      ...line(":quit", "$"),
    ]);
    expect(screen).toContain("hello, Ada\n");
    expect(screen).toContain("hello, Bob\n");
    // The program's prompt is not erased by the line editor; output without a newline is
    // not erased by the next prompt.
    expect(screen).toMatch(/name\? Ada\n/);
    expect(screen).toMatch(/abc\nveld> /);
    expect(status).toBe(0);
  });

  it("takes a pasted block of mutually recursive functions as one input", () => {
    const paste =
      "fn is_even(n) => if n == 0 then true else is_odd(n - 1) end\r" +
      "fn is_odd(n) => if n == 0 then false else is_even(n - 1) end\r";
    const { screen } = drive([
      PROMPT,
      { send: paste },
      PROMPT,
      ...line("is_even(10)"),
      ...line(":quit", "$"),
    ]);
    expect(screen).not.toContain("E0301");
    expect(screen).toMatch(/\ntrue\n/);
  });
});
