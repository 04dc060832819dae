// Unit tests of the output format of every value (runtime/format.ts, spec/semantics.md §6),
// written against the survivors of its mutation run (docs/testing.md, "Mutation testing"):
// each kind's text, maps, sets, structs and enums, floats whose shortest form has an
// exponent, shared and cyclic sub-values, and the string limit on a formatted value.

import { describe, expect, it } from "vitest";
import { failure } from "../helpers/trap.js";
import { formatFloat, formatValue } from "../../runtime/format.js";
import { newRng } from "../../runtime/random.js";
import type { RtProto } from "../../runtime/program.js";
import {
  Closure,
  NativeFn,
  RtEnum,
  RtStruct,
  VChar,
  VEnum,
  VError,
  VFloat,
  VIter,
  VMap,
  VRange,
  VSet,
  VStruct,
  VTuple,
  type Value,
} from "../../runtime/values.js";

describe("formatFloat expands exponents", () => {
  it.each([
    [1.5e21, "1500000000000000000000"],
    [-1.5e21, "-1500000000000000000000"],
    [1.2345678901234567e25, "12345678901234566000000000"],
    [1e-7, "0.0000001"],
    [-1.25e-7, "-0.000000125"],
    [5e-324, "0." + "0".repeat(323) + "5"],
    [0.000001, "0.000001"],
    [123.456, "123.456"],
    [-0, "-0"],
    [0, "0"],
    [NaN, "NaN"],
    [1.5e300, "15" + "0".repeat(299)],
    [1e21, "1" + "0".repeat(21)],
    [-Infinity, "-inf"],
  ])("%d prints %s", (x, s) => expect(formatFloat(x)).toBe(s));
});

