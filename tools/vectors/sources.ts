// Reads the hand-written vector sources under test-vectors/src/ (spec/conformance.md §5):
// `.vasm` and `.veld` files, each holding one program or several separated by `; === name`
// (`.vasm`) or `# === name` (`.veld`) lines (declarations before the first one are shared by all
// of them), with directive comments carrying the expectation
// written by hand: `;! stdout "1\n"`, `;! error TypeError`, `;! outcome exhaustion`,
// `;! args ["a"]`, `;! options {"max-steps": "100"}`, `;! description …`, `;! no-verify`
// (`#!` in `.veld`). A single-program file may instead have a sibling `NAME.out` with stdout.

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { Expectation, Outcome, VectorOption } from "../conformance/expectation.js";

export interface SourceVector {
  /** Vector name: its path under the vectors root without extension (`isa/add/int`). */
  readonly name: string;
  readonly kind: "vasm" | "veld";
  readonly text: string;
  /** Where it came from, for error messages (`src/isa/add.vasm:12`). */
  readonly origin: string;
  /** Hand-written expectations; the generator asserts the runtime agrees with each. */
  readonly stdout?: string;
  readonly error?: string;
  readonly outcome?: Outcome;
  readonly args?: readonly string[];
  readonly options?: Readonly<Partial<Record<VectorOption, string>>>;
  readonly description?: string;
  /** Assemble without the verifier (invalid-but-decodable modules). */
  readonly noVerify?: boolean;
  /**
   * A program of several files: a directory holding `main.veld` (the vector's `text`) and
   * its modules, by path relative to that directory (spec/language.md §11).
   */
  readonly modules?: ReadonlyMap<string, string>;
  /**
   * Libraries the program is linked with (`;! libs ["geometry.veld"]`): each a `.veld`
   * (compiled as a library named by its base name) or `.vasm` file of a `libs/` directory
   * beside the vector's source, by file name, with its text. A `.veld` program is compiled
   * against them (spec/language.md §11.6).
   */
  readonly libs?: readonly { readonly file: string; readonly text: string }[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Every source vector under `srcDir`, sorted by name. */
export function readSources(srcDir: string): SourceVector[] {
  const out: SourceVector[] = [];
  for (const file of walk(srcDir)) {
    if (file.endsWith("/")) {
      out.push(programVector(srcDir, file.slice(0, -1)));
      continue;
    }
    const kind = file.endsWith(".vasm") ? "vasm" : file.endsWith(".veld") ? "veld" : undefined;
    if (!kind) continue;
    const rel = relative(srcDir, file).replaceAll("\\", "/");
    const base = rel.slice(0, -(kind.length + 1));
    const vectors = splitBundle(readFileSync(file, "utf8"), kind, base, `src/${rel}`).map((v) =>
      v.libs === undefined ? v : { ...v, libs: v.libs.map((l) => libraryText(file, l.file)) },
    );
    if (vectors.length === 1 && vectors[0]!.name === base) {
      const outFile = file.slice(0, -kind.length) + "out";
      if (existsSync(outFile)) {
        if (vectors[0]!.stdout !== undefined) throw new Error(`${rel}: both .out and stdout`);
        (vectors[0] as Mutable<SourceVector>).stdout = readFileSync(outFile, "utf8");
      }
    }
    out.push(...vectors);
  }
  out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let i = 1; i < out.length; i++) {
    if (out[i]!.name === out[i - 1]!.name) throw new Error(`duplicate vector ${out[i]!.name}`);
  }
  return out;
}

const MAIN = "main.veld";

/** A library a vector links: `libs/FILE` beside the vector's source file. */
function libraryText(sourceFile: string, file: string): { file: string; text: string } {
  const path = join(dirname(sourceFile), LIBS, file);
  if (!existsSync(path)) throw new Error(`${sourceFile}: no library ${LIBS}/${file}`);
  return { file, text: readFileSync(path, "utf8") };
}

/** A directory of libraries vectors link against (`;! libs`): not vectors themselves. */
const LIBS = "libs";

/** Files under `dir`; a directory with a `main.veld` is one entry, `DIR/` (a program). */
function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (!statSync(path).isDirectory()) return [path];
      if (entry === LIBS) return [];
      return existsSync(join(path, MAIN)) ? [`${path}/`] : walk(path);
    });
}

function walkFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? walkFiles(path) : [path];
    });
}

/** The vector of a directory holding `main.veld` and the modules it imports. */
function programVector(srcDir: string, dir: string): SourceVector {
  const name = relative(srcDir, dir).replaceAll("\\", "/");
  const files = walkFiles(dir).map((f) => relative(dir, f).replaceAll("\\", "/"));
  const text = readFileSync(join(dir, MAIN), "utf8");
  const modules = new Map(
    files
      .filter((f) => f.endsWith(".veld") && f !== MAIN)
      .map((f) => [f, readFileSync(join(dir, f), "utf8")]),
  );
  const v = parseVector(text, "veld", name, `src/${name}/${MAIN}`, "#");
  return { ...v, modules };
}

const NAME = /^[a-z0-9][a-z0-9_-]*$/;

function splitBundle(
  text: string,
  kind: "vasm" | "veld",
  base: string,
  origin: string,
): SourceVector[] {
  const comment = kind === "vasm" ? ";" : "#";
  const lines = text.split("\n");
  const starts: { name: string; line: number }[] = [];
  lines.forEach((line, i) => {
    if (line.startsWith(`${comment} === `)) {
      const name = line.slice(comment.length + 5).trim();
      if (!NAME.test(name)) throw new Error(`${origin}:${i + 1}: bad vector name '${name}'`);
      starts.push({ name, line: i });
    }
  });
  if (starts.length === 0) return [parseVector(text, kind, base, origin, comment)];
  // Declarations before the first separator (`.native println 1`) are shared by every program.
  const prelude = lines.slice(0, starts[0]!.line);
  if (prelude.some((l) => l.startsWith(`${comment}!`))) {
    throw new Error(`${origin}: directives before the first '${comment} ===' line`);
  }
  const shared = prelude.filter((l) => l.trim() && !l.startsWith(comment)).join("\n");
  return starts.map((s, i) => {
    const end = i + 1 < starts.length ? starts[i + 1]!.line : lines.length;
    const body =
      lines
        .slice(s.line + 1, end)
        .join("\n")
        .trim() + "\n";
    const v = parseVector(body, kind, `${base}/${s.name}`, `${origin}:${s.line + 1}`, comment);
    return shared ? { ...v, text: `${shared}\n${body}` } : v;
  });
}

function parseVector(
  text: string,
  kind: "vasm" | "veld",
  name: string,
  origin: string,
  comment: string,
): SourceVector {
  const v: Mutable<SourceVector> = { name, kind, text, origin };
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${comment}! `)) continue;
    const rest = line.slice(comment.length + 2).trim();
    const space = rest.indexOf(" ");
    const key = space < 0 ? rest : rest.slice(0, space);
    const value = space < 0 ? "" : rest.slice(space + 1).trim();
    const json = () => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        throw new Error(`${origin}: directive ${key}: bad JSON ${value}`);
      }
    };
    switch (key) {
      case "stdout":
        v.stdout = (v.stdout ?? "") + (json() as string);
        break;
      case "error":
        v.error = value;
        break;
      case "outcome":
        v.outcome = value as Outcome;
        break;
      case "args":
        v.args = json() as string[];
        break;
      case "options":
        v.options = json() as Expectation["options"];
        break;
      case "description":
        v.description = value;
        break;
      case "no-verify":
        v.noVerify = true;
        break;
      case "libs":
        v.libs = (json() as string[]).map((file) => ({ file, text: "" }));
        break;
      default:
        throw new Error(`${origin}: unknown directive '${key}'`);
    }
  }
  return v;
}
