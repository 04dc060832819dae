// ByteReader at the edges of its bounds and of its fast paths (spec/format.md §2): every error
// with its code, offset and message, a reader bounded inside a larger buffer (it must not read
// past its end), and the short forms that skip the checked decoders giving what they would.

import { describe, expect, it } from "vitest";
import { ByteReader } from "../../format/bytes.js";
import { errorOf } from "./fixtures.js";

/** A reader of `bytes[start, end)` (default: all of it). */
const reader = (bytes: number[], start = 0, end = bytes.length) =>
  new ByteReader(Uint8Array.from(bytes), start, end);

function failure(run: () => unknown) {
  const e = errorOf(run);
  return { code: e.code, offset: e.offset, message: e.message };
}

describe("bounds", () => {
  it("reads nothing at or past its end, even when the buffer goes on", () => {
    expect(failure(() => reader([5, 6], 1, 1).u8())).toEqual({
      code: "E_TRUNCATED",
      offset: 1,
      message: "byte needs 1 bytes, 0 left",
    });
    expect(failure(() => reader([5], 0, 0).uleb())).toMatchObject({ code: "E_TRUNCATED" });
    // The two-byte form 0x80 0x01 (128) cut after its first byte.
    expect(failure(() => reader([0x80, 0x01], 0, 1).uleb())).toEqual({
      code: "E_TRUNCATED",
      offset: 1,
      message: "byte needs 1 bytes, 0 left",
    });
    expect(failure(() => reader([1, 2, 3, 4], 0, 3).u32())).toEqual({
      code: "E_TRUNCATED",
      offset: 0,
      message: "u32 needs 4 bytes, 3 left",
    });
    expect(failure(() => reader([1, 2], 1, 2).u16())).toEqual({
      code: "E_TRUNCATED",
      offset: 1,
      message: "u16 needs 2 bytes, 1 left",
    });
    expect(failure(() => reader(Array(8).fill(0), 1).f64())).toEqual({
      code: "E_TRUNCATED",
      offset: 1,
      message: "float needs 8 bytes, 7 left",
    });
  });

  it("reads exactly up to its end", () => {
    const r = reader([9, 1, 2, 3, 4, 0x34, 0x12, 0xff], 1, 7);
    expect(r.u32()).toBe(0x04030201);
    expect(r.u16()).toBe(0x1234);
    expect(r.remaining).toBe(0);
    expect([...reader([7, 8, 9], 1).bytes(2)]).toEqual([8, 9]);
    expect(failure(() => reader([7, 8, 9], 1).bytes(3))).toEqual({
      code: "E_TRUNCATED",
      offset: 1,
      message: "bytes needs 3 bytes, 2 left",
    });
  });

  it("a count is checked against the bytes its entries need", () => {
    expect(reader([2, 0, 0, 0, 0], 0).count(2, "pair")).toBe(2);
    expect(failure(() => reader([2, 0, 0, 0], 0).count(2, "pair"))).toEqual({
      code: "E_COUNT",
      offset: 0,
      message: "pair count 2 exceeds the 3 bytes left",
    });
    // A string's length is a count of bytes.
    expect(failure(() => reader([5, 0x61], 0).string())).toEqual({
      code: "E_COUNT",
      offset: 0,
      message: "string byte count 5 exceeds the 1 bytes left",
    });
  });
});

