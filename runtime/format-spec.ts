// Formatting one value by a format spec (spec/library.md §12): `{x:.2}`, `{name:>10}`,
// `{n:05}`, `{n:x}` in templates and `std.fmt.format(v, spec)`. Deterministic on every
// runtime: fixed-point digits are computed exactly from the binary64 value.

import { parseFormatSpec, type FormatSpec } from "../format/format-spec.js";
import { trap } from "./errors.js";
import { formatValue } from "./format.js";
import { floatOf, isFloat, kindName, mkFloat, type Value } from "./values.js";

const RADIX = { x: 16, X: 16, o: 8, b: 2 } as const;

/** `v` formatted by the spec text `spec`; TypeError for a bad spec or a kind it does not fit. */
export function formatBySpec(v: Value, specText: string): string {
  const spec = parseFormatSpec(specText);
  if (typeof spec === "string") trap("TypeError", `invalid format spec "${specText}": ${spec}`);
  return applySpec(v, spec, specText);
}

function applySpec(v: Value, spec: FormatSpec, specText: string): string {
  const isIntV = Number.isInteger(v) || typeof v === "bigint";
  const isNum = isIntV || isFloat(v);
  const numeric = spec.plus || spec.zero || spec.precision !== null || spec.radix !== null;
  if (numeric && !isNum)
    trap("TypeError", `format spec "${specText}" needs a number, got ${kindName(v)}`);
  if (spec.radix !== null && !isIntV)
    trap("TypeError", `format spec "${specText}" needs an int, got ${kindName(v)}`);
  // Stryker disable next-line StringLiteral: pad aligns left for anything but ">" and "^"
  if (!isNum) return pad(formatValue(v), spec, "<");
  // A number: its sign and its digits, padded between them by `0`.
  let sign: string;
  let digits: string;
  if (isIntV) {
    const b = BigInt(v as number | bigint);
    sign = b < 0n ? "-" : "";
    // Stryker disable next-line EqualityOperator: -0n is 0n
    const m = b < 0n ? -b : b;
    if (spec.radix === null)
      digits = spec.precision === null ? m.toString() : fixed(m, 0, spec.precision);
    else digits = m.toString(RADIX[spec.radix]);
    if (spec.radix === "X") digits = digits.toUpperCase();
  } else {
    const x = floatOf(v);
    sign = x < 0 || Object.is(x, -0) ? "-" : "";
    if (!Number.isFinite(x)) digits = Number.isNaN(x) ? ((sign = ""), "NaN") : "inf";
    else if (spec.precision === null) digits = formatValue(mkFloat(Math.abs(x)));
    else digits = fixedFloat(Math.abs(x), spec.precision);
  }
  if (spec.plus && sign === "" && digits !== "NaN") sign = "+";
  const finite = digits !== "NaN" && digits !== "inf";
  if (spec.zero && finite) {
    const n = Math.max(0, spec.width - Array.from(sign + digits).length);
    return sign + "0".repeat(n) + digits;
  }
  return pad(sign + digits, spec, ">");
}

function pad(text: string, spec: FormatSpec, defaultAlign: "<" | ">"): string {
  const n = spec.width - Array.from(text).length;
  // Stryker disable next-line EqualityOperator: at n = 0 the padding below is empty
  if (n <= 0) return text;
  const align = spec.align ?? defaultAlign;
  const left = align === ">" ? n : align === "^" ? Math.floor(n / 2) : 0;
  return spec.fill.repeat(left) + text + spec.fill.repeat(n - left);
}

/** The decimal digits of m / 2^shift rounded to `precision` decimals, ties away from zero. */
function fixed(m: bigint, shift: number, precision: number): string {
  const scaled = m * 10n ** BigInt(precision);
  const den = 1n << BigInt(shift);
  let q = scaled / den;
  if ((scaled % den) * 2n >= den) q += 1n; // never at shift 0: den is 1
  const s = q.toString().padStart(precision + 1, "0");
  return precision === 0 ? s : `${s.slice(0, -precision)}.${s.slice(-precision)}`;
}

/** A finite non-negative binary64 with `precision` decimals, from its exact binary value. */
function fixedFloat(x: number, precision: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  // x = mant * 2^e exactly
  const mant = exp === 0 ? frac : frac | (1n << 52n);
  const e = (exp === 0 ? 1 : exp) - 1075;
  // Stryker disable next-line EqualityOperator: at e = 0 both are fixed(mant, 0, precision)
  return e >= 0 ? fixed(mant << BigInt(e), 0, precision) : fixed(mant, -e, precision);
}
