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
