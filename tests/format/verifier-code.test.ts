// The verifier's code rules (spec/format.md §6, spec/isa.md §2), opcode by opcode: every
// operand of every instruction at the last value its kind accepts and the first it rejects,
// with the message a user reads; the unused bits, windows, test pairs, jump tables and the
// last instruction. Written against the surviving mutants of the verifier's code loop
// (docs/testing.md, "Mutation testing"): its inline checks and the slow path that decides
// every rejection must agree on each boundary.

import { describe, expect, it } from "vitest";
import {
  CAST_TARGETS,
  OPCODES,
  OPERAND_KINDS,
  RUNTIME_ERROR_KINDS,
  encode,
  operandFields,
  fieldRange,
  readModule,
  readVerifiedModule,
  verifyModule,
  writeModule,
  type FunctionProto,
  type Module,
  type OpcodeInfo,
  type OperandKind,
} from "../../format/index.js";
import { errorOf, op } from "./fixtures.js";

const REGISTERS = 8;
const JMP0 = op("JMP", 0);
/** Words after the instruction under test: JMPs (a test's pair, a jump table), then a return. */
const TAIL = [JMP0, JMP0, JMP0, JMP0, op("RETURNUNIT")];
const LENGTH = 1 + TAIL.length;

/**
 * Function 1 (main's child) runs `code`: 8 registers, 2 upvalues, 1 child, constants
 * 0 int, 1 float, 2 str, 3 char. The module has 2 natives, 2 globals, struct 0 (2 fields)
 * and enum 1 (variants 0 of arity 0 and 1 of arity 2).
 */
function moduleWith(code: ArrayLike<number>, fn: Partial<FunctionProto> = {}): Module {
  const plain: FunctionProto = {
    name: 0,
    params: 0,
    registers: 1,
    upvalues: [],
    children: [],
    constants: [],
    code: Uint32Array.of(op("RETURNUNIT")),
  };
  return {
    strings: ["main", "a", "b"],
    constants: [
      { kind: "int", value: 1n },
      { kind: "float", value: 2.5 },
      { kind: "str", string: 1 },
      { kind: "char", codePoint: 120 },
    ],
    types: [
      { kind: "struct", name: 1, flags: 0, fields: [1, 2], methods: [] },
      {
        kind: "enum",
        name: 2,
        flags: 0,
        variants: [
          { name: 1, arity: 0 },
          { name: 2, arity: 2 },
        ],
        methods: [],
      },
    ],
    natives: [
      { name: 1, arity: 0 },
      { name: 2, arity: 1 },
    ],
    globals: [{ name: 1 }, { name: 2 }],
    functions: [
      { ...plain, children: [1], code: Uint32Array.of(op("HALT")) },
      {
        ...plain,
        registers: REGISTERS,
        upvalues: [
          { inStack: true, index: 0 },
          { inStack: true, index: 0 },
        ],
        children: [2],
        constants: [0, 1, 2, 3],
        code: code instanceof Uint32Array ? code : Uint32Array.from(code),
        ...fn,
      },
      plain,
    ],
    custom: [],
  };
}

/** The FormatError verifying function 1 with `code` gives (a bare module: no offset). */
function verdict(code: ArrayLike<number>): { code: string; message: string } | undefined {
  let e;
  try {
    verifyModule(moduleWith(code));
    return undefined;
  } catch (thrown) {
    e = errorOf(() => {
      throw thrown;
    });
  }
  expect(e.offset).toBeUndefined();
  return { code: e.code, message: e.message };
}

/** A value every operand kind accepts when the others are tested. */
const SAFE: Record<OperandKind, number> = {
  reg: 0,
  freg: 0,
  kst: 0,
  kstr: 2,
  knum: 0,
  imm: 0,
  simm: 0,
  bool: 0,
  upval: 0,
  child: 0,
  global: 0,
  native: 0,
  struct: 0,
  variant: 0,
  jump: 0,
  errkind: 0,
  cast: 0,
};

