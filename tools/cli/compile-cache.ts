// The compile cache of `veldc run`: compiled programs kept as `.veldc` files under
// $XDG_CACHE_HOME/veld (default ~/.cache/veld), named by a SHA-256 of the compiler build, the
// optimisation level, the file name (it is in the debug info) and the source bytes. A hit
// loads the file through the verifying loader, so a damaged or foreign entry is a miss, never
// a wrong run; a failure to read or write the cache is a miss too. Run from source (no build
// id) or with --no-cache, nothing is read or written.

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Module } from "../../format/module.js";
import { load, loadModule, type Program } from "../../runtime/index.js";

/** A hash of the compiler's sources, set by the build (tsup.config.ts). */
declare const __VELD_COMPILER_BUILD__: string | undefined;
const BUILD = typeof __VELD_COMPILER_BUILD__ === "string" ? __VELD_COMPILER_BUILD__ : undefined;

export interface CacheKey {
  fileName: string;
  O0: boolean;
  /** False for --no-cache. */
  cache: boolean;
  /** The compiler build (default: this bundle's); without one nothing is cached. */
  build?: string;
}

/** The cache directory, or undefined when there is no home to put it in. */
function cacheDir(): string | undefined {
  const base = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), ".cache") : "");
  return base ? join(base, "veld") : undefined;
}

/**
 * The program compiled from `source`: from the cache when an entry for exactly this build,
 * level, name and source loads, else from `compile` (whose result is then stored).
 */
export async function compileCached(
  source: Uint8Array,
  key: CacheKey,
  compile: (source: Uint8Array) => Promise<{ module: Module; bytes: Uint8Array }>,
): Promise<Program> {
  const build = key.build ?? BUILD;
  const dir = key.cache && build !== undefined ? cacheDir() : undefined;
  if (dir === undefined) return loadModule((await compile(source)).module, { trusted: true });
  const hash = createHash("sha256")
    .update(`${build}\0${key.O0 ? 0 : 1}\0${key.fileName}\0`)
    .update(source)
    .digest("hex");
  const file = join(dir, `${hash}.veldc`);
  try {
    return load(readFileSync(file));
  } catch {
    // absent, unreadable or not a valid module: compile it again
  }
  const { module, bytes } = await compile(source);
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, file); // readers see the whole file or none
  } catch {
    // a read-only or full cache only costs the next run a compilation
  }
  return loadModule(module, { trusted: true });
}

/**
 * Whether a source may import user modules (spec/language.md §11). Its cache entry would be
 * keyed by the main file alone and go stale when a module changes, so such a program is
 * compiled every time; a false positive (the word in a string) only costs a compilation.
 */
export function mayImportModules(source: Uint8Array): boolean {
  return /^[ \t]*(?:pub[ \t]+)?import[ \t]+(?!std\b)/m.test(new TextDecoder().decode(source));
}
