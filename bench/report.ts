// Rendering of benchmark results: the Markdown tables (bench/results/latest.md, included by
// bench/README.md) and a hand-written SVG bar chart of the ratios (bench/results/latest.svg).

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { type ProgramName, type Suite, SUITES } from "./suite.js";

export type Engine = "vm" | "interp" | "fengari" | "lua5.4";
export const ENGINE_LABEL: Record<Engine, string> = {
  vm: "Veld VM",
  interp: "tree-walker",
  fengari: "fengari",
  "lua5.4": "lua5.4",
};

export interface Stat {
  min: number;
  median: number;
  n: number;
}

export interface Row {
  suite: Suite;
  program: ProgramName;
  /** In-process seconds (load+run, no process startup). */
  time: Partial<Record<Engine, Stat>>;
  wall: Partial<Record<Engine, Stat>>;
  /** CPU seconds of the run (engines that report it: the VM). */
  cpu: Partial<Record<Engine, Stat>>;
  rssKiB: Partial<Record<Engine, number>>;
}

export interface LoadResult {
  lines: number;
  bytes: number;
  load: Stat;
  compile: Stat;
  speedup: number;
  linesPerSecond: number;
}

export interface StartupResult {
  nodeBare: Stat;
  veldHello: Stat;
  fengariEmpty?: Stat;
  luaEmpty?: Stat;
}

export interface Results {
  date: string;
  machine: { cpu: string; cores: number; node: string; lua?: string; loadavg: number[][] };
  runs: number;
  engines: Engine[];
  notes: string[];
  rows: Row[];
  startup?: StartupResult;
  load?: LoadResult;
}

export function stat(xs: number[]): Stat {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  const median = s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  return { min: s[0]!, median, n: s.length };
}

export function geomean(xs: number[]): number {
  return Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
}

const sec = (x: number) => (x >= 1 ? x.toFixed(2) : x >= 0.1 ? x.toFixed(3) : x.toFixed(4));
const fmt = (s: Stat | undefined) => (s ? `${sec(s.min)} / ${sec(s.median)}` : "—");
const r2 = (x: number | undefined) =>
  x === undefined ? "—" : x >= 10 ? x.toFixed(1) : x.toFixed(2);

/** Ratios of one row on medians: VM slowdown vs lua5.4, speedups over the JS-hosted peers. */
export function ratios(row: Row): {
  lua?: number;
  luaCpu?: number;
  fengari?: number;
  interp?: number;
} {
  const vm = row.time.vm?.median;
  if (vm === undefined) return {};
  const t = row.time;
  return {
    lua: t["lua5.4"] ? vm / t["lua5.4"].median : undefined,
    luaCpu: t["lua5.4"] && row.cpu?.vm ? row.cpu.vm.median / t["lua5.4"].median : undefined,
    fengari: t.fengari ? t.fengari.median / vm : undefined,
    interp: t.interp ? t.interp.median / vm : undefined,
  };
}

const SUITE_TITLE: Record<Suite, string> = {
  base: "Base programs",
  warm: "×10 warm variants",
  classic: "Classic programs (untuned)",
};

/** Geomean and worst of VM ÷ lua5.4 ratios, over all and without the outliers where Lua is the
 *  slow one (ratio < 1, e.g. `strings`: Lua's repeated concatenation is quadratic). */
function luaSummary(label: string, ratios: number[]): string {
  const kept = ratios.filter((r) => r >= 1);
  return (
    `${label}: geomean ${r2(geomean(ratios))}, worst ${r2(Math.max(...ratios))}; ` +
    (kept.length < ratios.length
      ? `without the ${ratios.length - kept.length} where Lua is slower (ratio < 1): ` +
        (kept.length ? `geomean ${r2(geomean(kept))}` : "none left")
      : "no program where Lua is slower")
  );
}

