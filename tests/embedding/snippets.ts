// The code of docs/embedding.md, as the page shows it: every fenced block whose first line is
// `// file: NAME` is one file. The tests run these files, so the page cannot drift from code
// that works.

import { readFileSync } from "node:fs";
import { build as esbuild } from "esbuild";

const DOC = new URL("../../docs/embedding.md", import.meta.url);

export function docFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const text = readFileSync(DOC, "utf8");
  for (const m of text.matchAll(/```js\n\/\/ file: (\S+)\n([\s\S]*?)```/g)) {
    files.set(m[1]!, m[2]!);
  }
  return files;
}

/** The runtime of this repository, bundled as `format` ("esm" for Node, "iife" `Veld`). */
export async function runtimeBundle(format: "esm" | "iife"): Promise<string> {
  const result = await esbuild({
    entryPoints: [new URL("../../runtime/index.ts", import.meta.url).pathname],
    bundle: true,
    platform: "neutral",
    format,
    globalName: format === "iife" ? "Veld" : undefined,
    write: false,
  });
  return result.outputFiles[0]!.text;
}
