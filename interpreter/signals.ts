// Non-error control flow of the tree-walking interpreter (spec/language.md §4.3): `break`,
// `continue` and `return` unwind the JS evaluation as exceptions, so `finally` blocks run on
// the way out exactly as for errors. Veld errors travel as the runtime's Trap.

import type { Span } from "../language/ast.js";
import type { Value } from "../runtime/values.js";

export class BreakSignal {}
export class ContinueSignal {}

export class ReturnSignal {
  constructor(
    readonly value: Value,
    /** The `return` (or `?`) that returns, where the function's frame is at its return. */
    readonly at: Span,
  ) {}
}

export const BREAK = new BreakSignal();
export const CONTINUE = new ContinueSignal();
