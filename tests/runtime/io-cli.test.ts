// The tools' I/O contract (README.md, exit codes): a reader that goes away (EPIPE) ends every
// tool quietly with exit 0; any other write failure prints one line and exits 74; output
// files are replaced atomically. Drives the real CLIs through a shell, as a user would.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  lstatSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "veld-io-"));
const tool = (name: string) => `"${process.execPath}" --import tsx tools/cli/${name}.ts`;

/** Runs a bash command line; `status` is the exit status of the pipeline's first command. */
function sh(command: string) {
  const r = spawnSync("bash", ["-c", `${command}; echo "status=\${PIPESTATUS[0]}" >&2`], {
    encoding: "utf8",
    timeout: 120_000,
  });
  const status = Number(/status=(\d+)\s*$/.exec(r.stderr)![1]);
  return { out: r.stdout, err: r.stderr.replace(/status=\d+\s*$/, ""), status };
}

// Output far beyond a pipe's 64 KiB buffer, so the writer sees EPIPE once `head` has gone.
const source = join(dir, "big.veld");
writeFileSync(
  source,
  Array.from({ length: 3000 }, (_, i) => `println("line ${i}")`).join("\n") +
    "\nfor i in 0..100000 do\n  println(i)\nend\n",
);
const bytes = join(dir, "big.veldc");
const script = join(dir, "session.txt");
writeFileSync(script, "for i in 0..100000 do\n  println(i)\nend\n");
const built = sh(`${tool("veldc")} build ${source} -o ${bytes}`);

describe("EPIPE ends a tool quietly with exit 0", () => {
  it.each([
    ["velddis --hex", () => `${tool("velddis")} --hex ${bytes}`],
    ["veldc dis", () => `${tool("veldc")} dis ${source}`],
    ["veld", () => `${tool("veld")} ${bytes}`],
    ["veldc repl", () => `${tool("veldc")} repl < ${script}`],
  ])("%s | head -1", (_, command) => {
    expect(built.status).toBe(0);
    const r = sh(`${command()} | head -1`);
    expect(r.out.split("\n").length).toBe(2);
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
  });
});

describe.skipIf(!existsSync("/dev/full"))("other write errors exit 74 with one line", () => {
  it.each([
    ["velddis", () => `${tool("velddis")} ${bytes}`],
    ["veld", () => `${tool("veld")} ${bytes}`],
    ["veldc build -o -", () => `${tool("veldc")} build ${source} -o -`],
    ["veldc repl", () => `${tool("veldc")} repl < ${script}`],
  ])("%s > /dev/full", (_, command) => {
    const r = sh(`${command()} > /dev/full`);
    expect(r.status).toBe(74);
    expect(r.err).toBe("error: cannot write to stdout: no space left on device (ENOSPC)\n");
  });
});

describe("output files are written atomically", () => {
  it("replaces the target and leaves no temporary file", () => {
    const out = join(dir, "atomic");
    mkdirSync(out);
    const target = join(out, "p.veldc");
    writeFileSync(target, "old");
    const r = sh(`${tool("veldc")} build ${source} -o ${target}`);
    expect(r.status).toBe(0);
    expect(readFileSync(target)).toEqual(readFileSync(bytes));
    expect(readdirSync(out)).toEqual(["p.veldc"]);
  });

  it("a failed write leaves the target as it was and no temporary file", () => {
    const out = join(dir, "failing");
    mkdirSync(join(out, "p.veldc"), { recursive: true }); // the target is a directory
    writeFileSync(join(out, "p.veldc", "keep"), "kept");
    const r = sh(
      `${tool("veldas")} ${join("examples", "asm", "hello.vasm")} -o ${join(out, "p.veldc")}`,
    );
    expect(r.status).toBe(74);
    expect(r.err).toMatch(/^error: cannot write .*p\.veldc: .*\n$/);
    expect(readdirSync(out)).toEqual(["p.veldc"]);
    expect(readFileSync(join(out, "p.veldc", "keep"), "utf8")).toBe("kept");
  });

  it("writes through a symbolic link to the file it points at", () => {
    const out = join(dir, "linked");
    mkdirSync(out);
    writeFileSync(join(out, "real.veldc"), "old");
    symlinkSync("real.veldc", join(out, "link.veldc"));
    const r = sh(`${tool("veldc")} build ${source} -o ${join(out, "link.veldc")}`);
    expect(r.status).toBe(0);
    expect(lstatSync(join(out, "link.veldc")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(out, "real.veldc"))).toEqual(readFileSync(bytes));
  });

  it("writes through a dangling symbolic link the file it names, keeping the link", () => {
    const out = join(dir, "dangling");
    mkdirSync(out);
    symlinkSync("made.veldc", join(out, "link.veldc"));
    const r = sh(`${tool("veldc")} build ${source} -o ${join(out, "link.veldc")}`);
    expect(r.status).toBe(0);
    expect(lstatSync(join(out, "link.veldc")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(out, "made.veldc"))).toEqual(readFileSync(bytes));
  });

  it("writes into a pipe or a device instead of renaming a file over it", () => {
    const fifo = join(dir, "fifo");
    const r = sh(
      `mkfifo ${fifo} && (cat ${fifo} > ${fifo}.got &) && ${tool("veldas")} ${join("examples", "asm", "hello.vasm")} -o ${fifo} && sleep 0.2`,
    );
    expect(r.status).toBe(0);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readFileSync(`${fifo}.got`).subarray(0, 8)).toEqual(
      Buffer.from("\x89VELDC\r\n", "latin1"),
    );
  });

  it.skipIf(!existsSync("/dev/full"))("-o /dev/full is exit 74 and leaves the device", () => {
    const r = sh(`${tool("veldc")} build ${source} -o /dev/full`);
    expect(r.status).toBe(74);
    expect(r.err).toBe("error: cannot write /dev/full: no space left on device (ENOSPC)\n");
    expect(lstatSync("/dev/full").isCharacterDevice()).toBe(true);
  });
});
