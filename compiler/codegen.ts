// Code generation for statements and expressions (spec/language.md → spec/isa.md). The
// register discipline: locals own stable registers for their scope; an expression compiles
// *into a requested destination register*; temporaries are taken at the top and freed at
// statement end; call, constructor and CONCAT windows are allocated contiguously before they
// are filled. Patterns and `match` live in patterns.ts.

import type * as A from "../language/ast.js";
import type { DiagnosticCode } from "../language/diagnostics.js";
import type { Binding, NativeRef, Resolution } from "../language/index.js";
import { PRELUDE_CTORS } from "../language/prelude.js";
import { CAST_TARGETS, RUNTIME_ERROR_KINDS, type OpName } from "../format/opcodes.js";
import { nativeArity } from "../format/natives.js";
import { CompileError } from "./errors.js";
import type { FloatTyping } from "./float-locals.js";
import { FunctionBuilder } from "./function-builder.js";
import { FuncState, type LoopContext, type Resolved } from "./scope.js";
import type { Declarations, EnumInfo, StructInfo, TypeInfo } from "./declarations.js";
import type { ModuleBuilder } from "./module-builder.js";
import { bindIrrefutable, compileMatch } from "./patterns.js";

const I64_MAX = (1n << 63n) - 1n;

const ARITH: Partial<Record<A.BinaryOp, OpName>> = {
  "+": "ADD",
  "-": "SUB",
  "*": "MUL",
  "/": "DIV",
  "%": "MOD",
  "*^": "POW",
};

/** The float bank's arithmetic (the K forms append "K"). */
const FLOAT_OPS: Partial<Record<A.BinaryOp, "FADD" | "FSUB" | "FMUL" | "FDIV">> = {
  "+": "FADD",
  "-": "FSUB",
  "*": "FMUL",
  "/": "FDIV",
};

/** Array literal elements are stored in windows of this many registers (NEWARRAY/APPEND). */
const ARRAY_CHUNK = 50;

type Target = number | null;

export class Codegen {
  fs!: FuncState;

  constructor(
    readonly mb: ModuleBuilder,
    readonly decls: Declarations,
    /** The resolver's bindings and checks: every name use the compiler meets is in here. */
    readonly res: Resolution,
    /** -O1: immediate and constant operand forms, fused compare-and-branch, loop inversion. */
    readonly optimize: boolean,
    /** Float locals and float-typed expressions (-O1): computed in the float bank. */
    readonly floats?: FloatTyping,
  ) {}

  get fb(): FunctionBuilder {
    return this.fs.fb;
  }

  at(node: { span: A.Span }): void {
    this.fb.pos = { line: node.span.start.line, col: node.span.start.col };
  }

  fail(code: DiagnosticCode, message: string, node: { span: A.Span }): never {
    throw new CompileError(code, message, node.span.start);
  }

  /** The binding a declaration site introduces (BindingPat, Param, FnDecl, TryCatch). */
  declared(node: object): Binding {
    const b = this.res.declarations.get(node);
    if (b === undefined) throw new Error("internal: a declaration the resolver did not bind");
    return b;
  }

  // ---------- functions ----------

  /** Compiles a function body as a new prototype; returns its module function index. */
  compileFunction(name: string, params: readonly A.Param[], body: A.Block | A.Expr): number {
    const index = this.mb.reserveFunction();
    const fb = new FunctionBuilder(this.mb.string(name), params.length);
    const outer = this.fs;
    this.fs = new FuncState(fb, outer, name);
    this.reserveNameConstants(body);
    this.fs.enterBlock();
    params.forEach((p, i) => this.fs.declareLocal(this.declared(p), i));
    if (body.kind === "Block") this.tailBlock(body);
    else this.tailExpr(body);
    this.recordLocals();
    const { proto, debug } = fb.finish(this.optimize);
    this.mb.setFunction(index, proto, debug);
    this.fs = outer;
    return index;
  }

