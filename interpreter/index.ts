// Public entry of the tree-walking reference interpreter (spec/language.md, spec/semantics.md):
// parse + check with the front end, then evaluate the AST directly. Independent of the
// compiler and the VM; shares the runtime's value model and native library. Portable (no
// Node built-ins). A program the front end rejects comes back as diagnostics; an uncaught
// Veld error as a VeldError, reported exactly like the VM's (`error[Kind]: message` + frames).

import { parse, resolve, type Diagnostic } from "../language/index.js";
import { InternalError, Trap, VeldError } from "../runtime/errors.js";
import { Evaluator, type InterpHost, type InterpOptions } from "./evaluator.js";

export { DEFAULT_MAX_DEPTH, type InterpHost, type InterpOptions } from "./evaluator.js";

export interface InterpResult {
  readonly status: "ok" | "error";
  /** The uncaught Veld error when status is "error". */
  readonly error?: VeldError;
}

export interface InterpretOptions extends InterpOptions {
  readonly fileName?: string;
  readonly args?: readonly string[];
}

/**
 * Parses, checks and runs `source`. Returns diagnostics when the front end rejects it (the
 * same static checks, with the same codes, as the compiler's); otherwise the outcome.
 * Throws InternalError for a bug of the interpreter.
 */
export function interpret(
  source: string,
  host: InterpHost,
  options: InterpretOptions = {},
): { diagnostics: Diagnostic[] } | InterpResult {
  const fileName = options.fileName ?? "<input>";
  const parsed = parse(source, fileName);
  if (parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics };
  const resolution = resolve(parsed.program);
  if (resolution.diagnostics.length > 0) return { diagnostics: resolution.diagnostics };
  const ev = new Evaluator(parsed.program, resolution, fileName, host, options.args ?? [], options);
  try {
    ev.run();
    return { status: "ok" };
  } catch (e) {
    if (e instanceof Trap) {
      const err = e.error;
      return {
        status: "error",
        error: new VeldError(err.kind, err.message, err.value, e.trace ?? []),
      };
    }
    if (e instanceof InternalError) throw e;
    throw new InternalError(`unexpected host exception: ${String(e)}`, e);
  }
}
