// Builds: the CLIs (Node, ESM, sharing chunks), the `veld` runner as one self-contained file,
// the library entry points (ESM + CJS with type declarations, platform-neutral), and a
// minified browser bundle of the runtime alone.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig, type Options } from "tsup";

/**
 * A hash of everything that decides what `veldc` compiles a source to (the package version
 * and the sources of language/, compiler/, format/): the compile cache's key includes it, so
 * a rebuilt compiler never reuses another build's output (tools/cli/compile-cache.ts).
 */
function compilerBuild(): string {
  const h = createHash("sha256");
  h.update(JSON.parse(readFileSync("package.json", "utf8")).version);
  for (const dir of ["language", "compiler", "format"]) {
    for (const f of readdirSync(dir, { recursive: true }).map(String).sort()) {
      if (f.endsWith(".ts")) h.update(`${dir}/${f}\0`).update(readFileSync(join(dir, f)));
    }
  }
  return h.digest("hex").slice(0, 32);
}

const TOOLS = ["veldc", "veldas", "velddis", "veld-conformance"];

/**
 * `veld` (start-up ≤ 90 ms for hello world, bench/README.md): one CommonJS file with no chunk
 * imports, so Node neither starts its ESM loader (which also pulls in `fs/promises` and
 * `stream` to read the file and to build the `node:fs` facade) nor resolves and compiles
 * shared chunks. Also used by bench/run.ts, so the bench times the bin users run.
 */
export const VELD_BIN: Options = {
  entry: { "cli/veld": "tools/cli/veld.ts" },
  format: ["cjs"],
  outExtension: () => ({ js: ".cjs" }),
  platform: "node",
  target: "node20",
  outDir: "dist",
  splitting: false,
  // Colour for its error reports, inlined (a few hundred bytes) so only Node built-ins load.
  noExternal: ["picocolors"],
};

export default defineConfig([
  {
    entry: Object.fromEntries(TOOLS.map((t) => [`cli/${t}`, `tools/cli/${t}.ts`])),
    format: ["esm"],
    platform: "node",
    target: "node20",
    outDir: "dist",
    clean: true,
    splitting: true,
    define: { __VELD_COMPILER_BUILD__: JSON.stringify(compilerBuild()) },
  },
  VELD_BIN,
  // `veldc`'s bin: the same single-file shape for `veldc run` (tools/cli/veldc-run.ts).
  {
    ...VELD_BIN,
    entry: { "cli/veldc": "tools/cli/veldc-run.ts" },
    define: { __VELD_COMPILER_BUILD__: JSON.stringify(compilerBuild()) },
  },
  {
    entry: {
      runtime: "runtime/index.ts",
      format: "format/index.ts",
      compiler: "compiler/index.ts",
      assembler: "assembler/index.ts",
      language: "language/index.ts",
    },
    format: ["esm", "cjs"],
    platform: "neutral",
    target: "es2022",
    outDir: "dist",
    dts: true,
  },
  {
    entry: { "veld-runtime.browser": "runtime/index.ts" },
    format: ["iife"],
    globalName: "Veld",
    platform: "browser",
    target: "es2022",
    outDir: "dist",
    minify: true,
  },
]);
