// Scalar positions, sizes and order of strings (spec/semantics.md §4), exact values for
// short strings and long ones (past the scan limit, described once and cached), without the
// property tests' long random strings, so that every case is cheap to rerun.

import { describe, expect, it } from "vitest";
import {
  MAX_STRING_BYTES,
  SCAN_LIMIT,
  compareStrings,
  concatTooLong,
  countOccurrences,
  isAscii16,
  scalarAt,
  scalarIndexOf,
  scalarLength,
  scalarSlice,
  scalars,
  utf8Length,
} from "../../runtime/text.js";

/** Every scalar answer of `s`, against Array.from and TextEncoder. */
function checkAll(s: string) {
  const cps = Array.from(s);
  expect(scalarLength(s)).toBe(cps.length);
  expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
  for (let k = 0; k < cps.length; k++) expect(scalarAt(s, k)).toBe(cps[k]!.codePointAt(0));
  expect(scalarAt(s, cps.length)).toBe(-1);
  expect(scalarAt(s, cps.length + 1)).toBe(-1);
}

/** A naive scalar slice. */
const slice = (s: string, a: number, b: number) => Array.from(s).slice(a, b).join("");

describe("short strings", () => {
  it("count a surrogate pair as one scalar and a lone surrogate as one", () => {
    expect(scalarLength("")).toBe(0);
    expect(scalarLength("abc")).toBe(3);
    expect(scalarLength("a😀b")).toBe(3);
    expect(scalarLength("\uD800")).toBe(1);
    expect(scalarLength("\uDC00\uD800")).toBe(2);
    expect(scalarLength("\uD800a")).toBe(2);
    expect(scalarLength("😀😀")).toBe(2);
  });

  it("index by scalar", () => {
    expect(scalarAt("abc", 0)).toBe(97);
    expect(scalarAt("abc", 2)).toBe(99);
    expect(scalarAt("abc", 3)).toBe(-1);
    expect(scalarAt("a😀b", 1)).toBe(0x1f600);
    expect(scalarAt("a😀b", 2)).toBe(98);
    expect(scalarAt("a😀b", 3)).toBe(-1);
    expect(scalarAt("a😀b", 9)).toBe(-1);
    expect(scalarAt("\uDC00\uD800", 1)).toBe(0xd800);
    for (const s of ["λ😀é\uD800𝄞z", "😀", "\uD800\uDC00\uDC00", "é"]) checkAll(s);
  });

  it("slice and search by scalar", () => {
    const s = "a😀bé𝄞c";
    for (let a = 0; a <= 6; a++)
      for (let b = a; b <= 6; b++) expect(scalarSlice(s, a, b)).toBe(slice(s, a, b));
    expect(scalarSlice("abcdef", 2, 4)).toBe("cd");
    expect(scalarIndexOf(s, "a")).toBe(0);
    expect(scalarIndexOf(s, "b")).toBe(2);
    expect(scalarIndexOf(s, "c")).toBe(5);
    expect(scalarIndexOf(s, "x")).toBe(-1);
    expect(scalarIndexOf(s, "")).toBe(0);
    expect(scalarIndexOf("abcd", "cd")).toBe(2);
    expect(scalarIndexOf("é😀😀x", "x")).toBe(3);
  });

  it("size in UTF-8 bytes, scanned by hand up to 32 units and by pattern above", () => {
    expect(utf8Length("a".repeat(32))).toBe(32);
    expect(utf8Length("a".repeat(31) + "é")).toBe(33);
    expect(utf8Length("é" + "a".repeat(31))).toBe(33);
    expect(utf8Length("a".repeat(33))).toBe(33);
    expect(utf8Length("a".repeat(32) + "é")).toBe(34);
    expect(utf8Length("\u007f")).toBe(1);
    expect(utf8Length("\u0080")).toBe(2);
    expect(utf8Length("\u07ff")).toBe(2);
    expect(utf8Length("\u0800")).toBe(3);
    expect(utf8Length("\uD800")).toBe(3);
    expect(utf8Length("\uDC00")).toBe(3);
    expect(utf8Length("\uDBFF\uDFFF")).toBe(4);
    expect(utf8Length("\uD800\uD800")).toBe(6);
    expect(utf8Length("\uDC00\uDC00")).toBe(6);
    expect(utf8Length("\uD7FF\uDC00")).toBe(6);
    expect(utf8Length("\uDBFF\uE000")).toBe(6);
    expect(utf8Length("\uD800")).toBe(3);
  });
});

