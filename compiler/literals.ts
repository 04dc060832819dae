// What the code generator reads off literal operands: one recognizer, `literalOf`, for every
// place that chooses an immediate (ADDI, EQI, LOADI), a constant operand (the K forms, EQK,
// LOADK, the float bank's FLOADK) or folds a negated literal.

import type * as A from "../language/ast.js";
import type { Constant } from "../format/module.js";

const I64_MAX = (1n << 63n) - 1n;

/** A literal's value; `str` holds the text (the pool index is the module builder's). */
export type LiteralValue =
  | { readonly kind: "int"; readonly value: bigint }
  | { readonly kind: "float"; readonly value: number }
  | { readonly kind: "str"; readonly value: string }
  | { readonly kind: "char"; readonly codePoint: number };

/**
 * The value of a literal expression, a negated number literal included. Undefined for any
 * other expression and for `-9223372036854775808` written as `-(2^63)`: negating that literal
 * overflows, which raises at run time, so it is no constant.
 */
export function literalOf(e: A.Expr): LiteralValue | undefined {
  switch (e.kind) {
    case "IntLit":
      return { kind: "int", value: e.value };
    case "FloatLit":
      return { kind: "float", value: e.value };
    case "StringLit":
      return { kind: "str", value: e.value };
    case "CharLit":
      return { kind: "char", codePoint: e.value.codePointAt(0)! };
    case "Unary": {
      if (e.op !== "-") return undefined;
      const v = e.operand;
      if (v.kind === "IntLit" && -v.value <= I64_MAX) return { kind: "int", value: -v.value };
      if (v.kind === "FloatLit") return { kind: "float", value: -v.value };
      return undefined;
    }
    default:
      return undefined;
  }
}

/** A number literal (int or float, possibly negated). */
export function isNumberLiteral(e: A.Expr): boolean {
  const v = literalOf(e);
  return v?.kind === "int" || v?.kind === "float";
}

/** An int literal times `sign` that fits a signed 8-bit immediate at most `max`. */
export function smallInt(e: A.Expr, sign: bigint, max = 127n): number | undefined {
  const v = literalOf(e);
  if (v?.kind !== "int") return undefined;
  // Stryker disable next-line ArithmeticOperator: sign is 1 or -1, so dividing by it is multiplying
  const n = v.value * sign;
  return n >= -128n && n <= max ? Number(n) : undefined;
}

/** False for an int literal beyond ±2^53, which converting to a float would round. */
export function exactAsFloat(e: A.Expr): boolean {
  const v = literalOf(e);
  return v?.kind !== "int" || (v.value <= FLOAT_EXACT && v.value >= -FLOAT_EXACT);
}
const FLOAT_EXACT = 1n << 53n;

/** The pool constant of a literal value, given the pool's string interning. */
export function literalConstant(v: LiteralValue, string: (text: string) => number): Constant {
  switch (v.kind) {
    case "int":
      return { kind: "int", value: v.value };
    case "float":
      return { kind: "float", value: v.value };
    case "str":
      return { kind: "str", string: string(v.value) };
    case "char":
      return { kind: "char", codePoint: v.codePoint };
  }
}
