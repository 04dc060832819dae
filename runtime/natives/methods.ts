// Built-in methods (spec/semantics.md §Built-in methods), found by SELF when the receiver's
// type has no user method of that name. Each is a NativeFn whose first argument is the
// receiver. Methods that return a new array never mutate the receiver; push/pop/set do.

import { VARIADIC } from "../../format/module.js";
import { trap } from "../errors.js";
import { formatValue } from "../format.js";
import { add as addValues, equal, less, pow } from "../ops.js";
import {
  compareStrings,
  isAscii16,
  MAX_STRING_LENGTH,
  scalarAt,
  scalarIndexOf,
  scalarLength,
  scalars,
  scalarSlice,
} from "../text.js";
import {
  floatOf,
  fromBig,
  isFloat,
  isInt,
  kindName,
  mkFloat,
  NativeFn,
  VChar,
  VEnum,
  VFloat,
  VRange,
  VTuple,
  type NativeContext,
  type Value,
} from "../values.js";
import { absValue, num } from "./core.js";

type Impl = (ctx: NativeContext, self: any, ...args: Value[]) => Value; // eslint-disable-line @typescript-eslint/no-explicit-any

const isPrelude = (v: Value, name: string) => v instanceof VEnum && v.type.prelude === name;

/** The receivers each table's methods accept: a method value may be called on anything. */
const RECEIVERS: Record<string, (v: Value) => boolean> = {
  str: (v) => typeof v === "string",
  array: (v) => Array.isArray(v),
  int: isInt,
  float: isFloat,
  char: (v) => v instanceof VChar,
  Option: (v) => isPrelude(v, "Option"),
  Result: (v) => isPrelude(v, "Result"),
  range: (v) => v instanceof VRange,
  value: () => true,
};

function table(
  prefix: string,
  defs: Record<string, [arity: number, impl: Impl]>,
): Map<string, NativeFn> {
  const accepts = RECEIVERS[prefix]!;
  const m = new Map<string, NativeFn>();
  for (const [name, [arity, impl]] of Object.entries(defs)) {
    const fn = (ctx: NativeContext, self: Value, ...args: Value[]) =>
      accepts(self) ? impl(ctx, self, ...args) : receiverError(`${prefix}.${name}`, self);
    m.set(name, new NativeFn(`${prefix}.${name}`, arity + 1, fn));
  }
  return m;
}

function receiverError(method: string, self: Value): never {
  trap("TypeError", `${method} cannot be called on ${kindName(self)}`);
}

function int(name: string, v: Value): number {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  // Beyond 2^53 the value is far outside any length, so the nearest double decides the same
  // range checks (get → None, take → everything, repeat → LimitExceeded).
  if (typeof v === "bigint") return Number(v);
  trap("TypeError", `${name} expects an int, got ${kindName(v)}`);
}

function strArg(name: string, v: Value): string {
  if (typeof v === "string") return v;
  if (v instanceof VChar) return String.fromCodePoint(v.codePoint);
  trap("TypeError", `${name} expects a str, got ${kindName(v)}`);
}

function truth(name: string, v: Value): boolean {
  if (typeof v !== "boolean")
    trap("TypeError", `${name}: the function must return a bool, got ${kindName(v)}`);
  return v;
}

function checkedString(ctx: NativeContext, s: string): string {
  ctx.checkLength(0);
  if (s.length > MAX_STRING_LENGTH) trap("LimitExceeded", "string too long");
  return s;
}

const some = (ctx: NativeContext, v: Value) => ctx.some(v);
const none = (ctx: NativeContext) => ctx.none();
const call1 = (ctx: NativeContext, f: Value, x: Value) => ctx.callValue(f, [x]);

function parseIntStrict(s: string): Value | undefined {
  const t = s.trim();
  if (!/^[+-]?\d+$/.test(t)) return undefined;
  const b = BigInt(t);
  if (b < -(2n ** 63n) || b > 2n ** 63n - 1n) return undefined;
  return Number.isSafeInteger(Number(b)) ? Number(b) : b;
}

