import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeModule } from "../../format/writer.js";
import { build } from "./build.js";

const dir = mkdtempSync(join(tmpdir(), "veld-cli-"));
function file(name: string, data: Uint8Array | string): string {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
}
function veld(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "tools/cli/veld.ts", ...args], {
    encoding: "utf8",
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const ok = file(
  "ok.veldc",
  writeModule(
    build({
      natives: [
        ["println", 255],
        ["std.env.args", 0],
      ],
      functions: [
        {
          name: "main",
          registers: 4,
          code: [
            ["GETNATIVE", 0, 0],
            ["GETNATIVE", 1, 1],
            ["CALL", 1, 0],
            ["CALL", 0, 1],
            ["RETURNUNIT"],
          ],
        },
      ],
    }),
  ),
);
const failing = file(
  "fail.veldc",
  writeModule(
    build({
      sourceFile: "f.veld",
      functions: [
        {
          name: "main",
          registers: 2,
          code: [["LOADI", 0, 1], ["LOADI", 1, 0], ["MOD", 0, 0, 1], ["RETURNUNIT"]],
        },
      ],
    }),
  ),
);
const spin = file(
  "spin.veldc",
  writeModule(build({ functions: [{ name: "main", registers: 1, code: ["l:", ["JMP", "l"]] }] })),
);

describe("veld CLI", () => {
  it("runs a program with arguments", () => {
    expect(veld(ok, "a", "b")).toEqual({ code: 0, out: "[a, b]\n", err: "" });
  });
  it("reports an uncaught error with a Veld stack, exit 1", () => {
    const r = veld(failing);
    expect(r.code).toBe(1);
    expect(r.err).toBe("error[DivisionByZero]: modulo by zero\n  at main (f.veld:3:1)\n");
  });
  it("rejects a malformed file with its code and offset, exit 65", () => {
    const r = veld(file("bad.veldc", "nope"));
    expect(r.code).toBe(65);
    expect(r.err).toMatch(/^error\[E_\w+\] at 0x[0-9a-f]+: /);
  });
  it("enforces --max-steps and prints --stats", () => {
    const r = veld("--max-steps", "500", "--stats", spin);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/instructions: 500\n/);
    expect(r.err).toMatch(/error\[LimitExceeded\]/);
  });
  it("enforces --max-memory and reports what was charged", () => {
    // ok.veldc builds the argument array: 16 + 8 per argument, 16 + its bytes per string.
    const fits = veld("--max-memory", "42", "--stats", ok, "ab");
    expect(fits.code).toBe(0);
    expect(fits.err).toMatch(/allocated: 42 bytes\n/);
    const r = veld("--max-memory", "41", ok, "ab");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error\[LimitExceeded\]: memory budget of 41 bytes exhausted/);
    expect(veld("--max-memory", "0", ok).code).toBe(2);
  });
  it("traces instructions", () => {
    expect(veld("--trace", failing).err).toMatch(/^\[0\] main@0: LOADI R0, 1\n/);
  });
  it("usage errors exit 2", () => {
    expect(veld().code).toBe(2);
    expect(veld("--max-steps", "-1", ok).code).toBe(2);
  });
});
