// The spec's error table (spec/format.md §9) matches FORMAT_ERRORS, and the opcode table has
// unique, dense numbers (the VM's switch and the verifier index OPCODES by number).

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FORMAT_ERRORS, OPCODES, OPCODE_BY_NAME, Op } from "../../format/index.js";

describe("error catalogue", () => {
  it("spec/format.md lists exactly FORMAT_ERRORS, in order, with the same outcome and meaning", () => {
    const spec = readFileSync(new URL("../../spec/format.md", import.meta.url), "utf8");
    const table = spec.slice(spec.indexOf("<!-- error table"));
    const rows = [...table.matchAll(/^\| `(E_[A-Z0-9_]+)` \| (\w+) \| (.+) \|$/gm)].map(
      ([, code, outcome, description]) => ({ code, outcome, description }),
    );
    expect(rows).toEqual(FORMAT_ERRORS.map((e) => ({ ...e })));
  });

  it("spec/format.md §9.1 names the reported offset of every code exactly once", () => {
    const spec = readFileSync(new URL("../../spec/format.md", import.meta.url), "utf8");
    const table = spec.slice(spec.indexOf("<!-- offset table"), spec.indexOf("## 10."));
    const named = [...table.matchAll(/^\| (`E_[^|]+) \| .+ \|$/gm)].flatMap(([, codes]) =>
      [...codes!.matchAll(/`(E_[A-Z0-9_*]+)`/g)].map(([, c]) => c!),
    );
    const covered = FORMAT_ERRORS.map((e) => e.code).map((code) =>
      named.filter((n) => n === code || (n.endsWith("*") && code.startsWith(n.slice(0, -1)))),
    );
    expect(covered.filter((c) => c.length !== 1)).toEqual([]);
    for (const n of named) {
      const matches = FORMAT_ERRORS.filter(
        (e) => e.code === n || (n.endsWith("*") && e.code.startsWith(n.slice(0, -1))),
      );
      expect(matches.length, n).toBeGreaterThan(0);
    }
  });

  it("codes are unique UPPER_SNAKE names", () => {
    const codes = FORMAT_ERRORS.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^E_[A-Z0-9_]+$/);
  });
});

describe("opcode numbering", () => {
  it("codes are unique and dense from 0, and fit the opcode byte", () => {
    expect(OPCODES.map((o) => o.code)).toEqual(OPCODES.map((_, i) => i));
    expect(OPCODES.length).toBeLessThanOrEqual(256);
  });

  it("names are unique and Op agrees with OPCODES", () => {
    expect(OPCODE_BY_NAME.size).toBe(OPCODES.length);
    expect(Object.keys(Op)).toHaveLength(OPCODES.length);
    for (const info of OPCODES) expect(Op[info.name as keyof typeof Op]).toBe(info.code);
  });
});
