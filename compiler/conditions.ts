// Conditions compiled as branches (spec/isa.md §Control): `and`/`or`/`!` as jump chains, TEST
// for a bool value, and at -O1 the fused compare-and-branch forms (EQ/LT/LE, the immediate
// EQI…GEI, the constant EQK/LTK…, and the float bank's FLT/FLE/FLTK… via float-bank.ts).

import type * as A from "../language/ast.js";
import { sameOperatorOperands } from "../language/ast.js";
import type { OpName } from "../format/opcodes.js";
import type { Codegen } from "./codegen.js";
import { floatCompare } from "./float-bank.js";
import { exactAsFloat, isNumberLiteral, literalOf, smallInt } from "./literals.js";

/**
 * Compiles a condition as branches: returns the JMPs taken when `e` evaluates to
 * `jumpWhen`; control falls through otherwise. Operands must be bools (TEST checks).
 */
export function cond(cg: Codegen, e: A.Expr, jumpWhen: boolean): number[] {
  const save = cg.fb.top;
  try {
    return condInner(cg, e, jumpWhen);
  } finally {
    cg.fb.freeTo(save);
  }
}

export function condInner(cg: Codegen, e: A.Expr, jumpWhen: boolean): number[] {
  const fb = cg.fb;
  const k = jumpWhen ? 1 : 0;
  if (e.kind === "BoolLit") return e.value === jumpWhen ? [fb.emitJump()] : [];
  if (e.kind === "Unary" && e.op === "!") return cond(cg, e.operand, !jumpWhen);
  if (e.kind === "Binary" && (e.op === "and" || e.op === "or")) {
    // `a and b` is false as soon as a is; `a or b` is true as soon as a is. A chain
    // `a and b and c` is walked down its left spine without recursing (spec/language.md §4.2).
    const shortCircuitsOn = e.op === "or";
    const operands = sameOperatorOperands(e);
    const last = operands.pop()!;
    const early = operands.flatMap((x) => cond(cg, x, shortCircuitsOn));
    if (jumpWhen === shortCircuitsOn) return [...early, ...cond(cg, last, jumpWhen)];
    const jumps = cond(cg, last, jumpWhen);
    for (const j of early) fb.patch(j);
    return jumps;
  }
  if (cg.optimize && e.kind === "Binary" && ["==", "!=", "<", "<=", ">", ">="].includes(e.op)) {
    return [compareBranch(cg, e, k)];
  }
  const reg = cg.anyReg(e);
  cg.at(e);
  fb.emit("TEST", reg, k);
  return [fb.emitJump()];
}

/** A fused compare-and-branch; returns the JMP taken when the comparison equals k. */
export function compareBranch(
  cg: Codegen,
  e: Extract<A.Expr, { kind: "Binary" }>,
  k: number,
): number {
  const fb = cg.fb;
  if (e.op !== "==" && e.op !== "!=" && cg.floats && cg.floats.locals.size > 0) {
    const f = cg.floats;
    // Ordering is exact across int/float: only ints a double holds exactly may convert.
    const exact = exactAsFloat(e.left) && exactAsFloat(e.right);
    if (
      f.floatOperands(e.left, e.right) &&
      exact &&
      (f.readsFloatLocal(e.left) || f.readsFloatLocal(e.right))
    ) {
      return floatCompare(cg, e, k);
    }
  }
  const negate = e.op === "!=";
  const kk = negate ? 1 - k : k;
  const imm = smallInt(e.right, 1n, 127n);
  if (imm !== undefined) {
    const left = cg.anyReg(e.left);
    const op = (
      { "==": "EQI", "!=": "EQI", "<": "LTI", "<=": "LEI", ">": "GTI", ">=": "GEI" } as const
    )[e.op as "==" | "!=" | "<" | "<=" | ">" | ">="];
    cg.at(e);
    fb.emit(op, left, imm, kk);
    return fb.emitJump();
  }
  if (e.op !== "==" && e.op !== "!=" && isNumberLiteral(e.right)) {
    const left = cg.anyReg(e.left);
    const slot = cg.fb.constantSlotOf(cg.literalConstant(e.right));
    if (slot <= 255) {
      const op = ({ "<": "LTK", "<=": "LEK", ">": "GTK", ">=": "GEK" } as const)[
        e.op as "<" | "<=" | ">" | ">="
      ];
      cg.at(e);
      fb.emit(op, left, slot, kk);
      return fb.emitJump();
    }
    return registerCompare(cg, e, kk, left);
  }
  if ((e.op === "==" || e.op === "!=") && literalOf(e.right) !== undefined) {
    const left = cg.anyReg(e.left);
    const slot = cg.fb.constantSlotOf(cg.literalConstant(e.right));
    if (slot <= 255) {
      cg.at(e);
      fb.emit("EQK", left, slot, kk);
      return fb.emitJump();
    }
  }
  return registerCompare(cg, e, kk, cg.operand(e.left, [e.right]));
}

/** EQ/LT/LE on two registers, the left operand already in `l`. */
export function registerCompare(
  cg: Codegen,
  e: Extract<A.Expr, { kind: "Binary" }>,
  kk: number,
  l: number,
): number {
  // `a > b` runs as `b < a`, but the operands are still evaluated left to right.
  const swap = e.op === ">" || e.op === ">=";
  const r = cg.anyReg(e.right);
  const [left, right] = swap ? [r, l] : [l, r];
  const op: OpName =
    e.op === "==" || e.op === "!=" ? "EQ" : e.op === "<" || e.op === ">" ? "LT" : "LE";
  cg.at(e);
  cg.fb.emit(op, left, right, kk);
  return cg.fb.emitJump();
}
