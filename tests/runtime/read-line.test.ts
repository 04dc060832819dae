// std.io.read_line on the `veld` command's standard input (spec/library.md §2.1): "\n" and
// "\r\n" end a line, a final line ending starts no extra line, end of input is None.
// Conformance vectors always run with empty stdin, so this is where line endings are pinned.
// Lines are read as they arrive (a prompt is answered before the input ends) and the whole
// input in linear time.

import { spawn, spawnSync } from "node:child_process";
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

const GREET = `while true do
  print("name? ")
  let line = std.io.read_line()
  if line == Option.None or line == Option.Some("quit") then break end
  println("hello, " + line.unwrap())
end
println("bye")
`;
const greet = join(dir, "greet.veld");
writeFileSync(greet, GREET);
const greetBytes = join(dir, "greet.veldc");
writeFileSync(greetBytes, compileSource(GREET).bytes!);

/**
 * Talks to a running program as a person would: waits for the prompt, types one line, waits
 * for the reply before typing the next. A host that read stdin to its end before returning
 * the first line would never answer, and the test would time out.
 */
async function converse(args: string[]): Promise<{ transcript: string; status: number | null }> {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  let out = "";
  let waiter: (() => void) | undefined;
  let wanted = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (d: string) => {
    out += d;
    if (waiter && out.endsWith(wanted)) waiter();
  });
  const expectOutput = (text: string) =>
    new Promise<void>((resolve) => {
      wanted = text;
      waiter = resolve;
      if (out.endsWith(text)) resolve();
    });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  await expectOutput("name? ");
  child.stdin.write("ann\r\n");
  await expectOutput("hello, ann\nname? ");
  child.stdin.write("bob\n");
  await expectOutput("hello, bob\nname? ");
  child.stdin.write("qu");
  child.stdin.write("it\n");
  const status = await exited;
  child.stdin.end();
  return { transcript: out, status };
}

describe("read_line interactively", () => {
  const transcript = "name? hello, ann\nname? hello, bob\nname? bye\n";
  it.each([
    ["veld", ["tools/cli/veld.ts", greetBytes]],
    ["veldc run", ["tools/cli/veldc.ts", "run", greet]],
    ["veldc run --interp", ["tools/cli/veldc.ts", "run", "--interp", greet]],
  ])(
    "%s answers each line before the next is written",
    async (_, args) => {
      expect(await converse(args)).toEqual({ transcript, status: 0 });
    },
    60_000,
  );
});

describe("read_line on a large input", () => {
  it("reads 200,000 lines (a linear reader; the quadratic one took 16 s)", () => {
    const count = join(dir, "count.veldc");
    writeFileSync(
      count,
      compileSource(
        'var n = 0\nvar chars = 0\nvar last = ""\nwhile true do\n  let l = std.io.read_line()\n' +
          "  if l == Option.None then break end\n  n += 1\n  last = l.unwrap()\n  chars += last.len()\nend\n" +
          "println(n)\nprintln(chars)\nprintln(last)\n",
      ).bytes!,
    );
    const lines = Array.from({ length: 200_000 }, (_, i) => `line ${i}`);
    const r = spawnSync(process.execPath, ["--import", "tsx", "tools/cli/veld.ts", count], {
      encoding: "utf8",
      input: lines.join("\r\n") + "\n",
      maxBuffer: 1 << 24,
    });
    expect(r.stderr).toBe("");
    const chars = lines.reduce((sum, l) => sum + l.length, 0);
    expect(r.stdout).toBe(`200000\n${chars}\nline 199999\n`);
  }, 120_000);
});
