// Per-function compile state: nested block scopes with their locals, loop and try contexts,
// and the access path to a local binding (Lua 5's singlevar, keyed by the resolver's Binding,
// never by name): a register of this function, or an upvalue captured from an enclosing
// function (marking the captured local so its scope closes it). Which bindings are locals
// and which are globals is the resolver's decision (Binding.storage).
// spec/language.md §Scoping, spec/isa.md §4 Upvalues.

import type { Binding } from "../language/index.js";
import { FunctionBuilder } from "./function-builder.js";

export interface LocalVar {
  readonly binding: Binding;
  readonly name: string;
  readonly reg: number;
  readonly startPc: number;
  captured: boolean;
  /** Lives in the float bank: the value is F[reg] (compiler/float-locals.ts). */
  readonly float: boolean;
}

export interface BlockScope {
  /** First register of the scope: everything at or above it is freed on exit. */
  readonly base: number;
  readonly vars: LocalVar[];
}

export interface LoopContext {
  /** First register of the loop's variables: closed from here when the body captured any. */
  readonly base: number;
  /** captureLog length when the loop started. */
  readonly captureMark: number;
  readonly breaks: number[];
  readonly continues: number[];
  /** Number of enclosing `try` levels when the loop started (break/continue leave the rest). */
  readonly tryDepth: number;
}

export interface TryContext {
  /** Compiles the finally block inline (null when there is none). */
  readonly emitFinally: (() => void) | null;
}

export type Resolved =
  | { readonly kind: "local"; readonly reg: number; readonly float: boolean }
  | { readonly kind: "upval"; readonly index: number }
  | { readonly kind: "global"; readonly slot: number };

/** How a function reaches a local binding: its own register, or an upvalue. */
type LocalAccess = Exclude<Resolved, { kind: "global" }>;

export class FuncState {
  readonly blocks: BlockScope[] = [];
  // Stryker disable next-line ArrayDeclaration: `break` reads the innermost loop (the resolver checked), pushed after it
  readonly loops: LoopContext[] = [];
  readonly tries: TryContext[] = [];

  constructor(
    readonly fb: FunctionBuilder,
    readonly parent: FuncState | undefined,
  ) {}

  enterBlock(): BlockScope {
    const block: BlockScope = { base: this.fb.top, vars: [] };
    this.blocks.push(block);
    return block;
  }

  /**
   * Leaves the innermost block: records debug ranges, closes captured locals (so a closure
   * keeps this iteration's value and a reused register can't alias it) and frees registers.
   */
  exitBlock(close = true): void {
    const block = this.blocks.pop()!;
    const pc = this.fb.pc;
    let closeFrom = -1;
    for (const v of block.vars) {
      this.fb.addLocal(v, pc);
      // The first captured local has the lowest register: a block's locals are declared in
      // register order.
      if (v.captured && closeFrom < 0) closeFrom = v.reg;
    }
    if (close && closeFrom >= 0) this.fb.emit("CLOSE", closeFrom);
    this.fb.freeTo(block.base);
  }

  /** Registers of locals captured so far, in capture order (loops check what their body added). */
  // Stryker disable next-line ArrayDeclaration: a loop's mark counts an entry there, so no check reads it
  readonly captureLog: number[] = [];

  /** Whether a local at or above `reg` was captured since the log had `mark` entries. */
  capturedSince(mark: number, reg: number): boolean {
    return this.captureLog.slice(mark).some((r) => r >= reg);
  }

  declareLocal(binding: Binding, reg: number, float = false): LocalVar {
    const v: LocalVar = {
      binding,
      name: binding.name,
      reg,
      startPc: this.fb.pc,
      captured: false,
      float,
    };
    this.blocks[this.blocks.length - 1]!.vars.push(v);
    this.own.set(binding, v);
    return v;
  }

  /** This function's locals in scope, by binding. */
  private readonly own = new Map<Binding, LocalVar>();

  /** The register of a local `binding` of this function, or the upvalue reaching it. */
  access(binding: Binding): LocalAccess {
    const own = this.own.get(binding);
    if (own !== undefined) return { kind: "local", reg: own.reg, float: own.float };
    if (!this.parent) throw new Error(`internal: local \`${binding.name}\` is not in scope`);
    const outer = this.parent.access(binding);
    if (outer.kind === "local") {
      const v = this.parent.own.get(binding)!;
      // float-locals.ts excludes every captured binding; the bank cannot be captured.
      if (v.float) throw new Error(`internal: float local \`${binding.name}\` captured`);
      if (!v.captured) this.parent.captureLog.push(v.reg);
      v.captured = true;
      return {
        kind: "upval",
        index: this.fb.addUpvalue({ inStack: true, index: outer.reg }, binding.name),
      };
    }
    return {
      kind: "upval",
      index: this.fb.addUpvalue({ inStack: false, index: outer.index }, binding.name),
    };
  }
}
