// `e as T` (CAST; spec/semantics.md §Conversions): integer targets are range-checked
// (IntegerOverflow), floats convert to ints by truncation toward zero, f32 rounds to single
// precision, `str` formats the value as println does.

import type { CastTarget } from "../format/opcodes.js";
import { trap } from "./errors.js";
import { formatValue } from "./format.js";
import { floatOf, fromBig, isFloat, kindName, mkFloat, VChar, type Value } from "./values.js";

const INT_RANGES: Record<string, [bigint, bigint]> = {
  i64: [-(2n ** 63n), 2n ** 63n - 1n],
  i32: [-(2n ** 31n), 2n ** 31n - 1n],
  i16: [-(2n ** 15n), 2n ** 15n - 1n],
  i8: [-128n, 127n],
  // u64 values above i64's maximum are not representable as an int: they overflow too.
  u64: [0n, 2n ** 63n - 1n],
  u32: [0n, 2n ** 32n - 1n],
  u16: [0n, 65535n],
  u8: [0n, 255n],
};

export function cast(v: Value, target: CastTarget): Value {
  if (target === "str") return formatValue(v);
  if (target === "f64" || target === "f32") {
    let x: number;
    if (typeof v === "number") x = v;
    else if (typeof v === "bigint") x = Number(v);
    else if (isFloat(v)) x = floatOf(v);
    else trap("TypeError", `cannot convert ${kindName(v)} to ${target}`);
    return mkFloat(target === "f32" ? Math.fround(x) : x);
  }
  let b: bigint;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) trap("IntegerOverflow", `${formatValue(v)} does not fit ${target}`);
    b = BigInt(Math.trunc(v));
  } else if (typeof v === "bigint") b = v;
  // A boxed float (VFloat) holds only finite integer values: non-finite floats are numbers.
  else if (isFloat(v)) b = BigInt(floatOf(v));
  else if (typeof v === "boolean") b = v ? 1n : 0n;
  else if (v instanceof VChar) b = BigInt(v.codePoint);
  else trap("TypeError", `cannot convert ${kindName(v)} to ${target}`);
  const [lo, hi] = INT_RANGES[target]!;
  if (b < lo || b > hi) trap("IntegerOverflow", `${formatValue(v)} does not fit ${target}`);
  return fromBig(b)!; // within i64 after the range check
}
