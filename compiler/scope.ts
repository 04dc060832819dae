// Per-function compile state: nested block scopes with their locals, loop and try contexts,
// and variable resolution (Lua 5's singlevar): a name is a register of this function, an
// upvalue captured from an enclosing function (marking the captured local so its scope
// closes it), or a module global. spec/language.md §Scoping, spec/isa.md §4 Upvalues.

import { FunctionBuilder } from "./function-builder.js";

export interface LocalVar {
  readonly name: string;
  readonly reg: number;
  readonly startPc: number;
  captured: boolean;
  /** Lives in the float bank: the value is F[reg] (compiler/float-locals.ts). */
  readonly float: boolean;
}

/** A top-level binding that lives in a global slot instead of a register of main. */
export interface GlobalVar {
  readonly name: string;
  readonly slot: number;
}

export interface BlockScope {
  /** First register of the scope: everything at or above it is freed on exit. */
  readonly base: number;
  readonly vars: (LocalVar | GlobalVar)[];
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
  /** Whether this try's handler is still pushed (true in the body, false in catch/finally). */
  readonly handlerActive: boolean;
}

export type Resolved =
  | { readonly kind: "local"; readonly reg: number; readonly float: boolean }
  | { readonly kind: "upval"; readonly index: number }
  | { readonly kind: "global"; readonly slot: number };

export class FuncState {
  readonly blocks: BlockScope[] = [];
  readonly loops: LoopContext[] = [];
  readonly tries: TryContext[] = [];

  constructor(
    readonly fb: FunctionBuilder,
    readonly parent: FuncState | undefined,
    readonly name: string,
    /** Names used inside nested functions: variables of this function closures may change. */
    readonly innerNames: ReadonlySet<string>,
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
      if (!("reg" in v)) continue;
      this.fb.addLocal(v, pc);
      if (v.captured && (closeFrom < 0 || v.reg < closeFrom)) closeFrom = v.reg;
    }
    if (close && closeFrom >= 0) this.fb.emit("CLOSE", closeFrom);
    this.fb.freeTo(block.base);
  }

  /** Registers of locals captured so far, in capture order (loops check what their body added). */
  readonly captureLog: number[] = [];

  /** Whether a local at or above `reg` was captured since the log had `mark` entries. */
  capturedSince(mark: number, reg: number): boolean {
    return this.captureLog.slice(mark).some((r) => r >= reg);
  }

  declareLocal(name: string, reg: number, float = false): LocalVar {
    const v: LocalVar = { name, reg, startPc: this.fb.pc, captured: false, float };
    this.blocks[this.blocks.length - 1]!.vars.push(v);
    return v;
  }

  declareGlobal(name: string, slot: number): void {
    this.blocks[this.blocks.length - 1]!.vars.push({ name, slot });
  }

  /** This function's own binding of `name`, innermost first. */
  findOwn(name: string): LocalVar | GlobalVar | undefined {
    for (let b = this.blocks.length - 1; b >= 0; b--) {
      const vars = this.blocks[b]!.vars;
      for (let i = vars.length - 1; i >= 0; i--) if (vars[i]!.name === name) return vars[i];
    }
    return undefined;
  }

  /** Resolves `name` through enclosing functions, creating upvalues on the way. */
  resolve(name: string): Resolved | undefined {
    const own = this.findOwn(name);
    if (own)
      return "reg" in own
        ? { kind: "local", reg: own.reg, float: own.float }
        : { kind: "global", slot: own.slot };
    if (!this.parent) return undefined;
    const outer = this.parent.resolve(name);
    if (!outer || outer.kind === "global") return outer;
    if (outer.kind === "local") {
      const v = this.parent.findOwn(name) as LocalVar;
      // float-locals.ts excludes every captured binding; the bank cannot be captured.
      if (v.float) throw new Error(`internal: float local \`${name}\` captured`);
      if (!v.captured) this.parent.captureLog.push(v.reg);
      v.captured = true;
      return {
        kind: "upval",
        index: this.fb.addUpvalue({ inStack: true, index: outer.reg }, name),
      };
    }
    return {
      kind: "upval",
      index: this.fb.addUpvalue({ inStack: false, index: outer.index }, name),
    };
  }
}