function parseFloatStrict(s: string): Value | undefined {
  const t = s.trim();
  if (!/^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf|infinity|nan|NaN)$/i.test(t))
    return undefined;
  const lower = t.toLowerCase().replace(/^\+/, "");
  const x =
    lower.endsWith("inf") || lower.endsWith("infinity")
      ? lower[0] === "-"
        ? -Infinity
        : Infinity
      : lower.endsWith("nan")
        ? NaN
        : Number(t);
  return mkFloat(x);
}

const STR = table("str", {
  len: [0, (_c, s: string) => scalarLength(s)],
  is_empty: [0, (_c, s: string) => s.length === 0],
  to_upper: [0, (_c, s: string) => s.toUpperCase()],
  to_lower: [0, (_c, s: string) => s.toLowerCase()],
  trim: [0, (_c, s: string) => s.trim()],
  trim_start: [0, (_c, s: string) => s.trimStart()],
  trim_end: [0, (_c, s: string) => s.trimEnd()],
  contains: [1, (_c, s: string, x) => s.includes(strArg("contains", x))],
  starts_with: [1, (_c, s: string, x) => s.startsWith(strArg("starts_with", x))],
  ends_with: [1, (_c, s: string, x) => s.endsWith(strArg("ends_with", x))],
  index_of: [1, (_c, s: string, x) => scalarIndexOf(s, strArg("index_of", x))],
  substring: [
    2,
    (_c, s: string, a, b) => {
      const start = int("substring", a);
      const end = int("substring", b);
      const n = scalarLength(s);
      if (start < 0 || end < start || end > n) {
        trap("IndexOutOfBounds", `substring(${start}, ${end}) of a string of length ${n}`);
      }
      return scalarSlice(s, start, end);
    },
  ],
  char_at: [
    1,
    (ctx, s: string, i) => {
      const k = int("char_at", i);
      const cp = k < 0 ? -1 : scalarAt(s, k);
      return cp < 0 ? ctx.none() : ctx.some(VChar.of(cp));
    },
  ],
  replace: [
    2,
    (ctx, s: string, a, b) =>
      checkedString(ctx, replaceAll(s, strArg("replace", a), strArg("replace", b))),
  ],
  split: [
    1,
    (_c, s: string, sep) => {
      const d = strArg("split", sep);
      return d === "" ? scalars(s) : s.split(d);
    },
  ],
  lines: [
    0,
    (_c, s: string) => {
      const out = s.split(/\r?\n/);
      if (out[out.length - 1] === "") out.pop(); // a final line ending ends a line, starts none
      return out;
    },
  ],
  repeat: [
    1,
    (ctx, s: string, n) => {
      const k = int("repeat", n);
      if (k < 0) trap("IndexOutOfBounds", `repeat count ${k} is negative`);
      if (s.length * k > MAX_STRING_LENGTH) trap("LimitExceeded", "string too long");
      return checkedString(ctx, s.repeat(k));
    },
  ],
  pad_start: [
    2,
    (_c, s: string, n, p) => padded(s, int("pad_start", n), strArg("pad_start", p), true),
  ],
  pad_end: [2, (_c, s: string, n, p) => padded(s, int("pad_end", n), strArg("pad_end", p), false)],
  chars: [
    0,
    (_c, s: string) =>
      isAscii16(s)
        ? Array.from(s, (ch) => VChar.of(ch.charCodeAt(0)))
        : Array.from(s, (ch) => VChar.of(ch.codePointAt(0)!)),
  ],
  to_int: [0, (ctx, s: string) => wrapOpt(ctx, parseIntStrict(s))],
  to_float: [0, (ctx, s: string) => wrapOpt(ctx, parseFloatStrict(s))],
  compare: [1, (_c, s: string, o) => Math.sign(compareStrings(s, strArg("compare", o)))],
});

/** Every occurrence; an empty pattern matches before and after every scalar (`-a-b-`). */
function replaceAll(s: string, pattern: string, by: string): string {
  return pattern === "" ? ["", ...scalars(s), ""].join(by) : s.split(pattern).join(by);
}

