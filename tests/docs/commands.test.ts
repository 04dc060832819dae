// Every shell command README.md, docs/*.md and spec/*.md show (```sh / ```bash / ```console
// blocks) runs as a reader would type it, against the built commands in dist/ (run
// `npm run build` first): it must exit 0 (or the status the docs give), a `$ …` transcript
// must print what the docs show, and a command whose output the page shows must print it.
// A command that cannot run in a test is listed in SKIPPED with the reason; a skipped command
// the docs no longer show fails the test, so the list cannot go stale.

import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const pages = [
  "README.md",
  ...["docs", "spec"].flatMap((d) =>
    readdirSync(join(root, d))
      .filter((f) => f.endsWith(".md"))
      .map((f) => `${d}/${f}`),
  ),
];

/** Commands that cannot run in a test, each with why (and what tests it instead). */
const SKIPPED: Record<string, string> = {
  "npm ci && npm run build && npx veldc run examples/hello.veld":
    "installs from the registry and rebuilds dist/; this test runs the dist/ that build made",
  "npm ci": "installs from the registry",
  "npm run build": "this test runs the dist/ it built (run `npm run build` before the test)",
  "npm test": "the whole suite: this test is part of it",
  "npm pack": "tests/packaging/pack.test.ts packs and installs the package",
  "npm install -g ./veld-0.1.0.tgz": "a global install; tests/packaging installs the tarball",
  "npm run build:playground && npx vite preview --config tools/playground/vite.config.ts":
    "builds the playground and starts a server; tests/playground drives it in Chromium",
  "npm run build:playground": "tests/playground builds the playground",
  "npx vite preview --config tools/playground/vite.config.ts":
    "a server that runs until stopped; tests/playground starts it",
  "veld-conformance --runtime 'my-veld-vm {options} {libs} {file}' --jobs 4 --json report.json":
    "`my-veld-vm` stands for the reader's runtime",
  "veld-conformance --runtime 'my-veld-vm {file}' --filter 'isa/**' --filter malformed":
    "`my-veld-vm` stands for the reader's runtime",
  "veld-conformance --runtime './target/release/veld-rs {options} {libs} {file}'":
    "stands for the reader's runtime",
  "veld-conformance --runtime 'node my-vm.js {file}'": "stands for the reader's runtime",
  "veld-conformance --runtime 'node my-vm.js {file}' --filter 'isa/**' --jobs 4 --json report.json":
    "stands for the reader's runtime",
  "veld-conformance --runtime 'veld {options} {libs} {file}'":
    "judges `veld` on every vector, minutes of processes; tests/vectors runs them in-process",
  'npx veld-conformance --diff "$PWD/build/my-runtime {file}" --count 500 --seed 1':
    "stands for the reader's runtime",
  "npm install --no-save veld": "installs from the registry",
  'npx veld-conformance --runtime "$PWD/build/my-runtime {options} {libs} {file}" --json conformance.json':
    "stands for the reader's runtime",
  "npm run fuzz -- run methods clobber --runs 5000":
    "minutes of fuzzing; tests/fuzz runs every target on a few inputs",
  "npm run fuzz -- run all --time 600 --jobs 2": "ten minutes per target",
  "npm run fuzz -- campaign --runs 20000 --jobs 2": "the recorded campaign: minutes",
  "npm run fuzz -- campaign --runs 20000 --jobs 2 --out fuzz-findings --json fuzz-report.json":
    "the recorded campaign: minutes",
  "npm run fuzz -- repro findings/methods/exit70-…/minimized.vasm":
    "`…` stands for a finding's directory",
  "npm run fuzz -- run files --files some/dir": "`some/dir` stands for the reader's directory",
  "npm run fuzz -- differential --runs 10000": "minutes; tests/fuzz runs the differential fuzzer",
  "npm run mutate": "mutation testing of everything: hours",
  "npm run mutate -- --mutate runtime/cast.ts": "mutation testing: many minutes",
  "npm run mutate -- --mutate format/verifier.ts:121-335 --testFiles tests/format/errors.test.ts,tests/vectors/runtime.test.ts":
    "mutation testing: minutes",
  "veldc dis examples/fib.veld | less": "`less` is an interactive pager",
};

/** Commands the docs show failing on purpose, with the exit status they give. */
const EXIT: Record<string, number> = {
  // docs/testing-runtimes.md: the vector's program overflows (an uncaught Veld error).
  "veld --trace test-vectors/isa/add/overflow.veldc": 1,
  // The vector is damaged on purpose: the dump shows what it can, then the damage (65).
  "velddis test-vectors/malformed/bitflip-01.veldc --hex": 65,
  // The example ends with an uncaught panic raised in another file, to show the trace.
  "veldc run examples/modules/main.veld": 1,
};

/** Commands run in the repository (npm scripts), not in the scratch directory. */
const IN_REPOSITORY = (command: string) => command.startsWith("npm run ");

interface Block {
  readonly page: string;
  readonly line: number;
  /** Commands, comments and `\` continuations resolved. */
  readonly commands: string[];
  /** For a `$ …` transcript: what it prints (its non-`$` lines). */
  readonly transcript?: string;
}

