// The Node front end of `veldc repl`: reads lines (node:readline, with history on a TTY),
// gathers multi-line input until the construct is complete, runs `:` commands and hands
// complete inputs to the ReplSession on its thread (thread.ts). On a pipe it reads the
// script silently (no prompts).

import { readFileSync, appendFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Worker } from "node:worker_threads";
import { startOwnWorker } from "../cli/own-worker.js";
import { EXIT_IOERR, EXIT_OK, reason, writeStderr } from "../cli/io.js";
import { isIncomplete } from "./session.js";
import {
  INTERRUPT,
  LENGTH,
  LINE,
  LINE_EOF,
  LINE_READY,
  MAX_LINE_BYTES,
  type FromThread,
  type ReplJob,
  type ToThread,
} from "./thread.js";

export const REPL_HELP = `Commands:
  :help             this help
  :dis <name>       show the bytecode of a session function
  :dis <expr>       show the bytecode of an expression (compiled as a function)
  :load <file>      run a .veld file in the session (its definitions stay)
  :reset            forget every definition
  :quit             leave (also Ctrl-D)
Input ends when every construct is closed (fn … end, if … end, brackets); a final
expression's value is shown. Definitions and variables persist between inputs; a new
definition replaces the old one. Ctrl-C stops a running input and keeps the session.
`;

const HISTORY_SIZE = 1000;

export interface TerminalOptions {
  readonly maxSteps?: number;
  readonly maxDepth?: number;
  /** History file for TTY sessions; default ~/.veld_history, "" to keep none. */
  readonly historyFile?: string;
}

/** Starts the session thread: `entry` (veldc's own file) hands it to runReplThread. */
function startThread(entry: string, job: ReplJob): Worker {
  return startOwnWorker(entry, { workerData: { veldRepl: job } });
}

