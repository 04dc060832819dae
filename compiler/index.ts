// Public entry of the compiler: Veld source → Module → `.veldc` bytes. Front-end diagnostics
// (parse, resolve) and compile errors come back as one list of positioned diagnostics; a
// module is produced only when there are none. Output is deterministic: the same source and
// options always give the same bytes.

import {
  decodeSource,
  MAX_SOURCE_BYTES,
  parse,
  type Diagnostic,
  type ImportDecl,
  type SourceFile,
  type Resolution,
} from "../language/index.js";
import {
  loadProgram,
  singleModule,
  type LibraryInterface,
  type ModuleHost,
  type SourceModule,
} from "../language/modules.js";
import { patternBindings, resolveModules } from "../language/resolver.js";
import type { Export, Exports, Import, Module } from "../format/module.js";
import type * as A from "../language/ast.js";
import { writeModule, stripDebug } from "../format/index.js";
import { Codegen } from "./codegen.js";
import { libraryInterface } from "./library-interface.js";
import { Declarations } from "./declarations.js";
import { FloatCandidates, floatTyping, type FloatTyping } from "./float-locals.js";
import { foldProgram, type FoldedConsts } from "./fold.js";
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
  /**
   * Build a library of this module name (spec/format.md §5.10): the main file's `pub` items
   * become the module's EXPORTS.
   */
  library?: string;
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
  return compileLoaded([singleModule(parsed.program, fileName, source)], options);
}

export interface FilesCompileOptions extends Omit<CompileOptions, "fileName"> {
  /** Directories searched for modules after the importing file's own (`-I DIR`). */
  searchPath?: readonly string[];
  /**
   * Precompiled libraries (verified modules with EXPORTS) the program may import, with the
   * path each was read from (spec/language.md §11.6).
   */
  libraries?: readonly { readonly file: string; readonly module: Module }[];
}

export interface FilesCompileResult extends CompileResult {
  /** Every file read, by path: the text a diagnostic (which names its `file`) points into. */
  sources: Map<string, string>;
}

/**
 * Compiles the program whose main file is `mainFile` with every module it imports
 * (spec/language.md §11) into one module; each diagnostic names its file.
 */
export function compileFiles(
  mainFile: string,
  host: ModuleHost,
  options: FilesCompileOptions = {},
): FilesCompileResult {
  const libraries = new Map<string, LibraryInterface>();
  for (const lib of options.libraries ?? []) {
    const { name, source } = libraryInterface(lib.module);
    libraries.set(name, { file: lib.file, source });
  }
  const loaded = loadProgram(mainFile, host, options.searchPath, libraries);
  const sources = new Map(loaded.modules.map((m) => [m.file, m.source]));
  if (loaded.diagnostics.length > 0) return { diagnostics: loaded.diagnostics, sources };
  return { ...compileLoaded(loaded.modules, options), sources };
}

/** Resolves and compiles parsed modules (initialisation order, the main file last). */
function compileLoaded(modules: readonly SourceModule[], options: CompileOptions): CompileResult {
  const resolution = resolveModules(modules, { session: options.session !== undefined });
  if (resolution.diagnostics.length > 0) return { diagnostics: resolution.diagnostics };
  const optimize = options.optimize ?? 1;
  const candidates = optimize ? new FloatCandidates(resolution) : undefined;
  const consts: FoldedConsts = new Map(); // modules are in initialisation order: exporters first
  const last = modules.length - 1; // the main file; a library's exports are its `pub` items
  const programs = modules.map((m, i) =>
    candidates
      ? foldProgram(
          m.program,
          resolution,
          candidates.visit,
          consts,
          i === last && !!options.library,
        )
      : m.program,
  );
  const state = { file: 0 };
  try {
    const floats = candidates ? floatTyping(candidates, resolution) : undefined;
    let module = compileModules(
      modules.map((m, i) => ({ ...m, program: programs[i]! })),
      resolution,
      optimize,
      floats,
      state,
      options.session,
      options.library,
    );
    if (options.strip) module = stripDebug(module);
    return { module, bytes: writeModule(module), diagnostics: [] };
  } catch (err) {
    if (!(err instanceof CompileError)) throw err;
    const m = fileOrder(modules)[state.file]!;
    const pos = { line: err.pos.line, col: err.pos.col, offset: offsetOf(m.source, err.pos) };
    const d: Diagnostic = { code: err.code, message: err.message, span: { start: pos, end: pos } };
    return { diagnostics: [modules.length > 1 ? { ...d, file: m.file } : d] };
  }
}

