// Operators on values (spec/semantics.md §Arithmetic, §Equality and ordering): the general
// paths behind the VM's inline int32 fast paths. Ints are exact i64 (number within ±(2^53−1),
// bigint beyond); anything outside i64 is IntegerOverflow. Mixed int/float promotes to float.

import { sameKeys } from "./collections.js";
import { trap } from "./errors.js";
import { formatValue } from "./format.js";
import { sameState } from "./random.js";
import { compareStrings, concatTooLong } from "./text.js";
import {
  fromBig,
  kindName,
  mkFloat,
  VChar,
  VEnum,
  VFloat,
  VMap,
  VSet,
  VStruct,
  VTuple,
  VRange,
  VRng,
  type Value,
} from "./values.js";

// Numeric kinds of an operand.
const K = { Int: 0, Float: 1, Other: 2 } as const;
type K = (typeof K)[keyof typeof K];

function numKind(v: Value): K {
  if (typeof v === "number") return Number.isInteger(v) ? K.Int : K.Float;
  if (typeof v === "bigint") return K.Int;
  return v instanceof VFloat ? K.Float : K.Other;
}

function asNumber(v: Value): number {
  return typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : (v as VFloat).value;
}

/** A number as a float (FUNBOX): an int converts to the nearest double; others are a TypeError. */
export function toFloat(v: Value): number {
  if (numKind(v) === K.Other) trap("TypeError", `expected a number, got ${kindName(v)}`);
  return asNumber(v);
}

/** An int as a bigint (BigInt of a bigint is that bigint). */
function asBig(v: Value): bigint {
  return BigInt(v as number | bigint);
}

export function intResult(b: bigint): number | bigint {
  const r = fromBig(b);
  if (r === undefined) trap("IntegerOverflow", "integer overflow");
  return r;
}

function operandError(op: string, x: Value, y: Value): never {
  trap("TypeError", `cannot apply '${op}' to ${kindName(x)} and ${kindName(y)}`);
}

/** Kinds of both operands, or a TypeError. Returns K.Int when both are ints. */
function pair(op: string, x: Value, y: Value): K {
  const a = numKind(x);
  const b = numKind(y);
  if (a === K.Other || b === K.Other) operandError(op, x, y);
  return a === K.Int && b === K.Int ? K.Int : K.Float;
}

export function concatStrings(a: string, b: string): string {
  if (concatTooLong(a, b)) trap("LimitExceeded", "string too long");
  return a + b;
}

export function add(x: Value, y: Value): Value {
  // Stryker disable next-line ConditionalExpression,StringLiteral,BlockStatement: fast path; the general path below gives the same result
  if (typeof x === "number" && typeof y === "number") {
    if (Number.isInteger(x) && Number.isInteger(y)) {
      const r = x + y;
      return Number.isSafeInteger(r) ? r : intResult(BigInt(x) + BigInt(y));
    }
    return mkFloat(x + y);
  }
  if (typeof x === "string") {
    if (typeof y === "string") return concatStrings(x, y);
    if (y instanceof VChar) return concatStrings(x, String.fromCodePoint(y.codePoint));
  } else if (x instanceof VChar && typeof y === "string") {
    return concatStrings(String.fromCodePoint(x.codePoint), y);
  }
  if (pair("+", x, y) === K.Int) return intResult(asBig(x) + asBig(y));
  return mkFloat(asNumber(x) + asNumber(y));
}

export function sub(x: Value, y: Value): Value {
  // Stryker disable next-line ConditionalExpression,StringLiteral,BlockStatement: fast path; the general path below gives the same result
  if (typeof x === "number" && typeof y === "number") {
    if (Number.isInteger(x) && Number.isInteger(y)) {
      const r = x - y; // never -0: the difference of two ints is +0 when they are equal
      return Number.isSafeInteger(r) ? r : intResult(BigInt(x) - BigInt(y));
    }
    return mkFloat(x - y);
  }
  if (pair("-", x, y) === K.Int) return intResult(asBig(x) - asBig(y));
  return mkFloat(asNumber(x) - asNumber(y));
}

