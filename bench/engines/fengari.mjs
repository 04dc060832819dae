// In-process timer for fengari (Lua 5.3 VM in JS), as the anchors' run_fengari.js: times
// load + run of a Lua file, excluding module load and state setup. Output to stdout;
// "TIME <s>" and "RSS <KiB>" to stderr.
import { readFileSync } from "node:fs";
import fengari from "fengari";

const { lua, lauxlib, lualib, to_luastring } = fengari;
const file = process.argv[2];
const src = readFileSync(file);
const L = lauxlib.luaL_newstate();
lualib.luaL_openlibs(L);
const t0 = process.hrtime.bigint();
if (
  lauxlib.luaL_loadbuffer(L, src, null, to_luastring("@" + file)) !== lua.LUA_OK ||
  lua.lua_pcall(L, 0, 0, 0) !== lua.LUA_OK
) {
  console.error("error: " + lua.lua_tojsstring(L, -1));
  process.exit(1);
}
const t1 = process.hrtime.bigint();
let rss = process.resourceUsage().maxRSS;
try {
  rss = Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))[1]);
} catch {
  // not Linux
}
process.stderr.write(`TIME ${(Number(t1 - t0) / 1e9).toFixed(6)}\nRSS ${rss}\n`);
