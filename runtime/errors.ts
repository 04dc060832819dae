// Errors of the runtime (spec/semantics.md §Errors): the internal Trap that unwinds Veld
// frames, the public VeldError an uncaught error becomes, LoadError for link failures, and
// InternalError for bugs of the runtime itself (never expected).

import type { RuntimeErrorKind } from "../format/opcodes.js";
import { VError, type Value } from "./values.js";

/** One frame of a Veld stack trace. */
export interface TraceFrame {
  readonly function: string;
  /** Source position from the DEBUG section; absent when the module is stripped. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly pc: number;
  /** How many more identical frames follow this one (a recursion), folded into it. */
  readonly repeat?: number;
  /** How many frames were left out after this one (and its repeats) to keep the trace short. */
  readonly skipped?: number;
}

/** Runs of frames kept from the innermost end and from the outermost end of a trace. */
const TRACE_INNER = 40;
const TRACE_OUTER = 10;

const sameFrame = (a: TraceFrame, b: TraceFrame) =>
  a.function === b.function &&
  a.pc === b.pc &&
  a.line === b.line &&
  a.column === b.column &&
  a.file === b.file;

/**
 * A trace of `count` frames (`frameAt(0)` the innermost), at most 50 runs long: consecutive
 * identical frames (a recursion) fold into one with a `repeat` count, the innermost 40 runs
 * and the outermost 10 (down to `<main>`) are kept, and the runs between are counted in the
 * `skipped` of the last inner run. Time linear in `count`, memory constant.
 */
export function foldTrace(count: number, frameAt: (i: number) => TraceFrame): TraceFrame[] {
  const inner: TraceFrame[] = [];
  const outer: TraceFrame[] = [];
  let skipped = 0;
  let run: TraceFrame | undefined;
  let repeat = 0;
  const close = () => {
    if (run === undefined) return;
    const f = repeat > 0 ? { ...run, repeat } : run;
    if (inner.length < TRACE_INNER) inner.push(f);
    else {
      outer.push(f);
      if (outer.length > TRACE_OUTER) skipped += 1 + (outer.shift()!.repeat ?? 0);
    }
  };
  for (let i = 0; i < count; i++) {
    const f = frameAt(i);
    if (run !== undefined && sameFrame(run, f)) repeat++;
    else {
      close();
      run = f;
      repeat = 0;
    }
  }
  close();
  if (skipped > 0) inner[inner.length - 1] = { ...inner[inner.length - 1]!, skipped };
  return [...inner, ...outer];
}

/** 199950 → "199,950". */
const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** Thrown inside the runtime to unwind to the nearest handler; never escapes `run`. */
export class Trap {
  trace: TraceFrame[] | undefined = undefined;
  /** A resource limit that `catch` must not swallow (the step budget). */
  fatal = false;
  constructor(readonly error: VError) {}
}

export function trap(kind: RuntimeErrorKind, message: string, value: Value = undefined): never {
  throw new Trap(new VError(kind, message, value));
}

/** An uncaught Veld runtime error, with the Veld stack at the point it was raised. */
export class VeldError extends Error {
  override readonly name = "VeldError";
  constructor(
    readonly kind: string,
    message: string,
    readonly value: Value,
    readonly frames: readonly TraceFrame[],
  ) {
    super(message);
  }

  /**
   * `error[Kind]: message` then one `  at name (file:line:col)` line per frame, innermost
   * first; a recursion's repeats as `  … N more frames of \`name\``, frames left out of a long
   * trace as `  … N more frames`.
   */
  report(): string {
    const lines = [`error[${this.kind}]: ${this.message}`];
    for (const f of this.frames) {
      lines.push(`  at ${formatFrame(f)}`);
      if (f.repeat) {
        lines.push(
          `  … ${grouped(f.repeat)} more frame${f.repeat === 1 ? "" : "s"} of \`${f.function}\``,
        );
      }
      if (f.skipped)
        lines.push(`  … ${grouped(f.skipped)} more frame${f.skipped === 1 ? "" : "s"}`);
    }
    return lines.join("\n") + "\n";
  }
}

export function formatFrame(f: TraceFrame): string {
  const where = (f.line ?? 0) > 0 ? `${f.file ?? "?"}:${f.line}:${f.column ?? 0}` : `pc ${f.pc}`;
  return `${f.function} (${where})`;
}

/** The module is well-formed but cannot be linked (e.g. it imports an unknown native). */
export class LoadError extends Error {
  override readonly name = "LoadError";
  constructor(
    readonly code: string,
    message: string,
    /** Byte offset in the file when known. */
    readonly offset?: number,
  ) {
    super(message);
  }
}

/** A bug in the runtime: reported as such, never as a Veld error. */
export class InternalError extends Error {
  override readonly name = "InternalError";
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}
