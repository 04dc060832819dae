// The code -O1 emits in the float bank (compiler/float-bank.ts, spec/isa.md §4 The float
// bank), instruction by instruction: a chain of float operations on two alternating
// temporaries, the K forms and `2.0 * x` commuted, a left operand of unknown kind unboxed
// only after the right one, FNEG, FSQRT, a cast, a float field (GETFIELDF), a float local
// copied before a later operand assigns it, the comparisons FLTK…FGEK and FLT/FLE with `>`
// and `>=` swapped, and a literal in constant slot 255 (the K forms) or 256 (loaded into an
// F register). Each program's output must also be the tree-walker's.

import { describe, expect, it } from "vitest";
import { disassemble } from "../../assembler/index.js";
import { compileSource } from "../../compiler/index.js";
import { interpret } from "../../interpreter/index.js";
import { runVeld } from "../helpers/veld.js";

/**
 * `f(a, b)` with a float local `x` (`x = 0.5 * a` in F2), then `strings` constant
 * strings printed (K1… K`strings`), then `body`.
 */
function program(body: string, strings = 0, prelude = ""): string {
  const lines = [
    "var x = 0.5",
    "x = x * a",
    ...Array.from({ length: strings }, (_, i) => `println("s${i}")`),
    ...body.split("\n"),
  ];
  return `${prelude}fn f(a, b)\n  ${lines.join("\n  ")}\nend\nprintln(f(3, 4))\n`;
}

/** The instructions of `f` after its prefix (`x`'s three, three per printed string). */
function code(source: string, strings = 0): string[] {
  const r = compileSource(source, { fileName: "t.veld" });
  expect(r.diagnostics).toEqual([]);
  const text = disassemble(r.bytes!, { debug: false });
  const f = text.slice(text.search(/\.function F\d+ "f"/));
  const ops = [...f.slice(0, f.indexOf(".end")).matchAll(/^\s{4}([A-Z]+\b.*)$/gm)];
  const all = ops.map((m) => m[1]!.replace(/\s+/g, " "));
  expect(all.slice(1, 3)).toEqual(["FUNBOX F3, R0", "FMUL F2, F2, F3"]);
  return all.slice(3 + 3 * strings);
}

function sameAsWalker(source: string): void {
  let stdout = "";
  const r = interpret(source, { write: (t) => void (stdout += t) });
  expect("status" in r).toBe(true);
  const error = ("error" in r && r.error?.kind) || null;
  const vm = runVeld(source);
  expect({ stdout: vm.stdout, error: vm.error }).toEqual({ stdout, error });
}

const RETURN_X = ["FBOX R3, F2", "RETURN R3"];
const IF_END = ["LOADI R3, 1", "RETURN R3", "LOADI R3, 2", "RETURN R3"];
const POINT = "struct P\n  x: f64,\n  y: f64,\nend\n";

