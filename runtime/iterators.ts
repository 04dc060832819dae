// The iterator protocol behind GETITER/ITERNEXT (spec/semantics.md §Iteration): arrays by
// index (live: elements pushed during the loop are visited), strings by scalar value, int
// ranges, maps and sets (live, in insertion order), and any struct/enum value with a
// `next()` method returning the prelude Option.

import { trap } from "./errors.js";
import { MAP_ENTRY_BYTES } from "./collections.js";
import { HEADER_BYTES } from "./cost.js";
import { fromBig, VMap, VSet, VTuple, type Key, type NativeContext } from "./values.js";
import { kindName, VChar, VEnum, VIter, VRange, VStruct, type Value } from "./values.js";

export class ArrayIter extends VIter {
  i = 0;
  constructor(readonly items: Value[]) {
    super();
  }
}

export class StrIter extends VIter {
  i = 0; // UTF-16 offset
  constructor(readonly s: string) {
    super();
  }
  next(): VChar | undefined {
    if (this.i >= this.s.length) return undefined;
    const cp = this.s.codePointAt(this.i)!;
    this.i += cp > 0xffff ? 2 : 1;
    return VChar.of(cp);
  }
}

export class RangeIter extends VIter {
  constructor(
    public cur: number | bigint,
    /** Exclusive end. */
    readonly end: number | bigint,
  ) {
    super();
  }
  next(): number | bigint | undefined {
    const v = this.cur;
    if (v >= this.end) return undefined;
    // Past i64::MAX (only after yielding the last value of `..=MAX`) the next value is the end.
    this.cur =
      // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: fast path; the bigint path gives the same value
      typeof v === "number" && v < Number.MAX_SAFE_INTEGER
        ? v + 1
        : (fromBig(BigInt(v) + 1n) ?? this.end);
    return v;
  }
}

/**
 * A map's (key, value) tuples, or a set's elements. The host Map iterator is live as the
 * spec requires: entries added during the loop are visited, removed ones not yet reached
 * are not, and a value changed before its entry is reached is seen changed.
 */
export class MapIter extends VIter {
  private readonly it: Iterator<[Key, Value]>;
  constructor(readonly target: VMap | VSet) {
    super();
    this.it = target instanceof VMap ? target.vals.entries() : target.items.entries();
  }
  /** The next value, or undefined with `done` set. Each map tuple is charged to `ctx`. */
  next(ctx: NativeContext): Value {
    const r = this.it.next();
    if (r.done === true) {
      this.done = true;
      return undefined;
    }
    const t = this.target;
    if (t instanceof VSet) return r.value[1];
    ctx.alloc(HEADER_BYTES + MAP_ENTRY_BYTES);
    return new VTuple([t.keyAt(r.value[0]), r.value[1]]);
  }
  done = false;
}

/** A user iterator: `fn` is its `next` method. */
export class ProtoIter extends VIter {
  constructor(
    readonly target: VStruct | VEnum,
    readonly fn: Value,
  ) {
    super();
  }
}

/** The iterator for `for x in v`, given how to find a value's `next` method. */
export function makeIter(
  v: Value,
  method: (o: VStruct | VEnum, name: string) => Value | undefined,
): VIter {
  if (Array.isArray(v)) return new ArrayIter(v);
  if (typeof v === "string") return new StrIter(v);
  if (v instanceof VRange) {
    const end = v.inclusive ? (fromBig(BigInt(v.end) + 1n) ?? BigInt(v.end) + 1n) : v.end;
    return new RangeIter(v.start, end);
  }
  if (v instanceof VMap || v instanceof VSet) return new MapIter(v);
  if (v instanceof VStruct || v instanceof VEnum) {
    const fn = method(v, "next");
    if (fn !== undefined) return new ProtoIter(v, fn);
  }
  if (v instanceof VIter) return v;
  trap("TypeError", `cannot iterate over ${kindName(v)}`);
}
