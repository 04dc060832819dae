// The conformance judge (tools/conformance/expectation.ts) on its own: every check of an
// expectation file, the serialised key order, what is read from stderr, and every message of
// a failed judgement. Written against the judge's surviving mutants (docs/testing.md,
// "Mutation testing"): each assertion fails for some one-token change of the judge.

import { describe, expect, it } from "vitest";
import {
  EXIT_FOR_OUTCOME,
  formatExpectation,
  judge,
  observe,
  parseExpectation,
  type Expectation,
} from "../../tools/conformance/expectation.js";

const parse = (o: object) => parseExpectation(JSON.stringify(o));
const ok = { outcome: "ok", exit: 0, stdout: "" };

describe("expectation files", () => {
  it("have one exit status per outcome", () => {
    expect(EXIT_FOR_OUTCOME).toEqual({
      ok: 0,
      trap: 1,
      exhaustion: 1,
      malformed: 65,
      invalid: 65,
    });
    for (const [outcome, exit] of Object.entries(EXIT_FOR_OUTCOME)) {
      const e = { outcome, exit, stdout: "", error: "X" };
      expect(parse(e)).toEqual(e);
    }
  });

  it("name each problem", () => {
    const bad = (o: unknown, message: string) =>
      expect(() => parseExpectation(JSON.stringify(o))).toThrow(`bad expectation: ${message}`);
    bad(null, "not an object");
    bad("ok", "not an object");
    bad({ ...ok, outcome: "done" }, "unknown outcome done");
    bad({ ...ok, exit: 1 }, "exit 1 for ok");
    bad({ ...ok, stdout: 1 }, "stdout is not a string");
    bad({ ...ok, error: 1 }, "error is not a string");
    bad({ ...ok, errors: ["E_A"] }, "errors is not an array of two or more codes");
    bad({ ...ok, errors: ["E_A", 2] }, "errors is not an array of two or more codes");
    bad({ ...ok, errors: "E_A" }, "errors is not an array of two or more codes");
    bad({ ...ok, error: "E_A", errors: ["E_A", "E_B"] }, "both error and errors");
    bad({ outcome: "trap", exit: 1, stdout: "" }, "trap without an error kind");
    bad({ outcome: "exhaustion", exit: 1, stdout: "" }, "exhaustion without an error kind");
    bad({ ...ok, args: "a" }, "args is not a string array");
    bad({ ...ok, args: [1] }, "args is not a string array");
    bad({ ...ok, libs: "a.veldc" }, "libs is not a string array");
    bad({ ...ok, libs: [1] }, "libs is not a string array");
    bad({ ...ok, cost: 0 }, "cost 0 is not a positive integer");
    bad({ ...ok, cost: 2.5 }, "cost 2.5 is not a positive integer");
    bad({ ...ok, options: { "max-stack": "1" } }, "option max-stack");
    bad({ ...ok, options: { "max-steps": 10 } }, "option max-steps");
  });

  it("accept every optional field that is well formed", () => {
    const full = {
      outcome: "invalid",
      exit: 65,
      stdout: "",
      errors: ["E_A", "E_B"],
      offset: "0x1c",
      args: ["a"],
      options: { "max-steps": "10", "max-depth": "5", "max-memory": "100" },
      libs: ["lib.veldc"],
      cost: 1,
      description: "d",
    };
    expect(parse(full)).toEqual(full);
    expect(parse({ ...ok, error: "E_A" }).error).toBe("E_A");
    expect(parse({ outcome: "malformed", exit: 65, stdout: "" }).error).toBeUndefined();
  });

  it("serialise with a fixed key order, whatever the object's order", () => {
    const e: Expectation = {
      description: "d",
      cost: 3,
      libs: ["l.veldc"],
      options: { "max-steps": "9" },
      args: ["x"],
      offset: "0x4",
      errors: ["E_A", "E_B"],
      error: "E_C",
      stdout: "out\n",
      exit: 65,
      outcome: "invalid",
    };
    const text = formatExpectation(e);
    expect(Object.keys(JSON.parse(text))).toEqual([
      "outcome",
      "exit",
      "stdout",
      "error",
      "errors",
      "offset",
      "args",
      "options",
      "libs",
      "cost",
      "description",
    ]);
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + "\n");
    expect(formatExpectation({ outcome: "ok", exit: 0, stdout: "" })).toBe(
      '{\n  "outcome": "ok",\n  "exit": 0,\n  "stdout": ""\n}\n',
    );
  });
});

