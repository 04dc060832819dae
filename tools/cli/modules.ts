// The file system behind a program of several files (spec/language.md §11): reads modules for
// the compiler and the interpreter, and renders each diagnostic against its own file.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ModuleHost } from "../../language/modules.js";
import { renderDiagnostic, type Diagnostic } from "../../language/index.js";
import { CliExit, EXIT_USAGE, reason } from "./io.js";

/** Reads module files; a file that does not exist is "no such module", other failures end the tool. */
export const fileHost: ModuleHost = {
  readFile(path: string): Uint8Array | undefined {
    try {
      return readFileSync(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR") return undefined;
      throw new CliExit(EXIT_USAGE, `error: cannot read ${path}: ${reason(err)}`);
    }
  },
};

/** The file host reading paths relative to `base` (default: the working directory). */
export function hostAt(base: string | undefined): ModuleHost {
  if (base === undefined) return fileHost;
  return { readFile: (path) => fileHost.readFile(resolve(base, path)) };
}

/**
 * Renders diagnostics that name their file (those that don't are in `mainFile`); the main
 * file's are shown as `shownMain`, the path as the user typed it.
 */
export function renderFileDiagnostics(
  ds: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  mainFile: string,
  shownMain = mainFile,
): string {
  return ds
    .map((d) => {
      const file = d.file ?? mainFile;
      const source = sources.get(file) ?? sources.get(mainFile) ?? "";
      return renderDiagnostic(d, source, file === mainFile ? shownMain : file);
    })
    .join("\n\n");
}
