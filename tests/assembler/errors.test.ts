// Assembly diagnostics (spec/assembly.md §7): each class of error with its exact message and
// position, several errors in one run, and the rendered `file:line:col: error[CODE]:` form.

import { describe, expect, it } from "vitest";
import { assemble } from "../../assembler/index.js";

const fn = (body: string): string => `.function main\n${body}\n.end\n`;

const CASES: [name: string, text: string, message: string, line: number, col: number][] = [
  ["bad character", fn("  HALT # x"), 'unexpected character "#"', 2, 8],
  ["unterminated string", fn('  LOADK R0, "abc\n  HALT'), "unterminated string literal", 2, 13],
  ["unknown escape", fn('  LOADK R0, "a\\q"\n  HALT'), "unknown escape \\q", 2, 15],
  ["malformed number", fn("  LOADI R0, 12abc\n  HALT"), 'malformed number "12abc"', 2, 13],
  [
    "char literal length",
    fn("  LOADK R0, 'ab'\n  HALT"),
    "a char literal holds exactly one character",
    2,
    13,
  ],
  ["unknown instruction", fn("  FROB R0\n  HALT"), "unknown instruction FROB", 2, 3],
  ["operand count", fn("  MOVE R0\n  HALT"), "MOVE takes 2 operands (reg, reg), found 1", 2, 3],
  ["extra operand", fn("  HALT R0"), "HALT takes 0 operands (none), found 1", 2, 8],
  ["missing comma", fn("  MOVE R0 R1\n  HALT"), "expected ',' between operands of MOVE", 2, 11],
  [
    "operand kind",
    fn("  MOVE R0, K1\n  HALT"),
    "operand 2 of MOVE must be a register (R0..R255), found 'K1'",
    2,
    12,
  ],
  [
    "immediate out of range",
    fn("  LOADI R0, 40000\n  HALT"),
    "operand 2 of LOADI is out of range: 40000 does not fit -32768..32767",
    2,
    13,
  ],
  [
    "label without @",
    fn("  JMP done\ndone:\n  HALT"),
    "operand 1 of JMP must be a jump target (@label or +N/-N), found 'done' (a label is referred to as @done)",
    2,
    7,
  ],
  [
    "huge immediate shown by its own value",
    fn("  LOADI R0, -99999999999999999999\n  HALT"),
    "operand 2 of LOADI is out of range: -99999999999999999999 does not fit -32768..32767",
    2,
    13,
  ],
  [
    "register out of range",
    fn("  MOVE R0, R300\n  HALT"),
    "operand 2 of MOVE is out of range: R300 does not fit 0..255",
    2,
    12,
  ],
  [
    "string constant expected",
    fn("  GETFIELD R0, R0, 3\n  HALT"),
    'operand 3 of GETFIELD must be a string constant (K<n> or "text"), found integer 3',
    2,
    20,
  ],
  [
    "number constant expected",
    fn('  ADDK R0, R0, "x"\n  HALT'),
    'operand 3 of ADDK must be a number constant (K<n>, an int or a float), found string "x"',
    2,
    16,
  ],
  [
    "int beyond i64",
    fn("  LOADK R0, 9223372036854775808\n  HALT"),
    "integer 9223372036854775808 does not fit in 64 bits",
    2,
    13,
  ],
  ["undefined label", fn("  JMP @nowhere"), "undefined label @nowhere", 2, 7],
  ["duplicate label", fn("x:\nx:\n  HALT"), "duplicate label x", 3, 1],
  ["unknown global", fn("  GETGLOBAL R0, nope\n  HALT"), "unknown global 'nope'", 2, 17],
  ["unknown native", fn("  GETNATIVE R0, print\n  HALT"), "unknown native 'print'", 2, 17],
  ["unknown function", fn("  CLOSURE R0, nope\n  HALT"), "unknown function 'nope'", 2, 15],
  [
    "unknown variant",
    fn("  NEWENUM R0, Shape.Blob\n  HALT"),
    "unknown variant 'Shape.Blob' (write Type.Variant or V<n>)",
    2,
    15,
  ],
  [
    "enum where a struct is needed",
    ".enum E\n  .variant A 0\n.end\n" + fn("  NEWSTRUCT R0, E\n  HALT"),
    "type E is an enum, not a struct",
    5,
    17,
  ],
  [
    "unknown error kind",
    fn("  RAISE R0, Oops"),
    "operand 2 of RAISE must be an error kind (TypeError, DivisionByZero, IntegerOverflow, IndexOutOfBounds, NoMatch, ArityMismatch, UndefinedField, AssertionFailed, Panic, StackOverflow, Thrown, LimitExceeded, KeyNotFound), found 'Oops'",
    2,
    13,
  ],
  [
    "unknown cast target",
    fn("  CAST R0, R0, i128\n  HALT"),
    "operand 3 of CAST must be a cast target (i64, i32, i16, i8, u64, u32, u16, u8, f64, f32, str), found 'i128'",
    2,
    16,
  ],
  [
    "index out of order",
    '.string S1 "x"\n' + fn("  HALT"),
    "S1 is out of order: the next index here is S0",
    1,
    9,
  ],
  [
    "string index past the table",
    ".native S9 1\n" + fn("  HALT"),
    "string S9 does not exist (the module has 1)",
    1,
    9,
  ],
  [
    "native arity",
    ".native println many\n" + fn("  HALT"),
    "expected the native's arity (0..254) or 'variadic'",
    1,
    17,
  ],
  [
    "upvalue descriptor",
    fn("  .upvalue (stack 0)\n  HALT"),
    "expected (instack N) or (upval N)",
    2,
    12,
  ],
  [
    "partial upvalue names",
    fn('  .upvalue (instack 0) "a"\n  .upvalue (instack 1)\n  HALT'),
    "either every upvalue of a function has a debug name or none has",
    3,
    3,
  ],
  ["block without .end", ".function main\n  HALT\n", ".function block lacks .end", 1, 1],
  [
    "nested block",
    ".function main\n.function f\n  HALT\n.end\n",
    ".function block opened at line 1 lacks .end",
    2,
    1,
  ],
  [
    "stray .end",
    fn("  HALT") + ".end\n",
    ".end without an open .function, .struct or .enum block",
    4,
    1,
  ],
  [
    "instruction at top level",
    "HALT\n" + fn("  HALT"),
    "instruction HALT must be inside a .function block",
    1,
    1,
  ],
  ["label at top level", "top:\n" + fn("  HALT"), "a label must be inside a .function block", 1, 1],
  ["unknown directive", ".frob 1\n" + fn("  HALT"), "unknown directive .frob", 1, 1],
  [
    "body directive at top level",
    ".params 1\n" + fn("  HALT"),
    ".params must be inside a .function block",
    1,
    1,
  ],
  [
    ".hex without .custom",
    '.hex "00"\n' + fn("  HALT"),
    ".hex must follow a .custom directive",
    1,
    1,
  ],
  [
    "odd hex digits",
    '.custom "c"\n.hex "abc"\n' + fn("  HALT"),
    'expected bytes as "hex digits" (an even number)',
    2,
    6,
  ],
  [
    "source hash size",
    '.sourcehash "abcd"\n' + fn("  HALT"),
    'expected the SHA-256 as "64 hex digits" (or "")',
    1,
    13,
  ],
  [
    "no function",
    '.string "x"\n',
    "a module needs at least one .function (the first one is main)",
    1,
    1,
  ],
  [
    "verifier: register past the frame",
    fn("  .registers 1\n  MOVE R0, R5\n  HALT"),
    "the module does not verify: error[E_OPERAND_REG]: function 0 pc 0: MOVE operand 2 (reg 5) breaks the rule: < the function's register count",
    3,
    3,
  ],
  [
    "verifier: falls off the end",
    fn("  LOADI R0, 1"),
    "the module does not verify: error[E_FALLTHROUGH]: function 0 pc 0: LOADI ends the function and falls through",
    2,
    3,
  ],
];

