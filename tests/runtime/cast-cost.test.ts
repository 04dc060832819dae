// Unit tests of `as` (runtime/cast.ts) and of the cost model's work sizes (runtime/cost.ts),
// written against the survivors of their mutation runs (docs/testing.md, "Mutation testing"):
// the exact error messages, f32 rounding only for `f32`, and the int/bigint result choice.

import { describe, expect, it } from "vitest";
import { cast } from "../../runtime/cast.js";
import { HEADER_BYTES, SLOT_BYTES, slotsBytes, workSize, workSteps } from "../../runtime/cost.js";
import { failure } from "../helpers/trap.js";
import { VChar, VFloat, VMap, VSet, VTuple, type Value } from "../../runtime/values.js";

describe("cast", () => {
  it("converts to floats, rounding to single precision only for f32", () => {
    expect(cast(0.1, "f64")).toBe(0.1);
    expect(cast(0.1, "f32")).toBe(Math.fround(0.1));
    expect(cast(2n ** 60n, "f64")).toEqual(new VFloat(2 ** 60));
    expect(cast(new VFloat(3), "f32")).toEqual(new VFloat(3));
  });
  it("names the kind and target of a conversion it refuses", () => {
    expect(failure(() => cast(true, "f64"))).toBe("TypeError: cannot convert bool to f64");
    expect(failure(() => cast("7", "i32"))).toBe("TypeError: cannot convert str to i32");
    expect(failure(() => cast(new VTuple([]), "u8"))).toBe("TypeError: cannot convert tuple to u8");
  });
  it("reports the value and target that do not fit", () => {
    expect(failure(() => cast(Infinity, "i64"))).toBe("IntegerOverflow: inf does not fit i64");
    expect(failure(() => cast(NaN, "u8"))).toBe("IntegerOverflow: NaN does not fit u8");
    expect(failure(() => cast(256, "u8"))).toBe("IntegerOverflow: 256 does not fit u8");
    expect(failure(() => cast(-1, "u64"))).toBe("IntegerOverflow: -1 does not fit u64");
    expect(failure(() => cast(-129.5, "i8"))).toBe("IntegerOverflow: -129.5 does not fit i8");
  });
  it("keeps the bounds themselves", () => {
    expect(cast(-128, "i8")).toBe(-128);
    expect(cast(-128.9, "i8")).toBe(-128);
    expect(cast(65535, "u16")).toBe(65535);
    expect(cast(-(2n ** 63n), "i64")).toBe(-(2n ** 63n));
  });
  it("gives a JS number within 2^53 and a bigint beyond", () => {
    expect(cast(5, "i64")).toBe(5);
    expect(cast(new VFloat(-0), "i64")).toBe(0);
    expect(cast(new VFloat(2 ** 53), "i64")).toBe(2n ** 53n);
    expect(cast(2n ** 62n, "i64")).toBe(2n ** 62n);
    expect(cast(VChar.of(0x1f600), "u32")).toBe(0x1f600);
    expect(cast(false, "u8")).toBe(0);
    expect(cast(true, "i8")).toBe(1);
  });
  it("formats any value for str", () => {
    expect(cast(new VFloat(2), "str")).toBe("2");
    expect(cast([1, "a"], "str")).toBe("[1, a]");
  });
});

describe("cost model", () => {
  it("work size: UTF-8 bytes of a str, entries of an array, map or set, else 0", () => {
    const map = new VMap();
    map.vals.set(1, "x");
    map.vals.set(2, "y");
    const set = new VSet();
    set.items.set("a", "a");
    const sizes: [Value, number][] = [
      ["h\u00e9\u{1f600}", 7],
      [[1, 2, 3], 3],
      [map, 2],
      [set, 1],
      [new VTuple([1, 2]), 0],
      [5, 0],
    ];
    for (const [v, n] of sizes) expect(workSize(v)).toBe(n);
  });
  it("steps per work unit and bytes per slot", () => {
    expect([workSteps(63), workSteps(64), workSteps(129)]).toEqual([0, 1, 2]);
    expect(slotsBytes(3)).toBe(HEADER_BYTES + 3 * SLOT_BYTES);
    expect([HEADER_BYTES, SLOT_BYTES]).toEqual([16, 8]);
  });
});
