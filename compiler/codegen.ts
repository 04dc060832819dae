// Code generation for statements and expressions (spec/language.md → spec/isa.md): the
// Codegen state (module, function, resolution, options), functions, blocks, statements,
// loops, assignments, names and operators. The register discipline: locals own stable
// registers for their scope; an expression compiles *into a requested destination register*;
// temporaries are taken at the top and freed at statement end; call, constructor and CONCAT
// windows are allocated contiguously before they are filled. The other seams have their own
// files: conditions.ts (branches, fused compare-and-branch), float-bank.ts (unboxed float
// expressions), calls.ts (calls, constructors, macros), patterns.ts (`match`, destructuring),
// literals.ts (literal operands).

import type * as A from "../language/ast.js";
import { chainBelow, chainLeft, eachNode } from "../language/ast.js";
import type { DiagnosticCode } from "../language/diagnostics.js";
import type { Binding, NativeRef, Resolution } from "../language/index.js";
import { ownLinks, stablePipeCallee } from "../language/resolver.js";
import { PRELUDE_CTORS } from "../language/prelude.js";
import { CAST_TARGETS, type OpName } from "../format/opcodes.js";
import { CompileError } from "./errors.js";
import { castTarget, type FloatTyping } from "./float-locals.js";
import { FunctionBuilder } from "./function-builder.js";
import { FuncState, type Resolved } from "./scope.js";
import type { Declarations, TypeInfo } from "./declarations.js";
import type { ModuleBuilder } from "./module-builder.js";
import { bindIrrefutable, compileMatch } from "./patterns.js";
import {
  arrayLiteral,
  mapLiteral,
  setLiteral,
  call,
  construct,
  enumValue,
  macro,
  structLiteral,
} from "./calls.js";
import { cond } from "./conditions.js";
import { ARITH, breakOrContinue, stmt } from "./statements.js";
import { fexpr, inFloatBank } from "./float-bank.js";
import { isNumberLiteral, literalConstant, literalOf, smallInt } from "./literals.js";

export type Target = number | null;

/** The native a template hole with a format spec calls. */
const FORMAT_NATIVE = "std.fmt.format";

