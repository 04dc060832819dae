// Mutation testing (docs/testing.md, "Mutation testing"): `npm run mutate` plants small faults
// (mutants) in the core folders and the conformance judge, and runs the vitest tests that
// cover each one (per-test coverage). Not part of CI: a full run takes hours on a small
// machine. Narrow it with Stryker's own flags, e.g.
// `npm run mutate -- --mutate runtime/cast.ts --testFiles tests/runtime/opcodes.test.ts`.

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  // The project's vitest configuration with the test file that failed last, then the fastest,
  // first (a killed mutant stops at its first failing test); the vector suites are one test
  // per vector, so per-test coverage reruns only the vectors that executed a mutant.
  vitest: { configFile: "vitest.stryker.config.ts", related: true },
  // Only the tests that executed a mutant run against it.
  coverageAnalysis: "perTest",
  // Static mutants (in code run at module load: tables, constants) are never activated under
  // this runner: they all "survived", even a `for` loop turned infinite. Report them as
  // ignored rather than as false survivors (docs/testing.md).
  ignoreStatic: true,
  mutate: [
    "format/**/*.ts",
    "runtime/**/*.ts",
    "compiler/**/*.ts",
    "interpreter/**/*.ts",
    "tools/conformance/expectation.ts",
  ],
  // Sandboxes, reports and the incremental cache stay out of git, vitest, tsc and prettier.
  tempDirName: ".stryker-tmp",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  // Two cores shared with other work; Stryker's default would take them all.
  concurrency: 1,
  // The heaviest covering tests (vector suites) take tens of seconds under load.
  timeoutMS: 120_000,
  thresholds: { high: 90, low: 80, break: null },
};
