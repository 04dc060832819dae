// Strings count Unicode scalar values, not UTF-16 code units (spec/semantics.md §Strings).
// JS strings are UTF-16: where a string has no surrogate pairs, units and scalars coincide.
// Short strings are scanned on every call; a long one is described once (scalar count, UTF-8
// size, and for strings with pairs a sparse scalar → unit map) and the description is kept in
// a small most-recently-used cache, so indexing, `len()`, `substring` and the work-size
// charge of every native are O(1) amortized instead of a scan of the whole string per call.

const SURROGATE = /[\uD800-\uDFFF]/;
const NON_ASCII = /[^\x00-\x7f]/;

/** Largest string (UTF-8 bytes, spec/semantics.md §4); anything larger is LimitExceeded. */
export const MAX_STRING_BYTES = 2 ** 28;

/**
 * Strings shorter than this (UTF-16 units) are scanned directly: a scan costs at most this
 * much, and keeping them out of the cache leaves its few slots to the strings that need them.
 */
export const SCAN_LIMIT = 1024;
/** Long strings whose descriptions are kept. */
const CACHE_SIZE = 8;
/** The scalar → unit map records the unit offset of every MARK-th scalar. */
const MARK_SHIFT = 5;
const MARK = 1 << MARK_SHIFT;

/** What the scalar operations need to know about one long string. */
class TextInfo {
  /** Unit offset of scalar k·MARK, built on first use; only for strings with pairs. */
  marks: Int32Array | null = null;
  constructor(
    public s: string,
    readonly scalars: number,
    readonly bytes: number,
  ) {}
  get pairs(): boolean {
    // Stryker disable next-line ConditionalExpression: a string without pairs walked by its marks gives the same offsets, one unit per scalar
    return this.scalars !== this.s.length;
  }
}

const cache: TextInfo[] = [];
/** The last long string whose UTF-8 size alone was asked for: cached when asked again. */
let candidate: TextInfo | null = null;

/**
 * The cached description of s, or undefined. A hit is usually the same string object (a
 * pointer comparison); an equal string that is another object is found by comparing content
 * (so a program that alternates between two such long strings pays that comparison).
 */
// Stryker disable next-line BlockStatement: the description cache changes speed only: a miss describes the string again
function lookup(s: string): TextInfo | undefined {
  const n = s.length;
  // Stryker disable next-line ConditionalExpression,BlockStatement: the description cache changes speed only: a miss describes the string again
  for (let i = 0; i < cache.length; i++) {
    const t = cache[i]!;
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: the description cache changes speed only: a miss describes the string again (the length test only saves a comparison)
    if (t.s.length === n && t.s === s) {
      // An equal string that is another object matched by content, at the cost of comparing
      // them: hold the one asked about, so the next ask is a pointer comparison.
      t.s = s;
      // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: the cache's order decides only what is evicted
      if (i > 0) {
        cache.copyWithin(1, 0, i);
        cache[0] = t;
      }
      return t;
    }
  }
  // Stryker disable next-line ConditionalExpression,BlockStatement: the description cache changes speed only: a miss describes the string again
  if (candidate !== null && candidate.s.length === n && candidate.s === s) {
    const t = candidate;
    candidate = null;
    t.s = s;
    return admit(t);
  }
  return undefined;
}

function admit(t: TextInfo): TextInfo {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the cache's size changes speed and memory only
  if (cache.length < CACHE_SIZE) cache.push(t);
  // Stryker disable next-line ArithmeticOperator: copyWithin stops at the array's end
  cache.copyWithin(1, 0, cache.length - 1);
  cache[0] = t;
  return t;
}

/** Surrogate pairs seen by the last `scanUtf8`. */
let scannedPairs = 0;

/** UTF-8 size of s by a scan of every unit; counts its surrogate pairs in `scannedPairs`. */
function scanUtf8(s: string): number {
  const n = s.length;
  let bytes = n;
  let pairs = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (isHigh(c) && isLow(s.charCodeAt(i + 1))) {
      bytes += 2; // 4 bytes for 2 units
      pairs++;
      i++;
    } else bytes += 2; // 3 bytes, a lone surrogate included (as U+FFFD would be)
  }
  scannedPairs = pairs;
  return bytes;
}