export function mul(x: Value, y: Value): Value {
  if (pair("*", x, y) === K.Int) {
    // Stryker disable next-line ConditionalExpression,StringLiteral,BlockStatement: fast path; the bigint path gives the same result
    if (typeof x === "number" && typeof y === "number") {
      const r = x * y;
      // Stryker disable next-line ConditionalExpression: fast path; the bigint path gives the same result
      if (Number.isSafeInteger(r)) return r + 0; // + 0 turns -0 into 0
    }
    return intResult(asBig(x) * asBig(y));
  }
  return mkFloat(asNumber(x) * asNumber(y));
}

export function div(x: Value, y: Value): Value {
  if (pair("/", x, y) === K.Int) {
    if (y === 0) trap("DivisionByZero", "division by zero"); // a zero int is never a bigint
    // bigint division truncates toward zero; MIN / -1 leaves i64 and is caught by intResult.
    // Two doubles within ±2^53 divide and truncate to the exact quotient too (rounding cannot
    // reach the next integer: that needs |x| >= 2^53), so the int32 test only picks the
    // faster path.
    // Stryker disable next-line ConditionalExpression,StringLiteral,EqualityOperator,BlockStatement: fast path; see above
    if (typeof x === "number" && typeof y === "number" && (x | 0) === x && (y | 0) === y) {
      return Math.trunc(x / y) + 0;
    }
    return intResult(asBig(x) / asBig(y));
  }
  const d = asNumber(y);
  if (d === 0) trap("DivisionByZero", "division by zero");
  return mkFloat(asNumber(x) / d);
}

export function mod(x: Value, y: Value): Value {
  if (pair("%", x, y) === K.Int) {
    if (y === 0) trap("DivisionByZero", "modulo by zero"); // a zero int is never a bigint
    // Stryker disable next-line ConditionalExpression,StringLiteral: fast path; the bigint path gives the same result
    if (typeof x === "number" && typeof y === "number") return intRem(x, y);
    return intResult(asBig(x) % asBig(y));
  }
  const d = asNumber(y);
  if (d === 0) trap("DivisionByZero", "modulo by zero");
  return mkFloat(asNumber(x) % d);
}

/**
 * The remainder of two ints within ±2^53 (y ≠ 0), with the dividend's sign as i64's. JS % is
 * exact on them, but beyond int32 V8 makes it a call to fmod; x - trunc(x / y) * y is exact
 * there too (the quotient truncates exactly, see div, and its product with y is at most |x|)
 * and about twice as fast. Compiled code calls it as well (runtime/jit.ts MOD).
 */
export function intRem(x: number, y: number): number {
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: both formulas give the same remainder
  return (x | 0) === x && (y | 0) === y ? (x % y) + 0 : x - Math.trunc(x / y) * y;
}

export function pow(x: Value, y: Value): Value {
  if (pair("*^", x, y) === K.Int && asBig(y) >= 0n) {
    const b = asBig(x);
    const e = asBig(y);
    // |b| >= 2 with e >= 64 is certainly outside i64; don't build a huge bigint to find out.
    // Stryker disable next-line EqualityOperator: `e > 64n` is equivalent (|b|^64 overflows in intResult)
    if ((b > 1n || b < -1n) && e >= 64n) trap("IntegerOverflow", "integer overflow");
    return intResult(b ** e);
  }
  const b = asNumber(x);
  const e = asNumber(y);
  // C99/IEEE pow: 1^y is 1 for every y and (-1)^±inf is 1, where JavaScript gives NaN.
  if (b === 1 || (b === -1 && Math.abs(e) === Infinity)) return mkFloat(1);
  return mkFloat(Math.pow(b, e));
}

