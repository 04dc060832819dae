#!/usr/bin/env node
// `veld F.veldc [args…]`: the runtime alone (decisions.md §4) — load, verify, link and run a
// `.veldc` file; imports no compiler code. Exit 0 ok, 1 uncaught Veld error, 2 usage,
// 65 unloadable file, 70 internal error.

import { FormatError } from "../../format/errors.js";
import { load, LoadError } from "../../runtime/index.js";
import { cli, CliExit, EXIT_INVALID_INPUT, readInput, runTool } from "./common.js";
import { execute, runOptions } from "./execute.js";

await runTool(async () => {
  const argv = await runOptions(cli("veld"))
    .usage("$0 <file.veldc> [args..]\n\nRun a compiled Veld module ('-' reads stdin).")
    .command("$0 <file> [args..]", false)
    .positional("file", { type: "string", describe: ".veldc file or - for stdin" })
    .positional("args", { type: "string", array: true, describe: "program arguments" })
    .parseAsync();
  const file = argv.file as string;
  const bytes = readInput(file);
  let program;
  try {
    program = load(bytes);
  } catch (e) {
    if (e instanceof FormatError || e instanceof LoadError) {
      const at = e.offset === undefined ? "" : ` at 0x${e.offset.toString(16)}`;
      throw new CliExit(EXIT_INVALID_INPUT, `error[${e.code}]${at}: ${e.message}`);
    }
    throw e;
  }
  return execute(program, { ...argv, args: (argv.args as string[] | undefined) ?? [] });
});
