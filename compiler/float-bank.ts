// The float bank at -O1 (spec/isa.md §4 The float bank): float-typed expressions over the
// float locals float-locals.ts chose are computed in F registers, unboxed, and boxed once at
// the end; float comparisons branch on F registers directly.

import type * as A from "../language/ast.js";
import { chainBelow } from "../language/ast.js";
import type { Codegen } from "./codegen.js";
import { isNumberLiteral } from "./literals.js";

/** The float bank's arithmetic (the K forms append "K"). */
const FLOAT_OPS: Partial<Record<A.BinaryOp, "FADD" | "FSUB" | "FMUL" | "FDIV">> = {
  "+": "FADD",
  "-": "FSUB",
  "*": "FMUL",
  "/": "FDIV",
};

/** A float-typed expression over float locals: computed unboxed, boxed once at the end. */
export function inFloatBank(cg: Codegen, e: A.Expr): boolean {
  const floats = cg.floats;
  // Without float locals nothing reads one: no typing needed.
  return (
    floats !== undefined && floats.locals.size > 0 && floats.isFloat(e) && floats.readsFloatLocal(e)
  );
}

/**
 * Compiles a float-typed `e`, or any operand of a float-typed operation, into float register
 * `target`. Operands go to fresh F temporaries or are read from float locals, so `target` is
 * written only by the last instruction (assigning a local whose old value the expression
 * reads is safe).
 */
export function fexpr(cg: Codegen, e: A.Expr, target: number): void {
  // A link of a chain being compiled is read by its parent only, through `fany`.
  const below = chainBelow(e, (x) => floatLinkLeft(cg, x));
  if (below.length === 0) return fexprNode(cg, e, target);
  // A chain of float operations (spec/language.md §4.2: flat), from its head up without
  // recursing down it: the links alternate between two F temporaries, `e` writes `target`.
  const fb = cg.fb;
  const save = fb.top;
  const regs = below.length > 1 ? [fb.alloc(), fb.alloc()] : [fb.alloc()];
  below.forEach((link, i) => {
    const reg = regs[(below.length - 1 - i) % 2]!;
    fexprNode(cg, link, reg);
    cg.floatLinks.set(link, reg);
  });
  fexprNode(cg, e, target);
  for (const link of below) cg.floatLinks.delete(link);
  fb.freeTo(save);
}

/** The left operand of a float-bank operation, which `fexpr` computes first as a link. */
function floatLinkLeft(cg: Codegen, e: A.WalkNode): A.Expr | null {
  return e.kind === "Binary" && FLOAT_OPS[e.op] && cg.floats!.isFloat(e) ? e.left : null;
}

