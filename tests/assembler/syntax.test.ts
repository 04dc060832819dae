// Literal spellings and canonical name choices (spec/assembly.md §2, §4, §6): every literal
// reads back to the same bits, and names are printed only where they resolve back.

import { describe, expect, it } from "vitest";
import { assemble, disassemble } from "../../assembler/index.js";
import { floatBits } from "../../assembler/lexer.js";
import type { Module } from "../../format/module.js";

function module(text: string, noVerify = false): Module {
  const r = assemble(text, "t.vasm", { noVerify });
  if (!r.module) throw new Error(r.report);
  return r.module;
}

describe("literals", () => {
  const text =
    ".function main\n" +
    [
      "-0.0",
      "0.0",
      "inf",
      "-inf",
      "nan",
      "1e300",
      "5e-324",
      "0x7fffffffffffffff",
      "-9223372036854775808",
      "'\\''",
      "'\\u{1F600}'",
      '"semi;colon \\"q\\" \\u{7} \\u{2028} é"',
      "1_000",
    ]
      .map((lit) => `  LOADK R0, ${lit}`)
      .join("\n") +
    "\n  HALT\n.end\n";

  it("pool with exact values and print canonically", () => {
    const m = module(text);
    expect(m.constants.map((c) => (c.kind === "float" ? floatBits(c.value) : c))).toEqual([
      0x8000000000000000n,
      0n,
      0x7ff0000000000000n,
      0xfff0000000000000n,
      0x7ff8000000000000n,
      floatBits(1e300),
      1n,
      { kind: "int", value: 2n ** 63n - 1n },
      { kind: "int", value: -(2n ** 63n) },
      { kind: "char", codePoint: 0x27 },
      { kind: "char", codePoint: 0x1f600 },
      { kind: "str", string: 1 },
      { kind: "int", value: 1000n },
    ]);
    const listing = disassemble(m);
    expect(listing).toContain(
      [
        ".constant C0 -0.0",
        ".constant C1 0.0",
        ".constant C2 inf",
        ".constant C3 -inf",
        ".constant C4 nan",
        ".constant C5 1e+300",
        ".constant C6 5e-324",
        ".constant C7 9223372036854775807",
        ".constant C8 -9223372036854775808",
        ".constant C9 '\\''",
        ".constant C10 '😀'",
        '.constant C11 "semi;colon \\"q\\" \\u{7} \\u{2028} é"',
        ".constant C12 1000",
      ].join("\n"),
    );
  });

  it("deduplicates pooled constants (floats by bits) in first-use order", () => {
    const m = module(
      '.function main\n  LOADK R0, 1\n  LOADK R0, "a"\n  LOADK R0, 1\n  LOADK R0, 1.0\n  HALT\n.end\n',
    );
    expect(m.constants).toEqual([
      { kind: "int", value: 1n },
      { kind: "str", string: 1 },
      { kind: "float", value: 1 },
    ]);
    expect(m.functions[0]!.constants).toEqual([0, 1, 2]);
    expect(m.strings).toEqual(["main", "a"]);
  });
});

describe("canonical names", () => {
  const types =
    ".struct P\n  .field x\n.end\n.enum E\n  .variant A 0\n.end\n.enum E\n  .variant A 0\n.end\n";

  it("prints a variant as Type.Variant only when that resolves back to it", () => {
    // Two enums named E: E.A is the first one's variant, so the second's must be V1.
    const m = module(
      types +
        ".function main\n  NEWENUM R0, V0\n  NEWENUM R0, V1\n  NEWSTRUCT R0, P\n  HALT\n.end\n",
      true, // only the listing matters here, not whether a runtime accepts two types named E
    );
    const text = disassemble(m);
    expect(text).toContain("NEWENUM    R0, E.A\n    NEWENUM    R0, V1\n    NEWSTRUCT  R0, P\n");
  });

  it("labels jump targets L<pc>, and writes relative offsets that leave the function", () => {
    const m = module(".function main\n  JMP +5\n  JMP -1\n.end\n", true);
    expect(disassemble(m)).toContain("    JMP        +5\n  L1:\n    JMP        @L1\n");
  });

  it("prints words that are not instructions as .word", () => {
    const m = module(".function main\n  .word 0xff\n  .word 0x12345600\n.end\n", true);
    const text = disassemble(m);
    expect(text).toContain("    .word 0x000000ff\n    .word 0x12345600\n");
    expect(assemble(text, "t", { noVerify: true }).module!.functions[0]!.code).toEqual(
      Uint32Array.of(0xff, 0x12345600),
    );
  });
});
