// Built-in methods (spec/semantics.md §9.2), found by SELF when the receiver's type has no
// user method of that name. Each is a NativeFn whose first argument is the receiver, declared
// with the kinds of its receiver and arguments (checked before it runs, kinds.ts) and its
// cost class (spec/semantics.md §10). Methods that return a new array never mutate the
// receiver; push/pop/set do. Every method that builds a string or array computes the
// result's size first and checks the limits before allocating anything.

import {
  keyOf,
  mapGet,
  MAX_ENTRIES,
  mapRemove,
  MISSING,
  mapSet,
  newSet,
  SET_ENTRY_BYTES,
  setHas,
  setInsert,
} from "../collections.js";
import { HEADER_BYTES, slotsBytes, workSteps } from "../cost.js";
import { trap } from "../errors.js";
import { formatValue } from "../format.js";
import { add as addValues, equal, less, pow } from "../ops.js";
import { nextBool, nextFloat, nextIndex, nextInt, nextIntIn } from "../random.js";
import {
  compareStrings,
  countOccurrences,
  isAscii16,
  MAX_STRING_BYTES,
  utf8Length,
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
  VMap,
  VRange,
  VRng,
  VSet,
  VTuple,
  type Key,
  type NativeContext,
  type NativeImpl,
  type NativeTask,
  type TaskImpl,
  type Value,
} from "../values.js";
import { absValue, num } from "./core.js";
import { defineNative, prepay, Resumable, type Cost, type Param } from "./kinds.js";

type Impl = (ctx: NativeContext, self: any, ...args: any[]) => Value; // eslint-disable-line @typescript-eslint/no-explicit-any
type Task = (ctx: NativeContext, self: any, ...args: any[]) => NativeTask; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A method: its argument kinds (after the receiver), its implementation (a task when it calls
 * functions), its cost class.
 */
type Def = [params: Param[], impl: Impl | Resumable, cost?: Cost];

/** A method that calls functions: each call is a `yield [f, ...args]` (values.ts NativeTask). */
const task = (impl: Task) => new Resumable(impl as TaskImpl);

/**
 * The call `[f, x]` in `c`, an array a loop reuses for all its calls (the runner reads a
 * yielded call before it resumes the task): no allocation per element.
 */
function call1(c: Value[], x: Value): Value[] {
  c[1] = x;
  return c;
}

/** The methods of one receiver kind; a method's cost is `linear` unless it says `const`. */
function table(prefix: string, receiver: Param, defs: Record<string, Def>): Map<string, NativeFn> {
  const m = new Map<string, NativeFn>();
  for (const [name, [params, impl, cost]] of Object.entries(defs)) {
    const f = defineNative(
      `${prefix}.${name}`,
      [receiver, ...params],
      impl as NativeImpl,
      cost ?? "linear",
      true,
    );
    m.set(name, f);
  }
  return m;
}

/**
 * An int argument as a JS number. Beyond 2^53 the value is far outside any length, so the
 * nearest double decides the same range checks (get → None, take → everything, repeat →
 * LimitExceeded).
 */
function int(v: number | bigint): number {
  return Number(v);
}

function strArg(v: string | VChar): string {
  return typeof v === "string" ? v : String.fromCodePoint(v.codePoint);
}

function truth(name: string, v: Value): boolean {
  if (typeof v !== "boolean")
    trap("TypeError", `${name}: the function must return a bool, got ${kindName(v)}`);
  return v;
}

function tooLong(): never {
  trap("LimitExceeded", `string longer than ${MAX_STRING_BYTES} UTF-8 bytes`);
}

/** Checks a string result of `bytes` UTF-8 bytes against the string limit, then pays for it. */
function payString(ctx: NativeContext, bytes: number): void {
  if (bytes > MAX_STRING_BYTES) tooLong();
  prepay(ctx, bytes, HEADER_BYTES + bytes);
}

/**
 * Checks and pays for an array of n new strings holding `bytes` UTF-8 bytes in all (the
 * pieces of split and lines): the array, each string's header and its bytes.
 */
function payPieces(ctx: NativeContext, n: number, bytes: number): void {
  ctx.checkLength(n);
  prepay(ctx, n, slotsBytes(n) + n * HEADER_BYTES + bytes);
}

/** Checks and pays for an array of n elements that are existing values. */
function payArray(ctx: NativeContext, n: number, extraBytes = 0): void {
  ctx.checkLength(n);
  prepay(ctx, n, slotsBytes(n) + extraBytes);
}

const some = (ctx: NativeContext, v: Value) => ctx.some(v);
const none = (ctx: NativeContext) => ctx.none();

const isDigit = (c: number) => c >= 48 && c <= 57;

/** Trims `s` (as str.trim does) and skips one leading sign; [text, negative]. */
function unsigned(s: string): [string, boolean] {
  const t = s.trim();
  const c = t.charCodeAt(0);
  return c === 43 || c === 45 ? [t.slice(1), c === 45] : [t, false];
}

/** `[+-]?digits`, in i64. Linear: more than 19 significant digits is out of range. */
function parseIntStrict(s: string): Value | undefined {
  const [t, neg] = unsigned(s);
  if (t.length === 0) return undefined;
  let first = -1;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (!isDigit(c)) return undefined;
    if (first < 0 && c !== 48) first = i;
  }
  if (first < 0) return 0;
  if (t.length - first > 19) return undefined;
  const b = BigInt(t.slice(first));
  return fromBig(neg ? -b : b);
}

/** `[+-]?digits` in `radix` (letters in either case), in i64; no prefix, no `_`. */
function parseIntRadix(s: string, radix: number): Value | undefined {
  const [t, neg] = unsigned(s);
  if (t.length === 0 || t.length > 70) return undefined;
  let b = 0n;
  for (const ch of t) {
    const d = parseInt(ch, 36);
    if (!(d < radix)) return undefined;
    b = b * BigInt(radix) + BigInt(d);
  }
  if (neg) b = -b;
  return fromBig(b);
}

/** The UTF-8 encoding of s, as ints 0–255. */
function utf8Bytes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else
      out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/** Digits from i; returns the index after them (past the end, charCodeAt is NaN: no digit). */
function digits(t: string, i: number): number {
  while (isDigit(t.charCodeAt(i))) i++;
  return i;
}

