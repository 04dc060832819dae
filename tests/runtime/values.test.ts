import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatFloat, formatValue } from "../../runtime/format.js";
import { add, div, equal, less, mod, mul, pow, sub } from "../../runtime/ops.js";
import { Trap } from "../../runtime/errors.js";
import {
  arityMessage,
  floatOf,
  fromBig,
  isFloat,
  isInt,
  nativeArityMessage,
  NativeFn,
  RtEnum,
  VChar,
  VFloat,
  VTuple,
  type Value,
} from "../../runtime/values.js";

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const int = (b: bigint) => fromBig(b)!;
const big = (v: Value) => BigInt(v as number | bigint);

function kindOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof Trap) return e.error.kind;
    throw e;
  }
}

describe("float formatting (Rust {} style)", () => {
  it.each([
    [1e21, "1000000000000000000000"],
    [1e-7, "0.0000001"],
    [0.1 + 0.2, "0.30000000000000004"],
    [1.0, "1"],
    [-0.0, "-0"],
    [Infinity, "inf"],
    [-Infinity, "-inf"],
    [NaN, "NaN"],
    [2 ** 70, "1180591620717411300000"],
    [2 ** -40, "0.0000000000009094947017729282"],
    [-1.5e-10, "-0.00000000015"],
    [1.2345e25, "12345000000000000000000000"],
  ])("%d prints %s", (x, s) => expect(formatFloat(x)).toBe(s));

  it("round-trips every finite double", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = formatFloat(x);
        expect(s).not.toMatch(/e/);
        expect(Object.is(Number(s), x) || (x === 0 && Number(s) === 0)).toBe(true);
      }),
    );
  });
});

describe("value formatting", () => {
  it("formats every kind", () => {
    expect(formatValue(42)).toBe("42");
    expect(formatValue(2n ** 62n)).toBe("4611686018427387904");
    expect(formatValue(new VFloat(3))).toBe("3");
    expect(formatValue(1.5)).toBe("1.5");
    expect(formatValue("a")).toBe("a");
    expect(formatValue(VChar.of(0x1f600))).toBe("😀");
    expect(formatValue(true)).toBe("true");
    expect(formatValue(undefined)).toBe("()");
    expect(formatValue([1, "a", [new VFloat(2)]])).toBe("[1, a, [2]]");
    expect(formatValue(new VTuple([1, "a"]))).toBe("(1, a)");
    expect(formatValue(new VTuple([1]))).toBe("(1)");
    const cyclic: Value[] = [1];
    cyclic.push(cyclic);
    expect(formatValue(cyclic)).toBe("[1, ...]");
  });
});

describe("i64 arithmetic", () => {
  it("edge cases", () => {
    expect(kindOf(() => add(int(I64_MAX), 1))).toBe("IntegerOverflow");
    expect(kindOf(() => div(int(I64_MIN), -1))).toBe("IntegerOverflow");
    expect(kindOf(() => mul(int(2n ** 62n), 2))).toBe("IntegerOverflow");
    expect(mul(3037000499, 3037000499)).toBe(9223372030926249001n);
    expect(add(2 ** 53 - 1, 1)).toBe(2n ** 53n);
    expect(sub(int(2n ** 53n), 1)).toBe(2 ** 53 - 1);
    expect(kindOf(() => div(1, 0))).toBe("DivisionByZero");
    expect(kindOf(() => mod(1, 0))).toBe("DivisionByZero");
    expect(kindOf(() => div(1.5, 0))).toBe("DivisionByZero");
    expect(kindOf(() => mod(1.5, new VFloat(0)))).toBe("DivisionByZero");
    expect(div(-7, 2)).toBe(-3);
    expect(mod(-7, 2)).toBe(-1);
    expect(Object.is(mul(0, -5), 0)).toBe(true);
    expect(pow(2, 62)).toBe(2n ** 62n);
    expect(kindOf(() => pow(2, 63))).toBe("IntegerOverflow");
    expect(pow(2, -1)).toBe(0.5);
    expect(add(1, 0.5)).toBe(1.5);
    expect(add(0.5, 0.5)).toEqual(new VFloat(1));
    expect(kindOf(() => add("a", 1))).toBe("TypeError");
    expect(add("a", VChar.of(98))).toBe("ab");
  });

  const i64 = fc.bigInt({ min: I64_MIN, max: I64_MAX });
  const small = fc.bigInt({ min: -(2n ** 33n), max: 2n ** 33n });
  const arb = fc.oneof(i64, small, fc.constantFrom(0n, 1n, -1n, I64_MIN, I64_MAX));
  const ref = (r: bigint) => (r < I64_MIN || r > I64_MAX ? "IntegerOverflow" : r);
  const got = (f: () => Value) => {
    try {
      return big(f());
    } catch (e) {
      if (e instanceof Trap) return e.error.kind;
      throw e;
    }
  };
  it.each([
    ["+", add, (a: bigint, b: bigint) => ref(a + b)],
    ["-", sub, (a: bigint, b: bigint) => ref(a - b)],
    ["*", mul, (a: bigint, b: bigint) => ref(a * b)],
    ["/", div, (a: bigint, b: bigint) => (b === 0n ? "DivisionByZero" : ref(a / b))],
    ["%", mod, (a: bigint, b: bigint) => (b === 0n ? "DivisionByZero" : ref(a % b))],
  ] as const)("%s agrees with a BigInt reference", (_op, f, r) => {
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        const res = got(() => f(int(a), int(b)));
        expect(res).toEqual(r(a, b));
        // results are always normalised
        if (typeof res === "bigint") {
          const v = f(int(a), int(b));
          expect(
            typeof v === "bigint" ? !Number.isSafeInteger(Number(v)) || v > 2n ** 53n : true,
          ).toBe(true);
        }
      }),
    );
  });
});

