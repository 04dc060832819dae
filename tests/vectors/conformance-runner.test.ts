// The conformance runner as a stranger's runtime meets it (spec/conformance.md §4–§5): real
// globs, exact stdout (a lost final newline fails), stderr and durations in failure reports,
// timeouts reported with their limit, scaled by a heavy vector's cost hint.

import { describe, expect, it } from "vitest";
import {
  costOf,
  COST_UNIT,
  formatExpectation,
  judge,
  observe,
  parseExpectation,
  STDERR_LINES,
  type Expectation,
} from "../../tools/conformance/expectation.js";
import { runCommand } from "../../tools/conformance/process.js";
import { failureList, totals } from "../../tools/conformance/report.js";
import { runSuite } from "../../tools/conformance/run.js";
import { matchesFilter } from "../../tools/conformance/suite.js";
import type { SuiteVector } from "../../tools/conformance/suite.js";

const ok = (stdout: string): Expectation => ({ outcome: "ok", exit: 0, stdout });

describe("--filter globs", () => {
  const names = ["isa", "isa/add", "isa/add/int", "isa/add/int/deep", "semantics/i64/min"];
  const selected = (p: string) => names.filter((n) => matchesFilter(n, [p]));

  it("`*` stays within one segment, `**` spans any depth", () => {
    expect(selected("isa/*")).toEqual(["isa/add"]);
    expect(selected("isa/*/*")).toEqual(["isa/add/int"]);
    expect(selected("isa/**")).toEqual(["isa/add", "isa/add/int", "isa/add/int/deep"]);
    expect(selected("**/int")).toEqual(["isa/add/int"]);
    expect(selected("isa/**/deep")).toEqual(["isa/add/int/deep"]);
    expect(selected("*")).toEqual(["isa"]);
    expect(selected("**")).toEqual(names);
  });

  it("`?` and character sets match one character, never a slash", () => {
    expect(selected("is?/add")).toEqual(["isa/add"]);
    expect(selected("isa/ad[a-d]")).toEqual(["isa/add"]);
    expect(selected("isa/ad[!d]")).toEqual([]);
    expect(matchesFilter("a/b", ["a?b"])).toBe(false);
    expect(matchesFilter("a.b", ["a?b"])).toBe(true);
    expect(matchesFilter("axb", ["a.b"])).toBe(false);
  });

  it("a name without wildcards selects that vector and everything below it", () => {
    expect(selected("isa/add")).toEqual(["isa/add", "isa/add/int", "isa/add/int/deep"]);
    expect(selected("isa/add/")).toEqual(["isa/add", "isa/add/int", "isa/add/int/deep"]);
    expect(matchesFilter("isa/addk/int", ["isa/add"])).toBe(false);
  });
});

describe("judging stdout exactly", () => {
  it("a runtime that drops, adds or changes the final newline fails", () => {
    const e = ok("1\n2\n");
    expect(judge(e, { exit: 0, stdout: "1\n2\n" })).toEqual([]);
    expect(judge(e, { exit: 0, stdout: "1\n2" })[0]).toBe(
      'stdout differs: line 2: expected "\\n", got ""',
    );
    expect(judge(e, { exit: 0, stdout: "1\n2\n\n" })[0]).toMatch(/stdout differs/);
    expect(judge(e, { exit: 0, stdout: "1\r\n2\r\n" })[0]).toMatch(/stdout differs/);
    expect(judge(e, { exit: 0, stdout: "1\n2 \n" })[0]).toMatch(/stdout differs/);
    expect(judge(ok(""), { exit: 0, stdout: "\n" })[0]).toMatch(/stdout differs/);
  });
});

describe("several acceptable codes", () => {
  it("a damaged file that breaks several rules passes with any of them, and only them", () => {
    const e = parseExpectation(
      '{"outcome":"invalid","exit":65,"stdout":"","errors":["E_OPERAND_REG","E_WINDOW"],"offset":"0xec"}',
    );
    const seen = (error: string) => ({ exit: 65, stdout: "", error, offset: "0xec" });
    expect(judge(e, seen("E_OPERAND_REG"))).toEqual([]);
    expect(judge(e, seen("E_WINDOW"))).toEqual([]);
    expect(judge(e, seen("E_OPCODE"))).toEqual([
      "error[E_OPCODE], expected error[E_OPERAND_REG] or error[E_WINDOW]",
    ]);
    expect(() =>
      parseExpectation('{"outcome":"invalid","exit":65,"stdout":"","errors":["E_OPCODE"]}'),
    ).toThrow(/errors/);
  });
});