/**
 * `[+-]?(d+(.d*)?|.d+)([eE][+-]?d+)?`, or inf/infinity/nan in any case. A single left-to-right
 * scan (a backtracking regex took quadratic time on long digit runs).
 */
function parseFloatStrict(s: string): Value | undefined {
  const [t, neg] = unsigned(s);
  const lower = t.toLowerCase();
  if (lower === "inf" || lower === "infinity") return mkFloat(neg ? -Infinity : Infinity);
  if (lower === "nan") return mkFloat(NaN);
  let i = digits(t, 0);
  const intDigits = i;
  let fracDigits = 0;
  if (t.charCodeAt(i) === 46) {
    const j = digits(t, i + 1);
    fracDigits = j - i - 1;
    i = j;
  }
  if (intDigits === 0 && fracDigits === 0) return undefined;
  const e = t.charCodeAt(i);
  if (e === 101 || e === 69) {
    let j = i + 1;
    const sign = t.charCodeAt(j);
    if (sign === 43 || sign === 45) j++;
    const k = digits(t, j);
    if (k === j) return undefined;
    i = k;
  }
  if (i !== t.length) return undefined;
  const x = Number(t);
  return mkFloat(neg ? -x : x);
}

/** Case mapping; a result past the string limit is LimitExceeded. */
function mapCase(s: string, upper: boolean): string {
  // A scalar's case mapping is at most 3 times its UTF-8 size (ΐ → Ϊ́).
  if (s.length * 9 <= MAX_STRING_BYTES) return upper ? s.toUpperCase() : s.toLowerCase();
  let r: string;
  try {
    r = upper ? s.toUpperCase() : s.toLowerCase();
  } catch (e) {
    if (e instanceof RangeError) tooLong(); // past the host's own string limit
    throw e;
  }
  if (utf8Length(r) > MAX_STRING_BYTES) tooLong();
  return r;
}

/** The scalars of s joined by sep, built in batches (no array of every scalar at once). */
function joinScalars(s: string, sep: string): string {
  const chunks: string[] = [];
  let batch: string[] = [];
  for (const ch of s) {
    batch.push(ch);
    if (batch.length === 4096) {
      chunks.push(batch.join(sep));
      batch = [];
    }
  }
  if (batch.length > 0) chunks.push(batch.join(sep));
  return chunks.join(sep);
}

const STR = table("str", "str", {
  len: [[], (_c, s: string) => scalarLength(s)],
  is_empty: [[], (_c, s: string) => s.length === 0, "const"],
  to_upper: [[], (_c, s: string) => mapCase(s, true)],
  to_lower: [[], (_c, s: string) => mapCase(s, false)],
  trim: [[], (_c, s: string) => s.trim()],
  trim_start: [[], (_c, s: string) => s.trimStart()],
  trim_end: [[], (_c, s: string) => s.trimEnd()],
  contains: [["text"], (_c, s: string, x) => s.includes(strArg(x))],
  starts_with: [["text"], (_c, s: string, x) => s.startsWith(strArg(x))],
  ends_with: [["text"], (_c, s: string, x) => s.endsWith(strArg(x))],
  index_of: [["text"], (_c, s: string, x) => scalarIndexOf(s, strArg(x))],
  substring: [
    ["int", "int"],
    (_c, s: string, a, b) => {
      const start = int(a);
      const end = int(b);
      const n = scalarLength(s);
      if (start < 0 || end < start || end > n) {
        trap("IndexOutOfBounds", `substring(${start}, ${end}) of a string of length ${n}`);
      }
      return scalarSlice(s, start, end);
    },
  ],
  char_at: [
    ["int"],
    (ctx, s: string, i) => {
      const k = int(i);
      const cp = k < 0 ? -1 : scalarAt(s, k);
      return cp < 0 ? ctx.none() : ctx.some(VChar.of(cp));
    },
  ],
  replace: [
    ["text", "text"],
    (ctx, s: string, x, y) => {
      const a = strArg(x);
      const b = strArg(y);
      // An empty pattern matches before every scalar and at the end ("ab" → "-a-b-").
      const c = a === "" ? scalarLength(s) + 1 : countOccurrences(s, a);
      const sBytes = utf8Length(s);
      const aBytes = utf8Length(a);
      const bBytes = utf8Length(b);
      payString(ctx, sBytes + c * (bBytes - aBytes));
      return c === 0 ? s : replaceAll(s, a, b);
    },
  ],
  split: [
    ["text"],
    (ctx, s: string, sep) => {
      const d = strArg(sep);
      if (d === "") {
        payPieces(ctx, scalarLength(s), utf8Length(s));
        return scalars(s);
      }
      const c = countOccurrences(s, d);
      payPieces(ctx, c + 1, utf8Length(s) - c * utf8Length(d));
      return s.split(d);
    },
  ],
  lines: [
    [],
    (ctx, s: string) => {
      const n = countOccurrences(s, "\n");
      // A final line ending ends a line and starts none ("a\n" and "a" are one line).
      const pieces = s === "" ? 0 : s.endsWith("\n") ? n : n + 1;
      const crlf = countOccurrences(s, "\r\n");
      payPieces(ctx, pieces, utf8Length(s) - n - crlf);
      // Splitting on a string is 2-3 times faster than on the pattern (bench/README.md).
      const out = crlf === 0 ? s.split("\n") : s.split(/\r?\n/);
      if (out[out.length - 1] === "") out.pop();
      return out;
    },
  ],
  repeat: [
    ["int"],
    (ctx, s: string, n) => {
      const k = int(n);
      if (k < 0) trap("IndexOutOfBounds", `repeat count ${k} is negative`);
      payString(ctx, utf8Length(s) * k); // a count past any string is past the limit here
      return s.repeat(k);
    },
  ],
  pad_start: [["int", "text"], (ctx, s: string, n, p) => padded(ctx, s, n, strArg(p), true)],
  pad_end: [["int", "text"], (ctx, s: string, n, p) => padded(ctx, s, n, strArg(p), false)],
  chars: [
    [],
    (ctx, s: string) => {
      payArray(ctx, scalarLength(s));
      return isAscii16(s)
        ? Array.from(s, (ch) => VChar.of(ch.charCodeAt(0)))
        : Array.from(s, (ch) => VChar.of(ch.codePointAt(0)!));
    },
  ],
  to_int: [[], (ctx, s: string) => wrapOpt(ctx, parseIntStrict(s))],
  to_int_radix: [
    ["int"],
    (ctx, s: string, r) => {
      const radix = int(r);
      if (radix < 2 || radix > 36) trap("IndexOutOfBounds", `radix ${radix} is outside 2..=36`);
      return wrapOpt(ctx, parseIntRadix(s, radix));
    },
  ],
  reverse: [[], (_c, s: string) => scalars(s).reverse().join("")],
  find: [
    ["text", "int?"],
    (ctx, s: string, p, from?: number | bigint) => {
      const start = from === undefined ? 0 : int(from);
      const n = scalarLength(s);
      if (start < 0) trap("IndexOutOfBounds", `find from ${start}`);
      if (start > n) return ctx.none();
      const k = scalarIndexOf(scalarSlice(s, start, n), strArg(p));
      return k < 0 ? ctx.none() : ctx.some(start + k);
    },
  ],
  count: [
    ["text"],
    (_c, s: string, p) => {
      const t = strArg(p);
      return t === "" ? scalarLength(s) + 1 : countOccurrences(s, t);
    },
  ],
  bytes: [
    [],
    (ctx, s: string) => {
      payArray(ctx, utf8Length(s));
      return utf8Bytes(s);
    },
  ],
  to_float: [[], (ctx, s: string) => wrapOpt(ctx, parseFloatStrict(s))],
  compare: [["text"], (_c, s: string, o) => Math.sign(compareStrings(s, strArg(o)))],
});

