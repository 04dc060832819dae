// defineNative (runtime/natives/kinds.ts) on natives declared inside the test: the library's own
// natives are declared when their module loads, where no mutant of kinds.ts is active, so
// these calls are what pin its kind checks, messages, arities and charges. Each native runs on
// a context that records what it was charged.

import { describe, expect, it } from "vitest";
import { VARIADIC } from "../../format/module.js";
import { Trap } from "../../runtime/errors.js";
import { defineNative, prepay, Resumable, signatureOf } from "../../runtime/natives/kinds.js";
import type { NativeContext, NativeFn, NativeTask, Value } from "../../runtime/values.js";

/** A context whose charges, allocations and calls are written to `log`. */
function context() {
  const log: string[] = [];
  const ctx = {
    charge: (n: number) => log.push(`steps ${n}`),
    alloc: (n: number) => log.push(`bytes ${n}`),
    callValue: (fn: Value, args: readonly Value[]) => {
      log.push(`call ${args.join(",")}`);
      return (fn as (...a: readonly Value[]) => Value)(...args);
    },
  } as unknown as NativeContext;
  return { ctx, log };
}

/** What calling `f` with `args` gives: its result and log, or the Veld error it raised. */
function call(f: NativeFn, ...args: Value[]): string {
  const { ctx, log } = context();
  try {
    const r = f.fn(ctx, ...args);
    return [`= ${Array.isArray(r) ? `[${r.length}]` : String(r)}`, ...log].join("; ");
  } catch (e) {
    if (e instanceof Trap) return `!${e.error.kind}: ${e.error.message}`;
    throw e;
  }
}

const s = (n: number) => "a".repeat(n);

