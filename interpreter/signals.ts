// Non-error control flow of the tree-walking interpreter (spec/language.md §4.3): `break`,
// `continue` and `return` unwind the JS evaluation as exceptions, so `finally` blocks run on
// the way out exactly as for errors; a tail call is returned. Veld errors travel as the
// runtime's Trap.

import type { Span } from "../language/ast.js";
import type { Value } from "../runtime/values.js";
import type { InterpFn } from "./function.js";

export class BreakSignal {}
export class ContinueSignal {}

export class ReturnSignal {
  constructor(
    readonly value: Value,
    /** The `return` (or `?`) that returns, where the function's frame is at its return. */
    readonly at: Span,
  ) {}
}

/**
 * A tail call (a call the compiler makes a TAILCALL), returned up its tail positions (or by
 * its `return`) instead of a value: the running function's frame becomes `fn`'s, called with
 * `args` (spec/semantics.md §5: it does not grow the depth).
 */
export class TailCall {
  constructor(
    readonly fn: InterpFn,
    readonly args: readonly Value[],
  ) {}
}

export const BREAK = new BreakSignal();
export const CONTINUE = new ContinueSignal();