/** Per kind: the values accepted at the boundary, and the values rejected with their code. */
const BOUNDS: Partial<Record<OperandKind, { ok: number[]; bad: [number, string][] }>> = {
  reg: { ok: [REGISTERS - 1], bad: [[REGISTERS, "E_OPERAND_REG"]] },
  freg: { ok: [REGISTERS - 1], bad: [[REGISTERS, "E_OPERAND_REG"]] },
  kst: { ok: [3], bad: [[4, "E_OPERAND_KST"]] },
  kstr: {
    ok: [2],
    bad: [
      [1, "E_OPERAND_KIND"],
      [3, "E_OPERAND_KIND"],
      [4, "E_OPERAND_KST"],
    ],
  },
  knum: {
    ok: [0, 1],
    bad: [
      [2, "E_OPERAND_KIND"],
      [3, "E_OPERAND_KIND"],
      [4, "E_OPERAND_KST"],
    ],
  },
  bool: { ok: [1], bad: [[2, "E_OPERAND_BOOL"]] },
  upval: { ok: [1], bad: [[2, "E_OPERAND_UPVAL"]] },
  child: { ok: [0], bad: [[1, "E_OPERAND_CHILD"]] },
  global: { ok: [1], bad: [[2, "E_OPERAND_GLOBAL"]] },
  native: { ok: [1], bad: [[2, "E_OPERAND_NATIVE"]] },
  struct: {
    ok: [0],
    bad: [
      [1, "E_OPERAND_STRUCT"],
      [2, "E_OPERAND_STRUCT"],
    ],
  },
  variant: { ok: [1], bad: [[2, "E_OPERAND_VARIANT"]] },
  // The instruction is at pc 0 of LENGTH words: targets 0 and LENGTH - 1 are inside.
  jump: {
    ok: [-1, LENGTH - 2],
    bad: [
      [-2, "E_OPERAND_JUMP"],
      [LENGTH - 1, "E_OPERAND_JUMP"],
    ],
  },
  errkind: {
    ok: [RUNTIME_ERROR_KINDS.length - 1],
    bad: [[RUNTIME_ERROR_KINDS.length, "E_OPERAND_ERRKIND"]],
  },
  cast: { ok: [CAST_TARGETS.length - 1], bad: [[CAST_TARGETS.length, "E_OPERAND_CAST"]] },
};

const word = (info: OpcodeInfo, i: number, value: number): number =>
  encode(
    info,
    info.operands.map((kind, j) => (j === i ? value : SAFE[kind])),
  );

describe("every operand of every instruction", () => {
  const cases = OPCODES.flatMap((info) =>
    info.operands.map((kind, i) => [`${info.name} operand ${i + 1} (${kind})`, info, i] as const),
  );

  it.each(cases)("%s: the last value accepted, the first rejected", (_, info, i) => {
    const kind = info.operands[i]!;
    const [min, max] = fieldRange(operandFields(info)[i]!);
    const bounds = BOUNDS[kind] ?? { ok: [min, max], bad: [] };
    for (const value of bounds.ok) {
      // Another rule (a window, a jump table) may still fail, but no operand rule.
      const v = verdict([word(info, i, value), ...TAIL]);
      expect(v?.code ?? "", `${value}`).not.toMatch(/^E_OPERAND/);
    }
    // The field's extremes too: an unsigned field read as signed would hold a negative index.
    const last = bounds.bad.at(-1)?.[1];
    const extremes: [number, string][] = last === undefined ? [] : [[max, last]];
    if (last !== undefined && min < 0) extremes.push([min, last]);
    for (const [value, code] of [...bounds.bad, ...extremes]) {
      if (value < min || value > max) continue; // the field cannot hold it
      expect(verdict([word(info, i, value), ...TAIL]), `${value}`).toEqual({
        code,
        message: `function 1 pc 0: ${info.name} operand ${i + 1} (${kind} ${value}) breaks the rule: ${OPERAND_KINDS[kind].rule}`,
      });
    }
  });

  it("every field of the table is tested", () => {
    // Each bounded kind is rejected through at least one opcode's field.
    const reached = new Set(
      cases.flatMap(([, info, i]) => {
        const kind = info.operands[i]!;
        const [min, max] = fieldRange(operandFields(info)[i]!);
        return (BOUNDS[kind]?.bad ?? []).some(([v]) => v >= min && v <= max) ? [kind] : [];
      }),
    );
    expect([...reached].sort()).toEqual(Object.keys(BOUNDS).sort());
  });
});

