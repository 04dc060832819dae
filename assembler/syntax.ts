// Spellings shared by the assembler and the disassembler (spec/assembly.md §4 Operands):
// index prefixes, literal formatting, and the name resolution rules. The disassembler prints
// a name only when resolving that name gives back the same index, so canonical text always
// re-assembles to the same module.

import { FLOAT_WORDS, floatBits } from "./lexer.js";
import type { OperandKind } from "../format/opcodes.js";
import type { TypeDef } from "../format/module.js";

/** Index prefixes of operand kinds that are written as `<prefix><number>`. */
export const OPERAND_PREFIX: Partial<Record<OperandKind, string>> = {
  reg: "R",
  kst: "K",
  kstr: "K",
  knum: "K",
  upval: "U",
  child: "P",
  global: "G",
  native: "N",
  struct: "T",
  variant: "V",
};

/** `R12` → 12 for prefix "R"; undefined when the word is not that prefix and a number. */
export function indexRef(word: string, prefix: string): number | undefined {
  if (!word.startsWith(prefix)) return undefined;
  const digits = word.slice(prefix.length);
  if (!/^(0|[1-9][0-9]*)$/.test(digits) || digits.length > 9) return undefined;
  return Number(digits);
}

/** True when `word` lexes back as one identifier token. */
export function isPlainIdent(word: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(word) && !FLOAT_WORDS.has(word) && !word.endsWith(".");
}

export function quoteString(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeChar(ch, '"');
  return `${out}"`;
}

export function quoteChar(codePoint: number): string {
  const ch = codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : "";
  return `'${escapeChar(ch, "'")}'`;
}

function escapeChar(ch: string, quote: string): string {
  switch (ch) {
    case "\n":
      return "\\n";
    case "\t":
      return "\\t";
    case "\r":
      return "\\r";
    case "\\":
      return "\\\\";
    case "\0":
      return "\\0";
    case quote:
      return `\\${quote}`;
  }
  const cp = ch.codePointAt(0)!;
  // Controls, separators, BOM and lone surrogates would not survive an editor or a split("\n").
  if (
    cp < 0x20 ||
    (cp >= 0x7f && cp < 0xa0) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0xfeff ||
    (cp >= 0xd800 && cp <= 0xdfff)
  ) {
    return `\\u{${cp.toString(16).toUpperCase()}}`;
  }
  return ch;
}

const CANONICAL_NAN = 0x7ff8000000000000n;

/** A float literal that lexes back to the same bits and never reads as an int. */
export function formatFloat(value: number): string {
  if (Number.isNaN(value)) {
    const bits = floatBits(value);
    return bits === CANONICAL_NAN ? "nan" : `nan:0x${bits.toString(16).padStart(16, "0")}`;
  }
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  if (Object.is(value, -0)) return "-0.0";
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

export function hexBytes(data: Uint8Array): string {
  let out = "";
  for (const b of data) out += b.toString(16).padStart(2, "0");
  return out;
}

/** Parses an even-length hex string; undefined when malformed. */
export function parseHex(text: string): Uint8Array | undefined {
  if (!/^([0-9a-fA-F]{2})*$/.test(text)) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** First type (in table order) whose name is `name`. */
export function resolveTypeName(
  types: readonly TypeDef[],
  strings: readonly string[],
  name: string,
): number | undefined {
  const i = types.findIndex((t) => strings[t.name] === name);
  return i < 0 ? undefined : i;
}

/**
 * `Type.Variant` → module-wide variant number: the first enum named Type that has a variant
 * named Variant, and its first such variant. The type name is everything before the last dot.
 */
export function resolveVariantName(
  types: readonly TypeDef[],
  strings: readonly string[],
  dotted: string,
): number | undefined {
  const dot = dotted.lastIndexOf(".");
  if (dot <= 0) return undefined;
  const typeName = dotted.slice(0, dot);
  const variantName = dotted.slice(dot + 1);
  let base = 0;
  for (const t of types) {
    if (t.kind !== "enum") continue;
    if (strings[t.name] === typeName) {
      const tag = t.variants.findIndex((v) => strings[v.name] === variantName);
      if (tag >= 0) return base + tag;
    }
    base += t.variants.length;
  }
  return undefined;
}
