// Public entry of the tree-walking reference interpreter (spec/language.md, spec/semantics.md):
// parse + check with the front end, then evaluate the AST directly. Independent of the
// compiler and the VM; shares the runtime's value model and native library. Portable (no
// Node built-ins). A program the front end rejects comes back as diagnostics; an uncaught
// Veld error as a VeldError, reported exactly like the VM's (`error[Kind]: message` + frames).

import { parse, type Diagnostic } from "../language/index.js";
import { singleModule, type SourceModule } from "../language/modules.js";
import { resolveModules } from "../language/resolver.js";
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
  return interpretModules([singleModule(parsed.program, fileName, source)], host, options);
}

/**
 * Runs a program of several files (`loadProgram`'s modules: initialisation order, the main
 * file last). Diagnostics name their file.
 */
export function interpretModules(
  modules: readonly SourceModule[],
  host: InterpHost,
  options: Omit<InterpretOptions, "fileName"> = {},
): { diagnostics: Diagnostic[] } | InterpResult {
  const resolution = resolveModules(modules);
  if (resolution.diagnostics.length > 0) return { diagnostics: resolution.diagnostics };
  const ev = new Evaluator(modules, resolution, host, options.args ?? [], options);
  try {
    ev.run();
    return { status: "ok" };
  } catch (e) {
    if (e instanceof Trap) {
      const err = e.error;
      return {
        status: "error",
        // Every Trap leaving run() has its trace (asTrap gives it one).
        error: new VeldError(err.kind, err.message, err.value, e.trace!),
      };
    }
    if (e instanceof InternalError) throw e;
    throw new InternalError(`unexpected host exception: ${String(e)}`, e);
  }
}
