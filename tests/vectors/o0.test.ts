// Every vector that came from Veld source also holds when the source is compiled without
// optimisation (-O0): the optimizer must never change what a program does (issue: optimizer).

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/index.js";
import { judge } from "../../tools/conformance/expectation.js";
import { runInProcess } from "../../tools/conformance/in-process.js";
import { loadSuite } from "../../tools/conformance/suite.js";

const ROOT = join(import.meta.dirname, "../../test-vectors");

describe("vectors compiled at -O0", () => {
  it("give the expected outcome of every source vector", () => {
    const failures: string[] = [];
    let count = 0;
    for (const v of loadSuite(ROOT)) {
      const source = v.file.replace(/\.veldc$/, ".veld");
      if (!existsSync(source)) continue;
      const r = compileSource(readFileSync(source, "utf8"), {
        fileName: `${v.name}.veld`,
        optimize: 0,
      });
      if (!r.bytes) {
        failures.push(`${v.name}: does not compile at -O0`);
        continue;
      }
      count++;
      const problems = judge(v.expect, runInProcess(r.bytes, v.expect));
      if (problems.length > 0) failures.push(`${v.name}: ${problems.join("; ")}`);
    }
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThan(150);
  });
});
