// Optimizer report: for every benchmark program and example, static instruction count,
// dynamic instructions executed and file size at -O0 and -O1, plus the stripped -O1 size
// against `luac5.4 -s` of the same algorithm (when luac5.4 is installed). Writes
// bench/results/optimizer.md. Run: npx tsx bench/optimizer.ts
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileSource } from "../compiler/index.js";
import { load } from "../runtime/index.js";
import { fillReadmeBlock } from "./report.js";

const root = new URL("../", import.meta.url).pathname;
const luaDir = join(root, "bench/lua");

function hasLuac(): boolean {
  try {
    execFileSync("luac5.4", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function measure(source: string, fileName: string, optimize: 0 | 1) {
  const full = compileSource(source, { fileName, optimize });
  const stripped = compileSource(source, { fileName, optimize, strip: true });
  if (!full.module || !stripped.bytes) throw new Error(`${fileName} does not compile`);
  const instructions = full.module.functions.reduce((n, f) => n + f.code.length, 0);
  const result = load(full.bytes!).run({ write: () => {}, writeErr: () => {} });
  if (result.status !== "ok") throw new Error(`${fileName}: ${result.error?.report()}`);
  return {
    instructions,
    steps: result.steps,
    size: full.bytes!.length,
    stripped: stripped.bytes.length,
  };
}

function luacSize(name: string): number | undefined {
  const lua = join(luaDir, `${name}.lua`);
  if (!existsSync(lua)) return undefined;
  const out = join(mkdtempSync(join(tmpdir(), "luac-")), `${name}.luac`);
  execFileSync("luac5.4", ["-s", "-o", out, lua]);
  return statSync(out).size;
}

const pct = (a: number, b: number) => `${(((b - a) / a) * 100).toFixed(1)}%`;

function main(): void {
  const luac = hasLuac();
  const rows: string[] = [];
  const ratios: number[] = [];
  const programs = [
    ...readdirSync(join(root, "bench/programs"))
      .filter((f) => f.endsWith(".veld"))
      .map((f) => ({ dir: "bench/programs", f })),
    ...readdirSync(join(root, "examples"))
      .filter((f) => f.endsWith(".veld"))
      .map((f) => ({ dir: "examples", f })),
  ];
  for (const { dir, f } of programs) {
    const source = readFileSync(join(root, dir, f), "utf8");
    const o0 = measure(source, f, 0);
    const o1 = measure(source, f, 1);
    const name = f.replace(/\.veld$/, "");
    const lua = dir === "bench/programs" && luac ? luacSize(name) : undefined;
    if (lua) ratios.push(o1.stripped / lua);
    rows.push(
      `| ${dir}/${f} | ${o0.instructions} | ${o1.instructions} (${pct(o0.instructions, o1.instructions)}) | ${o0.steps} | ${o1.steps} (${pct(o0.steps, o1.steps)}) | ${o0.size} | ${o1.size} | ${o1.stripped} | ${lua ?? "–"} | ${lua ? (o1.stripped / lua).toFixed(2) : "–"} |`,
    );
  }
  const geomean = ratios.length
    ? Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length).toFixed(2)
    : "–";
  const table = [
    "| program | static -O0 | static -O1 | executed -O0 | executed -O1 | bytes -O0 | bytes -O1 | stripped -O1 | `luac5.4 -s` | stripped / luac |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
    `Geometric mean of stripped .veldc / luac -s over the benchmark programs: ${geomean}.`,
    luac ? "" : "luac5.4 was not installed: install Debian's lua5.4 for the size comparison.",
  ].join("\n");
  writeFileSync(join(root, "bench/results/optimizer.md"), `${table}\n`);
  fillReadmeBlock(
    join(root, "bench/README.md"),
    "<!-- BEGIN OPTIMIZER (written by bench/optimizer.ts) -->",
    "<!-- END OPTIMIZER -->",
    table,
  );
  process.stdout.write(`${table}\n`);
}

main();
