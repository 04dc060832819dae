// Differential fuzzing in CI: 5,000 generated programs (tools/diff/generator.ts)
// run on the VM (-O0 for even seeds, -O1 for odd) and on the tree-walking interpreter; every
// one must compile and give the same stdout, error kind and exit status. The seeds are fixed
// so a failure reproduces; FUZZ_SEED=n explores others. A disagreement fails with the shrunk
// reproducer (add it to tests/interpreter/corpus/ once the bug is fixed). Longer runs:
// `npm run fuzz -- differential --runs N`.

import { describe, expect, it } from "vitest";
import { compare, shrink } from "../../tools/fuzz/check.js";
import { generateProgram } from "../../tools/diff/generator.js";

const BASE = Number(process.env.FUZZ_SEED ?? 20_260_000);
const BATCHES = 5;
const PER_BATCH = 1_000;

describe("the engines agree on generated programs", () => {
  for (let b = 0; b < BATCHES; b++) {
    const first = BASE + b * PER_BATCH;
    it(`seeds ${first}..${first + PER_BATCH - 1}`, { timeout: 120_000 }, () => {
      const problems: string[] = [];
      for (let seed = first; seed < first + PER_BATCH && problems.length < 3; seed++) {
        const optimize = (seed % 2) as 0 | 1;
        const chunks = generateProgram(seed);
        const v = compare(chunks.join("\n"), optimize);
        if (v.kind === "invalid") problems.push(`seed ${seed}: rejected by the compiler`);
        else if (v.kind === "budget") problems.push(`seed ${seed}: does not terminate in budget`);
        else if (v.kind === "disagree") {
          const again = compare(shrink(chunks, optimize), optimize);
          problems.push(
            `seed ${seed} (-O${optimize}):\n${shrink(chunks, optimize)}\n${JSON.stringify(again)}`,
          );
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