export function neg(x: Value): Value {
  if (typeof x === "number") return Number.isInteger(x) ? 0 - x : -x;
  if (typeof x === "bigint") return intResult(-x);
  if (x instanceof VFloat) return new VFloat(-x.value);
  trap("TypeError", `cannot negate ${kindName(x)}`);
}

// ---- equality and ordering ------------------------------------------------------------

const MAX_DEPTH = 10_000;

export function equal(a: Value, b: Value): boolean {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: fast path; eqShallow compares scalars the same way
  if (typeof a !== "object" || typeof b !== "object") return eqScalar(a, b);
  // chars (a tokenizer's `c == '('`) without the structural walk's stacks
  // Stryker disable next-line ConditionalExpression: fast path; eqShallow compares chars the same way
  if (a instanceof VChar) return b instanceof VChar && a.codePoint === b.codePoint;
  // Structures are compared with an explicit stack of pairs, not host recursion, so the depth
  // limit (not the host stack) decides how deep values may be. A composite pair is followed
  // by an exit marker (its depth as -1 - depth); when the marker pops, every element pair
  // below it compared equal, and the pair is remembered so that shared sub-values are
  // compared once (linear, not exponential, in the distinct pairs). Pairs still in progress
  // are not remembered, so a cyclic value still ends at the depth limit.
  const pending: Value[] = [a, b];
  const depths: number[] = [0];
  let done: Map<object, Set<object>> | undefined;
  while (depths.length > 0) {
    const depth = depths.pop()!;
    const y = pending.pop();
    const x = pending.pop();
    if (depth < 0) {
      done ??= new Map();
      let ys = done.get(x as object);
      // Stryker disable next-line ConditionalExpression: a memo only (a new set forgets pairs, which are compared again)
      if (ys === undefined) done.set(x as object, (ys = new Set()));
      ys.add(y as object);
      continue;
    }
    if (done !== undefined && done.get(x as object)?.has(y as object) === true) continue;
    const mark = pending.length;
    if (!eqShallow(x, y, depth, pending, depths)) return false;
    // Stryker disable next-line ConditionalExpression: a memo only (a marker on a flat pair is harmless)
    if (hasComposite(pending, mark)) {
      // Composite elements were pushed: put the exit marker beneath them (a pair whose
      // elements are all scalars is cheap to compare again and is not remembered).
      pending.splice(mark, 0, x, y);
      depths.splice(mark / 2, 0, -1 - depth);
    }
  }
  return true;
}

// Stryker disable all: only decides whether a pair is remembered (equal's memo), never a result
function hasComposite(pending: readonly Value[], from: number): boolean {
  for (let i = from; i < pending.length; i++) if (typeof pending[i] === "object") return true;
  return false;
}
// Stryker restore all

function eqScalar(a: Value, b: Value): boolean {
  if (a === b) return true; // NaN !== NaN: two NaNs go on and compare unequal below
  const ka = numKind(a);
  if (ka === K.Other) return false;
  const kb = numKind(b);
  if (kb === K.Other) return false;
  const x = a instanceof VFloat ? a.value : a;
  const y = b instanceof VFloat ? b.value : b;
  // Loose == between bigint and number compares mathematical values exactly.
  return x == y; // eslint-disable-line eqeqeq
}

