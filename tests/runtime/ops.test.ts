// Unit tests of the operators (runtime/ops.ts) and the value helpers (runtime/values.ts),
// written against the survivors of their mutation run (docs/testing.md, "Mutation testing"):
// the exact error messages, -0 never produced by int arithmetic, the float paths the VM's
// inline code usually takes instead, the boundaries (depth limit, range bounds, i64 edges)
// and the kinds each comparison tells apart.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { failure } from "../helpers/trap.js";
import {
  add,
  concatStrings,
  div,
  equal,
  inRangePattern,
  intResult,
  less,
  mod,
  mul,
  neg,
  pow,
  str,
  sub,
  toFloat,
} from "../../runtime/ops.js";
import { newRng } from "../../runtime/random.js";
import {
  Closure,
  fromBig,
  kindName,
  NativeFn,
  runTask,
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
  type NativeContext,
  type Value,
} from "../../runtime/values.js";
import type { RtProto } from "../../runtime/program.js";

const I64_MAX = 2n ** 63n - 1n;
const SAFE = Number.MAX_SAFE_INTEGER;

describe("arithmetic", () => {
  it("names the operator and operand kinds of a TypeError", () => {
    expect(failure(() => add("a", 1))).toBe("TypeError: cannot apply '+' to str and int");
    expect(failure(() => sub(1.5, true))).toBe("TypeError: cannot apply '-' to float and bool");
    expect(failure(() => mul([], 2))).toBe("TypeError: cannot apply '*' to array and int");
    expect(failure(() => div(2, "x"))).toBe("TypeError: cannot apply '/' to int and str");
    expect(failure(() => mod(undefined, 2))).toBe("TypeError: cannot apply '%' to () and int");
    expect(failure(() => pow(2, VChar.of(97)))).toBe(
      "TypeError: cannot apply '*^' to int and char",
    );
    expect(failure(() => neg("a"))).toBe("TypeError: cannot negate str");
    expect(failure(() => toFloat("a"))).toBe("TypeError: expected a number, got str");
  });
  it("overflow and division messages", () => {
    expect(failure(() => add(fromBig(I64_MAX)!, 1))).toBe("IntegerOverflow: integer overflow");
    expect(failure(() => intResult(2n ** 64n))).toBe("IntegerOverflow: integer overflow");
    expect(failure(() => div(1, 0))).toBe("DivisionByZero: division by zero");
    expect(failure(() => div(1.5, 0))).toBe("DivisionByZero: division by zero");
    expect(failure(() => mod(1, 0))).toBe("DivisionByZero: modulo by zero");
    expect(failure(() => mod(1.5, 0))).toBe("DivisionByZero: modulo by zero");
  });
  it("refuses a concatenation past the string limit (a rope: never built)", () => {
    const half = "a".repeat(2 ** 27);
    expect(failure(() => concatStrings(half, half + "b"))).toBe("LimitExceeded: string too long");
    expect(failure(() => add(half, half + "b"))).toBe("LimitExceeded: string too long");
    expect(add("a", "b")).toBe("ab");
    expect(add(VChar.of(0x1f600), "!")).toBe("😀!");
  });
  it("mixes ints and floats", () => {
    expect(sub(1, 0.5)).toBe(0.5);
    expect(sub(1.5, 0.5)).toEqual(new VFloat(1));
    expect(sub(1.5, 0.25)).toBe(1.25);
    expect(sub(new VFloat(3), 0.5)).toBe(2.5);
    expect(sub(-SAFE, 2)).toBe(-(2n ** 53n) - 1n);
    expect(sub(fromBig(2n ** 60n)!, 1)).toBe(2n ** 60n - 1n);
    expect(mul(new VFloat(3), 0.5)).toBe(1.5);
    expect(div(new VFloat(3), 2)).toBe(1.5);
    expect(div(3, 1.5)).toEqual(new VFloat(2));
    expect(mod(7.5, 2)).toBe(1.5);
    expect(add(new VFloat(2), 2n ** 60n)).toEqual(new VFloat(2 ** 60 + 2));
  });
  it("never gives -0 for an int", () => {
    expect(Object.is(div(-1, 2), 0)).toBe(true);
    expect(Object.is(mod(-7, 7), 0)).toBe(true);
    expect(Object.is(mul(-3, 0), 0)).toBe(true);
    expect(Object.is(sub(5, 5), 0)).toBe(true);
    expect(div(SAFE, 3)).toBe(3002399751580330);
    expect(div(-(2 ** 40), 3)).toBe(-366503875925);
  });
  it("int remainders and quotients within ±2^53 are i64's, beyond int32 too", () => {
    const safeInt = fc.oneof(
      fc.integer(),
      fc.integer({ min: -SAFE, max: SAFE }),
      fc.constantFrom(SAFE, -SAFE, SAFE - 1, 2 ** 31, -(2 ** 31), 2 ** 32 + 1),
    );
    fc.assert(
      fc.property(safeInt, safeInt, (x, y) => {
        fc.pre(y !== 0);
        expect(mod(x, y)).toBe(Number(BigInt(x) % BigInt(y)));
        expect(div(x, y)).toBe(Number(BigInt(x) / BigInt(y)));
      }),
      { numRuns: 2000 },
    );
    expect(Object.is(mod(-(2 ** 40), 2 ** 35), 0)).toBe(true);
    expect(mod(-SAFE, 3000000000)).toBe(-2254740991);
  });
  it("int powers, and the overflow found before building a huge bigint", () => {
    expect(pow(2, 0)).toBe(1);
    expect(pow(-2, 63)).toBe(-(2n ** 63n));
    expect(pow(1, SAFE)).toBe(1);
    expect(pow(-1, SAFE)).toBe(-1);
    expect(failure(() => pow(3, SAFE))).toBe("IntegerOverflow: integer overflow");
    expect(failure(() => pow(-3, SAFE))).toBe("IntegerOverflow: integer overflow");
    expect(failure(() => pow(2, 64))).toBe("IntegerOverflow: integer overflow");
  });
  it("float powers follow C99 where JavaScript differs", () => {
    expect(pow(new VFloat(1), NaN)).toEqual(new VFloat(1));
    expect(pow(new VFloat(-1), Infinity)).toEqual(new VFloat(1));
    expect(pow(new VFloat(-1), -Infinity)).toEqual(new VFloat(1));
    expect(pow(new VFloat(-1), 0.5)).toBeNaN();
    expect(pow(new VFloat(2), Infinity)).toBe(Infinity);
    expect(pow(2, 0.5)).toBe(Math.SQRT2);
  });
});

