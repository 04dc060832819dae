// The runtime's bundle sizes quoted in docs/shipping-bytecode.md, measured: the runtime as one
// unminified ESM file (what `veld/runtime` loads, chunks included) and as the minified browser
// bundle (dist/veld-runtime.browser.global.js), each raw and gzipped. `npx tsx
// tools/docs/bundle-sizes.ts --write` rewrites the sentence; tests/docs/bundle-sizes.test.ts
// fails when it is stale.

import { readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

export const DOC = new URL("../../docs/shipping-bytecode.md", import.meta.url);

async function bundle(format: "esm" | "iife", minify: boolean): Promise<Uint8Array> {
  const r = await build({
    entryPoints: [new URL("../../runtime/index.ts", import.meta.url).pathname],
    bundle: true,
    platform: format === "iife" ? "browser" : "neutral",
    target: "es2022",
    format,
    globalName: format === "iife" ? "Veld" : undefined,
    minify,
    write: false,
  });
  return r.outputFiles[0]!.contents;
}

const kb = (n: number) => `${Math.round(n / 1000)} KB`;

/** The sentence of the document that quotes the sizes, from a measurement. */
export async function sizesSentence(): Promise<string> {
  const esm = await bundle("esm", false);
  const iife = await bundle("iife", true);
  return (
    `The runtime (loader, verifier, VM, natives) is ${kb(esm.length)} of unminified JavaScript\n` +
    `as ESM or CJS (${kb(gzipSync(esm).length)} gzipped), or a ${kb(iife.length)} minified browser bundle ` +
    `(${kb(gzipSync(iife).length)} gzipped), and uses no Node built-ins.`
  );
}

/** The sentence as the document has it now. */
export function quotedSentence(doc = readFileSync(DOC, "utf8")): string | undefined {
  return /The runtime \(loader, verifier, VM, natives\) is[^]*?uses no Node built-ins\./.exec(
    doc,
  )?.[0];
}

if (process.argv.includes("--write")) {
  const doc = readFileSync(DOC, "utf8");
  const old = quotedSentence(doc);
  if (old === undefined) throw new Error("the sizes sentence is missing from the document");
  writeFileSync(DOC, doc.replace(old, await sizesSentence()));
}
