// Whole-process start-up of the CLIs as published (dist/, built by `npm run build`): bare
// `node -e 0`, `veld hello.veldc`, `veldc run hello.veld` (with and without the compile
// cache), `veldc --help`. Commands are interleaved, each run a fresh process; min and median
// wall milliseconds and the difference to bare node are printed.
//
//   npx tsx bench/startup.ts [--runs 30] [--old PATH]   (PATH: another veldc build to compare)
//
// CPU time (user + system, from /usr/bin/time) is printed beside wall time: on a shared
// machine wall time moves with the other processes' load.

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "30" }, old: { type: "string" } },
});
const runs = Number(values.runs);
const root = new URL("..", import.meta.url).pathname;
const hello = join(root, "examples/hello.veld");
const work = mkdtempSync(join(tmpdir(), "veld-startup-"));
const helloC = join(work, "hello.veldc");
const veldc = join(root, "dist/cli/veldc.cjs");
execFileSync("node", [veldc, "build", hello, "-o", helloC]);
const cache = join(work, "cache");

const COMMANDS: [string, string[], NodeJS.ProcessEnv?][] = [
  ["node -e 0", ["-e", "0"]],
  ["veld hello.veldc", [join(root, "dist/cli/veld.cjs"), helloC]],
  ["veldc run hello.veld (--no-cache)", [veldc, "run", "--no-cache", hello]],
  ["veldc run hello.veld (cached)", [veldc, "run", hello], { XDG_CACHE_HOME: cache }],
  ["veldc --help", [veldc, "--help"]],
];
if (values.old) {
  COMMANDS.push(["old veldc run hello.veld", [values.old, "run", hello]]);
  COMMANDS.push(["old veldc --help", [values.old, "--help"]]);
}

const wall = COMMANDS.map(() => [] as number[]);
const cpu = COMMANDS.map(() => [] as number[]);
for (let r = 0; r < runs; r++) {
  COMMANDS.forEach(([, args, env], i) => {
    const t0 = process.hrtime.bigint();
    const p = spawnSync("/usr/bin/time", ["-f", "CPU %U %S", "node", ...args], {
      env: { ...process.env, ...env },
      encoding: "utf8",
    });
    wall[i]!.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const m = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(p.stderr);
    if (p.status !== 0 || !m) throw new Error(`${args.join(" ")}: exit ${p.status}\n${p.stderr}`);
    cpu[i]!.push((Number(m[1]) + Number(m[2])) * 1000);
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const stats = (xs: number[]) => ({ min: Math.min(...xs), med: median(xs) });
const baseWall = stats(wall[0]!);
const baseCpu = stats(cpu[0]!);
const f = (x: number) => x.toFixed(0).padStart(5);
console.log(`${runs} runs each, interleaved; ms as min / median (difference to node -e 0)`);
COMMANDS.forEach(([name], i) => {
  const w = stats(wall[i]!);
  const c = stats(cpu[i]!);
  const d = (a: number, b: number) => (i > 0 ? ` (+${(a - b).toFixed(0)})` : "");
  console.log(
    `${name.padEnd(36)} wall ${f(w.min)}${d(w.min, baseWall.min)} / ${f(w.med)}${d(w.med, baseWall.med)}` +
      `   cpu ${f(c.min)}${d(c.min, baseCpu.min)} / ${f(c.med)}${d(c.med, baseCpu.med)}`,
  );
});

// Issue 20's targets, on wall minima: veld within 30 ms of bare node, veldc run and
// veldc --help within 50 ms.
const over = (name: string) => {
  const i = COMMANDS.findIndex(([n]) => n === name);
  return stats(wall[i]!).min - baseWall.min;
};
const targets: [string, number][] = [
  ["veld hello.veldc", 30],
  ["veldc run hello.veld (--no-cache)", 50],
  ["veldc run hello.veld (cached)", 50],
  ["veldc --help", 50],
];
for (const [name, limit] of targets) {
  const d = over(name);
  console.log(`target ${name}: +${d.toFixed(0)} ms (≤ +${limit}) ${d <= limit ? "met" : "MISSED"}`);
}
