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
  const lexer = new Lexer(source);
  const tokens: Token[] = [];
  let t: Token;
  do tokens.push((t = lexer.next()));
  while (t.kind !== "eof");
  return { tokens, diagnostics: lexer.diagnostics };
}

/**
 * The lexer as a stream: `next()` reads the token after the last one, so the parser holds only
 * its look-ahead and the tokens die young. The same tokens and diagnostics as a whole pass.
 */
export class Lexer {
  readonly diagnostics: Diagnostic[] = [];
  private i = 0;
  private line = 1;
  private col = 1;
  private newlineBefore = false;
  /** The end of the last token read, and that token's kind. */
  private lastEnd: Pos | undefined = undefined;
  private lastKind: TokenKind | undefined = undefined;
  private eof: Token | undefined = undefined;
  /** For a `(` read ahead by `lambdaParen`: whether `=>` follows its `)`, by offset. */
  private lambdaMemo: Map<number, boolean> | undefined = undefined;

  constructor(private readonly source: string) {}

  /** The next token; `eof` at the end, and again on every call after it. */
  next(): Token {
    const source = this.source;
    while (this.i < source.length) {
      const i = this.i;
      const u = source.charCodeAt(i);
      if (u === 32 || u === 9) {
        this.i++;
        this.col++;
        continue;
      }
      // A token that starts where the previous one ended shares its end position.
      const lastEnd = this.lastEnd;
      const start = lastEnd !== undefined && lastEnd.offset === i ? lastEnd : this.pos();
      if (u === 10 || u === 13 || u === 12) {
        this.advance();
      } else if (u === 35) {
        if (source.startsWith("#[[", i)) this.skipBlockComment(start);
        else this.skipLineComment();
      } else if (u >= 48 && u <= 57) {
        return this.lexNumber(start);
      } else if ((u >= 97 && u <= 122) || (u >= 65 && u <= 90) || u === 95) {
        this.skipAsciiWord(false);
        const text = source.slice(i, this.i);
        const kind = wordKind(text);
        // A keyword's text is its kind (the same characters).
        return this.push(
          kind,
          start,
          undefined,
          kind === "ident" || kind === "reserved" ? text : kind,
        );
      } else if (u === 34) {
        return this.lexString(start);
      } else if (u === 39) {
        return this.lexChar(start);
      } else {
        const punct = operatorAt(source, i, u);
        if (punct !== undefined) {
          // No symbol holds a line break or a non-ASCII character.
          this.i += punct.text.length;
          this.col += punct.text.length;
          if (punct.foreign !== undefined) {
            const f = punct.foreign;
            this.error(f.code, `\`${f.text}\` is not a Veld operator`, start, f.hint);
          }
          return this.push(punct.kind, start, undefined, punct.text);
        }
        const c = this.advance();
        this.error("E0101", `unexpected character \`${c}\``, start, foreignCharHint(c));
      }
    }
    return (this.eof ??= {
      kind: "eof",
      text: "",
      span: { start: this.pos(), end: this.pos() },
      newlineBefore: true,
    });
  }

  /**
   * Whether `=>` follows the `)` that matches `open`, the last `(` read (a lambda's
   * parameters). Reads ahead on a copy of the lexer, without its diagnostics; every `(` met
   * on the way is answered too, so each is read ahead once.
   */
  lambdaParen(open: Token): boolean {
    const memo = (this.lambdaMemo ??= new Map());
    const known = memo.get(open.span.start.offset);
    if (known !== undefined) {
      memo.delete(open.span.start.offset);
      return known;
    }
    const scan = new Lexer(this.source);
    const end = open.span.end;
    scan.i = end.offset;
    scan.line = end.line;
    scan.col = end.col;
    scan.lastEnd = end;
    scan.lastKind = "(";
    const opens: number[] = [open.span.start.offset];
    let closed = -1;
    for (;;) {
      const t = scan.next();
      if (closed >= 0) memo.set(closed, t.kind === "=>");
      closed = -1;
      if (t.kind === "eof") break;
      if (t.kind === "(") opens.push(t.span.start.offset);
      else if (t.kind === ")") {
        closed = opens.pop()!;
        if (opens.length === 0) {
          const answer = scan.next().kind === "=>";
          return answer;
        }
      }
    }
    // Unclosed: no `)` matches these.
    for (const o of opens) memo.set(o, false);
    const answer = memo.get(open.span.start.offset)!;
    memo.delete(open.span.start.offset);
    return answer;
  }

  private pos(): Pos {
    return { line: this.line, col: this.col, offset: this.i };
  }

  /** The scalar at UTF-16 index j (one or two code units), or "" at the end. */
  private scalarAt(j: number): string {
    const source = this.source;
    const u = source.charCodeAt(j);
    if (u >= 0xd800 && u <= 0xdbff && j + 1 < source.length) return source.slice(j, j + 2);
    return j < source.length ? source[j]! : "";
  }

