// The format-spec mini-language (spec/library.md §12) as format/format-spec.ts parses it: each
// part of `[[fill]align][+][0][width][.precision][x|X|o|b]`, the boundaries of its numbers, and
// the message a bad spec gives (what the front end's E0212 and std.fmt.format's error show).

import { describe, expect, it } from "vitest";
import { MAX_SPEC_NUMBER, parseFormatSpec } from "../../format/format-spec.js";

const spec = (over: Partial<ReturnType<typeof parseFormatSpec> & object> = {}) => ({
  fill: " ",
  align: null,
  plus: false,
  zero: false,
  width: 0,
  precision: null,
  radix: null,
  ...over,
});
const GRAMMAR = "(expected [[fill]align][+][0][width][.precision][x|X|o|b])";

describe("parseFormatSpec", () => {
  it("reads an alignment alone or after a fill scalar", () => {
    expect(parseFormatSpec("")).toEqual(spec());
    for (const align of ["<", ">", "^"] as const) {
      expect(parseFormatSpec(align)).toEqual(spec({ align }));
      expect(parseFormatSpec(`*${align}`)).toEqual(spec({ fill: "*", align }));
    }
    // A fill is one scalar, even outside the BMP; it may itself be an alignment character.
    expect(parseFormatSpec("😀^5")).toEqual(spec({ fill: "😀", align: "^", width: 5 }));
    expect(parseFormatSpec("<>")).toEqual(spec({ fill: "<", align: ">" }));
    expect(parseFormatSpec("0<3")).toEqual(spec({ fill: "0", align: "<", width: 3 }));
  });

  it("takes no brace as a fill", () => {
    for (const brace of ["{", "}"]) {
      expect(parseFormatSpec(`${brace}<5`)).toBe(
        `unexpected \`${brace}\` in the format spec ${GRAMMAR}`,
      );
    }
  });

  it("reads the sign, zero padding, width, precision and radix in order", () => {
    expect(parseFormatSpec("+")).toEqual(spec({ plus: true }));
    expect(parseFormatSpec("0")).toEqual(spec({ zero: true }));
    expect(parseFormatSpec("00")).toEqual(spec({ zero: true }));
    expect(parseFormatSpec("+08")).toEqual(spec({ plus: true, zero: true, width: 8 }));
    expect(parseFormatSpec("10")).toEqual(spec({ width: 10 }));
    // The zero flag is not a digit of the width: four digits may follow it.
    expect(parseFormatSpec("09999")).toEqual(spec({ zero: true, width: 9999 }));
    expect(parseFormatSpec(".0")).toEqual(spec({ precision: 0 }));
    expect(parseFormatSpec("7.3")).toEqual(spec({ width: 7, precision: 3 }));
    for (const radix of ["x", "X", "o", "b"] as const) {
      expect(parseFormatSpec(`>4${radix}`)).toEqual(spec({ align: ">", width: 4, radix }));
    }
    expect(parseFormatSpec("*^+010.3")).toEqual(
      spec({ fill: "*", align: "^", plus: true, zero: true, width: 10, precision: 3 }),
    );
  });

  it("allows numbers up to four digits", () => {
    expect(MAX_SPEC_NUMBER).toBe(9999);
    expect(parseFormatSpec("9999.9999")).toEqual(spec({ width: 9999, precision: 9999 }));
    expect(parseFormatSpec("10000")).toBe("the width is more than 9999");
    expect(parseFormatSpec(".10000")).toBe("the precision is more than 9999");
  });

  it("says what is wrong with a bad spec", () => {
    expect(parseFormatSpec(".")).toBe("`.` must be followed by the number of decimals");
    expect(parseFormatSpec(".x")).toBe("`.` must be followed by the number of decimals");
    expect(parseFormatSpec(".2x")).toBe("a radix format takes no precision");
    // The characters next to the digits are not digits.
    for (const [text, bad] of [
      ["5z", "z"],
      ["5:", ":"],
      ["/", "/"],
      ["x5", "5"],
      ["++", "+"],
      ["5.2.1", "."],
      ["bx", "x"],
    ]) {
      expect(parseFormatSpec(text)).toBe(`unexpected \`${bad}\` in the format spec ${GRAMMAR}`);
    }
  });
});
