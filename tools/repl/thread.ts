// The thread side of `veldc repl`: the ReplSession runs on a worker thread so the terminal
// (tools/repl/terminal.ts) stays responsive while an input runs. Ctrl-C sets a flag in shared
// memory that the VM polls (RunOptions.interrupt): the input stops, the session and its
// definitions stay. A program's `read_line` asks the terminal for a line and waits for it on
// the same shared memory. The worker runs veldc's own entry file, which checks isReplThread().

import { readFileSync } from "node:fs";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { decodeSource, renderDiagnostics } from "../../language/index.js";
import { reason } from "../cli/io.js";
import { ReplSession } from "./session.js";

export interface ReplJob {
  readonly maxSteps?: number;
  readonly maxDepth?: number;
  /** Int32Array view: [INTERRUPT] flag, [LINE] state, [LENGTH] bytes of the line. */
  readonly control: SharedArrayBuffer;
  /** The line handed over for `read_line`, UTF-8. */
  readonly line: SharedArrayBuffer;
}

/** Control words. */
export const INTERRUPT = 0;
export const LINE = 1;
export const LENGTH = 2;
/** LINE states: waiting for the terminal, a line is ready, end of input. */
export const LINE_WAIT = 0;
export const LINE_READY = 1;
export const LINE_EOF = 2;
/** The longest line handed to `read_line` (longer lines are cut). */
export const MAX_LINE_BYTES = 1 << 20;

export type ToThread =
  | { kind: "eval"; text: string; name?: string }
  | { kind: "load"; file: string }
  | { kind: "dis"; arg: string }
  | { kind: "reset" };

export type FromThread =
  | { kind: "out"; text: string }
  | { kind: "err"; text: string }
  | { kind: "readLine" }
  | { kind: "done" };

export function isReplThread(): boolean {
  return !isMainThread && (workerData as { veldRepl?: ReplJob } | null)?.veldRepl !== undefined;
}

/** Output is sent in batches, at least every FLUSH_MS while an input prints. */
const FLUSH_MS = 30;
const FLUSH_CHARS = 1 << 16;

export function runReplThread(): number {
  const job = (workerData as { veldRepl: ReplJob }).veldRepl;
  const control = new Int32Array(job.control);
  const lineBytes = new Uint8Array(job.line);
  const post = (m: FromThread) => parentPort!.postMessage(m);
  let pending = "";
  let stream: "out" | "err" = "out";
  let last = Date.now();
  const flush = () => {
    if (pending !== "") post({ kind: stream, text: pending });
    pending = "";
    last = Date.now();
  };
  const emit = (kind: "out" | "err", text: string) => {
    if (kind !== stream) flush();
    stream = kind;
    pending += text;
    if (pending.length > FLUSH_CHARS || Date.now() - last > FLUSH_MS) flush();
  };
  const session = new ReplSession(
    { write: (t) => emit("out", t), writeErr: (t) => emit("err", t) },
    {
      maxSteps: job.maxSteps,
      maxDepth: job.maxDepth,
      interrupt: () => Atomics.load(control, INTERRUPT) === 1,
      readLine: () => {
        if (Atomics.load(control, INTERRUPT) === 1) return undefined;
        flush();
        Atomics.store(control, LINE, LINE_WAIT);
        post({ kind: "readLine" });
        Atomics.wait(control, LINE, LINE_WAIT);
        if (Atomics.load(control, LINE) === LINE_EOF) return undefined;
        const n = Atomics.load(control, LENGTH);
        return new TextDecoder().decode(lineBytes.slice(0, n));
      },
    },
  );
  // The terminal clears INTERRUPT before it sends a message, so a Ctrl-C that comes before
  // the thread starts the input still stops it.
  parentPort!.on("message", (m: ToThread) => {
    try {
      handle(m);
    } catch (err) {
      // A bug of the toolchain, never expected from any input: report it, keep the session.
      emit("err", `internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    flush();
    post({ kind: "done" });
  });
  const handle = (m: ToThread): void => {
    switch (m.kind) {
      case "eval":
        session.eval(m.text, m.name);
        break;
      case "load": {
        let bytes: Uint8Array | undefined;
        try {
          bytes = readFileSync(m.file);
        } catch (err) {
          emit("err", `error: cannot read ${m.file}: ${reason(err)}\n`);
        }
        if (bytes === undefined) break;
        // As `veldc run` reads a file: too large or not UTF-8 is one diagnostic (a `.veldc`
        // given by mistake is not a page of "unexpected character" errors).
        const { source, diagnostics } = decodeSource(bytes);
        if (diagnostics.length > 0) {
          emit("err", renderDiagnostics(diagnostics, source, m.file) + "\n");
        } else session.eval(source, m.file);
        break;
      }
      case "dis": {
        const listing = session.disassemble(m.arg);
        if (listing !== undefined) emit("out", listing);
        break;
      }
      case "reset":
        session.reset();
        emit("out", "session cleared\n");
        break;
    }
  };
  return 0;
}
