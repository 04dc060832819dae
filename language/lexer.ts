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
  { text: "~=", code: "E0115", kind: "!=", hint: "Veld's not-equal is `!=`" },
];

/**
 * SYMBOLS[c]: the operators starting with character code c, longest first, each with its
 * token kind; another language's operator (FOREIGN) comes first and names its diagnostic.
 */
const SYMBOLS: Operator[][] = [];
interface Operator {
  readonly text: string;
  readonly kind: TokenKind;
  readonly foreign?: (typeof FOREIGN)[number];
}
for (const f of FOREIGN)
  (SYMBOLS[f.text.charCodeAt(0)] ??= []).push({ text: f.text, kind: f.kind, foreign: f });
for (const p of PUNCTUATION)
  (SYMBOLS[p.charCodeAt(0)] ??= []).push({ text: p, kind: p as TokenKind });

/** The operator at `source[i]` (whose character code is `u`), longest first. */
function operatorAt(source: string, i: number, u: number): Operator | undefined {
  const candidates = SYMBOLS[u];
  if (candidates === undefined) return undefined;
  for (let k = 0; k < candidates.length; k++) {
    const op = candidates[k]!;
    if (op.text.length === 1 || source.startsWith(op.text, i)) return op;
  }
  return undefined;
}

const isDigit = (c: string) => c >= "0" && c <= "9";