describe("long strings", () => {
  it("ASCII: units are scalars", () => {
    const s = "x".repeat(SCAN_LIMIT) + "abc";
    expect(scalarLength(s)).toBe(SCAN_LIMIT + 3);
    expect(scalarAt(s, SCAN_LIMIT + 1)).toBe(98);
    expect(scalarAt(s, SCAN_LIMIT + 3)).toBe(-1);
    expect(scalarSlice(s, SCAN_LIMIT, SCAN_LIMIT + 2)).toBe("ab");
    expect(scalarIndexOf(s, "b")).toBe(SCAN_LIMIT + 1);
    expect(utf8Length(s)).toBe(SCAN_LIMIT + 3);
  });

  it("at the scan limit and one below it", () => {
    const at = "😀" + "a".repeat(SCAN_LIMIT - 2);
    expect(at.length).toBe(SCAN_LIMIT);
    checkAll(at);
    expect(scalarIndexOf(at, "a")).toBe(1);
    const below = "😀" + "a".repeat(SCAN_LIMIT - 3);
    checkAll(below);
    expect(scalarIndexOf(below, "a")).toBe(1);
  });

  it("non-ASCII without pairs: units are scalars", () => {
    const s = "é".repeat(SCAN_LIMIT) + "€x";
    checkAll(s);
    expect(scalarSlice(s, SCAN_LIMIT - 1, SCAN_LIMIT + 2)).toBe("é€x");
    expect(scalarIndexOf(s, "x")).toBe(SCAN_LIMIT + 1);
  });

  it("with pairs: every index, every mark boundary, slices and searches", () => {
    // Pairs at scalars 0, 31, 32, 33, 63, 64 and every 7th from 100: marks every 32 scalars.
    let s = "";
    for (let k = 0; k < 1500; k++) {
      const pair = [0, 31, 32, 33, 63, 64].includes(k) || (k >= 100 && k % 7 === 0);
      s += pair ? "😀" : String.fromCharCode(97 + (k % 26));
    }
    s += "\uD800";
    checkAll(s);
    const n = Array.from(s).length;
    for (const [a, b] of [
      [0, 1],
      [0, n],
      [31, 33],
      [32, 64],
      [33, 65],
      [63, 64],
      [64, 64],
      [100, 200],
      [1499, n],
      [n, n],
    ])
      expect(scalarSlice(s, a!, b!)).toBe(slice(s, a!, b!));
    const cps = Array.from(s);
    // The first occurrence of each scalar from several places, found by scalar index.
    for (const k of [1, 2, 30, 34, 62, 65, 66, 95, 96, 97, 1000, n - 1]) {
      const needle = cps[k]! + cps[k + 1]! + (cps[k + 2] ?? "");
      expect(scalarIndexOf(s, needle)).toBe(naiveIndex(cps, needle));
    }
    expect(scalarIndexOf(s, "\uD800")).toBe(n - 1);
    expect(scalarIndexOf(s, "zz")).toBe(-1);
  });

  it("a needle right after the last mark and at a mark exactly", () => {
    const s = "😀".repeat(64) + "b" + "😀".repeat(600) + "c";
    expect(scalarIndexOf(s, "b")).toBe(64);
    expect(scalarIndexOf(s, "c")).toBe(665);
    const t = "😀".repeat(63) + "b" + "😀".repeat(600);
    expect(scalarIndexOf(t, "b")).toBe(63);
    const u = "😀".repeat(65) + "b" + "😀".repeat(600);
    expect(scalarIndexOf(u, "b")).toBe(65);
  });

  it("a scalar count that is a multiple of the mark distance (32): no mark past the end", () => {
    // 1056 = 33 · 32 scalars; the needle after the last mark, at scalar 1040.
    const s = "😀".repeat(1040) + "b" + "a".repeat(15);
    expect(scalarLength(s)).toBe(1056);
    expect(scalarIndexOf(s, "b")).toBe(1040);
    expect(scalarIndexOf(s, "ba")).toBe(1040);
    expect(scalarSlice(s, 1056, 1056)).toBe("");
    expect(scalarSlice(s, 1055, 1056)).toBe("a");
    expect(scalarSlice(s, 1024, 1041)).toBe("😀".repeat(16) + "b");
    expect(scalarAt(s, 1055)).toBe(97);
    expect(scalarAt(s, 1056)).toBe(-1);
    const t = "😀".repeat(1040) + "b" + "a".repeat(14);
    expect(scalarIndexOf(t, "b")).toBe(1040);
    expect(scalarSlice(t, 1055, 1055)).toBe("");
  });

  it("answers for the right string when strings of one length take turns", () => {
    // Ten strings of one length (more than the cache holds), each with its pair elsewhere.
    const strings = Array.from(
      { length: 10 },
      (_, i) => "a".repeat(i * 100) + "😀" + "b".repeat(2000 - i * 100) + String(i),
    );
    const copy = (s: string) => (s + " ").slice(0, -1);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < strings.length; i++) {
        const s = round === 1 ? copy(strings[i]!) : strings[i]!;
        expect(scalarLength(s)).toBe(2002);
        expect(scalarAt(s, i * 100)).toBe(0x1f600);
        expect(scalarAt(s, 2001)).toBe(48 + i);
        expect(scalarIndexOf(s, "😀b")).toBe(i * 100);
        expect(scalarSlice(s, i * 100, i * 100 + 2)).toBe("😀b");
      }
      for (let i = strings.length - 1; i >= 0; i -= 3) {
        expect(utf8Length(strings[i]!)).toBe(2005);
        expect(scalarAt(strings[i]!, i * 100 + 1)).toBe(98);
      }
    }
  });

  it("sizes asked twice, then indexed: the size's description is the string's", () => {
    const a = "😀" + "a".repeat(2000);
    const b = "a".repeat(2000) + "😀";
    expect(utf8Length(a)).toBe(2004);
    expect(utf8Length(b)).toBe(2004);
    expect(utf8Length(b)).toBe(2004);
    expect(scalarAt(b, 2000)).toBe(0x1f600);
    expect(scalarAt(a, 0)).toBe(0x1f600);
    expect(scalarLength(b)).toBe(2001);
    const c = "é".repeat(1500) + "😀";
    const d = "😀" + "é".repeat(1500);
    expect(utf8Length(c)).toBe(3004);
    expect(scalarAt(d, 0)).toBe(0x1f600);
    expect(utf8Length(c)).toBe(3004);
    expect(scalarAt(c, 1500)).toBe(0x1f600);
    expect(scalarAt(c, 0)).toBe(0xe9);
    // Equal in units, not in bytes or scalars: the size asked first is not the second's.
    const e = "😀" + "a".repeat(2345);
    const f = "é".repeat(2347);
    expect(utf8Length(e)).toBe(2349);
    expect(utf8Length(f)).toBe(4694);
    expect(scalarLength(f)).toBe(2347);
    expect(utf8Length(e)).toBe(2349);
    expect(scalarLength(e)).toBe(2346);
  });
});