describe("a native declared with defineNative", () => {
  it("checks each argument's kind, numbering a method's after its receiver", () => {
    const f = defineNative("t.f", ["int", "str", "bool"], (_c, a) => a, "const");
    expect(f.arity).toBe(3);
    expect(f.method).toBe(false);
    expect(call(f, 1, "x", true)).toBe("= 1");
    expect(call(f, "1", "x", true)).toBe(
      "!TypeError: t.f expects argument 1 to be an int, got str",
    );
    expect(call(f, 1, 2, true)).toBe("!TypeError: t.f expects argument 2 to be a str, got int");
    expect(call(f, 1, "x", 3)).toBe("!TypeError: t.f expects argument 3 to be a bool, got int");
    const m = defineNative("t.m", ["array", "num"], (_c, a) => a, "const", true);
    expect(m.method).toBe(true);
    expect(call(m, [], 1.5)).toBe("= [0]");
    expect(call(m, 1, 2)).toBe("!TypeError: t.m expects its receiver to be an array, got int");
    expect(call(m, [], "2")).toBe("!TypeError: t.m expects argument 1 to be a number, got str");
    const one = defineNative("t.one", ["char"], () => 7, "const", true);
    expect(call(one, "c")).toBe("!TypeError: t.one expects its receiver to be a char, got str");
    const none = defineNative("t.none", [], () => 8, "const");
    expect(none.arity).toBe(0);
    expect(call(none)).toBe("= 8");
    expect(signatureOf(f)).toEqual(["int", "str", "bool"]);
  });

  it("checks the count and kinds of a native with optional parameters", () => {
    const f = defineNative("t.opt", ["str", "int?", "any?"], (_c, ...a) => a.length, "const");
    expect(f.arity).toBe(VARIADIC);
    expect(call(f, "x")).toBe("= 1");
    expect(call(f, "x", 1, 2)).toBe("= 3");
    expect(call(f)).toBe("!ArityMismatch: t.opt takes 1 to 3 arguments, got 0");
    expect(call(f, "x", 1, 2, 3)).toBe("!ArityMismatch: t.opt takes 1 to 3 arguments, got 4");
    expect(call(f, "x", "1")).toBe("!TypeError: t.opt expects argument 2 to be an int, got str");
    const m = defineNative("t.mopt", ["str", "int?"], (_c, ...a) => a.length, "const", true);
    expect(call(m)).toBe("!ArityMismatch: t.mopt takes 0 to 1 arguments, got -1");
    expect(call(m, "x", 1, 2)).toBe("!ArityMismatch: t.mopt takes 0 to 1 arguments, got 2");
    expect(call(m, 1)).toBe("!TypeError: t.mopt expects its receiver to be a str, got int");
    expect(signatureOf(m)).toEqual(["str", "int?"]);
    const all = defineNative("t.all", ["any?"], (_c, ...a) => a.length, "const");
    expect(all.arity).toBe(VARIADIC);
    expect(call(all)).toBe("= 0");
    expect(call(all, 1, 2)).toBe("!ArityMismatch: t.all takes 0 to 1 arguments, got 2");
  });

  it("charges a linear native for its arguments' work and its str or array result", () => {
    const one = defineNative("t.l1", ["any"], (_c, a) => a, "linear");
    expect(call(one, s(130))).toBe(`= ${s(130)}; steps 2; steps 2; bytes 146`);
    expect(call(one, Array.from({ length: 64 }))).toBe("= [64]; steps 1; steps 1; bytes 528");
    expect(call(one, 5)).toBe("= 5; steps 0");
    const two = defineNative("t.l2", ["str", "str"], () => 1, "linear");
    expect(call(two, s(40), s(40))).toBe("= 1; steps 1");
    const three = defineNative("t.l3", ["str", "str", "str"], () => 1, "linear");
    expect(call(three, s(30), s(30), s(4))).toBe("= 1; steps 1");
    // Called with the arguments given (one or two), and its str result charged.
    const opt = defineNative("t.lv", ["str", "str?"], (_c, ...a) => s(64 * a.length), "linear");
    expect(call(opt, s(40), s(40))).toBe(`= ${s(128)}; steps 1; steps 2; bytes 144`);
    expect(call(opt, s(63))).toBe(`= ${s(64)}; steps 0; steps 1; bytes 80`);
    // Each fixed-arity native's body gets exactly its arguments.
    const count = (_c: NativeContext, ...a: Value[]) => a.length;
    expect(call(defineNative("t.n1", ["any"], count, "linear"), 0)).toBe("= 1; steps 0");
    expect(call(defineNative("t.n2", ["any", "any"], count, "linear"), 0, 0)).toBe("= 2; steps 0");
    const cst = defineNative("t.c", ["str"], (_c, a) => a, "const");
    expect(call(cst, s(130))).toBe(`= ${s(130)}`);
  });

  it("does not charge a result again that the native prepaid, and charges the next one", () => {
    let pay = true;
    const f = defineNative(
      "t.pre",
      ["str"],
      (ctx, a) => {
        if (pay) prepay(ctx, 5, 6);
        return a;
      },
      "linear",
    );
    expect(call(f, s(64))).toBe(`= ${s(64)}; steps 1; steps 0; bytes 6`);
    pay = false;
    expect(call(f, s(64))).toBe(`= ${s(64)}; steps 1; steps 1; bytes 80`);
  });

  it("runs a Resumable as a task, charged as its cost says", () => {
    function* twice(_ctx: NativeContext, g: Value, x: Value): Generator<Value[], Value, Value> {
      const y = yield [g, x];
      return s(((yield [g, y]) as number) * 64);
    }
    const impl = twice as unknown as (ctx: NativeContext, ...a: Value[]) => NativeTask;
    const inc = (n: number) => n + 1;
    const lin = defineNative("t.task", ["any", "int"], new Resumable(impl), "linear");
    expect(lin.arity).toBe(2);
    expect(lin.task).toBeDefined();
    expect(call(lin, inc, 0)).toBe(`= ${s(128)}; steps 0; call 0; call 1; steps 2; bytes 144`);
    expect(call(lin, inc, "0")).toBe("!TypeError: t.task expects argument 2 to be an int, got str");
    const cst = defineNative("t.ctask", ["any", "int"], new Resumable(impl), "const");
    expect(cst.taskEnd).toBeUndefined();
    expect(call(cst, inc, 1)).toBe(`= ${s(192)}; call 1; call 2`);
    const opt = defineNative("t.vtask", ["any", "int", "str?"], new Resumable(impl), "linear");
    expect(opt.arity).toBe(VARIADIC);
    expect(call(opt, inc, 0, s(64))).toBe(
      `= ${s(128)}; steps 1; call 0; call 1; steps 2; bytes 144`,
    );
    expect(call(opt, inc)).toBe("!ArityMismatch: t.vtask takes 2 to 3 arguments, got 1");
    expect(signatureOf(opt)).toEqual(["any", "int", "str?"]);
    // A callback that calls a native which prepaid its own result: the task's is still charged.
    const pre = defineNative("t.pre2", [], (c) => (prepay(c, 64, 1), 1), "linear");
    const { ctx, log } = context();
    const callsPre = (x: number) => pre.fn(ctx, x) as number;
    expect(lin.fn(ctx, callsPre, 0)).toBe(s(64));
    const prepaid = ["steps 0", "steps 1", "bytes 1"];
    expect(log).toEqual([
      "steps 0",
      "call 0",
      ...prepaid,
      "call 1",
      ...prepaid,
      "steps 1",
      "bytes 80",
    ]);
  });
});
