// The numbers the docs quote about the product itself (limits, defaults, polling intervals)
// are checked against the constants the code uses, so the docs cannot drift from the code.
// Each sentence is rebuilt from the constant and must appear, as written, in its page.
// (Bundle sizes: bundle-sizes.test.ts; measurements such as the fuzz campaign's table are
// records of a run, not defaults.)

import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { LIMITS } from "../../format/verifier.js";
import { MAX_NESTING, MAX_SOURCE_BYTES } from "../../language/index.js";
import { INTERRUPT_STEPS } from "../../runtime/vm.js";
import { FUZZ_DEFAULTS } from "../../tools/fuzz/defaults.js";

const root = resolve(import.meta.dirname, "../..");
const page = (file: string) => readFileSync(join(root, file), "utf8").replace(/\s+/g, " ");
/** As the docs write numbers: 4,194,304. */
const n = (x: number) => x.toLocaleString("en-US");

const F = FUZZ_DEFAULTS;
const claims: [file: string, text: string][] = [
  ["docs/tools.md", `files up to ${MAX_SOURCE_BYTES / 2 ** 20} MiB (${n(MAX_SOURCE_BYTES)} bytes)`],
  [
    "spec/language.md",
    `larger than ${MAX_SOURCE_BYTES / 2 ** 20} MiB (${n(MAX_SOURCE_BYTES)} bytes)`,
  ],
  ["docs/tools.md", `${n(LIMITS.globals)} globals, types or variants`],
  ["docs/tools.md", `the format's ${n(LIMITS.globals)} globals apply`],
  ["docs/tools.md", `a flag the VM polls every ${n(INTERRUPT_STEPS)}`],
  ["docs/embedding.md", `polled every ${n(INTERRUPT_STEPS)} instructions`],
  ["docs/architecture.md", `up to ${LIMITS.registers}`],
  ["spec/language.md", `nesting deeper than ${MAX_NESTING} levels`],
  ["spec/language.md", `the limit is ${MAX_NESTING} levels`],
  ["docs/fuzzing.md", `default ${n(F.runs)}, and ${n(F.campaignRuns)} for \`campaign\``],
  ["docs/fuzzing.md", `\`--seed S\` (default ${F.seed})`],
  ["docs/fuzzing.md", `\`--jobs J\` worker processes (default ${F.jobs})`],
  ["docs/fuzzing.md", `\`--max-steps\` (default ${n(F.maxSteps)})`],
  ["docs/fuzzing.md", `\`--slow-ms\` (${n(F.slowMs)})`],
  ["docs/fuzzing.md", `\`--hang-ms\` (${n(F.hangMs)})`],
  ["docs/fuzzing.md", `\`--heap-mb\` (${F.heapMb}, per worker process)`],
];

describe("numbers the docs quote come from the code", () => {
  it.each(claims)("%s: %s", (file, text) => {
    expect(page(file)).toContain(text);
  });
});