  /**
   * Field and method names are 8-bit K operands (GETFIELD, SETFIELD, SELF): giving them the
   * first constant slots of the function keeps them addressable however many other
   * constants the function uses.
   */
  reserveNameConstants(body: unknown): void {
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (typeof node !== "object" || node === null) return;
      const n = node as {
        kind?: string;
        name?: string;
        label?: string | null;
        pattern?: A.Pattern;
      };
      if (n.kind === "Lambda" || n.kind === "FnDecl") return;
      if (n.kind === "Field" && n.name) this.fb.constantSlotOf(this.mb.stringConstant(n.name));
      if (n.kind === "CtorPat") {
        for (const arg of (node as A.CtorPat).args ?? []) {
          const field = arg.label ?? (arg.pattern.kind === "BindingPat" ? arg.pattern.name : null);
          if (field) this.fb.constantSlotOf(this.mb.stringConstant(field));
        }
      }
      for (const [key, value] of Object.entries(node))
        if (key !== "span" && typeof value === "object") visit(value);
    };
    visit(body);
  }

  /** Emits CLOSURE of a freshly compiled function into `target`. */
  closure(target: number, name: string, params: readonly A.Param[], body: A.Block | A.Expr): void {
    const index = this.compileFunction(name, params, body);
    this.fb.emit("CLOSURE", target, this.fb.addChild(index));
  }

  /** Debug ranges for the locals of the still-open blocks of a function that has returned. */
  recordLocals(): void {
    const end = this.fb.pc;
    for (const block of this.fs.blocks) for (const v of block.vars) this.fb.addLocal(v, end);
    this.fs.blocks.length = 0;
  }

  tailBlock(block: A.Block): void {
    this.fs.enterBlock();
    const stmts = block.stmts;
    stmts.forEach((s, i) => {
      if (i === stmts.length - 1 && s.kind === "ExprStmt") this.tailExpr(s.expr);
      else this.stmt(s);
    });
    const last = stmts[stmts.length - 1];
    if (!last || last.kind !== "ExprStmt") {
      this.at(block);
      this.fb.emit("RETURNUNIT");
    }
    this.fs.exitBlock(false);
  }

  /** Compiles `e` as the value of the function: every path ends in a return. */
  tailExpr(e: A.Expr): void {
    const save = this.fb.top;
    switch (e.kind) {
      case "If":
        this.ifExpr(e, null, true);
        break;
      case "Match":
        compileMatch(this, e, null, true);
        break;
      case "Do":
        this.tailBlock(e.body);
        break;
      default: {
        if (e.kind === "Call" && this.fs.tries.length === 0 && this.fs.parent) {
          // Inside try (or in main) a call is not a tail call; constructors are not calls.
          const reg = this.fb.alloc();
          if (!this.call(e, reg, true)) this.emitReturn(reg, e);
          break;
        }
        const reg = this.anyReg(e);
        if (this.unreachableAfter(e)) break;
        this.emitReturn(reg, e);
      }
    }
    this.fb.freeTo(save);
  }

  private unreachableAfter(e: A.Expr): boolean {
    return e.kind === "Return" || e.kind === "Break" || e.kind === "Continue" || e.kind === "Throw";
  }

  /** RETURN after running the finally blocks of enclosing try statements. */
  emitReturn(reg: number, node: { span: A.Span }): void {
    for (let i = this.fs.tries.length - 1; i >= 0; i--) this.leaveTry(i);
    this.at(node);
    this.fb.emit(this.fs.parent ? "RETURN" : "HALT", ...(this.fs.parent ? [reg] : []));
  }

  /**
   * ENDTRY and the finally block of the `i`th enclosing try, compiled with only the tries
   * outside it active: a `return`/`break` inside that finally block leaves the outer ones
   * (compiling it with its own try still active recursed without end).
   */
  private leaveTry(i: number): void {
    const tries = this.fs.tries;
    const t = tries[i]!;
    if (t.handlerActive) this.fb.emit("ENDTRY");
    const inner = tries.splice(i);
    try {
      t.emitFinally?.();
    } finally {
      tries.push(...inner);
    }
  }

  // ---------- blocks and statements ----------

  /** Compiles a block; its value (last expression statement, else `()`) goes to `target`. */
  block(block: A.Block, target: Target): void {
    this.fs.enterBlock();
    const stmts = block.stmts;
    stmts.forEach((s, i) => {
      if (i === stmts.length - 1 && s.kind === "ExprStmt") this.expr(s.expr, target);
      else this.stmt(s);
    });
    const last = stmts[stmts.length - 1];
    if (target !== null && (!last || last.kind !== "ExprStmt")) {
      this.at(block);
      this.fb.emit("LOADUNIT", target, 0);
    }
    this.fs.exitBlock();
  }

  stmt(s: A.Stmt): void {
    const save = this.fb.top;
    this.at(s);
    switch (s.kind) {
      case "ExprStmt":
        this.expr(s.expr, null);
        break;
      case "Let":
        this.letStmt(s);
        return; // keeps the new locals' registers
      case "Assign":
        this.assign(s);
        break;
      case "While":
        this.whileLoop(s);
        break;
      case "For":
        this.forLoop(s);
        break;
      case "FnDecl":
        if (this.declared(s).storage === "local") this.localFunction(s);
        return; // a global one was hoisted (compiler/index.ts)
      case "StructDecl":
      case "EnumDecl":
      case "ImplDecl":
      case "KindDecl":
      case "ImportDecl":
      case "TypeAlias":
        return;
    }
    this.fb.freeTo(save);
  }

  private localFunction(s: A.FnDecl): void {
    if (!s.body) return;
    const reg = this.fb.alloc();
    this.fs.declareLocal(this.declared(s), reg); // visible to its own body: recursion
    this.closure(reg, s.name, s.params, s.body);
  }

  private letStmt(s: Extract<A.Stmt, { kind: "Let" }>): void {
    const p = s.pattern;
    if (p.kind === "BindingPat") {
      const binding = this.declared(p);
      const slot = this.decls.globalSlot(binding);
      if (slot !== undefined) {
        const save = this.fb.top;
        const reg = this.anyReg(s.value);
        this.at(s);
        this.fb.emit("SETGLOBAL", reg, slot);
        this.fb.freeTo(save);
        return;
      }
      const reg = this.fb.alloc();
      const float = this.floats?.declaresFloat(p) ?? false;
      if (float) this.fexpr(s.value, reg);
      else this.expr(s.value, reg);
      this.fs.declareLocal(binding, reg, float);
      return;
    }
    const reg = this.anyReg(s.value);
    bindIrrefutable(this, p, reg);
  }

  /** Binds the pattern `p` to the value in `reg` (adopting `reg` when it is a fresh temp). */
  bindName(p: A.BindingPat, reg: number, fresh: boolean): void {
    const binding = this.declared(p);
    const slot = this.decls.globalSlot(binding);
    if (slot !== undefined) {
      this.fb.emit("SETGLOBAL", reg, slot);
      return;
    }
    if (fresh && reg === this.fb.top - 1) {
      this.fs.declareLocal(binding, reg);
      return;
    }
    const local = this.fb.alloc();
    this.fb.emit("MOVE", local, reg);
    this.fs.declareLocal(binding, local);
  }

  private assign(s: Extract<A.Stmt, { kind: "Assign" }>): void {
    const t = s.target;
    const op = s.op === "=" ? null : (s.op.slice(0, -1) as A.BinaryOp);
    if (t.kind === "Ident") {
      const value: A.Expr = op
        ? { kind: "Binary", op, left: t, right: s.value, span: s.span }
        : s.value;
      this.assignName(t, value);
      return;
    }
    if (t.kind === "Field") {
      const obj = this.operand(t.object, [s.value]);
      const key = this.kOperand(this.mb.stringConstant(t.name), t);
      let value: number;
      if (op) {
        value = this.fb.alloc();
        this.at(t);
        this.fb.emit("GETFIELD", value, obj, key);
        this.compound(op, value, s.value, s);
      } else value = this.anyReg(s.value);
      this.at(s);
      this.fb.emit("SETFIELD", obj, key, value);
      return;
    }
    if (t.kind === "Index") {
      const obj = this.operand(t.object, [t.index, s.value]);
      const index = this.operand(t.index, [s.value]);
      let value: number;
      if (op) {
        value = this.fb.alloc();
        this.at(t);
        this.fb.emit("GETINDEX", value, obj, index);
        this.compound(op, value, s.value, s);
      } else value = this.anyReg(s.value);
      this.at(s);
      this.fb.emit("SETINDEX", obj, index, value);
      return;
    }
    throw new Error("internal: the resolver let through an assignment to a non-place");
  }

  /** reg := reg op value */
  private compound(op: A.BinaryOp, reg: number, value: A.Expr, node: { span: A.Span }): void {
    const rhs = this.anyReg(value);
    this.at(node);
    this.fb.emit(ARITH[op]!, reg, reg, rhs);
  }

  private assignName(t: A.Ident, value: A.Expr): void {
    const r = this.resolveName(t);
    if (r?.kind === "local" && r.float) {
      this.fexpr(value, r.reg); // writes the target only in its last instruction
      return;
    }
    if (r?.kind === "local") {
      // Writing the local only in the last instruction is safe for these; others go through a temp.
      if (writesTargetLast(value)) this.expr(value, r.reg);
      else {
        const tmp = this.anyRegFresh(value);
        this.at(t);
        this.fb.emit("MOVE", r.reg, tmp);
      }
      return;
    }
    const reg = this.anyReg(value);
    this.at(t);
    if (r?.kind === "upval") this.fb.emit("SETUPVAL", reg, r.index);
    else if (r?.kind === "global") this.fb.emit("SETGLOBAL", reg, r.slot);
    else throw new Error(`internal: assignment to \`${t.name}\`, which is not a variable`);
  }

  // ---------- loops ----------

  private whileLoop(s: Extract<A.Stmt, { kind: "While" }>): void {
    // -O1 tests the condition at the bottom (one branch per iteration instead of two).
    const entry = this.optimize ? this.fb.emitJump() : -1;
    const start = this.fb.pc;
    const exits = this.optimize ? [] : this.cond(s.cond, false);
    const loop = this.pushLoop(this.fb.top);
    this.fs.enterBlock();
    for (const st of s.body.stmts) this.stmt(st);
    this.endLoopBody(loop);
    this.at(s);
    if (this.optimize) {
      this.fb.patch(entry);
      for (const j of this.cond(s.cond, true)) this.fb.patch(j, start);
    } else this.fb.patch(this.fb.emitJump(), start);
    this.popLoop(loop, exits);
  }

  private forLoop(s: Extract<A.Stmt, { kind: "For" }>): void {
    const it = s.iterable;
    const base = this.fb.alloc(2);
    if (it.kind === "Range" && it.start && it.end) {
      this.expr(it.start, base);
      this.expr(it.end, base + 1);
      this.at(s);
      const prep = this.fb.emit(it.inclusive ? "FORPREPI" : "FORPREP", base, 0);
      const body = this.fb.pc;
      const loop = this.pushLoop(base);
      this.fs.enterBlock();
      this.bindLoopVar(s.pattern, base);
      for (const st of s.body.stmts) this.stmt(st);
      this.endLoopBody(loop);
      this.at(s);
      this.fb.emit("FORLOOP", base, body - (this.fb.pc + 1));
      this.popLoop(loop, [prep]);
    } else {
      const src = this.anyReg(it);
      this.at(s);
      this.fb.emit("GETITER", base, src);
      this.fb.freeTo(base + 2);
      const next = this.fb.emit("ITERNEXT", base, 0);
      const loop = this.pushLoop(base + 1);
      this.fs.enterBlock();
      this.bindLoopVar(s.pattern, base + 1);
      for (const st of s.body.stmts) this.stmt(st);
      this.endLoopBody(loop);
      this.at(s);
      this.fb.patch(this.fb.emitJump(), next);
      this.popLoop(loop, [next]);
    }
  }

  private bindLoopVar(p: A.Pattern, reg: number): void {
    if (p.kind === "BindingPat") this.fs.declareLocal(this.declared(p), reg);
    else if (p.kind !== "WildcardPat") bindIrrefutable(this, p, reg);
  }

  private pushLoop(base: number): LoopContext {
    const loop: LoopContext = {
      base,
      captureMark: this.fs.captureLog.length,
      breaks: [],
      continues: [],
      tryDepth: this.fs.tries.length,
    };
    this.fs.loops.push(loop);
    return loop;
  }

  /**
   * Ends a loop body; `continue` lands here. When the body captured any local, one CLOSE
   * from the loop's first register gives the next iteration fresh variables, also on the
   * paths where `continue` skipped the inner blocks' own CLOSE.
   */
  private endLoopBody(loop: LoopContext): void {
    for (const j of loop.continues) this.fb.patch(j);
    const captured = this.fs.capturedSince(loop.captureMark, loop.base);
    if (captured) this.fb.emit("CLOSE", loop.base);
    this.fs.exitBlock(false);
  }

  /** Patches the exits; a `break` closes what the skipped end of the body would have. */
  private popLoop(loop: LoopContext, exits: number[]): void {
    this.fs.loops.pop();
    if (loop.breaks.length > 0 && this.fs.capturedSince(loop.captureMark, loop.base)) {
      for (const j of loop.breaks) this.fb.patch(j);
      this.fb.emit("CLOSE", loop.base);
      for (const j of exits) this.fb.patch(j);
      return;
    }
    for (const j of [...exits, ...loop.breaks]) this.fb.patch(j);
  }

  private breakOrContinue(e: { kind: "Break" | "Continue"; span: A.Span }): void {
    const loop = this.fs.loops[this.fs.loops.length - 1]!; // the resolver checked (E0303)
    for (let i = this.fs.tries.length - 1; i >= loop.tryDepth; i--) this.leaveTry(i);
    this.at(e);
    const j = this.fb.emitJump();
    (e.kind === "Break" ? loop.breaks : loop.continues).push(j);
  }

  // ---------- expressions ----------

  /** A register holding `e`: a local's own register, else a fresh temporary. */
  anyReg(e: A.Expr): number {
    return this.localRegister(e) ?? this.anyRegFresh(e);
  }

  /**
   * A register holding `e`'s value as of now, while `later` operands are still to be evaluated
   * before it is used: operands run left to right, so a local is copied when a later operand
   * may assign it, directly or through a closure it is captured by (spec/language.md §5).
   */
  operand(e: A.Expr, later: readonly A.Expr[]): number {
    const reg = this.localRegister(e);
    if (reg === undefined) return this.anyRegFresh(e);
    const binding = this.res.uses.get(e as A.Ident)!;
    const changes = later.some(
      (x) => this.assigns(x, binding) || (binding.captured && mayRunCode(x)),
    );
    return changes ? this.anyRegFresh(e) : reg;
  }

  /** Whether evaluating `e` may assign `binding` directly (closures are `mayRunCode`'s). */
  assigns(e: A.Expr, binding: Binding): boolean {
    return someNode(
      e,
      (n) =>
        n.kind === "Assign" && n.target.kind === "Ident" && this.res.uses.get(n.target) === binding,
    );
  }

  /** The register of a local variable `e`, if it is one. */
  localRegister(e: A.Expr): number | undefined {
    if (e.kind !== "Ident") return undefined;
    const r = this.resolveName(e);
    return r?.kind === "local" && !r.float ? r.reg : undefined;
  }

  anyRegFresh(e: A.Expr): number {
    const reg = this.fb.alloc();
    this.expr(e, reg);
    return reg;
  }

  /** Compiles `e` so its value ends in `target` (null: evaluate for effect only). */
  expr(e: A.Expr, target: Target): void {
    this.at(e);
    const fb = this.fb;
    const save = fb.top;
    const dest = (): number => target ?? fb.alloc();
    switch (e.kind) {
      case "IntLit":
        if (target !== null) this.loadInt(target, e.value);
        break;
      case "FloatLit":
        if (target !== null) this.loadFloat(target, e.value);
        break;
      case "StringLit":
        if (target !== null)
          fb.emit("LOADK", target, fb.constantSlotOf(this.mb.stringConstant(e.value)));
        break;
      case "CharLit":
        if (target !== null) {
          const k = this.mb.constant({ kind: "char", codePoint: e.value.codePointAt(0)! });
          fb.emit("LOADK", target, fb.constantSlotOf(k));
        }
        break;
      case "BoolLit":
        if (target !== null) fb.emit(e.value ? "LOADTRUE" : "LOADFALSE", target);
        break;
      case "UnitLit":
        if (target !== null) fb.emit("LOADUNIT", target, 0);
        break;
      case "Ident":
        this.identifier(e, dest());
        break;
      case "Tuple":
        this.construct("NEWTUPLE", e.elements, dest(), e.elements.length);
        break;
      case "Array":
        this.arrayLiteral(e.elements, dest());
        break;
      case "Unary":
      case "Binary":
        if (this.inFloatBank(e)) {
          const f = fb.alloc();
          this.fexpr(e, f);
          this.at(e);
          fb.emit("FBOX", dest(), f);
        } else if (e.kind === "Unary") this.unary(e, dest());
        else this.binary(e, dest());
        break;
      case "Pipe":
        this.expr(pipeToCall(e), target);
        break;
      case "Range": {
        const base = this.windowStart(dest());
        this.expr(e.start!, base); // the resolver rejects open ranges (E0915)
        this.next(e.end!);
        this.at(e);
        fb.emit("NEWRANGE", base, e.inclusive ? 1 : 0);
        this.moveFrom(base, target);
        break;
      }
      case "Call":
        this.call(e, dest(), false);
        break;
      case "StructLit":
        this.structLiteral(e, dest());
        break;
      case "Field":
        this.field(e, dest());
        break;
      case "TupleIndex": {
        const t = dest();
        const obj = this.anyReg(e.object);
        this.at(e);
        fb.emit("GETTUPLE", t, obj, e.index);
        break;
      }
      case "Index": {
        const t = dest();
        const obj = this.operand(e.object, [e.index]);
        const index = this.anyReg(e.index);
        this.at(e);
        fb.emit("GETINDEX", t, obj, index);
        break;
      }
      case "Cast":
        this.cast(e, dest());
        break;
      case "Propagate":
        this.propagate(e, dest());
        break;
      case "MacroCall":
        this.macro(e, target);
        break;
      case "Interpolation":
        this.interpolation(e.parts, dest());
        break;
      case "If":
        this.ifExpr(e, target, false);
        break;
      case "Match":
        compileMatch(this, e, target, false);
        break;
      case "Do":
        this.block(e.body, target);
        break;
      case "TryCatch":
        this.tryCatch(e, target);
        break;
      case "LetIn": {
        const t = dest();
        this.fs.enterBlock();
        const reg = this.anyRegFresh(e.value);
        if (e.pattern.kind === "BindingPat") this.fs.declareLocal(this.declared(e.pattern), reg);
        else bindIrrefutable(this, e.pattern, reg);
        this.expr(e.body, t);
        this.fs.exitBlock();
        break;
      }
      case "Lambda":
        this.closure(dest(), "<lambda>", e.params, e.body);
        break;
      case "Return": {
        if (e.value && e.value.kind === "Call" && this.fs.tries.length === 0 && this.fs.parent) {
          const reg = fb.alloc();
          if (!this.call(e.value, reg, true)) this.emitReturn(reg, e);
          break;
        }
        if (e.value) this.emitReturn(this.anyReg(e.value), e);
        else if (this.fs.parent) {
          for (let i = this.fs.tries.length - 1; i >= 0; i--) this.leaveTry(i);
          this.at(e);
          fb.emit("RETURNUNIT");
        } else this.emitReturn(0, e);
        break;
      }
      case "Break":
      case "Continue":
        this.breakOrContinue(e);
        break;
      case "Throw": {
        const reg = this.anyReg(e.value);
        this.at(e);
        fb.emit("THROW", reg);
        break;
      }
    }
    fb.freeTo(save);
  }

  loadInt(target: number, value: bigint): void {
    if (value >= -32768n && value <= 32767n) this.fb.emit("LOADI", target, Number(value));
    else this.fb.emit("LOADK", target, this.fb.constantSlotOf(this.mb.intConstant(value)));
  }

  loadFloat(target: number, value: number): void {
    if (Number.isInteger(value) && !Object.is(value, -0) && Math.abs(value) <= 32767) {
      this.fb.emit("LOADF", target, value);
    } else this.fb.emit("LOADK", target, this.fb.constantSlotOf(this.mb.floatConstant(value)));
  }

  /**
   * The first register of a window (callee, constructor, CONCAT) whose result ends in
   * `target`: `target` itself when it is the top register, else a fresh one. The rest of the
   * window is allocated register by register as it is filled (`next`), so a nested call or
   * constructor in the window builds in place instead of needing a MOVE.
   */
  windowStart(target: number): number {
    return target === this.fb.top - 1 ? target : this.fb.alloc();
  }

  /** Compiles `e` into the next register of a window. */
  next(e: A.Expr): number {
    const reg = this.fb.alloc();
    this.expr(e, reg);
    return reg;
  }

  moveFrom(base: number, target: Target): void {
    if (target !== null && base !== target) this.fb.emit("MOVE", target, base);
  }

  private construct(
    op: OpName,
    elements: readonly A.Expr[],
    target: number,
    operand: number,
  ): void {
    const base = this.windowStart(target);
    for (const el of elements) this.next(el);
    this.fb.emit(op, base, operand);
    this.moveFrom(base, target);
  }

  private arrayLiteral(elements: readonly A.Expr[], target: number): void {
    const first = elements.slice(0, ARRAY_CHUNK);
    const base = this.windowStart(target);
    for (const el of first) this.next(el);
    this.fb.emit("NEWARRAY", base, first.length);
    for (let start = ARRAY_CHUNK; start < elements.length; start += ARRAY_CHUNK) {
      const chunk = elements.slice(start, start + ARRAY_CHUNK);
      this.fb.freeTo(base + 1);
      for (const el of chunk) this.next(el);
      this.fb.emit("APPEND", base, chunk.length);
    }
    this.moveFrom(base, target);
  }

  // ---------- names ----------

  /** Where the variable `e` names lives, as the function being compiled reaches it. */
  resolveName(e: A.Ident): Resolved | undefined {
    const b = this.res.uses.get(e);
    if (b?.storage === "local") return this.fs.access(b);
    const slot = b === undefined ? undefined : this.decls.globalSlot(b);
    return slot === undefined ? undefined : { kind: "global", slot };
  }

  private identifier(e: A.Ident, target: number): void {
    const r = this.resolveName(e);
    if (r) {
      if (r.kind === "local" && r.float) this.fb.emit("FBOX", target, r.reg);
      else if (r.kind === "local") this.moveFrom(r.reg, target);
      else if (r.kind === "upval") this.fb.emit("GETUPVAL", target, r.index);
      else this.fb.emit("GETGLOBAL", target, r.slot);
      return;
    }
    const native = this.res.natives.get(e);
    if (native !== undefined) return this.loadNative(native, target);
    const b = this.res.uses.get(e);
    if (b?.storage === "prelude-ctor") {
      this.enumValue(this.decls.enumNamed(PRELUDE_CTORS[b.name]!)!, b.name, [], target, e);
      return;
    }
    throw new Error(`internal: \`${e.name}\` is not a value`);
  }

  /** GETNATIVE of a native function, or the value of a `std.math` constant. */
  private loadNative(native: NativeRef, target: number): void {
    if (native.kind === "constant") this.loadFloat(target, native.value);
    else this.fb.emit("GETNATIVE", target, this.mb.native(native.path, native.arity));
  }

  /** The type a bare identifier names (not shadowed by a variable). */
  typeNamed(e: A.Expr): TypeInfo | undefined {
    const b = e.kind === "Ident" ? this.res.uses.get(e) : undefined;
    return b?.storage === "type" || b?.storage === "prelude-enum"
      ? this.decls.typeOf(b)
      : undefined;
  }

  // ---------- operators ----------

  private unary(e: Extract<A.Expr, { kind: "Unary" }>, target: number): void {
    const v = e.operand;
    // `-` of the literal MIN (`--9223372036854775808`) overflows at run time: no constant.
    if (e.op === "-" && v.kind === "IntLit" && -v.value <= I64_MAX) {
      return this.loadInt(target, -v.value);
    }
    if (e.op === "-" && v.kind === "FloatLit") return this.loadFloat(target, -v.value);
    const reg = this.anyReg(v);
    this.at(e);
    this.fb.emit(e.op === "-" ? "NEG" : "NOT", target, reg);
  }

  private binary(e: Extract<A.Expr, { kind: "Binary" }>, target: number): void {
    const arith = ARITH[e.op];
    // `2.0 * x` as `x * 2.0`: + and * of numbers commute, and a literal has no effects to order.
    if (
      this.optimize &&
      (e.op === "+" || e.op === "*") &&
      isNumberLiteral(e.left) &&
      !isNumberLiteral(e.right)
    ) {
      return this.binary({ ...e, left: e.right, right: e.left }, target);
    }
    if (arith) {
      const left = this.operand(e.left, [e.right]);
      // Not for `x - 0`: ADDI would compute -0.0 + 0 = 0.0 where -0.0 - 0 is -0.0.
      const imm =
        this.optimize && !(e.op === "-" && isZero(e.right))
          ? smallInt(e.right, e.op === "-" ? -1n : 1n)
          : undefined;
      if ((e.op === "+" || e.op === "-") && imm !== undefined) {
        this.at(e);
        this.fb.emit("ADDI", target, left, imm);
        return;
      }
      const k = this.optimize ? this.numericConstant(e.right) : undefined;
      if (k !== undefined) {
        this.at(e);
        this.fb.emit(`${arith}K` as OpName, target, left, k);
        return;
      }
      const right = this.anyReg(e.right);
      this.at(e);
      this.fb.emit(arith, target, left, right);
      return;
    }
    if (e.op === "and" || e.op === "or") {
      const falses = this.cond(e, false);
      this.at(e);
      this.fb.emit("LOADTRUE", target);
      const done = this.fb.emitJump();
      for (const j of falses) this.fb.patch(j);
      this.fb.emit("LOADFALSE", target);
      this.fb.patch(done);
      return;
    }
    // `a > b` runs as `b < a`, but the operands are still evaluated left to right.
    const swap = e.op === ">" || e.op === ">=";
    const l = this.operand(e.left, [e.right]);
    const r = this.anyReg(e.right);
    const [left, right] = swap ? [r, l] : [l, r];
    const op: OpName =
      e.op === "==" ? "SEQ" : e.op === "!=" ? "SNE" : e.op === "<" || e.op === ">" ? "SLT" : "SLE";
    this.at(e);
    this.fb.emit(op, target, left, right);
  }

  /** The C operand of a K-form arithmetic instruction, when `e` is a number literal. */
  private numericConstant(e: A.Expr): number | undefined {
    let pool: number;
    if (e.kind === "IntLit") pool = this.mb.intConstant(e.value);
    else if (e.kind === "FloatLit") pool = this.mb.floatConstant(e.value);
    else if (e.kind === "Unary" && e.op === "-" && e.operand.kind === "IntLit") {
      if (-e.operand.value > I64_MAX) return undefined;
      pool = this.mb.intConstant(-e.operand.value);
    } else if (e.kind === "Unary" && e.op === "-" && e.operand.kind === "FloatLit") {
      pool = this.mb.floatConstant(-e.operand.value);
    } else return undefined;
    const slot = this.fb.constantSlotOf(pool);
    return slot <= 255 ? slot : undefined;
  }

  /** A K operand (8 bits): constants beyond the first 256 of a function cannot be used here. */
  kOperand(pool: number, node: { span: A.Span }): number {
    const slot = this.fb.constantSlotOf(pool);
    if (slot > 255) this.fail("E0917", "too many distinct constants in one function", node);
    return slot;
  }

  /**
   * Compiles a condition as branches: returns the JMPs taken when `e` evaluates to
   * `jumpWhen`; control falls through otherwise. Operands must be bools (TEST checks).
   */
  cond(e: A.Expr, jumpWhen: boolean): number[] {
    const save = this.fb.top;
    try {
      return this.condInner(e, jumpWhen);
    } finally {
      this.fb.freeTo(save);
    }
  }

  private condInner(e: A.Expr, jumpWhen: boolean): number[] {
    const fb = this.fb;
    const k = jumpWhen ? 1 : 0;
    if (e.kind === "BoolLit") return e.value === jumpWhen ? [fb.emitJump()] : [];
    if (e.kind === "Unary" && e.op === "!") return this.cond(e.operand, !jumpWhen);
    if (e.kind === "Binary" && (e.op === "and" || e.op === "or")) {
      // `a and b` is false as soon as a is; `a or b` is true as soon as a is.
      const shortCircuitsOn = e.op === "or";
      if (jumpWhen === shortCircuitsOn)
        return [...this.cond(e.left, jumpWhen), ...this.cond(e.right, jumpWhen)];
      const skip = this.cond(e.left, !jumpWhen);
      const jumps = this.cond(e.right, jumpWhen);
      for (const j of skip) fb.patch(j);
      return jumps;
    }
    if (this.optimize && e.kind === "Binary" && ["==", "!=", "<", "<=", ">", ">="].includes(e.op)) {
      return [this.compareBranch(e, k)];
    }
    const reg = this.anyReg(e);
    this.at(e);
    fb.emit("TEST", reg, k);
    return [fb.emitJump()];
  }

  /** A fused compare-and-branch; returns the JMP taken when the comparison equals k. */
  private compareBranch(e: Extract<A.Expr, { kind: "Binary" }>, k: number): number {
    const fb = this.fb;
    if (e.op !== "==" && e.op !== "!=" && this.floats) {
      const f = this.floats;
      // Ordering is exact across int/float: only ints a double holds exactly may convert.
      const exact = exactAsFloat(e.left) && exactAsFloat(e.right);
      if (
        f.floatOperands(e.left, e.right) &&
        exact &&
        (f.readsFloatLocal(e.left) || f.readsFloatLocal(e.right))
      ) {
        return this.floatCompare(e, k);
      }
    }
    const negate = e.op === "!=";
    const kk = negate ? 1 - k : k;
    const imm = smallInt(e.right, 1n, 127n);
    if (imm !== undefined) {
      const left = this.anyReg(e.left);
      const op = (
        { "==": "EQI", "!=": "EQI", "<": "LTI", "<=": "LEI", ">": "GTI", ">=": "GEI" } as const
      )[e.op as "==" | "!=" | "<" | "<=" | ">" | ">="];
      this.at(e);
      fb.emit(op, left, imm, kk);
      return fb.emitJump();
    }
    if (e.op !== "==" && e.op !== "!=" && isNumberLiteral(e.right)) {
      const left = this.anyReg(e.left);
      const slot = this.fb.constantSlotOf(this.literalConstant(e.right));
      if (slot <= 255) {
        const op = ({ "<": "LTK", "<=": "LEK", ">": "GTK", ">=": "GEK" } as const)[
          e.op as "<" | "<=" | ">" | ">="
        ];
        this.at(e);
        fb.emit(op, left, slot, kk);
        return fb.emitJump();
      }
      return this.registerCompare(e, kk, left);
    }
    if ((e.op === "==" || e.op === "!=") && isConstantLiteral(e.right)) {
      const left = this.anyReg(e.left);
      const slot = this.fb.constantSlotOf(this.literalConstant(e.right));
      if (slot <= 255) {
        this.at(e);
        fb.emit("EQK", left, slot, kk);
        return fb.emitJump();
      }
    }
    return this.registerCompare(e, kk, this.operand(e.left, [e.right]));
  }

  // ---------- the float bank (-O1; compiler/float-locals.ts) ----------

  /** A float-typed expression over float locals: computed unboxed, boxed once at the end. */
  private inFloatBank(e: A.Expr): boolean {
    return this.floats !== undefined && this.floats.isFloat(e) && this.floats.readsFloatLocal(e);
  }

  /**
   * Compiles a float-typed (or int literal) `e` into float register `target`. Operands go to
   * fresh F temporaries or are read from float locals, so `target` is written only by the
   * last instruction (assigning a local whose old value the expression reads is safe).
   */
  fexpr(e: A.Expr, target: number): void {
    this.at(e);
    const fb = this.fb;
    const save = fb.top;
    const literal = this.floatLiteral(e);
    const own = e.kind === "Ident" ? this.floatLocal(e) : undefined;
    if (literal !== undefined) {
      fb.emit("FLOADK", target, fb.constantSlotOf(literal));
    } else if (own !== undefined) {
      if (own !== target) fb.emit("FMOVE", target, own);
    } else if (e.kind === "Unary" && e.op === "-") {
      const v = this.fany(e.operand);
      this.at(e);
      fb.emit("FNEG", target, v);
    } else if (e.kind === "Binary" && FLOAT_OPS[e.op]) {
      let { left, right } = e;
      // `2.0 * x` as `x * 2.0`: + and * of numbers commute, and a literal has no effects.
      if ((e.op === "+" || e.op === "*") && this.floatLiteral(left) !== undefined) {
        [left, right] = [right, left];
      }
      const l = this.foperand(left, [right]);
      const op = FLOAT_OPS[e.op]!;
      const k = this.floatLiteral(right);
      const slot = k === undefined ? undefined : fb.constantSlotOf(k);
      this.at(e);
      if (slot !== undefined && slot <= 255) fb.emit(`${op}K`, target, l, slot);
      else {
        const r = this.fany(right);
        this.at(e);
        fb.emit(op, target, l, r);
      }
    } else {
      // A cast to f64/f32: computed as a value, then unboxed.
      const reg = this.anyRegFresh(e);
      this.at(e);
      fb.emit("FUNBOX", target, reg);
    }
    fb.freeTo(save);
  }

  /** The pool index of a number literal (`2.0`, `3`, `-1.5`) as a float-bank operand. */
  private floatLiteral(e: A.Expr): number | undefined {
    return isNumberLiteral(e) ? this.literalConstant(e) : undefined;
  }

  /** The float register of a float local `e`. */
  private floatLocal(e: A.Ident): number | undefined {
    const r = this.resolveName(e);
    return r?.kind === "local" && r.float ? r.reg : undefined;
  }

  /** A float register holding `e`: a float local's own, else a fresh temporary. */
  private fany(e: A.Expr): number {
    const own = e.kind === "Ident" ? this.floatLocal(e) : undefined;
    if (own !== undefined) return own;
    const reg = this.fb.alloc();
    this.fexpr(e, reg);
    return reg;
  }

  /** As `operand`: a float local is copied when a later operand may assign it. */
  private foperand(e: A.Expr, later: readonly A.Expr[]): number {
    if (e.kind === "Ident" && later.some((x) => this.assigns(x, this.res.uses.get(e)!))) {
      const reg = this.fb.alloc();
      this.fexpr(e, reg);
      return reg;
    }
    return this.fany(e);
  }

  /** `<`, `<=`, `>`, `>=` of float-bank operands as FLT/FLE, or FLTK… against a literal. */
  private floatCompare(e: Extract<A.Expr, { kind: "Binary" }>, k: number): number {
    const fb = this.fb;
    const k8 = this.floatLiteral(e.right);
    const slot = k8 === undefined ? undefined : fb.constantSlotOf(k8);
    if (slot !== undefined && slot <= 255) {
      const left = this.fany(e.left);
      const op = ({ "<": "FLTK", "<=": "FLEK", ">": "FGTK", ">=": "FGEK" } as const)[
        e.op as "<" | "<=" | ">" | ">="
      ];
      this.at(e);
      fb.emit(op, left, slot, k);
      return fb.emitJump();
    }
    // `a > b` runs as `b < a`, but the operands are still evaluated left to right.
    const l = this.foperand(e.left, [e.right]);
    const r = this.fany(e.right);
    const swap = e.op === ">" || e.op === ">=";
    const [left, right] = swap ? [r, l] : [l, r];
    this.at(e);
    fb.emit(e.op === "<" || e.op === ">" ? "FLT" : "FLE", left, right, k);
    return fb.emitJump();
  }

  /** EQ/LT/LE on two registers, the left operand already in `l`. */
  private registerCompare(e: Extract<A.Expr, { kind: "Binary" }>, kk: number, l: number): number {
    // `a > b` runs as `b < a`, but the operands are still evaluated left to right.
    const swap = e.op === ">" || e.op === ">=";
    const r = this.anyReg(e.right);
    const [left, right] = swap ? [r, l] : [l, r];
    const op: OpName =
      e.op === "==" || e.op === "!=" ? "EQ" : e.op === "<" || e.op === ">" ? "LT" : "LE";
    this.at(e);
    this.fb.emit(op, left, right, kk);
    return this.fb.emitJump();
  }

  /** Pool index of a literal usable with EQK. */
  literalConstant(e: A.Expr): number {
    switch (e.kind) {
      case "IntLit":
        return this.mb.intConstant(e.value);
      case "FloatLit":
        return this.mb.floatConstant(e.value);
      case "StringLit":
        return this.mb.stringConstant(e.value);
      case "CharLit":
        return this.mb.constant({ kind: "char", codePoint: e.value.codePointAt(0)! });
      case "Unary":
        if (e.operand.kind === "IntLit") return this.mb.intConstant(-e.operand.value);
        if (e.operand.kind === "FloatLit") return this.mb.floatConstant(-e.operand.value);
    }
    throw new Error(`internal: ${e.kind} is not a constant literal`);
  }

  ifExpr(e: A.IfExpr, target: Target, tail: boolean): void {
    const falses = this.cond(e.cond, false);
    if (tail) this.tailBlock(e.then);
    else this.block(e.then, target);
    const needsElse = e.else !== null || target !== null;
    const done = tail || !needsElse ? -1 : this.fb.emitJump();
    for (const j of falses) this.fb.patch(j);
    if (tail) {
      if (e.else) this.tailBlock(e.else);
      else this.fb.emit("RETURNUNIT");
    } else {
      if (e.else) this.block(e.else, target);
      else if (target !== null) this.fb.emit("LOADUNIT", target, 0);
      if (done >= 0) this.fb.patch(done);
    }
  }

  // ---------- calls and constructors ----------

  /** Compiles a call (or constructor) into `target`; true when it emitted a TAILCALL. */
  call(e: Extract<A.Expr, { kind: "Call" }>, target: number, tail: boolean): boolean {
    const callee = e.callee;
    const n = e.args.length;
    if (callee.kind === "Field") {
      const native = this.res.natives.get(callee);
      if (native !== undefined) {
        this.callWith(e, target, tail, (base) => this.loadNative(native, base));
        return tail;
      }
      const type = this.typeNamed(callee.object);
      if (type?.kind === "enum" && type.variants.some((v) => v.name === callee.name)) {
        this.enumValue(type, callee.name, e.args, target, e);
        return false;
      }
      if (type) {
        const slot = type.methods.get(callee.name)!; // the resolver checked (E0306, E0919)
        this.callWith(e, target, tail, (base) => this.fb.emit("GETGLOBAL", base, slot));
        return tail;
      }
      // A method call: SELF puts the method in R[base] and the receiver in R[base+1].
      const base = this.windowStart(target);
      const receiver = this.localRegister(callee.object) ?? this.next(callee.object);
      if (receiver !== base + 1) this.fb.alloc(); // SELF copies the receiver there
      this.at(callee);
      this.fb.emit(
        "SELF",
        base,
        receiver,
        this.kOperand(this.mb.stringConstant(callee.name), callee),
      );
      for (const a of e.args) this.next(a);
      this.at(e);
      this.emitCall(base, n + 1, tail);
      this.moveFrom(base, tail ? null : target);
      return tail;
    }
    const ctor = callee.kind === "Ident" ? this.res.uses.get(callee) : undefined;
    if (ctor?.storage === "prelude-ctor") {
      this.enumValue(
        this.decls.enumNamed(PRELUDE_CTORS[ctor.name]!)!,
        ctor.name,
        e.args,
        target,
        e,
      );
      return false;
    }
    this.callWith(e, target, tail, (base) => this.expr(callee, base));
    return tail;
  }

  private callWith(
    e: Extract<A.Expr, { kind: "Call" }>,
    target: number,
    tail: boolean,
    loadCallee: (base: number) => void,
  ): void {
    const n = e.args.length;
    const base = this.windowStart(target);
    loadCallee(base);
    for (const a of e.args) this.next(a);
    this.at(e);
    this.emitCall(base, n, tail);
    this.moveFrom(base, tail ? null : target);
  }

  private emitCall(base: number, nargs: number, tail: boolean): void {
    this.fb.emit(tail ? "TAILCALL" : "CALL", base, nargs);
  }

  enumValue(
    type: EnumInfo,
    variant: string,
    args: readonly A.Expr[],
    target: number,
    node: { span: A.Span },
  ): void {
    // The resolver checked the variant exists (E0306) and gets its payload (E0316).
    const tag = type.variants.findIndex((v) => v.name === variant);
    const base = this.windowStart(target);
    for (const a of args) this.next(a);
    this.at(node);
    this.fb.emit("NEWENUM", base, this.mb.variantNumber(type.index, tag));
    this.moveFrom(base, target);
  }

  private structLiteral(e: Extract<A.Expr, { kind: "StructLit" }>, target: number): void {
    // The resolver checked the struct exists (E0305) and every field is given once (E0304, E0307).
    const type = this.decls.types.get(e.name) as StructInfo;
    const base = this.windowStart(target);
    // In declaration order the fields fill the window one by one; otherwise reserve it first.
    const inOrder = e.fields.every((f, i) => type.fields[i] === f.name);
    if (!inOrder) this.fb.alloc(type.fields.length);
    for (const f of e.fields) {
      if (inOrder) this.next(f.value);
      else this.expr(f.value, base + 1 + type.fields.indexOf(f.name));
    }
    this.at(e);
    this.fb.emit("NEWSTRUCT", base, type.index);
    this.moveFrom(base, target);
  }

  private field(e: Extract<A.Expr, { kind: "Field" }>, target: number): void {
    const native = this.res.natives.get(e);
    if (native !== undefined) return this.loadNative(native, target);
    const type = this.typeNamed(e.object);
    if (type?.kind === "enum" && type.variants.some((v) => v.name === e.name)) {
      return this.enumValue(type, e.name, [], target, e);
    }
    if (type) {
      // The resolver checked the method exists (E0306, E0919).
      this.fb.emit("GETGLOBAL", target, type.methods.get(e.name)!);
      return;
    }
    const obj = this.anyReg(e.object);
    this.at(e);
    this.fb.emit("GETFIELD", target, obj, this.kOperand(this.mb.stringConstant(e.name), e));
  }

  private cast(e: Extract<A.Expr, { kind: "Cast" }>, target: number): void {
    const t = e.type;
    const name = t.kind === "NamedType" && t.path.length === 1 ? t.path[0]! : "";
    const code = (CAST_TARGETS as readonly string[]).indexOf(name); // checked: E0922
    const reg = this.anyReg(e.expr);
    this.at(e);
    this.fb.emit("CAST", target, reg, code);
  }

  /** `e?`: returns early with a `None` or `Err(…)`, else unwraps `Some(v)`/`Ok(v)`. */
  private propagate(e: Extract<A.Expr, { kind: "Propagate" }>, target: number): void {
    const reg = this.anyRegFresh(e.expr);
    const option = this.decls.enumNamed("Option")!;
    const result = this.decls.enumNamed("Result")!;
    this.at(e);
    for (const [type, tag] of [
      [option, 1],
      [result, 1],
    ] as const) {
      this.fb.emit("TESTVARIANT", reg, this.mb.variantNumber(type.index, tag));
      const skip = this.fb.emitJump();
      this.emitReturn(reg, e);
      this.fb.patch(skip);
    }
    this.fb.emit("GETPAYLOAD", target, reg, 0);
  }

  private macro(e: Extract<A.Expr, { kind: "MacroCall" }>, target: Target): void {
    const fb = this.fb;
    switch (e.name) {
      case "println":
      case "print": {
        const t = target ?? fb.alloc();
        this.callWith(
          {
            kind: "Call",
            callee: { kind: "Ident", name: e.name, span: e.span },
            args: e.args,
            span: e.span,
          },
          t,
          false,
          (base) => fb.emit("GETNATIVE", base, this.mb.native(e.name, nativeArity(e.name)!)),
        );
        return;
      }
      case "panic": {
        const reg = e.args[0] ? this.anyReg(e.args[0]) : this.stringTemp("explicit panic");
        this.at(e);
        fb.emit("RAISE", reg, RUNTIME_ERROR_KINDS.indexOf("Panic"));
        return;
      }
      case "assert": {
        const ok = this.cond(e.args[0]!, true);
        const reg = e.args[1] ? this.anyReg(e.args[1]) : this.stringTemp("assertion failed");
        this.at(e);
        fb.emit("RAISE", reg, RUNTIME_ERROR_KINDS.indexOf("AssertionFailed"));
        for (const j of ok) fb.patch(j);
        if (target !== null) fb.emit("LOADUNIT", target, 0);
        return;
      }
      default:
        throw new Error(`internal: unknown macro ${e.name}~ (the resolver checks E0312)`);
    }
  }

  stringTemp(text: string): number {
    const reg = this.fb.alloc();
    this.fb.emit("LOADK", reg, this.fb.constantSlotOf(this.mb.stringConstant(text)));
    return reg;
  }

  private interpolation(parts: readonly A.InterpPart[], target: number): void {
    if (parts.length === 0) {
      this.fb.emit("LOADK", target, this.fb.constantSlotOf(this.mb.stringConstant("")));
      return;
    }
    const base = this.windowStart(target);
    parts.forEach((p, i) => {
      const reg = i === 0 ? base : this.fb.alloc();
      if (p.kind === "Text")
        this.fb.emit("LOADK", reg, this.fb.constantSlotOf(this.mb.stringConstant(p.value)));
      else this.expr(p, reg);
    });
    this.fb.emit("CONCAT", base, parts.length);
    this.moveFrom(base, target);
  }

  // ---------- errors ----------

  private tryCatch(e: Extract<A.Expr, { kind: "TryCatch" }>, target: Target): void {
    const fb = this.fb;
    const finallyBody = e.finallyBody;
    const emitFinally = finallyBody ? () => this.block(finallyBody, null) : null;
    const err = fb.alloc();
    const handler = fb.emit("TRY", err, 0);
    this.fs.tries.push({ emitFinally, handlerActive: true });
    this.block(e.body, target);
    this.fs.tries.pop();
    fb.emit("ENDTRY");
    emitFinally?.();
    const done = [fb.emitJump()];
    fb.patch(handler);
    if (e.catchBody) {
      const catchBody = e.catchBody;
      const runCatch = () => {
        this.fs.enterBlock();
        if (e.catchName) this.fs.declareLocal(this.declared(e), err);
        this.block(catchBody, target);
        this.fs.exitBlock();
      };
      if (emitFinally) {
        // An error inside the catch block must still run the finally block, then propagate.
        const err2 = fb.alloc();
        const handler2 = fb.emit("TRY", err2, 0);
        this.fs.tries.push({ emitFinally, handlerActive: true });
        runCatch();
        this.fs.tries.pop();
        fb.emit("ENDTRY");
        emitFinally();
        done.push(fb.emitJump());
        fb.patch(handler2);
        emitFinally();
        fb.emit("THROW", err2);
      } else runCatch();
    } else {
      emitFinally!();
      fb.emit("THROW", err);
    }
    for (const j of done) fb.patch(j);
  }
}