describe("observing a run", () => {
  it("reads the code and a lowercased offset from the first stderr line only", () => {
    expect(observe(65, "", "error[E_MAGIC] at 0x1C: bad\n")).toEqual({
      exit: 65,
      stdout: "",
      stderr: "error[E_MAGIC] at 0x1C: bad",
      error: "E_MAGIC",
      offset: "0x1c",
    });
    expect(observe(65, "", "error[E_MAGIC]: bad\n")).toEqual({
      exit: 65,
      stdout: "",
      stderr: "error[E_MAGIC]: bad",
      error: "E_MAGIC",
    });
    // Anchored at the start of the line: a code inside a message is not the run's code.
    expect(observe(1, "", "note: error[TypeError]\n").error).toBeUndefined();
    expect(observe(1, "", "error[Type Error]: x\n").error).toBeUndefined();
    expect(observe(1, "", "error[TypeError] at 0x: x\n").offset).toBeUndefined();
    expect(observe(0, "out", "")).toEqual({ exit: 0, stdout: "out" });
    expect(observe(0, "", "   \n\n").stderr).toBeUndefined();
  });
});

describe("judging", () => {
  const trap: Expectation = { outcome: "trap", exit: 1, stdout: "", error: "TypeError" };

  it("names a wrong exit status and the outcome it stands for", () => {
    expect(judge(trap, { exit: 0, stdout: "", error: "TypeError" })).toEqual([
      "exit 0, expected 1 (trap)",
    ]);
  });

  it("says when no error line was printed", () => {
    expect(judge(trap, { exit: 1, stdout: "" })).toEqual(["no 'error[TypeError]' line on stderr"]);
    expect(judge(trap, { exit: 1, stdout: "", error: "Panic" })).toEqual([
      "error[Panic], expected error[TypeError]",
    ]);
    const either: Expectation = { ...trap, error: undefined, errors: ["E_A", "E_B"] };
    expect(judge(either, { exit: 1, stdout: "" })).toEqual([
      "no error[E_A] or error[E_B] line on stderr",
    ]);
  });

  it("reports a timeout alone, with or without its limit", () => {
    expect(judge(trap, { exit: 9, stdout: "x", timedOut: true })).toEqual([
      "timed out: no exit within the ms (raise it with --timeout)",
    ]);
  });

  it("checks offsets by default and when asked", () => {
    const bad: Expectation = { outcome: "malformed", exit: 65, stdout: "", offset: "0x0" };
    const seen = { exit: 65, stdout: "", offset: "0x4" };
    expect(judge(bad, seen, { checkOffsets: true })).toEqual(["offset 0x4, expected 0x0"]);
    expect(judge(bad, seen, {})).toEqual(["offset 0x4, expected 0x0"]);
    expect(judge({ ...bad, offset: undefined }, seen)).toEqual([]);
  });

  it("points at the first differing character, by line", () => {
    const e: Expectation = { outcome: "ok", exit: 0, stdout: "a\nbc\nd\n" };
    expect(judge(e, { exit: 0, stdout: "a\nbX\nd\n" })).toEqual([
      'stdout differs: line 2: expected "c\\nd\\n", got "X\\nd\\n"',
    ]);
    expect(judge(e, { exit: 0, stdout: "" })).toEqual([
      'stdout differs: line 1: expected "a\\nbc\\nd\\n", got ""',
    ]);
    expect(judge(e, { exit: 0, stdout: "a\nbc\nd\nmore" })).toEqual([
      'stdout differs: line 4: expected "", got "more"',
    ]);
    const long = "x".repeat(50);
    expect(judge({ ...e, stdout: long }, { exit: 0, stdout: "" })).toEqual([
      `stdout differs: line 1: expected "${"x".repeat(40)}", got ""`,
    ]);
  });
});
