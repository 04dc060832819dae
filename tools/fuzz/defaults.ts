// The fuzz harness's defaults, in one place: `tools/fuzz.ts` uses them and the test of
// docs/fuzzing.md checks that the page states them (tests/docs/numbers.test.ts).

import { DEFAULT_ORACLE } from "./oracle.js";

export const FUZZ_DEFAULTS = {
  /** Inputs per target for `run`. */
  runs: 1_000,
  /** Inputs per target for `campaign`. */
  campaignRuns: 20_000,
  /** Inputs for `differential`. */
  differentialRuns: 10_000,
  seed: 1,
  jobs: 1,
  maxSteps: DEFAULT_ORACLE.maxSteps,
  slowMs: DEFAULT_ORACLE.slowMs,
  hangMs: 20_000,
  /** Heap of each worker process, MB. */
  heapMb: 1024,
} as const;