/** Every occurrence; an empty pattern matches before and after every scalar (`-a-b-`). */
function replaceAll(s: string, pattern: string, by: string): string {
  if (pattern !== "") return s.split(pattern).join(by);
  return s === "" ? by : by + joinScalars(s, by) + by;
}

/** s padded with repetitions of `pad` to `width` scalars (unchanged when already as wide). */
function padded(
  ctx: NativeContext,
  s: string,
  w: number | bigint,
  pad: string,
  start: boolean,
): string {
  const n = scalarLength(s);
  if (typeof w === "bigint") {
    if (w < 0n || pad === "") return s;
    tooLong();
  }
  if (w <= n || pad === "") return s;
  const unit = scalars(pad);
  const missing = w - n;
  const whole = Math.floor(missing / unit.length);
  const part = unit.slice(0, missing % unit.length).join("");
  payString(ctx, utf8Length(s) + whole * utf8Length(pad) + utf8Length(part));
  const fill = pad.repeat(whole) + part;
  return start ? fill + s : s + fill;
}

function wrapOpt(ctx: NativeContext, v: Value | undefined): Value {
  return v === undefined ? ctx.none() : ctx.some(v);
}

function index(a: Value[], i: number | bigint): number {
  const k = int(i);
  if (k < 0 || k >= a.length)
    trap("IndexOutOfBounds", `index ${k} out of bounds for length ${a.length}`);
  return k;
}

function count(name: string, v: number | bigint): number {
  const k = int(v);
  if (k < 0) trap("IndexOutOfBounds", `${name}: count ${k} is negative`);
  return k;
}

// NaN is unordered by `<`; it sorts after every number so that the order stays total.
const nan = (v: Value) => (isFloat(v) && Number.isNaN(floatOf(v)) ? 1 : 0);
/** The built-in order of `sort()` without a comparator and of `sort_by`'s keys. */
const order = (x: Value, y: Value) =>
  less(x, y, false) ? -1 : less(y, x, false) ? 1 : nan(x) - nan(y);

/** A comparator's result as the sign that orders two elements. */
function comparison(r: Value): number {
  if (typeof r === "number" && Number.isInteger(r)) return r;
  if (typeof r === "bigint") return r < 0n ? -1 : 1;
  trap("TypeError", `sort: the comparator must return an int, got ${kindName(r)}`);
}

/**
 * A stable merge sort of a copy of `a` by the comparator `f` (bottom-up: runs of 1, 2, 4, …
 * merged between two buffers), as a task, so each comparison is a call the VM runs as a frame.
 * Every stable sort gives the same result for a consistent comparator; an element of the
 * right run goes first only when the comparator says it is smaller. A state machine written
 * out, like EachTask: each step takes the last comparison's result and asks for the next.
 */
class SortTask implements NativeTask {
  private readonly n: number;
  private from: Value[];
  private to: Value[];
  /** Run width; the merge of from[lo..mid) and from[mid..hi) into to[lo..hi) at i, j, o. */
  private w = 1;
  private lo = 0;
  private mid: number;
  private hi: number;
  private i = 0;
  private j: number;
  private o = 0;
  /** Whether a comparison of from[i] and from[j] is in progress. */
  private comparing = false;
  private readonly c: Value[];
  private readonly step: IteratorYieldResult<readonly Value[]>;
  constructor(a: Value[], f: Value) {
    const n = a.length;
    this.n = n;
    this.from = a.slice();
    this.to = a.slice();
    this.mid = Math.min(1, n);
    this.hi = Math.min(2, n);
    this.j = this.mid;
    this.c = [f, undefined, undefined];
    this.step = { done: false, value: this.c };
  }

  next(input: Value): IteratorResult<readonly Value[], Value> {
    const from = this.from;
    const to = this.to;
    let i = this.i;
    let j = this.j;
    let o = this.o;
    if (this.comparing) {
      // Stryker disable next-line BooleanLiteral: every path below sets it again (compare) or ends the task
      this.comparing = false;
      if (comparison(input) > 0) to[o++] = from[j++];
      else to[o++] = from[i++];
    }
    if (i < this.mid && j < this.hi) return this.compare(i, j, o);
    return this.nextRun(i, j, o);
  }

  /** Asks the comparator about from[i] and from[j]; the merge goes on at i, j, o. */
  private compare(i: number, j: number, o: number): IteratorResult<readonly Value[], Value> {
    this.c[1] = this.from[i];
    this.c[2] = this.from[j];
    this.i = i;
    this.j = j;
    this.o = o;
    this.comparing = true;
    return this.step;
  }