/** Integer literal prefixes (lowercase only, like the digits' `e`: one spelling per value). */
const RADIX_PREFIXES: Readonly<Record<string, { base: number; name: string }>> = {
  x: { base: 16, name: "hexadecimal" },
  o: { base: 8, name: "octal" },
  b: { base: 2, name: "binary" },
};
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
  /** The end of the last token pushed. */
  let lastEnd: Pos | undefined;
  const push = (kind: TokenKind, start: Pos, value?: Token["value"], text?: string) => {
    lastEnd = pos();
    const tok: Token = {
      kind,
      text: text ?? source.slice(start.offset, i),
      span: { start, end: lastEnd },
      newlineBefore,
    };
    if (value !== undefined) tok.value = value;
    tokens.push(tok);
    newlineBefore = false;
  };
  /** Skips to the end of the line (`advance` without building each scalar's string). */
  const skipLineComment = (): void => {
    while (i < source.length) {
      const u = source.charCodeAt(i);
      if (u === 10 || u === 13) return;
      i += u >= 0xd800 && u <= 0xdbff && i + 1 < source.length ? 2 : 1;
      col++;
    }
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
    if (e === "u") return readUnicodeEscape(start);
    error(
      "E0104",
      `unknown escape sequence \`\\${e}\``,
      start,
      "valid escapes are \\n \\t \\r \\\\ \\\" \\' \\0 \\u{…}",
    );
    return e;
  };

  /**
   * Skips a run of digits accepted by `isDigitOf`, with single `_` separators between two
   * digits; returns false when a `_` is misplaced (leading, trailing or doubled).
   */
  const skipDigits = (isDigitOf: (c: string) => boolean): boolean => {
    let ok = true;
    let prevDigit = false;
    while (i < source.length && (isDigitOf(source[i]!) || source[i] === "_")) {
      const digit = source[i] !== "_";
      if (!digit && !(prevDigit && isDigitOf(source[i + 1] ?? ""))) ok = false;
      prevDigit = digit;
      i++;
      col++;
    }
    return ok;
  };

  /** After `\\u`: `{`, 1–6 hex digits, `}`, naming a scalar value (not a surrogate). */
  const readUnicodeEscape = (start: Pos): string => {
    const bad = (why: string) => {
      error(
        "E0114",
        `malformed \`\\u{…}\` escape: ${why}`,
        start,
        "write `\\u{` 1 to 6 hex digits `}`, e.g. `\\u{1F600}`",
      );
      return "\uFFFD";
    };
    if (source[i] !== "{") return bad("expected `{` after `\\u`");
    advance();
    let digits = "";
    while (i < source.length && /[0-9A-Fa-f]/.test(source[i]!)) digits += advance();
    if (source[i] !== "}")
      return bad(digits.length === 0 ? "no hex digits" : "expected hex digits and `}`");
    advance();
    if (digits.length === 0) return bad("no hex digits");
    if (digits.length > 6) return bad("more than 6 hex digits");
    const cp = parseInt(digits, 16);
    if (cp > 0x10ffff) return bad("above U+10FFFF");
    if (cp >= 0xd800 && cp <= 0xdfff) return bad("a surrogate is not a Unicode scalar value");
    return String.fromCodePoint(cp);
  };

  const lexNumber = (start: Pos) => {
    const malformed = (hint: string) => {
      skipAsciiWord(false);
      error("E0110", `malformed number literal \`${source.slice(start.offset, i)}\``, start, hint);
      push("int", start, 0n);
    };
    const afterDot = tokens.length > 0 && tokens[tokens.length - 1]!.kind === ".";
    if (afterDot) {
      // A tuple index (`t.0.1`): plain digits only.
      skipAsciiWord(true);
      if (isIdentPart(peek())) return malformed("a tuple index is plain decimal digits");
      push("int", start, BigInt(source.slice(start.offset, i)));
      return;
    }
    const radix = source[i] === "0" ? RADIX_PREFIXES[source[i + 1] ?? ""] : undefined;
    if (radix !== undefined) {
      i += 2;
      col += 2;
      const isDigitOf = (c: string) => c !== "" && Number.isInteger(parseInt(c, radix.base));
      const digitsStart = i;
      const ok = skipDigits(isDigitOf);
      if (!ok || i === digitsStart || isIdentPart(peek()))
        return malformed(
          `${radix.name} literals are \`${source.slice(start.offset, start.offset + 2)}\` and ${radix.name} digits, \`_\` only between digits`,
        );
      const v = BigInt(
        source.slice(start.offset, start.offset + 2) +
          source.slice(digitsStart, i).replaceAll("_", ""),
      );
      if (v > I64_MIN_MAGNITUDE) error("E0107", "integer literal does not fit in 64 bits", start);
      push("int", start, v > I64_MIN_MAGNITUDE ? 0n : v);
      return;
    }
    let ok = skipDigits(isDigit);
    let isFloat = false;
    if (peek() === "." && isDigit(peek(1))) {
      isFloat = true;
      advance();
      ok = skipDigits(isDigit) && ok;
    }
    if ((peek() === "e" || peek() === "E") && ok) {
      advance();
      if (peek() === "+" || peek() === "-") advance();
      if (isDigit(peek()) && skipDigits(isDigit) && !isIdentPart(peek())) isFloat = true;
      else {
        return malformed("an exponent is `e`, an optional sign and digits: `1e3`, `2.5e-3`");
      }
    }
    if (!ok || isIdentPart(peek()))
      return malformed(
        "numbers are decimal (`_` only between digits), `0x`/`0o`/`0b` integers, or floats like `2.5e-3`; there are no suffixes",
      );
    const text = source.slice(start.offset, i).replaceAll("_", "");
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
    const u = source.charCodeAt(i);
    if (u === 32 || u === 9) {
      i++;
      col++;
      continue;
    }
    // A token that starts where the previous one ended shares its end position.
    const start = lastEnd !== undefined && lastEnd.offset === i ? lastEnd : pos();
    if (u === 10 || u === 13 || u === 12) {
      advance();
    } else if (u === 35) {
      if (source.startsWith("#[[", i)) skipBlockComment(start);
      else skipLineComment();
    } else if (u >= 48 && u <= 57) {
      lexNumber(start);
    } else if ((u >= 97 && u <= 122) || (u >= 65 && u <= 90) || u === 95) {
      skipAsciiWord(false);
      const text = source.slice(start.offset, i);
      const kind = wordKind(text);
      // A keyword's text is its kind (the same characters).
      push(kind, start, undefined, kind === "ident" || kind === "reserved" ? text : kind);
    } else if (u === 34) {
      lexString(start);
    } else if (u === 39) {
      lexChar(start);
    } else {
      const punct = operatorAt(source, i, u);
      if (punct !== undefined) {
        // No symbol holds a line break or a non-ASCII character.
        i += punct.text.length;
        col += punct.text.length;
        if (punct.foreign !== undefined) {
          const f = punct.foreign;
          error(f.code, `\`${f.text}\` is not a Veld operator`, start, f.hint);
        }
        push(punct.kind, start, undefined, punct.text);
        continue;
      }
      const c = advance();
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
    case "^":
      return "the power operator is `*^`";
    case "@":
      return "attributes are not part of Veld core";
    default:
      return /[^\x00-\x7f]/.test(c) ? "identifiers are ASCII letters, digits and `_`" : undefined;
  }
}
