// In-process timer for the tree-walking interpreter (interpreter/): times parse + resolve +
// run of a `.veld` file (the VM's timer covers load + verify + run of its `.veldc`). Output
// to stdout; "TIME <s>" and "RSS <KiB>" to stderr. Bundled by bench/run.ts.
import { readFileSync } from "node:fs";
import { interpret } from "../../interpreter/index.js";
import { peakRssKiB } from "./rss.js";

const file = process.argv[2]!;
const source = readFileSync(file, "utf8");
let out = "";
const t0 = process.hrtime.bigint();
const r = interpret(source, { write: (s: string) => void (out += s) }, { fileName: file });
const t1 = process.hrtime.bigint();
process.stdout.write(out);
if (!("status" in r) || r.status !== "ok") {
  process.stderr.write(
    `failed: ${JSON.stringify("diagnostics" in r ? r.diagnostics[0] : r.error?.message)}\n`,
  );
  process.exit(1);
}
process.stderr.write(`TIME ${(Number(t1 - t0) / 1e9).toFixed(6)}\nRSS ${peakRssKiB()}\n`);