/** `a |> f` is `f(a)`; `a |> f(b)` is `f(a, b)`. */
function pipeToCall(e: Extract<A.Expr, { kind: "Pipe" }>): A.Expr {
  if (e.right.kind === "Call") return { ...e.right, args: [e.left, ...e.right.args], span: e.span };
  return { kind: "Call", callee: e.right, args: [e.left], span: e.span };
}

/** False for an int literal beyond ±2^53, which converting to a float would round. */
function exactAsFloat(e: A.Expr): boolean {
  const v = e.kind === "Unary" && e.op === "-" ? e.operand : e;
  return v.kind !== "IntLit" || v.value <= 1n << 53n;
}

function isZero(e: A.Expr): boolean {
  return smallInt(e, 1n) === 0;
}

/** An int literal (times `sign`) that fits a signed 8-bit immediate. */
function smallInt(e: A.Expr, sign: bigint, max = 127n): number | undefined {
  let v: bigint | undefined;
  if (e.kind === "IntLit") v = e.value;
  else if (e.kind === "Unary" && e.op === "-" && e.operand.kind === "IntLit") v = -e.operand.value;
  if (v === undefined) return undefined;
  v *= sign;
  return v >= -128n && v <= max ? Number(v) : undefined;
}

/** A number literal, possibly negated (not when negating overflows: that raises at run time). */
function isNumberLiteral(e: A.Expr): boolean {
  if (e.kind === "IntLit" || e.kind === "FloatLit") return true;
  return (
    e.kind === "Unary" &&
    e.op === "-" &&
    ((e.operand.kind === "IntLit" && -e.operand.value <= I64_MAX) || e.operand.kind === "FloatLit")
  );
}

