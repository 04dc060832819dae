// Every ```veld block in docs/*.md and README.md compiles, and a block followed by an
// ```output block prints exactly that when run on the runtime (from .veldc bytes, as `veld`
// runs it). Keeps the language tour honest.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/index.js";
import { load } from "../../runtime/index.js";

const root = resolve(import.meta.dirname, "../..");
const files = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

interface Example {
  readonly file: string;
  readonly line: number;
  readonly source: string;
  readonly output?: string;
}

/** ```veld blocks, each with the ```output block that directly follows it, if any. */
function examples(file: string): Example[] {
  const text = readFileSync(join(root, file), "utf8");
  const blocks = [...text.matchAll(/^```(\w[\w-]*)\n([\s\S]*?)^```\s*$/gm)];
  const found: Example[] = [];
  blocks.forEach((b, i) => {
    if (b[1] !== "veld") return;
    const next = blocks[i + 1];
    const between = next ? text.slice(b.index! + b[0].length, next.index) : "";
    const output = next && next[1] === "output" && between.trim() === "" ? next[2] : undefined;
    const line = text.slice(0, b.index).split("\n").length;
    found.push({ file, line, source: b[2]!, output });
  });
  return found;
}

const all = files.flatMap(examples);

describe("documentation examples", () => {
  it("finds the tour's examples", () => {
    expect(all.filter((e) => e.file === "docs/language-tour.md").length).toBeGreaterThanOrEqual(15);
  });

  it.each(all.map((e) => [`${e.file}:${e.line}`, e] as const))("%s", (_, e) => {
    const r = compileSource(e.source, { fileName: e.file });
    expect(
      r.diagnostics.map((d) => `${d.span.start.line}:${d.span.start.col} ${d.message}`),
    ).toEqual([]);
    if (e.output === undefined) return;
    let out = "";
    const result = load(r.bytes!).run(
      { write: (t) => void (out += t), writeErr: (t) => void (out += t), now: () => 0 },
      [],
      { maxSteps: 10_000_000 },
    );
    const error = result.error ? result.error.report().split("\n")[0] + "\n" : "";
    expect(out + error).toBe(e.output);
  });
});

describe("documentation links", () => {
  it.each(files)("%s links only to files that exist", (file) => {
    const text = readFileSync(join(root, file), "utf8");
    const dir = join(root, file, "..");
    const broken = [...text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
      .map((m) => m[1]!)
      .filter((target) => !/^[a-z]+:/.test(target))
      .filter((target) => !existsSync(join(dir, target)));
    expect(broken).toEqual([]);
  });
});
