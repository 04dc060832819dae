// The spec's error table (spec/format.md §9) matches FORMAT_ERRORS, and the opcode table's
// numbers are unique, fit the opcode byte and never move.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FORMAT_ERRORS, OPCODES, OPCODE_BY_CODE, OPCODE_BY_NAME } from "../../format/index.js";

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
  // The numbers format 1.0 shipped with, in order from 0: they never move (spec/changelog.md).
  const FORMAT_1_0 = [
    "MOVE",
    "LOADK",
    "LOADI",
    "LOADF",
    "LOADTRUE",
    "LOADFALSE",
    "LOADUNIT",
    "GETGLOBAL",
    "SETGLOBAL",
    "GETNATIVE",
    "GETUPVAL",
    "SETUPVAL",
    "CLOSE",
    "CLOSURE",
    "ADD",
    "ADDK",
    "SUB",
    "SUBK",
    "MUL",
    "MULK",
    "DIV",
    "DIVK",
    "MOD",
    "MODK",
    "POW",
    "POWK",
    "ADDI",
    "NEG",
    "NOT",
    "CONCAT",
    "SEQ",
    "SNE",
    "SLT",
    "SLE",
    "EQ",
    "LT",
    "LE",
    "EQK",
    "EQI",
    "LTI",
    "LEI",
    "GTI",
    "GEI",
    "TEST",
    "TESTVARIANT",
    "TESTSTRUCT",
    "TESTTUPLE",
    "JMP",
    "FORPREP",
    "FORPREPI",
    "FORLOOP",
    "GETITER",
    "ITERNEXT",
    "CALL",
    "TAILCALL",
    "SELF",
    "RETURN",
    "RETURNUNIT",
    "HALT",
    "NEWARRAY",
    "APPEND",
    "GETINDEX",
    "SETINDEX",
    "NEWTUPLE",
    "GETTUPLE",
    "NEWSTRUCT",
    "GETFIELD",
    "SETFIELD",
    "NEWENUM",
    "GETPAYLOAD",
    "NEWRANGE",
    "CAST",
    "TRY",
    "ENDTRY",
    "THROW",
    "RAISE",
    "LTK",
    "LEK",
    "GTK",
    "GEK",
    "FMOVE",
    "FLOADK",
    "FUNBOX",
    "FBOX",
    "FADD",
    "FADDK",
    "FSUB",
    "FSUBK",
    "FMUL",
    "FMULK",
    "FDIV",
    "FDIVK",
    "FNEG",
    "FLT",
    "FLE",
    "FLTK",
    "FLEK",
    "FGTK",
    "FGEK",
  ];

  it("every number format 1.0 shipped still names the same instruction", () => {
    expect(FORMAT_1_0.map((_, code) => OPCODE_BY_CODE[code]?.name)).toEqual(FORMAT_1_0);
  });

  it("codes are unique, sorted, fit the opcode byte, and OPCODE_BY_CODE indexes them", () => {
    const codes = OPCODES.map((o) => o.code);
    expect(codes).toEqual([...new Set(codes)].sort((x, y) => x - y));
    for (const code of codes) expect(code >= 0 && code <= 255).toBe(true);
    for (let code = 0; code < 256; code++) {
      expect(OPCODE_BY_CODE[code]).toBe(OPCODES.find((o) => o.code === code));
    }
  });

  it("names are unique and the generated Op enum agrees with OPCODES", () => {
    expect(OPCODE_BY_NAME.size).toBe(OPCODES.length);
    const generated = readFileSync(new URL("../../format/op.ts", import.meta.url), "utf8");
    const members = [...generated.matchAll(/^  (\w+) = (\d+),$/gm)].map(([, n, c]) => [n, +c!]);
    expect(members).toEqual(OPCODES.map((o) => [o.name, o.code]));
  });
});
