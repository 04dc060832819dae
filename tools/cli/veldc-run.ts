#!/usr/bin/env node
// The `veldc` bin: one self-contained CommonJS file (tsup.config.ts) that runs the common
// `veldc run FILE [args]` itself, with the compile cache, node:util argument parsing and no
// ESM loader, so it starts like `veld` (bench/startup.ts). Every other command, and any `run`
// whose arguments it does not fully recognise (help, --interp, an unknown or malformed
// option), is handed to the full yargs CLI (veldc.ts, built beside it as veldc.js), which owns
// the usage text and the usage errors.

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { compileCached } from "./compile-cache.js";
import { compileFile } from "./compile-file.js";
import { execute, type ExecuteOptions } from "./execute.js";
import { readInput, runTool } from "./io.js";

export interface FastRun extends ExecuteOptions {
  file: string;
  args: string[];
  O0: boolean;
  cache: boolean;
}

/** The `run` this file handles itself, or undefined to hand `argv` to the full CLI. */
export function fastRun(argv: readonly string[]): FastRun | undefined {
  if (argv[0] !== "run") return undefined;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(1),
      allowPositionals: true,
      strict: true,
      options: {
        "max-steps": { type: "string" },
        "max-depth": { type: "string" },
        "max-memory": { type: "string" },
        trace: { type: "boolean" },
        stats: { type: "boolean" },
        O0: { type: "boolean" },
        "no-cache": { type: "boolean" },
      },
    });
  } catch {
    return undefined;
  }
  const { values, positionals } = parsed;
  const [file, ...args] = positionals;
  if (file === undefined) return undefined;
  const count = (text: string | undefined) => {
    if (text === undefined) return undefined;
    return /^[1-9][0-9]*$/.test(text) ? Number(text) : NaN;
  };
  const limits = {
    "max-steps": count(values["max-steps"]),
    "max-depth": count(values["max-depth"]),
    "max-memory": count(values["max-memory"]),
  };
  if (Object.values(limits).some((n) => Number.isNaN(n))) return undefined;
  return {
    file,
    args,
    O0: values.O0 === true,
    cache: values["no-cache"] !== true,
    trace: values.trace,
    stats: values.stats,
    ...limits,
  };
}

async function main(): Promise<number> {
  const run = fastRun(process.argv.slice(2));
  if (run === undefined) {
    await import(pathToFileURL(join(__dirname, "veldc.js")).href);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  }
  const fileName = run.file === "-" ? "<stdin>" : run.file;
  const program = await compileCached(
    readInput(run.file),
    { fileName, O0: run.O0, cache: run.cache },
    async (bytes) => {
      const r = await compileFile(run.file, run, bytes);
      return { module: r.module!, bytes: r.bytes! };
    },
  );
  return execute(program, run);
}

// Not awaited: a CommonJS file has no top-level await; runTool sets process.exitCode.
if (typeof require !== "undefined" && require.main === module) void runTool(main);
