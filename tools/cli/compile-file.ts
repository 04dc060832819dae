// Reading and compiling a source file for veldc's commands. The parser and the compiler are
// imported on first use: `veldc run` on a cached compilation loads neither.

import { basename, dirname, isAbsolute, relative, resolve, sep } from "node:path";
import type { CompileResult } from "../../compiler/index.js";
import { MAGIC } from "../../format/container.js";
import type { Program } from "../../runtime/index.js";
import { compileCached, mayImportModules } from "./compile-cache.js";
import { CliExit, EXIT_INVALID_INPUT, EXIT_USAGE, readInput } from "./io.js";

const language = () => import("../../language/index.js");
const compiler = () => import("../../compiler/index.js");

export interface CompileFlags {
  strip?: boolean;
  O0?: boolean;
  "source-name"?: string;
  /** Module search directories after the importing file's own (`-I DIR`, language.md §11). */
  I?: readonly string[];
  /** Build a library of this module name (`veldc build --lib`, format.md §5.10). */
  library?: string;
  /** Precompiled libraries the program imports (`--link`, language.md §11.6). */
  link?: readonly string[];
}

/**
 * How `file` is named. Diagnostics show the path as given (or `--source-name`); the debug
 * section records `--source-name`, else the path relative to the working directory, or the
 * bare file name for a file outside it, so a build never ships the build machine's
 * directories (reproducible builds: the same tree gives the same bytes wherever it lives).
 */
export function sourceNames(
  file: string,
  flags: CompileFlags,
): { shown: string; recorded: string } {
  const given = flags["source-name"];
  if (given !== undefined) return { shown: given, recorded: given };
  if (file === "-") return { shown: "<stdin>", recorded: "<stdin>" };
  const rel = relative(process.cwd(), resolve(file));
  const inside = rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
  return { shown: file, recorded: (inside ? rel : basename(file)).split(sep).join("/") };
}

/**
 * Where a program that may import modules is read from: its main file by the name the debug
 * section records, and its modules beside it, so every file is recorded relative to the
 * working directory. For a file outside it, paths are read from the file's own directory
 * (`base`) and recorded from there, and `-I` directories are made absolute.
 */
export function moduleRoot(
  file: string,
  recorded: string,
  searchPath: readonly string[] = [],
): { main: string; base?: string; searchPath: string[] } {
  const rel = relative(process.cwd(), resolve(file));
  if (!(rel.startsWith("..") || isAbsolute(rel)))
    return { main: recorded, searchPath: [...searchPath] };
  return {
    main: recorded,
    base: dirname(resolve(file)),
    searchPath: searchPath.map((d) => resolve(d)),
  };
}

/** A source file's text; a file too large or not UTF-8 is a diagnostic (exit 65). */
export async function decodeFile(bytes: Uint8Array, shown: string): Promise<string> {
  const { decodeSource, renderDiagnostics } = await language();
  const { source, diagnostics } = decodeSource(bytes);
  if (diagnostics.length > 0) {
    // A `.veldc` given to `veldc build`/`check`/`dis`: say what it is and what reads it.
    const hint = "this is a compiled .veldc module: run it with `veld`, read it with `velddis`";
    const shownDiagnostics = isBytecode(bytes)
      ? diagnostics.map((d) => ({ ...d, hint }))
      : diagnostics;
    throw new CliExit(EXIT_INVALID_INPUT, renderDiagnostics(shownDiagnostics, source, shown));
  }
  return source;
}

/**
 * Compiles `file` with every module it imports into one module. Modules are read through the
 * path the debug section records (relative to the working directory), so their names are as
 * reproducible as the main file's; standard input and `--source-name` compile one file.
 */
export async function compileFile(
  file: string,
  flags: CompileFlags = {},
  bytes = readInput(file),
): Promise<CompileResult & { source: string }> {
  const { shown, recorded } = sourceNames(file, flags);
  const source = await decodeFile(bytes, shown);
  const [{ compileFiles, compileSource }, { renderDiagnostics }] = await Promise.all([
    compiler(),
    language(),
  ]);
  const optimize = flags.O0 ? 0 : 1;
  if (file === "-" || flags["source-name"] !== undefined) {
    if (flags.link?.length)
      throw new CliExit(EXIT_USAGE, "error: --link needs a program read from a file");
    const result = compileSource(source, {
      fileName: recorded,
      strip: flags.strip,
      optimize,
      library: flags.library,
    });
    if (result.diagnostics.length > 0) {
      throw new CliExit(EXIT_INVALID_INPUT, renderDiagnostics(result.diagnostics, source, shown));
    }
    return { ...result, source };
  }
  const { hostAt, renderFileDiagnostics } = await import("./modules.js");
  const { main, base, searchPath } = moduleRoot(file, recorded, flags.I);
  const { loadLibraries } = await import("./execute.js");
  const libraries = loadLibraries(flags.link ?? []).map((l) => ({
    file: l.file,
    module: l.library.module,
  }));
  const result = compileFiles(main, hostAt(base), {
    strip: flags.strip,
    optimize,
    searchPath,
    library: flags.library,
    libraries,
  });
  if (result.diagnostics.length > 0) {
    throw new CliExit(
      EXIT_INVALID_INPUT,
      renderFileDiagnostics(result.diagnostics, result.sources, main, shown),
    );
  }
  return { ...result, source };
}

/** True when `bytes` start with the `.veldc` magic: `veldc run` then runs them as `veld` would. */
export function isBytecode(bytes: Uint8Array): boolean {
  return MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * The program `veldc run` runs for the source `input` of `file`: from the compile cache when
 * `cache` allows it and the program imports no user modules, else compiled.
 */
export function compileForRun(
  file: string,
  flags: CompileFlags & { cache: boolean },
  input: Uint8Array,
): Promise<Program> {
  return compileCached(
    input,
    {
      fileName: sourceNames(file, flags).recorded,
      O0: flags.O0 === true,
      cache: flags.cache && !mayImportModules(input),
    },
    async (bytes) => {
      const r = await compileFile(file, flags, bytes);
      return { module: r.module!, bytes: r.bytes! };
    },
  );
}