export async function runRepl(entry: string, options: TerminalOptions = {}): Promise<number> {
  const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  // As every tool (io.ts): a reader that has gone away (`veldc repl | head -1`) ends the
  // session quietly with exit 0, any other failed write with one line and exit 74; a
  // stream's write error is otherwise an unhandled 'error' event and a Node stack trace.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(EXIT_OK);
    writeStderr(`error: cannot write to stdout: ${reason(err)}\n`);
    process.exit(EXIT_IOERR);
  });
  process.stderr.on("error", () => {});
  const historyFile = options.historyFile ?? (tty ? join(homedir(), ".veld_history") : "");
  const job: ReplJob = {
    maxSteps: options.maxSteps,
    maxDepth: options.maxDepth,
    control: new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT),
    line: new SharedArrayBuffer(MAX_LINE_BYTES),
  };
  const control = new Int32Array(job.control);
  let worker = startThread(entry, job);
  // What the terminal shows after the last newline: a prompt must not erase it.
  let partial = "";
  const write = (text: string) => {
    if (text === "") return;
    const nl = text.lastIndexOf("\n");
    partial = nl < 0 ? partial + text : text.slice(nl + 1);
    process.stdout.write(text);
  };
  const writeErr = (text: string) => {
    if (partial !== "" && tty) write("\n");
    process.stderr.write(text);
  };
  const rl = createInterface({
    input: process.stdin,
    output: tty ? process.stdout : undefined,
    terminal: tty,
    history: tty ? loadHistory(historyFile) : [],
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
  });
  const prompt = (continuing: boolean) => {
    if (!tty) return;
    if (partial !== "") write("\n");
    rl.setPrompt(continuing ? "  ... " : "veld> ");
    rl.prompt();
  };
  if (tty) write("Veld REPL — :help for commands, :quit or Ctrl-D to leave\n");

  let buffer = "";
  let bufferLines = 0;
  const queue: string[] = [];
  let busy = false;
  let wantsLine = false;
  let closed = false;
  let leaving = false;
  let scheduled = false;
  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (finish = resolve));

  const send = (m: ToThread) => {
    busy = true;
    Atomics.store(control, INTERRUPT, 0);
    worker.postMessage(m);
  };
  const giveLine = (line: string | undefined) => {
    wantsLine = false;
    if (line === undefined) Atomics.store(control, LINE, LINE_EOF);
    else {
      const bytes = new TextEncoder().encode(line).subarray(0, MAX_LINE_BYTES);
      new Uint8Array(job.line).set(bytes);
      Atomics.store(control, LENGTH, bytes.length);
      Atomics.store(control, LINE, LINE_READY);
    }
    partial = "";
    Atomics.notify(control, LINE);
  };
  const leave = () => {
    leaving = true;
    worker.unref();
    void worker.terminate();
    if (tty) process.stdout.write("\n");
    rl.close();
    // Nothing more is read: a terminal's stream must not keep the process alive.
    process.stdin.destroy();
    finish(0);
  };
  // Takes queued lines: a program's read_line first, then inputs and commands.
  const pump = () => {
    scheduled = false;
    if (leaving) return;
    if (wantsLine) {
      if (queue.length > 0) giveLine(queue.shift());
      else if (closed) giveLine(undefined);
      return;
    }
    if (busy) return;
    while (queue.length > 0 && !busy && !leaving) {
      if (buffer === "" && queue[0]!.trimStart().startsWith(":")) {
        const line = queue.shift()!.trim();
        if (tty && historyFile) saveHistory(historyFile, line);
        if (!command(line)) return leave();
        continue;
      }
      // On a terminal, lines that arrive together (a paste) are one input: a block of
      // mutually recursive functions is defined at once.
      const batch = queue.findIndex((l, i) => i > 0 && l.trimStart().startsWith(":"));
      const take = queue.splice(0, tty ? (batch < 0 ? queue.length : batch) : 1);
      for (const line of take) {
        buffer = buffer === "" ? line : `${buffer}\n${line}`;
        bufferLines++;
      }
      if (isIncomplete(buffer)) continue;
      const input = buffer;
      if (tty) remember(input, bufferLines);
      buffer = "";
      bufferLines = 0;
      send({ kind: "eval", text: input });
    }
    if (busy) return;
    if (closed) {
      // End of input inside an open construct: report what is missing.
      if (buffer.trim() !== "") {
        const input = buffer;
        buffer = "";
        return send({ kind: "eval", text: input });
      }
      return leave();
    }
    prompt(buffer !== "");
  };
  const schedule = () => {
    if (!scheduled) ((scheduled = true), setImmediate(pump));
  };
  // A multi-line input is one history entry (readline added its lines one by one).
  const remember = (input: string, lines: number) => {
    const history = (rl as unknown as { history: string[] }).history;
    if (lines > 1) {
      history.splice(0, Math.min(lines, history.length), input);
    }
    if (historyFile && input.trim() !== "") saveHistory(historyFile, input);
  };
  const command = (line: string): boolean => {
    const space = line.search(/\s/);
    const name = space < 0 ? line : line.slice(0, space);
    const arg = space < 0 ? "" : line.slice(space + 1).trim();
    switch (name) {
      case ":q":
      case ":quit":
      case ":exit":
        return false;
      case ":h":
      case ":help":
      case ":?":
        write(REPL_HELP);
        return true;
      case ":reset":
        send({ kind: "reset" });
        return true;
      case ":dis":
        if (arg === "") writeErr("usage: :dis <function or expression>\n");
        else send({ kind: "dis", arg });
        return true;
      case ":load":
        if (arg === "") writeErr("usage: :load <file.veld>\n");
        else send({ kind: "load", file: arg });
        return true;
      default:
        writeErr(`error: unknown command ${name} (try :help)\n`);
        return true;
    }
  };

  const onMessage = (m: FromThread) => {
    switch (m.kind) {
      case "out":
        return write(m.text);
      case "err":
        return writeErr(m.text);
      case "readLine":
        wantsLine = true;
        if (tty) {
          // The program's unterminated output (its own prompt) stays, as the line's prompt.
          rl.setPrompt(partial);
          process.stdout.write("\r");
          rl.prompt();
        }
        return schedule();
      case "done":
        busy = false;
        return schedule();
    }
  };
  const onError = (err: Error) => {
    process.stderr.write(`error: the session thread failed: ${err.message}\n`);
    leave();
  };
  const attach = (w: Worker) => w.on("message", onMessage).on("error", onError);
  attach(worker);
  /**
   * A second Ctrl-C while the input still runs (a native busy for long without reaching the
   * VM's interrupt poll): the session thread is replaced, and its definitions are lost.
   */
  const restart = () => {
    worker.removeAllListeners();
    void worker.terminate();
    worker = startThread(entry, job);
    attach(worker);
    busy = false;
    wantsLine = false;
    writeErr("error: the input did not stop; the session was restarted (definitions are lost)\n");
    schedule();
  };
  rl.on("line", (line) => {
    queue.push(line);
    schedule();
  });
  rl.on("close", () => {
    closed = true;
    schedule();
  });
  // Ctrl-C: stops a running input (its definitions so far stay), else drops a half-typed one.
  rl.on("SIGINT", () => {
    if (busy) {
      if (Atomics.load(control, INTERRUPT) === 1) return restart();
      Atomics.store(control, INTERRUPT, 1);
      if (wantsLine) giveLine(undefined);
      return;
    }
    buffer = "";
    bufferLines = 0;
    write("\n");
    prompt(false);
  });
  prompt(false);
  return finished;
}

function loadHistory(file: string): string[] {
  if (!file) return [];
  try {
    // readline wants the newest entry first.
    const entries = readFileSync(file, "utf8").split("\n").filter(Boolean);
    return entries.slice(-HISTORY_SIZE).reverse().map(unescapeEntry);
  } catch {
    return [];
  }
}

function saveHistory(file: string, line: string): void {
  try {
    appendFileSync(file, line.replace(/\\/g, "\\\\").replace(/\n/g, "\\n") + "\n");
  } catch {
    // A read-only home directory only costs the history.
  }
}

/** A history file line: a multi-line entry is one line, its newlines written `\n`. */
function unescapeEntry(line: string): string {
  return line.replace(/\\(\\|n)/g, (_, c: string) => (c === "n" ? "\n" : "\\"));
}
