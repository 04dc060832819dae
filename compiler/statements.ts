// Statements (spec/language.md §4): `let` (into a register, or a global slot when the
// resolver stored the binding as a global), assignments and compound assignments, local
// functions, and the loops with their break/continue bookkeeping (CLOSE of captured loop
// variables, spec/isa.md §4 Upvalues).

import type * as A from "../language/ast.js";
import type { OpName } from "../format/opcodes.js";
import type { Codegen } from "./codegen.js";
import { cond } from "./conditions.js";
import { fany, fexpr, inFloatBank } from "./float-bank.js";
import { bindIrrefutable } from "./patterns.js";
import type { LoopContext } from "./scope.js";

export const ARITH: Partial<Record<A.BinaryOp, OpName>> = {
  "+": "ADD",
  "-": "SUB",
  "*": "MUL",
  "/": "DIV",
  "%": "MOD",
  "*^": "POW",
};

export function stmt(cg: Codegen, s: A.Stmt): void {
  const save = cg.fb.top;
  cg.at(s);
  switch (s.kind) {
    case "ExprStmt":
      cg.expr(s.expr, null);
      break;
    case "Let":
      letStmt(cg, s);
      return; // keeps the new locals' registers
    case "Assign":
      assign(cg, s);
      break;
    case "While":
      whileLoop(cg, s);
      break;
    case "For":
      forLoop(cg, s);
      break;
    case "FnDecl":
      // A prototype (`fn f(x);`) declares nothing; a global function was hoisted
      // (compiler/index.ts).
      if (s.body !== null && cg.declared(s).storage === "local") localFunction(cg, s);
      return;
    // Declarations of types, impls and kinds, imports and aliases compile to nothing.
  }
  cg.fb.freeTo(save);
}

export function localFunction(cg: Codegen, s: A.FnDecl): void {
  const reg = cg.fb.alloc();
  cg.fs.declareLocal(cg.declared(s), reg); // visible to its own body: recursion
  cg.closure(reg, s.name, s.params, s.body!); // stmt() passes no prototype
}

export function letStmt(cg: Codegen, s: Extract<A.Stmt, { kind: "Let" }>): void {
  const p = s.pattern;
  if (p.kind === "BindingPat") {
    const binding = cg.declared(p);
    const slot = cg.decls.globalSlot(binding);
    if (slot !== undefined) {
      const save = cg.fb.top;
      const reg = cg.anyReg(s.value);
      cg.at(s);
      cg.fb.emit("SETGLOBAL", reg, slot);
      cg.fb.freeTo(save);
      return;
    }
    const reg = cg.fb.alloc();
    const float = cg.floats?.declaresFloat(p) ?? false;
    if (float) fexpr(cg, s.value, reg);
    else cg.expr(s.value, reg);
    cg.fs.declareLocal(binding, reg, float);
    return;
  }
  if (cg.optimize && tupleOfLocals(cg, p, s.value)) return;
  const reg = cg.anyReg(s.value);
  bindIrrefutable(cg, p, reg);
}

/**
 * -O1: `let (a, b) = (x, y)`, a tuple of names (or `_`) bound to a tuple literal of as many
 * elements, evaluates each element into its name's register, with no tuple made and taken
 * apart (a swap or a step of a recurrence in a loop). The names are declared after every
 * element is evaluated, as the pattern binds them. False, nothing emitted, for any other
 * `let`: a global or another pattern is bound from the tuple. A tuple's names are never
 * float-bank locals (float-locals.ts considers a `let` of one name only) nor an or-pattern's
 * shared registers (those are a `match` pattern's, never a `let`'s).
 */
function tupleOfLocals(cg: Codegen, p: A.Pattern, value: A.Expr): boolean {
  if (p.kind !== "TuplePat" || value.kind !== "Tuple") return false;
  if (p.elements.length !== value.elements.length) return false;
  for (const el of p.elements) {
    if (el.kind === "WildcardPat") continue;
    if (el.kind !== "BindingPat" || cg.decls.globalSlot(cg.declared(el)) !== undefined)
      return false;
  }
  const regs = value.elements.map((e) => {
    const reg = cg.fb.alloc();
    cg.expr(e, reg);
    return reg;
  });
  p.elements.forEach((el, i) => {
    if (el.kind === "BindingPat") cg.fs.declareLocal(cg.declared(el), regs[i]!, false);
  });
  return true;
}

