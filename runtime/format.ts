// The output format of every value (spec/semantics.md §6): what
// print/println, to_str, CONCAT and interpolation produce. Strings and chars print raw at
// every depth; floats print like Rust's `{}` (shortest round-trip digits, never an exponent).

import {
  Closure,
  NativeFn,
  VChar,
  VEnum,
  VError,
  VFloat,
  VRange,
  VStruct,
  VTuple,
  type Value,
} from "./values.js";

export function formatFloat(x: number): string {
  if (x !== x) return "NaN";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const s = String(x);
  const e = s.indexOf("e");
  return e < 0 ? s : expandExponent(s, e);
}

/** "1.25e-7" → "0.000000125", "1e+21" → "1000000000000000000000". */
function expandExponent(s: string, e: number): string {
  const neg = s[0] === "-";
  const mantissa = s.slice(neg ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mantissa.indexOf(".");
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const point = (dot < 0 ? mantissa.length : dot) + exp; // digits before the decimal point
  let out: string;
  if (point <= 0) out = "0." + "0".repeat(-point) + digits;
  else if (point >= digits.length) out = digits + "0".repeat(point - digits.length);
  else out = digits.slice(0, point) + "." + digits.slice(point);
  return neg ? "-" + out : out;
}

export function formatValue(v: Value): string {
  switch (typeof v) {
    case "string":
      return v;
    case "number":
      return Number.isInteger(v) ? String(v) : formatFloat(v);
    case "bigint":
      return v.toString();
    case "boolean":
      return v ? "true" : "false";
    case "undefined":
      return "()";
  }
  return formatComposite(v, []);
}

function formatComposite(v: Value, open: object[]): string {
  if (typeof v !== "object" || v === null) return formatValue(v);
  if (v instanceof VFloat) return formatFloat(v.value);
  if (v instanceof VChar) return String.fromCodePoint(v.codePoint);
  if (v instanceof Closure) return v.proto.name ? `<fn ${v.proto.name}>` : "<fn>";
  if (v instanceof NativeFn) return `<fn ${v.name}>`;
  if (v instanceof VRange) return `${v.start}${v.inclusive ? "..=" : ".."}${v.end}`;
  if (v instanceof VError) return `${v.kind}: ${v.message}`;
  // Mutable containers can contain themselves: print a cycle as `...`.
  if (open.includes(v)) return "...";
  open.push(v);
  try {
    const list = (items: readonly Value[]) => items.map((x) => formatComposite(x, open)).join(", ");
    if (Array.isArray(v)) return `[${list(v)}]`;
    if (v instanceof VTuple) return `(${list(v.items)})`;
    if (v instanceof VStruct) {
      const fields = v.type.fieldNames.map((f, i) => `${f}: ${formatComposite(v.fields[i], open)}`);
      return `${v.type.name}(${fields.join(", ")})`;
    }
    if (v instanceof VEnum) {
      const name = `${v.type.name}.${v.type.variantNames[v.tag]}`;
      return v.payload.length === 0 ? name : `${name}(${list(v.payload)})`;
    }
    return "<iterator>";
  } finally {
    open.pop();
  }
}
