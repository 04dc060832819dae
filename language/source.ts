// Reading a source file's bytes (spec/language.md §1): the size limit and strict UTF-8. A file
// beyond MAX_SOURCE_BYTES is refused before it is decoded, which bounds the front end's and
// the compiler's memory; a byte sequence that is not UTF-8 is a diagnostic at its line:col,
// never a silent U+FFFD.

import { diagnostic, type Diagnostic, type Pos } from "./diagnostics.js";

/** The largest source file the toolchain accepts (4 MiB). */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

export interface DecodedSource {
  /** The text; with a diagnostic, what can be shown of it (U+FFFD for bad bytes). */
  readonly source: string;
  readonly diagnostics: Diagnostic[];
}

const FIRST: Pos = { line: 1, col: 1, offset: 0 };

/** Decodes a source file's bytes (a leading byte order mark is dropped). */
export function decodeSource(bytes: Uint8Array): DecodedSource {
  if (bytes.length > MAX_SOURCE_BYTES) {
    const d = diagnostic(
      "E0113",
      `the source is ${bytes.length} bytes; the limit is ${MAX_SOURCE_BYTES} (4 MiB)`,
      { start: FIRST, end: FIRST },
      "split the program into smaller files",
    );
    return { source: "", diagnostics: [d] };
  }
  const { text, bad } = decodeUtf8(bytes);
  if (!bad) return { source: text, diagnostics: [] };
  const { pos } = bad;
  const d = diagnostic(
    "E0112",
    bad.message,
    { start: pos, end: { ...pos, col: pos.col + 1, offset: pos.offset + 1 } },
    "save the file as UTF-8",
  );
  return { source: text, diagnostics: [d] };
}

/**
 * Decodes UTF-8 strictly. `bad` names the first byte that is not UTF-8 and its line and
 * column; `text` is then what can be shown (U+FFFD for bad bytes).
 */
export function decodeUtf8(bytes: Uint8Array): {
  text: string;
  bad?: { pos: Pos; message: string };
} {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    const at = invalidUtf8At(bytes);
    const pos = positionAfter(new TextDecoder("utf-8").decode(bytes.subarray(0, at)));
    const byte = bytes[at]!.toString(16).padStart(2, "0");
    return {
      text: new TextDecoder("utf-8").decode(bytes),
      bad: { pos, message: `invalid UTF-8: byte 0x${byte} at byte offset ${at}` },
    };
  }
}

/** The offset of the first byte that does not start or continue a well-formed sequence. */
function invalidUtf8At(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c < 0x80) n = 0;
    else if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f; // nothing above U+10FFFF
    } else return i;
    for (let j = 1; j <= n; j++) {
      const t = b[i + j];
      if (t === undefined || t < (j === 1 ? lo : 0x80) || t > (j === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return b.length;
}

/** The position just after `text` (lines end at \r\n, \n or \r; columns count scalars). */
function positionAfter(text: string): Pos {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  const col = Array.from(text.slice(lineStart)).length + 1;
  return { line, col, offset: text.length };
}
