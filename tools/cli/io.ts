// Process plumbing shared by every tool: exit codes (spec/cli.md §2), `-` for stdin/stdout,
// the one write path for stdout, stderr and output files, and the last-resort handler that
// turns an unexpected JS exception into exit 70 without a stack trace (unless
// --debug-internal). Arguments are parsed by args.ts.

import {
  lstatSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { paint } from "./colour.js";

export const EXIT_OK = 0;
export const EXIT_RUNTIME_ERROR = 1;
export const EXIT_USAGE = 2;
export const EXIT_INVALID_INPUT = 65;
export const EXIT_INTERNAL = 70;
/** sysexits' EX_IOERR: writing the output failed (a full disk, an I/O error). */
export const EXIT_IOERR = 74;

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
    throw new CliExit(EXIT_USAGE, `error: cannot read ${path}: ${reason(err)}`);
  }
}

/** "ENOSPC: no space left on device, write" → "no space left on device (ENOSPC)". */
export function reason(err: unknown): string {
  const message = (err as Error)?.message ?? String(err);
  const m = /^([A-Z0-9]+): ([^,]+)/.exec(message);
  return m ? `${m[2]} (${m[1]})` : message;
}

/** Ends the process after a failed write: one line on stderr, exit 74. */
function writeFailed(target: string, err: unknown): never {
  writeStderr(`error: cannot write ${target}: ${reason(err)}\n`);
  process.exit(EXIT_IOERR);
}

/**
 * Writes all of `data` to file descriptor `fd` with blocking writes. Touching
 * `process.stdout` builds a stream (and, for a pipe, loads `net`): ~6–9 ms, a third of
 * `veld`'s start-up budget, and a stream reports EPIPE as an unhandled 'error' event. An fd
 * another process left non-blocking (EAGAIN) is waited on. Returns the error that stopped it.
 */
function writeAll(fd: number, data: string | Uint8Array): NodeJS.ErrnoException | undefined {
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(fd, bytes, done);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EAGAIN") return err as NodeJS.ErrnoException;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
  return undefined;
}

/**
 * Writes to stdout. A reader that has gone (EPIPE, e.g. `veld f.veldc | head -1`) ends the
 * process quietly with exit 0, like a Unix filter; any other failure (`> /dev/full`) prints
 * one line and exits 74. Exits directly, so a write from inside a running program (println)
 * cannot be caught by it.
 */
export function writeStdout(data: string | Uint8Array): void {
  const err = writeAll(1, data);
  if (err === undefined) return;
  if (err.code === "EPIPE") process.exit(EXIT_OK);
  writeFailed("to stdout", err);
}

/** Writes to stderr. Failures are ignored: there is nowhere left to report them. */
export function writeStderr(text: string): void {
  writeAll(2, text);
}

/**
 * Writes to a file, or to stdout for `-` or no path. A file is written atomically: to a
 * temporary file in the same directory, then renamed over the target, so a failed write
 * (a full disk) never leaves a truncated file in place of a good one; a device or a pipe is
 * written to, a symbolic link followed. An output that is the `input` file itself (`veldc
 * build f.veld -o f.veld`) is refused, as gcc does: exit 2, nothing written.
 */
export function writeOutput(
  path: string | undefined,
  data: Uint8Array | string,
  input?: string,
): void {
  if (path === undefined || path === "-") {
    writeStdout(data);
    return;
  }
  if (input !== undefined && input !== "-" && sameFile(input, path)) {
    throw new CliExit(EXIT_USAGE, `error: the output ${path} is the input file; give another -o`);
  }
  // A rename would replace what the path names: a device or a pipe (`-o /dev/null`,
  // `-o /dev/stdout`, a FIFO) is written to instead, and a symbolic link is followed to the
  // file it points at (a dangling one: the file it names is created, as `cp` does).
  let stat;
  try {
    stat = statSync(path);
  } catch {
    stat = undefined; // no such file yet (or a dangling link): it is created
  }
  if (stat === undefined ? isSymbolicLink(path) : !stat.isFile()) {
    try {
      writeFileSync(path, data);
    } catch (err) {
      writeFailed(path, err);
    }
    return;
  }
  const target = stat ? realpathSync(path) : path;
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, data);
    renameSync(temp, target);
  } catch (err) {
    try {
      unlinkSync(temp);
    } catch {
      // never created, or already renamed
    }
    writeFailed(path, err);
  }
}

function isSymbolicLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Bytecode for stdout is refused when stdout is a terminal (exit 2), as `gzip` refuses it:
 * the caller asks only when no `-o` chose stdout.
 */
export function refuseBinaryOnTerminal(): void {
  if (process.stdout.isTTY)
    throw new CliExit(
      EXIT_USAGE,
      "error: refusing to write a binary module to a terminal; use -o FILE (or -o - to force)",
    );
}

/** A rejected module's line, as `veld` and `velddis` print it: `error[CODE] at 0x…: …`. */
export function rejectedLine(e: { code: string; offset?: number; message: string }): string {
  const at = e.offset === undefined ? "" : ` at 0x${e.offset.toString(16)}`;
  return `error[${e.code}]${at}: ${e.message}`;
}

function sameFile(a: string, b: string): boolean {
  try {
    const [x, y] = [statSync(a), statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false; // the output does not exist yet
  }
}

/** Runs a tool's main function and maps every outcome to an exit code. */
export async function runTool(main: () => Promise<number> | number): Promise<void> {
  let code: number;
  try {
    code = await main();
  } catch (err) {
    if (err instanceof CliExit) {
      const text = err.message.endsWith("\n") ? err.message : `${err.message}\n`;
      // Success with a message is --help or --version: stdout, as every Unix tool does.
      if (err.message) {
        if (err.exitCode === EXIT_OK) writeStdout(text);
        else writeStderr(paint(text));
      }
      code = err.exitCode;
    } else {
      writeStderr("internal error: this is a bug in the Veld toolchain; please report it\n");
      if (process.argv.includes("--debug-internal"))
        writeStderr(`${(err as Error)?.stack ?? err}\n`);
      code = EXIT_INTERNAL;
    }
  }
  process.exitCode = code;
}