/** Binds the pattern `p` to the value in `reg` (adopting `reg` when it is a fresh temp). */
export function bindName(cg: Codegen, p: A.BindingPat, reg: number, fresh: boolean): void {
  const binding = cg.declared(p);
  const shared = cg.orTargets?.get(binding);
  if (shared !== undefined) {
    cg.fb.emit("MOVE", shared, reg);
    return;
  }
  const slot = cg.decls.globalSlot(binding);
  if (slot !== undefined) {
    cg.fb.emit("SETGLOBAL", reg, slot);
    return;
  }
  if (fresh && reg === cg.fb.top - 1) {
    cg.fs.declareLocal(binding, reg);
    return;
  }
  const local = cg.fb.alloc();
  cg.fb.emit("MOVE", local, reg);
  cg.fs.declareLocal(binding, local);
}

export function assign(cg: Codegen, s: Extract<A.Stmt, { kind: "Assign" }>): void {
  const t = s.target;
  const op = s.op === "=" ? null : (s.op.slice(0, -1) as A.BinaryOp);
  if (t.kind === "Ident") {
    const value: A.Expr = op
      ? { kind: "Binary", op, left: t, right: s.value, span: s.span }
      : s.value;
    assignName(cg, t, value);
    return;
  }
  if (t.kind === "Field") {
    const obj = cg.operand(t.object, [s.value]);
    const key = cg.kOperand(cg.mb.stringConstant(t.name), t);
    // A float field given a value the bank computes: no box between them (SETFIELDF). `x.f op=`
    // reads the field again through `t`, so only when its object is a name (read once, as here).
    const whole: A.Expr = op
      ? { kind: "Binary", op, left: t, right: s.value, span: s.span }
      : s.value;
    if (
      cg.floats?.isFloat(t) &&
      (op === null || t.object.kind === "Ident") &&
      inFloatBank(cg, whole)
    ) {
      const f = fany(cg, whole);
      cg.at(s);
      cg.fb.emit("SETFIELDF", obj, key, f);
      return;
    }
    let value: number;
    if (op) {
      value = cg.fb.alloc();
      cg.at(t);
      cg.fb.emit("GETFIELD", value, obj, key);
      compound(cg, op, value, s.value, s);
    } else value = cg.anyReg(s.value);
    cg.at(s);
    cg.fb.emit("SETFIELD", obj, key, value);
    return;
  }
  if (t.kind === "Index") {
    const obj = cg.operand(t.object, [t.index, s.value]);
    const index = cg.operand(t.index, [s.value]);
    let value: number;
    if (op) {
      value = cg.fb.alloc();
      cg.at(t);
      cg.fb.emit("GETINDEX", value, obj, index);
      compound(cg, op, value, s.value, s);
    } else value = cg.anyReg(s.value);
    cg.at(s);
    cg.fb.emit("SETINDEX", obj, index, value);
    return;
  }
  throw new Error("internal: the resolver let through an assignment to a non-place");
}

/** reg := reg op value */
export function compound(
  cg: Codegen,
  op: A.BinaryOp,
  reg: number,
  value: A.Expr,
  node: { span: A.Span },
): void {
  const rhs = cg.anyReg(value);
  cg.at(node);
  cg.fb.emit(ARITH[op]!, reg, reg, rhs);
}

export function assignName(cg: Codegen, t: A.Ident, value: A.Expr): void {
  const r = cg.resolveName(t);
  if (r?.kind === "local" && r.float) {
    fexpr(cg, value, r.reg); // writes the target only in its last instruction
    return;
  }
  if (r?.kind === "local") {
    // Writing the local only in the last instruction is safe for these; others go through a temp.
    if (writesTargetLast(value)) cg.expr(value, r.reg);
    else {
      const tmp = cg.anyRegFresh(value);
      cg.at(t);
      cg.fb.emit("MOVE", r.reg, tmp);
    }
    return;
  }
  const reg = cg.anyReg(value);
  cg.at(t);
  if (r?.kind === "upval") cg.fb.emit("SETUPVAL", reg, r.index);
  else if (r?.kind === "global") cg.fb.emit("SETGLOBAL", reg, r.slot);
  else throw new Error(`internal: assignment to \`${t.name}\`, which is not a variable`);
}

export function whileLoop(cg: Codegen, s: Extract<A.Stmt, { kind: "While" }>): void {
  // -O1 tests the condition at the bottom (one branch per iteration instead of two).
  const entry = cg.optimize ? cg.fb.emitJump() : undefined;
  const start = cg.fb.pc;
  const exits = cg.optimize ? [] : cond(cg, s.cond, false);
  const loop = pushLoop(cg, cg.fb.top);
  cg.fs.enterBlock();
  for (let i = 0; i < s.body.stmts.length; i++) stmt(cg, s.body.stmts[i]!);
  endLoopBody(cg, loop);
  cg.at(s);
  if (cg.optimize) {
    cg.fb.patch(entry!);
    for (const j of cond(cg, s.cond, true)) cg.fb.patch(j, start);
  } else cg.fb.patch(cg.fb.emitJump(), start);
  popLoop(cg, loop, exits);
}

