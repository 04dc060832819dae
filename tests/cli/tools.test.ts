// What every tool does the way users know from rustc, lua and friends: colour on a terminal
// only (NO_COLOR, FORCE_COLOR), veldas errors in the compiler's shape, `veldc run` running
// bytecode by its magic, and builds that record no directory of the build machine.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { colourWanted } from "../../tools/cli/colour.js";

const root = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "veld-tools-"));
const ESC = "\x1b[";
/** tsx's loader by URL, so the tools also start from a working directory outside the repo. */
const TSX = pathToFileURL(join(root, "node_modules/tsx/dist/loader.mjs")).href;

function tool(name: string, args: string[], env: Record<string, string> = {}, cwd = root) {
  const clean = { ...process.env };
  delete clean.FORCE_COLOR;
  delete clean.NO_COLOR;
  const r = spawnSync(
    process.execPath,
    ["--import", TSX, join(root, `tools/cli/${name}.ts`), ...args],
    { encoding: "utf8", cwd, env: { ...clean, ...env }, input: "" },
  );
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function file(name: string, text: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const oops = file("oops.veld", "let x = 1\nx = 2\n");
const badAsm = file("bad.vasm", ".function main\n  FROB R0\n.end\n");

describe("colour", () => {
  it("is off when stderr is a pipe, and with NO_COLOR", () => {
    for (const env of [{}, { NO_COLOR: "1" }] as Record<string, string>[]) {
      const r = tool("veldc", ["check", oops], env);
      expect(r.code).toBe(65);
      expect(r.err).toContain("error[E0302]");
      expect(r.err).not.toContain(ESC);
    }
  });
  it.each([
    ["veldc check", "veldc", ["check", oops], "error[E0302]"],
    ["veldas", "veldas", [badAsm, "-o", join(dir, "x.veldc")], "error[A0301]"],
    ["veld usage", "veld", ["--frob"], "error"],
  ])("FORCE_COLOR colours %s", (_, name, args, label) => {
    const r = tool(name, args, { FORCE_COLOR: "1" });
    expect(r.err).toContain(`${ESC}1m${ESC}31m${label}${ESC}39m`);
  });
  it("the caret is red and the gutter blue", () => {
    const r = tool("veldc", ["check", oops], { FORCE_COLOR: "1" });
    expect(r.err).toContain(`${ESC}1m${ESC}31m^${ESC}39m`);
    expect(r.err).toContain(`${ESC}1m${ESC}34m2 |${ESC}39m`);
  });
  it("follows the terminal, NO_COLOR and FORCE_COLOR in that order", () => {
    expect(colourWanted({}, true)).toBe(true);
    expect(colourWanted({}, false)).toBe(false);
    expect(colourWanted({ TERM: "dumb" }, true)).toBe(false);
    expect(colourWanted({ NO_COLOR: "1" }, true)).toBe(false);
    expect(colourWanted({ NO_COLOR: "" }, true)).toBe(true);
    expect(colourWanted({ FORCE_COLOR: "1" }, false)).toBe(true);
    expect(colourWanted({ FORCE_COLOR: "0" }, true)).toBe(false);
  });
  it.skipIf(!existsSync("/usr/bin/script"))("is on for a terminal", () => {
    const command = `"${process.execPath}" --import tsx ${join(root, "tools/cli/veldc.ts")} check ${oops}`;
    const clean: NodeJS.ProcessEnv = { ...process.env, TERM: "xterm" };
    delete clean.FORCE_COLOR;
    delete clean.NO_COLOR;
    const r = spawnSync("/usr/bin/script", ["-qec", command, "/dev/null"], {
      cwd: root,
      encoding: "utf8",
      env: clean,
      timeout: 30_000,
    });
    expect(r.stdout).toContain(`${ESC}31merror[E0302]`);
  });
});

describe("veldas errors look like veldc's", () => {
  it("file:line:col: error[CODE]: message, then a gutter and a caret", () => {
    const r = tool("veldas", [badAsm, "-o", join(dir, "x.veldc")]);
    expect(r.code).toBe(65);
    expect(r.err).toBe(
      `${badAsm}:2:3: error[A0301]: unknown instruction FROB\n  |\n2 |   FROB R0\n  |   ^\n`,
    );
    const c = tool("veldc", ["check", oops]);
    for (const text of [r.err, c.err]) {
      const lines = text.split("\n");
      expect(lines[0]).toMatch(/^\S+:\d+:\d+: error\[\w+\]: /);
      expect(lines[1]).toBe("  |");
      expect(lines[2]).toMatch(/^2 \| /);
      expect(lines[3]).toMatch(/^ {2}\| +\^/);
    }
  });
});

describe("veldc run recognises bytecode", () => {
  const src = file("hi.veld", 'println("hi from " + std.env.args()[0])\n');
  const built = join(dir, "hi-bytes"); // any name: the magic decides
  it("runs a .veldc as veld would", () => {
    expect(tool("veldc", ["build", src, "-o", built]).code).toBe(0);
    expect(tool("veldc", ["run", built, "bytecode"])).toEqual({
      code: 0,
      out: "hi from bytecode\n",
      err: "",
    });
  });
  it("rejects damaged bytecode with its code and offset, exit 65", () => {
    const bytes = readFileSync(built);
    const damaged = file("damaged.veldc", bytes.subarray(0, 20));
    const r = tool("veldc", ["run", damaged]);
    expect(r.code).toBe(65);
    expect(r.err).toMatch(/^error\[E_\w+\] at 0x[0-9a-f]+: /);
  });
  it("veldc check, build and dis given bytecode say what it is (E0112 with a hint)", () => {
    for (const args of [
      ["check", built],
      ["build", built, "-o", join(dir, "never.veldc")],
      ["dis", built],
    ]) {
      const r = tool("veldc", args);
      expect(r.code).toBe(65);
      expect(r.err).toMatch(/: error\[E0112\]: invalid UTF-8: byte 0x89 at byte offset 0\n/);
      expect(r.err).toContain(
        "= help: this is a compiled .veldc module: run it with `veld`, read it with `velddis`",
      );
    }
  });
  it.skipIf(!existsSync("/usr/bin/script"))(
    "veldc build - and veldas - refuse to write bytecode to a terminal",
    () => {
      // `script` gives the command a pseudo-terminal as stdout.
      const node = `"${process.execPath}" --import ${TSX}`;
      for (const [name, text] of [
        ["veldc.ts build", "println(1)"],
        ["veldas.ts", ".function main\n  HALT\n.end"],
      ]) {
        const command = `printf '${text}\\n' | ${node} ${join(root, "tools/cli", name!)} - ; echo "rc=$?"`;
        const r = spawnSync("script", ["-qec", command, "/dev/null"], {
          encoding: "utf8",
          env: { ...process.env, NO_COLOR: "1" },
        });
        expect(r.stdout).toContain(
          "error: refusing to write a binary module to a terminal; use -o FILE (or -o - to force)",
        );
        expect(r.stdout).toMatch(/rc=2\s*$/);
        expect(r.stdout).not.toContain("VELDC");
      }
    },
  );

  it("an unreadable input is one line in the shape of a write error, exit 2", () => {
    const missing = join(dir, "missing.veldc");
    expect(tool("veld", [missing])).toMatchObject({
      code: 2,
      err: `error: cannot read ${missing}: no such file or directory (ENOENT)\n`,
    });
    expect(tool("veldc", ["check", dir])).toMatchObject({
      code: 2,
      err: `error: cannot read ${dir}: illegal operation on a directory (EISDIR)\n`,
    });
  });

  it("refuses to write the output over the input file (exit 2, the file kept)", () => {
    const source = file("same.veld", "println(1)\n");
    const asm = file("same.vasm", ".function main\n  HALT\n.end\n");
    for (const [name, args, input] of [
      ["veldc", ["build", source, "-o", source], source],
      ["veldc", ["dis", source, "-o", source], source],
      ["veldas", [asm, "-o", asm], asm],
      ["velddis", [built, "-o", built], built],
    ] as const) {
      const before = readFileSync(input);
      const r = tool(name, [...args]);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`error: the output ${input} is the input file; give another -o\n`);
      expect(readFileSync(input)).toEqual(before);
    }
  });
  it("veld given a source file says to run it with veldc run", () => {
    const r = tool("veld", [oops]);
    expect(r.code).toBe(65);
    expect(r.err).toBe(
      "error[E_MAGIC] at 0x0: not a .veldc file (bad magic)\n  = help: veld runs compiled bytecode; run a source file with `veldc run FILE.veld`\n",
    );
  });
});

describe("the debug section records no build-machine directory", () => {
  const project = join(dir, "project");
  mkdirSync(join(project, "src"), { recursive: true });
  writeFileSync(join(project, "src/app.veld"), "fn f() => 1 / 0\nf()\n");
  const trace = (args: string[]) => tool("veldc", ["run", ...args], {}, project).err;

  it("relative to the working directory, however the path is given", () => {
    for (const path of ["src/app.veld", join(project, "src/app.veld")]) {
      expect(trace([path])).toContain("at f (src/app.veld:1:11)");
      const out = join(dir, "app.veldc");
      expect(tool("veldc", ["build", path, "-o", out], {}, project).code).toBe(0);
      expect(readFileSync(out).includes(Buffer.from(project))).toBe(false);
    }
  });
  it("--source-name names it", () => {
    expect(trace(["--source-name", "app.veld", "src/app.veld"])).toContain("at f (app.veld:1:11)");
  });
});
