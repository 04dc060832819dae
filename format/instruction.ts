// Encoding and decoding of one 32-bit instruction word, per format (spec/isa.md §Encoding).
// Operands are given in field order (A, B, C / A, Bx / sJ) as plain numbers; signed fields
// take negative numbers. Range checks throw RangeError: callers (assembler, compiler) turn
// them into positioned diagnostics before this point.

import { OPCODE_BY_CODE, type Format, type OpcodeInfo, type OperandKind } from "./opcodes.js";

export interface FieldSpec {
  readonly bits: number;
  readonly shift: number;
  readonly signed: boolean;
}

const A: FieldSpec = { bits: 8, shift: 8, signed: false };
const B: FieldSpec = { bits: 8, shift: 16, signed: false };
const C: FieldSpec = { bits: 8, shift: 24, signed: false };
const BX: FieldSpec = { bits: 16, shift: 16, signed: false };
const SBX: FieldSpec = { bits: 16, shift: 16, signed: true };
const SJ: FieldSpec = { bits: 24, shift: 8, signed: true };

/** Signed operand kinds use the signed reading of their field. */
const SIGNED_KINDS: ReadonlySet<OperandKind> = new Set(["simm", "jump"]);

/** The bit fields an opcode's operands occupy, in operand order. */
export function operandFields(info: OpcodeInfo): FieldSpec[] {
  const layout: Record<Format, FieldSpec[]> = {
    ABC: [A, B, C],
    ABx: [A, BX],
    AsBx: [A, SBX],
    sJ: [SJ],
  };
  return info.operands.map((kind, i) => {
    const field = layout[info.format][i]!;
    return SIGNED_KINDS.has(kind) ? { ...field, signed: true } : field;
  });
}

export function fieldRange(field: FieldSpec): [min: number, max: number] {
  return field.signed
    ? [-(2 ** (field.bits - 1)), 2 ** (field.bits - 1) - 1]
    : [0, 2 ** field.bits - 1];
}

/** An opcode's fields as flat lists (shift, mask, signed range), built on first use. */
interface Encoding {
  readonly info: OpcodeInfo;
  readonly fields: readonly FieldSpec[];
  readonly shifts: readonly number[];
  readonly masks: readonly number[];
  readonly mins: readonly number[];
  readonly maxes: readonly number[];
}

/** Encodings by opcode number (an entry serves only the info object it was built for). */
const ENCODINGS: (Encoding | undefined)[] = [];

function encodingOf(info: OpcodeInfo): Encoding {
  const known = ENCODINGS[info.code];
  if (known !== undefined && known.info === info) return known;
  const fields = operandFields(info);
  const ranges = fields.map(fieldRange);
  const encoding: Encoding = {
    info,
    fields,
    shifts: fields.map((f) => f.shift),
    masks: fields.map((f) => 2 ** f.bits - 1),
    mins: ranges.map((r) => r[0]),
    maxes: ranges.map((r) => r[1]),
  };
  ENCODINGS[info.code] = encoding;
  return encoding;
}

export function encode(info: OpcodeInfo, operands: readonly number[]): number {
  if (operands.length !== info.operands.length) {
    throw new RangeError(`${info.name} takes ${info.operands.length} operands`);
  }
  const { shifts, masks, mins, maxes } = encodingOf(info);
  let word = info.code;
  for (let i = 0; i < operands.length; i++) {
    const value = operands[i]!;
    if (!Number.isInteger(value) || value < mins[i]! || value > maxes[i]!) {
      throw new RangeError(
        `${info.name} operand ${i + 1} (${value}) is outside ${mins[i]}..${maxes[i]}`,
      );
    }
    word |= (value & masks[i]!) << shifts[i]!;
  }
  return word >>> 0;
}

export function opcodeOf(word: number): OpcodeInfo | undefined {
  return OPCODE_BY_CODE[word & 0xff];
}

/** Operand values of a word whose opcode is known. */
export function decodeOperands(info: OpcodeInfo, word: number): number[] {
  return encodingOf(info).fields.map((field) => fieldValue(word, field));
}

export function fieldValue(word: number, field: FieldSpec): number {
  const w = word | 0;
  if (field.signed) return (w << (32 - field.shift - field.bits)) >> (32 - field.bits);
  return (w >>> field.shift) & (2 ** field.bits - 1);
}

/** Bits of the word that no operand of `info` uses (must be zero in a canonical file). */
export function unusedBits(info: OpcodeInfo, word: number): number {
  let used = 0xff;
  for (const field of operandFields(info)) used |= (2 ** field.bits - 1) * 2 ** field.shift;
  return (word >>> 0) & ~used;
}
