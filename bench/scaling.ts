// Scaling benchmark (issue: nothing quadratic): every string, array, indexing, printing and
// concatenation operation at sizes n, 2n, 4n, 8n, in Veld (the VM, in process) and in an
// equivalent lua5.4 program, with each one's growth exponent (the least-squares slope of
// log time over log size: 1 is linear, 2 quadratic). An operation whose exponent exceeds its
// Lua twin's by more than SLACK is flagged. Not run by the tests (no timings are asserted).
//
//   npm run bench:scaling                      # every row, 3 runs per size (min taken)
//   npm run bench:scaling -- --only index,len --runs 5
//
// Results go to bench/results/scaling.{json,md}. Rows are data: add an operation by adding an
// entry to ROWS (or to MAP_ROWS for map and set operations).

import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { compileSource } from "../compiler/index.js";
import { load } from "../runtime/index.js";

interface Row {
  name: string;
  group: "string" | "array" | "index" | "print" | "concat" | "map";
  /** Base size n; the row runs at n, 2n, 4n, 8n. */
  n: number;
  /** Veld source for size n; prints a checksum. */
  veld: (n: number) => string;
  /** Lua source for size n; prints the same checksum. */
  lua: (n: number) => string;
}

// Strings of n scalars: plain ASCII, one two-byte BMP scalar (λ), one astral scalar (😀).
const vStr = (kind: string, n: number) =>
  kind === "ascii" ? `"a".repeat(${n})` : `"${kind}" + "a".repeat(${n - 1})`;
const lStr = (kind: string, n: number) =>
  kind === "ascii" ? `string.rep("a", ${n})` : `"${kind}" .. string.rep("a", ${n - 1})`;
const KINDS = [
  ["ascii", "ascii"],
  ["λ", "bmp"],
  ["😀", "astral"],
] as const;

const stringRows: Row[] = KINDS.flatMap(([k, label]): Row[] => [
  {
    name: `index s[i] (${label})`,
    group: "index",
    n: 50_000,
    veld: (n) => `let s = ${vStr(k, n)}
var c = 0
for i in 0..${n} do
  if s[i] == 'a' then c = c + 1 end
end
println(c)`,
    lua: (n) => `local s = ${lStr(k, n)}
local c = 0
for i = 1, #s do if s:byte(i) == 97 then c = c + 1 end end
print(c)`,
  },
  {
    name: `len() in a loop (${label})`,
    group: "string",
    n: 50_000,
    veld: (n) => `let s = ${vStr(k, n)}
var j = 0
while j < s.len() do j = j + 1 end
println(j)`,
    lua: (n) => `local s = ${lStr(k, n)}
local j = 0
while j < #s do j = j + 1 end
print(j - (#s - ${n}))`,
  },
  {
    name: `substring(i, i+1) (${label})`,
    group: "string",
    n: 50_000,
    veld: (n) => `let s = ${vStr(k, n)}
var c = 0
for i in 0..${n} do
  c = c + s.substring(i, i + 1).len()
end
println(c)`,
    lua: (n) => `local s = ${lStr(k, n)}
local c = 0
for i = 1, ${n} do c = c + #s:sub(i, i) // #s:sub(i, i) end
print(c)`,
  },
  {
    name: `char_at(i) (${label})`,
    group: "string",
    n: 50_000,
    veld: (n) => `let s = ${vStr(k, n)}
var c = 0
for i in 0..${n} do
  if s.char_at(i).unwrap() == 'a' then c = c + 1 end
end
println(c)`,
    lua: (n) => `local s = ${lStr(k, n)}
local c = 0
for i = 1, #s do if s:sub(i, i) == "a" then c = c + 1 end end
print(c)`,
  },
  {
    name: `for c in s (${label})`,
    group: "string",
    n: 100_000,
    veld: (n) => `let s = ${vStr(k, n)}
var c = 0
for ch in s do
  if ch == 'a' then c = c + 1 end
end
println(c)`,
    lua: (n) => `local s = ${lStr(k, n)}
local c = 0
for ch in s:gmatch(utf8.charpattern) do if ch == "a" then c = c + 1 end end
print(c)`,
  },
  {
    name: `starts_with per index (${label})`,
    group: "string",
    n: 50_000,
    veld: (n) => `let s = ${vStr(k, n)}
var c = 0
for i in 0..${n} do
  if s.starts_with("a") then c = c + 1 end
end
println(c)`,
    lua: (n) => `local s = ${lStr(k, n)}
local c = 0
for i = 1, ${n} do if s:sub(1, 1) == "a" then c = c + 1 end end
print(c)`,
  },
]);

