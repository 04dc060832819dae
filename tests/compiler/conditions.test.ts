// Conditions at -O1 (compiler/conditions.ts): the fused compare-and-branch form each operator
// and operand kind gets (immediate, constant, registers, operands swapped for `>`), TEST for a
// bool value, and the jump chains of `and`, `or` and `!`.

import { describe, expect, it } from "vitest";
import { disassemble } from "../../assembler/index.js";
import { compileSource } from "../../compiler/index.js";
import { runVeld } from "../helpers/veld.js";
import { code as listing } from "./function-code.js";

/** The instructions of `f` up to its last JMP: the condition's branches. */
function branches(cond: string, optimize: 0 | 1 = 1): string[] {
  const src = `fn f(a, b, p, q) => if ${cond} then 1 else 2 end\nprintln(f(1, 2, true, false))`;
  const text = disassemble(compileSource(src, { optimize }).bytes!, { debug: false });
  const f = text.slice(text.search(/\.function F\d+ "f"/));
  const ops = [...f.matchAll(/^\s{4}([A-Z]+\b.*)$/gm)].map((m) => m[1]!.replace(/\s+/g, " "));
  return ops.slice(0, ops.map((o) => o.startsWith("JMP")).lastIndexOf(true) + 1);
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
  ["a != 5 or p", ["EQI R0, 5, 0", "JMP @L4", "TEST R2, 0", "JMP @L6"]],
  ["a == b or p", ["EQ R0, R1, 1", "JMP @L4", "TEST R2, 0", "JMP @L6"]],
  ["a + b", ["ADD R4, R0, R1", "TEST R4, 0", "JMP @L5"]],
  ["-a", ["NEG R4, R0", "TEST R4, 0", "JMP @L5"]],
  ["p == q", ["EQ R2, R3, 0", "JMP @L4"]],
  ['a < "s"', ["LOADK R4, K0", "LT R0, R4, 0", "JMP @L5"]],
  ['a >= "s"', ["LOADK R4, K0", "LE R4, R0, 0", "JMP @L5"]],
];

describe("conditions as branches", () => {
  for (const [cond, code] of CASES) it(cond, () => expect(branches(cond)).toEqual(code));

  it("an ordering with a float local compares in the float bank", () => {
    const prefix = ["FLOADK F1, K0", "FUNBOX F2, R0", "FMUL F1, F1, F2"];
    const code = (cond: string) => {
      const src = `fn f(a)\n  var x = 0.5\n  x = x * a\n  if ${cond} then 1 else 2 end\nend\nprintln(f(3))`;
      const text = disassemble(compileSource(src).bytes!, { debug: false });
      const f = text.slice(text.search(/\.function F\d+ "f"/));
      const ops = [...f.matchAll(/^\s{4}([A-Z]+\b.*)$/gm)].map((m) => m[1]!.replace(/\s+/g, " "));
      return ops.slice(0, ops.map((o) => o.startsWith("JMP")).lastIndexOf(true) + 1);
    };
    expect(code("x < 2.0")).toEqual([...prefix, "FLTK F1, K1, 0", "JMP @L7"]);
    expect(code("2.0 > x")).toEqual([...prefix, "FLOADK F2, K1", "FLT F1, F2, 0", "JMP @L8"]);
    // Equality, and an operand not known to be a float, stay on the value registers.
    expect(code("x == 2.0")).toEqual([...prefix, "FBOX R2, F1", "EQK R2, K1, 0", "JMP @L8"]);
    expect(code("x < a")).toEqual([...prefix, "FBOX R2, F1", "LT R2, R0, 0", "JMP @L8"]);
    expect(code("a < 2.0")).toEqual([...prefix, "LTK R0, K1, 0", "JMP @L7"]);
    expect(code("x != 2.0")).toEqual([...prefix, "FBOX R2, F1", "EQK R2, K1, 1", "JMP @L8"]);
    // An int a double does not hold exactly, and a float that reads no float local, neither.
    expect(code("x < 9007199254740993")).toEqual([
      ...prefix,
      "FBOX R2, F1",
      "LTK R2, K1, 0",
      "JMP @L8",
    ]);
    expect(code("(a as float) < 2.0")).toEqual([
      ...prefix,
      "CAST R2, R0, f64",
      "LTK R2, K1, 0",
      "JMP @L8",
    ]);
  });

  it("a float local against an int beyond 2^53 is ordered exactly", () => {
    // x is 2^53; 2^53 + 1 as a double would be 2^53 again.
    const src =
      "fn f(a)\n  var x = 0.5\n  x = x * a\n  if x < 9007199254740993 then 1 else 2 end\nend\n" +
      "println(f(18014398509481984))\n";
    expect(runVeld(src).stdout).toBe("1\n");
  });

  it("the left operand is read before a right operand that assigns it", () => {
    const src =
      'fn f(a)\n  var v = a\n  if v < do\n    v = 10\n    5\n  end then "lt" else "ge" end\nend\n' +
      "println(f(1))\n";
    expect(runVeld(src).stdout).toBe("lt\n");
  });

  it("a condition's registers are free again for the code after it", () => {
    const src = "fn f(a, b)\n  if a + b < 3 then\n    println(a * b + 1)\n  end\nend\nf(1, 2)\n";
    expect(listing(src, "f", 1)).toEqual([
      "ADD R2, R0, R1",
      "LTI R2, 3, 0",
      "JMP @L7",
      "GETNATIVE R2, N0",
      "MUL R4, R0, R1",
      "ADDI R3, R4, 1",
      "TAILCALL R2, 1",
      "L7:",
      "RETURNUNIT",
    ]);
  });

  it("a constant beyond slot 255 is compared from a register", () => {
    const last = (n: number, cond: string) => {
      const strs = Array.from({ length: n }, (_, i) => `"s${i}"`).join(", ");
      const src = `fn f(a)\n  let s = [${strs}]\n  if ${cond} then s else s end\nend\nprintln(f(3))`;
      const text = disassemble(compileSource(src).bytes!, { debug: false });
      const f = text.slice(text.search(/\.function F\d+ "f"/));
      const ops = [...f.matchAll(/^\s{4}([A-Z]+\b.*)$/gm)].map((m) => m[1]!.replace(/\s+/g, " "));
      const jmp = ops.map((o) => o.startsWith("JMP")).lastIndexOf(true);
      return ops.slice(jmp - 2, jmp);
    };
    expect(last(255, "a < 500")).toEqual(["APPEND R1, 5", "LTK R0, K255, 0"]);
    expect(last(255, "a == 500")).toEqual(["APPEND R1, 5", "EQK R0, K255, 0"]);
    expect(last(256, "a < 500")).toEqual(["LOADI R2, 500", "LT R0, R2, 0"]);
    expect(last(256, "a == 500")).toEqual(["LOADI R2, 500", "EQ R0, R2, 0"]);
  });

  it("-O0 tests a computed bool", () => {
    expect(branches("a < 5", 0).slice(-2)).toEqual(["TEST R4, 0", "JMP @L6"]);
  });
});