/** A long string's description: a surrogate pair is one scalar, a lone surrogate one. */
function describe(s: string): TextInfo {
  if (!NON_ASCII.test(s)) return new TextInfo(s, s.length, s.length);
  const bytes = scanUtf8(s);
  return new TextInfo(s, s.length - scannedPairs, bytes);
}

/** The description of a long string, from the cache or made now and cached. */
function infoOf(s: string): TextInfo {
  return lookup(s) ?? admit(describe(s));
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Units taken by the scalar starting at unit i. */
function width(s: string, i: number): number {
  return isHigh(s.charCodeAt(i)) && isLow(s.charCodeAt(i + 1)) ? 2 : 1;
}

function marksOf(t: TextInfo): Int32Array {
  // Stryker disable next-line ConditionalExpression: the marks made again are the same
  if (t.marks !== null) return t.marks;
  const s = t.s;
  // One mark per MARK scalars, the last for scalar (scalars - 1) & -MARK: no mark past the end
  // (an unset one would read as unit 0 and mislead scalarIndexOf's search).
  const marks = new Int32Array((t.scalars + MARK - 1) >>> MARK_SHIFT);
  // Stryker disable next-line EqualityOperator: a mark at the end falls past the array, and a typed array drops the write
  for (let i = 0, k = 0; i < s.length; k++) {
    if ((k & (MARK - 1)) === 0) marks[k >>> MARK_SHIFT] = i;
    i += width(s, i);
  }
  t.marks = marks;
  return marks;
}

/** Unit offset of scalar k of a long string with pairs (0 <= k <= its scalar count). */
function unitOfMarked(t: TextInfo, k: number): number {
  if (k === t.scalars) return t.s.length;
  const s = t.s;
  let i = marksOf(t)[k >>> MARK_SHIFT]!;
  for (let r = k & (MARK - 1); r > 0; r--) i += width(s, i);
  return i;
}

/** Unit offset of scalar k of a short string (k may equal the scalar length). */
function unitOffset(s: string, k: number): number {
  let i = 0;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: past the end an offset only grows, and scalarAt answers -1 for any offset from the end on
  for (let n = 0; n < k && i < s.length; n++) i += width(s, i);
  return i;
}

/** Scalar index of unit offset u (at a scalar boundary), by walking from the start. */
function scalarsBefore(s: string, u: number): number {
  let n = 0;
  for (let i = 0; i < u; n++) i += width(s, i);
  return n;
}

/**
 * Whether `a + b` is larger than MAX_STRING_BYTES. O(1) unless the result is within 3× of
 * the limit, since a UTF-16 unit is 1 to 3 UTF-8 bytes (a surrogate pair is 4 for 2 units).
 */
export function concatTooLong(a: string, b: string): boolean {
  const units = a.length + b.length;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the exact sizes give the same answer below a third of the limit; this test only skips them
  if (units * 3 <= MAX_STRING_BYTES) return false;
  return units > MAX_STRING_BYTES || utf8Length(a) + utf8Length(b) > MAX_STRING_BYTES;
}

/** Whether s has no surrogates (so its units are its scalars). Scans s: for linear natives. */
export function isAscii16(s: string): boolean {
  return !SURROGATE.test(s);
}

export function scalarLength(s: string): number {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: both sides of the scan limit give the same answers; the limit picks the faster
  if (s.length >= SCAN_LIMIT) return infoOf(s).scalars;
  return isAscii16(s) ? s.length : scalarsBefore(s, s.length);
}

/** Code point at scalar index k, or -1 when out of range. */
export function scalarAt(s: string, k: number): number {
  let i: number;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: both sides of the scan limit give the same answers; the limit picks the faster
  if (s.length >= SCAN_LIMIT) {
    const t = infoOf(s);
    if (k >= t.scalars) return -1;
    i = t.pairs ? unitOfMarked(t, k) : k;
  } else {
    // Stryker disable next-line ConditionalExpression: the walk gives the same code point for a string without pairs
    if (isAscii16(s)) return k < s.length ? s.charCodeAt(k) : -1;
    i = unitOffset(s, k);
    if (i >= s.length) return -1;
  }
  return s.codePointAt(i)!;
}

/** Scalars [start, end) of s; the caller checked 0 <= start <= end <= scalarLength(s). */
export function scalarSlice(s: string, start: number, end: number): string {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: both sides of the scan limit give the same answers; the limit picks the faster
  if (s.length >= SCAN_LIMIT) {
    const t = infoOf(s);
    return t.pairs ? s.slice(unitOfMarked(t, start), unitOfMarked(t, end)) : s.slice(start, end);
  }
  // Stryker disable next-line ConditionalExpression: the walk gives the same slice for a string without pairs
  if (isAscii16(s)) return s.slice(start, end);
  const a = unitOffset(s, start);
  return s.slice(a, a + unitOffset(s.slice(a), end - start));
}

/** Scalar index of the first occurrence of `needle`, or -1. */
export function scalarIndexOf(s: string, needle: string): number {
  const u = s.indexOf(needle);
  // Stryker disable next-line EqualityOperator: a match at unit 0 is at scalar 0 by any path
  if (u <= 0) return u;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: both sides of the scan limit give the same answers; the limit picks the faster
  if (s.length < SCAN_LIMIT) return isAscii16(s) ? u : scalarsBefore(s, u);
  const t = infoOf(s);
  // Stryker disable next-line ConditionalExpression: a string without pairs walked by its marks gives the same index
  if (!t.pairs) return u;
  // The last mark at or before u, then a walk of fewer than MARK scalars.
  const marks = marksOf(t);
  let lo = 0;
  // Stryker disable next-line ArithmeticOperator: a mark index past the end reads undefined, which is never <= u, so the search ends at the same mark
  let hi = marks.length - 1;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: any earlier mark gives the same index, after a longer walk
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: any earlier mark gives the same index, after a longer walk
    if (marks[mid]! <= u) lo = mid;
    else hi = mid - 1;
  }
  let k = lo << MARK_SHIFT;
  for (let i = marks[lo]!; i < u; k++) i += width(s, i);
  return k;
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
      // Stryker disable next-line EqualityOperator: x !== y here: the shifts map distinct units to distinct values
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
  const n = s.length;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: both sides of the scan limit give the same answers; the limit picks the faster
  if (n >= SCAN_LIMIT) {
    const t = lookup(s);
    // Stryker disable next-line ConditionalExpression: the description cache changes speed only: a miss describes the string again
    if (t !== undefined) return t.bytes;
    // Most long strings asked only for their size are results about to be charged and never
    // asked again: describe them without evicting a cached string, and cache on a second ask.
    candidate = describe(s);
    return candidate.bytes;
  }
  // A short string is cheaper to scan by hand than with a regex; a long one the other way.
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: the hand scan, the pattern and scanUtf8 give the same size; the bound picks the faster
  if (n <= 32) {
    // Stryker disable next-line BooleanLiteral: a string not taken as ASCII is measured by scanUtf8, exactly
    let ascii = true;
    // Stryker disable next-line LogicalOperator,ConditionalExpression,EqualityOperator,UpdateOperator: a scan past either end reads NaN, not ASCII, and scanUtf8 measures exactly
    for (let i = 0; i < n && ascii; i++) ascii = s.charCodeAt(i) < 0x80;
    // Stryker disable next-line ConditionalExpression: scanUtf8 measures an ASCII string exactly as well
    if (ascii) return n;
  } else {
    // Stryker disable next-line ConditionalExpression: scanUtf8 measures an ASCII string exactly as well
    if (!NON_ASCII.test(s)) return n;
  }
  return scanUtf8(s);
}

/** Non-overlapping occurrences of a non-empty needle, as `split` finds them. */
export function countOccurrences(s: string, needle: string): number {
  let n = 0;
  for (let i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length)) n++;
  return n;
}
