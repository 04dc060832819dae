// `veldc run --interp`: the tree-walking interpreter behind the CLI contract of spec/cli.md
// §4 (stdout, `error[Kind]: message` + frames on stderr, exit 0/1/65), on its big-stack
// thread: recursion 100,000 deep works as on the VM (spec/semantics.md §5; its default limit
// is the VM's, 200,000), beyond the limit is StackOverflow.

import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "veld-interp-"));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
function veldc(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "tools/cli/veldc.ts", ...args], {
    encoding: "utf8",
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("veldc run --interp", () => {
  it("runs a program with its arguments", () => {
    const f = file("args.veld", "import std.env\nprintln(env.args())\nprintln(1 + 2)\n");
    expect(veldc("run", "--interp", f, "a", "b")).toEqual({ code: 0, out: "[a, b]\n3\n", err: "" });
  });

  it("reports an uncaught error like the VM, exit 1", () => {
    const f = file("err.veld", "fn g(a) => a[5]\nprintln(1)\ng([1])\n");
    const interp = veldc("run", "--interp", f);
    expect(interp.code).toBe(1);
    expect(interp.out).toBe("1\n");
    expect(interp.err).toBe(
      `error[IndexOutOfBounds]: index 5 out of bounds for length 1\n  at g (err.veld:1:12)\n  at <main> (err.veld:3:1)\n`,
    );
    expect(veldc("run", f)).toEqual(interp);
  });

  it("rejects invalid source with diagnostics, exit 65", () => {
    const r = veldc("run", "--interp", file("bad.veld", "println(1 +)\n"));
    expect(r.code).toBe(65);
    expect(r.err).toContain("error[E0201]");
  });

  it("recurses 100,000 deep like the VM; beyond --max-depth is a clean StackOverflow", () => {
    // The default limit was the library's 10,000: programs the VM runs overflowed here.
    const deep = (n: number) =>
      file(
        `deep${n}.veld`,
        `fn f(n) => if n == 0 then 0 else 1 + f(n - 1) end\nprintln(f(${n}))\n`,
      );
    expect(veldc("run", "--interp", deep(100_000))).toEqual({
      code: 0,
      out: "100000\n",
      err: "",
    });
    const r = veldc("run", "--interp", "--max-depth", "20000", deep(20_000));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error\[StackOverflow\]: call depth exceeds 20000\n {2}at f /);
  });

  it("refuses a map key nested beyond 10,000 levels with StackOverflow, the VM's kind", () => {
    // Both engines reach the key limit (the VM's keys no longer recurse on the host stack);
    // it is StackOverflow (spec/semantics.md §5.1), it was LimitExceeded.
    const f = file(
      "deepkey.veld",
      "var k = (1,)\nfor i in 0..10001 do k = (k,) end\ntry println({k: 1}) catch e println(e.kind) end\n",
    );
    expect(veldc("run", "--interp", f)).toEqual({ code: 0, out: "StackOverflow\n", err: "" });
    expect(veldc("run", f)).toEqual({ code: 0, out: "StackOverflow\n", err: "" });
  });
});