/** One linear string operation over a string of n scalars, repeated 10 times. */
const once = (name: string, n: number, veldExpr: string, luaExpr: string, setup = "ab,"): Row => ({
  name,
  group: "string",
  n,
  veld: (m) => `let s = "${setup}".repeat(${m}) + "λ😀"
var c = 0
for r in 0..10 do
  c = c + ${veldExpr}
end
println(c)`,
  lua: (m) => `local s = string.rep("${setup}", ${m}) .. "λ😀"
local c = 0
for r = 1, 10 do
  c = c + ${luaExpr}
end
print(c)`,
});

const linearRows: Row[] = [
  once(
    "index_of (absent until the end)",
    20_000,
    `s.index_of("😀")`,
    `utf8.len(s:sub(1, (s:find("😀", 1, true)) - 1))`,
  ),
  once(
    "contains",
    20_000,
    `(if s.contains("😀") then 1 else 0 end)`,
    `(s:find("😀", 1, true) and 1 or 0)`,
  ),
  once(
    'split(",")',
    20_000,
    `s.split(",").len()`,
    `(function() local k = 0 for _ in (s .. ","):gmatch("([^,]*),") do k = k + 1 end return k end)()`,
  ),
  once(
    "chars()",
    20_000,
    `s.chars().len()`,
    `(function() local t = {} for ch in s:gmatch(utf8.charpattern) do t[#t + 1] = ch end return #t end)()`,
  ),
  once("to_upper()", 20_000, `s.to_upper().len()`, `utf8.len(s:upper())`),
  once('replace("a", "xy")', 20_000, `s.replace("a", "xy").len()`, `utf8.len((s:gsub("a", "xy")))`),
  once(
    "lines()",
    20_000,
    `s.lines().len()`,
    `(function() local k = 0 for _ in s:gmatch("[^\\n]+") do k = k + 1 end return k end)()`,
    "ab\\n",
  ),
  once("trim()", 20_000, `s.trim().len()`, `utf8.len(s:match("^%s*(.-)%s*$"))`, " a "),
  once("repeat", 20_000, `"ab".repeat(s.len()).len()`, `#string.rep("ab", utf8.len(s))`),
  once("compare (equal prefix)", 20_000, `s.compare(s + "x")`, `(s < s .. "x" and -1 or 1)`),
];

const concatRows: Row[] = [
  {
    name: 's = s + "x" (ascii)',
    group: "concat",
    n: 5_000,
    veld: (n) => `var s = ""
for i in 0..${n} do s = s + "x" end
println(s.len())`,
    lua: (n) => `local s = ""
for i = 1, ${n} do s = s .. "x" end
print(#s)`,
  },
  {
    name: 's = s + "λ"',
    group: "concat",
    n: 5_000,
    veld: (n) => `var s = ""
for i in 0..${n} do s = s + "λ" end
println(s.len())`,
    lua: (n) => `local s = ""
for i = 1, ${n} do s = s .. "λ" end
print(utf8.len(s))`,
  },
  {
    name: "s = s + i.to_str()",
    group: "concat",
    n: 5_000,
    veld: (n) => `var s = ""
for i in 0..${n} do s = s + (i % 10).to_str() end
println(s.len())`,
    lua: (n) => `local s = ""
for i = 0, ${n - 1} do s = s .. (i % 10) end
print(#s)`,
  },
  {
    name: "join of n strings",
    group: "concat",
    n: 50_000,
    veld: (n) => `let a = []
for i in 0..${n} do a.push("ab") end
println(a.join(",").len())`,
    lua: (n) => `local a = {}
for i = 1, ${n} do a[#a + 1] = "ab" end
print(#table.concat(a, ","))`,
  },
];

/** An array of n ints 0..n-1 scrambled by a multiplicative step, then `body`. */
const arr = (
  name: string,
  n: number,
  vBody: string,
  lBody: string,
  group: Row["group"] = "array",
): Row => ({
  name,
  group,
  n,
  veld: (m) => `let a = []
for i in 0..${m} do a.push((i * 7919) % ${m}) end
${vBody}`,
  lua: (m) => `local a = {}
for i = 0, ${m - 1} do a[#a + 1] = (i * 7919) % ${m} end
${lBody}`,
});

