// Primitive encodings of spec/format.md §2–3: LEB128 examples and edge cases, CRC-32 check value.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteReader, ByteWriter } from "../../format/bytes.js";
import { FormatError, crc32 } from "../../format/index.js";

const uleb = (n: number) => {
  const w = new ByteWriter();
  w.uleb(n);
  return [...w.finish()];
};
const sleb = (n: bigint) => {
  const w = new ByteWriter();
  w.sleb(n);
  return [...w.finish()];
};
const reader = (bytes: number[]) => new ByteReader(Uint8Array.from(bytes), 0, bytes.length);
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (e) {
    return e instanceof FormatError ? e.code : "other";
  }
  return "none";
};

describe("LEB128", () => {
  it("matches the spec's examples", () => {
    expect(uleb(0)).toEqual([0x00]);
    expect(uleb(300)).toEqual([0xac, 0x02]);
    expect(uleb(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(sleb(-1n)).toEqual([0x7f]);
    expect(sleb(63n)).toEqual([0x3f]);
    expect(sleb(64n)).toEqual([0xc0, 0x00]);
    expect(sleb(-65n)).toEqual([0xbf, 0x7f]);
    expect(sleb(-(2n ** 63n))).toHaveLength(10);
  });

  it("rejects overlong and out-of-range encodings", () => {
    expect(codeOf(() => reader([0x80, 0x00]).uleb())).toBe("E_LEB_OVERLONG");
    expect(codeOf(() => reader([0xff, 0xff, 0xff, 0xff, 0x1f]).uleb())).toBe("E_LEB_RANGE");
    expect(codeOf(() => reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]).uleb())).toBe("E_LEB_RANGE");
    expect(codeOf(() => reader([0xff, 0x7f]).sleb())).toBe("E_LEB_OVERLONG"); // -1 in 2 bytes
    expect(codeOf(() => reader([0x80, 0x00]).sleb())).toBe("E_LEB_OVERLONG");
    // 2^63 (one past i64 max) in 10 bytes.
    expect(codeOf(() => reader([...Array(9).fill(0x80), 0x01]).sleb())).toBe("E_LEB_RANGE");
    expect(codeOf(() => reader([0x80]).uleb())).toBe("E_TRUNCATED");
  });

  it("property: every u32 and i64 round-trips through its minimal encoding", () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), (n) => {
        expect(reader(uleb(n)).uleb()).toBe(n);
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (n) => {
        const bytes = sleb(n);
        const r = reader(bytes);
        expect(r.sleb()).toBe(n);
        expect(r.remaining).toBe(0);
      }),
    );
  });
});

describe("CRC-32", () => {
  it("has the IEEE/zlib check value", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe("ByteWriter", () => {
  const written = (write: (w: ByteWriter) => void) => {
    const w = new ByteWriter();
    write(w);
    const bytes = [...w.finish()];
    expect(w.length).toBe(bytes.length);
    return bytes;
  };

  it("writes fixed-width integers little-endian, and a byte only if it fits", () => {
    expect(written((w) => w.u8(255))).toEqual([0xff]);
    expect(written((w) => w.u16(0x1234))).toEqual([0x34, 0x12]);
    expect(written((w) => w.u32(0x12345678))).toEqual([0x78, 0x56, 0x34, 0x12]);
    for (const bad of [256, -1, 1.5]) {
      expect(() => written((w) => w.u8(bad))).toThrow(new RangeError(`${bad} does not fit a byte`));
    }
  });

  it("writes floats as binary64, every NaN as the canonical one", () => {
    expect(written((w) => w.f64(NaN))).toEqual([0, 0, 0, 0, 0, 0, 0xf8, 0x7f]);
    expect(written((w) => w.f64(-0))).toEqual([0, 0, 0, 0, 0, 0, 0, 0x80]);
    expect(written((w) => w.f64(1.5))).toEqual([0, 0, 0, 0, 0, 0, 0xf8, 0x3f]);
  });

  it("writes a uleb128 of a u32 only", () => {
    expect(written((w) => w.uleb(127))).toEqual([0x7f]);
    expect(written((w) => w.uleb(128))).toEqual([0x80, 0x01]);
    for (const bad of [-1, 2 ** 32, 0.5, NaN]) {
      expect(() => written((w) => w.uleb(bad))).toThrow(new RangeError(`${bad} is not a u32`));
    }
  });

  it("sleb32 writes the same bytes as sleb", () => {
    for (const v of [0, -1, 63, 64, -64, -65, 8191, 8192, -8192, -8193, 2 ** 31 - 1, -(2 ** 31)]) {
      expect(
        written((w) => w.sleb32(v)),
        `${v}`,
      ).toEqual(sleb(BigInt(v)));
    }
  });

  it("writes a string as its UTF-8 length and bytes, short ASCII or not", () => {
    expect(written((w) => w.string(""))).toEqual([0]);
    expect(written((w) => w.string("abc"))).toEqual([3, 0x61, 0x62, 0x63]);
    expect(written((w) => w.string("é"))).toEqual([2, 0xc3, 0xa9]);
    expect(written((w) => w.string("a\u007f"))).toEqual([2, 0x61, 0x7f]);
    expect(written((w) => w.string("a\u0080"))).toEqual([3, 0x61, 0xc2, 0x80]);
    for (const n of [64, 65, 200]) {
      const text = "x".repeat(n);
      expect(written((w) => w.string(text))).toEqual([...uleb(n), ...Array(n).fill(0x78)]);
    }
    const long = "y".repeat(70) + "é";
    expect(written((w) => w.string(long))).toEqual([72, ...Array(70).fill(0x79), 0xc3, 0xa9]);
  });

  it("pads to an alignment with zeros", () => {
    expect(written((w) => (w.u8(9), w.align(4)))).toEqual([9, 0, 0, 0]);
    expect(written((w) => (w.u32(1), w.align(4)))).toEqual([1, 0, 0, 0]);
    expect(written((w) => w.align(8))).toEqual([]);
  });

  it("grows past its first buffer, keeping what it wrote", () => {
    const big = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
    expect(written((w) => (w.u8(7), w.bytes(big), w.u8(8)))).toEqual([7, ...big, 8]);
    const many = written((w) => {
      for (let i = 0; i < 300; i++) w.u16(i);
    });
    expect(many).toHaveLength(600);
    expect(many.slice(596)).toEqual([298 & 0xff, 298 >> 8, 299 & 0xff, 299 >> 8]);
    expect(many.slice(254, 258)).toEqual([127, 0, 128, 0]);
  });
});
