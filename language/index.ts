// Public entry of the Veld front end (spec/language.md): parse, check, print, render.
// Everything here is host-neutral (no Node built-ins) so it also runs in browsers.

import type { SourceFile } from "./ast.js";
import type { Diagnostic } from "./diagnostics.js";
import { parseSource } from "./parser.js";
import { resolve } from "./resolver.js";

export type * from "./ast.js";
export { forEachChild, mapChildren } from "./ast.js";
export type { Diagnostic, DiagnosticCode } from "./diagnostics.js";
export { DIAGNOSTIC_CODES, renderDiagnostic, renderDiagnostics } from "./diagnostics.js";
export { lex } from "./lexer.js";
export { decodeSource, MAX_SOURCE_BYTES, type DecodedSource } from "./source.js";
export type { Token, TokenKind } from "./tokens.js";
export { MAX_NESTING } from "./parser.js";
export { printProgram, printExpr, printPattern, printType } from "./printer.js";
export { resolve, resolveModules } from "./resolver.js";
export {
  isUserImport,
  loadProgram,
  modulePath,
  type LoadedProgram,
  type ModuleHost,
  type SourceModule,
} from "./modules.js";
export { PRELUDE } from "./prelude.js";
export type { Binding, BindingKind, NativeRef, Resolution, Storage } from "./resolver.js";

export interface ParseOutput {
  program: SourceFile;
  diagnostics: Diagnostic[];
  fileName: string;
}

/** Lexes and parses; never throws for any input string. */
export function parse(source: string, fileName = "<input>"): ParseOutput {
  const { program, diagnostics } = parseSource(source);
  return { program, diagnostics, fileName };
}

/** Static checks that need no types (§7); the full side tables come from `resolve`. */
export function check(program: SourceFile): Diagnostic[] {
  return resolve(program).diagnostics;
}
