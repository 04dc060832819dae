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
}

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

  /** `error[Kind]: message` then one `  at name (file:line:col)` line per frame. */
  report(): string {
    const lines = [`error[${this.kind}]: ${this.message}`];
    for (const f of this.frames) lines.push(`  at ${formatFrame(f)}`);
    return lines.join("\n") + "\n";
  }
}

export function formatFrame(f: TraceFrame): string {
  const where =
    f.line !== undefined && f.line > 0
      ? `${f.file ?? "?"}:${f.line}:${f.column ?? 0}`
      : `pc ${f.pc}`;
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
