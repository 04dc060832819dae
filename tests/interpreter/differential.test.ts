// Differential testing: every program of tests/interpreter/programs.ts runs on the compiler +
// VM (at -O0 and -O1) and on the tree-walking interpreter; stdout, the uncaught error's kind
// and the exit status must be identical. Programs the compiler rejects are not Veld core
// programs (the corpus holds a few fragments) and are skipped, but there must be few.

import { describe, expect, it } from "vitest";
import { differentialPrograms } from "./programs.js";
import { runOnInterpreter, runOnVm } from "./engines.js";

const programs = differentialPrograms();
const view = (o: { stdout: string; error: string | null; exit: number }) => ({
  stdout: o.stdout,
  error: o.error,
  exit: o.exit,
});

describe("the VM and the tree-walking interpreter agree", () => {
  it("has the programs", () => expect(programs.length).toBeGreaterThan(150));

  for (const [name, source] of programs) {
    it(name, () => {
      const vm0 = runOnVm(source, 0);
      const vm1 = runOnVm(source, 1);
      expect(vm1 === null).toBe(vm0 === null);
      if (vm0 === null || vm1 === null) return;
      const interp = view(runOnInterpreter(source));
      expect(interp).toEqual(view(vm0));
      expect(interp).toEqual(view(vm1));
    });
  }

  it("skips only the corpus fragments the compiler rejects", () => {
    const rejected = programs.filter(([, s]) => runOnVm(s, 0) === null).map(([n]) => n);
    expect(rejected.every((n) => n.startsWith("tests/language/corpus/"))).toBe(true);
    expect(rejected.length).toBeLessThanOrEqual(5);
  });
});