function naiveIndex(cps: string[], needle: string): number {
  const n = Array.from(needle).length;
  for (let k = 0; k + n <= cps.length; k++) if (cps.slice(k, k + n).join("") === needle) return k;
  return -1;
}

describe("order, splitting, counting", () => {
  it("compares by code point, not by UTF-16 unit", () => {
    expect(compareStrings("a", "b")).toBe(-1);
    expect(compareStrings("b", "a")).toBe(1);
    expect(compareStrings("ab", "ab")).toBe(0);
    expect(compareStrings("ab", "abcd")).toBe(-2);
    expect(compareStrings("abcd", "a")).toBe(3);
    expect(compareStrings("\uFFFF", "😀")).toBe(-1);
    expect(compareStrings("😀", "\uFFFF")).toBe(1);
    expect(compareStrings("\uE000", "😀")).toBe(-1);
    expect(compareStrings("😀", "\uE000")).toBe(1);
    expect(compareStrings("\uD7FF", "😀")).toBe(-1);
    expect(compareStrings("😀", "\uD7FF")).toBe(1);
    expect(compareStrings("\uD7FF", "\uE000")).toBe(-1);
    expect(compareStrings("\uE000", "\uD7FF")).toBe(1);
    // A lone surrogate sorts as the start of a pair would: above every other BMP unit.
    expect(compareStrings("\uE000", "\uD800")).toBe(-1);
    expect(compareStrings("\uD800", "\uE000")).toBe(1);
    expect(compareStrings("😀", "😁")).toBe(-1);
    expect(compareStrings("\uE000", "\uE001")).toBe(-1);
    expect(compareStrings("\uE001", "\uE000")).toBe(1);
    expect(compareStrings("😁", "😀")).toBe(1);
    expect(compareStrings("\u{10000}", "\uFFFF")).toBe(1);
  });

  it("splits into scalars", () => {
    expect(scalars("")).toEqual([]);
    expect(scalars("ab")).toEqual(["a", "b"]);
    expect(scalars("a😀é")).toEqual(["a", "😀", "é"]);
    expect(isAscii16("aé€")).toBe(true);
    expect(isAscii16("a😀")).toBe(false);
    expect(isAscii16("\uDC00")).toBe(false);
  });

  it("judges a concatenation's size by units, then by bytes", () => {
    const max = "a".repeat(MAX_STRING_BYTES);
    expect(concatTooLong(max, "")).toBe(false);
    expect(concatTooLong("", max)).toBe(false);
    expect(concatTooLong(max, "b")).toBe(true);
    expect(concatTooLong("b", max)).toBe(true);
    const half = "a".repeat(MAX_STRING_BYTES / 2);
    expect(concatTooLong(half, half)).toBe(false);
    expect(concatTooLong(half + "a", half)).toBe(true);
    expect(concatTooLong("é", "b")).toBe(false);
  });

  it("counts non-overlapping occurrences", () => {
    expect(countOccurrences("aaaa", "aa")).toBe(2);
    expect(countOccurrences("aaa", "aa")).toBe(1);
    expect(countOccurrences("abcab", "ab")).toBe(2);
    expect(countOccurrences("abc", "x")).toBe(0);
    expect(countOccurrences("a", "a")).toBe(1);
  });
});
