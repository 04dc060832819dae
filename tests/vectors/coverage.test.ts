// The suite exercises everything spec/conformance.md §7 counts — every opcode and operand form,
// native, built-in method, runtime error kind, FormatError/LoadError code and limit — except
// the listed exclusions, which the spec must name with their reasons.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  coverageUniverse,
  EXCLUDED,
  formatCoverage,
  measureCoverage,
  type CoverageReport,
} from "../../tools/conformance/coverage.js";
import { loadSuite } from "../../tools/conformance/suite.js";

const ROOT = join(import.meta.dirname, "../../test-vectors");

describe("vector coverage", () => {
  let report: CoverageReport;

  it("every item has a vector or a documented exclusion", { timeout: 600_000 }, () => {
    report = measureCoverage(loadSuite(ROOT));
    const missing = report.areas.flatMap((a) => a.missing.map((n) => `${a.area} ${n}`));
    expect(missing, formatCoverage(report)).toEqual([]);
    expect(formatCoverage(report)).toMatch(/coverage complete\n$/);
  });

  it("attributes items to the vector that first exercised them", () => {
    expect(report.firstSeen.get("method str.pad_start")).toBe("library/str/pad");
    expect(report.firstSeen.get("native std.math.tau")).toBe("library/natives/math-constants");
    expect(report.firstSeen.get("limit compare-depth")).toBe(
      "library/array/contains-nested-too-deeply",
    );
  });

  it("exclusions are real items, still unexercised, and listed in the spec", () => {
    const universe = coverageUniverse();
    const spec = readFileSync(join(import.meta.dirname, "../../spec/conformance.md"), "utf8");
    for (const key of Object.keys(EXCLUDED)) {
      const [area, name] = key.split(" ") as [keyof typeof universe, string];
      expect(universe[area], key).toContain(name);
      expect(report.firstSeen.has(key), `${key} is exercised: drop the exclusion`).toBe(false);
      expect(spec, `spec/conformance.md §7 lists ${name}`).toContain(`\`${name}\``);
    }
  });

  it("reports what a partial suite lacks", { timeout: 600_000 }, () => {
    const partial = measureCoverage(loadSuite(ROOT, ["library/str"]));
    const byArea = Object.fromEntries(partial.areas.map((a) => [a.area, a]));
    expect(byArea.method!.missing).toContain("array.sort");
    expect(byArea.method!.missing).not.toContain("str.split");
    expect(byArea.code!.missing).toContain("E_MAGIC");
    expect(formatCoverage(partial)).toMatch(/^MISSING method array\.sort$/m);
  });
});
