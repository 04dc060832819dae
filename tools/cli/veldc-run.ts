#!/usr/bin/env node
// The `veldc` bin: one self-contained CommonJS file (tsup.config.ts) that runs the common
// `veldc run FILE [args]` itself, with the compile cache and no ESM loader, so it starts like
// `veld` (bench/startup.ts). Every other command, and any `run` it does not handle (help,
// --interp, bytecode, a usage error), goes to the full CLI (veldc.ts, built beside it as
// veldc.js), which owns the usage errors; `--help` and `--version` are answered here from the
// same grammar.

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseCommand } from "./args.js";
import { compileForRun, isBytecode } from "./compile-file.js";
import { execute, type ExecuteOptions } from "./execute.js";
import { CliExit, readInput, runTool } from "./io.js";
import { COMMANDS, TOP } from "./veldc-commands.js";

export interface FastRun extends ExecuteOptions {
  file: string;
  args: string[];
  O0: boolean;
  cache: boolean;
  "source-name"?: string;
}

/**
 * The `run` this file handles itself, parsed by the full CLI's own grammar
 * (veldc-commands.ts), or undefined to hand `argv` to the full CLI: another command, `--help`,
 * `--interp`, or a usage error, which the full CLI reports.
 */
export function fastRun(argv: readonly string[]): FastRun | undefined {
  if (argv[0] !== "run") return undefined;
  let parsed;
  try {
    parsed = parseCommand(COMMANDS.run, argv.slice(1));
  } catch (e) {
    if (e instanceof CliExit) return undefined;
    throw e;
  }
  const { values: v, positionals, rest } = parsed;
  if (v.interp || v.link?.length) return undefined;
  return {
    ...v,
    file: positionals.FILE!,
    args: [...rest],
    O0: v.O0 === true,
    cache: v["no-cache"] !== true,
  };
}

/** Runs the full CLI (veldc.js, built beside this file) on the same arguments. */
async function handOver(): Promise<number> {
  await import(pathToFileURL(join(__dirname, "veldc.js")).href);
  return process.exitCode === undefined ? 0 : Number(process.exitCode);
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  // `--help` and `--version` (and a bad option there) end here, with the full CLI's own text.
  if (argv[0]?.startsWith("-")) parseCommand(TOP, argv);
  const run = fastRun(argv);
  if (run === undefined) return handOver();
  const input = readInput(run.file);
  // Bytecode (recognised by its magic) and everything else the full CLI does differently.
  if (isBytecode(input)) return handOver();
  const program = await compileForRun(run.file, run, input);
  return execute(program, run);
}

// Not awaited: a CommonJS file has no top-level await; runTool sets process.exitCode.
if (typeof require !== "undefined" && require.main === module) void runTool(main);