export function markdown(res: Results): string {
  const out: string[] = [];
  const m = res.machine;
  out.push(
    `Measured ${res.date} on ${m.cpu}, ${m.cores} cores, Node ${m.node}` +
      `${m.lua ? `, ${m.lua}` : ""}; ${res.runs} runs per engine (fresh process each, engines` +
      ` interleaved); load average ${m.loadavg.map((l) => l.map((x) => x.toFixed(2)).join(" ")).join(" → ")}.`,
  );
  out.push("");
  for (const n of res.notes) out.push(`- ${n}`);
  if (res.notes.length) out.push("");
  const whole: { lua: number[]; cpu: number[] } = { lua: [], cpu: [] };
  for (const suite of SUITES) {
    const rows = res.rows.filter((r) => r.suite === suite);
    if (rows.length === 0) continue;
    out.push(`### ${SUITE_TITLE[suite]}: in-process seconds (min / median)`);
    out.push("");
    const eng = res.engines;
    out.push(
      `| program | ${eng.map((e) => ENGINE_LABEL[e]).join(" | ")} | VM ÷ lua5.4 | fengari ÷ VM |${eng.includes("interp") ? " tree-walker ÷ VM |" : ""} VM whole-process | VM CPU | VM CPU ÷ lua5.4 |`,
    );
    out.push(
      `|---|${eng.map(() => "---|").join("")}---|---|${eng.includes("interp") ? "---|" : ""}---|---|---|`,
    );
    const lr: number[] = [];
    const fr: number[] = [];
    const ir: number[] = [];
    const cr: number[] = [];
    for (const row of rows) {
      const q = ratios(row);
      if (q.lua !== undefined) lr.push(q.lua);
      if (q.fengari !== undefined) fr.push(q.fengari);
      if (q.interp !== undefined) ir.push(q.interp);
      if (q.luaCpu !== undefined) cr.push(q.luaCpu);
      out.push(
        `| ${row.program} | ${eng.map((e) => fmt(row.time[e])).join(" | ")} | ${r2(q.lua)} | ${r2(q.fengari)} |${eng.includes("interp") ? ` ${r2(q.interp)} |` : ""} ${fmt(row.wall.vm)} | ${fmt(row.cpu?.vm)} | ${r2(q.luaCpu)} |`,
      );
    }
    const g = (xs: number[]) => (xs.length ? `**${r2(geomean(xs))}**` : "—");
    out.push(
      `| **geomean** | ${eng.map(() => "").join(" | ")} | ${g(lr)} | ${g(fr)} |${eng.includes("interp") ? ` ${g(ir)} |` : ""} | | ${g(cr)} |`,
    );
    out.push("");
    if (suite !== "warm") {
      whole.lua.push(...lr);
      whole.cpu.push(...cr);
    }
    if (lr.length) {
      out.push(`- ${luaSummary("VM ÷ lua5.4", lr)}.`);
      if (cr.length) out.push(`- ${luaSummary("VM CPU ÷ lua5.4", cr)}.`);
      out.push("- Targets: geomean ≤ 1.5 with and without those, no program above 3.");
    }
    if (fr.length) {
      const below = rows.filter((r) => (ratios(r).fengari ?? Infinity) < 5).map((r) => r.program);
      out.push(
        `- fengari ÷ VM: lowest ${r2(Math.min(...fr))} (target ≥ 5 on every program: ` +
          (below.length ? `missed on ${below.join(", ")}` : "met") +
          ").",
      );
    }
    if (lr.length || fr.length) out.push("");
    const rssEng = eng.filter((e) => e !== "interp");
    out.push(
      `Peak RSS, MiB (median run): ` +
        rows
          .map(
            (r) =>
              `${r.program} ${rssEng
                .map((e) =>
                  r.rssKiB[e] !== undefined
                    ? `${ENGINE_LABEL[e]} ${(r.rssKiB[e]! / 1024).toFixed(0)}`
                    : "",
                )
                .filter(Boolean)
                .join(" · ")}`,
          )
          .join("; ") +
        ".",
    );
    out.push("");
  }
  if (res.rows.some((r) => r.suite === "base") && res.rows.some((r) => r.suite === "classic")) {
    out.push("### Whole suite (base and classic programs)");
    out.push("");
    if (whole.lua.length) out.push(`- ${luaSummary("VM ÷ lua5.4", whole.lua)}.`);
    if (whole.cpu.length) out.push(`- ${luaSummary("VM CPU ÷ lua5.4", whole.cpu)}.`);
    out.push("");
  }
  if (res.startup) {
    const s = res.startup;
    out.push("### Startup (whole process, seconds, min / median)");
    out.push("");
    out.push(
      "| `node -e 0` | `veld hello.veldc` | fengari, empty program | lua5.4, empty program |",
    );
    out.push("|---|---|---|---|");
    out.push(
      `| ${fmt(s.nodeBare)} | ${fmt(s.veldHello)} | ${fmt(s.fengariEmpty)} | ${fmt(s.luaEmpty)} |`,
    );
    out.push("");
    // The target (≤ 90 ms where bare node takes ≈ 60 ms) is our own cost on top of Node's.
    const above = (x: number, y: number) => ((x - y) * 1000).toFixed(0);
    out.push(
      `\`veld hello.veldc\` takes ${above(s.veldHello.min, s.nodeBare.min)} ms (min) / ` +
        `${above(s.veldHello.median, s.nodeBare.median)} ms (median) more than bare node ` +
        `(target ≤ 90 ms where bare node takes ≈ 60 ms: at most 30 ms more; bare node takes ` +
        `${(s.nodeBare.median * 1000).toFixed(0)} ms on this machine).`,
    );
    out.push("");
  }
  if (res.load) {
    const l = res.load;
    out.push("### Load vs compile (generated program, fresh process each run)");
    out.push("");
    out.push(
      "| lines | `.veldc` bytes | load+verify+link (min / median) | compile (min / median) | compile ÷ load | compiler lines/s |",
    );
    out.push("|---|---|---|---|---|---|");
    out.push(
      `| ${l.lines} | ${l.bytes} | ${fmt(l.load)} | ${fmt(l.compile)} | **${r2(l.speedup)}** | ${Math.round(l.linesPerSecond)} |`,
    );
    out.push("");
  }
  return out.join("\n");
}

