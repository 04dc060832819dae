// Public entry of the compiler: Veld source → Module → `.veldc` bytes. Front-end diagnostics
// (parse, resolve) and compile errors come back as one list of positioned diagnostics; a
// module is produced only when there are none. Output is deterministic: the same source and
// options always give the same bytes.

import {
  decodeSource,
  MAX_SOURCE_BYTES,
  parse,
  resolve,
  type Diagnostic,
  type Program,
  type Resolution,
} from "../language/index.js";
import type { Module } from "../format/module.js";
import { writeModule, stripDebug } from "../format/index.js";
import { Codegen } from "./codegen.js";
import { Declarations } from "./declarations.js";
import { floatTyping, type FloatTyping } from "./float-locals.js";
import { foldProgram } from "./fold.js";
import { CompileError } from "./errors.js";
import { FunctionBuilder } from "./function-builder.js";
import { ModuleBuilder } from "./module-builder.js";
import { FuncState } from "./scope.js";
import { stmt } from "./statements.js";

export { CompileError } from "./errors.js";

export interface CompileOptions {
  fileName?: string;
  /** Leave out the debug section (line tables, local names). */
  strip?: boolean;
  /** 0: straightforward code; 1 (default): constant folding, fused and immediate forms, peephole. */
  optimize?: 0 | 1;
}

export interface CompileResult {
  module?: Module;
  bytes?: Uint8Array;
  diagnostics: Diagnostic[];
}

export function compileSource(source: string, options: CompileOptions = {}): CompileResult {
  const fileName = options.fileName ?? "<input>";
  // The size limit bounds the compiler's memory; a UTF-8 byte count is at least the length.
  if (source.length > MAX_SOURCE_BYTES / 3) {
    const size = decodeSource(new TextEncoder().encode(source));
    if (size.diagnostics.length > 0) return { diagnostics: size.diagnostics };
  }
  const parsed = parse(source, fileName);
  if (parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics };
  const resolution = resolve(parsed.program);
  if (resolution.diagnostics.length > 0) return { diagnostics: resolution.diagnostics };
  const optimize = options.optimize ?? 1;
  const program = optimize ? foldProgram(parsed.program, resolution) : parsed.program;
  try {
    const floats = optimize ? floatTyping(program, resolution) : undefined;
    let module = compileProgram(program, resolution, fileName, optimize, floats);
    if (options.strip) module = stripDebug(module);
    return { module, bytes: writeModule(module), diagnostics: [] };
  } catch (err) {
    if (!(err instanceof CompileError)) throw err;
    const pos = { line: err.pos.line, col: err.pos.col, offset: offsetOf(source, err.pos) };
    return {
      diagnostics: [
        {
          code: err.code,
          message: err.message,
          span: { start: pos, end: pos },
        },
      ],
    };
  }
}

/**
 * Compiles a program the resolver accepted (with its resolution: the compiler looks up no
 * name itself); throws CompileError for what the encoding can't express.
 */
export function compileProgram(
  program: Program,
  resolution: Resolution,
  fileName: string,
  optimize: 0 | 1 = 1,
  /** Float locals for the float bank (-O1; without it everything stays boxed). */
  floats?: FloatTyping,
): Module {
  const mb = new ModuleBuilder();
  const main = mb.reserveFunction();
  const decls = new Declarations(mb, program, resolution);
  const cg = new Codegen(mb, decls, resolution, optimize === 1, floats);
  const fb = new FunctionBuilder(mb.string("<main>"), 0);
  cg.fs = new FuncState(fb, undefined, "<main>");
  cg.reserveNameConstants(program.stmts.filter((s) => s.kind !== "FnDecl"));
  cg.fs.enterBlock();
  // Hoisting: every top-level function and method exists before the first statement runs.
  for (const h of decls.hoisted) {
    fb.pos = { line: h.pos.line, col: h.pos.col };
    const reg = fb.alloc();
    cg.closure(reg, h.name, h.params, h.body);
    fb.emit("SETGLOBAL", reg, h.slot);
    fb.freeTo(reg);
  }
  for (const s of program.stmts) stmt(cg, s);
  fb.pos = { line: program.span.end.line, col: program.span.end.col };
  fb.emit("HALT");
  cg.recordLocals();
  const { proto, debug } = fb.finish(optimize === 1);
  mb.setFunction(main, proto, debug);
  return mb.build({ sourceFile: fileName, sourceHash: new Uint8Array(0) });
}

function offsetOf(source: string, pos: { line: number; col: number }): number {
  let offset = 0;
  for (let line = 1; line < pos.line; line++) {
    const nl = source.indexOf("\n", offset);
    if (nl < 0) break;
    offset = nl + 1;
  }
  return offset + Math.max(0, pos.col - 1);
}