describe("equality", () => {
  const point = new RtStruct("P", ["x"], new Map());
  const other = new RtStruct("Q", ["x"], new Map());
  const shape = new RtEnum("S", ["A", "B"], [1, 1], new Map(), undefined);
  const proto = { name: "f" } as RtProto;

  it("compares nested scalars, chars and boxed floats", () => {
    expect(equal(["a"], ["a"])).toBe(true);
    expect(equal(["a"], ["b"])).toBe(false);
    expect(equal([new VFloat(1)], [new VFloat(1)])).toBe(true);
    expect(equal([new VFloat(1)], [1])).toBe(true);
    expect(equal([NaN], [NaN])).toBe(false);
    expect(equal([VChar.of(0x1f600)], [VChar.of(0x1f600)])).toBe(true);
    expect(equal([VChar.of(0x1f600)], [VChar.of(0x1f601)])).toBe(false);
    expect(equal([VChar.of(0x1f600)], [0x1f600])).toBe(false);
    expect(equal([VChar.of(0x1f600)], ["😀"])).toBe(false);
    expect(equal(VChar.of(0x1f600), VChar.of(0x1f600))).toBe(true);
    expect(equal("a", "a")).toBe(true);
  });
  it("lengths, struct types, enum tags and range fields", () => {
    expect(equal([1], [1, 2])).toBe(false);
    expect(equal([1, 2], [1])).toBe(false);
    expect(equal(new VStruct(point, [1]), new VStruct(point, [1]))).toBe(true);
    expect(equal(new VStruct(point, [1]), new VStruct(other, [1]))).toBe(false);
    expect(equal(new VStruct(point, [1]), new VTuple([1]))).toBe(false);
    expect(equal(new VEnum(shape, 0, [1]), new VEnum(shape, 0, [1]))).toBe(true);
    expect(equal(new VEnum(shape, 0, [1]), new VEnum(shape, 1, [1]))).toBe(false);
    expect(equal(new VRange(1, 5, false), new VRange(1, 5, false))).toBe(true);
    expect(equal(new VRange(1, 5, false), new VRange(1, 5, true))).toBe(false);
    expect(equal(new VRange(1, 5, false), new VRange(2, 5, false))).toBe(false);
    expect(equal(new VRange(1, 5, false), new VRange(1, 6, false))).toBe(false);
  });
  it("functions and errors equal only themselves", () => {
    const f = new NativeFn("f", 0, () => undefined);
    const g = new NativeFn("f", 0, () => undefined);
    expect(equal([f], [f])).toBe(true);
    expect(equal([f], [g])).toBe(false);
    expect(equal([new VError("K", "m", 1)], [new VError("K", "m", 1)])).toBe(false);
    expect(equal([new Closure(proto, [])], [new Closure(proto, [])])).toBe(false);
  });
  it("maps, sets and generators", () => {
    const m = (v: Value) => {
      const x = new VMap();
      x.vals.set(1, v);
      return x;
    };
    expect(equal(m([1]), m([1]))).toBe(true);
    expect(equal(m([1]), m([2]))).toBe(false);
    const s = new VSet();
    s.items.set(1, 1);
    expect(equal(s, s)).toBe(true);
    expect(equal([s], [new VSet()])).toBe(false);
    expect(equal([newRng(1)], [newRng(1)])).toBe(true);
    expect(equal([newRng(1)], [newRng(2)])).toBe(false);
  });
  it("a pair compared once does not stop the others from being compared", () => {
    // The second elements are compared (and remembered) first; the first ones differ.
    expect(equal([[[9]], [[2]]], [[[1]], [[2]]])).toBe(false);
    const shared = [[1], [2]];
    expect(equal([shared, shared, [3]], [shared, shared, [4]])).toBe(false);
    expect(equal([shared, shared, [3]], [shared, shared, [3]])).toBe(true);
  });
  // n arrays around `inner`: the innermost array is at depth n - 1, `inner` at depth n.
  const nest = (n: number, inner: Value): Value => {
    let v: Value = [inner];
    for (let i = 1; i < n; i++) v = [v];
    return v;
  };
  it("compares up to 10,000 levels deep, refuses deeper", () => {
    expect(equal(nest(10_001, 1), nest(10_001, 1))).toBe(true);
    expect(failure(() => equal(nest(10_002, 1), nest(10_002, 1)))).toBe(
      "LimitExceeded: values nested too deeply to compare",
    );
  });
  it("deeper than 10,000 levels, a pair with an int, float, bool, str or () in it is unequal, not refused", () => {
    // spec/semantics.md §3: only a pair of two structures raises there. Each scalar meets an
    // array at depth 10,001, on either side (a boxed float is an object, like the array).
    for (const x of [1, 0.5, new VFloat(1), true, "x", undefined] as Value[]) {
      expect(equal(nest(10_001, x), nest(10_001, [x]))).toBe(false);
      expect(equal(nest(10_001, [x]), nest(10_001, x))).toBe(false);
    }
  });
});