const arrayRows: Row[] = [
  arr("push", 100_000, `println(a.len())`, `print(#a)`),
  arr(
    "a[i] read",
    100_000,
    `var c = 0
for i in 0..a.len() do c = c + a[i] end
println(c)`,
    `local c = 0
for i = 1, #a do c = c + a[i] end
print(c)`,
    "index",
  ),
  arr(
    "a[i] = v",
    100_000,
    `for i in 0..a.len() do a[i] = i end
println(a[a.len() - 1])`,
    `for i = 1, #a do a[i] = i - 1 end
print(a[#a])`,
    "index",
  ),
  arr(
    "len() in a loop",
    100_000,
    `var j = 0
while j < a.len() do j = j + 1 end
println(j)`,
    `local j = 0
while j < #a do j = j + 1 end
print(j)`,
  ),
  arr(
    "pop until empty",
    100_000,
    `var c = 0
while !a.is_empty() do c = c + a.pop().unwrap() end
println(c)`,
    `local c = 0
while #a > 0 do c = c + table.remove(a) end
print(c)`,
  ),
  arr(
    "for x in a",
    100_000,
    `var c = 0
for x in a do c = c + x end
println(c)`,
    `local c = 0
for _, x in ipairs(a) do c = c + x end
print(c)`,
  ),
  arr(
    "map/filter/fold",
    100_000,
    `println(a.map(x => x * 2).filter(x => x % 3 == 0).fold(0, (s, x) => s + x))`,
    `local m = {}
for i = 1, #a do m[i] = a[i] * 2 end
local f = {}
for i = 1, #m do if m[i] % 3 == 0 then f[#f + 1] = m[i] end end
local s = 0
for i = 1, #f do s = s + f[i] end
print(s)`,
  ),
  arr(
    "sort()",
    50_000,
    `let b = a.sort()
println(b[b.len() - 1])`,
    `table.sort(a)
print(a[#a])`,
  ),
  arr(
    "sort(cmp)",
    20_000,
    `let b = a.sort((x, y) => y - x)
println(b[0])`,
    `table.sort(a, function(x, y) return x > y end)
print(a[1])`,
  ),
  arr(
    "reverse, slice, concat",
    100_000,
    `println(a.reverse().slice(1, a.len()).concat(a).len())`,
    `local r = {}
for i = #a, 1, -1 do r[#r + 1] = a[i] end
local s = {}
for i = 2, #r do s[#s + 1] = r[i] end
for i = 1, #a do s[#s + 1] = a[i] end
print(#s)`,
  ),
  arr(
    "contains / index_of (absent)",
    50_000,
    `var c = 0
for r in 0..10 do
  if a.contains(-1) then c = c + 1 end
  c = c + a.index_of(-1)
end
println(c)`,
    `local c = 0
for r = 1, 10 do
  local found = false
  for i = 1, #a do if a[i] == -1 then found = true break end end
  if found then c = c + 1 end
  local k = -1
  for i = 1, #a do if a[i] == -1 then k = i - 1 break end end
  c = c + k
end
print(c)`,
  ),
  arr(
    "sum()",
    100_000,
    `println(a.sum())`,
    `local s = 0
for i = 1, #a do s = s + a[i] end
print(s)`,
  ),
];

const printRows: Row[] = [
  {
    name: "println(i) n times",
    group: "print",
    n: 20_000,
    veld: (n) => `for i in 0..${n} do println(i) end`,
    lua: (n) => `for i = 0, ${n - 1} do print(i) end`,
  },
  arr(
    "println(array of n)",
    50_000,
    `println(a)`,
    `print("[" .. table.concat(a, ", ") .. "]")`,
    "print",
  ),
];

/**
 * A map (`set`: a set) of the n int keys 0..n-1 inserted in a scrambled order, then `body`;
 * the Lua twin is a table (a set maps each element to `true`, a counter stands for `len()`).
 */
const keyed = (
  name: string,
  n: number,
  kind: "map" | "set",
  vBody: string,
  lBody: string,
): Row => ({
  name,
  group: "map",
  n,
  veld: (m) => `let a = []
for i in 0..${m} do a.push((i * 7919) % ${m}) end
let m = ${kind === "map" ? "{}" : "HashSet.new()"}
for k in a do ${kind === "map" ? "m[k] = k" : "m.insert(k)"} end
${vBody}`,
  lua: (m) => `local a = {}
for i = 0, ${m - 1} do a[#a + 1] = (i * 7919) % ${m} end
local m, count = {}, 0
for _, k in ipairs(a) do m[k] = ${kind === "map" ? "k" : "true"}; count = count + 1 end
${lBody}`,
});

/**
 * Map and set operations (issue 17): one row per operation, built like the rows above:
 * insert n keys, look each up, count with `get_or`, remove each, iterate, `len()` in a loop,
 * str keys; the same for sets.
 */