function isConstantLiteral(e: A.Expr): boolean {
  if (
    e.kind === "IntLit" ||
    e.kind === "FloatLit" ||
    e.kind === "StringLit" ||
    e.kind === "CharLit"
  )
    return true;
  return (
    e.kind === "Unary" &&
    e.op === "-" &&
    ((e.operand.kind === "IntLit" && -e.operand.value <= I64_MAX) || e.operand.kind === "FloatLit")
  );
}

/** Expressions that read all their operands before writing their destination, once. */
function writesTargetLast(e: A.Expr): boolean {
  switch (e.kind) {
    case "IntLit":
    case "FloatLit":
    case "StringLit":
    case "CharLit":
    case "BoolLit":
    case "UnitLit":
    case "Ident":
    case "Field":
    case "Index":
    case "TupleIndex":
    case "Cast":
      return true;
    case "Unary":
      return true;
    case "Binary":
      return e.op !== "and" && e.op !== "or";
    default:
      return false;
  }
}

/** Whether evaluating `e` may run arbitrary Veld code (a call, or a `for` calling `next()`). */
function mayRunCode(e: A.Expr): boolean {
  return someNode(e, (n) => n.kind === "Call" || n.kind === "For" || n.kind === "MacroCall");
}

/** Whether some node of `e` (outside nested function bodies) satisfies `test`. */
function someNode(e: A.Expr, test: (n: A.Expr | A.Stmt) => boolean): boolean {
  const visit = (node: unknown): boolean => {
    if (Array.isArray(node)) return node.some(visit);
    if (typeof node !== "object" || node === null) return false;
    const n = node as A.Expr | A.Stmt;
    if (test(n)) return true;
    if (n.kind === "Lambda" || n.kind === "FnDecl") return false;
    return Object.entries(node).some(
      ([key, value]) => key !== "span" && typeof value === "object" && visit(value),
    );
  };
  return visit(e);
}
