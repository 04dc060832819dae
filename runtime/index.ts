// Public API of the portable runtime (spec/semantics.md): load a `.veldc` (read + verify +
// link), run it against a Host, and the value formatter other runtimes reuse. Imports only
// format/; no Node built-ins, so it runs unchanged in browsers.

import { readVerifiedModule } from "../format/index.js";
import { verifyModule } from "../format/verifier.js";
import type { Module } from "../format/module.js";
import { InternalError, Trap, type VeldError } from "./errors.js";
import { linkModule, type LinkedProgram } from "./program.js";
import { asLibrary, linkLibraries, type Library } from "./link.js";
import { Vm, toVeldError, type Host, type RunOptions } from "./vm.js";

export type { Host, RunOptions } from "./vm.js";
export type { TraceFrame } from "./errors.js";
export type { RtProto } from "./program.js";
export type { Value } from "./values.js";
export { VeldError, LoadError, InternalError, formatFrame } from "./errors.js";
export type { Library } from "./link.js";
export { formatValue, formatFloat } from "./format.js";
export { NATIVE_SIGNATURES } from "./natives/registry.js";
export { builtinMethodList } from "./natives/methods.js";

export interface LoadOptions {
  /** Skip the verifier (only for modules the caller built and trusts, e.g. a compiler). */
  readonly trusted?: boolean;
  /** The program whose tables this module extends (see linkModule): its types are kept. */
  readonly prior?: Program;
}

export interface RunResult {
  readonly status: "ok" | "error";
  /** The uncaught Veld error when status is "error". */
  readonly error?: VeldError;
  /** Instructions executed. */
  readonly steps: number;
  /** Deepest Veld call depth reached (frames). */
  readonly peakDepth: number;
  /** Bytes charged to the memory budget (spec/semantics.md §10.2); 0 without `maxMemory`. */
  readonly allocated: number;
}

export class Program {
  constructor(readonly linked: LinkedProgram) {}

  /**
   * Runs main. Veld errors are returned (status "error"), never thrown; a bug of the
   * runtime itself throws InternalError.
   */
  run(host: Host, args: readonly string[] = [], options: RunOptions = {}): RunResult {
    const vm = new Vm(this.linked, host, args, options);
    let error: VeldError | undefined;
    try {
      vm.runMain();
    } catch (e) {
      if (e instanceof Trap) error = toVeldError(e);
      else {
        // A safety net no program reaches: the VM's toTrap has made any host exception an
        // InternalError already, so only Traps and InternalErrors arrive here.
        // Stryker disable ConditionalExpression,StringLiteral: `true` rethrows what is always an InternalError; the message is never made
        if (e instanceof InternalError) throw e;
        throw new InternalError(`unexpected host exception: ${String(e)}`, e);
      }
    }
    // Stryker restore ConditionalExpression,StringLiteral
    const counts = { steps: vm.steps, peakDepth: vm.peakDepth, allocated: vm.allocated };
    return error ? { status: "error", error, ...counts } : { status: "ok", ...counts };
  }
}

export interface LinkOptions {
  /**
   * Precompiled libraries the program may import (spec/semantics.md §9.4): `.veldc` bytes
   * (read and verified here) or libraries from loadLibrary (verified once, reusable). Only
   * the libraries the program imports, directly or through another library, are linked.
   */
  readonly modules?: readonly (Uint8Array | Library)[];
}

/**
 * Reads, verifies and links `.veldc` bytes, and the libraries it imports from `modules`.
 * Throws FormatError or LoadError (code, offset). Works on a private copy: changing `bytes`
 * afterwards (or from another thread while this runs, for a SharedArrayBuffer) cannot change
 * the code that was verified.
 */
export function load(bytes: Uint8Array, options: LinkOptions = {}): Program {
  // Stryker disable next-line MethodExpression: equivalent in one thread (the module is linked before load returns; the copy guards a SharedArrayBuffer another thread changes)
  const module = readVerifiedModule(bytes.slice());
  if (module.imports === undefined) return new Program(linkModule(module));
  // Stryker disable next-line ArrayDeclaration: a junk entry (a string) has no name, so no import finds it: the same E_LINK_MODULE as with none
  const libraries = (options.modules ?? []).map((l) =>
    l instanceof Uint8Array ? loadLibrary(l) : l,
  );
  const linked = linkLibraries(module, libraries);
  // A check of the linker itself: only a bug of linkLibraries reaches the catch.
  // Stryker disable BlockStatement,StringLiteral: no input makes the linker's output invalid
  try {
    verifyModule(linked);
  } catch (e) {
    throw new InternalError(`linking produced an invalid module: ${String(e)}`, e);
  }
  // Stryker restore BlockStatement,StringLiteral
  return new Program(linkModule(linked));
}

/**
 * Reads and verifies a library (a `.veldc` with EXPORTS) once, for any number of `load`s.
 * Throws FormatError, or LoadError E_LINK_MODULE when the file is not a library.
 */
export function loadLibrary(bytes: Uint8Array): Library {
  return asLibrary(readVerifiedModule(bytes.slice()));
}

/**
 * Verifies (unless trusted) and links an in-memory Module. Code arrays are copied before
 * they are verified, so the Program does not change when the caller changes the Module.
 */
export function loadModule(module: Module, options: LoadOptions = {}): Program {
  if (options.trusted) return new Program(linkModule(module, options.prior?.linked));
  const own: Module = {
    ...module,
    functions: module.functions.map((f) => ({ ...f, code: Uint32Array.from(f.code) })),
  };
  verifyModule(own);
  return new Program(linkModule(own, options.prior?.linked));
}
