// Every vector that came from Veld source also holds when the source is compiled without
// optimisation (-O0): the optimizer must never change what a program does (issue: optimizer).

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileFiles, compileSource } from "../../compiler/index.js";
import { readModule } from "../../format/index.js";
import { judge } from "../../tools/conformance/expectation.js";
import { runInProcess } from "../../tools/conformance/in-process.js";
import { libraryBytes, loadSuite, type SuiteVector } from "../../tools/conformance/suite.js";

const ROOT = join(import.meta.dirname, "../../test-vectors");

const sourceVectors = loadSuite(ROOT).filter((v) => existsSync(sourceOf(v)));

function sourceOf(v: SuiteVector): string {
  return v.file.replace(/\.veldc$/, ".veld");
}

describe("vectors compiled at -O0", () => {
  it("include every source vector", () => {
    expect(sourceVectors.length).toBeGreaterThan(150);
  });

  // One test per vector: mutation testing's per-test coverage (docs/testing.md) then reruns
  // only the vectors that executed a mutant, not the whole suite.
  it.each(sourceVectors.map((v) => [v.name, v] as const))(
    "give the expected outcome of %s",
    (_, v) => {
      const text = readFileSync(sourceOf(v), "utf8");
      const modules = libraryBytes(v);
      // A program compiled against precompiled libraries (spec/language.md §11.6) is so again.
      const r =
        modules.length === 0
          ? compileSource(text, { fileName: `${v.name}.veld`, optimize: 0 })
          : compileFiles(
              "main.veld",
              { readFile: (p) => (p === "main.veld" ? new TextEncoder().encode(text) : undefined) },
              {
                optimize: 0,
                libraries: modules.map((b, i) => ({
                  file: v.expect.libs![i]!,
                  module: readModule(b).module,
                })),
              },
            );
      expect(r.bytes, "compiles at -O0").toBeDefined();
      expect(judge(v.expect, runInProcess(r.bytes!, { ...v.expect, modules }))).toEqual([]);
    },
  );
});
