// std.io.read_line on the `veld` command's standard input (spec/library.md §2.1): "\n" and
// "\r\n" end a line, a final line ending starts no extra line, end of input is None.
// Conformance vectors always run with empty stdin, so this is where line endings are pinned.

import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/index.js";

const dir = mkdtempSync(join(tmpdir(), "veld-read-line-"));
const program = join(dir, "lines.veldc");
writeFileSync(
  program,
  compileSource("for i in 0..5 do\n  println(std.io.read_line())\nend\n").bytes!,
);

function run(input: string): string[] {
  const r = spawnSync(process.execPath, ["--import", "tsx", "tools/cli/veld.ts", program], {
    encoding: "utf8",
    input,
  });
  expect(r.status).toBe(0);
  return r.stdout.split("\n").slice(0, 5);
}

const NONE = "Option.None";

describe("std.io.read_line", () => {
  it("strips \\n and \\r\\n and returns a last line without an ending", () => {
    expect(run("a\r\nb\n\nc")).toEqual([
      "Option.Some(a)",
      "Option.Some(b)",
      "Option.Some()",
      "Option.Some(c)",
      NONE,
    ]);
  });

  it("starts no extra line after a final line ending, and keeps a lone \\r", () => {
    expect(run("x\r\ny\r\n")).toEqual(["Option.Some(x)", "Option.Some(y)", NONE, NONE, NONE]);
    expect(run("p\rq\n")[0]).toBe("Option.Some(p\rq)");
  });

  it("returns None at once on empty input", () => {
    expect(run("")).toEqual([NONE, NONE, NONE, NONE, NONE]);
  });
});
