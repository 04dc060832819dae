// Our runtime passes every committed vector in-process, and the judging rules themselves:
// outcome classes, stderr parsing, filters.

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { judge, observe, parseExpectation } from "../../tools/conformance/expectation.js";
import { commandFor, unsupported } from "../../tools/conformance/process.js";
import { runSuite } from "../../tools/conformance/run.js";
import { loadSuite, matchesFilter } from "../../tools/conformance/suite.js";

const ROOT = join(import.meta.dirname, "../../test-vectors");

const vectors = loadSuite(ROOT);

describe("our runtime on the vectors (in-process)", () => {
  it("has the whole suite", () => {
    expect(vectors.length).toBeGreaterThan(500);
  });

  // One test per vector: mutation testing's per-test coverage (docs/testing.md) then reruns
  // only the vectors that executed a mutant, not the whole suite.
  it.each(vectors.map((v) => [v.name, v] as const))("passes %s", async (_, v) => {
    const [result] = await runSuite([v], { runtime: { kind: "in-process" } });
    expect(result!.problems).toEqual([]);
    expect(result!.status).toBe("pass");
  });
});

describe("judging", () => {
  const trap = parseExpectation('{"outcome":"trap","exit":1,"stdout":"a\\n","error":"TypeError"}');

  it("reads the kind or code from the first stderr line only", () => {
    expect(observe(1, "", "error[TypeError]: cannot add\n  at main (x.veld:1:1)\n").error).toBe(
      "TypeError",
    );
    expect(observe(65, "", "error[E_MAGIC] at 0x0: bad magic\n")).toMatchObject({
      error: "E_MAGIC",
      offset: "0x0",
    });
    expect(observe(1, "", "warning: x\nerror[TypeError]: y\n").error).toBeUndefined();
  });

  it("compares exit, stdout and kind, never the message", () => {
    expect(judge(trap, { exit: 1, stdout: "a\n", error: "TypeError" })).toEqual([]);
    expect(judge(trap, { exit: 0, stdout: "a\n" })).toHaveLength(2);
    expect(judge(trap, { exit: 1, stdout: "b\n", error: "TypeError" })[0]).toMatch(/stdout/);
    expect(judge(trap, { exit: 1, stdout: "a\n", error: "Panic" })[0]).toMatch(/Panic/);
    expect(judge(trap, { exit: 1, stdout: "a\n", timedOut: true, timeoutMs: 50 })).toEqual([
      "timed out: no exit within 50 ms (raise it with --timeout)",
    ]);
  });

  it("checks offsets unless told not to", () => {
    const bad = parseExpectation(
      '{"outcome":"malformed","exit":65,"stdout":"","error":"E_MAGIC","offset":"0x0"}',
    );
    const seen = { exit: 65, stdout: "", error: "E_MAGIC", offset: "0x4" };
    expect(judge(bad, seen, { checkOffsets: false })).toEqual([]);
    expect(judge(bad, seen)).toEqual(["offset 0x4, expected 0x0"]);
    expect(judge(bad, { ...seen, offset: undefined })).toEqual(["offset missing, expected 0x0"]);
  });

  it("rejects inconsistent expectation files", () => {
    expect(() => parseExpectation('{"outcome":"ok","exit":1,"stdout":""}')).toThrow(/exit/);
    expect(() => parseExpectation('{"outcome":"trap","exit":1,"stdout":""}')).toThrow(/error/);
    expect(parseExpectation('{"outcome":"invalid","exit":65,"stdout":""}').error).toBeUndefined();
    expect(() => parseExpectation('{"outcome":"done","exit":0,"stdout":""}')).toThrow(/outcome/);
  });

  it("substitutes templates and skips vectors needing options it cannot pass", () => {
    const e = parseExpectation(
      '{"outcome":"ok","exit":0,"stdout":"","args":["a b"],"options":{"max-steps":"10"}}',
    );
    expect(commandFor("vm {options} {file}", "/t/x.veldc", e)).toBe(
      "vm --max-steps 10 /t/x.veldc 'a b'",
    );
    expect(commandFor("vm {file} -- {args}", "/t/x.veldc", e)).toBe("vm /t/x.veldc -- 'a b'");
    expect(unsupported("vm {file}", e)).toMatch(/options/);
  });

  it("filters by glob or by name prefix", () => {
    expect(matchesFilter("isa/add/int", ["isa"])).toBe(true);
    expect(matchesFilter("isa/add/int", ["isa/add*"])).toBe(false);
    expect(matchesFilter("isa/add/int", ["isa/add*/*"])).toBe(true);
    expect(matchesFilter("isa/addk/int", ["isa/add"])).toBe(false);
    expect(matchesFilter("isa/add/int", ["**/int"])).toBe(true);
    expect(matchesFilter("isa/add/int", ["isa/*/float"])).toBe(false);
  });
});