function padded(s: string, width: number, pad: string, start: boolean): string {
  const n = scalarLength(s);
  if (width <= n || pad === "") return s;
  if (width > MAX_STRING_LENGTH) trap("LimitExceeded", "string too long");
  const unit = scalars(pad);
  let fill = "";
  for (let i = 0; i < width - n; i++) fill += unit[i % unit.length];
  return start ? fill + s : s + fill;
}

function wrapOpt(ctx: NativeContext, v: Value | undefined): Value {
  return v === undefined ? ctx.none() : ctx.some(v);
}

function index(name: string, a: Value[], i: Value): number {
  const k = int(name, i);
  if (k < 0 || k >= a.length)
    trap("IndexOutOfBounds", `index ${k} out of bounds for length ${a.length}`);
  return k;
}

function count(name: string, v: Value): number {
  const k = int(name, v);
  if (k < 0) trap("IndexOutOfBounds", `${name}: count ${k} is negative`);
  return k;
}

function sortKey(ctx: NativeContext, f: Value | undefined): (x: Value, y: Value) => number {
  // NaN is unordered by `<`; it sorts after every number so that the order stays total.
  const nan = (v: Value) => (isFloat(v) && Number.isNaN(floatOf(v)) ? 1 : 0);
  if (f === undefined)
    return (x, y) => (less(x, y, false) ? -1 : less(y, x, false) ? 1 : nan(x) - nan(y));
  return (x, y) => {
    const r = ctx.callValue(f, [x, y]);
    if (typeof r === "number" && Number.isInteger(r)) return r;
    if (typeof r === "bigint") return r < 0n ? -1 : 1;
    trap("TypeError", `sort: the comparator must return an int, got ${kindName(r)}`);
  };
}

