// Load-vs-compile timer (bench/README.md §Load): `load F.veldc` times read + verify + link
// of a module; `compile F.veld` times compileSource (parse, check, codegen, encode) of its
// source. Each run is a fresh process (cold JIT for both). Prints "TIME <s>" to stderr.
import { readFileSync } from "node:fs";
import { compileSource } from "../../compiler/index.js";
import { load } from "../../runtime/index.js";

const [mode, file] = process.argv.slice(2);
if (mode === "load") {
  const bytes = readFileSync(file!);
  const t0 = process.hrtime.bigint();
  load(bytes);
  const t1 = process.hrtime.bigint();
  process.stderr.write(`TIME ${(Number(t1 - t0) / 1e9).toFixed(6)}\n`);
} else if (mode === "compile") {
  const source = readFileSync(file!, "utf8");
  const t0 = process.hrtime.bigint();
  const r = compileSource(source, { fileName: file });
  const t1 = process.hrtime.bigint();
  if (!r.bytes) {
    process.stderr.write(JSON.stringify(r.diagnostics.slice(0, 3)) + "\n");
    process.exit(1);
  }
  process.stderr.write(`TIME ${(Number(t1 - t0) / 1e9).toFixed(6)}\n`);
} else {
  process.stderr.write("usage: load.js load F.veldc | compile F.veld\n");
  process.exit(2);
}
