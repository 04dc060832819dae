// Every vector that came from Veld source also holds when the source is compiled without
// optimisation (-O0): the optimizer must never change what a program does (issue: optimizer).

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileFiles, compileSource } from "../../compiler/index.js";
import { readModule } from "../../format/index.js";
import { judge } from "../../tools/conformance/expectation.js";
import { runInProcess } from "../../tools/conformance/in-process.js";
import { libraryBytes, loadSuite } from "../../tools/conformance/suite.js";

const ROOT = join(import.meta.dirname, "../../test-vectors");

describe("vectors compiled at -O0", () => {
  it("give the expected outcome of every source vector", () => {
    const failures: string[] = [];
    let count = 0;
    for (const v of loadSuite(ROOT)) {
      const source = v.file.replace(/\.veldc$/, ".veld");
      if (!existsSync(source)) continue;
      const text = readFileSync(source, "utf8");
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
      if (!r.bytes) {
        failures.push(`${v.name}: does not compile at -O0`);
        continue;
      }
      count++;
      const problems = judge(v.expect, runInProcess(r.bytes, { ...v.expect, modules }));
      if (problems.length > 0) failures.push(`${v.name}: ${problems.join("; ")}`);
    }
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThan(150);
  });
});
