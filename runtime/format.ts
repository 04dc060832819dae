// The output format of every value (spec/semantics.md §6): what print/println, to_str,
// CONCAT and interpolation produce. Strings and chars print raw at every depth; floats print
// like Rust's `{}` (shortest round-trip digits, never an exponent). A composite's text is
// built piece by piece and refused (LimitExceeded) as soon as it would pass the string
// limit, so a value that shares sub-values cannot make an exponentially long text.

import { trap } from "./errors.js";
import { MAX_STRING_BYTES, utf8Length } from "./text.js";
import {
  Closure,
  NativeFn,
  VChar,
  VEnum,
  VError,
  VFloat,
  VMap,
  VRange,
  VRng,
  VSet,
  VStruct,
  VTuple,
  type Value,
} from "./values.js";

export function formatFloat(x: number): string {
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const s = String(x); // "NaN" too
  const e = s.indexOf("e");
  // Stryker disable next-line EqualityOperator: String(x) never starts with its "e"
  return e < 0 ? s : expandExponent(s, e);
}

/** "1.25e-7" → "0.000000125", "1e+21" → "1000000000000000000000". */
function expandExponent(s: string, e: number): string {
  const neg = s[0] === "-";
  const mantissa = s.slice(neg ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const [whole, fraction = ""] = mantissa.split(".");
  const digits = whole! + fraction;
  const point = whole!.length + exp; // digits before the decimal point
  // String(x) has an exponent only below 1e-6 (exp <= -7: the point lies before the digits)
  // or from 1e21 on (exp >= 21: the point lies beyond the at most 17 digits).
  const out =
    s[e + 1] === "-"
      ? "0." + "0".repeat(-point) + digits
      : digits + "0".repeat(point - digits.length);
  return neg ? "-" + out : out;
}

export function formatValue(v: Value): string {
  switch (typeof v) {
    case "string":
      return v;
    // Stryker disable next-line ConditionalExpression: formatComposite writes a number as formatAtom does; this case is a shortcut
    case "number":
      return Number.isInteger(v) ? String(v) : formatFloat(v);
    case "bigint":
      return v.toString();
    case "boolean":
      return v ? "true" : "false";
    case "undefined":
      return "()";
  }
  return formatComposite(v);
}

/**
 * Accumulates a composite's text, checking the string limit before each append. Pieces are
 * joined in batches so a huge value never holds one small string per element at once.
 */
class Text {
  private chunks: string[] = [];
  private batch: string[] = [];
  /** The text's size so far, in UTF-8 bytes. */
  length = 0;
  add(s: string, bytes = utf8Length(s)): void {
    this.length += bytes;
    if (this.length > MAX_STRING_BYTES) trap("LimitExceeded", "formatted value too long");
    this.batch.push(s);
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: the batch size changes memory use, not the text
    if (this.batch.length === 4096) {
      this.chunks.push(this.batch.join(""));
      this.batch = [];
    }
  }
  text(): string {
    return this.chunks.join("") + this.batch.join("");
  }
}

/**
 * A composite's text, built with an explicit stack of the composites being written (no host
 * recursion, so a value nested 100,000 deep prints like a flat one). Each open composite is a
 * frame that writes its elements one by one; a composite reached more than once (`shared`)
 * is written into a text of its own once and reused from `memo`.
 */
function formatComposite(v: Value & object): string {
  const items = childrenOf(v);
  if (items === undefined) return formatAtom(v);
  // Stryker disable next-line ConditionalExpression,BlockStatement: the general walk below writes a flat composite the same; this is a shortcut
  if (isFlat(items)) {
    // The common case: no frames, nothing shared, no cycle.
    const out = new Text();
    writeFlat(v, items, out);
    return out.text();
  }
  const shared = sharedComposites(v);
  const memo = new Map<object, [text: string, bytes: number]>();
  const open = new Set<object>(); // the composites being written: one inside itself is `...`
  const frames: Frame[] = [];
  let out = new Text();
  const begin = (x: Value): void => {
    const items = childrenOf(x);
    if (items === undefined) return out.add(formatAtom(x));
    // A flat composite is never open (it holds none) and its text is the same on every path.
    // Stryker disable next-line ConditionalExpression: the frames below write it the same; this is a shortcut
    if (isFlat(items)) return writeFlat(x, items, out);
    const o = x as object;
    if (open.has(o)) return out.add("...");
    let parent: Text | undefined;
    if (shared?.has(o)) {
      const done = memo.get(o);
      if (done !== undefined) return out.add(done[0], done[1]);
      parent = out;
      out = new Text();
    }
    open.add(o);
    frames.push(openFrame(x, items, out, parent));
  };
  begin(v);
  while (frames.length > 0) {
    const f = frames[frames.length - 1]!;
    if (f.next < f.items.length) {
      const i = f.next++;
      const sep = separator(f, i);
      // Stryker disable next-line ConditionalExpression,StringLiteral: adding "" adds nothing; the test only spares a push
      if (sep !== "") out.add(sep);
      begin(f.items[i]);
      continue;
    }
    out.add(f.close);
    frames.pop();
    open.delete(f.value);
    if (f.parent !== undefined) {
      const done: [string, number] = [out.text(), out.length];
      memo.set(f.value, done);
      out = f.parent;
      out.add(done[0], done[1]);
    }
  }
  return out.text();
}

/** A composite being written: its elements, the next one to write, and its closing text. */
interface Frame {
  value: object;
  items: readonly Value[];
  next: number;
  /** A struct's field names, written before each field. */
  names?: readonly string[];
  /** A map's keys and values alternate (`k: v`). */
  pairs: boolean;
  close: string;
  /** For a shared composite, written into a text of its own: the text to go back to. */
  parent?: Text;
}

/** True when no element is a composite. */
const isFlat = (items: readonly Value[]): boolean =>
  // Stryker disable next-line ConditionalExpression: "never flat" only sends every composite down the general walk, which writes the same
  !items.some((x) => childrenOf(x) !== undefined);

/** Writes a composite whose elements are all atoms. */
function writeFlat(v: Value, items: readonly Value[], out: Text): void {
  const f = openFrame(v, items, out);
  for (let i = 0; i < items.length; i++) {
    const sep = separator(f, i);
    // Stryker disable next-line ConditionalExpression,StringLiteral: adding "" adds nothing; the test only spares a push
    if (sep !== "") out.add(sep);
    out.add(formatAtom(items[i]));
  }
  out.add(f.close);
}

/** What is written before element `i` of a frame: a struct's field name, `: ` in a map entry, `, `. */
function separator(f: Frame, i: number): string {
  if (f.names !== undefined) return i > 0 ? `, ${f.names[i]}: ` : `${f.names[i]}: `;
  if (f.pairs && i % 2 === 1) return ": ";
  return i > 0 ? ", " : "";
}

/** Writes the opening text of composite `v` and returns its frame. */
function openFrame(v: Value, items: readonly Value[], out: Text, parent?: Text): Frame {
  let open: string;
  let close = ")";
  let names: readonly string[] | undefined;
  let pairs = false;
  if (Array.isArray(v)) [open, close] = ["[", "]"];
  else if (v instanceof VTuple) open = "(";
  else if (v instanceof VMap || v instanceof VSet) {
    [open, close] = ["{", "}"];
    pairs = v instanceof VMap;
  } else if (v instanceof VStruct) {
    open = `${v.type.name}(`;
    names = v.type.fieldNames;
  } else {
    const e = v as VEnum;
    open = `${e.type.name}.${e.type.variantNames[e.tag]}`;
    if (e.payload.length > 0) open += "(";
    else close = "";
  }
  out.add(open);
  return { value: v as object, items, next: 0, names, pairs, close, parent };
}

const childrenOf = (v: Value): readonly Value[] | undefined =>
  Array.isArray(v)
    ? v
    : v instanceof VTuple
      ? v.items
      : v instanceof VStruct
        ? v.fields
        : v instanceof VEnum
          ? v.payload
          : v instanceof VMap || v instanceof VSet
            ? entriesOf(v)
            : undefined;

/** A map's keys and values alternating (k0, v0, k1, …), or a set's elements. */
function entriesOf(m: VMap | VSet): Value[] {
  if (m instanceof VSet) return [...m.items.values()];
  const out: Value[] = [];
  for (const [k, v] of m.vals) out.push(m.keyAt(k), v);
  return out;
}

/**
 * The composites reached more than once inside `v` (sub-values it shares), so that each is
 * formatted once: without this, `a = [a, a]` nested 24 times would be formatted 2^24 times
 * over. Undefined when nothing is shared, or when `v` contains a cycle (a shared value's text
 * then depends on the path to it, `...` marking the cycle).
 */
function sharedComposites(v: Value): Set<object> | undefined {
  const seen = new Set<object>();
  const shared = new Set<object>();
  const onPath = new Set<object>();
  let cyclic = false;
  // The walk keeps its own stack (the composites on the path and the next child of each).
  const path: { o: object; items: readonly Value[]; next: number }[] = [];
  const visit = (x: Value): void => {
    const items = childrenOf(x);
    if (items === undefined || isFlat(items)) return; // a flat one is written as it is
    const o = x as object;
    if (onPath.has(o)) cyclic = true;
    else if (seen.has(o)) shared.add(o);
    else {
      seen.add(o);
      onPath.add(o);
      path.push({ o, items, next: 0 });
    }
  };
  visit(v);
  while (path.length > 0 && !cyclic) {
    const top = path[path.length - 1]!;
    // Stryker disable next-line EqualityOperator: visiting the undefined past the end does nothing
    if (top.next < top.items.length) visit(top.items[top.next++]);
    else {
      onPath.delete(top.o);
      path.pop();
    }
  }
  // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent (the walk stops at the first cycle, before a composite holding one is seen twice: what it found shared is cycle-free, its text the same on every path)
  return cyclic || shared.size === 0 ? undefined : shared;
}

function formatAtom(v: Value): string {
  if (typeof v !== "object") return formatValue(v);
  if (v instanceof VFloat) return formatFloat(v.value);
  if (v instanceof VChar) return String.fromCodePoint(v.codePoint);
  if (v instanceof Closure) return v.proto.name ? `<fn ${v.proto.name}>` : "<fn>";
  if (v instanceof NativeFn) return `<fn ${v.name}>`;
  if (v instanceof VRange) return `${v.start}${v.inclusive ? "..=" : ".."}${v.end}`;
  if (v instanceof VError) return `${v.kind}: ${v.message}`;
  if (v instanceof VRng) return "<rng>";
  return "<iterator>";
}
