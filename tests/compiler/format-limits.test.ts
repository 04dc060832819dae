// The compiler never emits a file the runtime rejects: every count the format limits
// (spec/format.md §6) that source can reach is a positioned diagnostic; the source itself is
// size-limited and must be UTF-8 (spec/language.md §1).
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/index.js";
import { decodeSource, MAX_SOURCE_BYTES } from "../../language/index.js";
import { load } from "../../runtime/index.js";

const codeOf = (source: string) => {
  const r = compileSource(source, { fileName: "t.veld" });
  return r.diagnostics.map((d) => `${d.code}@${d.span.start.line}:${d.span.start.col}`);
};
const fields = (n: number) => Array.from({ length: n }, (_, i) => `  f${i}: int\n`).join("");
const ints = (n: number) => Array.from({ length: n }, () => "int").join(", ");

describe("format limits are compile-time diagnostics", () => {
  it("a struct of 255 fields builds and loads; 256 is E0925", () => {
    const ok = compileSource(`struct S\n${fields(255)}end\nprintln(1)\n`);
    expect(ok.diagnostics).toEqual([]);
    expect(() => load(ok.bytes!)).not.toThrow();
    expect(codeOf(`println(0)\nstruct S\n${fields(256)}end\n`)).toEqual(["E0925@258:3"]);
    expect(compileSource(`struct S\n${fields(256)}end\n`).diagnostics[0]?.message).toBe(
      "struct `S` has 256 fields; the limit is 255",
    );
  });

  it("an enum variant of 255 payload values builds and loads; 256 is E0926", () => {
    const ok = compileSource(`enum E\n  A(${ints(255)})\nend\nprintln(1)\n`);
    expect(ok.diagnostics).toEqual([]);
    expect(() => load(ok.bytes!)).not.toThrow();
    expect(codeOf(`enum E\n  B\n  A(${ints(256)})\nend\n`)).toEqual(["E0926@3:3"]);
    expect(compileSource(`enum E\n  A(${ints(256)})\nend\n`).diagnostics[0]?.message).toBe(
      "variant `A` has 256 payload values; the limit is 255",
    );
  });

  it("65,536 enum variants in a program compile; the enum that passes the limit is E0927", () => {
    const names = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => `  ${prefix}${i}\n`).join("");
    const program = (n: number) =>
      `enum E\n${names("V", 65_530)}end\nenum F\n${names("W", n)}end\n`;
    expect(codeOf(program(6))).toEqual([]);
    expect(codeOf(program(7))).toEqual(["E0927@65533:1"]);
    expect(compileSource(program(7)).diagnostics[0]?.message).toBe(
      "more than 65536 enum variants in the program",
    );
  });

  it("more than 65,536 globals is E0927 at the declaration that passes the limit", () => {
    const fns = Array.from({ length: 65_537 }, (_, i) => `fn f${i}() => ${i}`).join("\n");
    expect(codeOf(fns)).toEqual(["E0927@65537:1"]);
    expect(compileSource(fns).diagnostics[0]?.message).toBe(
      "more than 65536 global slots (top-level functions and variables)",
    );
  });
});

describe("source bytes", () => {
  it("invalid UTF-8 is E0112 at the line:col of the bad byte", () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('let x = 1\nprintln("hé '),
      0xff,
      ...new TextEncoder().encode('")\n'),
    ]);
    const { diagnostics } = decodeSource(bytes);
    expect(diagnostics.map((d) => [d.code, d.span.start.line, d.span.start.col])).toEqual([
      ["E0112", 2, 13],
    ]);
  });

  it.each([
    ["a lone continuation byte", [0x80]],
    ["an overlong encoding", [0xc0, 0xaf]],
    ["a surrogate", [0xed, 0xa0, 0x80]],
    ["a truncated sequence at the end", [0xe2, 0x82]],
    ["a code point above U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
  ])("%s is E0112", (_, bad) => {
    const bytes = new Uint8Array([0x61, 0x0d, 0x0a, 0x62, ...bad]);
    const d = decodeSource(bytes).diagnostics;
    expect(d.map((x) => [x.code, x.span.start.line, x.span.start.col])).toEqual([["E0112", 2, 2]]);
  });

  it("valid UTF-8 (and a byte order mark) decodes without diagnostics", () => {
    const text = "\u{1F389} é\r\nfin";
    const r = decodeSource(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]));
    expect(r).toEqual({ source: text, diagnostics: [] });
  });

  it("a source beyond MAX_SOURCE_BYTES is E0113, from bytes and from compileSource", () => {
    const big = new Uint8Array(MAX_SOURCE_BYTES + 1).fill(0x20);
    expect(decodeSource(big).diagnostics.map((d) => d.code)).toEqual(["E0113"]);
    expect(decodeSource(big.subarray(1)).diagnostics).toEqual([]);
    expect(codeOf(" ".repeat(MAX_SOURCE_BYTES - 1) + "é")).toEqual(["E0113@1:1"]);
  });
});
