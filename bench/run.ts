// `npm run bench`: the Veld benchmark runner (bench/README.md). Builds the VM timer and CLIs
// with tsup into bench/.build, compiles the programs, then measures in one run, in fresh
// processes, engines and programs interleaved: the VM (in-process load+run and whole
// process), the tree-walker (interpreter/, when present), fengari and lua5.4 (when
// installed); startup; load vs compile of a generated ≥ 20,000-line program. Writes
// bench/results/latest.{json,md,svg}.
//
// Options: --only fib,loop · --runs N (default 5) · --quick (3 runs, base suite only, no
// load benchmark) · --suite base|warm|classic|all (or a list: base,classic) · --engines vm,fengari,lua5.4,interp · --no-load ·
// --warm-runs N (default: --runs) · --fengari-warm ·
// --report-only (re-render latest.md, latest.svg and the README block from latest.json)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "tsup";
import { compileSource } from "../compiler/index.js";
import { VELD_BIN } from "../tsup.config.js";
import { largeProgram } from "./large.js";
import {
  type Engine,
  ENGINE_LABEL,
  fillReadmeBlock,
  markdown,
  type Results,
  type Row,
  stat,
  svgChart,
} from "./report.js";
import {
  expected,
  normalize,
  type ProgramName,
  type Suite,
  SUITE_PROGRAMS,
  suiteDir,
  SUITES,
} from "./suite.js";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, "..");
const OUT = join(BENCH, ".build");
const RESULTS = join(BENCH, "results");
const PKG = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  bin: Record<string, string>;
};
/** `veld` as users run it: package.json's bin ("dist/…"), built into OUT by `prepare`. */
const VELD = join(OUT, relative("dist", PKG.bin.veld!));

const { values: opt } = parseArgs({
  options: {
    only: { type: "string" },
    runs: { type: "string" },
    "warm-runs": { type: "string" },
    "fengari-warm": { type: "boolean", default: false },
    quick: { type: "boolean", default: false },
    suite: { type: "string" },
    engines: { type: "string" },
    "no-load": { type: "boolean", default: false },
    "report-only": { type: "boolean", default: false },
  },
});
const runs = Number(opt.runs ?? (opt.quick ? 3 : 5));
const warmRuns = Number(opt["warm-runs"] ?? runs);
for (const n of [runs, warmRuns])
  if (!Number.isInteger(n) || n < 1)
    throw new Error("--runs/--warm-runs must be positive integers");
const suiteOpt = opt.suite ?? (opt.quick ? "base" : "all");
const suites: Suite[] = suiteOpt === "all" ? [...SUITES] : (suiteOpt.split(",") as Suite[]);
for (const s of suites)
  if (!(SUITES as readonly string[]).includes(s))
    throw new Error(`--suite must be ${SUITES.join(", ")} or all (or a comma-separated list)`);
const allPrograms = new Set(suites.flatMap((s) => SUITE_PROGRAMS[s]));
const only = opt.only ? opt.only.split(",") : [...allPrograms];
for (const p of only)
  if (!allPrograms.has(p as ProgramName)) throw new Error(`unknown program ${p}`);
/** The programs of a suite that this run measures. */
const programsOf = (s: Suite) => SUITE_PROGRAMS[s].filter((p) => only.includes(p));
// The slow engines run fewer times: fengari on the warm suite only with --fengari-warm, and
// then once per program (5–40 s each); the tree-walker once per base program (seconds to a
// minute each) and not on the warm suite.
const FENGARI_WARM_RUNS = opt["fengari-warm"] ? 1 : 0;
const INTERP_RUNS = 1;

const notes: string[] = [];
const log = (s: string) => process.stderr.write(s + "\n");

function has(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
}

// ---- preparation ----------------------------------------------------------------------

async function prepare(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await build({
    entry: {
      vm: join(BENCH, "engines/vm.ts"),
      load: join(BENCH, "engines/load.ts"),
      ...(interpAvailable() ? { interp: join(BENCH, "engines/interp.ts") } : {}),
      veldc: join(ROOT, "tools/cli/veldc.ts"),
    },
    format: ["esm"],
    platform: "node",
    target: "node20",
    outDir: OUT,
    silent: true,
    config: false,
    splitting: false,
  });
  // `veld` for the startup benchmark: the published bin's own build options, into OUT.
  const entry = Object.entries(VELD_BIN.entry as Record<string, string>);
  await build({
    ...VELD_BIN,
    entry: Object.fromEntries(entry.map(([name, src]) => [name, join(ROOT, src)])),
    outDir: OUT,
    silent: true,
    config: false,
  });
  if (!existsSync(VELD))
    throw new Error(`tsup.config.ts's VELD_BIN does not build package.json's bin ${PKG.bin.veld}`);
  for (const suite of suites) {
    mkdirSync(join(OUT, suite), { recursive: true });
    for (const p of programsOf(suite)) {
      const file = veldSource(suite, p);
      const r = compileSource(readFileSync(file, "utf8"), { fileName: file });
      if (!r.bytes) throw new Error(`${file}: ${JSON.stringify(r.diagnostics[0])}`);
      writeFileSync(join(OUT, suite, `${p}.veldc`), r.bytes);
    }
  }
  const hello = compileSource('println("hello")\n', { fileName: "hello.veld" });
  writeFileSync(join(OUT, "hello.veldc"), hello.bytes!);
  writeFileSync(join(OUT, "empty.lua"), "");
}

