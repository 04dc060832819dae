// Strings count Unicode scalar values, not UTF-16 code units (spec/semantics.md §Strings).
// JS strings are UTF-16; these helpers take a fast path when a string has no surrogates
// (then units and scalars coincide) and walk code points otherwise.

const SURROGATE = /[\uD800-\uDFFF]/;

/** Largest string (UTF-8 bytes, spec/semantics.md §4); anything larger is LimitExceeded. */
export const MAX_STRING_BYTES = 2 ** 28;

/**
 * Whether `a + b` is larger than MAX_STRING_BYTES. O(1) unless the result is within 3× of
 * the limit, since a UTF-16 unit is 1 to 3 UTF-8 bytes (a surrogate pair is 4 for 2 units).
 */
export function concatTooLong(a: string, b: string): boolean {
  const units = a.length + b.length;
  if (units * 3 <= MAX_STRING_BYTES) return false;
  return units > MAX_STRING_BYTES || utf8Length(a) + utf8Length(b) > MAX_STRING_BYTES;
}

export function isAscii16(s: string): boolean {
  return !SURROGATE.test(s);
}

export function scalarLength(s: string): number {
  if (isAscii16(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 >= s.length) n++;
    else {
      n++;
      i++;
    }
  }
  return n;
}

/** UTF-16 offset of scalar index `k` (k may equal the scalar length). */
function unitOffset(s: string, k: number): number {
  let i = 0;
  for (let n = 0; n < k && i < s.length; n++) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
  }
  return i;
}

/** Code point at scalar index k, or -1 when out of range. */
export function scalarAt(s: string, k: number): number {
  if (isAscii16(s)) return k < s.length ? s.charCodeAt(k) : -1;
  const i = unitOffset(s, k);
  return i < s.length ? s.codePointAt(i)! : -1;
}

/** Scalars [start, end) of s; the caller checked 0 <= start <= end <= scalarLength(s). */
export function scalarSlice(s: string, start: number, end: number): string {
  if (isAscii16(s)) return s.slice(start, end);
  const a = unitOffset(s, start);
  return s.slice(a, a + unitOffset(s.slice(a), end - start));
}

/** Scalar index of the first occurrence of `needle` at or after nothing, or -1. */
export function scalarIndexOf(s: string, needle: string): number {
  const i = s.indexOf(needle);
  if (i <= 0 || isAscii16(s)) return i;
  return scalarLength(s.slice(0, i));
}

/** Compare two strings by code point (JS `<` compares UTF-16 units). */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      // Units >= 0xE000 sort above surrogates in code point order: shift them below.
      if (x >= 0xd800) x += x >= 0xe000 ? -0x800 : 0x2000;
      if (y >= 0xd800) y += y >= 0xe000 ? -0x800 : 0x2000;
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length;
}

/** The scalars of s, one string each. */
export function scalars(s: string): string[] {
  return isAscii16(s) ? s.split("") : Array.from(s);
}

/** Length of s in UTF-8 bytes (a lone surrogate counts as U+FFFD would: 3 bytes). */
export function utf8Length(s: string): number {
  let n = s.length;
  // A short string is cheaper to scan by hand than with a regex; a long one the other way.
  if (n <= 32) {
    let ascii = true;
    for (let i = 0; i < n && ascii; i++) ascii = s.charCodeAt(i) < 0x80;
    if (ascii) return n;
  } else if (!NON_ASCII.test(s)) return n;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 2; // 4 bytes for 2 units
        i++;
      } else n += 2;
    } else n += 2;
  }
  return n;
}

const NON_ASCII = /[^\x00-\x7f]/;

/** Non-overlapping occurrences of a non-empty needle, as `split` finds them. */
export function countOccurrences(s: string, needle: string): number {
  let n = 0;
  for (let i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length)) n++;
  return n;
}
