// Little-endian byte encoding shared by the writer and the reader (spec/format.md §2):
// fixed-width integers, minimal LEB128 and length-prefixed UTF-8 strings. The reader is bounded
// to one section and reports every failure as a FormatError at the offending byte offset.

import { CANONICAL_NAN } from "./container.js";
import { FormatError } from "./errors.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
/** Maps each byte to one character; on ASCII bytes it agrees with UTF-8. */
const singleByte = new TextDecoder("latin1");
const NON_ASCII = /[^\0-\x7f]/g;

/** Number of bytes of the minimal uleb128 encoding of `value`. */
export function ulebLength(value: number): number {
  let n = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 128);
    n++;
  }
  return n;
}

/** Number of bytes of the minimal sleb128 encoding of `value`. */
export function slebLength(value: bigint): number {
  let n = 1;
  while (value < -64n || value > 63n) {
    value >>= 7n;
    n++;
  }
  return n;
}

export class ByteWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private len = 0;

  get length(): number {
    return this.len;
  }

  private reserve(n: number): number {
    const at = this.len;
    if (at + n > this.buf.length) {
      const grown = new Uint8Array(Math.max(this.buf.length * 2, at + n));
      grown.set(this.buf.subarray(0, at));
      this.buf = grown;
      this.view = new DataView(grown.buffer);
    }
    this.len += n;
    return at;
  }

  u8(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 0xff) {
      throw new RangeError(`${value} does not fit a byte`);
    }
    const at = this.reserve(1);
    this.buf[at] = value;
  }

  u16(value: number): void {
    const at = this.reserve(2);
    this.view.setUint16(at, value, true);
  }

  u32(value: number): void {
    const at = this.reserve(4);
    this.view.setUint32(at, value, true);
  }

  /** IEEE-754 binary64; every NaN is written as the canonical quiet NaN. */
  f64(value: number): void {
    const at = this.reserve(8);
    if (Number.isNaN(value)) this.view.setBigUint64(at, CANONICAL_NAN, true);
    else this.view.setFloat64(at, value, true);
  }

  uleb(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      throw new RangeError(`${value} is not a u32`);
    }
    while (value >= 0x80) {
      this.u8((value & 0x7f) | 0x80);
      value = Math.floor(value / 128);
    }
    const at = this.reserve(1);
    this.buf[at] = value;
  }

  sleb(value: bigint): void {
    for (;;) {
      const byte = Number(value & 0x7fn);
      value >>= 7n;
      const done = (value === 0n && (byte & 0x40) === 0) || (value === -1n && (byte & 0x40) !== 0);
      this.u8(done ? byte : byte | 0x80);
      if (done) return;
    }
  }

  /** `sleb` of an int32, without BigInt arithmetic (the same bytes). */
  sleb32(value: number): void {
    for (;;) {
      const byte = value & 0x7f;
      value >>= 7;
      const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
      this.u8(done ? byte : byte | 0x80);
      if (done) return;
    }
  }

  bytes(data: Uint8Array): void {
    const at = this.reserve(data.length);
    this.buf.set(data, at);
  }

  /** uleb128 byte length, then the UTF-8 bytes. */
  string(text: string): void {
    // The short-ASCII path is only faster: the general one encodes ASCII to the same bytes.
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: equivalent (above)
    if (text.length <= 64 && this.ascii(text)) {
      // A short ASCII string (a name): its bytes are its character codes.
      this.uleb(text.length);
      const at = this.reserve(text.length);
      // Stryker disable next-line EqualityOperator: `<=` writes past the string into bytes not kept
      for (let i = 0; i < text.length; i++) this.buf[at + i] = text.charCodeAt(i);
      return;
    }
    const utf8 = encoder.encode(text);
    this.uleb(utf8.length);
    this.bytes(utf8);
  }

  // Stryker disable next-line BlockStatement: equivalent (string()'s general path)
  private ascii(text: string): boolean {
    // Stryker disable next-line EqualityOperator,ConditionalExpression: equivalent (string()'s general path)
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
    // Stryker disable next-line BooleanLiteral: equivalent (string()'s general path)
    return true;
  }

  /** Zero bytes up to the next multiple of `alignment`. */
  align(alignment: number): void {
    while (this.len % alignment !== 0) this.u8(0);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

export class ByteReader {
  private readonly view: DataView;
  pos: number;
  /** The section as single-byte text (windows-1252), made by the first string() call. */
  private text: string | undefined;
  /** The bytes in [asciiStart, asciiEnd) are ASCII. */
  private asciiStart = 0;
  private asciiEnd = 0;

  /** Reads `bytes[start, end)`; offsets stay absolute so errors point into the whole file. */
  constructor(
    readonly data: Uint8Array,
    readonly start: number,
    readonly end: number,
  ) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number, what: string): number {
    if (n > this.end - this.pos) {
      throw new FormatError(
        "E_TRUNCATED",
        this.pos,
        `${what} needs ${n} bytes, ${this.remaining} left`,
      );
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  u8(): number {
    const at = this.pos;
    // Stryker disable next-line ConditionalExpression: `true` is equivalent (need() decides the same)
    if (at >= this.end) this.need(1, "byte");
    this.pos = at + 1;
    return this.data[at]!;
  }

  u16(): number {
    return this.view.getUint16(this.need(2, "u16"), true);
  }

  u32(): number {
    return this.view.getUint32(this.need(4, "u32"), true);
  }

  /** IEEE-754 binary64; a NaN must be the canonical quiet NaN (JS cannot keep payloads). */
  f64(): number {
    const at = this.need(8, "float");
    const value = this.view.getFloat64(at, true);
    if (Number.isNaN(value) && this.view.getBigUint64(at, true) !== CANONICAL_NAN) {
      throw new FormatError("E_NAN", at, "NaN constants must be 0x7FF8000000000000");
    }
    return value;
  }

  /** Minimal uleb128 of at most 5 bytes with a value below 2^32. */
  uleb(): number {
    // Fast path for the one- and two-byte encodings that make up nearly every index.
    const at = this.pos;
    const { data, end } = this;
    // ulebSlow() decodes and rejects every encoding the fast paths take: turned off, they are equivalent.
    // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent (above)
    if (at < end) {
      const b0 = data[at]!;
      if (b0 < 0x80) {
        this.pos = at + 1;
        return b0;
      }
      // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent (above)
      if (at + 1 < end) {
        const b1 = data[at + 1]!;
        // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent (above)
        if (b1 < 0x80 && b1 !== 0) {
          this.pos = at + 2;
          return (b0 & 0x7f) | (b1 << 7);
        }
      }
    }
    return this.ulebSlow();
  }

  private ulebSlow(): number {
    const start = this.pos;
    let value = 0;
    for (let i = 0; ; i++) {
      const byte = this.u8();
      value += (byte & 0x7f) * 2 ** (7 * i);
      if ((byte & 0x80) === 0) {
        if (i === 4 && byte > 0x0f) {
          throw new FormatError("E_LEB_RANGE", start, "uleb128 value is 2^32 or more");
        }
        // A lone zero byte is read by uleb()'s fast path: here `i > 0` always holds.
        // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent (above)
        if (i > 0 && byte === 0) {
          throw new FormatError("E_LEB_OVERLONG", start, "uleb128 is not minimally encoded");
        }
        return value;
      }
      if (i === 4) throw new FormatError("E_LEB_RANGE", start, "uleb128 is longer than 5 bytes");
    }
  }

  /** Minimal sleb128 of at most 10 bytes with a value in the i64 range. */
  sleb(): bigint {
    const start = this.pos;
    const first = this.u8();
    if ((first & 0x80) === 0) return BigInt((first << 25) >> 25);
    let value = BigInt(first & 0x7f);
    let shift = 7n;
    for (let i = 1; ; i++) {
      const byte = this.u8();
      value |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if ((byte & 0x80) === 0) {
        if (byte & 0x40) value -= 1n << shift;
        if (BigInt.asIntN(64, value) !== value) {
          throw new FormatError("E_LEB_RANGE", start, "sleb128 value is outside the i64 range");
        }
        if (slebLength(value) !== i + 1) {
          throw new FormatError("E_LEB_OVERLONG", start, "sleb128 is not minimally encoded");
        }
        return value;
      }
      if (i === 9) throw new FormatError("E_LEB_RANGE", start, "sleb128 is longer than 10 bytes");
    }
  }

  /** A uleb128 count of entries that each take at least `minBytes`, checked before allocating. */
  count(minBytes: number, what: string): number {
    const at = this.pos;
    const n = this.uleb();
    if (n * minBytes > this.remaining) {
      throw new FormatError(
        "E_COUNT",
        at,
        `${what} count ${n} exceeds the ${this.remaining} bytes left`,
      );
    }
    return n;
  }

  /** A view of the next `n` bytes (no copy). */
  bytes(n: number): Uint8Array {
    const at = this.need(n, "bytes");
    return this.data.subarray(at, at + n);
  }

  string(): string {
    const n = this.count(1, "string byte");
    // Stryker disable next-line StringLiteral: count() has checked these bytes, need() never fails
    const at = this.need(n, "bytes");
    const end = at + n;
    const ascii = this.ascii(at, end);
    // Stryker disable next-line ConditionalExpression: equivalent (the decoder gives the same string)
    if (ascii !== undefined) return ascii;
    try {
      return decoder.decode(this.data.subarray(at, end));
    } catch {
      throw new FormatError("E_UTF8", at, "string is not well-formed UTF-8");
    }
  }

  /**
   * `data[at, end)` as a string when those bytes are ASCII. Nearly every string is: a slice of
   * the section read as single-byte text, found by one regex scan for the next non-ASCII byte,
   * instead of a decoder call per string.
   */
  // Only faster: a miss scans again, a narrower window leaves the string to the UTF-8 decoder
  // (the same string); strings are read front to back, so a window never starts after one.
  // Stryker disable all: equivalent (above; docs/testing.md, row M)
  ascii(at: number, end: number): string | undefined {
    if (at < this.asciiStart || end > this.asciiEnd) {
      this.asciiStart = at;
      this.asciiEnd = this.nextNonAscii(at);
    }
    return end <= this.asciiEnd ? this.text!.slice(at - this.start, end - this.start) : undefined;
  }

  /** The offset of the first byte >= 0x80 at or after `from` (the section end if none). */
  private nextNonAscii(from: number): number {
    if (this.text === undefined) {
      const text = singleByte.decode(this.data.subarray(this.start, this.end));
      // One character per byte, or no fast path (then every string is decoded as UTF-8).
      this.text = text.length === this.end - this.start ? text : "";
    }
    if (this.text === "") return from;
    NON_ASCII.lastIndex = from - this.start;
    // test() (unlike exec()) allocates no match; a global regex leaves lastIndex past the match.
    return NON_ASCII.test(this.text) ? NON_ASCII.lastIndex - 1 + this.start : this.end;
  }
}