const ARRAY = table("array", {
  len: [0, (_c, a: Value[]) => a.length],
  is_empty: [0, (_c, a: Value[]) => a.length === 0],
  push: [
    1,
    (ctx, a: Value[], v) => {
      ctx.checkLength(a.length + 1);
      a.push(v);
      return undefined;
    },
  ],
  pop: [0, (ctx, a: Value[]) => (a.length === 0 ? none(ctx) : some(ctx, a.pop()))],
  get: [
    1,
    (ctx, a: Value[], i) => {
      const k = int("get", i);
      return k >= 0 && k < a.length ? some(ctx, a[k]) : none(ctx);
    },
  ],
  set: [
    2,
    (_c, a: Value[], i, v) => {
      a[index("set", a, i)] = v;
      return undefined;
    },
  ],
  first: [0, (ctx, a: Value[]) => (a.length ? some(ctx, a[0]) : none(ctx))],
  last: [0, (ctx, a: Value[]) => (a.length ? some(ctx, a[a.length - 1]) : none(ctx))],
  map: [1, (ctx, a: Value[], f) => a.map((x) => call1(ctx, f, x))],
  flat_map: [
    1,
    (ctx, a: Value[], f) => {
      const out: Value[] = [];
      for (const x of a) {
        const r = call1(ctx, f, x);
        if (!Array.isArray(r))
          trap("TypeError", `flat_map: the function must return an array, got ${kindName(r)}`);
        ctx.checkLength(out.length + r.length);
        out.push(...r);
      }
      return out;
    },
  ],
  filter: [1, (ctx, a: Value[], f) => a.filter((x) => truth("filter", call1(ctx, f, x)))],
  reduce: [
    2,
    (ctx, a: Value[], init, f) => a.reduce((acc: Value, x) => ctx.callValue(f, [acc, x]), init),
  ],
  fold: [
    2,
    (ctx, a: Value[], init, f) => a.reduce((acc: Value, x) => ctx.callValue(f, [acc, x]), init),
  ],
  find: [
    1,
    (ctx, a: Value[], f) => {
      for (const x of a) if (truth("find", call1(ctx, f, x))) return some(ctx, x);
      return none(ctx);
    },
  ],
  any: [1, (ctx, a: Value[], f) => a.some((x) => truth("any", call1(ctx, f, x)))],
  all: [1, (ctx, a: Value[], f) => a.every((x) => truth("all", call1(ctx, f, x)))],
  join: [
    1,
    (ctx, a: Value[], sep) => {
      const d = strArg("join", sep);
      let total = 0;
      const parts = a.map((x) => {
        const s = typeof x === "string" ? x : formatValue(x);
        total += s.length + d.length;
        if (total > MAX_STRING_LENGTH) trap("LimitExceeded", "string too long");
        return s;
      });
      return checkedString(ctx, parts.join(d));
    },
  ],
  reverse: [0, (_c, a: Value[]) => a.slice().reverse()],
  zip: [
    1,
    (_c, a: Value[], b) => {
      if (!Array.isArray(b)) trap("TypeError", `zip expects an array, got ${kindName(b)}`);
      const n = Math.min(a.length, b.length);
      const out: Value[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = new VTuple([a[i], b[i]]);
      return out;
    },
  ],
  enumerate: [0, (_c, a: Value[]) => a.map((x, i) => new VTuple([i, x]))],
  take: [1, (_c, a: Value[], n) => a.slice(0, count("take", n))],
  drop: [1, (_c, a: Value[], n) => a.slice(count("drop", n))],
  slice: [
    2,
    (_c, a: Value[], s, e) => {
      const start = int("slice", s);
      const end = int("slice", e);
      if (start < 0 || end < start || end > a.length) {
        trap("IndexOutOfBounds", `slice(${start}, ${end}) of an array of length ${a.length}`);
      }
      return a.slice(start, end);
    },
  ],
  contains: [1, (_c, a: Value[], v) => a.some((x) => equal(x, v))],
  index_of: [1, (_c, a: Value[], v) => a.findIndex((x) => equal(x, v))],
  sort: [
    VARIADIC,
    (ctx, a: Value[], ...f: Value[]) => {
      if (f.length > 1) trap("ArityMismatch", `sort takes 0 or 1 arguments, got ${f.length}`);
      return a.slice().sort(sortKey(ctx, f[0]));
    },
  ],
  sum: [0, (_c, a: Value[]) => a.reduce((acc: Value, x) => addValues(acc, x), 0)],
  concat: [
    1,
    (ctx, a: Value[], b) => {
      if (!Array.isArray(b)) trap("TypeError", `concat expects an array, got ${kindName(b)}`);
      ctx.checkLength(a.length + b.length);
      return a.concat(b);
    },
  ],
});

// `sort` is variadic (0 or 1 comparator): its NativeFn arity must be VARIADIC, not 1 + VARIADIC.
ARRAY.set("sort", new NativeFn("array.sort", VARIADIC, ARRAY.get("sort")!.fn));

const NUMBER_COMMON: Record<string, [number, Impl]> = {
  abs: [0, (_c, x) => absValue(x)],
  sqrt: [0, (_c, x) => mkFloat(Math.sqrt(num("sqrt", x)))],
  pow: [1, (_c, x, y) => pow(x, y)],
  min: [1, (_c, x, y) => (num("min", y), less(y, x, false) ? y : x)],
  max: [1, (_c, x, y) => (num("max", y), less(x, y, false) ? y : x)],
  to_float: [0, (_c, x) => mkFloat(num("to_float", x))],
};

const INT = table("int", {
  ...NUMBER_COMMON,
  to_int: [0, (_c, x) => x],
  signum: [0, (_c, x: number | bigint) => (x > 0 ? 1 : x < 0 ? -1 : 0)],
  is_even: [0, (_c, x: number | bigint) => (typeof x === "bigint" ? x % 2n === 0n : x % 2 === 0)],
  is_odd: [0, (_c, x: number | bigint) => (typeof x === "bigint" ? x % 2n !== 0n : x % 2 !== 0)],
});

function floatToInt(x: number): Value {
  const t = Math.trunc(x);
  if (!Number.isFinite(t) || t < -(2 ** 63) || t >= 2 ** 63) {
    trap("IntegerOverflow", `${formatValue(mkFloat(x))} does not fit an int`);
  }
  return Number.isSafeInteger(t) ? t + 0 : BigInt(t);
}

const FLOAT = table("float", {
  ...NUMBER_COMMON,
  to_int: [0, (_c, x) => floatToInt(floatOf(x))],
  floor: [0, (_c, x) => mkFloat(Math.floor(floatOf(x)))],
  ceil: [0, (_c, x) => mkFloat(Math.ceil(floatOf(x)))],
  round: [
    0,
    (_c, x) => {
      const v = floatOf(x);
      return mkFloat(v < 0 ? -Math.round(-v) : Math.round(v));
    },
  ],
  is_nan: [0, (_c, x) => Number.isNaN(floatOf(x))],
  signum: [
    0,
    (_c, x) => {
      const v = floatOf(x);
      return new VFloat(v !== v ? NaN : Object.is(v, -0) || v < 0 ? -1 : 1);
    },
  ],
});

const CHAR = table("char", {
  to_int: [0, (_c, c: VChar) => c.codePoint],
  is_digit: [0, (_c, c: VChar) => c.codePoint >= 48 && c.codePoint <= 57],
  is_alpha: [0, (_c, c: VChar) => /\p{Alphabetic}/u.test(String.fromCodePoint(c.codePoint))],
  is_alphanumeric: [
    0,
    (_c, c: VChar) => /[\p{Alphabetic}\p{Nd}]/u.test(String.fromCodePoint(c.codePoint)),
  ],
  is_whitespace: [0, (_c, c: VChar) => /\s/u.test(String.fromCodePoint(c.codePoint))],
  is_upper: [0, (_c, c: VChar) => /\p{Uppercase}/u.test(String.fromCodePoint(c.codePoint))],
  is_lower: [0, (_c, c: VChar) => /\p{Lowercase}/u.test(String.fromCodePoint(c.codePoint))],
  to_upper: [0, (_c, c: VChar) => oneChar(String.fromCodePoint(c.codePoint).toUpperCase(), c)],
  to_lower: [0, (_c, c: VChar) => oneChar(String.fromCodePoint(c.codePoint).toLowerCase(), c)],
});

/** Case mapping that stays one char (ß → SS is not a char): keep the original then. */
function oneChar(s: string, orig: VChar): VChar {
  const cp = s.codePointAt(0)!;
  return s.length === String.fromCodePoint(cp).length ? VChar.of(cp) : orig;
}

const isYes = (o: VEnum) => o.tag === o.type.yesTag;
const yes = (o: VEnum, v: Value) => new VEnum(o.type, o.type.yesTag, [v]);

function unwrapFail(o: VEnum, what: string): never {
  trap("Panic", o.payload.length ? `${what}: ${formatValue(o.payload[0])}` : what);
}

const OPTION = table("Option", {
  is_some: [0, (_c, o: VEnum) => isYes(o)],
  is_none: [0, (_c, o: VEnum) => !isYes(o)],
  unwrap: [0, (_c, o: VEnum) => (isYes(o) ? o.payload[0] : unwrapFail(o, "called unwrap on None"))],
  expect: [1, (_c, o: VEnum, m) => (isYes(o) ? o.payload[0] : trap("Panic", formatValue(m)))],
  unwrap_or: [1, (_c, o: VEnum, d) => (isYes(o) ? o.payload[0] : d)],
  unwrap_or_else: [1, (ctx, o: VEnum, f) => (isYes(o) ? o.payload[0] : ctx.callValue(f, []))],
  map: [1, (ctx, o: VEnum, f) => (isYes(o) ? yes(o, call1(ctx, f, o.payload[0])) : o)],
  and_then: [1, (ctx, o: VEnum, f) => (isYes(o) ? call1(ctx, f, o.payload[0]) : o)],
  or_else: [1, (ctx, o: VEnum, f) => (isYes(o) ? o : ctx.callValue(f, []))],
  filter: [
    1,
    (ctx, o: VEnum, f) =>
      isYes(o) && truth("filter", call1(ctx, f, o.payload[0])) ? o : ctx.none(),
  ],
  ok_or: [1, (ctx, o: VEnum, e) => (isYes(o) ? ctx.ok(o.payload[0]) : ctx.err(e))],
});

const RESULT = table("Result", {
  is_ok: [0, (_c, o: VEnum) => isYes(o)],
  is_err: [0, (_c, o: VEnum) => !isYes(o)],
  unwrap: [0, (_c, o: VEnum) => (isYes(o) ? o.payload[0] : unwrapFail(o, "called unwrap on Err"))],
  unwrap_err: [
    0,
    (_c, o: VEnum) => (isYes(o) ? unwrapFail(o, "called unwrap_err on Ok") : o.payload[0]),
  ],
  expect: [
    1,
    (_c, o: VEnum, m) =>
      isYes(o) ? o.payload[0] : trap("Panic", `${formatValue(m)}: ${formatValue(o.payload[0])}`),
  ],
  unwrap_or: [1, (_c, o: VEnum, d) => (isYes(o) ? o.payload[0] : d)],
  unwrap_or_else: [
    1,
    (ctx, o: VEnum, f) => (isYes(o) ? o.payload[0] : call1(ctx, f, o.payload[0])),
  ],
  map: [1, (ctx, o: VEnum, f) => (isYes(o) ? yes(o, call1(ctx, f, o.payload[0])) : o)],
  map_err: [
    1,
    (ctx, o: VEnum, f) =>
      isYes(o) ? o : new VEnum(o.type, 1 - o.type.yesTag, [call1(ctx, f, o.payload[0])]),
  ],
  and_then: [1, (ctx, o: VEnum, f) => (isYes(o) ? call1(ctx, f, o.payload[0]) : o)],
  or_else: [1, (ctx, o: VEnum, f) => (isYes(o) ? o : call1(ctx, f, o.payload[0]))],
  ok: [0, (ctx, o: VEnum) => (isYes(o) ? ctx.some(o.payload[0]) : ctx.none())],
  err: [0, (ctx, o: VEnum) => (isYes(o) ? ctx.none() : ctx.some(o.payload[0]))],
});

const RANGE = table("range", {
  contains: [
    1,
    (_c, r: VRange, v) =>
      isInt(v) &&
      !less(v, r.start, false) &&
      (r.inclusive ? less(v, r.end, true) : less(v, r.end, false)),
  ],
  to_array: [
    0,
    (ctx, r: VRange) => {
      const out: Value[] = [];
      if (typeof r.start !== "number" || typeof r.end !== "number") {
        // A bound beyond 2^53: count exactly (`(MAX - 1)..=MAX` has two elements).
        const start = BigInt(r.start);
        const n = BigInt(r.end) - start + (r.inclusive ? 1n : 0n);
        ctx.checkLength(n > 0n ? Number(n) : 0);
        for (let i = 0n; i < n; i++) out.push(fromBig(start + i)!);
        return out;
      }
      const end = r.inclusive ? r.end : r.end - 1;
      ctx.checkLength(Math.max(0, end - r.start + 1));
      for (let i = r.start; i <= end; i++) out.push(i);
      return out;
    },
  ],
});

const ANY = table("value", {
  to_str: [0, (_c, v) => formatValue(v)],
});

/** The built-in method `name` of value `o`, or undefined. */
export function builtinMethod(o: Value, name: string): NativeFn | undefined {
  let t: Map<string, NativeFn> | undefined;
  if (typeof o === "string") t = STR;
  else if (Array.isArray(o)) t = ARRAY;
  else if (isInt(o)) t = INT;
  else if (isFloat(o)) t = FLOAT;
  else if (o instanceof VChar) t = CHAR;
  else if (o instanceof VEnum)
    t = o.type.prelude === "Option" ? OPTION : o.type.prelude === "Result" ? RESULT : undefined;
  else if (o instanceof VRange) t = RANGE;
  return t?.get(name) ?? ANY.get(name);
}

/** Every built-in method, for listings: "str.len" → total arity including the receiver. */
export function builtinMethodList(): { name: string; arity: number }[] {
  return [STR, ARRAY, INT, FLOAT, CHAR, OPTION, RESULT, RANGE, ANY].flatMap((t) =>
    [...t.values()].map((f) => ({ name: f.name, arity: f.arity })),
  );
}