/**
 * The debug file table's order: the main file first, then the others in initialisation order
 * (precompiled libraries, which have no code here, left out).
 */
function fileOrder<T extends { readonly precompiled?: true }>(modules: readonly T[]): T[] {
  return [modules[modules.length - 1]!, ...modules.slice(0, -1).filter((m) => !m.precompiled)];
}

/**
 * Compiles a one-file program the resolver accepted (with its resolution: the compiler looks
 * up no name itself); throws CompileError for what the encoding can't express.
 */
export function compileProgram(
  program: SourceFile,
  resolution: Resolution,
  fileName: string,
  optimize: 0 | 1 = 1,
  /** Float locals for the float bank (-O1; without it everything stays boxed). */
  floats?: FloatTyping,
  session?: SessionInput,
): Module {
  return compileModules(
    [{ name: "", file: fileName, program }],
    resolution,
    optimize,
    floats,
    undefined,
    session,
  );
}

/**
 * Compiles the modules of a program, in initialisation order with the main file last, into
 * one module: main first creates every module's functions, then runs each library module's
 * top level as a function `<module NAME>` in order, then the main file's top level.
 */
export function compileModules(
  modules: readonly {
    readonly name: string;
    readonly file: string;
    readonly program: SourceFile;
    readonly imports?: ReadonlyMap<ImportDecl, SourceModule>;
    readonly precompiled?: true;
  }[],
  resolution: Resolution,
  optimize: 0 | 1 = 1,
  floats?: FloatTyping,
  /** Set to the file index being compiled, so a CompileError can name its file. */
  state: { file: number } = { file: 0 },
  /** A REPL input (a one-file program only). */
  session?: SessionInput,
  /** Build a library of this name: the main file's `pub` items are its exports. */
  library?: string,
): Module {
  const mb = new ModuleBuilder(session?.prior);
  const mainFn = mb.reserveFunction();
  const last = modules.length - 1;
  // File-table index: the main file is file 0, the others follow in initialisation order.
  // A precompiled library has no file there (its code is not in this module).
  const files = fileOrder(modules);
  const fileIndex = (i: number): number => Math.max(0, files.indexOf(modules[i]!));
  const live = (s: A.Stmt) => session === undefined || s.span.start.offset >= session.liveFrom;
  const decls = new Declarations(
    mb,
    modules.map((m, i) => ({
      program: m.program,
      file: fileIndex(i),
      precompiled: m.precompiled === true,
    })),
    resolution,
    live,
  );
  // A session's first module has the prelude types, so values natives make in one input
  // are of the types later inputs match against.
  if (session !== undefined) (decls.enumNamed("Option"), decls.enumNamed("Result"));
  const cg = new Codegen(mb, decls, resolution, optimize === 1, floats);
  const program = modules[last]!.program;
  const imports = modules[last]!.imports && [...modules[last]!.imports];
  const fb = new FunctionBuilder(mb.string("<main>"), 0);
  cg.fs = new FuncState(fb, undefined);
  const stmts = program.stmts.filter(live);
  cg.reserveNameConstants(stmts); // the walk skips function bodies itself
  cg.fs.enterBlock();
  // Hoisting: every top-level function and method exists before the first statement runs.
  for (const h of decls.hoisted) {
    fb.pos = { line: h.pos.line, col: h.pos.col };
    state.file = cg.file = h.file;
    const reg = fb.alloc();
    cg.closure(reg, h.name, h.params, h.body);
    fb.emit("SETGLOBAL", reg, h.slot);
    fb.freeTo(reg);
  }
  // Each library module's top level runs once, before the modules that import it.
  modules.slice(0, last).forEach((m, i) => {
    // A precompiled library's top level runs when the runtime links it (semantics.md §9.4).
    if (m.precompiled) return;
    state.file = cg.file = fileIndex(i);
    const span = m.program.span;
    // Main's line for this call is the main file's import that (transitively) needs it.
    const via = imports?.find(([, dep]) => reaches(dep, m.file));
    fb.pos = via
      ? { line: via[0].span.start.line, col: via[0].span.start.col }
      : { line: 0, col: 0 };
    const reg = fb.alloc();
    cg.closure(reg, `<module ${m.name}>`, [], { kind: "Block", stmts: m.program.stmts, span });
    fb.emit("CALL", reg, 0);
    fb.freeTo(reg);
  });
  state.file = cg.file = 0;
  for (const s of stmts) stmt(cg, s);
  fb.pos = { line: program.span.end.line, col: program.span.end.col };
  fb.emit("HALT");
  cg.recordLocals();
  const { proto, debug } = fb.finish(optimize === 1);
  mb.setFunction(mainFn, proto, debug);
  const exports =
    library === undefined ? undefined : libraryExports(mb, decls, resolution, program, library);
  const module = mb.build({
    sourceFile: modules[last]!.file,
    sourceHash: new Uint8Array(0),
    ...(files.length > 1 ? { files: files.slice(1).map((m) => m.file) } : {}),
  });
  const libImports = modules.flatMap((m) =>
    m.precompiled ? libraryImports(mb, decls, resolution, m.program, m.name) : [],
  );
  return {
    ...module,
    ...(exports === undefined ? {} : { exports }),
    ...(libImports.length === 0 ? {} : { imports: libImports }),
  };
}

