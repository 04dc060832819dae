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
    ["E0110", "let n = 1e3", "E0110@1:9"],
    ["E0111", "let b = a && b", "E0111@1:11"],
  ];
  for (const [code, src, expected] of cases) {
    it(`reports ${code}`, () => expect(codes(lex(src).diagnostics)).toEqual([expected]));
  }

  it("hints at Veld spellings of foreign operators", () => {
    expect(lex("a || b").diagnostics[0]!.hint).toBe("`||` is not Veld; use `or`");
    expect(lex("a && b").diagnostics[0]!.hint).toBe("`&&` is not Veld; use `and`");
    expect(lex("a & b").diagnostics[0]!.hint).toBe("`&` is not Veld; use `and`");
    expect(kinds("a || b")).toEqual(["ident", "or", "ident", "eof"]);
  });
});
