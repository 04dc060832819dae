// Hand-written lexer for Veld core (spec/language.md §2). One pass, linear time, never throws:
// malformed input becomes a diagnostic plus the most plausible token so parsing can go on.
// Columns count Unicode scalar values; offsets are UTF-16 indexes into the source string.

import { diagnostic, type Diagnostic, type DiagnosticCode, type Pos } from "./diagnostics.js";
import { PUNCTUATION, wordKind, type Token, type TokenKind } from "./tokens.js";

export interface LexResult {
  tokens: Token[];
  diagnostics: Diagnostic[];
}

export const I64_MAX = (1n << 63n) - 1n;
/** `-9223372036854775808` is written as `-` applied to this literal (§2.4). */
const I64_MIN_MAGNITUDE = 1n << 63n;

const ESCAPES: Readonly<Record<string, string>> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "\\": "\\",
  '"': '"',
  "'": "'",
  "0": "\0",
};

/** Operators from other languages: a diagnostic with a hint, then the Veld token. */
const FOREIGN: readonly { text: string; code: DiagnosticCode; kind: TokenKind; hint: string }[] = [
  { text: "&&", code: "E0111", kind: "and", hint: "`&&` is not Veld; use `and`" },
  { text: "||", code: "E0111", kind: "or", hint: "`||` is not Veld; use `or`" },
  { text: "**", code: "E0109", kind: "*^", hint: "the power operator is `*^`" },
  { text: "~=", code: "E0114", kind: "!=", hint: "Veld's not-equal is `!=`" },
];

const isDigit = (c: string) => c >= "0" && c <= "9";
const isIdentStart = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
const isIdentPart = (c: string) => isIdentStart(c) || isDigit(c);

