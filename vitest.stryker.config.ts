// The vitest configuration of mutation runs (stryker.config.mjs): the project's, with the test
// files in an order that kills mutants sooner. A mutant run stops at its first failing test
// (bail), and vitest would start with the slowest files; here the file that failed last runs
// first (it killed the previous mutant, likely a neighbour), then the fastest (by the last
// duration vitest recorded; files it has no record of count as fast). The tests that run are
// the same: a mutant that survives still meets every covering test.

import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

class KillersFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { cache, config } = this.ctx;
    const rank = (f: TestSpecification): [number, number] => {
      const last = cache.getFileTestResults(
        `${f.project.name}:${relative(config.root, f.moduleId)}`,
      );
      return last === undefined ? [1, 0] : [last.failed ? 0 : 1, last.duration];
    };
    return files
      .map((f) => ({ f, r: rank(f) }))
      .sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1])
      .map(({ f }) => f);
  }
}

export default mergeConfig(base, { test: { sequence: { sequencer: KillersFirst } } });
