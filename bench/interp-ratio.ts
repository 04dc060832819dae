// VM vs tree-walking interpreter (docs/product-targets.md: the VM should be ≥ 5× faster, geometric
// mean): runs each bench/programs/*.veld once on each engine in this process and prints the
// seconds and the ratio. A benchmark, not a test. `npx tsx bench/interp-ratio.ts [names…]`.
// The VM time includes compiling; the interpreter time includes parsing and resolving.

import { readdirSync, readFileSync } from "node:fs";
import { compileSource } from "../compiler/index.js";
import { interpret } from "../interpreter/index.js";
import { loadModule } from "../runtime/index.js";

const dir = new URL("./programs/", import.meta.url);
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".veld"))
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.veld$/, "")));

function time(run: () => string): [seconds: number, output: string] {
  const t0 = performance.now();
  const out = run();
  return [(performance.now() - t0) / 1000, out];
}

const ratios: number[] = [];
console.log("program        VM s    interp s   interp ÷ VM");
for (const f of files) {
  const source = readFileSync(new URL(f, dir), "utf8");
  const [vm, vmOut] = time(() => {
    let out = "";
    const r = compileSource(source, { fileName: f });
    loadModule(r.module!, { trusted: true }).run({ write: (t) => (out += t), writeErr: () => {} });
    return out;
  });
  const [it, itOut] = time(() => {
    let out = "";
    interpret(source, { write: (t) => (out += t) }, { fileName: f });
    return out;
  });
  if (vmOut !== itOut) throw new Error(`${f}: the engines print different output`);
  ratios.push(it / vm);
  const name = f.replace(/\.veld$/, "").padEnd(12);
  console.log(
    `${name} ${vm.toFixed(3).padStart(7)} ${it.toFixed(3).padStart(10)} ${(it / vm).toFixed(1).padStart(12)}×`,
  );
}
const geo = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
console.log(`geometric mean: interpreter ÷ VM = ${geo.toFixed(1)}×`);
