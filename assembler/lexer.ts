// Tokens of the `.vasm` text format (spec/assembly.md §2 Lexical structure). The format is
// line-oriented, so the lexer returns one token list per non-empty source line; a bad
// character becomes a diagnostic and the rest of that line is skipped, so later lines still
// report their own errors.

import type { Diagnostic } from "./diagnostics.js";

export type Token =
  | { readonly t: "dir"; readonly v: string; readonly line: number; readonly col: number } // .name
  | { readonly t: "ident"; readonly v: string; readonly line: number; readonly col: number }
  | {
      readonly t: "int";
      readonly v: bigint;
      readonly signed: boolean; // written with an explicit + or -
      readonly line: number;
      readonly col: number;
    }
  | { readonly t: "float"; readonly v: number; readonly line: number; readonly col: number }
  | { readonly t: "str"; readonly v: string; readonly line: number; readonly col: number }
  | { readonly t: "char"; readonly v: number; readonly line: number; readonly col: number }
  | { readonly t: "label"; readonly v: string; readonly line: number; readonly col: number } // @name
  | {
      readonly t: "punct";
      readonly v: "," | "(" | ")" | ":";
      readonly line: number;
      readonly col: number;
    };

export interface LexedLine {
  readonly line: number;
  readonly tokens: readonly Token[];
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_.]/;

/** Words that lex as float literals, never as identifiers. */
export const FLOAT_WORDS = new Set(["inf", "nan"]);

export function lex(text: string, diagnostics: Diagnostic[]): LexedLine[] {
  const out: LexedLine[] = [];
  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    const src = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const tokens: Token[] = [];
    try {
      lexLine(src, i + 1, tokens);
    } catch (err) {
      if (!(err instanceof LexError)) throw err;
      diagnostics.push({ code: "A0101", message: err.message, line: i + 1, col: err.col });
      return;
    }
    if (tokens.length > 0) out.push({ line: i + 1, tokens });
  });
  return out;
}

class LexError extends Error {
  constructor(
    message: string,
    readonly col: number,
  ) {
    super(message);
  }
}

function lexLine(src: string, line: number, tokens: Token[]): void {
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    const col = i + 1;
    if (ch === " " || ch === "\t") {
      i++;
    } else if (ch === ";") {
      return;
    } else if (ch === "," || ch === "(" || ch === ")" || ch === ":") {
      tokens.push({ t: "punct", v: ch, line, col });
      i++;
    } else if (ch === '"') {
      const [v, end] = readQuoted(src, i, '"');
      tokens.push({ t: "str", v, line, col });
      i = end;
    } else if (ch === "'") {
      const [v, end] = readQuoted(src, i, "'");
      const cps = [...v];
      if (cps.length !== 1) throw new LexError("a char literal holds exactly one character", col);
      tokens.push({ t: "char", v: cps[0]!.codePointAt(0)!, line, col });
      i = end;
    } else if (ch === "." && i + 1 < src.length && IDENT_START.test(src[i + 1]!)) {
      let j = i + 1;
      while (j < src.length && IDENT_PART.test(src[j]!) && src[j] !== ".") j++;
      tokens.push({ t: "dir", v: src.slice(i, j), line, col });
      i = j;
    } else if (ch === "@") {
      let j = i + 1;
      while (j < src.length && IDENT_PART.test(src[j]!)) j++;
      if (j === i + 1) throw new LexError("expected a label name after '@'", col);
      tokens.push({ t: "label", v: src.slice(i + 1, j), line, col });
      i = j;
    } else if (/[0-9+-]/.test(ch)) {
      i = readNumber(src, i, line, tokens);
    } else if (IDENT_START.test(ch)) {
      let j = i;
      while (j < src.length && IDENT_PART.test(src[j]!)) j++;
      const word = src.slice(i, j);
      if (word === "nan" && src.startsWith(":0x", j)) {
        i = readNumber(src, i, line, tokens);
      } else {
        if (FLOAT_WORDS.has(word)) tokens.push({ t: "float", v: floatWord(word), line, col });
        else tokens.push({ t: "ident", v: word, line, col });
        i = j;
      }
    } else {
      throw new LexError(`unexpected character ${JSON.stringify(ch)}`, col);
    }
  }
}

