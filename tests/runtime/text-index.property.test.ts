// Scalar positions (spec/semantics.md §4) agree with a naive walk by code point for every
// string, short or long, with or without surrogate pairs, whichever order strings are asked
// about in (the long-string description cache must never answer for the wrong string).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  SCAN_LIMIT,
  scalarAt,
  scalarIndexOf,
  scalarLength,
  scalarSlice,
  utf8Length,
} from "../../runtime/text.js";

// Pieces chosen to put pairs, two-byte BMP text and lone surrogates next to each other.
const piece = fc.oneof(
  fc.constantFrom("a", "z", " ", "λ", "é", "€", "😀", "𝄞", "\uD800", "\uDC00", "\uFFFF"),
  fc.string({ unit: "grapheme", maxLength: 4 }),
  fc.string({ unit: "binary", maxLength: 3 }),
);
// Short strings, and long ones past the scan limit (a run of pieces repeated).
const text = fc.oneof(
  fc.array(piece, { maxLength: 40 }).map((p) => p.join("")),
  fc
    .tuple(fc.array(piece, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 4 }))
    .map(([p, k]) => {
      let s = p.join("") || "😀";
      while (s.length < SCAN_LIMIT * k) s += s;
      return s;
    }),
);

/** The oracle: unit offset of each scalar, by Array.from. */
function naive(s: string) {
  const cps = Array.from(s);
  return { cps, len: cps.length, bytes: new TextEncoder().encode(s).length };
}

function checkAll(s: string) {
  const { cps, len, bytes } = naive(s);
  expect(scalarLength(s)).toBe(len);
  expect(utf8Length(s)).toBe(bytes);
  for (let k = 0; k < len; k++) expect(scalarAt(s, k)).toBe(cps[k]!.codePointAt(0));
  expect(scalarAt(s, len)).toBe(-1);
  expect(scalarAt(s, len + 7)).toBe(-1);
}

describe("scalar positions agree with Array.from", () => {
  it("every index, the length and the UTF-8 size", () => {
    fc.assert(fc.property(text, checkAll), { numRuns: 150 });
  });

  it("every slice and search", () => {
    fc.assert(
      fc.property(
        text,
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 5 }),
        (s, x, y, z, w) => {
          const { cps, len } = naive(s);
          const a = len === 0 ? 0 : x % (len + 1);
          const b = a + (len - a === 0 ? 0 : y % (len - a + 1));
          expect(scalarSlice(s, a, b)).toBe(cps.slice(a, b).join(""));
          // A needle cut at scalar boundaries from s itself, and one that may be absent.
          const c = len === 0 ? 0 : z % len;
          const needle = cps.slice(c, c + w).join("");
          const u = s.indexOf(needle);
          const expected = u < 0 ? -1 : Array.from(s.slice(0, u)).length;
          expect(scalarIndexOf(s, needle)).toBe(expected);
          expect(scalarIndexOf(s, "\u0000never\u0001")).toBe(
            s.includes("\u0000never\u0001") ? 0 : -1,
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it("answers for the right string when many strings, equal in length, take turns", () => {
    fc.assert(
      fc.property(
        fc.array(text, { minLength: 1, maxLength: 14 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 200 }),
        (strings, asks) => {
          // Same-length variants differing in one scalar make content comparisons matter.
          const all = strings.flatMap((s) => [s, s.replace(/^./su, "😀"), s.replace(/.$/su, "λ")]);
          const oracles = all.map(naive);
          for (const [i, k] of asks) {
            const j = i % all.length;
            const s = all[j]!;
            const { cps, len, bytes } = oracles[j]!;
            const idx = len === 0 ? 0 : k % len;
            expect(scalarLength(s)).toBe(len);
            expect(utf8Length(s)).toBe(bytes);
            if (len > 0) expect(scalarAt(s, idx)).toBe(cps[idx]!.codePointAt(0));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a long string with one astral scalar, indexed at both ends of every mark", () => {
    const s = "a".repeat(5000) + "😀" + "λ".repeat(5000) + "𝄞";
    checkAll(s);
    expect(scalarLength(s)).toBe(10002);
    expect(scalarIndexOf(s, "λ")).toBe(5001);
    expect(scalarIndexOf(s, "𝄞")).toBe(10001);
    expect(scalarSlice(s, 4999, 5002)).toBe("a😀λ");
  });
});
