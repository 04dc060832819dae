// Unit tests of map keys and map/set operations (runtime/collections.ts, spec/semantics.md
// §11), written against the survivors of its mutation run (docs/testing.md, "Mutation
// testing"): the exact normal forms (no two kinds share one), float keys at i64's edges,
// NaN keys, the nesting limit, error messages, and keys kept as they were inserted.

import { describe, expect, it } from "vitest";
import {
  isPlainKey,
  keyOf,
  mapGet,
  mapIndex,
  mapRemove,
  mapSet,
  MAX_ENTRIES,
  MISSING,
  newMap,
  newPlainEntry,
  newSet,
  sameKeys,
  setHas,
  setInsert,
} from "../../runtime/collections.js";
import { failure } from "../helpers/trap.js";
import { formatValue } from "../../runtime/format.js";
import {
  RtEnum,
  VChar,
  VEnum,
  VFloat,
  VTuple,
  type NativeContext,
  type Value,
} from "../../runtime/values.js";

let allocated = 0;
const ctx = { alloc: (n: number) => (allocated += n) } as unknown as NativeContext;

describe("normal forms of keys", () => {
  it("strings, and the ones starting with U+0000", () => {
    expect(keyOf("")).toBe("");
    expect(keyOf("a")).toBe("a");
    expect(keyOf("\0a")).toBe("\0s\0a");
    expect(keyOf("a\0")).toBe("a\0");
    expect(keyOf(VChar.of(0x1f600))).toBe("\0c😀");
  });
  it("floats: -0.0 is 0, integral ones inside i64 are the int, others themselves", () => {
    expect(Object.is(keyOf(new VFloat(-0)), 0)).toBe(true);
    expect(keyOf(new VFloat(3))).toBe(3);
    expect(keyOf(new VFloat(2 ** 60))).toBe(2n ** 60n);
    expect(keyOf(new VFloat(-(2 ** 63)))).toBe(-(2n ** 63n));
    expect(keyOf(new VFloat(2 ** 63))).toBe(2 ** 63);
    expect(keyOf(new VFloat(-(2 ** 64)))).toBe(-(2 ** 64));
    expect(keyOf(1.5)).toBe(1.5);
  });
  it("tuples and enums: a self-delimiting text of every element kind", () => {
    const t = new RtEnum("T", ["A", "B"], [0, 1], new Map(), undefined);
    const u = new RtEnum("U", ["A"], [0], new Map(), undefined);
    const k = keyOf(
      new VTuple([1, 2n ** 60n, true, false, undefined, "ab", VChar.of(97), 1.5, new VTuple([])]),
    );
    expect(k).toBe("\0t(n1;b1152921504606846976;TFus2:abs3:\0can1.5;())");
    const a = keyOf(new VEnum(t, 1, [2]));
    expect(a).toMatch(/^\0te\d+\.1\(n2;\)$/);
    expect(keyOf(t.units[0]!)).not.toBe(keyOf(u.units[0]!));
    expect(keyOf(t.units[0]!)).toBe(keyOf(t.units[0]!));
    expect(keyOf(new VTuple([1]))).not.toBe(keyOf("(n1;)"));
  });
  it("refuses mutable kinds, naming them", () => {
    expect(failure(() => keyOf([]))).toBe(
      "TypeError: array cannot be a map key or set element (only immutable values)",
    );
  });
  it("nests keys", () => {
    let v: Value = new VTuple([]);
    for (let i = 0; i < 1000; i++) v = new VTuple([v]);
    expect(keyOf(v)).toBe("\0t" + "(".repeat(1001) + ")".repeat(1001));
  });
  // The key at depth 0, an element of a value at depth d at depth d + 1: the innermost
  // element of a tuple wrapped `wraps` times around (1, 2) lies at depth wraps + 1.
  const wrapped = (wraps: number, inner: Value) => {
    let v: Value = new VTuple([inner, 2]);
    for (let i = 0; i < wraps; i++) v = new VTuple([v, 3]);
    return v;
  };
  it("takes keys nested 10,000 levels on any host stack, and refuses one level more", () => {
    const k = keyOf(wrapped(9_999, 1));
    expect(k).toBe("\0t" + "(".repeat(10_000) + "n1;n2;)" + "n3;)".repeat(9_999));
    expect(failure(() => keyOf(wrapped(10_000, 1)))).toBe("StackOverflow: key nested too deeply");
    // The elements after a deep one are encoded at their own depth.
    expect(failure(() => keyOf(new VTuple([1, wrapped(9_999, 1)])))).toBe(
      "StackOverflow: key nested too deeply",
    );
    // An empty tuple at depth 10,000 has no element deeper.
    expect(keyOf(wrapped(9_998, new VTuple([])))).toMatch(/^\0t\({10000}\)n2;\)/);
  });
  it("a NaN anywhere in a nested key, however deep, leaves it without a key", () => {
    const deep = wrapped(9_999, NaN);
    expect(mapGet(newMap(ctx), deep)).toBe(MISSING);
    expect(failure(() => mapSet(ctx, newMap(ctx), deep, 1))).toBe(
      "TypeError: NaN cannot be a map key or set element (NaN != NaN)",
    );
    expect(keyOf(new VTuple([new VTuple([1, NaN]), 2]))).toBe(keyOf(new VTuple([NaN])));
  });
  it("plain keys are their own normal form", () => {
    expect([isPlainKey("a"), isPlainKey(""), isPlainKey("\0a")]).toEqual([true, true, false]);
    expect([isPlainKey(1), isPlainKey(1.5), isPlainKey(NaN)]).toEqual([true, true, false]);
    expect([isPlainKey(2n ** 60n), isPlainKey(true), isPlainKey(VChar.of(97))]).toEqual([
      false,
      false,
      false,
    ]);
  });
});

