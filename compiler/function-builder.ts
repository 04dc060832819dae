// Emits one function's code: instruction words with their source positions, the function's
// constant list (deduplicated indexes into the module pool), child prototypes, upvalue
// descriptors, jump patching, and the stack-like register allocator (locals below,
// temporaries above; `top` is the first free register). spec/isa.md §1–§4.

import { encode } from "../format/instruction.js";
import type { FunctionDebug, FunctionProto, LocalVar, UpvalueDesc } from "../format/module.js";
import { OPCODE_BY_CODE, OPCODE_BY_NAME, type OpName } from "../format/opcodes.js";
import { LIMITS } from "../format/verifier.js";
import { CompileError, type Pos } from "./errors.js";
import { peephole, type FunctionCode } from "./peephole.js";
import type { LocalVar as ScopedLocal } from "./scope.js";

export const MAX_REGISTERS = 256;

export class FunctionBuilder {
  readonly code: number[] = [];
  private readonly lines: number[] = [];
  private readonly columns: number[] = [];
  readonly constants: number[] = [];
  private readonly constantSlot = new Map<number, number>();
  readonly children: number[] = [];
  readonly upvalues: UpvalueDesc[] = [];
  readonly upvalueNames: string[] = [];
  readonly locals: LocalVar[] = [];
  /** pc of each SWITCHVARIANT → the length of the jump table after it. */
  private readonly tables = new Map<number, number>();
  /** First free register. */
  top = 0;
  private maxTop = 1;
  /** Position attached to instructions emitted next. */
  pos: Pos = { line: 0, col: 0 };

  constructor(
    readonly name: number,
    readonly params: number,
  ) {
    this.top = params;
    this.maxTop = Math.max(1, params);
  }

  get pc(): number {
    return this.code.length;
  }

  emit(op: OpName, ...operands: number[]): number {
    const info = OPCODE_BY_NAME.get(op)!;
    let word: number;
    try {
      word = encode(info, operands);
    } catch (err) {
      if (info.operands.includes("jump")) {
        throw new CompileError("E0902", "jump too far for the instruction encoding", this.pos);
      }
      throw new CompileError(
        "E0901",
        `this construct is too large to encode (${(err as Error).message})`,
        this.pos,
      );
    }
    if (this.code.length === LIMITS.codeLength)
      throw new CompileError(
        "E0901",
        `a function may have at most ${LIMITS.codeLength} instructions`,
        this.pos,
      );
    this.code.push(word);
    this.lines.push(this.pos.line);
    this.columns.push(this.pos.col);
    return this.code.length - 1;
  }

  /** Emits a JMP to be patched later; returns its pc. */
  emitJump(): number {
    return this.emit("JMP", 0);
  }

  /**
   * Emits SWITCHVARIANT of `reg` on the enum whose first variant is `variant`, and its table of
   * `entries` JMPs (variant count + 1); returns the JMPs' pcs, to be patched.
   */
  emitSwitch(reg: number, variant: number, entries: number): number[] {
    this.tables.set(this.emit("SWITCHVARIANT", reg, variant), entries);
    return Array.from({ length: entries }, () => this.emitJump());
  }

  /** Points the jump-carrying instruction at `pc` to `target` (default: the next pc). */
  patch(at: number, target = this.pc): void {
    const word = this.code[at]!;
    const info = OPCODE_BY_CODE[word & 0xff]!;
    const offset = target - (at + 1);
    const a = (word >>> 8) & 0xff;
    const operands = info.format === "sJ" ? [offset] : [a, offset];
    const saved = this.pos;
    this.pos = { line: this.lines[at]!, col: this.columns[at]! };
    try {
      this.code[at] = encode(info, operands);
    } catch {
      throw new CompileError("E0902", "jump too far for the instruction encoding", this.pos);
    } finally {
      this.pos = saved;
    }
  }

  /** Index in the function's constant list of a module pool entry. */
  constantSlotOf(poolIndex: number): number {
    let slot = this.constantSlot.get(poolIndex);
    if (slot === undefined) {
      slot = this.constants.push(poolIndex) - 1;
      if (slot > 0xffff)
        throw new CompileError("E0903", "too many constants in one function", this.pos);
      this.constantSlot.set(poolIndex, slot);
    }
    return slot;
  }

  addChild(functionIndex: number): number {
    const slot = this.children.push(functionIndex) - 1;
    if (slot > 0xffff) throw new CompileError("E0904", "too many nested functions", this.pos);
    return slot;
  }

  addUpvalue(desc: UpvalueDesc, name: string): number {
    const existing = this.upvalues.findIndex(
      (u) => u.inStack === desc.inStack && u.index === desc.index,
    );
    if (existing >= 0) return existing;
    if (this.upvalues.length >= 256) {
      throw new CompileError("E0905", "a function may capture at most 256 variables", this.pos);
    }
    this.upvalueNames.push(name);
    return this.upvalues.push(desc) - 1;
  }

  /** Reserves `n` consecutive registers at the top and returns the first. */
  alloc(n = 1): number {
    const first = this.top;
    this.top += n;
    if (this.top > MAX_REGISTERS) {
      throw new CompileError(
        "E0906",
        `this function needs more than ${MAX_REGISTERS} registers; split it into smaller functions`,
        this.pos,
      );
    }
    this.maxTop = Math.max(this.maxTop, this.top);
    return first;
  }

  /** Frees every register at or above `level`. */
  freeTo(level: number): void {
    this.top = level;
  }

  addLocal(v: ScopedLocal, endPc: number): void {
    this.locals.push({
      name: v.name,
      register: v.reg,
      bank: v.float ? 1 : 0,
      startPc: v.startPc,
      endPc,
    });
  }

  /** The prototype and its debug info; -O1 runs the peephole passes first. */
  finish(optimize: boolean): { proto: FunctionProto; debug: FunctionDebug } {
    let fn: FunctionCode = {
      code: this.code,
      lines: this.lines,
      columns: this.columns,
      locals: this.locals,
      tables: this.tables,
    };
    if (optimize) {
      try {
        fn = peephole(fn);
      } catch (e) {
        // A jump threaded to a far JMP no longer fits its operand (peephole's retarget);
        // anything else is a compiler bug and stays one.
        if (!(e instanceof RangeError)) throw e;
        throw new CompileError("E0902", "jump too far for the instruction encoding", this.pos);
      }
    }
    const proto: FunctionProto = {
      name: this.name,
      params: this.params,
      registers: this.maxTop,
      upvalues: this.upvalues,
      children: this.children,
      constants: this.constants,
      code: Uint32Array.from(fn.code),
    };
    const debug: FunctionDebug = {
      lines: Uint32Array.from(fn.lines),
      columns: Uint32Array.from(fn.columns),
      locals: [...fn.locals].sort((a, b) => a.startPc - b.startPc || a.register - b.register),
      upvalueNames: this.upvalueNames,
    };
    return { proto, debug };
  }
}