describe("the rules of a whole instruction", () => {
  it("an unknown opcode, and unused bits set", () => {
    expect(verdict([99, ...TAIL])).toEqual({
      code: "E_OPCODE",
      message: "function 1 pc 0: unknown opcode 99",
    });
    expect(verdict([op("RETURNUNIT") | (1 << 31)])).toEqual({
      code: "E_UNUSED_BITS",
      message: "function 1 pc 0: RETURNUNIT sets unused bits",
    });
    expect(verdict([op("MOVE", 1, 2) | (1 << 24), ...TAIL])).toEqual({
      code: "E_UNUSED_BITS",
      message: "function 1 pc 0: MOVE sets unused bits",
    });
  });

  it("a window of each kind, at its last register and one past", () => {
    for (const info of OPCODES.filter((o) => o.window !== undefined)) {
      // B: 2 for counted windows (3 and 2 registers), 1 for the pairs; struct 0 (2 fields,
      // 3 registers) and variant 1 (arity 2, 3 registers) for the others.
      const b = info.window === "fields" ? 0 : info.window === "B+1" || info.window === "B" ? 2 : 1;
      const width = info.window === "B" || info.window === "2" ? 2 : 3;
      const operands = (a: number) =>
        info.operands.map((kind, j) => (j === 0 ? a : j === 1 ? b : SAFE[kind]));
      const fits = REGISTERS - width;
      expect(verdict([encode(info, operands(fits)), ...TAIL]), info.name).toBeUndefined();
      expect(verdict([encode(info, operands(fits + 1)), ...TAIL]), info.name).toEqual({
        code: "E_WINDOW",
        message: `function 1 pc 0: ${info.name} window ${info.window} reaches R${REGISTERS}; the frame has ${REGISTERS}`,
      });
    }
  });

  it("a variant without payload takes R[A] alone", () => {
    expect(verdict([op("NEWENUM", REGISTERS - 1, 0), ...TAIL])).toBeUndefined();
  });

  it("a counted window of one register, and an empty one", () => {
    const info = OPCODES.find((o) => o.window === "B")!;
    const one = info.operands.map((kind, j) =>
      j === 0 ? REGISTERS - 1 : j === 1 ? 1 : SAFE[kind],
    );
    expect(verdict([encode(info, one), ...TAIL])).toBeUndefined();
    const operands = info.operands.map((kind, j) => (j === 1 ? 0 : SAFE[kind]));
    expect(verdict([encode(info, operands), ...TAIL])).toEqual({
      code: "E_WINDOW",
      message: `function 1 pc 0: ${info.name} window B reaches R256; the frame has ${REGISTERS}`,
    });
  });

  it("a test followed by a JMP and something after it", () => {
    expect(verdict([op("TEST", 0, 1), JMP0, op("RETURNUNIT")])).toBeUndefined();
    expect(verdict([op("TEST", 0, 1), op("RETURNUNIT"), op("RETURNUNIT")])).toEqual({
      code: "E_TEST_JMP",
      message: "function 1 pc 0: TEST must be followed by JMP",
    });
    expect(verdict([op("RETURNUNIT"), op("TEST", 0, 1)])).toEqual({
      code: "E_TEST_JMP",
      message: "function 1 pc 1: TEST must be followed by JMP",
    });
    expect(verdict([op("LOADTRUE", 0), op("TEST", 0, 1), op("JMP", -3)])).toEqual({
      code: "E_TEST_END",
      message: "function 1 pc 1: TEST passing would skip the last instruction and run past the end",
    });
  });

  it("a test's JMP is a word of its own function", () => {
    // The function's code is a view of a longer buffer whose next word is a JMP.
    const words = Uint32Array.of(op("RETURNUNIT"), op("TEST", 0, 1), JMP0, op("RETURNUNIT"));
    expect(verdict(words.subarray(0, 2))).toEqual({
      code: "E_TEST_JMP",
      message: "function 1 pc 1: TEST must be followed by JMP",
    });
  });

  it("a function ends with a terminator", () => {
    expect(verdict([op("RETURNUNIT"), op("LOADTRUE", 0)])).toEqual({
      code: "E_FALLTHROUGH",
      message: "function 1 pc 1: LOADTRUE ends the function and falls through",
    });
    expect(verdict([op("LOADTRUE", 0), op("RETURNUNIT")])).toBeUndefined();
  });

  it("a jump table: the enum's first variant, then one JMP per variant and one more", () => {
    // Enum 1 has two variants: three JMPs.
    const table = [op("SWITCHVARIANT", 0, 0), JMP0, JMP0, JMP0, op("RETURNUNIT")];
    expect(verdict(table)).toBeUndefined();
    expect(verdict([op("SWITCHVARIANT", 0, 1), JMP0, JMP0, JMP0, op("RETURNUNIT")])).toEqual({
      code: "E_SWITCH_ENUM",
      message: "function 1 pc 0: SWITCHVARIANT names variant 1 of its enum, not the first",
    });
    for (const i of [1, 2, 3]) {
      const broken = table.map((w, j) => (j === i ? op("RETURNUNIT") : w));
      expect(verdict(broken), `word ${i}`).toEqual({
        code: "E_SWITCH_TABLE",
        message: `function 1 pc 0: SWITCHVARIANT's table needs 3 JMPs (2 variants and the default); word ${i} after it is not one`,
      });
    }
    // The table may not run past the end: a JMP's own target rule cannot catch that.
    expect(
      verdict([op("RETURNUNIT"), op("SWITCHVARIANT", 0, 0), op("JMP", -3), op("JMP", -4)]),
    ).toEqual({
      code: "E_SWITCH_TABLE",
      message:
        "function 1 pc 1: SWITCHVARIANT's table needs 3 JMPs (2 variants and the default); word 3 after it is not one",
    });
  });

  it("an error in a file points at the word of the function at fault", () => {
    const bytes = writeModule(moduleWith([op("RETURNUNIT"), op("LOADTRUE", 0)]));
    const e = errorOf(() => readVerifiedModule(bytes));
    expect(e.code).toBe("E_FALLTHROUGH");
    expect(e.offset).toBe(readModule(bytes).layout.functions[1]!.code + 4);
  });
});
