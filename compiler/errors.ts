// Compile errors: a stable code, a message and the source position they point at. The CLI
// renders them like the front end's diagnostics (file:line:col, source line, caret).

import type { DiagnosticCode } from "../language/diagnostics.js";

export interface Pos {
  readonly line: number;
  readonly col: number;
}

export class CompileError extends Error {
  constructor(
    readonly code: DiagnosticCode,
    message: string,
    readonly pos: Pos,
  ) {
    super(message);
  }
}
