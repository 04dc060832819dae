// `veldc repl` on a real terminal: util-linux `script` gives it a pty, so readline runs in
// terminal mode — prompts, the continuation prompt, history recall with the Up arrow, and the
// history file.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const SCRIPT = "/usr/bin/script";

describe.skipIf(!existsSync(SCRIPT))("veldc repl on a terminal", () => {
  it("prompts, continues open constructs and recalls history", () => {
    const home = mkdtempSync(join(tmpdir(), "veld-tty-"));
    const up = "\x1b[A";
    const keys = [
      "var total = 0",
      "fn add(n)",
      "  total += n",
      "  total",
      "end",
      "add(5)",
      up, // recalls add(5)
      ":quit",
    ].join("\r");
    const command = `node --import tsx ${join(root, "tools/cli/veldc.ts")} repl`;
    const r = spawnSync(SCRIPT, ["-qec", command, "/dev/null"], {
      cwd: root,
      input: keys + "\r",
      encoding: "utf8",
      timeout: 30_000,
      env: { ...process.env, HOME: home, TERM: "xterm" },
    });
    // Drop cursor movement and line clearing, keep the text.
    const screen = r.stdout.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "").replace(/\r/g, "");
    expect(screen).toContain("Veld REPL");
    expect(screen).toContain("veld> ");
    expect(screen).toContain("  ... ");
    expect(screen).toMatch(/veld> 5\n/);
    expect(screen).toMatch(/veld> 10\n/);
    expect(r.status).toBe(0);
    const history = readFileSync(join(home, ".veld_history"), "utf8").split("\n");
    expect(history).toContain("add(5)");
    expect(history).toContain("fn add(n)");
  });
});
