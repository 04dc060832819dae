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

import { describe, expect, it } from "vitest";
import { judge } from "../../tools/conformance/expectation.js";
import { loadSuite } from "../../tools/conformance/suite.js";
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

const suite = loadSuite(VECTORS).filter((v) => notApplicable(v) === undefined);

describe("the tree-walking interpreter on the vectors, in process", () => {
  it("leaves out only vectors that exist and apply", () => {
    const names = new Set(suite.map((v) => v.name));
    expect([...DEEP].filter((n) => !names.has(n))).toEqual([]);
    expect(suite.length - DEEP.size).toBeGreaterThan(200);
  });

  for (const v of suite.filter((v) => !DEEP.has(v.name))) {
    it(v.name, () => {
      const r = runTreeWalker(jobOf(v));
      if (r.message === "host stack exhausted") {
        expect.fail(`${v.name} exhausted the host stack: if it must, add it to DEEP`);
      }
      expect(r.refused).toBeUndefined();
      expect(judge(v.expect, r)).toEqual([]);
    });
  }
});
