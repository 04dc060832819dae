// One instruction word: field ranges, encoding with its range errors, decoding of signed and
// unsigned fields, and the bits no operand uses (format/instruction.ts, spec/isa.md
// §Encoding). Written against the surviving mutants of format/instruction.ts
// (docs/testing.md, "Mutation testing").

import { describe, expect, it } from "vitest";
import {
  decodeOperands,
  encode,
  fieldRange,
  fieldValue,
  opcodeOf,
  operandFields,
  unusedBits,
} from "../../format/instruction.js";
import { OPCODE_BY_NAME } from "../../format/opcodes.js";

const info = (name: string) => OPCODE_BY_NAME.get(name)!;

describe("instruction words", () => {
  it("give each field its range", () => {
    expect(fieldRange({ bits: 8, shift: 8, signed: false })).toEqual([0, 255]);
    expect(fieldRange({ bits: 16, shift: 16, signed: true })).toEqual([-32768, 32767]);
    expect(fieldRange({ bits: 24, shift: 8, signed: true })).toEqual([-8388608, 8388607]);
  });

  it("encode every operand at both ends of its range, and decode it back", () => {
    for (const [name, operands] of [
      ["MOVE", [255, 0]],
      ["MOVE", [0, 255]],
      ["LOADI", [7, -32768]],
      ["LOADI", [7, 32767]],
      ["LOADK", [1, 65535]],
      ["JMP", [-8388608]],
      ["JMP", [8388607]],
      ["ADDI", [1, 2, -128]],
      ["ADDI", [1, 2, 127]],
    ] as const) {
      const word = encode(info(name), operands);
      expect(opcodeOf(word)).toBe(info(name));
      expect(decodeOperands(info(name), word)).toEqual(operands);
      expect(unusedBits(info(name), word)).toBe(0);
    }
    expect(encode(info("LOADI"), [1, -1])).toBe((0xffff0000 | (1 << 8) | info("LOADI").code) >>> 0);
  });

  it("refuse a wrong operand count and values outside a field", () => {
    expect(() => encode(info("MOVE"), [1])).toThrow(new RangeError("MOVE takes 2 operands"));
    expect(() => encode(info("MOVE"), [1, 256])).toThrow(
      new RangeError("MOVE operand 2 (256) is outside 0..255"),
    );
    expect(() => encode(info("MOVE"), [-1, 0])).toThrow(
      new RangeError("MOVE operand 1 (-1) is outside 0..255"),
    );
    expect(() => encode(info("MOVE"), [1.5, 0])).toThrow(
      new RangeError("MOVE operand 1 (1.5) is outside 0..255"),
    );
    expect(() => encode(info("LOADI"), [0, 32768])).toThrow(/outside -32768\.\.32767/);
    expect(() => encode(info("LOADI"), [0, -32769])).toThrow(/outside -32768\.\.32767/);
  });

  it("read signed fields with their sign and unsigned ones without", () => {
    const word = 0xfffffe01;
    expect(fieldValue(word, { bits: 24, shift: 8, signed: true })).toBe(-2);
    expect(fieldValue(word, { bits: 24, shift: 8, signed: false })).toBe(0xfffffe);
    expect(fieldValue(word, { bits: 8, shift: 8, signed: true })).toBe(-2);
    expect(fieldValue(word, { bits: 8, shift: 16, signed: false })).toBe(255);
    expect(operandFields(info("ADDI")).map((f) => f.signed)).toEqual([false, false, true]);
  });

  it("report the bits no operand uses", () => {
    expect(unusedBits(info("MOVE"), encode(info("MOVE"), [1, 2]) | (5 << 24))).toBe(5 << 24);
    expect(unusedBits(info("JMP"), 0xffffffff)).toBe(0);
    expect(unusedBits(info("LOADK"), 0xffffffff)).toBe(0);
  });
});