const veldSource = (suite: Suite, p: ProgramName) =>
  join(BENCH, "programs", suiteDir(suite), `${p}.veld`);
const luaSource = (suite: Suite, p: ProgramName) => join(BENCH, "lua", suiteDir(suite), `${p}.lua`);

function command(e: Engine, suite: Suite, p: ProgramName): string[] {
  switch (e) {
    case "vm":
      return ["node", join(OUT, "vm.js"), join(OUT, suite, `${p}.veldc`)];
    case "interp":
      return ["node", join(OUT, "interp.js"), veldSource(suite, p)];
    case "fengari":
      return ["node", join(BENCH, "engines/fengari.mjs"), luaSource(suite, p)];
    case "lua5.4":
      return ["lua5.4", join(BENCH, "lua/timer.lua"), luaSource(suite, p)];
  }
}

interface Sample {
  time: number;
  wall: number;
  cpu?: number;
  rss?: number;
}

function runOnce(argv: string[], expect?: string): Sample {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0]!, argv.slice(1), {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${argv.join(" ")} failed (${r.status}): ${r.stderr}`);
  if (expect !== undefined && normalize(r.stdout) !== expect) {
    throw new Error(
      `${argv.join(" ")}: wrong output\n  got:      ${normalize(r.stdout)}\n  expected: ${expect}`,
    );
  }
  const time = /TIME ([\d.]+)/.exec(r.stderr);
  const rss = /RSS (\d+)/.exec(r.stderr);
  const cpu = /CPU ([\d.]+)/.exec(r.stderr);
  return {
    time: time ? Number(time[1]) : wall,
    wall,
    cpu: cpu ? Number(cpu[1]) : undefined,
    rss: rss ? Number(rss[1]) : undefined,
  };
}

// ---- measurement ----------------------------------------------------------------------

function interpAvailable(): boolean {
  return existsSync(join(ROOT, "interpreter/index.ts"));
}

function engines(): Engine[] {
  const wanted = (opt.engines ?? "vm,interp,fengari,lua5.4").split(",") as Engine[];
  const list: Engine[] = [];
  for (const e of wanted) {
    if (!(e in ENGINE_LABEL)) throw new Error(`unknown engine ${e}`);
    if (e === "lua5.4" && !has("lua5.4")) {
      notes.push("lua5.4 not installed (apt-get install -y lua5.4): its columns are skipped.");
      continue;
    }
    if (e === "interp" && !interpAvailable()) {
      notes.push("tree-walker not present (no interpreter/index.ts): skipped.");
      continue;
    }
    if (e === "fengari" && !existsSync(join(ROOT, "node_modules/fengari"))) {
      notes.push("fengari not installed (npm install): skipped.");
      continue;
    }
    list.push(e);
  }
  return list;
}

function measurePrograms(eng: Engine[]): Row[] {
  const samples = new Map<string, Sample[]>();
  const key = (s: Suite, p: string, e: Engine) => `${s}/${p}/${e}`;
  for (let rep = 0; rep < Math.max(runs, warmRuns); rep++) {
    for (const suite of suites) {
      if (rep >= (suite === "warm" ? warmRuns : runs)) continue;
      for (const p of programsOf(suite)) {
        // Rotate the engine order each repetition so no engine always runs first.
        const order = eng.map((_, i) => eng[(i + rep) % eng.length]!);
        for (const e of order) {
          if (e === "fengari" && suite === "warm" && rep >= FENGARI_WARM_RUNS) continue;
          if (e === "interp" && (suite === "warm" || rep >= INTERP_RUNS)) continue;
          const family = e === "vm" || e === "interp" ? "veld" : "lua";
          const s = runOnce(command(e, suite, p), expected(suite, p, family));
          const list = samples.get(key(suite, p, e)) ?? [];
          list.push(s);
          samples.set(key(suite, p, e), list);
          log(
            `run ${rep + 1}/${runs} ${suite} ${p} ${e}: ${s.time.toFixed(4)} s (wall ${s.wall.toFixed(3)})`,
          );
        }
      }
    }
  }
  if (suites.includes("warm") && eng.includes("fengari")) {
    notes.push(
      FENGARI_WARM_RUNS === 0
        ? "fengari is not run on the warm suite (add --fengari-warm: 5–40 s per program)."
        : `fengari ran ${FENGARI_WARM_RUNS}× per warm program.`,
    );
  }
  if (suites.includes("warm") && warmRuns !== runs) {
    notes.push(`Warm suite: ${warmRuns} runs per engine.`);
  }
  if (eng.includes("interp")) {
    notes.push(
      `The tree-walker ran ${Math.min(runs, INTERP_RUNS)}× per base program and not on the warm suite (seconds to a minute per run).`,
    );
  }
  if (eng.includes("lua5.4")) {
    notes.push(
      "As in the anchors, lua5.4 is timed by os.clock (CPU time) and the JS engines by wall time; on a loaded machine wall time reads high, so the VM's CPU time (all threads, V8's compiler and GC threads included) is given too, with its ratio to lua5.4.",
    );
  }
  const rows: Row[] = [];
  for (const suite of suites) {
    for (const p of programsOf(suite)) {
      const row: Row = { suite, program: p, time: {}, wall: {}, cpu: {}, rssKiB: {} };
      for (const e of eng) {
        const list = samples.get(key(suite, p, e));
        if (!list) continue;
        row.time[e] = stat(list.map((s) => s.time));
        row.wall[e] = stat(list.map((s) => s.wall));
        const cpu = list.map((s) => s.cpu).filter((x): x is number => x !== undefined);
        if (cpu.length) row.cpu[e] = stat(cpu);
        const rss = list.map((s) => s.rss).filter((x): x is number => x !== undefined);
        if (rss.length) row.rssKiB[e] = stat(rss).median;
      }
      rows.push(row);
    }
  }
  return rows;
}

function measureStartup(eng: Engine[]): Results["startup"] {
  const n = Math.max(runs * 2, 10);
  const bare: number[] = [];
  const hello: number[] = [];
  const fen: number[] = [];
  const lua: number[] = [];
  for (let i = 0; i < n; i++) {
    bare.push(runOnce(["node", "-e", "0"]).wall);
    hello.push(runOnce(["node", VELD, join(OUT, "hello.veldc")], "hello").wall);
    if (eng.includes("fengari"))
      fen.push(runOnce(["node", join(BENCH, "engines/fengari.mjs"), join(OUT, "empty.lua")]).wall);
    if (eng.includes("lua5.4")) lua.push(runOnce(["lua5.4", join(OUT, "empty.lua")]).wall);
  }
  return {
    nodeBare: stat(bare),
    veldHello: stat(hello),
    fengariEmpty: fen.length ? stat(fen) : undefined,
    luaEmpty: lua.length ? stat(lua) : undefined,
  };
}

function measureLoad(): Results["load"] {
  const { source, lines } = largeProgram(20_000);
  const src = join(OUT, "large.veld");
  writeFileSync(src, source);
  const r = compileSource(source, { fileName: "large.veld" });
  if (!r.bytes)
    throw new Error(`generated program does not compile: ${JSON.stringify(r.diagnostics[0])}`);
  const bin = join(OUT, "large.veldc");
  writeFileSync(bin, r.bytes);
  const loads: number[] = [];
  const compiles: number[] = [];
  for (let i = 0; i < runs; i++) {
    loads.push(runOnce(["node", join(OUT, "load.js"), "load", bin]).time);
    compiles.push(runOnce(["node", join(OUT, "load.js"), "compile", src]).time);
  }
  const load = stat(loads);
  const compile = stat(compiles);
  return {
    lines,
    bytes: r.bytes.length,
    load,
    compile,
    speedup: compile.median / load.median,
    linesPerSecond: lines / compile.median,
  };
}

// ---- main -----------------------------------------------------------------------------

/** Writes latest.{json,md,svg} and the results block of bench/README.md. */
function report(results: Results): void {
  mkdirSync(RESULTS, { recursive: true });
  const md = markdown(results);
  writeFileSync(join(RESULTS, "latest.json"), JSON.stringify(results, null, 2) + "\n");
  writeFileSync(join(RESULTS, "latest.md"), md + "\n");
  writeFileSync(join(RESULTS, "latest.svg"), svgChart(results));
  fillReadmeBlock(
    join(BENCH, "README.md"),
    "<!-- BEGIN RESULTS (written by bench/run.ts) -->",
    "<!-- END RESULTS -->",
    md,
  );
  process.stdout.write(md + "\n");
}

if (opt["report-only"]) {
  report(JSON.parse(readFileSync(join(RESULTS, "latest.json"), "utf8")) as Results);
  process.exit(0);
}
const la0 = loadavg();
log("building bench/.build …");
await prepare();
const eng = engines();
const rows = measurePrograms(eng);
const startup = opt.quick ? undefined : measureStartup(eng);
const load = opt.quick || opt["no-load"] ? undefined : measureLoad();
const luaVersion = has("lua5.4")
  ? spawnSync("lua5.4", ["-v"], { encoding: "utf8" }).stdout.trim().split(" ").slice(0, 2).join(" ")
  : undefined;
const results: Results = {
  date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
  machine: {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    node: process.version,
    lua: luaVersion,
    loadavg: [la0, loadavg()],
  },
  runs,
  engines: eng,
  notes,
  rows,
  startup,
  load,
};
report(results);
