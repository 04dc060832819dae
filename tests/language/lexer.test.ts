import { describe, expect, it } from "vitest";
import { lex } from "../../language/index.js";
import { codes } from "./helpers.js";

const kinds = (src: string) => lex(src).tokens.map((t) => t.kind);

describe("lexer", () => {
  it("lexes keywords, identifiers, punctuation", () => {
    expect(kinds("let mut x = y |> f ..= 3 *^ 2")).toEqual([
      "let",
      "mut",
      "ident",
      "=",
      "ident",
      "|>",
      "ident",
      "..=",
      "int",
      "*^",
      "int",
      "eof",
    ]);
    expect(kinds("a += 1 -= *= /= %= == != <= >= -> => <- ~ ?")).toEqual([
      "ident",
      "+=",
      "int",
      "-=",
      "*=",
      "/=",
      "%=",
      "==",
      "!=",
      "<=",
      ">=",
      "->",
      "=>",
      "<-",
      "~",
      "?",
      "eof",
    ]);
  });

  it("decodes literals", () => {
    const t = lex(`42 1.5 "a\\n\\t\\\\\\"\\0\\'" 'x' '\\n'`).tokens;
    expect(t.map((x) => x.value)).toEqual([42n, 1.5, "a\n\t\\\"\0'", "x", "\n", undefined]);
  });

  it("keeps `1..5` and `t.0.1` apart", () => {
    expect(kinds("1..5")).toEqual(["int", "..", "int", "eof"]);
    expect(kinds("t.0.1")).toEqual(["ident", ".", "int", ".", "int", "eof"]);
  });

  it("counts columns in Unicode scalar values, offsets in UTF-16 units", () => {
    const t = lex('"🎉é" x').tokens[1]!;
    expect(t.span.start).toEqual({ line: 1, col: 6, offset: 6 });
  });

  it("tracks lines across CRLF, comments and multi-line strings", () => {
    const t = lex('#[[ a\n b ]]\r\n"x\ny" z').tokens;
    expect(t[0]!.span.start.line).toBe(3);
    expect(t[1]!.span.start).toMatchObject({ line: 4, col: 4 });
    expect(t[1]!.newlineBefore).toBe(false);
  });

  it("marks tokens that follow a line break", () => {
    expect(lex("f\n(1)").tokens.map((t) => t.newlineBefore)).toEqual([
      false,
      true,
      false,
      false,
      true,
    ]);
  });

  const cases: [string, string, string][] = [
    ["E0101", "let x = 1 @ 2", "E0101@1:11"],
    ["E0102", 'let s = "abc', "E0102@1:9"],
    ["E0103", "x #[[ never closed", "E0103@1:3"],
    ["E0104", 'let s = "a\\qb"', "E0104@1:11"],
    ["E0105", "let c = 'ab'", "E0105@1:9"],
    ["E0106", "let c = 'a", "E0106@1:9"],
    ["E0107", "let n = 99999999999999999999", "E0107@1:9"],
    ["E0108", `let f = ${"9".repeat(400)}.0`, "E0108@1:9"],
    ["E0109", "let p = 2 ** 3", "E0109@1:11"],
    ["E0110", "let n = 1e", "E0110@1:9"],
    ["E0110 suffix", "let n = 5i64", "E0110@1:9"],
    ["E0110 trailing _", "let n = 1_", "E0110@1:9"],
    ["E0110 double _", "let n = 1__0", "E0110@1:9"],
    ["E0110 bad hex digit", "let n = 0xfg", "E0110@1:9"],
    ["E0110 bad binary digit", "let n = 0b102", "E0110@1:9"],
    ["E0110 empty hex", "let n = 0x", "E0110@1:9"],
    ["E0110 uppercase prefix", "let n = 0X1", "E0110@1:9"],
    ["E0110 exponent sign only", "let n = 1e+", "E0110@1:9"],
    ["E0107 hex", "let n = 0x8000000000000001", "E0107@1:9"],
    ["E0108 exponent", "let n = 1e400", "E0108@1:9"],
    ["E0114 empty", 'let s = "\\u{}"', "E0114@1:10"],
    ["E0114 no brace", 'let s = "\\u41"', "E0114@1:10"],
    ["E0114 too long", 'let s = "\\u{0000041}"', "E0114@1:10"],
    ["E0114 above max", "let c = '\\u{110000}'", "E0114@1:10"],
    ["E0114 surrogate", "let c = '\\u{DC00}'", "E0114@1:10"],
    ["E0111", "let b = a && b", "E0111@1:11"],
  ];
  for (const [code, src, expected] of cases) {
    it(`reports ${code}`, () => expect(codes(lex(src).diagnostics)).toEqual([expected]));
  }

  it("reads exponents, `_` separators, radix prefixes and `\\u{…}` escapes", () => {
    const values = (src: string) =>
      lex(src)
        .tokens.slice(0, -1)
        .map((t) => t.value);
    expect(values("1e3 2.5e-3 1E2 6.02e+23 1e-400")).toEqual([1000, 0.0025, 100, 6.02e23, 0]);
    expect(lex("1e3").tokens[0]!.kind).toBe("float");
    expect(values("1_000_000 1_0.2_5 0xff 0xFF_ff 0o17 0b1010 0x7fffffffffffffff")).toEqual([
      1000000n,
      10.25,
      255n,
      65535n,
      15n,
      10n,
      (1n << 63n) - 1n,
    ]);
    expect(values("\"\\u{48}\\u{e9}\\u{1F600}\" '\\u{0}'")).toEqual(["Hé😀", "\0"]);
    expect(lex("t.0.1").tokens.map((t) => t.kind)).toEqual([
      "ident",
      ".",
      "int",
      ".",
      "int",
      "eof",
    ]);
  });

  it("hints at Veld spellings of foreign operators", () => {
    expect(lex("a || b").diagnostics[0]!.hint).toBe("`||` is not Veld; use `or`");
    expect(lex("a && b").diagnostics[0]!.hint).toBe("`&&` is not Veld; use `and`");
    expect(lex("a & b").diagnostics[0]!.hint).toBe("`&` is not Veld; use `and`");
    expect(kinds("a || b")).toEqual(["ident", "or", "ident", "eof"]);
  });
});