describe("ordering and ranges", () => {
  it("strict and non-strict on strings, chars and numbers", () => {
    expect(less("a", "a", false)).toBe(false);
    expect(less("a", "a", true)).toBe(true);
    expect(less("b", "a", true)).toBe(false);
    expect(less(VChar.of(97), VChar.of(97), false)).toBe(false);
    expect(less(VChar.of(97), VChar.of(97), true)).toBe(true);
    expect(less(VChar.of(98), VChar.of(97), true)).toBe(false);
    expect(less(VChar.of(97), VChar.of(98), false)).toBe(true);
    expect(less(new VFloat(2), 2.5, false)).toBe(true);
    expect(less(2.5, new VFloat(2), true)).toBe(false);
    expect(less(new VFloat(2), new VFloat(2), true)).toBe(true);
    expect(failure(() => less("a", 1, false))).toBe("TypeError: cannot compare str and int");
  });
  it("range patterns: ints between ints, chars between chars, inclusively", () => {
    const c = (s: string) => VChar.of(s.codePointAt(0)!);
    expect(inRangePattern(c("a"), c("a"), c("z"))).toBe(true);
    expect(inRangePattern(c("z"), c("a"), c("z"))).toBe(true);
    expect(inRangePattern(c("{"), c("a"), c("z"))).toBe(false);
    expect(inRangePattern(c("b"), 97, c("z"))).toBe(false);
    expect(inRangePattern(c("b"), c("a"), 122)).toBe(false);
    expect(inRangePattern(1, 1, 2)).toBe(true);
    expect(inRangePattern(2, 1, 2)).toBe(true);
    expect(inRangePattern(3, 1, 2)).toBe(false);
    expect(inRangePattern(1.5, 1, 2)).toBe(false);
    expect(inRangePattern(new VFloat(1), 1, 2)).toBe(false);
    expect(inRangePattern(2n ** 60n, 1, 2n ** 61n)).toBe(true);
    expect(inRangePattern(1, 0.5, 2)).toBe(false);
  });
  it("str formats everything but a string, which it keeps", () => {
    expect(str("a")).toBe("a");
    expect(str(new VFloat(1))).toBe("1");
  });
});

