// Process plumbing shared by every tool: exit codes (spec/cli.md §2), `-` for stdin/stdout,
// and the last-resort handler that turns an unexpected JS exception into exit 70 without a
// stack trace (unless --debug-internal). No argument parser here: `veld` keeps its start-up
// light, the other tools add yargs through common.ts.

import { readFileSync, writeFileSync, writeSync } from "node:fs";

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

/**
 * Writes to stdout with blocking writes on file descriptor 1. Touching `process.stdout`
 * builds a stream (and, for a pipe, loads `net`): ~6–9 ms, a third of `veld`'s start-up
 * budget. An fd another process left non-blocking (EAGAIN) is waited on; a reader that has
 * gone (EPIPE, e.g. `veld f.veldc | head`) ends the process quietly, like a Unix filter.
 */
export function writeStdout(text: string): void {
  const bytes = Buffer.from(text);
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(1, bytes, done);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EPIPE") process.exit(process.exitCode ?? EXIT_OK);
      if (code !== "EAGAIN") throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
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