describe("uleb128", () => {
  it("the one- and two-byte forms, and the longer ones", () => {
    const cases: [number[], number][] = [
      [[0x00], 0],
      [[0x7f], 127],
      [[0x80, 0x01], 128],
      [[0xff, 0x7f], 16383],
      [[0x80, 0x80, 0x01], 16384],
      [[0xff, 0xff, 0xff, 0xff, 0x0f], 0xffffffff],
    ];
    for (const [bytes, value] of cases) {
      const r = reader([0xaa, ...bytes, 0xaa], 1, bytes.length + 1);
      expect(r.uleb()).toBe(value);
      expect(r.pos).toBe(bytes.length + 1);
    }
  });

  it("errors and their offsets: the first byte of the number", () => {
    expect(failure(() => reader([0xaa, 0x80, 0x00], 1).uleb())).toEqual({
      code: "E_LEB_OVERLONG",
      offset: 1,
      message: "uleb128 is not minimally encoded",
    });
    expect(failure(() => reader([0xaa, 0x80, 0x80, 0x00], 1).uleb())).toMatchObject({
      code: "E_LEB_OVERLONG",
      offset: 1,
    });
    expect(failure(() => reader([0xaa, 0xff, 0xff, 0xff, 0xff, 0x10], 1).uleb())).toEqual({
      code: "E_LEB_RANGE",
      offset: 1,
      message: "uleb128 value is 2^32 or more",
    });
    expect(failure(() => reader([0xaa, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], 1).uleb())).toEqual({
      code: "E_LEB_RANGE",
      offset: 1,
      message: "uleb128 is longer than 5 bytes",
    });
  });
});

describe("sleb128", () => {
  it("one byte holds -64..63", () => {
    for (const [byte, value] of [
      [0x00, 0n],
      [0x3f, 63n],
      [0x40, -64n],
      [0x7f, -1n],
    ] as const) {
      expect(reader([byte]).sleb()).toBe(value);
    }
  });

  it("errors and their offsets", () => {
    expect(failure(() => reader([0xaa, 0xff, 0x7f], 1).sleb())).toEqual({
      code: "E_LEB_OVERLONG",
      offset: 1,
      message: "sleb128 is not minimally encoded",
    });
    expect(failure(() => reader([0xaa, ...Array(9).fill(0x80), 0x01], 1).sleb())).toEqual({
      code: "E_LEB_RANGE",
      offset: 1,
      message: "sleb128 value is outside the i64 range",
    });
    expect(failure(() => reader([0xaa, ...Array(10).fill(0x80), 0x00], 1).sleb())).toEqual({
      code: "E_LEB_RANGE",
      offset: 1,
      message: "sleb128 is longer than 10 bytes",
    });
    // i64's bounds in 10 bytes are in range.
    expect(reader([...Array(9).fill(0x80), 0x7f]).sleb()).toBe(-(2n ** 63n));
    expect(reader([...Array(9).fill(0xff), 0x00]).sleb()).toBe(2n ** 63n - 1n);
  });
});

describe("floats and strings", () => {
  it("only the canonical NaN", () => {
    const nan = [0, 0, 0, 0, 0, 0, 0xf8, 0x7f];
    expect(reader(nan).f64()).toBeNaN();
    expect(failure(() => reader([0xaa, 1, 0, 0, 0, 0, 0, 0xf8, 0x7f], 1).f64())).toEqual({
      code: "E_NAN",
      offset: 1,
      message: "NaN constants must be 0x7FF8000000000000",
    });
    expect(reader([0, 0, 0, 0, 0, 0, 0xf0, 0x7f]).f64()).toBe(Infinity);
  });

  it("ASCII, UTF-8 and bad UTF-8, in any order in one section", () => {
    const utf8 = (s: string) => [...new TextEncoder().encode(s)];
    const strings = ["ab", "é", "cd", "", "ü€", "ef"];
    const bytes = strings.flatMap((s) => [utf8(s).length, ...utf8(s)]);
    const r = reader([0x00, ...bytes, 0x61], 1, bytes.length + 1);
    expect(strings.map(() => r.string())).toEqual(strings);
    expect(r.remaining).toBe(0);
    expect(failure(() => reader([0x61, 2, 0x61, 0xff], 1).string())).toEqual({
      code: "E_UTF8",
      offset: 2,
      message: "string is not well-formed UTF-8",
    });
    // A string's ASCII prefix is not the string.
    expect(reader([4, 0x61, 0x62, 0xc3, 0xa9]).string()).toBe("abé");
  });
});