  /** Ends the merge at i, j, o and starts the next one that needs a comparison, or ends. */
  private nextRun(i: number, j: number, o: number): IteratorResult<readonly Value[], Value> {
    const n = this.n;
    for (;;) {
      const from = this.from;
      const to = this.to;
      while (i < this.mid) to[o++] = from[i++];
      while (j < this.hi) to[o++] = from[j++];
      let w = this.w;
      let lo = this.lo + 2 * w;
      if (lo >= n) {
        this.from = to;
        this.to = from;
        w *= 2;
        lo = 0;
        this.w = w;
        if (w >= n) return { done: true, value: to };
      }
      this.lo = lo;
      this.mid = Math.min(lo + w, n);
      this.hi = Math.min(lo + 2 * w, n);
      i = lo;
      j = this.mid;
      o = lo;
      // The left run is never empty here (lo < n); the right one is past the end of an odd tail.
      if (j < this.hi) return this.compare(i, j, o);
    }
  }
}

/** `reduce` and `fold`: f(… f(f(init, a[0]), a[1]) …). */
const fold = (ctx: NativeContext, a: Value[], init: Value, f: Value) =>
  new EachTask(ctx, EACH_FOLD, a, f, init);

const EACH_MAP = 0;
const EACH_FILTER = 1;
const EACH_FOLD = 2;
const EACH_FIND = 3;
const EACH_ANY = 4;
const EACH_ALL = 5;
/** sort_by: the keys, as map makes them, then the sort. */
const EACH_SORT_BY = 6;
type EachKind =
  | typeof EACH_MAP
  | typeof EACH_FILTER
  | typeof EACH_FOLD
  | typeof EACH_FIND
  | typeof EACH_ANY
  | typeof EACH_ALL
  | typeof EACH_SORT_BY;

/**
 * map, filter, fold, find, any, all and sort_by as a state machine written out (they make
 * most callbacks: a class's `next` is optimized like any hot method, a generator's long loop
 * much later). Each step takes the result of the call on element i - 1 and asks for the call
 * on element i.
 */
class EachTask implements NativeTask {
  private i = 0;
  private readonly n: number;
  private readonly out: Value[] = [];
  /** The element of the call in progress (filter keeps it as it was when called). */
  private x: Value = undefined;
  private readonly c: Value[];
  private readonly step: IteratorYieldResult<readonly Value[]>;
  constructor(
    private readonly ctx: NativeContext,
    private readonly kind: EachKind,
    private readonly a: Value[],
    f: Value,
    private acc: Value,
  ) {
    // find visits up to the current length, as for-of does; the others the elements below
    // the length at the start that still exist.
    this.n = kind === EACH_FIND ? Infinity : a.length;
    this.c = kind === EACH_FOLD ? [f, undefined, undefined] : [f, undefined];
    this.step = { done: false, value: this.c };
  }

  next(input: Value): IteratorResult<readonly Value[], Value> {
    const i = this.i;
    if (i > 0) {
      const kind = this.kind;
      if (kind === EACH_MAP || kind === EACH_SORT_BY) this.out.push(input);
      else if (kind === EACH_FILTER) {
        if (truth("filter", input)) this.out.push(this.x);
      } else if (kind === EACH_FOLD) this.acc = input;
      else if (kind === EACH_FIND) {
        if (truth("find", input)) return { done: true, value: some(this.ctx, this.x) };
      } else if (kind === EACH_ANY) {
        if (truth("any", input)) return { done: true, value: true };
      } else if (!truth("all", input)) return { done: true, value: false };
    }
    const a = this.a;
    if (i < this.n && i < a.length) {
      this.i = i + 1;
      const x = a[i];
      this.x = x;
      if (this.kind === EACH_FOLD) {
        this.c[1] = this.acc;
        this.c[2] = x;
      } else this.c[1] = x;
      return this.step;
    }
    return { done: true, value: this.result() };
  }

  /** The answer once every element has been visited. */
  private result(): Value {
    switch (this.kind) {
      case EACH_FOLD:
        return this.acc;
      case EACH_FIND:
        return none(this.ctx);
      case EACH_ANY:
        return false;
      case EACH_ALL:
        return true;
      case EACH_SORT_BY: {
        const a = this.a;
        const keys = this.out;
        this.ctx.charge(sortSteps(a.length));
        const idx = keys.map((_, i) => i).sort((i, j) => order(keys[i], keys[j]));
        return idx.map((i) => a[i]);
      }
      default:
        return this.out;
    }
  }
}

/** A task that ends at once with v. */
function ended(v: Value): NativeTask {
  return { next: () => ({ done: true, value: v }) };
}

/** Comparisons a sort of n elements is charged for: n·ceil(log2 n) (spec §10.1). */
export function sortSteps(n: number): number {
  return n < 2 ? 0 : n * Math.ceil(Math.log2(n));
}

