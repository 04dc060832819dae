// In-process timer for the Veld VM (bench/README.md §Method): reads a `.veldc`, then times
// load (read + verify + link) plus run, excluding Node startup and module load — the same
// cut as the anchors' run_fengari.js. Program output goes to stdout; "TIME <s>" (wall),
// "CPU <s>" (user + system of all the process's threads) and "RSS <KiB>" (peak resident
// set) to stderr. Bundled by bench/run.ts into bench/.build/.
import { readFileSync } from "node:fs";
import { load } from "../../runtime/index.js";
import { peakRssKiB } from "./rss.js";

const bytes = readFileSync(process.argv[2]!);
let out = "";
const host = {
  write: (s: string) => void (out += s),
  writeErr: (s: string) => void process.stderr.write(s),
};
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const result = load(bytes).run(host);
const t1 = process.hrtime.bigint();
const cpu = process.cpuUsage(c0);
process.stdout.write(out);
if (result.status !== "ok") {
  process.stderr.write(result.error!.report());
  process.exit(1);
}
process.stderr.write(
  `TIME ${(Number(t1 - t0) / 1e9).toFixed(6)}\nCPU ${((cpu.user + cpu.system) / 1e6).toFixed(6)}\nRSS ${peakRssKiB()}\n`,
);
