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
import type * as A from "../language/ast.js";
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
  /** Compile one input of a REPL session against the session's earlier inputs. */
  session?: SessionInput;
}

/**
 * A REPL input compiled incrementally (docs/tools.md §veldc repl). The source holds the
 * declarations of the session's earlier inputs, then the new input at `liveFrom`. The resolver
 * sees all of it (it alone decides what every name means) and stores every top-level variable
 * as a global; the compiler emits code only for the new input. The module's tables extend
 * `prior`'s (the module of the previous input) with unchanged indices, and a global is found
 * by name, so the earlier inputs' functions and variables, already in the session's global
 * slots, are used where they are and never run again; a new definition of a name replaces
 * the old one in its slot.
 */
export interface SessionInput {
  readonly prior?: Module;
  /** Source offset of the new input: statements before it were run by earlier inputs. */
  readonly liveFrom: number;
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
  const resolution = resolve(parsed.program, { session: options.session !== undefined });
  if (resolution.diagnostics.length > 0) return { diagnostics: resolution.diagnostics };
  const optimize = options.optimize ?? 1;
  const program = optimize ? foldProgram(parsed.program, resolution) : parsed.program;
  try {
    const floats = optimize ? floatTyping(program, resolution) : undefined;
    let module = compileProgram(program, resolution, fileName, optimize, floats, options.session);
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
  session?: SessionInput,
): Module {
  const mb = new ModuleBuilder(session?.prior);
  const main = mb.reserveFunction();
  const live = (s: A.Stmt) => session === undefined || s.span.start.offset >= session.liveFrom;
  const decls = new Declarations(mb, program, resolution, live);
  // A session's first module has the prelude types, so values natives make in one input
  // are of the types later inputs match against.
  if (session !== undefined) (decls.enumNamed("Option"), decls.enumNamed("Result"));
  const cg = new Codegen(mb, decls, resolution, optimize === 1, floats);
  const fb = new FunctionBuilder(mb.string("<main>"), 0);
  cg.fs = new FuncState(fb, undefined, "<main>");
  const stmts = program.stmts.filter(live);
  cg.reserveNameConstants(stmts.filter((s) => s.kind !== "FnDecl"));
  cg.fs.enterBlock();
  // Hoisting: every top-level function and method exists before the first statement runs.
  for (const h of decls.hoisted) {
    fb.pos = { line: h.pos.line, col: h.pos.col };
    const reg = fb.alloc();
    cg.closure(reg, h.name, h.params, h.body);
    fb.emit("SETGLOBAL", reg, h.slot);
    fb.freeTo(reg);
  }
  for (const s of stmts) stmt(cg, s);
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