export function lex(source: string): LexResult {
  const tokens: Token[] = [];
  const diagnostics: Diagnostic[] = [];
  let i = 0;
  let line = 1;
  let col = 1;
  let newlineBefore = false;

  const pos = (): Pos => ({ line, col, offset: i });
  /** The scalar at UTF-16 index j (one or two code units), or "" at the end. */
  const scalarAt = (j: number): string => {
    const u = source.charCodeAt(j);
    if (u >= 0xd800 && u <= 0xdbff && j + 1 < source.length) return source.slice(j, j + 2);
    return j < source.length ? source[j]! : "";
  };
  const peek = (k = 0): string => {
    let j = i;
    for (let n = 0; n < k && j < source.length; n++) j += scalarAt(j).length;
    return scalarAt(j);
  };
  const advance = (): string => {
    const c = scalarAt(i);
    i += c.length;
    if (c === "\n" || (c === "\r" && source[i] !== "\n")) {
      line++;
      col = 1;
      newlineBefore = true;
    } else if (c !== "\r") {
      col++;
    }
    return c;
  };
  /** Skips ASCII identifier characters (or only digits) without leaving the line. */
  const skipAsciiWord = (digitsOnly: boolean): void => {
    while (i < source.length) {
      const u = source.charCodeAt(i);
      const digit = u >= 48 && u <= 57;
      const letter = (u >= 65 && u <= 90) || (u >= 97 && u <= 122) || u === 95;
      if (!(digit || (!digitsOnly && letter))) return;
      i++;
      col++;
    }
  };
  const error = (code: DiagnosticCode, message: string, start: Pos, hint?: string) =>
    diagnostics.push(diagnostic(code, message, { start, end: pos() }, hint));
  const push = (kind: TokenKind, start: Pos, value?: Token["value"]) => {
    const tok: Token = {
      kind,
      text: source.slice(start.offset, i),
      span: { start, end: pos() },
      newlineBefore,
    };
    if (value !== undefined) tok.value = value;
    tokens.push(tok);
    newlineBefore = false;
  };

  /** Reads one string/char body unit; returns the decoded text. Assumes not at end. */
  const readUnit = (): string => {
    const start = pos();
    const c = advance();
    if (c !== "\\") return c;
    if (i >= source.length) return "\\";
    const e = advance();
    const decoded = ESCAPES[e];
    if (decoded !== undefined) return decoded;
    error(
      "E0104",
      `unknown escape sequence \`\\${e}\``,
      start,
      "valid escapes are \\n \\t \\r \\\\ \\\" \\' \\0",
    );
    return e;
  };

  const lexNumber = (start: Pos) => {
    skipAsciiWord(true);
    const afterDot = tokens.length > 0 && tokens[tokens.length - 1]!.kind === ".";
    let isFloat = false;
    if (!afterDot && peek() === "." && isDigit(peek(1))) {
      isFloat = true;
      advance();
      skipAsciiWord(true);
    }
    if (isIdentPart(peek())) {
      skipAsciiWord(false);
      error(
        "E0110",
        `malformed number literal \`${source.slice(start.offset, i)}\``,
        start,
        "Veld numbers are plain decimal: no exponents, suffixes, `_` separators or hex",
      );
      push("int", start, 0n);
      return;
    }
    const text = source.slice(start.offset, i);
    if (isFloat) {
      const v = Number(text);
      if (!Number.isFinite(v)) error("E0108", "float literal is too large", start);
      push("float", start, Number.isFinite(v) ? v : 0);
      return;
    }
    const v = BigInt(text);
    if (v > I64_MIN_MAGNITUDE) error("E0107", "integer literal does not fit in 64 bits", start);
    push("int", start, v > I64_MIN_MAGNITUDE ? 0n : v);
  };

  const lexString = (start: Pos) => {
    advance();
    let value = "";
    while (i < source.length && source[i] !== '"') value += readUnit();
    if (i >= source.length) {
      error("E0102", "unterminated string literal", start, 'close the string with `"`');
    } else advance();
    push("string", start, value);
  };

  const lexChar = (start: Pos) => {
    advance();
    let value = "";
    let units = 0;
    while (i < source.length && source[i] !== "'" && source[i] !== "\n") {
      value += readUnit();
      units++;
    }
    if (source[i] !== "'") {
      error(
        "E0106",
        "unterminated char literal",
        start,
        "close the char with `'`; strings use `\"`",
      );
    } else {
      advance();
      if (units !== 1)
        error(
          "E0105",
          "a char literal holds exactly one character",
          start,
          units === 0 ? undefined : 'use a string: "…"',
        );
    }
    push("char", start, units === 1 ? value : "\0");
  };

  const skipBlockComment = (start: Pos) => {
    let depth = 0;
    while (i < source.length) {
      if (source.startsWith("#[[", i)) {
        depth++;
        (advance(), advance(), advance());
      } else if (source.startsWith("]]", i)) {
        depth--;
        (advance(), advance());
        if (depth === 0) return;
      } else advance();
    }
    error("E0103", "unterminated block comment", start, "close it with `]]`");
  };

  while (i < source.length) {
    const c = peek();
    if (c === " " || c === "\t") {
      i++;
      col++;
      continue;
    }
    const start = pos();
    if (c === "\n" || c === "\r" || c === "\f") {
      advance();
    } else if (c === "#") {
      if (source.startsWith("#[[", i)) skipBlockComment(start);
      else while (i < source.length && source[i] !== "\n" && source[i] !== "\r") advance();
    } else if (isDigit(c)) {
      lexNumber(start);
    } else if (isIdentStart(c)) {
      skipAsciiWord(false);
      push(wordKind(source.slice(start.offset, i)), start);
    } else if (c === '"') {
      lexString(start);
    } else if (c === "'") {
      lexChar(start);
    } else {
      const foreign = FOREIGN.find((f) => source.startsWith(f.text, i));
      if (foreign !== undefined) {
        for (const _ of foreign.text) advance();
        error(foreign.code, `\`${foreign.text}\` is not a Veld operator`, start, foreign.hint);
        push(foreign.kind, start);
        continue;
      }
      const punct = PUNCTUATION.find((p) => source.startsWith(p, i));
      if (punct !== undefined) {
        for (const _ of punct) advance();
        push(punct as TokenKind, start);
        continue;
      }
      advance();
      error("E0101", `unexpected character \`${c}\``, start, foreignCharHint(c));
    }
  }
  tokens.push({ kind: "eof", text: "", span: { start: pos(), end: pos() }, newlineBefore: true });
  return { tokens, diagnostics };
}

function foreignCharHint(c: string): string | undefined {
  switch (c) {
    case "&":
      return "`&` is not Veld; use `and`";
    case "|":
      return "`|` is not Veld; use `or` (or `|>` for pipelines)";
    case "^":
      return "the power operator is `*^`";
    case "@":
      return "attributes are not part of Veld core";
    default:
      return /[^\x00-\x7f]/.test(c) ? "identifiers are ASCII letters, digits and `_`" : undefined;
  }
}