/** Compares the tops of `a` and `b`, pushing their elements' pairs for later; false if unequal. */
function eqShallow(a: Value, b: Value, depth: number, pending: Value[], depths: number[]): boolean {
  if (a === b || typeof a !== "object" || typeof b !== "object") return eqScalar(a, b);
  if (numKind(a) !== K.Other || numKind(b) !== K.Other) return eqScalar(a, b);
  if (depth > MAX_DEPTH) trap("LimitExceeded", "values nested too deeply to compare");
  const push = (xs: readonly Value[], ys: readonly Value[]): boolean => {
    if (xs.length !== ys.length) return false;
    // Stryker disable next-line EqualityOperator: `<=` pushes (undefined, undefined), which is equal
    for (let i = 0; i < xs.length; i++) {
      pending.push(xs[i], ys[i]);
      depths.push(depth + 1);
    }
    return true;
  };
  if (a instanceof VChar) return b instanceof VChar && a.codePoint === b.codePoint;
  if (Array.isArray(a)) return Array.isArray(b) && push(a, b);
  if (a instanceof VTuple) return b instanceof VTuple && push(a.items, b.items);
  if (a instanceof VStruct)
    return b instanceof VStruct && a.type === b.type && push(a.fields, b.fields);
  if (a instanceof VEnum) {
    return b instanceof VEnum && a.type === b.type && a.tag === b.tag && push(a.payload, b.payload);
  }
  if (a instanceof VMap) {
    if (!(b instanceof VMap) || !sameKeys(a, b)) return false;
    for (const [k, v] of a.vals) {
      pending.push(v, b.vals.get(k));
      depths.push(depth + 1);
    }
    return true;
  }
  if (a instanceof VSet) return b instanceof VSet && sameKeys(a, b);
  if (a instanceof VRng) return b instanceof VRng && sameState(a, b);
  // Stryker disable next-line ConditionalExpression: `true` is equivalent (a non-range's fields are undefined: unequal)
  if (a instanceof VRange) {
    return (
      b instanceof VRange && a.inclusive === b.inclusive && a.start === b.start && a.end === b.end
    );
  }
  return false; // functions, errors, iterators: equal only to themselves
}

/** a < b (or a <= b when orEqual) on numbers, strings or chars; TypeError otherwise. */
export function less(a: Value, b: Value, orEqual: boolean): boolean {
  // Fast path for the VM: a boxed integer-valued float against a double.
  // Stryker disable next-line ConditionalExpression,StringLiteral,EqualityOperator,BlockStatement: fast path; the general path below gives the same result
  if (a instanceof VFloat ? typeof b === "number" : b instanceof VFloat && typeof a === "number") {
    const x = typeof a === "number" ? a : (a as VFloat).value;
    const y = typeof b === "number" ? b : (b as VFloat).value;
    return orEqual ? x <= y : x < y;
  }
  const ka = numKind(a);
  const kb = numKind(b);
  if (ka !== K.Other && kb !== K.Other) {
    const x = a instanceof VFloat ? a.value : (a as number | bigint);
    const y = b instanceof VFloat ? b.value : (b as number | bigint);
    return orEqual ? x <= y : x < y; // exact across number/bigint
  }
  if (typeof a === "string" && typeof b === "string") {
    const c = compareStrings(a, b);
    return orEqual ? c <= 0 : c < 0;
  }
  if (a instanceof VChar && b instanceof VChar) {
    return orEqual ? a.codePoint <= b.codePoint : a.codePoint < b.codePoint;
  }
  trap("TypeError", `cannot compare ${kindName(a)} and ${kindName(b)}`);
}

/** str(v) for CONCAT: strings as they are, everything else formatted. */
export function str(v: Value): string {
  return formatValue(v);
}

/**
 * Whether `v` matches the range pattern `lo..=hi` (spec/language.md §7, TESTRANGE): only an
 * int between two int bounds or a char between two char bounds matches, inclusively. Never an
 * error: a value of another kind (a float against int bounds too) or bounds that are not two
 * ints or two chars do not match.
 */
export function inRangePattern(v: Value, lo: Value, hi: Value): boolean {
  if (v instanceof VChar)
    return (
      // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent (a non-char bound's codePoint is undefined: the comparisons fail)
      lo instanceof VChar &&
      hi instanceof VChar &&
      v.codePoint >= lo.codePoint &&
      v.codePoint <= hi.codePoint
    );
  return isInt(v) && isInt(lo) && isInt(hi) && !less(v, lo, false) && less(v, hi, true);
}

function isInt(v: Value): boolean {
  return Number.isInteger(v) || typeof v === "bigint";
}
