// The compile cache of `veldc run` (tools/cli/compile-cache.ts): a hit runs the same program
// without compiling; a damaged entry, another build, level, name or source is a miss; an
// unusable cache directory or --no-cache only means compiling.

import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/index.js";
import { compileCached, type CacheKey } from "../../tools/cli/compile-cache.js";
import { runProgram } from "../helpers/veld.js";

const SOURCE = new TextEncoder().encode(
  "let xs = [1, 2, 3]\nprintln(xs.map(x => x * 2))\nprintln(xs[7])\n",
);

let home: string;
let compiled: number;
const saved = process.env.XDG_CACHE_HOME;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "veld-cache-test-"));
  process.env.XDG_CACHE_HOME = home;
  compiled = 0;
});
afterEach(() => {
  if (saved === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = saved;
});

async function run(source: Uint8Array, key: Partial<CacheKey> = {}) {
  const program = await compileCached(
    source,
    { fileName: "t.veld", O0: false, cache: true, build: "test-build", ...key },
    async (bytes) => {
      compiled++;
      const r = compileSource(new TextDecoder().decode(bytes), {
        fileName: key.fileName ?? "t.veld",
        optimize: key.O0 ? 0 : 1,
      });
      return { module: r.module!, bytes: r.bytes! };
    },
  );
  return runProgram(program);
}

const entries = () => readdirSync(join(home, "veld"));
const expected = { stdout: "[2, 4, 6]\n", error: "IndexOutOfBounds" };

describe("veldc run's compile cache", () => {
  it("compiles once, then runs the cached program with the same output and error", async () => {
    const first = await run(SOURCE);
    const second = await run(SOURCE);
    expect(compiled).toBe(1);
    expect(first).toMatchObject(expected);
    expect(second).toEqual(first);
    expect(entries()).toHaveLength(1);
  });

  it("treats a damaged entry as a miss and replaces it", async () => {
    await run(SOURCE);
    const file = join(home, "veld", entries()[0]!);
    for (const junk of [
      new Uint8Array(0),
      new Uint8Array([0x56, 0x45, 0x4c, 0x44, 9, 9]),
      new TextEncoder().encode("not a module"),
    ]) {
      writeFileSync(file, junk);
      expect(await run(SOURCE)).toMatchObject(expected);
    }
    expect(compiled).toBe(4);
    await run(SOURCE);
    expect(compiled).toBe(4); // the last compilation was stored again
  });

  it("keys on the build, the level, the file name and the source", async () => {
    await run(SOURCE);
    await run(SOURCE, { build: "another-build" });
    await run(SOURCE, { O0: true });
    await run(SOURCE, { fileName: "u.veld" });
    await run(new TextEncoder().encode("println(1)\n"));
    expect(compiled).toBe(5);
    expect(entries()).toHaveLength(5);
  });

  it("reads and writes nothing with --no-cache or without a build id", async () => {
    await run(SOURCE, { cache: false });
    await run(SOURCE, { cache: false });
    await run(SOURCE, { build: undefined }); // run from source: no bundle, no build id
    await run(SOURCE, { build: undefined });
    expect(compiled).toBe(4);
    expect(() => entries()).toThrow();
  });

  it("still runs when the cache directory cannot be made", async () => {
    const blocker = join(home, "file");
    writeFileSync(blocker, "");
    process.env.XDG_CACHE_HOME = blocker; // a file: mkdir beneath it fails
    expect(await run(SOURCE)).toMatchObject(expected);
    expect(await run(SOURCE)).toMatchObject(expected);
    expect(compiled).toBe(2);
  });
});