/** Horizontal log-scale bars: each engine's median time relative to lua5.4, per program. */
export function svgChart(res: Results): string {
  const eng = res.engines.filter((e) => e !== "lua5.4" && e !== "interp");
  const colors: Record<string, string> = { vm: "#2b7bb9", fengari: "#d95f02", interp: "#7570b3" };
  const suites = SUITES.filter((s) => res.rows.some((r) => r.suite === s && r.time["lua5.4"]));
  const rowH = 10 * eng.length + 10;
  const left = 150;
  const width = 760;
  const plotW = width - left - 30;
  const maxRatio = 64;
  const x = (r: number) =>
    left + ((Math.log2(Math.max(r, 0.25)) + 2) / (Math.log2(maxRatio) + 2)) * plotW;
  const parts: string[] = [];
  let y = 40;
  for (const suite of suites) {
    const rows = res.rows.filter((r) => r.suite === suite && r.time["lua5.4"]);
    parts.push(`<text x="10" y="${y}" font-weight="bold">${SUITE_TITLE[suite]}</text>`);
    y += 10;
    const top = y;
    for (const row of rows) {
      const lua = row.time["lua5.4"]!.median;
      parts.push(
        `<text x="${left - 8}" y="${y + rowH / 2 + 4}" text-anchor="end">${row.program}</text>`,
      );
      eng.forEach((e, i) => {
        const t = row.time[e];
        if (!t) return;
        const r = t.median / lua;
        const w = Math.max(1, x(r) - x(0.25));
        parts.push(
          `<rect x="${x(0.25)}" y="${y + 5 + i * 10}" width="${w.toFixed(1)}" height="8" fill="${colors[e]}"><title>${ENGINE_LABEL[e]} ${row.program}: ${r.toFixed(2)}× lua5.4</title></rect>`,
        );
        parts.push(
          `<text x="${(x(0.25) + w + 3).toFixed(1)}" y="${y + 12 + i * 10}" font-size="9">${r < 0.1 ? r.toFixed(2) : r.toFixed(1)}</text>`,
        );
      });
      y += rowH;
    }
    for (const g of [0.25, 0.5, 1, 2, 2.5, 4, 8, 16, 32, 64]) {
      const style =
        g === 1
          ? 'stroke="#999"'
          : g === 2.5
            ? 'stroke="#2b7bb9" stroke-dasharray="6 3"'
            : 'stroke="#999" stroke-dasharray="2 3"';
      parts.push(
        `<line x1="${x(g).toFixed(1)}" y1="${top}" x2="${x(g).toFixed(1)}" y2="${y}" ${style}/>`,
      );
      parts.push(
        `<text x="${x(g).toFixed(1)}" y="${y + 12}" font-size="9" text-anchor="middle">${g}×</text>`,
      );
    }
    y += 40;
  }
  const legend = eng
    .map(
      (e, i) =>
        `<rect x="${left + i * 130}" y="${y - 18}" width="10" height="10" fill="${colors[e]}"/><text x="${left + i * 130 + 14}" y="${y - 9}">${ENGINE_LABEL[e]}</text>`,
    )
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>
<text x="10" y="18" font-size="13">In-process time relative to lua5.4 (median, log scale; dashed blue = 2.5× target)</text>
${parts.join("\n")}
${legend}
</svg>
`;
}

/** Replaces the text between `begin` and `end` markers of a README with `content`. */
export function fillReadmeBlock(readme: string, begin: string, end: string, content: string): void {
  if (!existsSync(readme)) return;
  const text = readFileSync(readme, "utf8");
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i >= 0 && j > i) {
    writeFileSync(
      readme,
      text.slice(0, i + begin.length) + "\n\n" + content + "\n\n" + text.slice(j),
    );
  }
}
