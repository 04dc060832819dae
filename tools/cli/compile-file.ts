// Reading and compiling a source file for veldc's commands. The parser and the compiler are
// imported on first use: `veldc run` on a cached compilation loads neither.

import type { CompileResult } from "../../compiler/index.js";
import { CliExit, EXIT_INVALID_INPUT, readInput } from "./io.js";

const language = () => import("../../language/index.js");
const compiler = () => import("../../compiler/index.js");

export interface BuildFlags {
  strip?: boolean;
  O0?: boolean;
}

/** A source file's text; a file too large or not UTF-8 is a diagnostic (exit 65). */
export async function readSource(file: string, bytes = readInput(file)): Promise<string> {
  const { decodeSource, renderDiagnostics } = await language();
  const { source, diagnostics } = decodeSource(bytes);
  if (diagnostics.length > 0) {
    const fileName = file === "-" ? "<stdin>" : file;
    throw new CliExit(EXIT_INVALID_INPUT, renderDiagnostics(diagnostics, source, fileName));
  }
  return source;
}

export async function compileFile(
  file: string,
  flags: BuildFlags = {},
  bytes?: Uint8Array,
): Promise<CompileResult & { source: string }> {
  const source = await readSource(file, bytes);
  const fileName = file === "-" ? "<stdin>" : file;
  const [{ compileSource }, { renderDiagnostics }] = await Promise.all([compiler(), language()]);
  const result = compileSource(source, {
    fileName,
    strip: flags.strip,
    optimize: flags.O0 ? 0 : 1,
  });
  if (result.diagnostics.length > 0) {
    throw new CliExit(EXIT_INVALID_INPUT, renderDiagnostics(result.diagnostics, source, fileName));
  }
  return { ...result, source };
}
