// Assembly diagnostics (spec/assembly.md §7): a message with a 1-based line and column,
// rendered like a compiler error with the offending source line and a caret under it.

export interface Diagnostic {
  readonly message: string;
  readonly line: number;
  readonly col: number;
}

/** `file.vasm:3:7: error: message`, then the source line and a caret at the column. */
export function renderDiagnostic(d: Diagnostic, fileName: string, source: string): string {
  const text = source.split("\n")[d.line - 1]?.replace(/\r$/, "") ?? "";
  const pad = text.slice(0, Math.max(0, d.col - 1)).replace(/[^\t]/g, " ");
  return `${fileName}:${d.line}:${d.col}: error: ${d.message}\n  ${text}\n  ${pad}^\n`;
}

export function renderDiagnostics(
  diagnostics: readonly Diagnostic[],
  fileName: string,
  source: string,
): string {
  return diagnostics.map((d) => renderDiagnostic(d, fileName, source)).join("");
}

export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => a.line - b.line || a.col - b.col);
}
