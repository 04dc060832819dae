// Builds: the CLIs (Node, ESM, one file each), the library entry points (ESM + CJS with type
// declarations, platform-neutral), and a minified browser bundle of the runtime alone.
import { defineConfig } from "tsup";

const TOOLS = ["veld", "veldc", "veldas", "velddis", "veld-conformance"];

export default defineConfig([
  {
    entry: Object.fromEntries(TOOLS.map((t) => [`cli/${t}`, `tools/cli/${t}.ts`])),
    format: ["esm"],
    platform: "node",
    target: "node20",
    outDir: "dist",
    clean: true,
    splitting: true,
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