export const MAP_ROWS: Row[] = [
  keyed("map m[k] = v (n int keys)", 50_000, "map", `println(m.len())`, `print(count)`),
  keyed(
    "map m[k] read",
    50_000,
    "map",
    `var c = 0
for k in a do c = c + m[k] end
println(c)`,
    `local c = 0
for _, k in ipairs(a) do c = c + m[k] end
print(c)`,
  ),
  keyed(
    "map has(k) of absent keys",
    50_000,
    "map",
    `var c = 0
for k in a do if m.has(k + 0.5) then c = c + 1 end end
println(c)`,
    `local c = 0
for _, k in ipairs(a) do if m[k + 0.5] ~= nil then c = c + 1 end end
print(c)`,
  ),
  keyed(
    "map remove(k) each",
    50_000,
    "map",
    `for k in a do m.remove(k) end
println(m.len())`,
    `for _, k in ipairs(a) do m[k] = nil; count = count - 1 end
print(count)`,
  ),
  keyed(
    "for (k, v) in m",
    50_000,
    "map",
    `var c = 0
for (k, v) in m do c = c + k + v end
println(c)`,
    `local c = 0
for k, v in pairs(m) do c = c + k + v end
print(c)`,
  ),
  keyed(
    "map len() in a loop",
    50_000,
    "map",
    `var j = 0
while j < m.len() do j = j + 1 end
println(j)`,
    `local j = 0
while j < count do j = j + 1 end
print(j)`,
  ),
  {
    name: "map count: m[w] = get_or(w, 0) + 1 (str keys)",
    group: "map",
    n: 50_000,
    veld: (m) => `let m = {}
for i in 0..${m} do
  let w = "w" + ((i * 7919) % ${Math.floor(m / 4)}).to_str()
  m[w] = m.get_or(w, 0) + 1
end
println(m.len())`,
    lua: (m) => `local m, count = {}, 0
for i = 0, ${m - 1} do
  local w = "w" .. tostring((i * 7919) % ${Math.floor(m / 4)})
  local v = m[w]
  if v == nil then count = count + 1; v = 0 end
  m[w] = v + 1
end
print(count)`,
  },
  keyed("set insert(k) (n int keys)", 50_000, "set", `println(m.len())`, `print(count)`),
  keyed(
    "set contains(k)",
    50_000,
    "set",
    `var c = 0
for k in a do if m.contains(k) then c = c + 1 end end
println(c)`,
    `local c = 0
for _, k in ipairs(a) do if m[k] then c = c + 1 end end
print(c)`,
  ),
  keyed(
    "set remove(k) each",
    50_000,
    "set",
    `for k in a do m.remove(k) end
println(m.len())`,
    `for _, k in ipairs(a) do m[k] = nil; count = count - 1 end
print(count)`,
  ),
  keyed(
    "for x in s",
    50_000,
    "set",
    `var c = 0
for x in m do c = c + x end
println(c)`,
    `local c = 0
for x in pairs(m) do c = c + x end
print(c)`,
  ),
];

const ROWS: Row[] = [
  ...stringRows,
  ...linearRows,
  ...concatRows,
  ...arrayRows,
  ...printRows,
  ...MAP_ROWS,
];

/** Exponent above Lua's by more than this is flagged (noise on a shared machine is ±0.15). */
const SLACK = 0.3;
const FACTORS = [1, 2, 4, 8];

function timeVeld(src: string): { t: number; out: string } {
  const { bytes, diagnostics } = compileSource(src, { fileName: "scaling.veld" });
  if (!bytes) throw new Error(`compile error: ${JSON.stringify(diagnostics)}\n${src}`);
  const program = load(bytes);
  let out = "";
  const host = { write: (s: string) => void (out += s), writeErr: () => {} };
  // CPU time (user + system, all threads: GC included), as os.clock gives Lua's: wall time
  // on this shared machine moves with the other processes' load.
  const c0 = process.cpuUsage();
  const r = program.run(host);
  const c = process.cpuUsage(c0);
  const t = (c.user + c.system) / 1e6;
  if (r.status !== "ok") throw new Error(`${r.error!.report()}\n${src}`);
  return { t, out };
}

function timeLua(src: string): { t: number; out: string } {
  const wrapped = `local __t0 = os.clock()\n${src}\nio.stderr:write(string.format("TIME %.6f\\n", os.clock() - __t0))\n`;
  const r = spawnSync("lua5.4", ["-"], { input: wrapped, encoding: "utf8", maxBuffer: 1 << 28 });
  const m = /TIME ([\d.]+)/.exec(r.stderr ?? "");
  if (r.status !== 0 || !m) throw new Error(`lua failed: ${r.stderr}\n${src}`);
  return { t: Number(m[1]), out: r.stdout };
}