describe("values", () => {
  it("VChar.of shares the ASCII chars and makes the others", () => {
    expect(VChar.of(127)).toBe(VChar.of(127));
    expect(VChar.of(128).codePoint).toBe(128);
  });
  it("fromBig gives a number within ±(2^53 - 1), a bigint beyond, nothing outside i64", () => {
    expect(fromBig(-(2n ** 53n - 1n))).toBe(-SAFE);
    expect(fromBig(2n ** 53n - 1n)).toBe(SAFE);
    expect(fromBig(-(2n ** 53n))).toBe(-(2n ** 53n));
    expect(fromBig(I64_MAX + 1n)).toBeUndefined();
    expect(fromBig(-(2n ** 63n) - 1n)).toBeUndefined();
  });
  it("runTask makes each call its task asks for, then applies the end", () => {
    const f = new NativeFn("f", 2, () => undefined);
    function* task(): Generator<readonly Value[], Value, Value> {
      const a = yield [f, 1, 2];
      return yield [f, a, 10];
    }
    const calls: (readonly Value[])[] = [];
    const ctx = {
      callValue: (fn: Value, args: readonly Value[]) => {
        calls.push([fn === f, ...args]);
        return (args[0] as number) + (args[1] as number);
      },
    } as unknown as NativeContext;
    expect(runTask(ctx, task(), undefined)).toBe(13);
    expect(calls).toEqual([
      [true, 1, 2],
      [true, 3, 10],
    ]);
    expect(runTask(ctx, task(), (_c, r) => [r])).toEqual([13]);
    function* none(): Generator<readonly Value[], Value, Value> {
      return "done";
    }
    expect(runTask(ctx, none(), undefined)).toBe("done");
  });
  it("kind names of every value", () => {
    const point = new RtStruct("Point", [], new Map());
    const shape = new RtEnum("Shape", ["A"], [0], new Map(), undefined);
    const kinds: [Value, string][] = [
      [1, "int"],
      [1.5, "float"],
      [2n ** 60n, "int"],
      ["s", "str"],
      [true, "bool"],
      [undefined, "()"],
      [new VFloat(1), "float"],
      [VChar.of(97), "char"],
      [[], "array"],
      [new VTuple([]), "tuple"],
      [new VStruct(point, []), "Point"],
      [shape.units[0]!, "Shape"],
      [new Closure({ name: "f" } as RtProto, []), "function"],
      [new NativeFn("f", 0, () => undefined), "function"],
      [new VRange(0, 1, false), "range"],
      [new VError("K", "m", undefined), "error"],
      [new VMap(), "HashMap"],
      [new VSet(), "HashSet"],
      [newRng(1), "Rng"],
      [new (class extends VIter {})(), "iterator"],
    ];
    for (const [v, name] of kinds) expect(kindName(v)).toBe(name);
  });
});
