// String sizes count UTF-8 bytes (spec/semantics.md §4), whatever JavaScript's UTF-16 says.

import { describe, expect, it } from "vitest";
import { concatTooLong, MAX_STRING_BYTES, utf8Length } from "../../runtime/text.js";

describe("string sizes in UTF-8 bytes", () => {
  it("counts 1 to 4 bytes per scalar value", () => {
    expect(utf8Length("")).toBe(0);
    expect(utf8Length("a")).toBe(1);
    expect(utf8Length("é")).toBe(2);
    expect(utf8Length("λ€")).toBe(5);
    expect(utf8Length("😀")).toBe(4);
    expect(utf8Length("a😀é")).toBe(7);
    expect(utf8Length("a😀é")).toBe(new TextEncoder().encode("a😀é").length);
  });

  it("refuses a concatenation above 2^28 bytes, judged without building it", () => {
    const quarter = "a".repeat(MAX_STRING_BYTES / 4);
    expect(concatTooLong(quarter, quarter)).toBe(false);
    // 2^27 two-byte scalars are 2^28 bytes but only 2^27 UTF-16 units.
    const twoByte = "é".repeat(MAX_STRING_BYTES / 4);
    expect(concatTooLong(twoByte, twoByte)).toBe(false);
    expect(concatTooLong(twoByte, twoByte + "x")).toBe(true);
    expect(concatTooLong("a".repeat(MAX_STRING_BYTES), "")).toBe(false);
    expect(concatTooLong("a".repeat(MAX_STRING_BYTES), "b")).toBe(true);
  });
});