const CASES: [what: string, body: string, code: string[], prelude?: string][] = [
  [
    "a chain of three links alternates two temporaries",
    "x = x * a + b - x / 2.0\nx",
    [
      "FUNBOX F5, R0",
      "FMUL F4, F2, F5",
      "FUNBOX F5, R1",
      "FADD F3, F4, F5",
      "FDIVK F5, F2, K1",
      "FSUB F2, F3, F5",
      ...RETURN_X,
    ],
  ],
  [
    "a chain of two links uses one temporary",
    "x = x * a + b\nx",
    ["FUNBOX F4, R0", "FMUL F3, F2, F4", "FUNBOX F4, R1", "FADD F2, F3, F4", ...RETURN_X],
  ],
  [
    "two chains as operands of a third",
    "x = x - (x + 1.0) * (x + 2.0)\nx",
    ["FADDK F4, F2, K1", "FADDK F5, F2, K2", "FMUL F3, F4, F5", "FSUB F2, F2, F3", ...RETURN_X],
  ],
  [
    "a float local read by the next statement",
    "let y = x * 2.0\nx = y + x * 3.0\nx",
    ["FMULK F3, F2, K1", "FMULK F4, F2, K2", "FADD F2, F3, F4", "FBOX R4, F2", "RETURN R4"],
  ],
  ["`2.0 * x` as `x * 2.0`", "x = 2.0 * x\nx", ["FMULK F2, F2, K1", ...RETURN_X]],
  ["`2.0 + x` as `x + 2.0`", "x = 2.0 + x\nx", ["FADDK F2, F2, K1", ...RETURN_X]],
  ["`2.0 - x` not swapped", "x = 2.0 - x\nx", ["FLOADK F3, K1", "FSUB F2, F3, F2", ...RETURN_X]],
  ["`2.0 / x` not swapped", "x = 2.0 / x\nx", ["FLOADK F3, K1", "FDIV F2, F3, F2", ...RETURN_X]],
  [
    "a parameter on the left is unboxed after the right operand",
    "x = a * x\nx",
    ["MOVE R3, R0", "FUNBOX F4, R3", "FMUL F2, F4, F2", ...RETURN_X],
  ],
  [
    "a parameter on the left of a K form",
    "x = a * 2.0\nx",
    ["MOVE R3, R0", "FUNBOX F4, R3", "FMULK F2, F4, K1", ...RETURN_X],
  ],
  [
    "a parameter on the left of a float product",
    "x = a - 2.0 * x\nx",
    ["MOVE R3, R0", "FMULK F5, F2, K1", "FUNBOX F4, R3", "FSUB F2, F4, F5", ...RETURN_X],
  ],
  ["`-x`", "x = -x\nx", ["FNEG F2, F2", ...RETURN_X]],
  ["`x = x` moves nothing", "x = x\nx", RETURN_X],
  ["`-(x * 2.0)`", "x = -(x * 2.0)\nx", ["FMULK F3, F2, K1", "FNEG F2, F3", ...RETURN_X]],
  [
    "a cast operand is computed, then unboxed",
    "x = x * (a as f64)\nx",
    ["CAST R4, R0, f64", "FUNBOX F3, R4", "FMUL F2, F2, F3", ...RETURN_X],
  ],
  ["sqrt of a float local", "x = std.math.sqrt(x)\nx", ["FSQRT F2, F2", ...RETURN_X]],
  [
    "sqrt of a float product",
    "x = std.math.sqrt(x * 2.0)\nx",
    ["FMULK F3, F2, K3", "FSQRT F2, F3", ...RETURN_X],
  ],
  [
    "a float field read",
    "let p = P(x: 1.5, y: 2.5)\nx = x * p.y\nx",
    [
      "LOADK R4, K2",
      "LOADK R5, K3",
      "NEWSTRUCT R3, P",
      "GETFIELDF F4, R3, K0",
      "FMUL F2, F2, F4",
      "FBOX R4, F2",
      "RETURN R4",
    ],
    POINT,
  ],
  [
    "a float local copied before a later operand assigns it",
    "x = x * do\n  x = 2.0\n  x\nend\nx",
    [
      "FMOVE F3, F2",
      "FLOADK F2, K1",
      "FBOX R5, F2",
      "FUNBOX F4, R5",
      "FMUL F2, F3, F4",
      ...RETURN_X,
    ],
  ],
  [
    "`-x` boxed once for a call",
    "println(-x)",
    ["GETNATIVE R3, N0", "FNEG F5, F2", "FBOX R4, F5", "TAILCALL R3, 1"],
  ],
  [
    "sqrt in a product boxed once",
    "println(std.math.sqrt(x) * 2.0)",
    ["GETNATIVE R3, N0", "FSQRT F6, F2", "FMULK F5, F6, K3", "FBOX R4, F5", "TAILCALL R3, 1"],
  ],
  [
    "a parameter times a float local, boxed once",
    "println(a * x)",
    [
      "GETNATIVE R3, N0",
      "MOVE R6, R0",
      "FUNBOX F7, R6",
      "FMUL F5, F7, F2",
      "FBOX R4, F5",
      "TAILCALL R3, 1",
    ],
  ],
  [
    "a float field set from the bank (SETFIELDF)",
    "var p = P(x: 1.5, y: 2.5)\np.x = x * 2.0\np",
    [
      "LOADK R4, K2",
      "LOADK R5, K3",
      "NEWSTRUCT R3, P",
      "FMULK F4, F2, K4",
      "SETFIELDF R3, K0, F4",
      "RETURN R3",
    ],
    POINT,
  ],
  [
    "a float field set from a float local",
    "var p = P(x: 1.5, y: 2.5)\np.x = x\np",
    ["LOADK R4, K2", "LOADK R5, K3", "NEWSTRUCT R3, P", "SETFIELDF R3, K0, F2", "RETURN R3"],
    POINT,
  ],
  [
    "`p.x += x` of a float field",
    "var p = P(x: 1.5, y: 2.5)\np.x += x\np",
    [
      "LOADK R4, K2",
      "LOADK R5, K3",
      "NEWSTRUCT R3, P",
      "GETFIELDF F5, R3, K0",
      "FADD F4, F5, F2",
      "SETFIELDF R3, K0, F4",
      "RETURN R3",
    ],
    POINT,
  ],
  [
    "`q[0].x = x * 2.0` (the object is no name, read once) in the bank",
    "let q = [P(x: 1.5, y: 2.5)]\nq[0].x = x * 2.0\nq",
    [
      "LOADK R5, K2",
      "LOADK R6, K3",
      "NEWSTRUCT R4, P",
      "NEWARRAY R3, 1",
      "LOADI R5, 0",
      "GETINDEX R4, R3, R5",
      "FMULK F5, F2, K4",
      "SETFIELDF R4, K0, F5",
      "RETURN R3",
    ],
    POINT,
  ],
  [
    "a float local compared, copied before the right operand assigns it",
    "if x < do\n  x = 5.0\n  3\nend as f64 then 1 else 2 end",
    [
      "FMOVE F3, F2",
      "FLOADK F2, K1",
      "LOADI R6, 3",
      "CAST R5, R6, f64",
      "FUNBOX F4, R5",
      "FLT F3, F4, 0",
      "JMP @L12",
      ...IF_END,
    ],
  ],
  [
    "`q[0].x += x` (the object is no name) outside the bank",
    "let q = [P(x: 1.5, y: 2.5)]\nq[0].x += x\nq",
    [
      "LOADK R5, K2",
      "LOADK R6, K3",
      "NEWSTRUCT R4, P",
      "NEWARRAY R3, 1",
      "LOADI R5, 0",
      "GETINDEX R4, R3, R5",
      "GETFIELD R5, R4, K0",
      "FBOX R6, F2",
      "ADD R5, R5, R6",
      "SETFIELD R4, K0, R5",
      "RETURN R3",
    ],
    POINT,
  ],
  [
    "sqrt compared with a literal",
    "if std.math.sqrt(x) < 2.0 then 1 else 2 end",
    ["FSQRT F3, F2", "FLTK F3, K3, 0", "JMP @L8", ...IF_END],
  ],
  [
    "`x < 2` (an int literal)",
    "if x < 2 then 1 else 2 end",
    ["FLTK F2, K1, 0", "JMP @L7", ...IF_END],
  ],
  [
    "`2 < x` (an int literal on the left)",
    "if 2 < x then 1 else 2 end",
    ["FLOADK F3, K1", "FLT F3, F2, 0", "JMP @L8", ...IF_END],
  ],
  [
    "`x < 2^53 + 1` (no exact double) outside the bank",
    "if x < 9007199254740993 then 1 else 2 end",
    ["FBOX R3, F2", "LTK R3, K1, 0", "JMP @L8", ...IF_END],
  ],
  ["`x < 2.0`", "if x < 2.0 then 1 else 2 end", ["FLTK F2, K1, 0", "JMP @L7", ...IF_END]],
  ["`x <= 2.0`", "if x <= 2.0 then 1 else 2 end", ["FLEK F2, K1, 0", "JMP @L7", ...IF_END]],
  ["`x > 2.0`", "if x > 2.0 then 1 else 2 end", ["FGTK F2, K1, 0", "JMP @L7", ...IF_END]],
  ["`x >= 2.0`", "if x >= 2.0 then 1 else 2 end", ["FGEK F2, K1, 0", "JMP @L7", ...IF_END]],
  [
    "`x < y`",
    "if x < x * 2.0 then 1 else 2 end",
    ["FMULK F3, F2, K1", "FLT F2, F3, 0", "JMP @L8", ...IF_END],
  ],
  [
    "`x <= y`",
    "if x <= x * 2.0 then 1 else 2 end",
    ["FMULK F3, F2, K1", "FLE F2, F3, 0", "JMP @L8", ...IF_END],
  ],
  [
    "`x > y` as `y < x`",
    "if x > x * 2.0 then 1 else 2 end",
    ["FMULK F3, F2, K1", "FLT F3, F2, 0", "JMP @L8", ...IF_END],
  ],
  [
    "`x >= y` as `y <= x`",
    "if x >= x * 2.0 then 1 else 2 end",
    ["FMULK F3, F2, K1", "FLE F3, F2, 0", "JMP @L8", ...IF_END],
  ],
];