describe("assembly errors", () => {
  for (const [name, text, message, line, col] of CASES) {
    it(name, () => {
      const r = assemble(text, "t.vasm");
      expect(r.bytes).toBeUndefined();
      // A verifier failure carries the verifier's code; the others their class's A code.
      const verifier = /^(the module does not verify: )error\[(E_\w+)\]: (.*)$/.exec(message);
      const [code, expected] = verifier
        ? [verifier[2], verifier[1]! + verifier[3]]
        : [expect.stringMatching(/^A0[123]01$/), message];
      expect(r.diagnostics).toEqual([{ code, message: expected, line, col }]);
    });
  }

  it("reports every independent error of a file at once, in source order", () => {
    const r = assemble(fn("  FROB R0\n  MOVE R0\n  LOADI R0, x\n  HALT"), "t.vasm");
    expect(r.diagnostics.map((d) => [d.line, d.col])).toEqual([
      [2, 3],
      [3, 3],
      [4, 13],
    ]);
  });

  it("renders file:line:col, the source line and a caret", () => {
    const r = assemble(fn("  LOADI\tR0, x\n  HALT"), "prog.vasm");
    expect(r.report).toBe(
      "prog.vasm:2:13: error[A0301]: operand 2 of LOADI must be an integer, found 'x'\n" +
        "  |\n" +
        "2 |   LOADI\tR0, x\n" +
        "  |        \t    ^\n", // the caret keeps the line's tab so it lines up in a terminal
    );
  });

  it("--no-verify writes a module the verifier rejects", () => {
    const text = fn("  LOADI R0, 1");
    expect(assemble(text, "t.vasm").bytes).toBeUndefined();
    const r = assemble(text, "t.vasm", { noVerify: true });
    expect(r.diagnostics).toEqual([]);
    expect(r.bytes).toBeInstanceOf(Uint8Array);
  });
});
