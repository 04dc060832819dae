// Reporting conformance results (spec/conformance.md §6): failures with their reasons, a
// per-area table, the final `N passed, M failed` line, and the JSON report.

import type { VectorResult } from "./run.js";

export interface Totals {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  /** Failed by running out of time (counted in `failed` too). */
  readonly timedOut: number;
}

export function totals(results: readonly VectorResult[]): Totals {
  const count = (s: VectorResult["status"]) => results.filter((r) => r.status === s).length;
  return {
    passed: count("pass"),
    failed: count("fail"),
    skipped: count("skip"),
    timedOut: results.filter((r) => r.timedOut).length,
  };
}

/**
 * Each failed vector with its duration (and time limit when it timed out), one reason a
 * line, then the first lines of what the runtime wrote to standard error.
 */
export function failureList(results: readonly VectorResult[]): string {
  return results
    .filter((r) => r.status === "fail")
    .map((r) => {
      const time = r.timedOut ? `TIMEOUT after ${r.ms} ms, limit ${r.limitMs} ms` : `${r.ms} ms`;
      const problems = r.problems.map((p) => `  ${p}\n`).join("");
      const stderr = r.stderr
        ? `  stderr:\n${r.stderr
            .split("\n")
            .map((l) => `  | ${l}\n`)
            .join("")}`
        : "";
      return `FAIL ${r.name} (${time})\n${problems}${stderr}`;
    })
    .join("");
}

/** The per-area table: area, passed, failed, skipped. */
export function summaryTable(results: readonly VectorResult[]): string {
  const areas = [...new Set(results.map((r) => r.area))].sort();
  const rows = areas.map((area) => {
    const t = totals(results.filter((r) => r.area === area));
    return [area, String(t.passed), String(t.failed), String(t.skipped)];
  });
  const all = totals(results);
  rows.push(["total", String(all.passed), String(all.failed), String(all.skipped)]);
  const header = ["area", "passed", "failed", "skipped"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}

export function finalLine(results: readonly VectorResult[]): string {
  const t = totals(results);
  return `${t.passed} passed, ${t.failed} failed`;
}

export interface JsonReport {
  readonly runtime: string;
  readonly suite: string;
  readonly format: string;
  readonly totals: Totals;
  readonly results: readonly VectorResult[];
}

export function jsonReport(
  results: readonly VectorResult[],
  meta: { runtime: string; suite: string; format: string },
): JsonReport {
  return { ...meta, totals: totals(results), results };
}