describe("maps and sets", () => {
  it("get, index and remove a key holding ()", () => {
    const m = newMap(ctx);
    mapSet(ctx, m, 1, undefined);
    expect(mapIndex(m, 1)).toBeUndefined();
    expect(mapGet(m, 1)).toBeUndefined();
    expect(mapGet(m, 2)).toBe(MISSING);
    mapSet(ctx, m, 2, "two");
    expect(mapGet(m, new VFloat(2))).toBe("two");
    expect(mapRemove(m, 1)).toBeUndefined();
    expect(mapRemove(m, 1)).toBe(MISSING);
  });
  it("a missing key's message shows strings and chars quoted", () => {
    const m = newMap(ctx);
    expect(failure(() => mapIndex(m, "a"))).toBe('KeyNotFound: key "a" not found');
    expect(failure(() => mapIndex(m, ""))).toBe('KeyNotFound: key "" not found');
    expect(failure(() => mapIndex(m, VChar.of(98)))).toBe("KeyNotFound: key 'b' not found");
    expect(failure(() => mapIndex(m, 1.5))).toBe("KeyNotFound: key 1.5 not found");
    expect(failure(() => mapIndex(m, undefined))).toBe("KeyNotFound: key () not found");
  });
  it("NaN keys: every lookup misses, inserting is a TypeError", () => {
    const m = newMap(ctx);
    const s = newSet(ctx);
    const nanTuple = new VTuple([1, NaN]);
    expect(mapGet(m, nanTuple)).toBe(MISSING);
    expect(failure(() => mapSet(ctx, m, NaN, 1))).toBe(
      "TypeError: NaN cannot be a map key or set element (NaN != NaN)",
    );
    expect(failure(() => setInsert(ctx, s, nanTuple))).toBe(
      "TypeError: NaN cannot be a map key or set element (NaN != NaN)",
    );
    expect(setHas(s, NaN)).toBe(false);
  });
  it("a key reads back as first inserted; a removed one is forgotten", () => {
    const m = newMap(ctx);
    mapSet(ctx, m, new VFloat(-0), "a");
    expect(formatValue(m)).toBe("{-0: a}");
    mapSet(ctx, m, 0, "b");
    expect(formatValue(m)).toBe("{-0: b}");
    mapRemove(m, 0);
    mapSet(ctx, m, 0, "c");
    expect(formatValue(m)).toBe("{0: c}");
  });
  it("charges a new map and each new entry, not a replaced one", () => {
    allocated = 0;
    const m = newMap(ctx);
    const s = newSet(ctx);
    expect(allocated).toBe(32);
    mapSet(ctx, m, "k", 1);
    mapSet(ctx, m, "k", 2);
    expect(allocated).toBe(32 + 16);
    expect(setInsert(ctx, s, 1)).toBe(true);
    expect(setInsert(ctx, s, new VFloat(1))).toBe(false);
    expect(allocated).toBe(32 + 16 + 8);
  });
  it("same keys: size and membership", () => {
    const a = newSet(ctx);
    const b = newSet(ctx);
    setInsert(ctx, a, 1);
    setInsert(ctx, b, 2);
    expect(sameKeys(a, b)).toBe(false);
    setInsert(ctx, b, 1);
    expect(sameKeys(a, b)).toBe(false);
    setInsert(ctx, a, 2);
    expect(sameKeys(a, b)).toBe(true);
  });
});

describe("the entry limit (2^23 entries, a host Map's size made to look that large)", () => {
  const realSize = Object.getOwnPropertyDescriptor(Map.prototype, "size")!.get!;
  /** `map` reports `extra` more entries than it holds. */
  function inflate(map: Map<unknown, unknown>, extra: number): void {
    Object.defineProperty(map, "size", { get: () => (realSize.call(map) as number) + extra });
  }
  const full = `LimitExceeded: a map or set holds at most ${MAX_ENTRIES} entries`;

  it("refuses a new key of a full map, and takes an existing one", () => {
    const m = newMap(ctx);
    mapSet(ctx, m, "a", 1);
    inflate(m.vals, MAX_ENTRIES - 2);
    allocated = 0;
    mapSet(ctx, m, "b", 2); // the last entry that fits
    expect(allocated).toBe(16);
    expect(failure(() => mapSet(ctx, m, "c", 3))).toBe(full);
    mapSet(ctx, m, "a", 4);
    expect(mapGet(m, "a")).toBe(4);
    expect(allocated).toBe(16);
  });
  it("refuses a new element of a full set", () => {
    const s = newSet(ctx);
    setInsert(ctx, s, 1);
    inflate(s.items, MAX_ENTRIES - 2);
    allocated = 0;
    expect(setInsert(ctx, s, 2)).toBe(true);
    expect(allocated).toBe(8);
    expect(failure(() => setInsert(ctx, s, 3))).toBe(full);
    expect(setInsert(ctx, s, 1)).toBe(false);
    expect(setHas(s, 3)).toBe(false);
  });
  it("takes back the entry the VM added past the limit", () => {
    const m = newMap(ctx);
    inflate(m.vals, MAX_ENTRIES - 1);
    m.vals.set("a", 1);
    allocated = 0;
    newPlainEntry(ctx, m, "a"); // the last entry that fits
    expect(allocated).toBe(16);
    m.vals.set("b", 2);
    expect(failure(() => newPlainEntry(ctx, m, "b"))).toBe(full);
    expect(m.vals.has("b")).toBe(false);
    expect(m.vals.has("a")).toBe(true);
    expect(allocated).toBe(16);
  });
});
