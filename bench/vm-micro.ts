// Micro-benchmark of the VM (not a test): fib(30) and the 10M-iteration while loop of
// bench/anchors, built directly as modules, timed next to fengari running the same Lua.
// Run: npx tsx bench/vm-micro.ts [reps]. Each engine runs in a fresh child process per
// repetition (cold JIT, as a CLI user sees it); times are in-process load+run.

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { build, type ModuleSpec } from "../tests/runtime/build.js";
import { loadModule } from "../runtime/index.js";

const PROGRAMS: Record<string, { veld: ModuleSpec; lua: string; expect: string }> = {
  fib: {
    expect: "832040",
    lua: `local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end print(fib(30))`,
    veld: {
      natives: [["println", 255]],
      globals: ["fib"],
      functions: [
        {
          name: "main",
          registers: 4,
          children: ["fib"],
          code: [
            ["CLOSURE", 0, 0],
            ["SETGLOBAL", 0, 0],
            ["GETNATIVE", 1, 0],
            ["GETGLOBAL", 2, 0],
            ["LOADI", 3, 30],
            ["CALL", 2, 1],
            ["CALL", 1, 1],
            ["RETURNUNIT"],
          ],
        },
        {
          name: "fib",
          params: 1,
          registers: 4,
          code: [
            ["LTI", 0, 2, 0],
            ["JMP", "L"],
            ["RETURN", 0],
            "L:",
            ["GETGLOBAL", 1, 0],
            ["ADDI", 2, 0, -1],
            ["CALL", 1, 1],
            ["GETGLOBAL", 2, 0],
            ["ADDI", 3, 0, -2],
            ["CALL", 2, 1],
            ["ADD", 1, 1, 2],
            ["RETURN", 1],
          ],
        },
      ],
    },
  },
  loop: {
    expect: "5000000",
    lua: `local s, i = 0, 1
while i <= 10000000 do s = s + i if s > 1000000000 then s = s - 1000000000 end i = i + 1 end
print(s)`,
    veld: {
      natives: [["println", 255]],
      functions: [
        {
          name: "main",
          registers: 6,
          consts: [10000000n, 1000000000n],
          code: [
            ["LOADI", 0, 0],
            ["LOADI", 1, 1],
            ["LOADK", 2, 0],
            ["LOADK", 3, 1],
            "L:",
            ["LE", 1, 2, 0],
            ["JMP", "END"],
            ["ADD", 0, 0, 1],
            ["LT", 3, 0, 0],
            ["JMP", "SKIP"],
            ["SUB", 0, 0, 3],
            "SKIP:",
            ["ADDI", 1, 1, 1],
            ["JMP", "L"],
            "END:",
            ["GETNATIVE", 4, 0],
            ["MOVE", 5, 0],
            ["CALL", 4, 1],
            ["RETURNUNIT"],
          ],
        },
      ],
    },
  },
};

function runVeld(name: string): number {
  const module = build(PROGRAMS[name]!.veld);
  let out = "";
  const t0 = performance.now();
  const r = loadModule(module).run({ write: (t) => (out += t), writeErr: () => {} });
  const t = (performance.now() - t0) / 1000;
  if (r.status !== "ok" || out.trim() !== PROGRAMS[name]!.expect)
    throw new Error(`${name}: ${out}`);
  return t;
}

async function runFengari(name: string): Promise<number> {
  // @ts-expect-error fengari ships no type declarations
  const { lua, lauxlib, lualib, to_luastring } = (await import("fengari")).default;
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  const t0 = performance.now();
  if (lauxlib.luaL_loadstring(L, to_luastring(PROGRAMS[name]!.lua)) !== lua.LUA_OK)
    throw new Error("load");
  lua.lua_call(L, 0, 0);
  return (performance.now() - t0) / 1000;
}

const [, , mode, engine, prog] = process.argv;
if (mode === "--child") {
  // An optional repeat count shows warm times (JIT tiering of the VM loop) after the first.
  for (let i = 0; i < Number(process.argv[5] ?? 1); i++) {
    const t = engine === "veld" ? runVeld(prog!) : await runFengari(prog!);
    process.stderr.write(`TIME ${t}\n`);
  }
} else {
  const reps = Number(mode ?? 5);
  const self = fileURLToPath(import.meta.url);
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  for (const name of Object.keys(PROGRAMS)) {
    const times: Record<string, number[]> = { veld: [], fengari: [] };
    for (let i = 0; i < reps; i++) {
      for (const e of ["veld", "fengari"]) {
        const r = spawnSync(process.execPath, ["--import", "tsx", self, "--child", e, name], {
          encoding: "utf8",
        });
        const m = /TIME (\S+)/.exec(r.stderr);
        if (!m) throw new Error(`${e} ${name} failed: ${r.stderr}`);
        times[e]!.push(Number(m[1]));
      }
    }
    const v = median(times.veld!);
    const f = median(times.fengari!);
    console.log(
      `${name.padEnd(6)} veld ${v.toFixed(3)} s   fengari ${f.toFixed(3)} s   fengari/veld ${(f / v).toFixed(1)}x`,
    );
  }
}
