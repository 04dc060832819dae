import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseFormatSpec } from "../../format/format-spec.js";
import { Trap } from "../../runtime/errors.js";
import { formatBySpec } from "../../runtime/format-spec.js";
import { mkFloat, type Value } from "../../runtime/values.js";

describe("format specs (spec/library.md §12)", () => {
  it("parses every part of the grammar", () => {
    expect(parseFormatSpec("*^+010.3")).toEqual({
      fill: "*",
      align: "^",
      plus: true,
      zero: true,
      width: 10,
      precision: 3,
      radix: null,
    });
    expect(parseFormatSpec("")).toMatchObject({ width: 0, precision: null, align: null });
    for (const bad of ["5z", ".", ".x", "12345", ".2x", "x5", "{<5"])
      expect(typeof parseFormatSpec(bad)).toBe("string");
  });

  it("writes fixed decimals exactly as the exact binary value rounds, ties away from zero", () => {
    // Number.prototype.toFixed rounds the exact value too (ties to the larger magnitude).
    fc.assert(
      fc.property(
        fc.double({ min: -1e20, max: 1e20, noNaN: true }),
        fc.integer({ min: 0, max: 20 }),
        (x, p) => {
          const expected = (Object.is(x, -0) ? "-" : "") + x.toFixed(p);
          expect(formatBySpec(mkFloat(x), `.${p}`)).toBe(expected);
        },
      ),
    );
  });

  it("pads, aligns, signs and writes radixes", () => {
    expect(formatBySpec("ab", "^5")).toBe(" ab  ");
    expect(formatBySpec(-42, "05")).toBe("-0042");
    expect(formatBySpec(42, "+")).toBe("+42");
    expect(formatBySpec(-(2n ** 63n), "x")).toBe("-8000000000000000");
    expect(formatBySpec(255, "#>6X")).toBe("####FF");
  });

  it("raises TypeError for a bad spec or a kind the spec does not fit", () => {
    for (const [v, spec] of [
      ["s", "05"],
      [1.5, "x"],
      [1, "5z"],
      [true, "+"],
    ] as const)
      expect(() => formatBySpec(v, spec)).toThrow(Trap);
  });

  it("names the spec and the kind in each TypeError", () => {
    const message = (v: Value, spec: string) => {
      try {
        formatBySpec(v, spec);
      } catch (e) {
        return (e as Trap).error.kind + ": " + (e as Trap).error.message;
      }
    };
    expect(message(1, "5z")).toBe('TypeError: invalid format spec "5z": ' + parseFormatSpec("5z"));
    expect(message("s", "05")).toBe('TypeError: format spec "05" needs a number, got str');
    expect(message(1.5, "x")).toBe('TypeError: format spec "x" needs an int, got float');
    expect(message(true, "+")).toBe('TypeError: format spec "+" needs a number, got bool');
    expect(message("s", ".2")).toBe('TypeError: format spec ".2" needs a number, got str');
    expect(message("s", "x")).toBe('TypeError: format spec "x" needs a number, got str');
  });

  it("signs: + only before a non-negative number, never on NaN; -0.0 and negative bigints keep their -", () => {
    expect(formatBySpec(-5, "+")).toBe("-5");
    expect(formatBySpec(mkFloat(-2.5), "+")).toBe("-2.5");
    expect(formatBySpec(mkFloat(0), "+")).toBe("+0"); // to_str of 0.0 is "0"
    expect(formatBySpec(mkFloat(-0), "+")).toBe("-0");
    expect(formatBySpec(mkFloat(-0), "")).toBe("-0");
    expect(formatBySpec(mkFloat(-0), ".2")).toBe("-0.00");
    expect(formatBySpec(mkFloat(NaN), "+")).toBe("NaN");
    expect(formatBySpec(mkFloat(NaN), "+.3")).toBe("NaN");
    expect(formatBySpec(mkFloat(Infinity), "+")).toBe("+inf");
    expect(formatBySpec(mkFloat(-Infinity), "+")).toBe("-inf");
    expect(formatBySpec(-(2n ** 60n), "")).toBe("-1152921504606846976");
    expect(formatBySpec(-(2n ** 60n), "+.1")).toBe("-1152921504606846976.0");
    expect(formatBySpec(2n ** 60n, "+")).toBe("+1152921504606846976");
  });

  it("pads NaN and ±inf with spaces under 0, numbers with zeros after the sign", () => {
    expect(formatBySpec(mkFloat(NaN), "06")).toBe("   NaN");
    expect(formatBySpec(mkFloat(Infinity), "+06")).toBe("  +inf");
    expect(formatBySpec(mkFloat(-Infinity), "06")).toBe("  -inf");
    expect(formatBySpec(mkFloat(-1.5), "07.2")).toBe("-001.50");
    expect(formatBySpec(7, "+04")).toBe("+007");
    expect(formatBySpec(-(2n ** 60n), "021")).toBe("-01152921504606846976");
  });

  it("writes ints in decimal with decimals, radixes in their case, aligned as asked", () => {
    expect(formatBySpec(0, "")).toBe("0");
    expect(formatBySpec(42, ".2")).toBe("42.00");
    expect(formatBySpec(-42, ".1")).toBe("-42.0");
    expect(formatBySpec(255, "x")).toBe("ff");
    expect(formatBySpec(-255, "x")).toBe("-ff");
    expect(formatBySpec(8, "o")).toBe("10");
    expect(formatBySpec(5, "b")).toBe("101");
    expect(formatBySpec(42, "5")).toBe("   42");
    expect(formatBySpec(42, "<5")).toBe("42   ");
    expect(formatBySpec("ab", "5")).toBe("ab   ");
    expect(formatBySpec("ab", ">5")).toBe("   ab");
    expect(formatBySpec(mkFloat(Infinity), ".2")).toBe("inf");
    expect(formatBySpec(mkFloat(-Infinity), "8.2")).toBe("    -inf");
  });

  it("rounds ties away from zero", () => {
    expect(formatBySpec(mkFloat(2.5), ".0")).toBe("3");
    expect(formatBySpec(mkFloat(-2.5), ".0")).toBe("-3");
    expect(formatBySpec(mkFloat(0.125), ".2")).toBe("0.13");
    expect(formatBySpec(mkFloat(0.375), ".2")).toBe("0.38");
    expect(formatBySpec(mkFloat(1.5), ".0")).toBe("2");
  });

  it("expands subnormal floats exactly", () => {
    // 2^-1074 = 5^1074 / 10^1074: 1,074 decimals, the last of them 5^1074's digits
    const tiny = "0." + (5n ** 1074n).toString().padStart(1074, "0");
    expect(formatBySpec(mkFloat(2 ** -1074), ".1074")).toBe(tiny);
    const three = "0." + (3n * 5n ** 1074n).toString().padStart(1074, "0");
    expect(formatBySpec(mkFloat(3 * 2 ** -1074), ".1074")).toBe(three);
    // the largest subnormal, (2^52 − 1) · 2^-1074, rounded to 320 decimals
    const max = 2 ** -1022 - 2 ** -1074;
    const exact = ((2n ** 52n - 1n) * 5n ** 1074n).toString().padStart(1074, "0");
    const kept = BigInt(exact.slice(0, 320)) + (Number(exact[320]) >= 5 ? 1n : 0n);
    expect(formatBySpec(mkFloat(max), ".320")).toBe("0." + kept.toString().padStart(320, "0"));
  });
});
