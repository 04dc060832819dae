// Runs one Veld source on both engines — the compiler + VM and the tree-walking
// interpreter — and captures what a user sees (stdout, error kind, exit status) for comparison.

import { compileSource } from "../../compiler/index.js";
import { interpret, type InterpOptions } from "../../interpreter/index.js";
import { loadModule } from "../../runtime/index.js";

export interface EngineOutcome {
  stdout: string;
  /** The uncaught error's kind, or null when the program ended normally. */
  error: string | null;
  exit: number;
  message: string | null;
}

/** VM outcome, or null when the compiler rejects the program. */
export function runOnVm(
  source: string,
  optimize: 0 | 1 = 1,
  maxSteps = 50_000_000,
): EngineOutcome | null {
  const r = compileSource(source, { fileName: "test.veld", optimize });
  if (!r.module) return null;
  let stdout = "";
  const result = loadModule(r.module, { trusted: true }).run(
    { write: (t) => (stdout += t), writeErr: () => {}, now: () => 0 },
    [],
    { maxSteps },
  );
  return outcome(stdout, result.error);
}

export function runOnInterpreter(source: string, options: InterpOptions = {}): EngineOutcome {
  let stdout = "";
  const r = interpret(
    source,
    { write: (t) => (stdout += t), now: () => 0 },
    {
      fileName: "test.veld",
      ...options,
    },
  );
  if ("diagnostics" in r) throw new Error(`rejected: ${r.diagnostics[0]?.message}`);
  return outcome(stdout, r.error);
}

function outcome(stdout: string, error: { kind: string; message: string } | undefined) {
  return {
    stdout,
    error: error?.kind ?? null,
    exit: error ? 1 : 0,
    message: error?.message ?? null,
  };
}

/** The diagnostic codes each engine rejects `source` with (empty when it accepts it). */
export function rejectionCodes(source: string): { vm: string[]; interpreter: string[] } {
  const compiled = compileSource(source, { fileName: "test.veld" });
  const interpreted = interpret(
    source,
    { write: () => {}, now: () => 0 },
    { fileName: "test.veld" },
  );
  return {
    vm: compiled.diagnostics.map((d) => d.code),
    interpreter: "diagnostics" in interpreted ? interpreted.diagnostics.map((d) => d.code) : [],
  };
}