export class Codegen {
  fs!: FuncState;
  /**
   * While an or-pattern's alternatives are tested: the register each of its local variables
   * lives in (every alternative stores into the same one, compiler/patterns.ts).
   */
  orTargets: ReadonlyMap<Binding, number> | null = null;
  /** The debug file-table index of the module being compiled (0: the main file). */
  file = 0;
  /** The register of each chain link compiled so far by `chain`, read by the link above. */
  private readonly linkRegs = new Map<A.Expr, number>();
  /** The float register of each link of a float-bank chain compiled so far (float-bank.ts). */
  readonly floatLinks = new Map<A.Expr, number>();

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
    this.fb.pos = node.span.start; // never changed: spans are shared, not copied
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
    this.fs = new FuncState(fb, outer);
    this.reserveNameConstants([body]);
    this.fs.enterBlock();
    params.forEach((p, i) => this.fs.declareLocal(this.declared(p), i));
    if (body.kind === "Block") this.tailBlock(body);
    else this.tailExpr(body);
    this.recordLocals();
    const { proto, debug } = fb.finish(this.optimize);
    this.mb.setFunction(index, proto, debug, this.file);
    this.fs = outer;
    return index;
  }

  /**
   * Field and method names are 8-bit K operands (GETFIELD, SETFIELD, SELF): giving them the
   * first constant slots of the function keeps them addressable however many other
   * constants the function uses.
   */
  reserveNameConstants(roots: readonly A.WalkNode[]): void {
    eachNode(roots, (n) => {
      if (n.kind === "Lambda" || n.kind === "FnDecl") return false;
      if (n.kind === "Field") this.fb.constantSlotOf(this.mb.stringConstant(n.name));
      if (n.kind === "CtorPat") {
        for (const arg of n.args ?? []) {
          const field = arg.label ?? (arg.pattern.kind === "BindingPat" ? arg.pattern.name : null);
          if (field) this.fb.constantSlotOf(this.mb.stringConstant(field));
        }
      }
    });
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
      else stmt(this, s);
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
        if (e.kind === "Call" && this.fs.parent) {
          // In main a call is not a tail call; constructors are not calls. (A tail position is
          // never inside a try: a try's body is compiled as a value, `return` has its own case.)
          const reg = this.fb.alloc();
          if (!call(this, e, reg, true)) this.emitReturn(reg, e);
          break;
        }
        const reg = this.anyReg(e);
        if (this.unreachableAfter(e)) break;
        this.emitReturn(reg, e);
      }
    }
    this.fb.freeTo(save);
  }

  unreachableAfter(e: A.Expr): boolean {
    // `break` and `continue` are never a function's value: the resolver allows them only in a
    // loop's body, which is no tail position.
    return e.kind === "Return" || e.kind === "Throw";
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
  leaveTry(i: number): void {
    const tries = this.fs.tries;
    const t = tries[i]!;
    this.fb.emit("ENDTRY"); // an entry of `tries` is a try whose handler is pushed
    const inner = tries.splice(i);
    try {
      t.emitFinally?.();
    } finally {
      tries.push(...inner);
    }
  }

  // ---------- blocks ----------

  /** Compiles a block; its value (last expression statement, else `()`) goes to `target`. */
  block(block: A.Block, target: Target): void {
    this.fs.enterBlock();
    const stmts = block.stmts;
    stmts.forEach((s, i) => {
      if (i === stmts.length - 1 && s.kind === "ExprStmt") this.expr(s.expr, target);
      else stmt(this, s);
    });
    const last = stmts[stmts.length - 1];
    if (target !== null && (!last || last.kind !== "ExprStmt")) {
      this.at(block);
      this.fb.emit("LOADUNIT", target, 0);
    }
    this.fs.exitBlock();
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
    const link = this.linkRegs.get(e);
    if (link !== undefined) return link; // a temporary: nothing else assigns it
    const reg = this.localRegister(e);
    if (reg === undefined) return this.anyRegFresh(e);
    const binding = this.res.uses.get(e as A.Ident)!;
    if (!binding.mutable) return reg; // nothing assigns it (the resolver rejects that)
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

  /** The register of a local variable `e`, or of a chain link `chain` compiled, if it is one. */
  localRegister(e: A.Expr): number | undefined {
    const link = this.linkRegs.get(e);
    if (link !== undefined) return link;
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
    const link = this.linkRegs.get(e);
    if (link !== undefined) return this.moveFrom(link, target);
    // chainBelow is empty unless e's left operand is itself a link.
    const left = this.linkLeft(e);
    if (left === null || this.linkLeft(left) === null) return this.exprNode(e, target);
    const links = ownLinks(chainBelow(e, this.linkLeft), e, this.res);
    if (links.length > 0) this.chain(e, links, target);
    else this.exprNode(e, target);
  }

  /**
   * The left operand codegen compiles before the rest of `e`, as a link of a flat chain: not
   * through `and`/`or` (jump chains: conditions.ts) or the float bank (fexpr), which compile
   * their own chains, nor a pipe whose callee may change while its argument is evaluated (the
   * callee comes first, as in the call it stands for), nor the callee of a call of a value.
   */
  private readonly linkLeft = (e: A.WalkNode): A.Expr | null => {
    if (e.kind === "Binary" && (e.op === "and" || e.op === "or" || inFloatBank(this, e)))
      return null;
    if (e.kind === "Pipe" && !stablePipeCallee(e, this.res)) return null;
    // A callee that is no method goes straight to its call window (nested calls `f(a)(b)`).
    if (e.kind === "Call" && (e.callee.kind !== "Field" || e.fieldValue)) return null;
    return chainLeft(e);
  };

  /**
   * A left-associative chain (spec/language.md §4.2: flat), compiled from its head up without
   * recursing down it: each link's value goes to one of two temporaries, alternately (a link
   * never writes the register it reads), and the link above reads it there (`linkRegs`); `e`
   * itself writes `target`. `links` are the chain's `ownLinks`: a field a call or a path
   * reads is compiled by the link above it, which reads the field's own left operand.
   */
  private chain(e: A.Expr, links: readonly A.Expr[], target: Target): void {
    const fb = this.fb;
    const save = fb.top;
    const t = target ?? fb.alloc();
    // The second temporary is taken when first used: the first link then writes the top
    // register, where a call window starts without a MOVE (`windowStart`).
    const regs = [fb.alloc()];
    links.forEach((link, i) => {
      const which = (links.length - 1 - i) % 2;
      if (which === 1 && regs.length === 1) regs.push(fb.alloc());
      const reg = regs[which]!;
      this.exprNode(link, reg);
      this.linkRegs.set(link, reg);
    });
    fb.freeTo(regs[0]! + 1); // the other one was read by the last link
    this.exprNode(e, t);
    for (const link of links) this.linkRegs.delete(link);
    fb.freeTo(save);
  }

  /** Compiles `e` (no chain link `chain` compiled) so its value ends in `target`. */
  /** The target register, or a fresh one for a value wanted only for its effect. */
  private dest(target: Target): number {
    return target ?? this.fb.alloc();
  }

  private exprNode(e: A.Expr, target: Target): void {
    this.at(e);
    const fb = this.fb;
    const save = fb.top;
    // The frequent kinds first: an unoptimised switch compares its cases in order.
    switch (e.kind) {
      case "Ident":
        this.identifier(e, this.dest(target));
        break;
      case "IntLit":
        if (target !== null) this.loadInt(target, e.value);
        break;
      case "Unary":
      case "Binary":
        if (inFloatBank(this, e)) {
          const f = fb.alloc();
          fexpr(this, e, f);
          this.at(e);
          fb.emit("FBOX", this.dest(target), f);
        } else if (e.kind === "Unary") this.unary(e, this.dest(target));
        else this.binary(e, this.dest(target));
        break;
      case "Call":
        call(this, e, this.dest(target), false);
        break;
      case "Field":
        this.field(e, this.dest(target));
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
      case "Tuple":
        construct(this, "NEWTUPLE", e.elements, this.dest(target), e.elements.length);
        break;
      case "Array":
        arrayLiteral(this, e.elements, this.dest(target));
        break;
      case "MapLit":
        mapLiteral(this, e.entries, this.dest(target));
        break;
      case "SetLit":
        setLiteral(this, e, this.dest(target));
        break;
      case "Pipe":
        this.expr(pipeToCall(e), target);
        break;
      case "Range": {
        const base = this.windowStart(this.dest(target));
        this.expr(e.start!, base); // the resolver rejects open ranges (E0915)
        this.next(e.end!);
        this.at(e);
        fb.emit("NEWRANGE", base, e.inclusive ? 1 : 0);
        this.moveFrom(base, target);
        break;
      }
      case "StructLit":
        structLiteral(this, e, this.dest(target));
        break;
      case "TupleIndex": {
        const t = this.dest(target);
        const obj = this.anyReg(e.object);
        this.at(e);
        fb.emit("GETTUPLE", t, obj, e.index);
        break;
      }
      case "Index": {
        const t = this.dest(target);
        const obj = this.operand(e.object, [e.index]);
        const index = this.anyReg(e.index);
        this.at(e);
        fb.emit("GETINDEX", t, obj, index);
        break;
      }
      case "Cast":
        this.cast(e, this.dest(target));
        break;
      case "Propagate":
        this.propagate(e, this.dest(target));
        break;
      case "MacroCall":
        macro(this, e, target);
        break;
      case "Interpolation":
        this.interpolation(e.parts, this.dest(target));
        break;
      case "Formatted": {
        // std.fmt.format(value, spec)
        const base = this.windowStart(this.dest(target));
        fb.emit("GETNATIVE", base, this.mb.native(FORMAT_NATIVE, 2));
        this.next(e.value);
        const spec = fb.alloc();
        fb.emit("LOADK", spec, fb.constantSlotOf(this.mb.stringConstant(e.spec)));
        this.at(e);
        fb.emit("CALL", base, 2);
        this.moveFrom(base, target);
        break;
      }
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
        const t = this.dest(target);
        this.fs.enterBlock();
        bindIrrefutable(this, e.pattern, this.anyRegFresh(e.value));
        this.expr(e.body, t);
        this.fs.exitBlock();
        break;
      }
      case "Lambda":
        this.closure(this.dest(target), "<lambda>", e.params, e.body);
        break;
      case "Return": {
        if (e.value && e.value.kind === "Call" && this.fs.tries.length === 0 && this.fs.parent) {
          const reg = fb.alloc();
          if (!call(this, e.value, reg, true)) this.emitReturn(reg, e);
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
        breakOrContinue(this, e);
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

  /**
   * Whether `e` is a chain link whose value sits just above `target`, in the top register: a
   * call window may then start at `target` with `e` already in its first argument (`chain`
   * puts the last link there when `target` was the top register).
   */
  linkAbove(target: number, e: A.Expr | undefined): boolean {
    return e !== undefined && this.linkRegs.get(e) === target + 1 && this.fb.top === target + 2;
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

  // ---------- names ----------

  /** Where the variable `e` names lives, as the function being compiled reaches it. */
  resolveName(e: A.Ident): Resolved | undefined {
    return this.resolveBinding(this.res.uses.get(e));
  }

  /** Where a variable binding lives, as the function being compiled reaches it. */
  resolveBinding(b: Binding | undefined): Resolved | undefined {
    if (b?.storage === "local") return this.fs.access(b);
    const slot = b === undefined ? undefined : this.decls.globalSlot(b);
    return slot === undefined ? undefined : { kind: "global", slot };
  }

  identifier(e: A.Ident, target: number): void {
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
      enumValue(this, this.decls.enumNamed(PRELUDE_CTORS[b.name]!)!, b.name, [], target, e);
      return;
    }
    throw new Error(`internal: \`${e.name}\` is not a value`);
  }

  /** GETNATIVE of a native function, or the value of a `std.math` constant. */
  loadNative(native: NativeRef, target: number): void {
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

  unary(e: Extract<A.Expr, { kind: "Unary" }>, target: number): void {
    const literal = literalOf(e); // a negated number literal
    if (literal?.kind === "int") return this.loadInt(target, literal.value);
    if (literal?.kind === "float") return this.loadFloat(target, literal.value);
    const reg = this.anyReg(e.operand);
    this.at(e);
    this.fb.emit(e.op === "-" ? "NEG" : "NOT", target, reg);
  }

  binary(e: Extract<A.Expr, { kind: "Binary" }>, target: number): void {
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
        this.optimize && !(e.op === "-" && smallInt(e.right, 1n) === 0)
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
      const falses = cond(this, e, false);
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
  numericConstant(e: A.Expr): number | undefined {
    if (!isNumberLiteral(e)) return undefined;
    const slot = this.fb.constantSlotOf(this.literalConstant(e));
    return slot <= 255 ? slot : undefined;
  }

  /** A K operand (8 bits): constants beyond the first 256 of a function cannot be used here. */
  kOperand(pool: number, node: { span: A.Span }): number {
    const slot = this.fb.constantSlotOf(pool);
    if (slot > 255) this.fail("E0917", "too many distinct constants in one function", node);
    return slot;
  }

  /** Pool index of the literal `e` (literals.ts `literalOf`). */
  literalConstant(e: A.Expr): number {
    const v = literalOf(e);
    if (v === undefined) throw new Error(`internal: ${e.kind} is not a constant literal`);
    return this.mb.constant(literalConstant(v, (text) => this.mb.string(text)));
  }

  ifExpr(e: A.IfExpr, target: Target, tail: boolean): void {
    const falses = cond(this, e.cond, false);
    if (tail) this.tailBlock(e.then);
    else this.block(e.then, target);
    const needsElse = e.else !== null || target !== null;
    const done = tail || !needsElse ? -1 : this.fb.emitJump();
    for (const j of falses) this.fb.patch(j);
    if (tail) {
      if (e.else) this.tailBlock(e.else);
      else {
        // No branch ran: the function returns `()` at the `if` (a trace's frame at its return).
        this.at(e);
        this.fb.emit("RETURNUNIT");
      }
    } else {
      if (e.else) this.block(e.else, target);
      else if (target !== null) this.fb.emit("LOADUNIT", target, 0);
      if (done >= 0) this.fb.patch(done);
    }
  }

  // ---------- fields, casts, `?`, templates ----------

  /** Whether `e` reads a field of a value (GETFIELD), not a native, module member or type item. */
  isStructFieldRead(e: Extract<A.Expr, { kind: "Field" }>): boolean {
    return !this.res.natives.has(e) && !this.res.members.has(e) && !this.typeNamed(e.object);
  }

  field(e: Extract<A.Expr, { kind: "Field" }>, target: number): void {
    const native = this.res.natives.get(e);
    if (native !== undefined) return this.loadNative(native, target);
    const member = this.res.members.get(e);
    if (member !== undefined) {
      // `m.item`: a module's public function or constant, always a global (language.md §11).
      this.fb.emit("GETGLOBAL", target, this.decls.globalSlot(member)!);
      return;
    }
    const type = this.typeNamed(e.object);
    if (type?.kind === "enum" && type.variants.some((v) => v.name === e.name)) {
      return enumValue(this, type, e.name, [], target, e);
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

  cast(e: Extract<A.Expr, { kind: "Cast" }>, target: number): void {
    const code = CAST_TARGETS.indexOf(castTarget(e));
    const reg = this.anyReg(e.expr);
    this.at(e);
    this.fb.emit("CAST", target, reg, code);
  }

  /** `e?`: returns early with a `None` or `Err(…)`, else unwraps `Some(v)`/`Ok(v)`. */
  propagate(e: Extract<A.Expr, { kind: "Propagate" }>, target: number): void {
    const reg = this.linkRegs.get(e.expr) ?? this.anyRegFresh(e.expr);
    const option = this.decls.enumNamed("Option")!;
    const result = this.decls.enumNamed("Result")!;
    this.at(e);
    // The resolver checked both are enums with these variants (a user type may shadow them).
    for (const [type, variant] of [
      [option, "None"],
      [result, "Err"],
    ] as const) {
      const tag = type.variants.findIndex((v) => v.name === variant);
      this.fb.emit("TESTVARIANT", reg, this.mb.variantNumber(type.index, tag));
      const skip = this.fb.emitJump();
      this.emitReturn(reg, e);
      this.fb.patch(skip);
    }
    this.fb.emit("GETPAYLOAD", target, reg, 0);
  }

  /** `parts` is never empty: the parser makes a template without parts the string `""`. */
  interpolation(parts: readonly A.InterpPart[], target: number): void {
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

  tryCatch(e: Extract<A.Expr, { kind: "TryCatch" }>, target: Target): void {
    const fb = this.fb;
    const finallyBody = e.finallyBody;
    const emitFinally = finallyBody ? () => this.block(finallyBody, null) : null;
    const err = fb.alloc();
    const handler = fb.emit("TRY", err, 0);
    const captureMark = this.fs.captureLog.length;
    this.fs.tries.push({ emitFinally });
    this.block(e.body, target);
    this.fs.tries.pop();
    fb.emit("ENDTRY");
    emitFinally?.();
    const done = [fb.emitJump()];
    fb.patch(handler);
    // An error skips the body's own CLOSE; the body's locals (all above `err`) may be reused
    // by the handler, so their captured cells are closed first.
    if (this.fs.capturedSince(captureMark, err + 1)) fb.emit("CLOSE", err + 1);
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
        const catchMark = this.fs.captureLog.length;
        this.fs.tries.push({ emitFinally });
        runCatch();
        this.fs.tries.pop();
        fb.emit("ENDTRY");
        emitFinally();
        done.push(fb.emitJump());
        fb.patch(handler2);
        // Likewise for the catch block's locals and the caught error `err` itself.
        if (this.fs.capturedSince(catchMark, err)) fb.emit("CLOSE", err);
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
  return e.fieldValue
    ? { kind: "Call", callee: e.right, args: [e.left], span: e.span, fieldValue: true }
    : { kind: "Call", callee: e.right, args: [e.left], span: e.span };
}

/**
 * Whether evaluating `e` may run arbitrary Veld code (a call, or a `for` calling `next()`). A
 * macro runs none of its own: it formats, tests or raises built-in (a type's `to_str` is not
 * used), and the calls in its arguments are nodes of `e`.
 */
function mayRunCode(e: A.Expr): boolean {
  return someNode(e, (n) => n.kind === "Call" || n.kind === "For");
}

/** Expressions without children. */
const LEAVES = new Set<string>([
  "Ident",
  "IntLit",
  "FloatLit",
  "StringLit",
  "CharLit",
  "BoolLit",
  "UnitLit",
]);

/** Whether some node of `e` (outside nested function bodies) satisfies `test`. */
function someNode(e: A.Expr, test: (n: A.WalkNode) => boolean): boolean {
  if (LEAVES.has(e.kind)) return test(e);
  let found = false;
  eachNode([e], (n) => {
    if (found) return false;
    if (test(n)) found = true;
    return !found && n.kind !== "Lambda" && n.kind !== "FnDecl";
  });
  return found;
}