  private peek(k = 0): string {
    let j = this.i;
    for (let n = 0; n < k && j < this.source.length; n++) j += this.scalarAt(j).length;
    return this.scalarAt(j);
  }

  private advance(): string {
    const c = this.scalarAt(this.i);
    this.i += c.length;
    if (c === "\n" || (c === "\r" && this.source[this.i] !== "\n")) {
      this.line++;
      this.col = 1;
      this.newlineBefore = true;
    } else if (c !== "\r") {
      this.col++;
    }
    return c;
  }

  /** Skips ASCII identifier characters (or only digits) without leaving the line. */
  private skipAsciiWord(digitsOnly: boolean): void {
    const source = this.source;
    let i = this.i;
    while (i < source.length) {
      const u = source.charCodeAt(i);
      const digit = u >= 48 && u <= 57;
      const letter = (u >= 65 && u <= 90) || (u >= 97 && u <= 122) || u === 95;
      if (!(digit || (!digitsOnly && letter))) break;
      i++;
    }
    this.col += i - this.i;
    this.i = i;
  }

  private error(code: DiagnosticCode, message: string, start: Pos, hint?: string): void {
    this.diagnostics.push(diagnostic(code, message, { start, end: this.pos() }, hint));
  }

  private push(kind: TokenKind, start: Pos, value?: Token["value"], text?: string): Token {
    const end = this.pos();
    this.lastEnd = end;
    this.lastKind = kind;
    const tok: Token = {
      kind,
      text: text ?? this.source.slice(start.offset, this.i),
      span: { start, end },
      newlineBefore: this.newlineBefore,
    };
    if (value !== undefined) tok.value = value;
    this.newlineBefore = false;
    return tok;
  }

  /** Skips to the end of the line (`advance` without building each scalar's string). */
  private skipLineComment(): void {
    const source = this.source;
    while (this.i < source.length) {
      const u = source.charCodeAt(this.i);
      if (u === 10 || u === 13) return;
      this.i += u >= 0xd800 && u <= 0xdbff && this.i + 1 < source.length ? 2 : 1;
      this.col++;
    }
  }

  /** Reads one string/char body unit; returns the decoded text. Assumes not at end. */
  private readUnit(): string {
    const start = this.pos();
    const c = this.advance();
    if (c !== "\\") return c;
    if (this.i >= this.source.length) return "\\";
    const e = this.advance();
    const decoded = ESCAPES[e];
    if (decoded !== undefined) return decoded;
    if (e === "u") return this.readUnicodeEscape(start);
    this.error(
      "E0104",
      `unknown escape sequence \`\\${e}\``,
      start,
      "valid escapes are \\n \\t \\r \\\\ \\\" \\' \\0 \\u{…}",
    );
    return e;
  }

  /**
   * Skips a run of digits accepted by `isDigitOf`, with single `_` separators between two
   * digits; returns false when a `_` is misplaced (leading, trailing or doubled).
   */
  private skipDigits(isDigitOf: (c: string) => boolean): boolean {
    const source = this.source;
    let ok = true;
    let prevDigit = false;
    while (this.i < source.length && (isDigitOf(source[this.i]!) || source[this.i] === "_")) {
      const digit = source[this.i] !== "_";
      if (!digit && !(prevDigit && isDigitOf(source[this.i + 1] ?? ""))) ok = false;
      prevDigit = digit;
      this.i++;
      this.col++;
    }
    return ok;
  }

  /** After `\\u`: `{`, 1–6 hex digits, `}`, naming a scalar value (not a surrogate). */
  private readUnicodeEscape(start: Pos): string {
    const bad = (why: string) => {
      this.error(
        "E0114",
        `malformed \`\\u{…}\` escape: ${why}`,
        start,
        "write `\\u{` 1 to 6 hex digits `}`, e.g. `\\u{1F600}`",
      );
      return "\uFFFD";
    };
    const source = this.source;
    if (source[this.i] !== "{") return bad("expected `{` after `\\u`");
    this.advance();
    let digits = "";
    while (this.i < source.length && /[0-9A-Fa-f]/.test(source[this.i]!)) digits += this.advance();
    if (source[this.i] !== "}")
      return bad(digits.length === 0 ? "no hex digits" : "expected hex digits and `}`");
    this.advance();
    if (digits.length === 0) return bad("no hex digits");
    if (digits.length > 6) return bad("more than 6 hex digits");
    const cp = parseInt(digits, 16);
    if (cp > 0x10ffff) return bad("above U+10FFFF");
    if (cp >= 0xd800 && cp <= 0xdfff) return bad("a surrogate is not a Unicode scalar value");
    return String.fromCodePoint(cp);
  }

