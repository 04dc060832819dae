// The tree-walker's vectors in the test process, one test per vector: the same runs and
// judgements as tests/interpreter/vectors.test.ts, but where mutation testing sees them.
// That file runs the interpreter on a worker thread with a deep stack, and Stryker neither
// records coverage nor activates mutants on a worker thread (docs/testing.md, "Mutation
// testing"), so without this file no vector could kill a mutant of interpreter/.
//
// The vectors that need the deep stack stay on the thread only: they nest thousands of Veld
// calls (directly or through library callbacks), which exhaust the ordinary JS stack of a
// test process first. On that stack the ones that expect StackOverflow would still pass, but
// through host stack exhaustion instead of the depth limit they test, so they are left out
// too. Any other vector that exhausts the host stack here fails, naming this list.
//
// The judge reads the error's kind only; here a vector that ends in an error must also end in
// the VM's message and trace (interpreter/index.ts: reported exactly like the VM's), frame by
// frame but for the file name (the vector's compiled file names its source its own way).

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { load } from "../../runtime/index.js";
import { judge } from "../../tools/conformance/expectation.js";
import { runOptions } from "../../tools/conformance/in-process.js";
import { loadSuite, type SuiteVector } from "../../tools/conformance/suite.js";
import type { TraceFrame } from "../../runtime/errors.js";
import { jobOf, notApplicable, runTreeWalker, VECTORS } from "./vector-run.js";

/** Vectors that need more JS stack than a test process has (see above). */
const DEEP = new Set([
  "errors/uncaught/stackoverflow",
  "library/array/map-reentry-without-bound",
  "limits/reentry/error-caught-4000",
  "limits/reentry/filter-4000",
  "limits/reentry/fold-reduce-4000",
  "limits/reentry/map-4000",
  "limits/reentry/max-depth-counts-callbacks",
  "limits/reentry/option-map-4000",
  "limits/reentry/sort-by-4000",
  "limits/reentry/sort-comparator-4000",
  "limits/reentry/user-next-4000",
  "limits/resources/deep-recursion-100000",
  "limits/resources/depth-option",
  "limits/resources/stack-overflow",
  "limits/resources/stack-overflow-mutual",
]);

/**
 * Vectors whose error the VM words and places otherwise: the float-bank `+` of a float and a
 * str is "expected a number, got str" at the str operand on the VM, "cannot apply '+' to float
 * and str" at the expression on the tree-walker. The kind agrees (the judge checks it). The
 * difference is the optimizer's: compiled at -O0, the VM reports what the tree-walker does.
 */
const OWN_MESSAGE = new Set(["semantics/float-bank/not-a-number-operand"]);

/** The VM's error for vector `v`: message and frames, without file names. */
function vmError(v: SuiteVector) {
  const program = load(readFileSync(v.file));
  const host = { write: () => {}, writeErr: () => {}, now: () => 0 };
  const error = program.run(host, v.expect.args ?? [], runOptions(v.expect)).error!;
  return { message: error.message, frames: error.frames.map(withoutFile) };
}
const withoutFile = ({ file: _file, pc: _pc, ...frame }: TraceFrame) => frame;

const suite = loadSuite(VECTORS).filter((v) => notApplicable(v) === undefined);

describe("the tree-walking interpreter on the vectors, in process", () => {
  it("leaves out only vectors that exist and apply", () => {
    const names = new Set(suite.map((v) => v.name));
    expect([...DEEP].filter((n) => !names.has(n))).toEqual([]);
    expect(suite.length - DEEP.size).toBeGreaterThan(200);
    for (const n of OWN_MESSAGE) expect(names.has(n), n).toBe(true);
  });

  for (const v of suite.filter((v) => !DEEP.has(v.name))) {
    it(v.name, () => {
      const r = runTreeWalker(jobOf(v));
      if (r.message === "host stack exhausted") {
        expect.fail(`${v.name} exhausted the host stack: if it must, add it to DEEP`);
      }
      expect(r.refused).toBeUndefined();
      expect(judge(v.expect, r)).toEqual([]);
      if (r.error !== undefined && !OWN_MESSAGE.has(v.name)) {
        const vm = vmError(v);
        const frames = r.frames!.map(withoutFile);
        expect({ message: r.message, frames }).toEqual(vm);
      }
    });
  }
});
