// Diagnostics for habits from other languages, and runtime traces that stay readable: a
// recursion's repeats are folded and `<main>` is kept. Drives `veldc` and `veld` as a user would.

import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "veld-habits-"));

function veldc(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "tools/cli/veldc.ts", ...args], {
    encoding: "utf8",
    cwd: process.cwd(),
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function source(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("habits from other languages get a diagnostic with a hint", () => {
  it.each([
    ["for i = 1, 10 do println(i) end\n", "E0215", "1:7", "write `for i in 1..=10 do`"],
    ["for k = 0, n, 2 do end\n", "E0215", "1:7", "a range steps by 1"],
    ["if 1 ~= 2 then println(1) end\n", "E0115", "1:6", "Veld's not-equal is `!=`"],
    ["if false then 1 elseif true then 2 end\n", "E0205", "1:17", "write `else if`"],
    [
      "struct P\n  x: int,\n  y: int\nend\nlet p = P(1, 2)\n",
      "E0319",
      "5:9",
      "write `P(x: …, y: …)`",
    ],
    ["println(true && false)\n", "E0111", "1:14", "use `and`"],
    ["println(true || false)\n", "E0111", "1:14", "use `or`"],
  ])("%j", (text, code, at, hint) => {
    const file = source("habit.veld", text);
    const r = veldc("check", file);
    expect(r.code).toBe(65);
    // One diagnostic, not a cascade.
    expect(r.err.match(/error\[/g)).toHaveLength(1);
    expect(r.err).toContain(`${file}:${at}: error[${code}]`);
    expect(r.err).toContain(`= help: `);
    expect(r.err).toContain(hint);
  });
});

describe("StackOverflow traces fold repeats and keep <main>", () => {
  const deep = source("deep.veld", "fn d(n) => d(n + 1) + 1\nprintln(d(0))\n");
  it.each([
    ["veldc run", ["run", deep], "199,998"],
    ["veldc run --max-depth 1000", ["run", "--max-depth", "1000", deep], "998"],
    // The tree-walker's default depth is the VM's (spec/semantics.md §5).
    ["veldc run --interp", ["run", "--interp", deep], "199,998"],
  ])("%s", (_, args, more) => {
    const r = veldc(...args);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error\[StackOverflow\]: call depth exceeds \d+\n/);
    expect(r.err.split("\n").slice(1)).toEqual([
      "  at d (deep.veld:1:12)",
      `  … ${more} more frames of \`d\``,
      "  at <main> (deep.veld:2:9)",
      "",
    ]);
  });

  it("a mutual recursion keeps 40 inner and 10 outer frames, the rest counted", () => {
    const file = source(
      "mutual.veld",
      "fn a(n) => b(n + 1) + 1\nfn b(n) => a(n + 1) + 1\nprintln(a(0))\n",
    );
    const r = veldc("run", "--max-depth", "1000", file);
    expect(r.code).toBe(1);
    const lines = r.err.trimEnd().split("\n");
    expect(lines).toHaveLength(1 + 40 + 1 + 10);
    expect(lines[41]).toBe("  … 950 more frames");
    expect(lines.at(-1)).toBe("  at <main> (mutual.veld:3:9)");
  });
});

describe("a flat chain of 100,000 terms is not nesting (Lua takes as many)", () => {
  const n = 100_000;
  const file = source("chain.veld", `let x = 1\nprintln(${Array(n).fill("x").join(" + ")})\n`);
  const out = join(dir, "chain.veldc");

  it.each([
    ["veldc run", ["run", file]],
    ["veldc run --interp", ["run", "--interp", file]],
  ])("%s", (_, args) => {
    expect(veldc(...args)).toEqual({ code: 0, out: `${n}\n`, err: "" });
  });

  it("veldc build, then veld runs the bytecode", () => {
    expect(veldc("build", file, "-o", out).code).toBe(0);
    const r = spawnSync(process.execPath, ["--import", "tsx", "tools/cli/veld.ts", out], {
      encoding: "utf8",
    });
    expect({ code: r.status, out: r.stdout }).toEqual({ code: 0, out: `${n}\n` });
  });

  it("a type error at the chain's end is a clean runtime error", () => {
    const bad = source("bad.veld", `let x = 1\nprintln(${Array(n).fill("x").join(" + ")} + "s")\n`);
    const r = veldc("run", bad);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error\[TypeError\]/);
  });
});

describe("veldc run --interp from another directory", () => {
  it("runs from source under tsx whatever the current directory", () => {
    source("here.veld", 'println("here")\n');
    const tsx = import.meta.resolve("tsx");
    const cli = join(process.cwd(), "tools/cli/veldc.ts");
    const r = spawnSync(process.execPath, ["--import", tsx, cli, "run", "--interp", "here.veld"], {
      encoding: "utf8",
      cwd: dir,
    });
    expect({ code: r.status, out: r.stdout, err: r.stderr }).toEqual({
      code: 0,
      out: "here\n",
      err: "",
    });
  });
});
