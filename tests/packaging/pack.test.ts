// The npm package as a user gets it: `npm pack`, `npm install -g --prefix <tmp>` of the
// tarball, then the installed bins, the runtime imported alone (ESM, CJS, type declarations
// through the "exports" map) and the browser bundle in a context without Node globals.
// Packs the current dist/ (CI runs `npm run build` first; a missing dist/ is built here).

import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const tmp = mkdtempSync(join(tmpdir(), "veld-pack-"));
const prefix = join(tmp, "global");
const bin = (name: string) => join(prefix, "bin", name);
const installed = join(prefix, "lib", "node_modules", "veld");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function run(cmd: string, args: string[], cwd = tmp) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

let tarball = "";
let packedFiles: string[] = [];

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  bin: Record<string, string>;
};

beforeAll(() => {
  if (!Object.values(pkg.bin).every((file) => existsSync(join(root, file)))) {
    execFileSync(npm, ["run", "build"], { cwd: root, stdio: "ignore" });
  }
  // --ignore-scripts: `prepack` would rebuild dist/, which is current.
  const packed = JSON.parse(
    execFileSync(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], {
      cwd: root,
      encoding: "utf8",
    }),
  ) as { filename: string; files: { path: string }[] }[];
  tarball = join(tmp, packed[0]!.filename);
  packedFiles = packed[0]!.files.map((f) => f.path);
  execFileSync(
    npm,
    ["install", "-g", "--prefix", prefix, tarball, "--no-audit", "--no-fund", "--prefer-offline"],
    { cwd: tmp, stdio: "ignore", timeout: 120_000 },
  );
}, 180_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("npm package", () => {
  it("ships dist, specs, examples, vectors and the README, and no sources or tests", () => {
    for (const path of [
      "package.json",
      "README.md",
      "dist/cli/veldc.js",
      "dist/runtime.js",
      "dist/runtime.d.ts",
      "dist/veld-runtime.browser.global.js",
      "spec/format.md",
      "docs/getting-started.md",
      "examples/hello.veld",
      "test-vectors/manifest.json",
    ]) {
      expect(packedFiles).toContain(path);
    }
    expect(
      packedFiles.filter((f) => /^(tests|tools|runtime|compiler|node_modules)\//.test(f)),
    ).toEqual([]);
  });

  it("installs working bins: veldc run, build → veld, velddis → veldas", () => {
    const hello = run(bin("veldc"), ["run", join(root, "examples/hello.veld")]);
    expect(hello.stderr).toBe("");
    expect(hello.stdout).toBe(readFileSync(join(root, "examples/hello.out"), "utf8"));

    const fib = join(tmp, "fib.veldc");
    expect(run(bin("veldc"), ["build", join(root, "examples/fib.veld"), "-o", fib]).status).toBe(0);
    const ran = run(bin("veld"), [fib]);
    expect(ran.stdout).toBe(readFileSync(join(root, "examples/fib.out"), "utf8"));
    expect(ran.status).toBe(0);

    const vasm = join(tmp, "fib.vasm");
    const again = join(tmp, "fib2.veldc");
    expect(run(bin("velddis"), [fib, "-o", vasm]).status).toBe(0);
    expect(run(bin("veldas"), [vasm, "-o", again]).status).toBe(0);
    expect(readFileSync(again).equals(readFileSync(fib))).toBe(true);

    expect(run(bin("veld"), [join(tmp, "missing.veldc")]).status).toBe(2);
  });

  it("ships `veld` as one file that loads only Node built-ins (its start-up budget)", () => {
    const text = readFileSync(join(installed, pkg.bin.veld!), "utf8");
    expect(text.startsWith("#!/usr/bin/env node\n")).toBe(true);
    const loads = [
      ...text.matchAll(/\brequire\("([^"]+)"\)|\bfrom\s*"([^"]+)"|\bimport\("([^"]+)"\)/g),
    ];
    const modules = new Set(loads.map((m) => (m[1] ?? m[2] ?? m[3])!.replace(/^node:/, "")));
    expect(modules).toContain("fs");
    expect([...modules].filter((m) => !builtinModules.includes(m))).toEqual([]);
    expect(text).not.toMatch(/compileSource|class Parser|yargs/);
  });

  it("installs a working repl", () => {
    const r = spawnSync(bin("veldc"), ["repl"], {
      input: "var x = 1\nx += 1\nx\n",
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.stdout).toBe("2\n");
    expect(r.status).toBe(0);
  });

  describe("the runtime alone", () => {
    const consumer = join(tmp, "consumer");
    beforeAll(() => {
      mkdirSync(join(consumer, "node_modules"), { recursive: true });
      symlinkSync(installed, join(consumer, "node_modules", "veld"), "dir");
      execFileSync(
        bin("veldc"),
        ["build", join(root, "examples/hello.veld"), "-o", "hello.veldc"],
        {
          cwd: consumer,
        },
      );
    });

    it("imports as ESM and CJS and runs a .veldc", () => {
      const program = `
        const bytes = readFileSync("hello.veldc");
        let out = "";
        const result = load(bytes).run({ write: (t) => (out += t), writeErr: (t) => (out += t) });
        process.stdout.write(result.status + "\\n" + out);`;
      writeFileSync(
        join(consumer, "esm.mjs"),
        `import { load } from "veld/runtime";\nimport { readFileSync } from "node:fs";\n${program}`,
      );
      writeFileSync(
        join(consumer, "cjs.cjs"),
        `const { load } = require("veld/runtime");\nconst { readFileSync } = require("node:fs");\n${program}`,
      );
      const expected = "ok\n" + readFileSync(join(root, "examples/hello.out"), "utf8");
      for (const file of ["esm.mjs", "cjs.cjs"]) {
        const r = run(process.execPath, [file], consumer);
        expect(r.stderr).toBe("");
        expect(r.stdout).toBe(expected);
      }
    });

    it("does not pull the compiler into the runtime entry", () => {
      const seen = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        const text = readFileSync(join(installed, "dist", file), "utf8");
        expect(text).not.toMatch(/compileSource|class Codegen|class Parser/);
        for (const m of text.matchAll(/from\s+"\.\/([^"]+)"/g)) visit(m[1]!);
      };
      visit("runtime.js");
      expect(seen.size).toBeGreaterThan(1);
    });

    it("type-checks a TypeScript consumer through the exports map", () => {
      writeFileSync(
        join(consumer, "use.ts"),
        [
          'import { load, formatValue, VeldError, type Host, type RunResult } from "veld/runtime";',
          "const host: Host = { write: (t: string) => void t, writeErr: (t: string) => void t };",
          "const result: RunResult = load(new Uint8Array(0)).run(host);",
          'const kind: string | undefined = result.error instanceof VeldError ? result.error.kind : "";',
          "export const shown: string = formatValue(1) + kind;",
          "// @ts-expect-error: run takes a Host",
          "load(new Uint8Array(0)).run(42);",
        ].join("\n"),
      );
      writeFileSync(
        join(consumer, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            target: "ES2022",
            module: "NodeNext",
            moduleResolution: "NodeNext",
            lib: ["ES2022"],
            types: [],
          },
          files: ["use.ts"],
        }),
      );
      const tsc = join(root, "node_modules/typescript/bin/tsc");
      const r = run(process.execPath, [tsc, "-p", "tsconfig.json"], consumer);
      expect(r.stdout + r.stderr).toBe("");
      expect(r.status).toBe(0);
    });

    it("runs the browser bundle with no Node globals (Veld.load)", () => {
      const bundle = readFileSync(join(installed, "dist/veld-runtime.browser.global.js"), "utf8");
      const bytes = new Uint8Array(readFileSync(join(consumer, "hello.veldc")));
      let out = "";
      const sandbox: Record<string, unknown> = {
        TextDecoder,
        TextEncoder,
        bytes,
        write: (t: string) => (out += t),
      };
      sandbox.globalThis = sandbox;
      runInNewContext(`${bundle}\nVeld.load(bytes).run({ write, writeErr: write });`, sandbox);
      expect(out).toBe(readFileSync(join(root, "examples/hello.out"), "utf8"));
    });
  });
});