/**
 * The IMPORTS of a program compiled against a precompiled library (spec/language.md §11.6):
 * one record per item of the library's interface — the global slot standing for a function
 * (with its arity) or constant, the type entry stating a struct's or enum's shape — which the
 * linker binds to the library's own (semantics.md §9.4).
 */
function libraryImports(
  mb: ModuleBuilder,
  decls: Declarations,
  resolution: Resolution,
  program: SourceFile,
  name: string,
): Import[] {
  const module = mb.string(name);
  return libraryExports(mb, decls, resolution, program, name).items.map((e) => ({
    module,
    ...e,
  }));
}

/**
 * A library's EXPORTS: the main file's `pub` items in declaration order — functions (their
 * global slot and parameter count), structs and enums (their type), and the bindings of
 * `pub let`/`pub const` (their global slot, which the resolver gives every exported binding).
 */
function libraryExports(
  mb: ModuleBuilder,
  decls: Declarations,
  resolution: Resolution,
  program: SourceFile,
  name: string,
): Exports {
  const items: Export[] = [];
  for (const s of program.stmts) {
    if (!("pub" in s) || s.pub !== true) continue;
    if (s.kind === "FnDecl") {
      const b = resolution.declarations.get(s);
      const slot = b && decls.globalSlot(b);
      if (slot !== undefined)
        items.push({
          name: mb.string(s.name),
          kind: "function",
          index: slot,
          arity: s.params.length,
        });
    } else if (s.kind === "StructDecl" || s.kind === "EnumDecl") {
      const t = decls.typeOfDecl(s);
      items.push({ name: mb.string(s.name), kind: t.kind, index: t.index });
    } else if (s.kind === "Let") {
      for (const b of patternBindings(s.pattern, resolution.declarations)) {
        const slot = decls.globalSlot(b);
        if (slot !== undefined)
          items.push({ name: mb.string(b.name), kind: "constant", index: slot });
      }
    }
  }
  return { module: mb.string(name), items };
}

/** Whether module `from` is, or imports (transitively), the module of file `to`. */
function reaches(from: SourceModule, to: string, seen = new Set<SourceModule>()): boolean {
  if (from.file === to) return true;
  if (seen.has(from)) return false;
  seen.add(from);
  return [...from.imports.values()].some((m) => reaches(m, to, seen));
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
