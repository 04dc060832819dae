// Test helper: run a Module (or ModuleSpec) and collect stdout and the outcome.

import { loadModule, type RunOptions } from "../../runtime/index.js";
import type { Module } from "../../format/module.js";
import { build, type ModuleSpec } from "./build.js";

export interface Outcome {
  out: string;
  kind?: string;
  message?: string;
  error?: import("../../runtime/index.js").VeldError;
  steps: number;
}

export function run(
  m: Module | ModuleSpec,
  options: RunOptions = {},
  args: string[] = [],
): Outcome {
  const module = "strings" in m ? m : build(m);
  let out = "";
  const r = loadModule(module).run({ write: (t) => (out += t), writeErr: () => {} }, args, options);
  return r.status === "ok"
    ? { out, steps: r.steps }
    : { out, kind: r.error!.kind, message: r.error!.message, error: r.error, steps: r.steps };
}
