// Shared plumbing for the command-line tools: exit codes (decisions.md §4), `-` for
// stdin/stdout, yargs set up so usage errors exit 2, and the last-resort handler that turns
// an unexpected JS exception into exit 70 without a stack trace (unless --debug-internal).

import { readFileSync, writeFileSync } from "node:fs";
import yargs, { type Argv } from "yargs";
import { hideBin } from "yargs/helpers";

export const EXIT_OK = 0;
export const EXIT_RUNTIME_ERROR = 1;
export const EXIT_USAGE = 2;
export const EXIT_INVALID_INPUT = 65;
export const EXIT_INTERNAL = 70;

/** Raised by a tool to stop with a message on stderr and an exit code. */
export class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    message = "",
  ) {
    super(message);
  }
}

/** Reads a file, or stdin for `-`. A missing file is a usage error (exit 2). */
export function readInput(path: string): Uint8Array {
  try {
    return readFileSync(path === "-" ? 0 : path);
  } catch (err) {
    throw new CliExit(EXIT_USAGE, `error: cannot read ${path}: ${(err as Error).message}`);
  }
}

export function readText(path: string): string {
  return new TextDecoder().decode(readInput(path));
}

/** Writes to a file, or to stdout for `-` or no path. */
export function writeOutput(path: string | undefined, data: Uint8Array | string): void {
  if (path === undefined || path === "-") {
    process.stdout.write(data);
    return;
  }
  try {
    writeFileSync(path, data);
  } catch (err) {
    throw new CliExit(EXIT_USAGE, `error: cannot write ${path}: ${(err as Error).message}`);
  }
}

/**
 * yargs-parser turns a lone `-` positional into "" (and rejects it under strict mode), so `-`
 * is swapped for a placeholder before parsing and swapped back by a middleware.
 */
const STDIO_PLACEHOLDER = "\u0000-";

/** A yargs parser with the project's conventions: strict, exit 2 on usage errors. */
export function cli(name: string, argv = hideBin(process.argv)): Argv {
  return yargs(argv.map((arg) => (arg === "-" ? STDIO_PLACEHOLDER : arg)))
    .middleware((parsed) => {
      for (const key of Object.keys(parsed)) {
        if (parsed[key] === STDIO_PLACEHOLDER) parsed[key] = "-";
      }
    }, true)
    .scriptName(name)
    .strict()
    .help()
    .alias("h", "help")
    .version(false)
    .option("debug-internal", {
      type: "boolean",
      describe: "show JS stack traces of internal errors",
      hidden: true,
    })
    .parserConfiguration({ "halt-at-non-option": false, "short-option-groups": false })
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`error: ${msg}\nTry '${name} --help'.\n`);
      process.exit(EXIT_USAGE);
    });
}

/** Runs a tool's main function and maps every outcome to an exit code. */
export async function runTool(main: () => Promise<number> | number): Promise<void> {
  let code: number;
  try {
    code = await main();
  } catch (err) {
    if (err instanceof CliExit) {
      if (err.message)
        process.stderr.write(err.message.endsWith("\n") ? err.message : `${err.message}\n`);
      code = err.exitCode;
    } else {
      process.stderr.write(
        "internal error: this is a bug in the Veld toolchain; please report it\n",
      );
      if (process.argv.includes("--debug-internal"))
        process.stderr.write(`${(err as Error)?.stack ?? err}\n`);
      code = EXIT_INTERNAL;
    }
  }
  process.exitCode = code;
}