function blocks(page: string): Block[] {
  const text = readFileSync(join(root, page), "utf8");
  const found: Block[] = [];
  for (const m of text.matchAll(/^```(?:sh|bash|console|shell)\n([\s\S]*?)^```\s*$/gm)) {
    const line = text.slice(0, m.index).split("\n").length;
    const lines = m[1]!.replace(/\\\n\s*/g, "").split("\n");
    if (lines.some((l) => l.startsWith("$ "))) {
      const commands = lines.filter((l) => l.startsWith("$ ")).map((l) => l.slice(2));
      const output = lines.filter((l) => !l.startsWith("$ ")).join("\n");
      found.push({ page, line, commands, transcript: output });
    } else {
      const commands = lines
        .map((l) => l.replace(/\s+#.*$/, "").trim())
        .filter((l) => l !== "" && !l.startsWith("#"));
      found.push({ page, line, commands });
    }
  }
  return found;
}

const all = pages.flatMap(blocks);
const shown = new Set(all.flatMap((b) => b.commands));

/** The output a page shows for a command (a ```output block the command prints). */
function helloOutput(): string {
  const text = readFileSync(join(root, "docs/getting-started.md"), "utf8");
  return /```veld\n[\s\S]*?```\s*```output\n([\s\S]*?)```/.exec(text)![1]!;
}

function helloSource(): string {
  const text = readFileSync(join(root, "docs/getting-started.md"), "utf8");
  return /```veld\n([\s\S]*?)```\s*```output\n/.exec(text)![1]!;
}

const OUTPUT: Record<string, () => string> = {
  "veldc run hello.veld": helloOutput,
  "veld hello.veldc": helloOutput,
  "veldc run examples/hello.veld": () =>
    readFileSync(join(root, "test-vectors/src/programs/example-hello.out"), "utf8"),
  "echo 'println(6 * 7)' | veldc run -": () => "42\n",
  "veldc check examples/structs.veld && echo clean": () => "clean\n",
  "veld app.veldc arg1 arg2": () => "[arg1, arg2]\n",
  "veld app.veldc --flag-for-the-program -": () => "[--flag-for-the-program, -]\n",
  "veldc build app.veld -o - | veld -": () => "[]\n",
};

const BINS = ["veld", "veldc", "veldas", "velddis", "veld-conformance"];
const dist = (bin: string) =>
  ["cjs", "js"].map((ext) => join(root, "dist/cli", `${bin}.${ext}`)).find(existsSync);

/**
 * A scratch directory per page: the repository's examples and vectors, and the files the
 * pages use without creating them (hello.veld is the getting-started program; app.veld, and
 * its app.veldc, prints the program's arguments).
 */
function scratch(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), "veld-doc-commands-"));
  const bin = join(dir, ".bin");
  mkdirSync(bin);
  for (const name of BINS) {
    const path = join(bin, name);
    writeFileSync(path, `#!/bin/sh\nexec "${process.execPath}" "${dist(name)}" "$@"\n`);
    chmodSync(path, 0o755);
  }
  symlinkSync(join(root, "examples"), join(dir, "examples"));
  symlinkSync(join(root, "test-vectors"), join(dir, "test-vectors"));
  writeFileSync(join(dir, "hello.veld"), helloSource());
  writeFileSync(join(dir, "app.veld"), "println(std.env.args())\n");
  const built = spawnSync(process.execPath, [dist("veldc")!, "build", "app.veld"], { cwd: dir });
  if (built.status !== 0) throw new Error(`building app.veldc: ${built.stderr}`);
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    NO_COLOR: "1",
    FORCE_COLOR: undefined,
    XDG_CACHE_HOME: join(dir, ".cache"),
  };
  return { dir, env };
}

/** `npx veldc …` runs the package's own bin: here, the built one on PATH. */
const typed = (command: string) =>
  command.replace(new RegExp(`(^|[|&;]\\s*)npx (${BINS.join("|")}) `, "g"), "$1$2 ");

function run(command: string, cwd: string, env: NodeJS.ProcessEnv) {
  const r = spawnSync("bash", ["-o", "pipefail", "-c", typed(command)], {
    cwd,
    env,
    encoding: "utf8",
    input: "",
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!BINS.every((b) => dist(b) !== undefined))(
  "every command the docs show runs",
  () => {
    it("finds the commands, and every skipped one is still shown", () => {
      expect(all.length).toBeGreaterThan(15);
      expect(Object.keys(SKIPPED).filter((c) => !shown.has(c))).toEqual([]);
      expect(Object.keys(EXIT).filter((c) => !shown.has(c))).toEqual([]);
      expect(Object.keys(OUTPUT).filter((c) => !shown.has(c))).toEqual([]);
    });

    const byPage = new Map<string, Block[]>();
    for (const b of all) byPage.set(b.page, [...(byPage.get(b.page) ?? []), b]);

    // The blocks of a page run in order in one directory: a later one uses what an earlier
    // one built (hello.veldc, fib.veldc).
    describe.each([...byPage.keys()])("%s", (page) => {
      const { dir, env } = scratch();
      for (const block of byPage.get(page)!) {
        if (block.transcript !== undefined) {
          it(`${page}:${block.line} transcript`, () => {
            const r = run(`exec 2>&1\n${block.commands.join("\n")}`, dir, env);
            expect(r.stdout.trimEnd()).toBe(block.transcript!.trimEnd());
          });
          continue;
        }
        for (const command of block.commands) {
          const skip = SKIPPED[command];
          it.skipIf(skip !== undefined)(`${page}:${block.line} ${command}`, () => {
            const r = run(command, IN_REPOSITORY(command) ? root : dir, env);
            const status = EXIT[command] ?? 0;
            // The others print no error; the failing ones must still say why.
            expect({ status: r.status, stderr: status === 0 ? r.stderr : "" }).toEqual({
              status,
              stderr: "",
            });
            if (status !== 0) expect(r.stderr).toMatch(/error/);
            const expected = OUTPUT[command];
            if (expected !== undefined) expect(r.stdout).toBe(expected());
          });
        }
      }
    });
  },
);
