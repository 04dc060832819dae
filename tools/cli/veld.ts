#!/usr/bin/env node
// `veld F.veldc [args…]`: the runtime alone (spec/cli.md) — load, verify, link and run a
// `.veldc` file; imports no compiler code. Exit 0 ok, 1 uncaught Veld error, 2 usage,
// 65 unloadable file, 70 internal error. Start-up time is part of this tool's contract
// (≤ 90 ms for hello world): it loads only the runtime, the format and the tools' own
// dependency-free argument parser.

import { parseCommand, type CommandSpec } from "./args.js";
import { readInput, runTool } from "./io.js";
import { execute, loadBytecode, RUN_OPTIONS } from "./execute.js";

const VELD = {
  name: "veld",
  synopsis: "[options] FILE.veldc [args…]",
  about:
    "Run a compiled Veld module ('-' reads stdin). Every word after the file is an argument\n" +
    "for the program (std.env.args), options included; options for veld come before the file.",
  options: {
    ...RUN_OPTIONS,
    lib: {
      type: "strings",
      value: "LIB.veldc",
      describe: "a precompiled library the program may import (repeatable; spec/semantics.md §9.4)",
    },
  },
  positionals: ["FILE.veldc"],
  rest: true,
} satisfies CommandSpec;

// Not awaited: the bin is built as one CommonJS file (tsup.config.ts), which has no top-level
// await; runTool catches everything and only sets process.exitCode.
void runTool(() => {
  const { values, positionals, rest } = parseCommand(VELD, process.argv.slice(2));
  const libraries = (values.lib ?? []).map((file) => ({ file, bytes: readInput(file) }));
  const program = loadBytecode(readInput(positionals["FILE.veldc"]!), libraries);
  const { lib: _, ...options } = values;
  return execute(program, { ...options, args: rest });
});
