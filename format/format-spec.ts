// The format-spec mini-language of interpolation holes (`{x:>8.2}`) and `std.fmt.format`
// (spec/library.md §12): parsed the same way by the front end, which rejects a bad spec in a
// template (E0212), and by the runtime, which checks a spec string built at run time.

export type Align = "<" | ">" | "^";

export interface FormatSpec {
  /** The pad scalar (default a space). */
  readonly fill: string;
  /** null: numbers right, everything else left. */
  readonly align: Align | null;
  /** `+`: non-negative numbers get a `+`. */
  readonly plus: boolean;
  /** `0`: numbers are padded with zeros after the sign. */
  readonly zero: boolean;
  readonly width: number;
  readonly precision: number | null;
  /** Integer radix: `x`/`X` 16, `o` 8, `b` 2; null for decimal. */
  readonly radix: "x" | "X" | "o" | "b" | null;
}

/** Width and precision are at most this (4 decimal digits). */
export const MAX_SPEC_NUMBER = 9999;

const ALIGNS = new Set(["<", ">", "^"]);

/**
 * `[[fill]align][+][0][width][.precision][x|X|o|b]`; returns the spec, or a message saying
 * what is wrong.
 */
export function parseFormatSpec(text: string): FormatSpec | string {
  const cs = Array.from(text);
  let i = 0;
  let fill = " ";
  let align: Align | null = null;
  if (cs.length >= 2 && ALIGNS.has(cs[1]!) && cs[0] !== "{" && cs[0] !== "}") {
    fill = cs[0]!;
    align = cs[1] as Align;
    i = 2;
  } else if (cs.length >= 1 && ALIGNS.has(cs[0]!)) {
    align = cs[0] as Align;
    i = 1;
  }
  const plus = cs[i] === "+";
  if (plus) i++;
  const zero = cs[i] === "0";
  if (zero) i++;
  const number = (what: string): number | string => {
    let digits = "";
    while (i < cs.length && cs[i]! >= "0" && cs[i]! <= "9") digits += cs[i++];
    if (digits.length > 4) return `${what} is more than ${MAX_SPEC_NUMBER}`;
    return digits === "" ? -1 : Number(digits);
  };
  const width = number("the width");
  if (typeof width === "string") return width;
  let precision: number | null = null;
  if (cs[i] === ".") {
    i++;
    const p = number("the precision");
    if (typeof p === "string") return p;
    if (p < 0) return "`.` must be followed by the number of decimals";
    precision = p;
  }
  let radix: FormatSpec["radix"] = null;
  if (cs[i] === "x" || cs[i] === "X" || cs[i] === "o" || cs[i] === "b") {
    radix = cs[i] as FormatSpec["radix"];
    i++;
  }
  if (i < cs.length)
    return `unexpected \`${cs[i]}\` in the format spec (expected [[fill]align][+][0][width][.precision][x|X|o|b])`;
  if (radix !== null && precision !== null) return "a radix format takes no precision";
  return { fill, align, plus, zero, width: Math.max(width, 0), precision, radix };
}
