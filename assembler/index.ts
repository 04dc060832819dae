// Public API of the assembler (spec/assembly.md): `.vasm` text ⇄ Module ⇄ `.veldc` bytes,
// plus the annotated hex dump and the JSON view used by `velddis`.

import { textToModule, type At, type SourcePositions } from "./assemble.js";
import { moduleToText, type DisassembleOptions } from "./disassemble.js";
import type { Diagnostic } from "./diagnostics.js";
import { SectionId } from "../format/container.js";
import { FormatError } from "../format/errors.js";
import type { Module } from "../format/module.js";
import { readModule, type ModuleLayout } from "../format/reader.js";
import { verifyModule } from "../format/verifier.js";
import { writeModule } from "../format/writer.js";

export type { Diagnostic } from "./diagnostics.js";
export { renderDiagnostic, renderDiagnostics } from "./diagnostics.js";
import { renderDiagnostics } from "./diagnostics.js";
export type { DisassembleOptions } from "./disassemble.js";
export { damagedHexDump, hexDump, hexDumpAnyway, type DumpProblem } from "./hexdump.js";
export { moduleToJson } from "./json.js";
export { textToModule } from "./assemble.js";
export { moduleToText } from "./disassemble.js";

export interface AssembleOptions {
  /** Drop debug info from the result (like `veldc build --strip`). */
  readonly strip?: boolean;
  /** Skip the format verifier: the bytes may be rejected by every runtime. */
  readonly noVerify?: boolean;
}

export interface AssembleResult {
  readonly module?: Module;
  readonly bytes?: Uint8Array;
  /** Empty on success; otherwise sorted by position. */
  readonly diagnostics: Diagnostic[];
  /** The diagnostics rendered as `file:line:col: error[CODE]: …` with source line and caret. */
  readonly report: string;
}

/** Assembles `.vasm` text, verifies the module (unless noVerify) and encodes it. */
export function assemble(
  text: string,
  fileName = "<input>",
  opts: AssembleOptions = {},
): AssembleResult {
  const { module, diagnostics, positions } = textToModule(text, { strip: opts.strip });
  const failed = (list: Diagnostic[]): AssembleResult => ({
    diagnostics: list,
    report: renderDiagnostics(list, fileName, text),
  });
  if (!module) return failed(diagnostics);
  if (!opts.noVerify) {
    const problem = verify(module, positions);
    if (problem) return failed([problem]);
  }
  let bytes: Uint8Array;
  try {
    bytes = writeModule(module);
  } catch (err) {
    // Only reachable with noVerify: a verified module always encodes.
    const message = err instanceof Error ? err.message : String(err);
    return failed([
      { code: "A0301", message: `the module cannot be encoded: ${message}`, line: 1, col: 1 },
    ]);
  }
  return { module, bytes, diagnostics: [], report: "" };
}

/** Canonical `.vasm` text of a module, or of `.veldc` bytes (decoded, not verified). */
export function disassemble(input: Uint8Array | Module, opts: DisassembleOptions = {}): string {
  const module = input instanceof Uint8Array ? readModule(input).module : input;
  return moduleToText(module, opts);
}

/**
 * Runs the verifier. Its error carries a byte offset only when it has a layout, so on failure
 * the module is encoded and read back to find which function or instruction the offset is in.
 */
function verify(module: Module, positions: SourcePositions | undefined): Diagnostic | undefined {
  try {
    verifyModule(module);
    return undefined;
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    let located = err;
    let layout: ModuleLayout | undefined;
    try {
      const read = readModule(writeModule(module));
      layout = read.layout;
      verifyModule(read.module, layout);
    } catch (again) {
      if (again instanceof FormatError && again.code === err.code) located = again;
    }
    const at = locate(located.offset, module, layout, positions) ?? { line: 1, col: 1 };
    return {
      code: located.code,
      message: `the module does not verify: ${located.message}`,
      line: at.line,
      col: at.col,
    };
  }
}

function locate(
  offset: number | undefined,
  module: Module,
  layout: ModuleLayout | undefined,
  positions: SourcePositions | undefined,
): At | undefined {
  if (offset === undefined || !layout || !positions) return undefined;
  const fns = layout.functions;
  for (let i = 0; i < fns.length; i++) {
    const start = fns[i]!.code;
    const length = module.functions[i]?.code.length ?? 0;
    if (offset >= start && offset < start + 4 * length) {
      return positions.functions[i]?.code[(offset - start) / 4];
    }
  }
  const table = layout.sections.find((s) => s.id === SectionId.FUNCTIONS);
  const end = table ? table.offset + table.size : 0;
  for (let i = fns.length - 1; i >= 0; i--) {
    if (offset >= fns[i]!.offset && offset < end) return positions.functions[i]?.header;
  }
  return undefined;
}