const ARRAY = table("array", "array", {
  len: [[], (_c, a: Value[]) => a.length, "const"],
  is_empty: [[], (_c, a: Value[]) => a.length === 0, "const"],
  push: [
    ["any"],
    (ctx, a: Value[], v) => {
      ctx.checkLength(a.length + 1);
      ctx.alloc(8);
      a.push(v);
      return undefined;
    },
    "const",
  ],
  pop: [[], (ctx, a: Value[]) => (a.length === 0 ? none(ctx) : some(ctx, a.pop())), "const"],
  get: [
    ["int"],
    // A bigint index is beyond ±2^53: outside any array on either side.
    (ctx, a: Value[], i: number | bigint) =>
      i >= 0 && i < a.length ? some(ctx, a[i as number]) : none(ctx),
    "const",
  ],
  set: [
    ["int", "any"],
    (_c, a: Value[], i, v) => {
      a[index(a, i)] = v;
      return undefined;
    },
    "const",
  ],
  first: [[], (ctx, a: Value[]) => (a.length ? some(ctx, a[0]) : none(ctx)), "const"],
  last: [[], (ctx, a: Value[]) => (a.length ? some(ctx, a[a.length - 1]) : none(ctx)), "const"],
  // The loops visit what Array.prototype.map and friends visit when the function changes
  // the array: the elements below the length at the start that still exist (find and
  // flat_map: up to the current length, as for-of does).
  map: [["fn"], task((c, a: Value[], f) => new EachTask(c, EACH_MAP, a, f, undefined))],
  flat_map: [
    ["fn"],
    task(function* (ctx, a: Value[], f) {
      const c: Value[] = [f, undefined];
      const out: Value[] = [];
      for (let i = 0; i < a.length; i++) {
        const r = yield call1(c, a[i]);
        if (!Array.isArray(r))
          trap("TypeError", `flat_map: the function must return an array, got ${kindName(r)}`);
        ctx.checkLength(out.length + r.length);
        for (const y of r) out.push(y);
      }
      return out;
    }),
  ],
  filter: [["fn"], task((c, a: Value[], f) => new EachTask(c, EACH_FILTER, a, f, undefined))],
  reduce: [["any", "fn"], task(fold)],
  fold: [["any", "fn"], task(fold)],
  find: [["fn"], task((c, a: Value[], f) => new EachTask(c, EACH_FIND, a, f, undefined))],
  any: [["fn"], task((c, a: Value[], f) => new EachTask(c, EACH_ANY, a, f, undefined))],
  all: [["fn"], task((c, a: Value[], f) => new EachTask(c, EACH_ALL, a, f, undefined))],
  join: [
    ["text"],
    (ctx, a: Value[], sep) => {
      const d = strArg(sep);
      const dBytes = utf8Length(d);
      let bytes = 0;
      const parts = a.map((x, i) => {
        const s = formatValue(x); // a str is itself
        bytes += utf8Length(s) + (i > 0 ? dBytes : 0);
        if (bytes > MAX_STRING_BYTES) tooLong();
        return s;
      });
      payString(ctx, bytes);
      return parts.join(d);
    },
  ],
  reverse: [[], (_c, a: Value[]) => a.slice().reverse()],
  zip: [
    ["array"],
    (ctx, a: Value[], b: Value[]) => {
      const n = Math.min(a.length, b.length);
      payArray(ctx, n, n * slotsBytes(2));
      // Stryker disable next-line ArrayDeclaration: only sized ahead; filled index by index to the same elements
      const out: Value[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = new VTuple([a[i], b[i]]);
      return out;
    },
  ],
  enumerate: [
    [],
    (ctx, a: Value[]) => {
      payArray(ctx, a.length, a.length * slotsBytes(2));
      return a.map((x, i) => new VTuple([i, x]));
    },
  ],
  take: [["int"], (_c, a: Value[], n) => a.slice(0, count("take", n))],
  drop: [["int"], (_c, a: Value[], n) => a.slice(count("drop", n))],
  slice: [
    ["int", "int"],
    (_c, a: Value[], s, e) => {
      const start = int(s);
      const end = int(e);
      if (start < 0 || end < start || end > a.length) {
        trap("IndexOutOfBounds", `slice(${start}, ${end}) of an array of length ${a.length}`);
      }
      return a.slice(start, end);
    },
  ],
  contains: [["any"], (_c, a: Value[], v) => a.some((x) => equal(x, v))],
  index_of: [["any"], (_c, a: Value[], v) => a.findIndex((x) => equal(x, v))],
  sort: [
    ["fn?"],
    task((ctx, a: Value[], f?: Value) => {
      ctx.charge(sortSteps(a.length));
      return f === undefined ? ended(a.slice().sort(order)) : new SortTask(a, f);
    }),
  ],
  sum: [[], (_c, a: Value[]) => a.reduce((acc: Value, x) => addValues(acc, x), 0)],
  concat: [
    ["array"],
    (ctx, a: Value[], b: Value[]) => {
      payArray(ctx, a.length + b.length);
      return a.concat(b);
    },
  ],
  insert: [
    ["int", "any"],
    (ctx, a: Value[], i, v) => {
      const k = int(i);
      if (k < 0 || k > a.length)
        trap("IndexOutOfBounds", `insert at ${k} into an array of length ${a.length}`);
      ctx.checkLength(a.length + 1);
      ctx.alloc(8);
      a.splice(k, 0, v);
      return undefined;
    },
  ],
  remove: [["int"], (_c, a: Value[], i) => a.splice(index(a, i), 1)[0]],
  min: [[], (ctx, a: Value[]) => extreme(ctx, a, (x, best) => less(x, best, false))],
  max: [[], (ctx, a: Value[]) => extreme(ctx, a, (x, best) => less(best, x, false))],
  sort_by: [["fn"], task((c, a: Value[], f) => new EachTask(c, EACH_SORT_BY, a, f, undefined))],
  dedup: [[], (_c, a: Value[]) => a.filter((x, i) => i === 0 || !equal(a[i - 1], x))],
  flatten: [
    [],
    (ctx, a: Value[]) => {
      let n = 0;
      for (const x of a) {
        if (!Array.isArray(x))
          trap("TypeError", `flatten: element is ${kindName(x)}, not an array`);
        n += x.length;
      }
      payArray(ctx, n);
      return ([] as Value[]).concat(...(a as Value[][]));
    },
  ],
  chunks: [["int"], (ctx, a: Value[], n) => pieces(ctx, a, size("chunks", n), true)],
  windows: [["int"], (ctx, a: Value[], n) => pieces(ctx, a, size("windows", n), false)],
  fill: [
    ["any"],
    (_c, a: Value[], v) => {
      a.fill(v);
      return undefined;
    },
  ],
});

/** The first element no other beats (`better(x, best)`), as an Option; `None` for `[]`. */
function extreme(
  ctx: NativeContext,
  a: Value[],
  better: (x: Value, best: Value) => boolean,
): Value {
  if (a.length === 0) return none(ctx);
  let best = a[0];
  for (let i = 1; i < a.length; i++) if (better(a[i], best)) best = a[i];
  return some(ctx, best);
}

function size(name: string, v: number | bigint): number {
  const k = int(v);
  if (k < 1) trap("IndexOutOfBounds", `${name}: size ${k} must be at least 1`);
  return k;
}

/** chunks (consecutive, the last may be shorter) or windows (every run of n, overlapping). */
function pieces(ctx: NativeContext, a: Value[], n: number, chunked: boolean): Value[] {
  const count = chunked ? Math.ceil(a.length / n) : Math.max(0, a.length - n + 1);
  const inner = chunked ? a.length : count * Math.min(n, a.length);
  payArray(ctx, count, count * slotsBytes(0) + 8 * inner);
  const out: Value[] = [];
  for (let i = 0; i < count; i++) out.push(chunked ? a.slice(i * n, i * n + n) : a.slice(i, i + n));
  return out;
}

const NUMBER_COMMON: Record<string, Def> = {
  abs: [[], (_c, x) => absValue(x), "const"],
  sqrt: [[], (_c, x) => mkFloat(Math.sqrt(num(x))), "const"],
  pow: [["num"], (_c, x, y) => pow(x, y), "const"],
  min: [["num"], (_c, x, y) => (less(y, x, false) ? y : x), "const"],
  max: [["num"], (_c, x, y) => (less(x, y, false) ? y : x), "const"],
  to_float: [[], (_c, x) => mkFloat(num(x)), "const"],
};

const I64_MIN = -(2n ** 63n);

/** A bigint result wrapped to i64 (two's complement), as the bitwise methods compute. */
const wrap64 = (b: bigint): Value => fromBig(BigInt.asIntN(64, b));

function shiftCount(v: number | bigint): bigint {
  const k = int(v);
  if (k < 0 || k > 63) trap("IndexOutOfBounds", `shift count ${k} is outside 0..=63`);
  return BigInt(k);
}

function divisor(v: number | bigint): bigint {
  const d = BigInt(v);
  if (d === 0n) trap("DivisionByZero", "division by zero");
  return d;
}

const INT = table("int", "int", {
  ...NUMBER_COMMON,
  clamp: [
    ["num", "num"],
    (_c, x, lo, hi) => {
      if (less(hi, lo, false))
        trap("IndexOutOfBounds", "clamp: the upper bound is below the lower");
      return less(x, lo, false) ? lo : less(hi, x, false) ? hi : x;
    },
    "const",
  ],
  div_floor: [
    ["int"],
    (_c, x, y) => {
      const a = BigInt(x);
      const d = divisor(y);
      if (a === I64_MIN && d === -1n) trap("IntegerOverflow", "integer overflow");
      const q = a / d;
      // Stryker disable next-line EqualityOperator: a = 0 leaves no remainder; d is never 0 (divisor)
      return fromBig(a % d !== 0n && a < 0n !== d < 0n ? q - 1n : q);
    },
    "const",
  ],
  rem_euclid: [
    ["int"],
    (_c, x, y) => {
      const d = divisor(y);
      const r = BigInt(x) % d;
      // Stryker disable next-line EqualityOperator: d is never 0 (divisor)
      return fromBig(r < 0n ? r + (d < 0n ? -d : d) : r);
    },
    "const",
  ],
  band: [["int"], (_c, x, y) => wrap64(BigInt(x) & BigInt(y)), "const"],
  bor: [["int"], (_c, x, y) => wrap64(BigInt(x) | BigInt(y)), "const"],
  bxor: [["int"], (_c, x, y) => wrap64(BigInt(x) ^ BigInt(y)), "const"],
  bnot: [[], (_c, x) => wrap64(~BigInt(x)), "const"],
  shl: [["int"], (_c, x, n) => wrap64(BigInt(x) << shiftCount(n)), "const"],
  shr: [["int"], (_c, x, n) => wrap64(BigInt(x) >> shiftCount(n)), "const"],
  ushr: [["int"], (_c, x, n) => wrap64(BigInt.asUintN(64, BigInt(x)) >> shiftCount(n)), "const"],
  to_base: [
    ["int"],
    (_c, x, r) => {
      const radix = int(r);
      if (radix < 2 || radix > 36) trap("IndexOutOfBounds", `radix ${radix} is outside 2..=36`);
      return BigInt(x).toString(radix);
    },
  ],
  to_int: [[], (_c, x) => x, "const"],
  to_char: [[], (_c, x: number | bigint) => charOf(x), "const"],
  signum: [[], (_c, x: number | bigint) => (x > 0 ? 1 : x < 0 ? -1 : 0), "const"],
  is_even: [
    [],
    (_c, x: number | bigint) => (typeof x === "bigint" ? x % 2n === 0n : x % 2 === 0),
    "const",
  ],
  is_odd: [
    [],
    (_c, x: number | bigint) => (typeof x === "bigint" ? x % 2n !== 0n : x % 2 !== 0),
    "const",
  ],
});

function floatToInt(x: number): Value {
  const t = Math.trunc(x);
  if (!Number.isFinite(t) || t < -(2 ** 63) || t >= 2 ** 63) {
    trap("IntegerOverflow", `${formatValue(mkFloat(x))} does not fit an int`);
  }
  return Number.isSafeInteger(t) ? t + 0 : BigInt(t);
}

const FLOAT = table("float", "float", {
  ...NUMBER_COMMON,
  to_int: [[], (_c, x) => floatToInt(floatOf(x)), "const"],
  floor: [[], (_c, x) => mkFloat(Math.floor(floatOf(x))), "const"],
  ceil: [[], (_c, x) => mkFloat(Math.ceil(floatOf(x))), "const"],
  round: [
    [],
    (_c, x) => {
      const v = floatOf(x);
      // Stryker disable next-line EqualityOperator: at ±0 both ways give the same zero
      return mkFloat(v < 0 ? -Math.round(-v) : Math.round(v));
    },
    "const",
  ],
  is_nan: [[], (_c, x) => Number.isNaN(floatOf(x)), "const"],
  signum: [
    [],
    (_c, x) => {
      const v = floatOf(x);
      return new VFloat(v !== v ? NaN : Object.is(v, -0) || v < 0 ? -1 : 1);
    },
    "const",
  ],
});

/** A char property test; ASCII answers come from a table built once with the same regex. */
const charTest = (re: RegExp): Def => {
  const ascii = Array.from({ length: 128 }, (_, i) => re.test(String.fromCharCode(i)));
  return [
    [],
    (_c, c: VChar) =>
      // Stryker disable next-line ConditionalExpression: the table holds the regex's answers
      c.codePoint < 128 ? ascii[c.codePoint]! : re.test(String.fromCodePoint(c.codePoint)),
    "const",
  ];
};

/**
 * The char of code point `x`: IndexOutOfBounds unless it is a Unicode scalar value (an int
 * held as a bigint is beyond ±2^53, so out of range too).
 */
function charOf(x: number | bigint): VChar {
  if (x < 0 || x > 0x10ffff || (x >= 0xd800 && x <= 0xdfff))
    trap(
      "IndexOutOfBounds",
      `${x} is not a Unicode scalar value (0..=0x10FFFF without the surrogates 0xD800..=0xDFFF)`,
    );
  return VChar.of(Number(x));
}

const CHAR = table("char", "char", {
  to_int: [[], (_c, c: VChar) => c.codePoint, "const"],
  is_digit: [[], (_c, c: VChar) => isDigit(c.codePoint), "const"],
  is_alpha: charTest(/\p{Alphabetic}/u),
  is_alphanumeric: charTest(/[\p{Alphabetic}\p{Nd}]/u),
  is_whitespace: charTest(/\s/u),
  is_upper: charTest(/\p{Uppercase}/u),
  is_lower: charTest(/\p{Lowercase}/u),
  to_upper: [[], (_c, c: VChar) => caseOf(c, 97, -32, (s) => s.toUpperCase()), "const"],
  to_lower: [[], (_c, c: VChar) => caseOf(c, 65, 32, (s) => s.toLowerCase()), "const"],
});

/**
 * `c` in the other case: an ASCII letter from `first` (a or A) by `shift` without building
 * strings (a scanner's per-char call), any other char by `map`.
 */
function caseOf(c: VChar, first: number, shift: number, map: (s: string) => string): VChar {
  const cp = c.codePoint;
  if (cp < 128) return cp >= first && cp < first + 26 ? VChar.of(cp + shift) : c;
  return oneChar(map(String.fromCodePoint(cp)), c);
}

/** Case mapping that stays one char (ß → SS is not a char): keep the original then. */
function oneChar(s: string, orig: VChar): VChar {
  const cp = s.codePointAt(0)!;
  return s.length === String.fromCodePoint(cp).length ? VChar.of(cp) : orig;
}

const isYes = (o: VEnum) => o.tag === o.type.yesTag;

/** A new Some/Ok (or Err for `yesTag = false`) of o's type; charged like NEWENUM. */
function variant(ctx: NativeContext, o: VEnum, yesTag: boolean, v: Value): VEnum {
  ctx.alloc(slotsBytes(1));
  return new VEnum(o.type, yesTag ? o.type.yesTag : 1 - o.type.yesTag, [v]);
}

/** `map` (yes = true) and `map_err` (false): f applied to the payload of that variant. */
function mapVariant(yes: boolean): Task {
  return function* (ctx, o: VEnum, f) {
    if (isYes(o) !== yes) return o;
    return variant(ctx, o, yes, yield [f, o.payload[0]]);
  };
}

/** `and_then`: f of a Some's or Ok's payload, as the result. */
function* andThen(_c: NativeContext, o: VEnum, f: Value): NativeTask {
  return isYes(o) ? yield [f, o.payload[0]] : o;
}

function unwrapFail(o: VEnum, what: string): never {
  trap("Panic", o.payload.length ? `${what}: ${formatValue(o.payload[0])}` : what);
}

// Option and Result methods are constant-time: the functions they call pay for themselves.
const OPTION = table("Option", "option", {
  is_some: [[], (_c, o: VEnum) => isYes(o), "const"],
  is_none: [[], (_c, o: VEnum) => !isYes(o), "const"],
  unwrap: [
    [],
    (_c, o: VEnum) => (isYes(o) ? o.payload[0] : unwrapFail(o, "called unwrap on None")),
    "const",
  ],
  expect: [
    ["any"],
    (_c, o: VEnum, m) => (isYes(o) ? o.payload[0] : trap("Panic", formatValue(m))),
    "const",
  ],
  unwrap_or: [["any"], (_c, o: VEnum, d) => (isYes(o) ? o.payload[0] : d), "const"],
  unwrap_or_else: [
    ["fn"],
    task(function* (_c, o: VEnum, f) {
      return isYes(o) ? o.payload[0] : yield [f];
    }),
    "const",
  ],
  map: [["fn"], task(mapVariant(true)), "const"],
  and_then: [["fn"], task(andThen), "const"],
  or_else: [
    ["fn"],
    task(function* (_c, o: VEnum, f) {
      return isYes(o) ? o : yield [f];
    }),
    "const",
  ],
  filter: [
    ["fn"],
    task(function* (ctx, o: VEnum, f) {
      return isYes(o) && truth("filter", yield [f, o.payload[0]]) ? o : ctx.none();
    }),
    "const",
  ],
  ok_or: [["any"], (ctx, o: VEnum, e) => (isYes(o) ? ctx.ok(o.payload[0]) : ctx.err(e)), "const"],
});

const RESULT = table("Result", "result", {
  is_ok: [[], (_c, o: VEnum) => isYes(o), "const"],
  is_err: [[], (_c, o: VEnum) => !isYes(o), "const"],
  unwrap: [
    [],
    (_c, o: VEnum) => (isYes(o) ? o.payload[0] : unwrapFail(o, "called unwrap on Err")),
    "const",
  ],
  unwrap_err: [
    [],
    (_c, o: VEnum) => (isYes(o) ? unwrapFail(o, "called unwrap_err on Ok") : o.payload[0]),
    "const",
  ],
  expect: [
    ["any"],
    (_c, o: VEnum, m) =>
      isYes(o) ? o.payload[0] : trap("Panic", `${formatValue(m)}: ${formatValue(o.payload[0])}`),
    "const",
  ],
  unwrap_or: [["any"], (_c, o: VEnum, d) => (isYes(o) ? o.payload[0] : d), "const"],
  unwrap_or_else: [
    ["fn"],
    task(function* (_c, o: VEnum, f) {
      return isYes(o) ? o.payload[0] : yield [f, o.payload[0]];
    }),
    "const",
  ],
  map: [["fn"], task(mapVariant(true)), "const"],
  map_err: [["fn"], task(mapVariant(false)), "const"],
  and_then: [["fn"], task(andThen), "const"],
  or_else: [
    ["fn"],
    task(function* (_c, o: VEnum, f) {
      return isYes(o) ? o : yield [f, o.payload[0]];
    }),
    "const",
  ],
  ok: [[], (ctx, o: VEnum) => (isYes(o) ? ctx.some(o.payload[0]) : ctx.none()), "const"],
  err: [[], (ctx, o: VEnum) => (isYes(o) ? ctx.none() : ctx.some(o.payload[0])), "const"],
});

const RANGE = table("range", "range", {
  contains: [
    ["any"],
    (_c, r: VRange, v) =>
      isInt(v) &&
      !less(v, r.start, false) &&
      (r.inclusive ? less(v, r.end, true) : less(v, r.end, false)),
    "const",
  ],
  to_array: [
    [],
    (ctx, r: VRange) => {
      const lo = BigInt(r.start);
      const hi = BigInt(r.end) - (r.inclusive ? 0n : 1n);
      const n = hi < lo ? 0 : Number(hi - lo) + 1; // rounded only far past the array limit
      payArray(ctx, n);
      const out: Value[] = [];
      // Stryker disable next-line ConditionalExpression,EqualityOperator: the BigInt loop gives the same ints (this one spares BigInts)
      if (hi <= BigInt(Number.MAX_SAFE_INTEGER) && lo >= -BigInt(Number.MAX_SAFE_INTEGER)) {
        const first = Number(lo);
        for (let i = 0; i < n; i++) out.push(first + i);
      } else for (let i = 0; i < n; i++) out.push(fromBig(lo + BigInt(i))!);
      return out;
    },
  ],
});

const MAP = table("HashMap", "map", {
  len: [[], (_c, m: VMap) => m.vals.size, "const"],
  is_empty: [[], (_c, m: VMap) => m.vals.size === 0, "const"],
  get: [
    ["any"],
    (ctx, m: VMap, k) => {
      const v = mapGet(m, k);
      return v === MISSING ? ctx.none() : ctx.some(v);
    },
    "const",
  ],
  set: [
    ["any", "any"],
    (ctx, m: VMap, k, v) => {
      mapSet(ctx, m, k, v);
      return undefined;
    },
    "const",
  ],
  get_or: [
    ["any", "any"],
    (_c, m: VMap, k, d) => {
      const v = mapGet(m, k);
      return v === MISSING ? d : v;
    },
    "const",
  ],
  has: [["any"], (_c, m: VMap, k) => mapGet(m, k) !== MISSING, "const"],
  remove: [
    ["any"],
    (ctx, m: VMap, k) => {
      const v = mapRemove(m, k);
      return v === MISSING ? ctx.none() : ctx.some(v);
    },
    "const",
  ],
  clear: [
    [],
    (_c, m: VMap) => {
      m.vals.clear();
      m.orig.clear();
      return undefined;
    },
  ],
  keys: [
    [],
    (ctx, m: VMap) => {
      payArray(ctx, m.vals.size);
      return Array.from(m.vals.keys(), (k) => m.keyAt(k));
    },
  ],
  values: [
    [],
    (ctx, m: VMap) => {
      payArray(ctx, m.vals.size);
      return [...m.vals.values()];
    },
  ],
  entries: [
    [],
    (ctx, m: VMap) => {
      const n = m.vals.size;
      payArray(ctx, n, n * slotsBytes(2));
      return Array.from(m.vals, ([k, v]) => new VTuple([m.keyAt(k), v]));
    },
  ],
});

/** The members of `s` that `o` has (`inO`), or has not, in `s`'s order. */
function common(s: VSet, o: VSet, inO: boolean): Map<Key, Value> {
  const out = new Map<Key, Value>();
  for (const [k, x] of s.items) if (o.items.has(k) === inO) out.set(k, x);
  return out;
}

/** A new set of `items` (the map itself), charged for its entries and their steps. */
function setOf(ctx: NativeContext, items: Map<Key, Value>): VSet {
  const s = newSet(ctx, items);
  ctx.charge(workSteps(s.items.size));
  ctx.alloc(s.items.size * SET_ENTRY_BYTES);
  return s;
}

const SET = table("HashSet", "set", {
  len: [[], (_c, s: VSet) => s.items.size, "const"],
  is_empty: [[], (_c, s: VSet) => s.items.size === 0, "const"],
  insert: [["any"], (ctx, s: VSet, x) => setInsert(ctx, s, x), "const"],
  contains: [["any"], (_c, s: VSet, x) => setHas(s, x), "const"],
  remove: [["any"], (_c, s: VSet, x) => s.items.delete(keyOf(x)), "const"],
  values: [
    [],
    (ctx, s: VSet) => {
      payArray(ctx, s.items.size);
      return [...s.items.values()];
    },
  ],
  union: [
    ["set"],
    (ctx, s: VSet, o: VSet) => {
      const out = new Map(s.items);
      for (const [k, x] of o.items) {
        if (out.has(k)) continue;
        if (out.size >= MAX_ENTRIES) trap("LimitExceeded", "union too large for a set");
        out.set(k, x);
      }
      return setOf(ctx, out);
    },
  ],
  intersection: [["set"], (ctx, s: VSet, o: VSet) => setOf(ctx, common(s, o, true))],
  difference: [["set"], (ctx, s: VSet, o: VSet) => setOf(ctx, common(s, o, false))],
});

const RNG = table("Rng", "rng", {
  next_int: [[], (_c, r: VRng) => nextInt(r), "const"],
  int: [["int", "int"], (_c, r: VRng, lo, hi) => nextIntIn(r, lo, hi), "const"],
  float: [[], (_c, r: VRng) => nextFloat(r), "const"],
  bool: [[], (_c, r: VRng) => nextBool(r), "const"],
  choice: [
    ["array"],
    (_c, r: VRng, a: Value[]) => {
      if (a.length === 0) trap("IndexOutOfBounds", "choice from an empty array");
      return a[nextIndex(r, a.length)];
    },
    "const",
  ],
  shuffle: [
    ["array"],
    (_c, r: VRng, a: Value[]) => {
      for (let i = a.length - 1; i > 0; i--) {
        const j = nextIndex(r, i + 1);
        const x = a[i];
        a[i] = a[j];
        a[j] = x;
      }
      return undefined;
    },
  ],
});

const TUPLE = table("tuple", "tuple", {
  len: [[], (_c, t: VTuple) => t.items.length, "const"],
});

const ANY = table("value", "any", {
  to_str: [[], (_c, v) => formatValue(v)],
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
  else if (o instanceof VMap) t = MAP;
  else if (o instanceof VSet) t = SET;
  else if (o instanceof VTuple) t = TUPLE;
  else if (o instanceof VRng) t = RNG;
  return t?.get(name) ?? ANY.get(name);
}

/** Every built-in method, for listings: "str.len" → total arity including the receiver. */
export function builtinMethodList(): { name: string; arity: number }[] {
  return allBuiltinMethods().map((f) => ({ name: f.name, arity: f.arity }));
}

/** Option's method `name` (the compiled tier runs `unwrap` inline). */
export function optionMethod(name: string): NativeFn | undefined {
  return OPTION.get(name);
}

/** Every built-in method's NativeFn (receiver kind first in its signature). */
export function allBuiltinMethods(): NativeFn[] {
  return [STR, ARRAY, INT, FLOAT, CHAR, OPTION, RESULT, RANGE, MAP, SET, RNG, TUPLE, ANY].flatMap(
    (t) => [...t.values()],
  );
}
