// interpret()'s contract (interpreter/index.ts) in the test process, where mutation testing sees
// it: rejected programs come back as diagnostics, an uncaught error with its trace under the
// file name given (or `<input>`), and the call depth limit counts main, as the VM's does.

import { describe, expect, it } from "vitest";
import { interpret } from "../../interpreter/index.js";
import { runOnVm } from "../../tools/fuzz/engines.js";
import { loadModule } from "../../runtime/index.js";
import { compileSource } from "../../compiler/index.js";
import { InterpFn } from "../../interpreter/function.js";
import { Scope } from "../../interpreter/scope.js";
import type { NativeContext } from "../../runtime/values.js";
import { InternalError } from "../../runtime/errors.js";

const host = () => {
  const out = { stdout: "", write: (t: string) => void (out.stdout += t), now: () => 0 };
  return out;
};

describe("interpret", () => {
  it("returns the front end's diagnostics for a program it rejects", () => {
    const parse = interpret("let = 1\n", host());
    expect("diagnostics" in parse && parse.diagnostics.length).toBeGreaterThan(0);
    const resolve = interpret("println(nope)\n", host());
    expect("diagnostics" in resolve && resolve.diagnostics[0]!.message).toMatch(/nope/);
  });

  it("an uncaught error comes back with its trace, under the file name given or <input>", () => {
    const source = "fn f(x) => x / 0\nprintln(f(1))\n";
    const unnamed = interpret(source, host());
    expect(unnamed).toMatchObject({ status: "error", error: { kind: "DivisionByZero" } });
    const frames = "error" in unnamed ? unnamed.error!.frames : [];
    expect(frames.map((f) => [f.function, f.file, f.line])).toEqual([
      ["f", "<input>", 1],
      ["<main>", "<input>", 2],
    ]);
    const named = interpret(source, host(), { fileName: "x.veld" });
    expect("error" in named && named.error!.frames.map((f) => f.file)).toEqual([
      "x.veld",
      "x.veld",
    ]);
    expect(interpret("println(1)\n", host())).toEqual({ status: "ok" });
    const args = host();
    interpret("import std.env\nprintln(env.args())\n", args);
    expect(args.stdout).toBe("[]\n");
  });

  it("a host exception is an InternalError, never a Veld error", () => {
    const thrown = (error: Error) => {
      try {
        interpret("println(1)\n", {
          write: () => {
            throw error;
          },
        });
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const wrapped = thrown(new Error("boom"));
    expect(wrapped).toBeInstanceOf(InternalError);
    expect((wrapped as Error).message).toBe("unexpected host exception: Error: boom");
    const internal = new InternalError("the host's own");
    expect(thrown(internal)).toBe(internal);
  });

  it("the depth limit counts main, as the VM's does", () => {
    const program = (n: number) =>
      `fn depth(n) => if n == 0 then 0 else 1 + depth(n - 1) end\nprintln(depth(${n}))\n`;
    for (const n of [8, 9, 10]) {
      const out = host();
      const r = interpret(program(n), out, { maxDepth: 10 });
      const compiled = compileSource(program(n), { fileName: "test.veld" }).module!;
      const vm = loadModule(compiled, { trusted: true }).run(
        { write: () => {}, writeErr: () => {}, now: () => 0 },
        [],
        {
          maxDepth: 10,
        },
      );
      expect(["status" in r && r.status, "status" in r && r.error?.message]).toEqual([
        vm.status,
        vm.error?.message,
      ]);
    }
    const over = interpret(program(9), host(), { maxDepth: 10 });
    expect(over).toMatchObject({
      status: "error",
      error: { kind: "StackOverflow", message: "call depth exceeds 10" },
    });
  });

  it("host stack exhaustion is the program's StackOverflow", () => {
    const r = interpret("fn down(n) => 1 + down(n + 1)\nprintln(down(0))\n", host(), {
      maxDepth: 1e9,
    });
    expect(r).toMatchObject({
      status: "error",
      error: { kind: "StackOverflow", message: "host stack exhausted" },
    });
  });

  it("a top-level variable used before its let ran, as on the VM", () => {
    // The functions are hoisted: they read and write x before its `var` ran.
    const source =
      "println(getx())\nsetx()\nprintln(getx())\nvar x = 1\nprintln(getx())\n" +
      "fn getx() => x\nfn setx() x = 5 end\n";
    const out = host();
    const r = interpret(source, out);
    expect(r).toEqual({ status: "ok" });
    expect(out.stdout).toBe("()\n5\n1\n");
    expect(runOnVm(source)!.stdout).toBe(out.stdout);
  });
});

describe("InterpFn", () => {
  it("called as a native, calls back into its context with its arguments", () => {
    const f = new InterpFn(
      "f",
      [],
      { kind: "UnitLit", span: null! } as never,
      new Scope(null),
      "x",
    );
    const calls: unknown[] = [];
    const ctx = {
      callValue: (fn: unknown, args: unknown) => (calls.push(fn, args), 42),
    } as unknown as NativeContext;
    expect(f.fn(ctx, 1, 2)).toBe(42);
    expect(calls).toEqual([f, [1, 2]]);
  });
});