export function forLoop(cg: Codegen, s: Extract<A.Stmt, { kind: "For" }>): void {
  const it = s.iterable;
  const base = cg.fb.alloc(2);
  if (it.kind === "Range") {
    cg.expr(it.start!, base); // the resolver rejects open ranges (E0915)
    cg.expr(it.end!, base + 1);
    cg.at(s);
    const prep = cg.fb.emit(it.inclusive ? "FORPREPI" : "FORPREP", base, 0);
    const body = cg.fb.pc;
    const loop = pushLoop(cg, base);
    cg.fs.enterBlock();
    bindLoopVar(cg, s.pattern, base);
    for (let i = 0; i < s.body.stmts.length; i++) stmt(cg, s.body.stmts[i]!);
    endLoopBody(cg, loop);
    cg.at(s);
    cg.fb.emit("FORLOOP", base, body - (cg.fb.pc + 1));
    popLoop(cg, loop, [prep]);
  } else {
    const src = cg.anyReg(it);
    cg.at(s);
    cg.fb.emit("GETITER", base, src);
    cg.fb.freeTo(base + 2);
    const next = cg.fb.emit("ITERNEXT", base, 0);
    const loop = pushLoop(cg, base + 1);
    cg.fs.enterBlock();
    bindLoopVar(cg, s.pattern, base + 1);
    for (let i = 0; i < s.body.stmts.length; i++) stmt(cg, s.body.stmts[i]!);
    endLoopBody(cg, loop);
    cg.at(s);
    cg.fb.patch(cg.fb.emitJump(), next);
    popLoop(cg, loop, [next]);
  }
}

export function bindLoopVar(cg: Codegen, p: A.Pattern, reg: number): void {
  if (p.kind === "BindingPat") cg.fs.declareLocal(cg.declared(p), reg);
  else if (p.kind !== "WildcardPat") bindIrrefutable(cg, p, reg);
}

export function pushLoop(cg: Codegen, base: number): LoopContext {
  const loop: LoopContext = {
    base,
    captureMark: cg.fs.captureLog.length,
    breaks: [],
    continues: [],
    tryDepth: cg.fs.tries.length,
  };
  cg.fs.loops.push(loop);
  return loop;
}

/**
 * Ends a loop body; `continue` lands here. When the body captured any local, one CLOSE
 * from the loop's first register gives the next iteration fresh variables, also on the
 * paths where `continue` skipped the inner blocks' own CLOSE.
 */
export function endLoopBody(cg: Codegen, loop: LoopContext): void {
  for (const j of loop.continues) cg.fb.patch(j);
  const captured = cg.fs.capturedSince(loop.captureMark, loop.base);
  if (captured) cg.fb.emit("CLOSE", loop.base);
  cg.fs.exitBlock(false);
}

/** Patches the exits; a `break` closes what the skipped end of the body would have. */
export function popLoop(cg: Codegen, loop: LoopContext, exits: number[]): void {
  cg.fs.loops.pop();
  if (loop.breaks.length > 0 && cg.fs.capturedSince(loop.captureMark, loop.base)) {
    for (const j of loop.breaks) cg.fb.patch(j);
    cg.fb.emit("CLOSE", loop.base);
    for (const j of exits) cg.fb.patch(j);
    return;
  }
  for (const j of [...exits, ...loop.breaks]) cg.fb.patch(j);
}

export function breakOrContinue(
  cg: Codegen,
  e: { kind: "Break" | "Continue"; span: A.Span },
): void {
  const loop = cg.fs.loops[cg.fs.loops.length - 1]!; // the resolver checked (E0303)
  for (let i = cg.fs.tries.length - 1; i >= loop.tryDepth; i--) cg.leaveTry(i);
  cg.at(e);
  const j = cg.fb.emitJump();
  (e.kind === "Break" ? loop.breaks : loop.continues).push(j);
}

/** Expressions that read all their operands before writing their destination, once. */
function writesTargetLast(e: A.Expr): boolean {
  switch (e.kind) {
    case "Binary":
      return e.op !== "and" && e.op !== "or";
    case "Ident":
    case "IntLit":
    case "Field":
    case "FloatLit":
    case "StringLit":
    case "CharLit":
    case "BoolLit":
    case "UnitLit":
    case "Index":
    case "TupleIndex":
    case "Cast":
    case "Unary":
      return true;
    default:
      return false;
  }
}
