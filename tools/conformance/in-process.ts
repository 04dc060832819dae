// Our own runtime judged without a process per vector: load + run in this process and report
// what `veld` would print and exit with (tools/cli/veld.ts). Used by `veld-conformance
// --in-process`, the vector generator (to record expectations) and the tests.

import { FormatError } from "../../format/errors.js";
import { load, loadLibrary, LoadError, type RunOptions } from "../../runtime/index.js";
import type { Expectation, Observed } from "./expectation.js";

export type RunRequest = Pick<Expectation, "args" | "options"> & {
  /** The bytes of the vector's libraries (`libs`), in order. */
  readonly modules?: readonly Uint8Array[];
};

/** Observed result of running `bytes` as `veld [--lib L]… FILE ARGS` with the vector's options. */
export function runInProcess(bytes: Uint8Array, request: RunRequest = {}): Observed {
  let program;
  try {
    program = load(bytes, { modules: (request.modules ?? []).map(loadLibrary) });
  } catch (e) {
    if (e instanceof FormatError || e instanceof LoadError) {
      return {
        exit: 65,
        stdout: "",
        error: e.code,
        stderr: `error[${e.code}]: ${e.message}`,
        ...(e.offset === undefined ? {} : { offset: `0x${e.offset.toString(16)}` }),
      };
    }
    throw e;
  }
  let stdout = "";
  const host = { write: (t: string) => void (stdout += t), writeErr: () => {}, now: () => 0 };
  const result = program.run(host, request.args ?? [], runOptions(request));
  const steps = result.steps;
  if (result.status === "error") {
    const { kind, message } = result.error!;
    return { exit: 1, stdout, error: kind, stderr: `error[${kind}]: ${message}`, steps };
  }
  return { exit: 0, stdout, steps };
}

export function runOptions(request: RunRequest): RunOptions {
  const o = request.options ?? {};
  return {
    ...(o["max-steps"] ? { maxSteps: Number(o["max-steps"]) } : {}),
    ...(o["max-depth"] ? { maxDepth: Number(o["max-depth"]) } : {}),
    ...(o["max-memory"] ? { maxMemory: Number(o["max-memory"]) } : {}),
  };
}
