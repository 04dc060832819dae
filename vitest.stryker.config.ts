// The vitest configuration of mutation runs (stryker.config.mjs): the project's, with the test
// files in the opposite of vitest's usual order. Vitest runs the slowest files first (by cached
// duration, else by size); a mutant run stops at its first failing test (bail), so running the
// fast unit-test files first kills most mutants before a slow property or vector file starts.
// The tests that run are the same: a mutant that survives still meets every covering test.

import { BaseSequencer, type TestSpecification } from "vitest/node";
import { mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

class FastestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return (await super.sort(files)).reverse();
  }
}

export default mergeConfig(base, { test: { sequence: { sequencer: FastestFirst } } });
