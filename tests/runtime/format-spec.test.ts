import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseFormatSpec } from "../../format/format-spec.js";
import { Trap } from "../../runtime/errors.js";
import { formatBySpec } from "../../runtime/format-spec.js";
import { mkFloat } from "../../runtime/values.js";

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
});