describe("formatValue", () => {
  const point = new RtStruct("Point", ["x", "y"], new Map());
  const shape = new RtEnum("Shape", ["Dot", "Circle", "Rect"], [0, 1, 2], new Map(), undefined);

  it("atoms", () => {
    const atoms: [Value, string][] = [
      [2n ** 60n, "1152921504606846976"],
      [false, "false"],
      [new VFloat(-0), "-0"],
      [new Closure({ name: "f" } as RtProto, []), "<fn f>"],
      [new Closure({ name: "" } as RtProto, []), "<fn>"],
      [new NativeFn("std.math.sqrt", 1, () => undefined), "<fn std.math.sqrt>"],
      [new VRange(1, 5, false), "1..5"],
      [new VRange(-1, 2n ** 60n, true), "-1..=1152921504606846976"],
      [new VError("KeyError", "no key 3", 3), "KeyError: no key 3"],
      [newRng(1), "<rng>"],
      [new (class extends VIter {})(), "<iterator>"],
    ];
    for (const [v, s] of atoms) {
      expect(formatValue(v)).toBe(s);
      expect(formatValue([v])).toBe(`[${s}]`);
    }
  });
  it("composites: maps, sets, structs, enums, tuples", () => {
    const m = new VMap();
    m.vals.set(1, "one");
    m.vals.set("k", [VChar.of(97)]);
    const s = new VSet();
    s.items.set(1, 1);
    s.items.set(2, new VFloat(2));
    expect(formatValue(m)).toBe("{1: one, k: [a]}");
    expect(formatValue(new VMap())).toBe("{}");
    expect(formatValue(s)).toBe("{1, 2}");
    expect(formatValue(new VSet())).toBe("{}");
    expect(formatValue(new VStruct(point, [1, "a"]))).toBe("Point(x: 1, y: a)");
    expect(formatValue(shape.units[0]!)).toBe("Shape.Dot");
    expect(formatValue(new VEnum(shape, 1, [1.5]))).toBe("Shape.Circle(1.5)");
    expect(formatValue(new VEnum(shape, 2, [1, [2]]))).toBe("Shape.Rect(1, [2])");
    expect(formatValue(new VTuple([]))).toBe("()");
    expect(formatValue([new VTuple([1, [2, 3]]), []])).toBe("[(1, [2, 3]), []]");
  });
  it("a map key keeps the form it was inserted with", () => {
    const m = new VMap();
    m.vals.set(1, "x");
    m.orig.set(1, new VFloat(1));
    expect(formatValue(m)).toBe("{1: x}");
    const n = new VMap();
    n.vals.set(2, "y");
    n.orig.set(2, VChar.of(98));
    expect(formatValue([n])).toBe("[{b: y}]");
  });
  it("shared sub-values are formatted once and printed at every place", () => {
    const a: Value = [1, "x"];
    const b: Value = [a, a];
    const c: Value = [b, b, new VTuple([a])];
    expect(formatValue(c)).toBe("[[[1, x], [1, x]], [[1, x], [1, x]], ([1, x])]");
    let v: Value = [0];
    for (let i = 0; i < 30; i++) v = [v, v];
    // 2^30 leaves would not fit: refused as soon as the text passes the limit.
    expect(failure(() => formatValue(v))).toBe("LimitExceeded: formatted value too long");
    let w: Value = [0];
    for (let i = 0; i < 10; i++) w = [w, w];
    let expected = "[0]";
    for (let i = 0; i < 10; i++) expected = `[${expected}, ${expected}]`;
    expect(formatValue(w)).toBe(expected);
  });
  it("cycles print as ... wherever they close, shared or not", () => {
    const m = new VMap();
    m.vals.set("self", m);
    expect(formatValue(m)).toBe("{self: ...}");
    const a: Value[] = [1];
    const pair: Value = [a, a];
    a.push(pair);
    expect(formatValue(pair)).toBe("[[1, ...], [1, ...]]");
    const s = new VStruct(point, [0, 0]);
    s.fields[1] = [s];
    expect(formatValue(s)).toBe("Point(x: 0, y: [...])");
    // A value shared by two paths whose texts differ (one through the cycle): not memoized.
    const x: Value[] = [];
    const y: Value[] = [x];
    x.push(y);
    expect(formatValue([x, y])).toBe("[[[...]], [[...]]]");
    expect(formatValue([x, y, y])).toBe("[[[...]], [[...]], [[...]]]");
    const e = new VEnum(shape, 1, [[]]);
    (e.payload[0] as Value[]).push(e);
    expect(formatValue(e)).toBe("Shape.Circle([...])");
  });
  it("long flat values, joined in batches", () => {
    const xs = Array.from({ length: 5000 }, (_, i) => i % 10);
    expect(formatValue(xs)).toBe(`[${xs.join(", ")}]`);
    const nested = Array.from({ length: 3000 }, () => [1]);
    expect(formatValue(nested)).toBe(`[${nested.map(() => "[1]").join(", ")}]`);
  });
  it("values nested 100,000 deep, without recursing on the host stack", () => {
    // A cons list of 2,500 could not be printed by the VM (StackOverflow: host stack exhausted).
    let list: Value = new VEnum(shape, 0, []);
    for (let i = 0; i < 100_000; i++) list = new VEnum(shape, 1, [list]);
    expect(formatValue(list)).toBe(
      "Shape.Circle(".repeat(100_000) + "Shape.Dot" + ")".repeat(100_000),
    );
    let a: Value = [];
    for (let i = 0; i < 100_000; i++) a = [a, new VTuple([i])];
    const text = formatValue([a, a]); // shared: written once, printed twice
    expect(text.length).toBe(2 * (formatValue(a) as string).length + 4);
    expect(text.startsWith("[[[[")).toBe(true);
  });
  it("counts UTF-8 bytes against the limit, not units", () => {
    const s = "😀".repeat(2 ** 25); // 2^26 units, 2^27 bytes
    expect(failure(() => formatValue([s, s, "x"]))).toBe("LimitExceeded: formatted value too long");
    const t = "a".repeat(2 ** 27 - 2); // "[t, t]" is exactly at the limit: allowed
    expect(formatValue([t, t]).length).toBe(2 ** 28);
  });
});
