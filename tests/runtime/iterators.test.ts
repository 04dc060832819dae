// Unit tests of the iterator protocol (runtime/iterators.ts, spec/semantics.md §Iteration),
// written for its mutation run (docs/testing.md, "Mutation testing"): strings by scalar
// value, ranges across 2^53 and up to i64's end, maps and sets live and charged, and what
// cannot be iterated.

import { describe, expect, it } from "vitest";
import { Trap } from "../../runtime/errors.js";
import {
  ArrayIter,
  MapIter,
  makeIter,
  ProtoIter,
  RangeIter,
  StrIter,
} from "../../runtime/iterators.js";
import {
  NativeFn,
  RtStruct,
  VFloat,
  VMap,
  VRange,
  VSet,
  VStruct,
  VTuple,
  type NativeContext,
  type Value,
} from "../../runtime/values.js";

const noMethod = () => undefined;

function drain(it: { next(): Value }): Value[] {
  const out: Value[] = [];
  for (let v = it.next(); v !== undefined; v = it.next()) out.push(v);
  return out;
}

describe("iterators", () => {
  it("a string yields scalars, a pair as one, U+FFFF as one unit", () => {
    const it = makeIter("a\uffffb😀c", noMethod) as StrIter;
    const cps = drain(it).map((c) => (c as { codePoint: number }).codePoint);
    expect(cps).toEqual([0x61, 0xffff, 0x62, 0x1f600, 0x63]);
    expect(it.next()).toBeUndefined();
  });
  it("ranges: exclusive, inclusive, empty, across 2^53, up to i64's maximum", () => {
    const values = (r: VRange) => drain(makeIter(r, noMethod) as RangeIter);
    expect(values(new VRange(1, 4, false))).toEqual([1, 2, 3]);
    expect(values(new VRange(1, 4, true))).toEqual([1, 2, 3, 4]);
    expect(values(new VRange(4, 4, false))).toEqual([]);
    expect(values(new VRange(4, 4, true))).toEqual([4]);
    const safe = Number.MAX_SAFE_INTEGER;
    const across = values(new VRange(safe - 1, 2n ** 53n + 1n, true));
    expect(across).toEqual([safe - 1, safe, 2n ** 53n, 2n ** 53n + 1n]);
    const max = 2n ** 63n - 1n;
    expect(values(new VRange(max - 1n, max, true))).toEqual([max - 1n, max]);
    expect(values(new VRange(max - 1n, max, false))).toEqual([max - 1n]);
  });
  it("maps yield (key, value) tuples, charged; sets their elements, free", () => {
    let charged = 0;
    const ctx = { alloc: (n: number) => (charged += n) } as unknown as NativeContext;
    const m = new VMap();
    m.vals.set(1, "a");
    m.orig.set(1, new VFloat(1));
    m.vals.set(2, "b");
    const it = makeIter(m, noMethod) as MapIter;
    expect(it.next(ctx)).toEqual(new VTuple([new VFloat(1), "a"]));
    m.vals.set(3, "c"); // live: added during the loop, still visited
    expect(it.next(ctx)).toEqual(new VTuple([2, "b"]));
    expect(it.next(ctx)).toEqual(new VTuple([3, "c"]));
    expect(it.done).toBe(false);
    expect(it.next(ctx)).toBeUndefined();
    expect(it.done).toBe(true);
    expect(charged).toBe(3 * (16 + 16));
    const s = new VSet();
    s.items.set("x", "x");
    const si = makeIter(s, noMethod) as MapIter;
    expect(si.next(ctx)).toBe("x");
    expect(si.next(ctx)).toBeUndefined();
    expect(si.done).toBe(true);
    expect(charged).toBe(3 * (16 + 16));
  });
  it("arrays by index, user iterators by their next method, iterators as themselves", () => {
    const xs = [1, 2];
    const a = makeIter(xs, noMethod) as ArrayIter;
    expect([a instanceof ArrayIter, a.items, a.i]).toEqual([true, xs, 0]);
    const t = new RtStruct("Counter", [], new Map());
    const next = new NativeFn("next", 1, () => undefined);
    const v = new VStruct(t, []);
    const p = makeIter(v, (o, name) => (o === v && name === "next" ? next : undefined));
    expect(p).toBeInstanceOf(ProtoIter);
    expect([(p as ProtoIter).target, (p as ProtoIter).fn]).toEqual([v, next]);
    expect(makeIter(a, noMethod)).toBe(a);
  });
  it("refuses what has no iterator, naming its kind", () => {
    const t = new RtStruct("Point", [], new Map());
    for (const [v, kind] of [
      [1, "int"],
      [new VTuple([]), "tuple"],
      [new VStruct(t, []), "Point"],
    ] as [Value, string][]) {
      let message = "";
      try {
        makeIter(v, noMethod);
      } catch (e) {
        message = `${(e as Trap).error.kind}: ${(e as Trap).error.message}`;
      }
      expect(message).toBe(`TypeError: cannot iterate over ${kind}`);
    }
  });
});