describe("equality and ordering", () => {
  it("compares structurally and numerically", () => {
    expect(equal(1, new VFloat(1))).toBe(true);
    expect(equal(2n ** 60n, new VFloat(2 ** 60))).toBe(true);
    expect(equal([1, [2]], [1, [2]])).toBe(true);
    expect(equal(new VTuple([1, "a"]), new VTuple([1, "a"]))).toBe(true);
    expect(equal(1, "1")).toBe(false);
    expect(equal(NaN, NaN)).toBe(false);
    expect(less("a", "b", false)).toBe(true);
    expect(less("\uffff", "😀", false)).toBe(true); // code point order, not UTF-16
    expect(less(2n ** 60n, 2 ** 60 + 0.5, false)).toBe(false);
    expect(kindOf(() => less([1], [2], false))).toBe("TypeError");
  });
});

describe("value kinds, prelude tags and arity messages", () => {
  it("isInt, isFloat and floatOf tell the two number kinds apart", () => {
    const values: Value[] = [1, -0, 1.5, 2n ** 60n, new VFloat(2), "1", true, undefined];
    expect(values.map(isInt)).toEqual([true, true, false, true, false, false, false, false]);
    expect(values.map(isFloat)).toEqual([false, false, true, false, true, false, false, false]);
    expect([floatOf(1.5), floatOf(new VFloat(-3))]).toEqual([1.5, -3]);
  });
  it("the tag of Some or Ok, wherever the prelude type declares it", () => {
    const tag = (names: string[], prelude: "Option" | "Result" | undefined) =>
      new RtEnum("E", names, [1, 1], new Map(), prelude).yesTag;
    expect(tag(["None", "Some"], "Option")).toBe(1);
    expect(tag(["Some", "None"], "Option")).toBe(0);
    expect(tag(["Err", "Ok"], "Result")).toBe(1);
    expect(tag(["Ok", "Err"], "Result")).toBe(0);
    expect(tag(["Ok", "Some"], "Option")).toBe(1);
  });
  it("ArityMismatch messages, a method's receiver not counted", () => {
    expect(arityMessage("f", 1, 2)).toBe("f takes 1 argument, got 2");
    expect(arityMessage("f", 2, 1)).toBe("f takes 2 arguments, got 1");
    expect(arityMessage("f", 0, 1)).toBe("f takes 0 arguments, got 1");
    const impl = () => undefined;
    const fn = new NativeFn("std.f", 2, impl);
    const method = new NativeFn("str.m", 2, impl, undefined, undefined, true);
    expect(fn.method).toBe(false);
    expect(nativeArityMessage(fn, 3)).toBe("std.f takes 2 arguments, got 3");
    expect(nativeArityMessage(method, 3)).toBe("str.m takes 1 argument, got 2");
    expect(nativeArityMessage(method, 0)).toBe("str.m takes 2 arguments, got 0");
  });
});
