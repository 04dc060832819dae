// Token kinds of the Veld core lexical grammar (spec/language.md §2). Keywords and punctuation
// use their own text as their kind so the parser can compare kinds directly.

import type { Span } from "./diagnostics.js";

export const KEYWORDS = [
  "fn",
  "proc",
  "let",
  "mut",
  "var",
  "const",
  "struct",
  "enum",
  "impl",
  "kind",
  "end",
  "if",
  "then",
  "else",
  "while",
  "for",
  "in",
  "do",
  "break",
  "continue",
  "return",
  "match",
  "where",
  "as",
  "and",
  "or",
  "true",
  "false",
  "self",
  "import",
  "pub",
  "type",
  "try",
  "catch",
  "finally",
  "throw",
] as const;

/** Words kept back for future use or taken by the reference for features Veld core lacks. */
export const RESERVED = [
  "from",
  "static",
  "async",
  "await",
  "spawn",
  "plex",
  "union",
  "mod",
  "macro",
] as const;

/** Longest match first: multi-character entries precede their prefixes (the lexer relies on it). */
export const PUNCTUATION = [
  "..=",
  "..",
  ".",
  "*^",
  "*=",
  "*",
  "->",
  "-=",
  "-",
  "=>",
  "==",
  "=",
  "!=",
  "!",
  "<=",
  "<-",
  "<",
  ">=",
  ">",
  "|>",
  "|",
  "+=",
  "+",
  "/=",
  "/",
  "%=",
  "%",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ",",
  ":",
  ";",
  "~",
  "?",
] as const;

export type Keyword = (typeof KEYWORDS)[number];
export type Punctuation = (typeof PUNCTUATION)[number];
export type TokenKind =
  Keyword | Punctuation | "int" | "float" | "string" | "char" | "ident" | "reserved" | "eof";

export interface Token {
  kind: TokenKind;
  /** Exact source text of the token. */
  text: string;
  span: Span;
  /** True when a line break separates this token from the previous one (the `(` rule, §4.1). */
  newlineBefore: boolean;
  /** Decoded literal value: bigint for int, number for float, string for string and char. */
  value?: bigint | number | string;
}

const keywordSet: ReadonlySet<string> = new Set(KEYWORDS);
const reservedSet: ReadonlySet<string> = new Set(RESERVED);

/** Each keyword's own constant string: a token's kind compares by identity. */
const keywordKind: ReadonlyMap<string, Keyword> = new Map(KEYWORDS.map((k) => [k, k]));

export function wordKind(text: string): TokenKind {
  const keyword = keywordKind.get(text);
  if (keyword !== undefined) return keyword;
  return reservedSet.has(text) ? "reserved" : "ident";
}

/** Identifiers, keywords and reserved words: all may name a field after `.` (`e.kind`). */
export function isWordToken(t: Token): boolean {
  return t.kind === "ident" || t.kind === "reserved" || keywordSet.has(t.kind);
}

export function isIdentifierText(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text) && wordKind(text) === "ident";
}
