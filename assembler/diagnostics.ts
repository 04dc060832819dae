// Assembly diagnostics (spec/assembly.md §7): a message with a 1-based line and column and a
// code for its class, rendered in the same shape as the compiler's (language/diagnostics.ts):
// `file:line:col: error[CODE]: message`, then the source line in a gutter and a caret.

/**
 * The class of an assembly error. A verification failure carries the verifier's own code
 * (`E_…`, spec/format.md §9) instead.
 */
export const ASSEMBLY_CODES = {
  A0101: "lexical: bad character, unterminated literal, unknown escape, malformed number",
  A0201: "syntax: a line that is not a directive, label or instruction of the grammar",
  A0301: "meaning: blocks and directives, operands (count, kind, range), names, labels, tables",
} as const;

export type AssemblyCode = keyof typeof ASSEMBLY_CODES;

export interface Diagnostic {
  /** An AssemblyCode, or the verifier's `E_…` code. */
  readonly code: string;
  readonly message: string;
  readonly line: number;
  readonly col: number;
}

/**
 * Renders like the compiler:
 *   prog.vasm:2:13: error[A0301]: operand 2 of LOADI must be an integer, found 'x'
 *     |
 *   2 |     LOADI R0, x
 *     |               ^
 */
export function renderDiagnostic(d: Diagnostic, fileName: string, source: string): string {
  const text = source.split("\n")[d.line - 1]?.replace(/\r$/, "") ?? "";
  const lead = text.slice(0, Math.max(0, d.col - 1)).replace(/[^\t]/g, " ");
  const gutter = String(d.line).length + 1;
  const pad = " ".repeat(gutter);
  return (
    [
      `${fileName}:${d.line}:${d.col}: error[${d.code}]: ${d.message}`,
      `${pad}|`,
      `${String(d.line).padStart(gutter - 1)} | ${text}`,
      `${pad}| ${lead}^`,
    ].join("\n") + "\n"
  );
}

export function renderDiagnostics(
  diagnostics: readonly Diagnostic[],
  fileName: string,
  source: string,
): string {
  return diagnostics.map((d) => renderDiagnostic(d, fileName, source)).join("\n");
}

export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => a.line - b.line || a.col - b.col);
}
