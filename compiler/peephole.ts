// Peephole passes over one function's finished code (-O1): jump threading (a jump to a JMP
// goes straight to its destination), removal of unreachable instructions (code after
// returns, jumps and throws; arms of folded conditions), of jumps to the next instruction and
// of a GETUPVAL/GETGLOBAL that reads back what the instruction before it just stored from the
// same register (`n = n + 1; n`). Jump offsets, the line table, local ranges and the places
// of SWITCHVARIANT's jump tables (whose JMPs are kept as they are) are remapped.

import { operandFields, type FieldSpec } from "../format/instruction.js";
import type { LocalVar } from "../format/module.js";
import { Op } from "../format/op.js";
import { OPCODE_BY_CODE, type OpcodeInfo } from "../format/opcodes.js";

export interface FunctionCode {
  code: number[];
  lines: number[];
  columns: number[];
  locals: LocalVar[];
  /** pc of each SWITCHVARIANT → the number of JMPs of its table (they follow it). */
  tables: ReadonlyMap<number, number>;
}

const info = (word: number): OpcodeInfo => OPCODE_BY_CODE[word & 0xff]!;

/** JUMP_FIELD[code]: the field of the opcode's jump operand, null if it has none. */
const JUMP_FIELD: readonly (FieldSpec | null)[] = OPCODE_BY_CODE.map((op) =>
  op === undefined ? null : (operandFields(op)[op.operands.indexOf("jump")] ?? null),
);

/**
 * JUMP_SHIFTS[2 * code], JUMP_SHIFTS[2 * code + 1]: the shifts that read the opcode's signed
 * jump operand from a word (left, then arithmetic right), or -1 when it has none.
 */
const JUMP_SHIFTS = new Int8Array(512).fill(-1);
for (const [code, field] of JUMP_FIELD.entries()) {
  if (field) {
    JUMP_SHIFTS[2 * code] = 32 - field.shift - field.bits;
    JUMP_SHIFTS[2 * code + 1] = 32 - field.bits;
  }
}

function targetOf(code: readonly number[], pc: number): number | undefined {
  const word = code[pc]!;
  const left = JUMP_SHIFTS[2 * (word & 0xff)]!;
  return left < 0 ? undefined : pc + 1 + ((word << left) >> JUMP_SHIFTS[2 * (word & 0xff) + 1]!);
}

function retarget(code: number[], pc: number, target: number): void {
  const field = JUMP_FIELD[code[pc]! & 0xff]!;
  const offset = target - (pc + 1);
  const half = 2 ** (field.bits - 1);
  // Out of range (a jump threaded to a far JMP): the function builder reports it as E0902.
  if (offset < -half || offset >= half) throw new RangeError(`jump offset ${offset} out of range`);
  const mask = 2 ** field.bits - 1;
  code[pc] = ((code[pc]! & ~(mask << field.shift)) | ((offset & mask) << field.shift)) >>> 0;
}

export function peephole(fn: FunctionCode): FunctionCode {
  let current = fn;
  for (let round = 0; round < 4; round++) {
    threadJumps(current.code);
    const next = removeDead(current);
    if (next.code.length === current.code.length) return next;
    current = next;
  }
  return current;
}

/** A jump whose target is an unconditional JMP jumps to that JMP's target instead. */
function threadJumps(code: number[]): void {
  for (const pc of code.keys()) {
    const original = targetOf(code, pc);
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a shortcut; the loop below leaves a non-jump or a jump to a non-JMP as it is
    if (original === undefined || (code[original]! & 0xff) !== Op.JMP) continue;
    let target = original;
    const seen = new Set<number>();
    while ((code[target]! & 0xff) === Op.JMP && !seen.has(target)) {
      seen.add(target);
      target = targetOf(code, target)!;
    }
    retarget(code, pc, target);
  }
}

/** `SETUPVAL A B; GETUPVAL A B` (or the SETGLOBAL/GETGLOBAL pair): the load is a no-op. */
function readsBackStore(store: number, load: number): boolean {
  const pair =
    ((store & 0xff) === Op.SETUPVAL && (load & 0xff) === Op.GETUPVAL) ||
    ((store & 0xff) === Op.SETGLOBAL && (load & 0xff) === Op.GETGLOBAL);
  return pair && store >>> 8 === load >>> 8; // same A and same B/Bx
}

function isTest(word: number | undefined): boolean {
  // Stryker disable next-line ConditionalExpression: code[-1] reads as opcode 0 (MOVE), not a test
  return word !== undefined && info(word).test === true;
}

/** Drops unreachable instructions and JMPs to the next instruction; remaps everything. */
function removeDead(fn: FunctionCode): FunctionCode {
  const { code } = fn;
  const reachable = new Uint8Array(code.length);
  const work = [0];
  while (work.length > 0) {
    const pc = work.pop()!;
    if (reachable[pc] !== 0) continue; // undefined past the end (a jump to the end)
    reachable[pc] = 1;
    const op = info(code[pc]!);
    const target = targetOf(code, pc);
    if (target !== undefined) work.push(target);
    if (!op.terminator) work.push(pc + 1);
    if (op.test) work.push(pc + 2);
    for (let i = 2; i <= (fn.tables.get(pc) ?? 0); i++) work.push(pc + i);
  }
  const inTable = new Uint8Array(code.length);
  for (const [pc, n] of fn.tables) inTable.fill(1, pc + 1, pc + 1 + n);
  const isTarget = new Uint8Array(code.length);
  for (const pc of code.keys()) {
    const target = reachable[pc] ? targetOf(code, pc) : undefined;
    // Stryker disable next-line ConditionalExpression: isTarget[undefined] = 1 sets nothing
    if (target !== undefined) isTarget[target] = 1;
  }
  const keeps = (pc: number): boolean =>
    reachable[pc] === 1 &&
    !(
      (code[pc]! & 0xff) === Op.JMP &&
      targetOf(code, pc) === pc + 1 &&
      !isTest(code[pc - 1]) &&
      inTable[pc] === 0
    ) &&
    // Only a jump target is reached other than from the instruction before (a test's skip
    // and a table's entries follow reachable instructions); code[-1] reads as opcode 0.
    !(isTarget[pc] === 0 && readsBackStore(code[pc - 1]!, code[pc]!));
  // newIndex[pc]: position of pc (or of the next kept instruction) in the output.
  const newIndex = new Int32Array(code.length + 1);
  const keep = new Uint8Array(code.length);
  let n = 0;
  for (const pc of code.keys()) {
    newIndex[pc] = n;
    if (keeps(pc)) {
      keep[pc] = 1;
      n++;
    }
  }
  newIndex[code.length] = n;
  if (n === code.length) return fn;
  const tables = new Map<number, number>();
  for (const [pc, n] of fn.tables) if (keep[pc] === 1) tables.set(newIndex[pc]!, n);
  const out: number[] = [];
  const lines: number[] = [];
  const columns: number[] = [];
  for (const pc of code.keys()) {
    if (keep[pc] === 0) continue;
    out.push(code[pc]!);
    lines.push(fn.lines[pc]!);
    columns.push(fn.columns[pc]!);
    const target = targetOf(code, pc);
    if (target !== undefined) retarget(out, out.length - 1, newIndex[target]!);
  }
  const locals = fn.locals.map((l) => ({
    ...l,
    startPc: newIndex[l.startPc]!,
    endPc: newIndex[l.endPc]!,
  }));
  return { code: out, lines, columns, locals, tables };
}
