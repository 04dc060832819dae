// Conditions at -O1 (compiler/conditions.ts): the fused compare-and-branch form each operator
// and operand kind gets (immediate, constant, registers, operands swapped for `>`), TEST for a
// bool value, and the jump chains of `and`, `or` and `!`.

import { describe, expect, it } from "vitest";
import { disassemble } from "../../assembler/index.js";
import { compileSource } from "../../compiler/index.js";

/** The instructions of `f` up to its last JMP: the condition's branches. */
function branches(cond: string, optimize: 0 | 1 = 1): string[] {
  const src = `fn f(a, b, p, q) => if ${cond} then 1 else 2 end\nprintln(f(1, 2, true, false))`;
  const text = disassemble(compileSource(src, { optimize }).bytes!, { debug: false });
  const f = text.slice(text.search(/\.function F\d+ "f"/));
  const ops = [...f.matchAll(/^\s{4}([A-Z]+\b.*)$/gm)].map((m) => m[1]!.replace(/\s+/g, " "));
  return ops.slice(0, ops.findLastIndex((o) => o.startsWith("JMP")) + 1);
}

const CASES: [string, string[]][] = [
  ["a == 5", ["EQI R0, 5, 0", "JMP @L4"]],
  ["a != 5", ["EQI R0, 5, 1", "JMP @L4"]],
  ["a < 5", ["LTI R0, 5, 0", "JMP @L4"]],
  ["a <= 5", ["LEI R0, 5, 0", "JMP @L4"]],
  ["a > 5", ["GTI R0, 5, 0", "JMP @L4"]],
  ["a >= 5", ["GEI R0, 5, 0", "JMP @L4"]],
  ["a < 500", ["LTK R0, K0, 0", "JMP @L4"]],
  ["a <= 500", ["LEK R0, K0, 0", "JMP @L4"]],
  ["a > 500", ["GTK R0, K0, 0", "JMP @L4"]],
  ["a >= 500", ["GEK R0, K0, 0", "JMP @L4"]],
  ["a < 1.5", ["LTK R0, K0, 0", "JMP @L4"]],
  ["a == 500", ["EQK R0, K0, 0", "JMP @L4"]],
  ["a != 500", ["EQK R0, K0, 1", "JMP @L4"]],
  ['a == "s"', ["EQK R0, K0, 0", "JMP @L4"]],
  ["a == b", ["EQ R0, R1, 0", "JMP @L4"]],
  ["a != b", ["EQ R0, R1, 1", "JMP @L4"]],
  ["a < b", ["LT R0, R1, 0", "JMP @L4"]],
  ["a <= b", ["LE R0, R1, 0", "JMP @L4"]],
  ["a > b", ["LT R1, R0, 0", "JMP @L4"]],
  ["a >= b", ["LE R1, R0, 0", "JMP @L4"]],
  ["p", ["TEST R2, 0", "JMP @L4"]],
  ["!p", ["TEST R2, 1", "JMP @L4"]],
  ["p and q", ["TEST R2, 0", "JMP @L6", "TEST R3, 0", "JMP @L6"]],
  ["p or q", ["TEST R2, 1", "JMP @L4", "TEST R3, 0", "JMP @L6"]],
  ["!(p and q)", ["TEST R2, 0", "JMP @L4", "TEST R3, 1", "JMP @L6"]],
  [
    "p and q and a < b",
    ["TEST R2, 0", "JMP @L8", "TEST R3, 0", "JMP @L8", "LT R0, R1, 0", "JMP @L8"],
  ],
  [
    "p or q or a < b",
    ["TEST R2, 1", "JMP @L6", "TEST R3, 1", "JMP @L6", "LT R0, R1, 0", "JMP @L8"],
  ],
  ["true", []],
  ["false", []],
  ["a < -5", ["LTI R0, -5, 0", "JMP @L4"]],
  ["a == 0", ["EQI R0, 0, 0", "JMP @L4"]],
  ["a == 127", ["EQI R0, 127, 0", "JMP @L4"]],
  ["a == 128", ["EQK R0, K0, 0", "JMP @L4"]],
  ["!(a < b)", ["LT R0, R1, 1", "JMP @L4"]],
];

describe("conditions as branches", () => {
  for (const [cond, code] of CASES) it(cond, () => expect(branches(cond)).toEqual(code));

  it("-O0 tests a computed bool", () => {
    expect(branches("a < 5", 0).slice(-2)).toEqual(["TEST R4, 0", "JMP @L6"]);
  });
});
