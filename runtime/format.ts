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
    case "number":
      return Number.isInteger(v) ? String(v) : formatFloat(v);
    case "bigint":
      return v.toString();
    case "boolean":
      return v ? "true" : "false";
    case "undefined":
      return "()";
  }
  // Stryker disable next-line ArrayDeclaration: equivalent (a string in the open list never equals a composite)
  return formatComposite(v, []);
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
  constructor(
    /** Composites reached more than once (formatted once, then reused), and their texts. */
    readonly shared?: Set<object>,
    readonly memo?: Map<object, [text: string, bytes: number]>,
  ) {}
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

function formatComposite(v: Value & object, open: object[]): string {
  if (childrenOf(v) === undefined) return formatAtom(v);
  const shared = sharedComposites(v);
  const out = shared ? new Text(shared, new Map()) : new Text();
  formatInto(v, open, out);
  return out.text();
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
  const top = childrenOf(v)!;
  // Stryker disable next-line ConditionalExpression,MethodExpression: a shortcut; the walk below finds nothing shared either
  if (!top.some((x) => childrenOf(x) !== undefined)) return undefined; // flat: nothing nested
  const seen = new Set<object>();
  const shared = new Set<object>();
  const onPath = new Set<object>();
  let cyclic = false;
  const visit = (x: Value): void => {
    const items = childrenOf(x);
    if (items === undefined || cyclic) return;
    const o = x as object;
    if (onPath.has(o)) cyclic = true;
    else if (seen.has(o)) shared.add(o);
    else {
      seen.add(o);
      onPath.add(o);
      // Stryker disable next-line EqualityOperator: `<=` visits undefined, which has no children
      for (let i = 0; i < items.length && !cyclic; i++) visit(items[i]);
      onPath.delete(o);
    }
  };
  visit(v);
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

function formatInto(v: Value, open: object[], out: Text): void {
  if (childrenOf(v) === undefined) return out.add(formatAtom(v));
  // Mutable containers can contain themselves: print a cycle as `...`.
  if (open.includes(v as object)) return out.add("...");
  if (out.shared?.has(v as object)) {
    const memo = out.memo!;
    let done = memo.get(v as object);
    if (done === undefined) {
      const own = new Text(out.shared, memo);
      formatBody(v, open, own);
      memo.set(v as object, (done = [own.text(), own.length]));
    }
    return out.add(done[0], done[1]);
  }
  formatBody(v, open, out);
}

/** The text of a composite `v` itself (brackets, names and elements). */
function formatBody(v: Value, open: object[], out: Text): void {
  open.push(v as object);
  try {
    const list = (items: readonly Value[]) => {
      for (let i = 0; i < items.length; i++) {
        if (i > 0) out.add(", ");
        formatInto(items[i], open, out);
      }
    };
    if (Array.isArray(v)) {
      out.add("[");
      list(v);
      out.add("]");
    } else if (v instanceof VTuple) {
      out.add("(");
      list(v.items);
      out.add(")");
    } else if (v instanceof VMap) {
      const items = entriesOf(v);
      out.add("{");
      for (let i = 0; i < items.length; i += 2) {
        if (i > 0) out.add(", ");
        formatInto(items[i], open, out);
        out.add(": ");
        formatInto(items[i + 1], open, out);
      }
      out.add("}");
    } else if (v instanceof VSet) {
      out.add("{");
      list(entriesOf(v));
      out.add("}");
    } else if (v instanceof VStruct) {
      out.add(`${v.type.name}(`);
      v.type.fieldNames.forEach((f, i) => {
        out.add(i > 0 ? `, ${f}: ` : `${f}: `);
        formatInto(v.fields[i], open, out);
      });
      out.add(")");
    } else {
      const e = v as VEnum;
      out.add(`${e.type.name}.${e.type.variantNames[e.tag]}`);
      if (e.payload.length > 0) {
        out.add("(");
        list(e.payload);
        out.add(")");
      }
    }
  } finally {
    open.pop();
  }
}
