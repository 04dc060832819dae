// The run worker: loads `.veldc` bytes with the portable runtime alone and runs them with a
// step budget, so a long program never blocks the page and an endless one ends with
// LimitExceeded. Output is posted in batches (at most every 50 ms) while the program runs.
// `std.io.read_line` asks the page for a typed line and waits for it in shared memory, or
// takes the lines of the page's Input box (protocol.ts RunRequest.input).

import { load, LoadError, type Program } from "../../../runtime/index.js";
import { FormatError } from "../../../format/errors.js";
import { LENGTH, READY, STATE, WAITING, type RunMessage, type RunRequest } from "./protocol.js";

const FLUSH_MS = 50;

interface WorkerScope {
  onmessage: ((event: { data: RunRequest }) => void) | null;
  postMessage(message: RunMessage): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = ({ data }) => {
  const start = performance.now();
  const done = (
    status: "ok" | "error" | "load-error" | "internal-error",
    steps = 0,
    report?: string,
  ) => scope.postMessage({ type: "done", status, report, steps, ms: performance.now() - start });

  let program: Program;
  try {
    program = load(data.bytes);
  } catch (e) {
    if (e instanceof FormatError || e instanceof LoadError) {
      const at = e.offset === undefined ? "" : ` at 0x${e.offset.toString(16)}`;
      return done("load-error", 0, `error[${e.code}]${at}: ${e.message}\n`);
    }
    return done("internal-error", 0, `internal error: ${String(e)}\n`);
  }

  let pending: { stream: "out" | "err"; text: string } | undefined;
  let lastFlush = performance.now();
  const flush = () => {
    if (pending) scope.postMessage({ type: "output", ...pending });
    pending = undefined;
    lastFlush = performance.now();
  };
  const write = (stream: "out" | "err", text: string) => {
    if (pending && pending.stream !== stream) flush();
    pending = pending ? { stream, text: pending.text + text } : { stream, text };
    if (performance.now() - lastFlush >= FLUSH_MS) flush();
  };

  const input = data.input;
  let next = 0;
  const readLine = (): string | undefined => {
    if (input.kind === "lines") return input.lines[next++];
    const control = new Int32Array(input.control);
    flush();
    Atomics.store(control, STATE, WAITING);
    scope.postMessage({ type: "read-line" });
    Atomics.wait(control, STATE, WAITING);
    // READY: a line; EOF: the user ended the input (or stopped the run).
    if (Atomics.load(control, STATE) !== READY) return undefined;
    const bytes = new Uint8Array(input.line).slice(0, Atomics.load(control, LENGTH));
    return new TextDecoder().decode(bytes);
  };

  try {
    const result = program.run(
      {
        write: (text) => write("out", text),
        writeErr: (text) => write("err", text),
        now: () => performance.timeOrigin + performance.now(),
        readLine,
      },
      [],
      { maxSteps: data.maxSteps },
    );
    flush();
    done(result.status, result.steps, result.error?.report());
  } catch (e) {
    flush();
    done("internal-error", 0, `internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  }
};
