// The seeds the mutation targets start from: the golden vectors (`.veldc`, their `.vasm`
// disassembly, the `.veld` sources) and the examples. Read once per process, sorted, so a
// (target, seed, index) triple names the same input everywhere.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export const ROOT = join(import.meta.dirname, "../..");
const VECTORS = join(ROOT, "test-vectors");

export interface Seed<T> {
  readonly name: string;
  readonly data: T;
}

function walk(dir: string, ext: string, skip?: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (path === skip) continue;
    if (statSync(path).isDirectory()) out.push(...walk(path, ext, skip));
    else if (entry.endsWith(ext)) out.push(path);
  }
  return out;
}

let veldcCache: Seed<Uint8Array>[] | undefined;
let vasmCache: Seed<string>[] | undefined;
let veldCache: Seed<string>[] | undefined;

/** Every golden `.veldc`, valid or malformed. */
export function veldcSeeds(): Seed<Uint8Array>[] {
  return (veldcCache ??= walk(VECTORS, ".veldc").map((p) => ({
    name: relative(ROOT, p),
    data: new Uint8Array(readFileSync(p)),
  })));
}

/** The `.vasm` disassembly of every golden vector that assembles. */
export function vasmSeeds(): Seed<string>[] {
  return (vasmCache ??= walk(VECTORS, ".vasm", join(VECTORS, "src"))
    .filter((p) => !p.includes(`${join("test-vectors", "malformed")}`))
    .map((p) => ({ name: relative(ROOT, p), data: readFileSync(p, "utf8") })));
}

/** `.veld` programs: the vector sources (one program per `# ===` block) and the examples. */
export function veldSeeds(): Seed<string>[] {
  return (veldCache ??= [
    ...walk(VECTORS, ".veld"),
    ...walk(join(ROOT, "examples"), ".veld"),
  ].flatMap((p) => splitPrograms(relative(ROOT, p), readFileSync(p, "utf8"))));
}

/** A multi-program vector source is shared declarations, then `# === name` blocks. */
function splitPrograms(name: string, text: string): Seed<string>[] {
  const parts = text.split(/^# === .*$/m);
  if (parts.length === 1) return [{ name, data: text }];
  const shared = parts[0]!;
  return parts.slice(1).map((body, i) => ({ name: `${name}#${i + 1}`, data: shared + body }));
}