describe("float bank code", () => {
  for (const [what, body, expected, prelude] of CASES) {
    it(what, () => {
      const source = program(body, 0, prelude);
      expect(code(source)).toEqual(expected);
      sameAsWalker(source);
    });
  }

  it("an ordering with an int literal compares in the bank only if a double holds it exactly", () => {
    const branch = (cond: string) => code(program(`if ${cond} then 1 else 2 end`)).slice(0, -4);
    expect(branch("x < 9007199254740992")).toEqual(["FLTK F2, K1, 0", "JMP @L7"]);
    expect(branch("x < -9007199254740992")).toEqual(["FLTK F2, K1, 0", "JMP @L7"]);
    expect(branch("x < -9007199254740993")).toEqual(["FBOX R3, F2", "LTK R3, K1, 0", "JMP @L8"]);
    expect(branch("-9007199254740992 < x")).toEqual(["FLOADK F3, K1", "FLT F3, F2, 0", "JMP @L8"]);
    expect(branch("9007199254740993 < x")).toEqual([
      "LOADK R3, K1",
      "FBOX R4, F2",
      "LT R3, R4, 0",
      "JMP @L9",
    ]);
    sameAsWalker(program("x = x + 9007199254740990.0\nif x < 9007199254740993 then 1 else 2 end"));
  });

  it("a literal in constant slot 255 is a K operand; in slot 256 it is loaded", () => {
    const at = (strings: number, body: string) => code(program(body, strings), strings);
    expect(at(254, "x = x * 2.0\nx")).toEqual(["FMULK F2, F2, K255", ...RETURN_X]);
    expect(at(254, "x = 2.0 * x\nx")).toEqual(["FMULK F2, F2, K255", ...RETURN_X]);
    expect(at(255, "x = x * 2.0\nx")).toEqual(["FLOADK F3, K256", "FMUL F2, F2, F3", ...RETURN_X]);
    expect(at(255, "x = 2.0 * x\nx")).toEqual(["FLOADK F3, K256", "FMUL F2, F2, F3", ...RETURN_X]);
    const cmp = (strings: number, op: string) =>
      at(strings, `if x ${op} 2.0 then 1 else 2 end`).slice(0, -5);
    expect(cmp(254, "<")).toEqual(["FLTK F2, K255, 0"]);
    expect(cmp(254, ">=")).toEqual(["FGEK F2, K255, 0"]);
    expect(cmp(255, "<")).toEqual(["FLOADK F3, K256", "FLT F2, F3, 0"]);
    expect(cmp(255, ">")).toEqual(["FLOADK F3, K256", "FLT F3, F2, 0"]);
    expect(cmp(255, ">=")).toEqual(["FLOADK F3, K256", "FLE F3, F2, 0"]);
    sameAsWalker(program("x = x * 2.0\nif x >= 2.0 then x else -x end", 255));
  });
});
