// Runs one generated program on both engines and compares what a user sees; shrinks a
// disagreeing program to a small reproducer by dropping chunks, then lines, while the
// engines still disagree.

import { runOnInterpreter, runOnVm, type EngineOutcome } from "./engines.js";

export type Verdict =
  | { kind: "agree" }
  /** The compiler rejected the program: a generator bug (or a compiler/front-end mismatch). */
  | { kind: "invalid" }
  /** The VM ran out of its step budget: not comparable (the generator should prevent it). */
  | { kind: "budget" }
  | { kind: "disagree"; vm: EngineOutcome; interp: EngineOutcome | string };

const STEPS = 5_000_000;

export function compare(source: string, optimize: 0 | 1): Verdict {
  const vm = runOnVm(source, optimize, STEPS);
  if (vm === null) return { kind: "invalid" };
  if (vm.error === "LimitExceeded" && vm.message === "instruction budget exhausted") {
    return { kind: "budget" };
  }
  let interp: EngineOutcome;
  try {
    interp = runOnInterpreter(source);
  } catch (e) {
    return { kind: "disagree", vm, interp: String(e) };
  }
  const same = vm.stdout === interp.stdout && vm.error === interp.error && vm.exit === interp.exit;
  return same ? { kind: "agree" } : { kind: "disagree", vm, interp };
}

/** Greedy delta debugging: the smallest program (chunks, then lines) still disagreeing. */
export function shrink(chunks: string[], optimize: 0 | 1): string {
  const fails = (src: string) => compare(src, optimize).kind === "disagree";
  let cur = chunks.slice();
  for (let changed = true; changed;) {
    changed = false;
    for (let i = cur.length - 1; i >= 0; i--) {
      const cand = [...cur.slice(0, i), ...cur.slice(i + 1)];
      if (fails(cand.join("\n"))) {
        cur = cand;
        changed = true;
      }
    }
  }
  let lines = cur.join("\n").split("\n");
  for (let changed = true; changed;) {
    changed = false;
    for (let i = lines.length - 1; i >= 0; i--) {
      const cand = [...lines.slice(0, i), ...lines.slice(i + 1)];
      if (fails(cand.join("\n"))) {
        lines = cand;
        changed = true;
      }
    }
  }
  return lines.join("\n") + "\n";
}