function floatWord(word: string): number {
  return word === "inf" ? Infinity : NaN;
}

const NUMBER = /^[+-]?(?:0x[0-9a-fA-F_]+|[0-9][0-9_]*(?:\.[0-9_]+)?(?:[eE][+-]?[0-9]+)?)/;

/** Reads an int, a float, `±inf`, `±nan` or `nan:0xBITS` starting at `i`; returns the end. */
function readNumber(src: string, i: number, line: number, tokens: Token[]): number {
  const col = i + 1;
  const rest = src.slice(i);
  const word = /^[+-]?[A-Za-z_][A-Za-z0-9_]*(?::0x[0-9a-fA-F]+)?/.exec(rest);
  if (word) {
    const text = word[0];
    const sign = text.startsWith("-") ? -1 : 1;
    const body = text.replace(/^[+-]/, "");
    if (body === "inf") tokens.push({ t: "float", v: sign * Infinity, line, col });
    else if (body === "nan") tokens.push({ t: "float", v: NaN, line, col });
    else if (body.startsWith("nan:0x") && text === body && body.length === 6 + 16)
      tokens.push({ t: "float", v: floatFromBits(BigInt(body.slice(4))), line, col });
    else throw new LexError(`malformed number ${JSON.stringify(text)}`, col);
    return i + text.length;
  }
  const m = NUMBER.exec(rest);
  if (!m) throw new LexError(`malformed number ${JSON.stringify(rest.split(/[\s,;]/)[0])}`, col);
  const text = m[0];
  const end = i + text.length;
  if (end < src.length && /[A-Za-z0-9_.]/.test(src[end]!)) {
    throw new LexError(`malformed number ${JSON.stringify(rest.split(/[\s,;)]/)[0])}`, col);
  }
  const clean = text.replace(/_/g, "");
  const signed = clean.startsWith("+") || clean.startsWith("-");
  const isHex = /0x/.test(clean);
  if (!isHex && /[.eE]/.test(clean)) {
    tokens.push({ t: "float", v: Number(clean), line, col });
  } else {
    const neg = clean.startsWith("-");
    const magnitude = BigInt(clean.replace(/^[+-]/, ""));
    tokens.push({ t: "int", v: neg ? -magnitude : magnitude, signed, line, col });
  }
  return end;
}

export function floatFromBits(bits: bigint): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, bits);
  return view.getFloat64(0);
}

export function floatBits(value: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return view.getBigUint64(0);
}

const ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "\\": "\\",
  '"': '"',
  "'": "'",
  "0": "\0",
};

/** Reads a quoted literal starting at the opening quote; returns its value and end index. */
function readQuoted(src: string, start: number, quote: string): [string, number] {
  let out = "";
  let i = start + 1;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === quote) return [out, i + 1];
    if (ch === "\\") {
      const next = src[i + 1];
      if (next === undefined) break;
      if (next in ESCAPES) {
        out += ESCAPES[next];
        i += 2;
      } else if (next === "u") {
        const m = /^\\u\{([0-9a-fA-F]{1,6})\}/.exec(src.slice(i));
        const cp = m ? parseInt(m[1]!, 16) : -1;
        if (!m || cp > 0x10ffff) {
          throw new LexError("malformed escape: expected \\u{HEX} up to 10FFFF", i + 1);
        }
        out += String.fromCodePoint(cp);
        i += m[0].length;
      } else {
        throw new LexError(`unknown escape \\${next}`, i + 1);
      }
    } else {
      out += ch;
      i++;
    }
  }
  throw new LexError(`unterminated ${quote === '"' ? "string" : "char"} literal`, start + 1);
}
