// Finding the vectors of a suite directory (spec/conformance.md §4): the manifest lists every
// vector with the SHA-256 of its `.veldc`; a filter of globs selects by name.

import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { parseExpectation, type Expectation } from "./expectation.js";

export interface SuiteVector {
  /** `isa/add/int`: the path under the suite directory without extension. */
  readonly name: string;
  /** The first path segment (`isa`), for the per-area summary. */
  readonly area: string;
  /** Absolute path of the `.veldc` file. */
  readonly file: string;
  readonly expect: Expectation;
  /** Set when the file is not the one the manifest lists (a damaged or edited suite). */
  readonly problem?: string;
}

/** The bytes of the libraries a vector links (`libs`, relative to its `.veldc`), in order. */
export function libraryBytes(v: Pick<SuiteVector, "file" | "expect">): Uint8Array[] {
  return (v.expect.libs ?? []).map((l) => readFileSync(join(dirname(v.file), l)));
}

/**
 * Whether a vector name matches any of the filters (none: every name). A filter with a
 * wildcard is a glob over the whole name: `*` matches within one segment, `**` any number of
 * whole segments (`isa/**` is everything below `isa/`, `isa/*` only names one level below
 * it), `?` one character, `[abc]`/`[a-z]`/`[!a]` one character of a set. A filter without
 * wildcards names a vector or a folder: `isa/add` selects `isa/add` and everything below it.
 */
export function matchesFilter(name: string, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((p) => globToRegExp(p).test(name));
}

export function globToRegExp(glob: string): RegExp {
  const pattern = glob.replace(/\/+$/, "");
  if (!/[*?[]/.test(pattern)) return new RegExp(`^${escape(pattern)}(/.*)?$`);
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*" && pattern[i + 1] === "*") {
      // `**` as a whole segment spans zero or more segments; elsewhere it acts as `*`.
      const starts = i === 0 || pattern[i - 1] === "/";
      const ends = i + 2 === pattern.length || pattern[i + 2] === "/";
      i++;
      if (starts && ends) {
        if (pattern[i + 1] === "/") {
          re += "(?:[^/]+/)*";
          i++;
        } else re += ".*";
      } else re += "[^/]*";
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const close = pattern.indexOf("]", i + 2);
      if (close < 0) {
        re += "\\[";
        continue;
      }
      let set = pattern.slice(i + 1, close);
      const negated = set.startsWith("!") || set.startsWith("^");
      if (negated) set = set.slice(1);
      re += `[${negated ? "^/" : ""}${set.replace(/[\\\]^]/g, "\\$&")}]`;
      i = close;
    } else re += escape(c);
  }
  return new RegExp(`^${re}$`);
}

const escape = (s: string): string => s.replace(/[.+^${}()|[\]\\*?]/g, "\\$&");

interface ManifestFile {
  readonly format: string;
  readonly vectors: readonly { readonly name: string; readonly sha256: string }[];
}

/** Reads the suite at `dir`; throws Error when it has no manifest or a vector is unreadable. */
export function loadSuite(dir: string, filter: readonly string[] = []): SuiteVector[] {
  const manifestPath = join(dir, "manifest.json");
  if (!existsSync(manifestPath)) throw new Error(`${dir} has no manifest.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as ManifestFile;
  const listed = new Set(manifest.vectors.map((v) => v.name));
  const unlisted = expectFiles(dir).filter((n) => !listed.has(n));
  const out: SuiteVector[] = [];
  for (const { name, sha256 } of manifest.vectors) {
    if (!matchesFilter(name, filter)) continue;
    const file = join(dir, `${name}.veldc`);
    const expect = parseExpectation(readFileSync(join(dir, `${name}.expect.json`), "utf8"));
    const actual = createHash("sha256").update(readFileSync(file)).digest("hex");
    out.push({
      name,
      area: name.split("/")[0]!,
      file,
      expect,
      ...(actual === sha256 ? {} : { problem: "the .veldc differs from the manifest's SHA-256" }),
    });
  }
  if (unlisted.length > 0 && filter.length === 0) {
    throw new Error(`vectors missing from manifest.json: ${unlisted.slice(0, 5).join(", ")}`);
  }
  return out;
}

function expectFiles(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory())
      return entry === "src" && dir === root ? [] : expectFiles(path, root);
    return entry.endsWith(".expect.json")
      ? [relative(root, path).replaceAll("\\", "/").slice(0, -".expect.json".length)]
      : [];
  });
}
