// A REPL session in two steps, for the tests of session compilation and of the declarations
// it takes over: each input compiled against the prior module, then both run in order on one
// set of global slots.

import { expect } from "vitest";
import { compileSource } from "../../compiler/index.js";
import type { Module } from "../../format/module.js";
import { loadModule, type Value } from "../../runtime/index.js";

/** The module of `input` after the session's earlier text `env`, compiled against `prior`. */
export function step(env: string, input: string, prior?: Module): Module {
  const r = compileSource(env + input, { session: { prior, liveFrom: env.length } });
  expect(r.diagnostics).toEqual([]);
  return r.module!;
}

/** Runs `first` and then `second` (linked against it) on shared global slots. */
export function runSteps(first: Module, second: Module) {
  const globals: Value[] = [];
  let out = "";
  const host = { write: (t: string) => void (out += t), writeErr: () => {} };
  const p1 = loadModule(first, { trusted: true });
  expect(p1.run(host, [], { globals }).status).toBe("ok");
  const p2 = loadModule(second, { trusted: true, prior: p1 });
  expect(p2.run(host, [], { globals }).status).toBe("ok");
  return { out, globals, p1, p2 };
}