function fexprNode(cg: Codegen, e: A.Expr, target: number): void {
  cg.at(e);
  const fb = cg.fb;
  const save = fb.top;
  const floats = cg.floats!;
  const literal = floatLiteral(cg, e);
  const own = e.kind === "Ident" ? floatLocal(cg, e) : undefined;
  if (literal !== undefined) {
    fb.emit("FLOADK", target, fb.constantSlotOf(literal));
  } else if (own !== undefined) {
    if (own !== target) fb.emit("FMOVE", target, own);
  } else if (e.kind === "Unary" && floats.isFloat(e)) {
    // Only `-` of a float is float-typed.
    const v = fany(cg, e.operand);
    cg.at(e);
    fb.emit("FNEG", target, v);
  } else if (e.kind === "Binary" && floats.isFloat(e)) {
    // Only `+ - * /` are float-typed.
    let { left, right } = e;
    // `2.0 * x` as `x * 2.0`: + and * of numbers commute, and a literal has no effects.
    if ((e.op === "+" || e.op === "*") && floatLiteral(cg, left) !== undefined) {
      [left, right] = [right, left];
    }
    // A left operand of unknown kind is converted only after the right one is evaluated,
    // where the generic instruction would raise its TypeError (an int converts, §2).
    const boxedLeft = floats.isNumber(left) ? undefined : cg.anyRegFresh(left);
    const l = boxedLeft === undefined ? foperand(cg, left, [right]) : fb.alloc();
    const op = FLOAT_OPS[e.op]!;
    const k = floatLiteral(cg, right);
    const slot = k === undefined ? undefined : fb.constantSlotOf(k);
    if (slot !== undefined && slot <= 255) {
      cg.at(e);
      if (boxedLeft !== undefined) fb.emit("FUNBOX", l, boxedLeft);
      fb.emit(`${op}K`, target, l, slot);
    } else {
      const r = fany(cg, right);
      cg.at(e);
      if (boxedLeft !== undefined) fb.emit("FUNBOX", l, boxedLeft);
      fb.emit(op, target, l, r);
    }
  } else if (e.kind === "Field" && floats.isFloat(e) && cg.isStructFieldRead(e)) {
    const obj = cg.anyReg(e.object);
    cg.at(e);
    fb.emit("GETFIELDF", target, obj, cg.kOperand(cg.mb.stringConstant(e.name), e));
  } else if (e.kind === "Call" && floats.isFloat(e)) {
    const v = fany(cg, floats.sqrtOf(e)!);
    cg.at(e);
    fb.emit("FSQRT", target, v);
  } else {
    // A cast to f64/f32 or an operand of unknown kind: computed as a value, then unboxed
    // (a number converts; any other kind is the TypeError the generic operation raises).
    // FUNBOX reads the register at once: a local's own serves.
    const reg = cg.anyReg(e);
    cg.at(e);
    fb.emit("FUNBOX", target, reg);
  }
  fb.freeTo(save);
}

/** The pool index of a number literal (`2.0`, `3`, `-1.5`) as a float-bank operand. */
export function floatLiteral(cg: Codegen, e: A.Expr): number | undefined {
  return isNumberLiteral(e) ? cg.literalConstant(e) : undefined;
}

/** The float register of a float local `e`. */
export function floatLocal(cg: Codegen, e: A.Ident): number | undefined {
  const r = cg.resolveName(e);
  return r?.kind === "local" && r.float ? r.reg : undefined;
}

/** A float register holding `e`: a float local's or chain link's own, else a fresh temporary. */
export function fany(cg: Codegen, e: A.Expr): number {
  const own = e.kind === "Ident" ? floatLocal(cg, e) : cg.floatLinks.get(e);
  if (own !== undefined) return own;
  const reg = cg.fb.alloc();
  fexpr(cg, e, reg);
  return reg;
}

/** As `operand`: a float local is copied when a later operand may assign it. */
export function foperand(cg: Codegen, e: A.Expr, later: readonly A.Expr[]): number {
  if (e.kind === "Ident" && later.some((x) => cg.assigns(x, cg.res.uses.get(e)!))) {
    const reg = cg.fb.alloc();
    fexpr(cg, e, reg);
    return reg;
  }
  return fany(cg, e);
}

/** `<`, `<=`, `>`, `>=` of float-bank operands as FLT/FLE, or FLTK… against a literal. */
export function floatCompare(
  cg: Codegen,
  e: Extract<A.Expr, { kind: "Binary" }>,
  k: number,
): number {
  const fb = cg.fb;
  const k8 = floatLiteral(cg, e.right);
  const slot = k8 === undefined ? undefined : fb.constantSlotOf(k8);
  if (slot !== undefined && slot <= 255) {
    const left = fany(cg, e.left);
    const op = ({ "<": "FLTK", "<=": "FLEK", ">": "FGTK", ">=": "FGEK" } as const)[
      e.op as "<" | "<=" | ">" | ">="
    ];
    cg.at(e);
    fb.emit(op, left, slot, k);
    return fb.emitJump();
  }
  // `a > b` runs as `b < a`, but the operands are still evaluated left to right.
  const l = foperand(cg, e.left, [e.right]);
  const r = fany(cg, e.right);
  const swap = e.op === ">" || e.op === ">=";
  const [left, right] = swap ? [r, l] : [l, r];
  cg.at(e);
  fb.emit(e.op === "<" || e.op === ">" ? "FLT" : "FLE", left, right, k);
  return fb.emitJump();
}
