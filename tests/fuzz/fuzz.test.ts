// The fuzz targets at CI size (docs/fuzzing.md): a small seeded slice of every target runs
// in-process through the oracle and must end in Veld outcomes only. `npm run fuzz -- campaign`
// runs the same targets at full size, isolated in forked processes.

import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/index.js";
import { isBad, runInput, signature, type Input } from "../../tools/fuzz/oracle.js";
import { builtinMethodList } from "../../runtime/index.js";
import { CAMPAIGN_TARGETS, VALUE_KINDS, makeInput, targetNamed } from "../../tools/fuzz/targets.js";

/** Inputs per target: a few seconds in all. */
const CI_RUNS: Record<string, number> = {
  bytes: 60,
  clobber: 60,
  methods: 150,
  source: 100,
  vasm: 150,
};

describe("fuzz targets at CI size", () => {
  for (const target of CAMPAIGN_TARGETS) {
    it(`${target.name}: ${CI_RUNS[target.name]} inputs end in Veld outcomes`, () => {
      const findings: string[] = [];
      const classes = new Set<string>();
      for (let i = 0; i < CI_RUNS[target.name]!; i++) {
        const input = makeInput(target, 1, i);
        const o = runInput(input);
        classes.add(o.cls);
        if (isBad(o.cls)) {
          findings.push(`index ${i} (${input.note}): ${signature(o)}`);
        }
      }
      expect(findings).toEqual([]);
      // the target reaches past the front door: some inputs load or compile and run
      expect([...classes].some((c) => c === "ok" || c === "error" || c === "limit")).toBe(true);
    });
  }
});

describe("inputs", () => {
  it("are a function of target, seed and index", () => {
    for (const target of CAMPAIGN_TARGETS) {
      const a = makeInput(target, 7, 3);
      const b = makeInput(target, 7, 3);
      expect(b).toEqual(a);
      // methods is systematic in the index; only its extra arguments come from the seed
      if (target.name !== "methods") expect(makeInput(target, 8, 3)).not.toEqual(a);
    }
  });

  it("methods: every method meets every value kind as receiver, then as each argument", () => {
    const t = targetNamed("methods");
    const M = builtinMethodList().length;
    const K = VALUE_KINDS.length;
    expect(makeInput(t, 1, 0).note).toBe("str.len with 0 argument(s): receiver = int");
    expect(makeInput(t, 1, 1).note).toBe("str.is_empty with 0 argument(s): receiver = int");
    expect(makeInput(t, 1, M).note).toMatch(/^str\.len .*receiver = int min$/);
    // str.contains (index 7) with its argument swept after its receiver
    expect(makeInput(t, 1, 7 + M * (K + 2)).note).toBe(
      `str.contains with 1 argument(s): arg 1 = ${VALUE_KINDS[2]![0]}`,
    );
  });
});

describe("oracle", () => {
  const veld = (text: string): Input => ({ kind: "veld", data: text, note: "test" });

  it("puts each Veld outcome in its class", () => {
    expect(runInput(veld('println("hi")\n')).cls).toBe("ok");
    expect(runInput(veld("println(1 / 0)\n")).cls).toBe("error");
    expect(runInput(veld("while true do\nend\n")).cls).toBe("limit");
    expect(runInput(veld("let = 1\n")).cls).toBe("rejected");
    expect(runInput({ kind: "vasm", data: ".function F0\n", note: "" }).cls).toBe("rejected");
    const bytes = compileSource("let x = 1\n").bytes!;
    expect(runInput({ kind: "veldc", data: bytes, note: "" }).cls).toBe("ok");
    expect(runInput({ kind: "veldc", data: bytes.subarray(0, 20), note: "" }).cls).toBe("rejected");
  });

  it("reports an exception escaping the toolchain as exit70 with its JS stack", () => {
    // not bytes at all: load()'s own code throws
    const o = runInput({ kind: "veldc", data: null as unknown as Uint8Array, note: "" });
    expect(o.cls).toBe("exit70");
    expect(o.stack).toMatch(/runtime\/index\.ts/);
  });

  it("signatures group findings by message shape and innermost frame", () => {
    const a = signature({
      cls: "exit70",
      detail: 'TypeError: "abc" at 12',
      stack: "TypeError\n    at f (/x/runtime/natives/methods.ts:1:2)",
    });
    const b = signature({
      cls: "exit70",
      detail: 'TypeError: "z" at 9',
      stack: "TypeError\n    at f (/y/runtime/natives/methods.ts:40:2)",
    });
    expect(a).toBe(b);
    expect(a).toBe("exit70 | TypeError: _ at N | f (runtime/natives/methods.ts)");
  });
});
