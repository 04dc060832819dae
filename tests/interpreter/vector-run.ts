// One vector's source on the tree-walking interpreter: the outcome the conformance judge reads
// (exit status, stdout, error kind). Shared by the thread of tests/interpreter/vectors.test.ts
// (a deep stack) and tests/interpreter/vectors-in-process.test.ts (where mutation testing can
// see it).

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { interpret, interpretModules } from "../../interpreter/index.js";
import { loadProgram } from "../../language/modules.js";
import type { TraceFrame } from "../../runtime/errors.js";
import type { SuiteVector } from "../../tools/conformance/suite.js";

export const VECTORS = join(import.meta.dirname, "../../test-vectors");
/** The VM's default maxDepth (runtime/vm.ts; spec/semantics.md §10). */
const VM_DEFAULT_DEPTH = 200_000;

/** A vector's `.veld` source, or the main file of its directory of several files. */
const programOf = (v: SuiteVector) => v.file.replace(/\.veldc$/, "/main.veld");
const sourceOf = (v: SuiteVector) =>
  existsSync(programOf(v)) ? programOf(v) : v.file.replace(/\.veldc$/, ".veld");
/** Why a vector does not apply to the tree-walker, or undefined when it does. */
export function notApplicable(v: SuiteVector): string | undefined {
  if (!existsSync(sourceOf(v))) return "bytecode only";
  // The tree-walker runs source; a precompiled library has none (spec/language.md §11.6).
  if (v.expect.libs !== undefined) return "linked with a precompiled library";
  if (v.expect.options?.["max-steps"] !== undefined) return "instruction budget";
  if (v.expect.options?.["max-memory"] !== undefined) return "memory budget";
  return undefined;
}

export interface TreeWalkerJob {
  readonly name: string;
  readonly source: string;
  readonly args: readonly string[];
  readonly maxDepth: number;
  /** A program of several files: its main file, read with its modules from disk. */
  readonly mainFile?: string;
}

export interface TreeWalkerOutcome {
  readonly name: string;
  readonly exit: number;
  readonly stdout: string;
  /** The uncaught error's kind; or why the interpreter could not run the source at all. */
  readonly error?: string;
  /** The uncaught error's message and trace (what `veldc run --interp` prints of it). */
  readonly message?: string;
  readonly frames?: readonly TraceFrame[];
  readonly refused?: string;
}

/** The job that runs vector `v`: its source, arguments and call depth. */
export function jobOf(v: SuiteVector): TreeWalkerJob {
  return {
    name: v.name,
    source: readFileSync(sourceOf(v), "utf8"),
    ...(existsSync(programOf(v)) ? { mainFile: programOf(v) } : {}),
    args: v.expect.args ?? [],
    maxDepth: Number(v.expect.options?.["max-depth"] ?? VM_DEFAULT_DEPTH),
  };
}

export function runTreeWalker(job: TreeWalkerJob): TreeWalkerOutcome {
  let stdout = "";
  const host = {
    write: (t: string) => void (stdout += t),
    now: () => 0,
    readLine: () => undefined,
  };
  const options = { args: job.args, maxDepth: job.maxDepth };
  const fileHost = {
    readFile: (path: string) => (existsSync(path) ? readFileSync(path) : undefined),
  };
  const loaded = job.mainFile === undefined ? undefined : loadProgram(job.mainFile, fileHost);
  const r =
    loaded === undefined
      ? interpret(job.source, host, { ...options, fileName: `${job.name}.veld` })
      : loaded.diagnostics.length > 0
        ? { diagnostics: loaded.diagnostics }
        : interpretModules(loaded.modules, host, options);
  if ("diagnostics" in r) {
    return { name: job.name, exit: 65, stdout, refused: r.diagnostics[0]?.message };
  }
  return r.error
    ? {
        name: job.name,
        exit: 1,
        stdout,
        error: r.error.kind,
        message: r.error.message,
        frames: r.error.frames,
      }
    : { name: job.name, exit: 0, stdout };
}
