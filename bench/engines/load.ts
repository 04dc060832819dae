// Load-vs-compile timer (bench/README.md §Load): `load F.veldc` times read + verify + link
// of a module; `compile F.veld` times compileSource (parse, check, codegen, encode) of its
// source. Each run is a fresh process (cold JIT for both). Prints "TIME <s>" to stderr, and on
// Linux "MAIN <s>": CPU time of the main thread alone (10 ms ticks), what the wall time comes
// to on an idle machine with cores to spare for V8's compiler and GC threads.
import { readFileSync } from "node:fs";
import { compileSource } from "../../compiler/index.js";
import { load } from "../../runtime/index.js";

/** CPU time of the main thread in clock ticks (USER_HZ, 100 on Linux), or undefined. */
function mainThreadTicks(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

const [mode, file] = process.argv.slice(2);
if (mode === "load") {
  const bytes = readFileSync(file!);
  const t0 = process.hrtime.bigint();
  load(bytes);
  const t1 = process.hrtime.bigint();
  process.stderr.write(`TIME ${(Number(t1 - t0) / 1e9).toFixed(6)}\n`);
} else if (mode === "compile") {
  const source = readFileSync(file!, "utf8");
  const m0 = mainThreadTicks();
  const t0 = process.hrtime.bigint();
  const r = compileSource(source, { fileName: file });
  const t1 = process.hrtime.bigint();
  const m1 = mainThreadTicks();
  if (!r.bytes) {
    process.stderr.write(JSON.stringify(r.diagnostics.slice(0, 3)) + "\n");
    process.exit(1);
  }
  process.stderr.write(`TIME ${(Number(t1 - t0) / 1e9).toFixed(6)}\n`);
  if (m0 !== undefined && m1 !== undefined) process.stderr.write(`MAIN ${(m1 - m0) / 100}\n`);
} else {
  process.stderr.write("usage: load.js load F.veldc | compile F.veld\n");
  process.exit(2);
}
