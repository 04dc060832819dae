// The tools' one argument parser (tools/cli/args.ts) and the contract it gives every tool:
// every word after the program file belongs to the program (`veld f.veldc --b`, `veldc run
// f.veld a --flag -`), `-` is an ordinary word, unknown options and missing values are usage
// errors that name the option, `--version` and `--help` everywhere. Drives the real CLIs.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FORMAT_MAJOR, FORMAT_MINOR } from "../../format/module.js";
import { describe, expect, it } from "vitest";
import { parseCommand, type CommandSpec } from "../../tools/cli/args.js";
import { CliExit } from "../../tools/cli/io.js";

const dir = mkdtempSync(join(tmpdir(), "veld-args-"));
const src = join(dir, "args.veld");
writeFileSync(src, "println(std.env.args())\n");
const bytes = join(dir, "args.veldc");

function tool(name: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", `tools/cli/${name}.ts`, ...args], {
    encoding: "utf8",
    input: "",
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const TOOLS = ["veld", "veldc", "veldas", "velddis", "veld-conformance"];
const version = JSON.parse(readFileSync("package.json", "utf8")).version as string;

describe("program arguments", () => {
  it("builds the program", () => {
    expect(tool("veldc", "build", src, "-o", bytes).code).toBe(0);
  });
  it.each([
    ["veldc run", ["veldc", "run", src]],
    ["veldc run --interp", ["veldc", "run", "--interp", src]],
    ["veld", ["veld", bytes]],
    ["veldc run on bytecode", ["veldc", "run", bytes]],
  ])("%s: every word after the file goes to the program", (_, [name, ...pre]) => {
    expect(tool(name!, ...pre, "a", "--flag", "-", "--max-steps", "x y")).toEqual({
      code: 0,
      out: "[a, --flag, -, --max-steps, x y]\n",
      err: "",
    });
    // The older spelling with `--` right after the file is still accepted.
    expect(tool(name!, ...pre, "--", "--b", "q").out).toBe("[--b, q]\n");
    // A second `--` is the program's.
    expect(tool(name!, ...pre, "--", "--", "q").out).toBe("[--, q]\n");
    expect(tool(name!, ...pre).out).toBe("[]\n");
  });
  it("options for the tool come before the file", () => {
    const r = tool("veld", "--max-steps", "3", bytes, "a");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error\[LimitExceeded\]/);
  });
});

describe("usage errors name what is wrong, exit 2", () => {
  it.each([
    [["veld", "--max-steps"], /^error: option '--max-steps' needs a value \(--max-steps N\)\n/],
    [["veldc", "run", "--max-steps"], /^error: option '--max-steps' needs a value/],
    [["veldc", "run", src, "--max-steps"], null], // the program's word, not an option
    [["veld", "--max-steps", "--trace", bytes], /^error: option '--max-steps' needs a value/],
    [["veld", "--max-steps=ten", bytes], /^error: option '--max-steps' needs a number, got 'ten'/],
    [
      ["veld", "--max-step", "5", bytes],
      /^error: unknown option '--max-step' \(did you mean '--max-steps'\?\)/,
    ],
    [["velddis", "--frob", bytes], /^error: unknown option '--frob'\n/],
    [["veldas", "--strip=yes", "x.vasm"], /^error: option '--strip' takes no value/],
    [["velddis", bytes, "extra"], /^error: unexpected argument 'extra'/],
    [["velddis", "--hex", "--json", bytes], /^error: give at most one of/],
    [["veldc", "build"], /^error: missing FILE.veld\n/],
    [["veldc"], /^error: give a command/],
    [["veldc", "frobnicate"], /^error: unknown command 'frobnicate'\n/],
    [["veldc", "help", "frobnicate"], /^error: unknown command 'frobnicate'\n/],
    [["veldc", "help", "run", "x"], /^error: unexpected argument 'x'\n/],
    [
      ["veldc", src],
      /^error: unknown command '.*args\.veld'; to run the file: veldc run .*args\.veld\n/,
    ],
    [["veldc", "hello.veld"], /to run the file: veldc run hello\.veld/],
  ])("%j", ([name, ...args], message) => {
    const r = tool(name!, ...args);
    if (message === null) {
      expect(r).toEqual({ code: 0, out: "[--max-steps]\n", err: "" });
      return;
    }
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(new RegExp(`Try '${name}( \\w+)? --help'.\\n$`));
    // Quotes come in pairs (the old message of `veld` had a lone one).
    expect((r.err.match(/'/g) ?? []).length % 2).toBe(0);
  });
});

describe("--version and --help on every tool", () => {
  it.each(TOOLS)("%s --version", (name) => {
    expect(tool(name, "--version")).toEqual({
      code: 0,
      out: `${name} ${version} (bytecode format ${FORMAT_MAJOR}.${FORMAT_MINOR})\n`,
      err: "",
    });
  });
  it.each(TOOLS)("%s --help", (name) => {
    const r = tool(name, "--help");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^Usage: ${name} `));
    expect(r.out).toContain("--version");
    expect(r.err).toBe("");
  });
  it("veldc <command> --help", () => {
    for (const c of ["build", "run", "check", "dis", "repl"]) {
      expect(tool("veldc", c, "--help").out).toMatch(new RegExp(`^Usage: veldc ${c} `));
    }
  });
  it("veldc help [command], as git help: the same text as --help", () => {
    expect(tool("veldc", "help")).toEqual(tool("veldc", "--help"));
    expect(tool("veldc", "--help").out).toContain("'veldc help <command>'");
    for (const c of ["build", "run", "check", "dis", "repl"])
      expect(tool("veldc", "help", c)).toEqual({ ...tool("veldc", c, "--help"), code: 0 });
  });
});

describe("parseCommand", () => {
  const spec = {
    name: "t",
    synopsis: "[options] FILE [args…]",
    about: "test",
    positionals: ["FILE"],
    rest: true,
    options: {
      o: { type: "string", flags: ["-o", "--output"], describe: "out" },
      n: { type: "number", describe: "n" },
      verify: { type: "boolean", negatable: true, describe: "v" },
      filter: { type: "strings", describe: "f" },
    },
  } as const satisfies CommandSpec;
  it("reads every spelling", () => {
    const p = parseCommand(spec, [
      "-o",
      "-",
      "--n=3",
      "--no-verify",
      "--filter",
      "a",
      "--filter=b",
      "-",
      "x",
    ]);
    expect(p.values).toEqual({ o: "-", n: 3, verify: false, filter: ["a", "b"] });
    expect(p.positionals).toEqual({ FILE: "-" });
    expect(p.rest).toEqual(["x"]);
  });
  it("takes a word that starts with - as the file after --", () => {
    const p = parseCommand(spec, ["--", "-odd", "--n"]);
    expect(p.positionals).toEqual({ FILE: "-odd" });
    expect(p.rest).toEqual(["--n"]);
    expect(p.values.verify).toBe(true);
  });
  it("ends with exit 0 and the help text for --help", () => {
    try {
      parseCommand(spec, ["--help"]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CliExit);
      expect((e as CliExit).exitCode).toBe(0);
      expect((e as CliExit).message).toMatch(/^Usage: t \[options\] FILE/);
      expect((e as CliExit).message).toMatch(/--\[no-\]verify/);
    }
  });
});