/** Least-squares slope of log2(time) over log2(size). */
function exponent(times: number[]): number {
  const xs = FACTORS.map(Math.log2);
  const ys = times.map((t) => Math.log2(Math.max(t, 1e-6)));
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return num / den;
}

interface Result {
  name: string;
  group: string;
  sizes: number[];
  veld: number[];
  lua: number[];
  veldExp: number;
  luaExp: number;
  flagged: boolean;
}

function main() {
  const { values } = parseArgs({
    options: {
      only: { type: "string" },
      runs: { type: "string", default: "3" },
      "no-lua": { type: "boolean" },
    },
  });
  const runs = Number(values.runs);
  const only = values.only?.split(",");
  const rows = ROWS.filter((r) => !only || only.some((o) => r.name.includes(o)));
  const lua = !values["no-lua"] && spawnSync("lua5.4", ["-v"]).status === 0;
  const results: Result[] = [];
  for (const row of rows) {
    const sizes = FACTORS.map((f) => row.n * f);
    timeVeld(row.veld(row.n)); // warm-up: the VM's JIT state then favours no size
    const veld: number[] = [];
    const luaT: number[] = [];
    for (const n of sizes) {
      let best = Infinity;
      let bestL = Infinity;
      for (let r = 0; r < runs; r++) {
        const v = timeVeld(row.veld(n));
        best = Math.min(best, v.t);
        if (lua) {
          const l = timeLua(row.lua(n));
          bestL = Math.min(bestL, l.t);
          if (l.out.trim() !== v.out.trim())
            throw new Error(
              `${row.name} n=${n}: Veld printed ${v.out.slice(0, 80)}, Lua ${l.out.slice(0, 80)}`,
            );
        }
      }
      veld.push(best);
      luaT.push(bestL);
    }
    const veldExp = exponent(veld);
    const luaExp = lua ? exponent(luaT) : NaN;
    const flagged = veldExp > (lua ? luaExp : 1) + SLACK;
    results.push({
      name: row.name,
      group: row.group,
      sizes,
      veld,
      lua: luaT,
      veldExp,
      luaExp,
      flagged,
    });
    console.log(
      `${flagged ? "!!" : "  "} ${row.name.padEnd(36)} Veld ${veld.map(fmt).join(" ")}  exp ${veldExp.toFixed(2)}` +
        (lua ? ` | Lua ${luaT.map(fmt).join(" ")}  exp ${luaExp.toFixed(2)}` : ""),
    );
  }
  if (!only) write(results, runs, lua);
  const bad = results.filter((r) => r.flagged);
  console.log(
    bad.length
      ? `${bad.length} operation(s) grow faster than Lua's`
      : "no operation grows faster than Lua's",
  );
}

const fmt = (t: number) => (t * 1000).toFixed(t < 0.01 ? 2 : 1).padStart(7);

function write(results: Result[], runs: number, lua: boolean) {
  const dir = new URL("./results/", import.meta.url);
  mkdirSync(dir, { recursive: true });
  const when = new Date().toISOString().slice(0, 16).replace("T", " ");
  const load = (spawnSync("cat", ["/proc/loadavg"], { encoding: "utf8" }).stdout ?? "")
    .split(" ")
    .slice(0, 3)
    .join(" ");
  writeFileSync(
    new URL("scaling.json", dir),
    JSON.stringify({ when, runs, load, results }, null, 1) + "\n",
  );
  const lines = [
    `# Scaling: time at n, 2n, 4n, 8n and growth exponents`,
    "",
    `Measured ${when} UTC, Node ${process.version}${lua ? ", lua5.4" : ""}; min of ${runs} runs per size; load average ${load}.`,
    `In-process CPU milliseconds (Veld: process.cpuUsage around the run of the loaded program; Lua: os.clock around the program). Exponent: slope of log time over log size (1 linear, 2 quadratic). ✗: Veld's exponent exceeds Lua's by more than ${SLACK}.`,
    "",
    "| operation | group | n | Veld ms (n / 2n / 4n / 8n) | Veld exp | Lua ms (n / 2n / 4n / 8n) | Lua exp | |",
    "|---|---|---|---|---|---|---|---|",
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.group} | ${r.sizes[0]} | ${r.veld.map(ms).join(" / ")} | ${r.veldExp.toFixed(2)} | ${
          lua ? r.lua.map(ms).join(" / ") : "—"
        } | ${lua ? r.luaExp.toFixed(2) : "—"} | ${r.flagged ? "✗" : "✓"} |`,
    ),
    "",
  ];
  writeFileSync(new URL("scaling.md", dir), lines.join("\n"));
}

const ms = (t: number) => (t * 1000).toPrecision(3);

main();
