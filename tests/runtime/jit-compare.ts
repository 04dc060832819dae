// The comparison of the compiled tier with the interpreter, shared by its tests
// (jit-tier.test.ts, jit-edges.test.ts): a program must print, fail, count steps, depth and
// memory exactly alike with `jit: false` and with every function compiled at its first entry
// (`jit: "eager"`).

import { expect } from "vitest";
import { load, type Program, type RunOptions } from "../../runtime/index.js";
import { jitAvailable, RELOAD, RETURNED, THROWN, type JitCode } from "../../runtime/jit.js";
import { compileOrThrow } from "../helpers/veld.js";

export function observe(program: Program, options: RunOptions) {
  let stdout = "";
  const r = program.run(
    { write: (t) => void (stdout += t), writeErr: () => {}, now: () => 0 },
    [],
    options,
  );
  const error = r.error && { kind: r.error.kind, message: r.error.message, frames: r.error.frames };
  return { stdout, error, steps: r.steps, peak: r.peakDepth, bytes: r.allocated };
}

const compiled = new Map<string, Uint8Array>();
/** A fresh program of `src`: its inline caches empty, nothing compiled. */
export function programOf(src: string, optimize: 0 | 1 = 1): Program {
  const key = `${optimize}${src}`;
  let bytes = compiled.get(key);
  if (bytes === undefined)
    compiled.set(key, (bytes = compileOrThrow(src, "t.veld", optimize).bytes));
  return load(bytes);
}

/**
 * Runs `src` on the interpreter alone and with every function compiled at its first entry,
 * under `options` and with each step budget in `budgets`; both must agree, and the functions
 * named in `hot` must have been compiled. The first compiled run starts cold (no inline cache
 * filled: the first versions call natives through callN), the next ones on the later
 * versions. Answers the interpreter's observation.
 */
export function same(
  src: string,
  {
    optimize = 1,
    options = {},
    hot = [],
    budgets = [],
  }: {
    optimize?: 0 | 1;
    options?: RunOptions;
    hot?: string[];
    budgets?: number[];
  } = {},
) {
  const plain = observe(programOf(src, optimize), { ...options, jit: false });
  const program = programOf(src, optimize);
  expect(observe(program, { ...options, jit: "eager" })).toEqual(plain);
  expect(jitAvailable()).toBe(true);
  for (const name of hot) {
    const p = program.linked.protos.find((q) => q.name === name)!;
    expect(typeof p.jit, name).toBe("function");
  }
  // Again, now that the functions have their later versions (see JitProfile).
  expect(observe(program, { ...options, jit: "eager" })).toEqual(plain);
  for (const maxSteps of budgets)
    expect(observe(program, { ...options, jit: "eager", maxSteps })).toEqual(
      observe(programOf(src, optimize), { ...options, jit: false, maxSteps }),
    );
  return plain;
}

/**
 * The pcs at which the compiled code of function `name` handed its frame to the interpreter
 * during a run of `program` (after runs that give it its final version), and how often it ran.
 */
export function exits(program: Program, name: string, options: RunOptions = {}) {
  const p = program.linked.protos.find((q) => q.name === name)!;
  // Until every block is compiled (the profile's rounds are over), or blocks never entered.
  for (let i = 0; i < 2 || (i < 8 && p.jitProfile !== undefined); i++)
    observe(program, { ...options, jit: "eager" });
  const code = p.jit as JitCode;
  expect(typeof code).toBe("function");
  const at: number[] = [];
  let runs = 0;
  /** Runs the interpreter started (`nest` 0), not compiled code. */
  let fromInterpreter = 0;
  p.jit = ((...args: Parameters<JitCode>) => {
    runs++;
    if (args[8] === 0) fromInterpreter++;
    const r = code(...args);
    if (r >= 0) at.push(r);
    else expect([RETURNED, RELOAD, THROWN]).toContain(r);
    return r;
  }) as JitCode;
  const o = observe(program, { ...options, jit: "eager" });
  p.jit = code;
  return { at, runs, fromInterpreter, o };
}

/**
 * Every version of function `name`'s compiled code over a run of `program`: how many were
 * made, and at which pcs each handed its frame to the interpreter.
 */
export function versions(program: Program, name: string, options: RunOptions) {
  const p = program.linked.protos.find((q) => q.name === name)!;
  const made: number[][] = [];
  let code: JitCode | null | undefined;
  Object.defineProperty(p, "jit", {
    configurable: true,
    get: () => code,
    set: (j: JitCode | null | undefined) => {
      if (typeof j !== "function") return void (code = j);
      const at: number[] = [];
      made.push(at);
      code = (...args: Parameters<JitCode>) => {
        const r = j(...args);
        if (r >= 0) at.push(r);
        return r;
      };
    },
  });
  const o = observe(program, options);
  return { made, o, p };
}