  private lexNumber(start: Pos): Token {
    const source = this.source;
    const malformed = (hint: string): Token => {
      this.skipAsciiWord(false);
      this.error(
        "E0110",
        `malformed number literal \`${source.slice(start.offset, this.i)}\``,
        start,
        hint,
      );
      return this.push("int", start, 0n);
    };
    if (this.lastKind === ".") {
      // A tuple index (`t.0.1`): plain digits only.
      this.skipAsciiWord(true);
      if (isIdentPart(this.peek())) return malformed("a tuple index is plain decimal digits");
      return this.push("int", start, BigInt(source.slice(start.offset, this.i)));
    }
    const radix = source[this.i] === "0" ? RADIX_PREFIXES[source[this.i + 1] ?? ""] : undefined;
    if (radix !== undefined) {
      this.i += 2;
      this.col += 2;
      const isDigitOf = (c: string) => c !== "" && Number.isInteger(parseInt(c, radix.base));
      const digitsStart = this.i;
      const ok = this.skipDigits(isDigitOf);
      if (!ok || this.i === digitsStart || isIdentPart(this.peek()))
        return malformed(
          `${radix.name} literals are \`${source.slice(start.offset, start.offset + 2)}\` and ${radix.name} digits, \`_\` only between digits`,
        );
      const v = BigInt(
        source.slice(start.offset, start.offset + 2) +
          source.slice(digitsStart, this.i).replaceAll("_", ""),
      );
      if (v > I64_MIN_MAGNITUDE)
        this.error("E0107", "integer literal does not fit in 64 bits", start);
      return this.push("int", start, v > I64_MIN_MAGNITUDE ? 0n : v);
    }
    let ok = this.skipDigits(isDigit);
    let isFloat = false;
    if (this.peek() === "." && isDigit(this.peek(1))) {
      isFloat = true;
      this.advance();
      ok = this.skipDigits(isDigit) && ok;
    }
    if ((this.peek() === "e" || this.peek() === "E") && ok) {
      this.advance();
      if (this.peek() === "+" || this.peek() === "-") this.advance();
      if (isDigit(this.peek()) && this.skipDigits(isDigit) && !isIdentPart(this.peek()))
        isFloat = true;
      else {
        return malformed("an exponent is `e`, an optional sign and digits: `1e3`, `2.5e-3`");
      }
    }
    if (!ok || isIdentPart(this.peek()))
      return malformed(
        "numbers are decimal (`_` only between digits), `0x`/`0o`/`0b` integers, or floats like `2.5e-3`; there are no suffixes",
      );
    const text = source.slice(start.offset, this.i).replaceAll("_", "");
    if (isFloat) {
      const v = Number(text);
      if (!Number.isFinite(v)) this.error("E0108", "float literal is too large", start);
      return this.push("float", start, Number.isFinite(v) ? v : 0);
    }
    const v = BigInt(text);
    if (v > I64_MIN_MAGNITUDE)
      this.error("E0107", "integer literal does not fit in 64 bits", start);
    return this.push("int", start, v > I64_MIN_MAGNITUDE ? 0n : v);
  }

  private lexString(start: Pos): Token {
    const source = this.source;
    this.advance();
    let value = "";
    while (this.i < source.length && source[this.i] !== '"') value += this.readUnit();
    if (this.i >= source.length) {
      this.error("E0102", "unterminated string literal", start, 'close the string with `"`');
    } else this.advance();
    return this.push("string", start, value);
  }

  private lexChar(start: Pos): Token {
    const source = this.source;
    this.advance();
    let value = "";
    let units = 0;
    while (this.i < source.length && source[this.i] !== "'" && source[this.i] !== "\n") {
      value += this.readUnit();
      units++;
    }
    if (source[this.i] !== "'") {
      this.error(
        "E0106",
        "unterminated char literal",
        start,
        "close the char with `'`; strings use `\"`",
      );
    } else {
      this.advance();
      if (units !== 1)
        this.error(
          "E0105",
          "a char literal holds exactly one character",
          start,
          units === 0 ? undefined : 'use a string: "…"',
        );
    }
    return this.push("char", start, units === 1 ? value : "\0");
  }

  private skipBlockComment(start: Pos): void {
    const source = this.source;
    let depth = 0;
    while (this.i < source.length) {
      if (source.startsWith("#[[", this.i)) {
        depth++;
        (this.advance(), this.advance(), this.advance());
      } else if (source.startsWith("]]", this.i)) {
        depth--;
        (this.advance(), this.advance());
        if (depth === 0) return;
      } else this.advance();
    }
    this.error("E0103", "unterminated block comment", start, "close it with `]]`");
  }
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
