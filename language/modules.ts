// Programs of several files (spec/language.md §11): finds the file of every user-module
// import, parses each file once, diagnoses missing modules and import cycles, and orders the
// modules for initialisation (depth-first in import order, dependencies first, the main file
// last). Host-neutral: the host reads files; paths are `/`-separated strings.

import type * as A from "./ast.js";
import { NATIVE_SIGNATURES } from "../format/natives.js";
import { diagnostic, type Diagnostic } from "./diagnostics.js";
import { parseSource } from "./parser.js";
import { decodeSource } from "./source.js";

/** The longest chain of imports (main → a → b …); it bounds the loader's recursion. */
export const MAX_IMPORT_DEPTH = 256;

export interface ModuleHost {
  /** The bytes of the file at `path`, or undefined when there is none. */
  readFile(path: string): Uint8Array | undefined;
}

export interface SourceModule {
  /** The dotted import path that first reached it; "" for the main file. */
  readonly name: string;
  /** The path it was read from, normalised except for the main file's (diagnostics, traces). */
  readonly file: string;
  readonly source: string;
  readonly program: A.SourceFile;
  /** The module each top-level user-module `import` of this file names. */
  readonly imports: Map<A.ImportDecl, SourceModule>;
  /**
   * Set for a precompiled library's interface (spec/language.md §11.6): `program` declares its
   * exports without bodies; the compiler imports them instead of compiling them.
   */
  readonly precompiled?: true;
}

/** A precompiled library's interface: its `.veldc` path and declarations of its exports. */
export interface LibraryInterface {
  readonly file: string;
  readonly source: string;
}

export interface LoadedProgram {
  /** In initialisation order: every module after the modules it imports; the main file last. */
  readonly modules: SourceModule[];
  /** Each with its `file`; empty when the program can be resolved. */
  readonly diagnostics: Diagnostic[];
}

/** `import std…` names the native library; every other path names a user module. */
export function isUserImport(s: A.ImportDecl): boolean {
  return s.path[0] !== "std";
}

/** The file a module path names, relative to a directory: `shapes.circle` → `shapes/circle.veld`. */
export function modulePath(path: readonly string[]): string {
  return path.join("/") + ".veld";
}

export function normalizePath(path: string): string {
  const absolute = path.startsWith("/");
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (part !== ".." || !absolute) out.push(part);
  }
  return (absolute ? "/" : "") + out.join("/");
}

function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : i === 0 ? "/" : path.slice(0, i);
}

function join(dir: string, rel: string): string {
  return normalizePath(dir === "" ? rel : `${dir}/${rel}`);
}

/**
 * Loads `mainFile` and every module it imports, searching beside the importing file and then
 * in each of `searchPath` in order.
 */
export function loadProgram(
  mainFile: string,
  host: ModuleHost,
  searchPath: readonly string[] = [],
  /** Precompiled libraries by module name; an import of that name finds the library first. */
  libraries: ReadonlyMap<string, LibraryInterface> = new Map(),
): LoadedProgram {
  const byFile = new Map<string, SourceModule>();
  const active: SourceModule[] = [];
  const modules: SourceModule[] = [];
  const diagnostics: Diagnostic[] = [];

  const parseFile = (file: string, name: string, bytes: Uint8Array): SourceModule => {
    const decoded = decodeSource(bytes);
    const parsed = parseSource(decoded.source);
    for (const d of [
      ...decoded.diagnostics,
      ...(decoded.diagnostics.length ? [] : parsed.diagnostics),
    ])
      diagnostics.push({ ...d, file });
    return { name, file, source: decoded.source, program: parsed.program, imports: new Map() };
  };

  const visit = (m: SourceModule): void => {
    byFile.set(normalizePath(m.file), m);
    active.push(m);
    for (const s of m.program.stmts) {
      if (s.kind !== "ImportDecl" || !isUserImport(s)) continue;
      const library = libraries.get(s.path.join("."));
      if (library !== undefined) {
        let known = byFile.get(library.file);
        if (known === undefined) {
          const parsed = parseSource(library.source);
          known = {
            name: s.path.join("."),
            file: library.file,
            source: library.source,
            program: parsed.program,
            imports: new Map(),
            precompiled: true,
          };
          byFile.set(library.file, known);
          modules.push(known);
        }
        m.imports.set(s, known);
        continue;
      }
      const rel = modulePath(s.path);
      const dirs = [dirname(normalizePath(m.file)), ...searchPath];
      let found: { file: string; bytes: Uint8Array } | undefined;
      for (const dir of dirs) {
        const file = join(dir, rel);
        const known = byFile.get(file);
        const bytes = known === undefined ? host.readFile(file) : new Uint8Array(0);
        if (bytes !== undefined) {
          found = { file, bytes };
          break;
        }
      }
      const name = s.path.join(".");
      if (found === undefined) {
        const looked = `looked for ${dirs.map((d) => join(d, rel)).join(", ")}`;
        const std = `std.${name}.`;
        const isStd = NATIVE_SIGNATURES.some((n) => n.name.startsWith(std));
        diagnostics.push({
          ...diagnostic(
            "E0330",
            `cannot find module \`${name}\``,
            s.span,
            isStd
              ? `the native library's \`${name}\` is \`import std.${name}\`; ${looked}`
              : looked,
          ),
          file: m.file,
        });
        continue;
      }
      const known = byFile.get(found.file);
      if (known === undefined && active.length >= MAX_IMPORT_DEPTH) {
        diagnostics.push({
          ...diagnostic(
            "E0336",
            `imports nest deeper than ${MAX_IMPORT_DEPTH} modules`,
            s.span,
            "import the deepest modules from a module higher up",
          ),
          file: m.file,
        });
        continue;
      }
      if (known !== undefined && active.includes(known)) {
        const cycle = [...active.slice(active.indexOf(known)), known].map(describe);
        diagnostics.push({
          ...diagnostic(
            "E0332",
            `import cycle: ${cycle.join(" → ")}`,
            s.span,
            "move what both modules need into a third module",
          ),
          file: m.file,
        });
        continue;
      }
      if (known !== undefined) {
        m.imports.set(s, known);
        continue;
      }
      const next = parseFile(found.file, name, found.bytes);
      m.imports.set(s, next);
      visit(next);
    }
    active.pop();
    modules.push(m);
  };

  // The main file keeps the name it was given (it is the debug section's source file).
  const main = parseFile(mainFile, "", host.readFile(mainFile) ?? new Uint8Array(0));
  visit(main);
  return { modules, diagnostics };
}

function describe(m: SourceModule): string {
  return m.name === "" ? m.file : m.name;
}

/** One module holding a program parsed from a single source string (no user imports resolve). */
export function singleModule(program: A.SourceFile, file: string, source = ""): SourceModule {
  return { name: "", file, source, program, imports: new Map() };
}