describe("failure reports", () => {
  it("keeps the first lines of standard error", () => {
    const stderr = Array.from({ length: 9 }, (_, i) => `line ${i}`).join("\n") + "\n";
    const o = observe(1, "", `error[TypeError]: boom\n${stderr}`);
    expect(o.error).toBe("TypeError");
    expect(o.stderr!.split("\n")).toHaveLength(STDERR_LINES);
    expect(o.stderr!.split("\n")[0]).toBe("error[TypeError]: boom");
    expect(observe(0, "x", "").stderr).toBeUndefined();
  });

  it("shows each failure's duration, reasons and stderr", () => {
    const text = failureList([
      {
        name: "isa/add/int",
        area: "isa",
        status: "fail",
        problems: ["exit 70, expected 0 (ok)"],
        ms: 42,
        stderr: "TypeError: x is undefined\n    at f (vm.js:1:1)",
      },
      { name: "isa/add/float", area: "isa", status: "pass", problems: [], ms: 3 },
    ]);
    expect(text).toBe(
      "FAIL isa/add/int (42 ms)\n" +
        "  exit 70, expected 0 (ok)\n" +
        "  stderr:\n" +
        "  | TypeError: x is undefined\n" +
        "  |     at f (vm.js:1:1)\n",
    );
  });

  it("reports a timeout as such, with its limit", () => {
    const problems = judge(ok(""), { exit: 137, stdout: "", timedOut: true, timeoutMs: 300 });
    expect(problems).toEqual(["timed out: no exit within 300 ms (raise it with --timeout)"]);
    const text = failureList([
      {
        name: "programs/collatz",
        area: "programs",
        status: "fail",
        problems,
        ms: 301,
        timedOut: true,
        limitMs: 300,
      },
    ]);
    expect(text).toMatch(/^FAIL programs\/collatz \(TIMEOUT after 301 ms, limit 300 ms\)\n/);
  });
});

describe("cost hints", () => {
  it("are recorded for heavy runs only, and round trip through the expectation file", () => {
    expect(costOf(COST_UNIT)).toBeUndefined();
    expect(costOf(COST_UNIT + 1)).toBe(2);
    expect(costOf(10 * COST_UNIT)).toBe(10);
    const e: Expectation = { ...ok("x\n"), cost: 7 };
    expect(parseExpectation(formatExpectation(e))).toEqual(e);
    expect(() => parseExpectation('{"outcome":"ok","exit":0,"stdout":"","cost":0}')).toThrow(
      /cost/,
    );
    expect(() => parseExpectation('{"outcome":"ok","exit":0,"stdout":"","cost":1.5}')).toThrow(
      /cost/,
    );
  });

  it("scale the time limit of the vector that carries one", async () => {
    const vector = (name: string, cost?: number): SuiteVector => ({
      name,
      area: "limits",
      file: "/dev/null",
      expect: { ...ok(""), ...(cost ? { cost } : {}) },
    });
    // `sleep` outlives 150 ms but not 150 ms × 40.
    const results = await runSuite([vector("light"), vector("heavy", 40)], {
      runtime: { kind: "command", template: "sleep 0.6 # {file}", timeoutMs: 150 },
      jobs: 2,
    });
    expect(results[0]).toMatchObject({ status: "fail", timedOut: true, limitMs: 150 });
    expect(results[1]).toMatchObject({ status: "pass" });
    expect(totals(results)).toEqual({ passed: 1, failed: 1, skipped: 0, timedOut: 1 });
  });
});

describe("a runtime that writes without end", () => {
  it("is stopped at the output limit and fails, instead of filling the runner's memory", async () => {
    const o = await runCommand("yes", 10_000, 1 << 16);
    expect(o.outputLimit).toBe(1 << 16);
    expect(o.stdout.length).toBeLessThanOrEqual(1 << 16);
    expect(judge(ok("y\n"), o)).toEqual([
      "output limit: stopped after more than 65536 bytes on stdout",
    ]);
  });

  it("keeps a bounded head of stderr and still waits for the exit", async () => {
    const o = await runCommand("head -c 300000 /dev/zero | tr '\\0' x >&2; exit 3", 10_000, 1000);
    expect(o.exit).toBe(3);
    expect(o.outputLimit).toBeUndefined();
  });
});
