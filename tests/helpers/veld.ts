// Test helper: compile Veld source and run it on the runtime, capturing what a user sees
// (stdout, the first stderr line's error kind, the exit status), either from the in-memory
// module or through `.veldc` bytes (the runtime alone, as `veld` runs it).

import { compileSource } from "../../compiler/index.js";
import { load, loadModule, type Program } from "../../runtime/index.js";

export interface Outcome {
  stdout: string;
  /** The uncaught error's kind, or null when the program ended normally. */
  error: string | null;
  message: string | null;
}

export function compileOrThrow(source: string, fileName = "test.veld", optimize: 0 | 1 = 1) {
  const r = compileSource(source, { fileName, optimize });
  if (!r.module || !r.bytes) {
    const d = r.diagnostics[0]!;
    throw new Error(`${d.code} at ${d.span.start.line}:${d.span.start.col}: ${d.message}`);
  }
  return { module: r.module, bytes: r.bytes };
}

export function runProgram(program: Program, args: string[] = []): Outcome {
  let stdout = "";
  const result = program.run(
    { write: (t) => (stdout += t), writeErr: () => {}, now: () => 0 },
    args,
    { maxSteps: 50_000_000 },
  );
  return {
    stdout,
    error: result.error?.kind ?? null,
    message: result.error?.message ?? null,
  };
}

/** Compiles (at -O1 unless told) and runs from the bytes (checks the container path too). */
export function runVeld(source: string, args: string[] = [], optimize: 0 | 1 = 1): Outcome {
  return runProgram(load(compileOrThrow(source, "test.veld", optimize).bytes), args);
}

/** Compiles and runs the in-memory module without a round trip through bytes. */
export function runVeldInMemory(source: string): Outcome {
  return runProgram(loadModule(compileOrThrow(source).module));
}
