// Maps and sets (spec/semantics.md §11): the key normal form against Veld `==`, a map and a
// set against a model under random operations, and the budgets they are charged to.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  isPlainKey,
  keyOf,
  mapGet,
  mapIndex,
  mapRemove,
  mapSet,
  MISSING,
  newMap,
  newSet,
  setHas,
  setInsert,
} from "../../runtime/collections.js";
import { Trap } from "../../runtime/errors.js";
import { formatValue } from "../../runtime/format.js";
import { equal } from "../../runtime/ops.js";
import {
  fromBig,
  RtEnum,
  VChar,
  VEnum,
  VFloat,
  VTuple,
  type NativeContext,
  type Value,
} from "../../runtime/values.js";
import { load } from "../../runtime/index.js";
import { compileOrThrow } from "../helpers/veld.js";

function compileAndRun(source: string, options: { maxMemory?: number } = {}) {
  let stdout = "";
  const r = load(compileOrThrow(source).bytes).run(
    { write: (t) => (stdout += t), writeErr: () => {} },
    [],
    options,
  );
  return { stdout, error: r.error?.kind ?? null };
}

/** A context that only counts the memory charged. */
function counter(): NativeContext & { bytes: number } {
  const ctx = { bytes: 0, alloc: (n: number) => void (ctx.bytes += n) };
  return ctx as unknown as NativeContext & { bytes: number };
}

function kindOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof Trap) return e.error.kind;
    throw e;
  }
}

const E = new RtEnum("E", ["A", "B"], [0, 1], new Map(), undefined);
const F = new RtEnum("F", ["A"], [0], new Map(), undefined);

/** Keys from a small domain, so that random operations hit equal keys of different forms. */
const keyArb: fc.Arbitrary<Value> = fc.letrec<{ key: Value }>((tie) => ({
  key: fc.oneof(
    { depthSize: "small" },
    fc.integer({ min: -2, max: 3 }).map((n) => n + 0),
    fc.integer({ min: -2, max: 3 }).map((n) => (n === 0 ? new VFloat(-0) : new VFloat(n))),
    fc.constantFrom(0.5, -1.5),
    fc.constantFrom(fromBig(2n ** 60n)!, new VFloat(2 ** 60), new VFloat(1e300)),
    fc.constantFrom("", "a", "b", "\0a", "\0c"),
    fc.constantFrom(VChar.of(97), VChar.of(0x1f600)),
    fc.boolean(),
    fc.constant(undefined),
    fc.constantFrom(E.units[0]!, F.units[0]!),
    tie("key").map((x) => new VEnum(E, 1, [x])),
    fc.array(tie("key"), { minLength: 1, maxLength: 2 }).map((xs) => new VTuple(xs)),
  ),
})).key;

describe("key normal form", () => {
  it("two keys have one normal form exactly when they are ==", () => {
    fc.assert(
      fc.property(keyArb, keyArb, (a, b) => {
        expect(keyOf(a) === keyOf(b)).toBe(equal(a, b));
      }),
      { numRuns: 3000 },
    );
  });

  it("plain keys are their own normal form", () => {
    fc.assert(
      fc.property(keyArb, (k) => {
        if (isPlainKey(k)) expect(keyOf(k)).toBe(k);
      }),
    );
  });

  it("refuses mutable kinds, lookups included", () => {
    const m = newMap(counter());
    for (const bad of [[1], newMap(counter()), newSet(counter()), new VTuple([[1]])]) {
      expect(kindOf(() => keyOf(bad as Value))).toBe("TypeError");
      expect(kindOf(() => mapGet(m, bad as Value))).toBe("TypeError");
    }
  });

  it("finds no key equal to NaN and refuses to insert one", () => {
    const ctx = counter();
    const m = newMap(ctx);
    mapSet(ctx, m, 1, 2);
    expect(mapGet(m, NaN)).toBe(MISSING);
    expect(mapGet(m, new VTuple([NaN]))).toBe(MISSING);
    expect(kindOf(() => mapIndex(m, NaN))).toBe("KeyNotFound");
    expect(kindOf(() => mapSet(ctx, m, NaN, 1))).toBe("TypeError");
    expect(kindOf(() => setInsert(ctx, newSet(ctx), new VTuple([1, NaN])))).toBe("TypeError");
  });
});

type Op = ["set", Value, number] | ["remove", Value] | ["get", Value];

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.tuple(fc.constant("set" as const), keyArb, fc.integer({ min: 0, max: 99 })),
  fc.tuple(fc.constant("remove" as const), keyArb),
  fc.tuple(fc.constant("get" as const), keyArb),
);

describe("a map agrees with a model under random operations", () => {
  it("same entries, in insertion order, with the first form of each key", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const ctx = counter();
        const m = newMap(ctx);
        const model: [Value, Value][] = [];
        const find = (k: Value) => model.findIndex(([x]) => equal(x, k));
        let inserted = 0;
        for (const op of ops) {
          const i = find(op[1]);
          if (op[0] === "set") {
            if (i < 0) {
              model.push([op[1], op[2]]);
              inserted++;
            } else model[i]![1] = op[2];
            mapSet(ctx, m, op[1], op[2]);
          } else if (op[0] === "remove") {
            const r = mapRemove(m, op[1]);
            expect(r).toBe(i < 0 ? MISSING : model[i]![1]);
            if (i >= 0) model.splice(i, 1);
          } else {
            expect(mapGet(m, op[1])).toBe(i < 0 ? MISSING : model[i]![1]);
          }
        }
        const entries = [...m.vals].map(([k, v]) => [m.keyAt(k), v]);
        expect(entries.length).toBe(model.length);
        entries.forEach(([k, v], j) => {
          expect(formatValue(k!)).toBe(formatValue(model[j]![0]));
          expect(equal(k!, model[j]![0])).toBe(true);
          expect(v).toBe(model[j]![1]);
        });
        // 16 for the map, 16 per key inserted (removals give nothing back).
        expect(ctx.bytes).toBe(16 + 16 * inserted);
      }),
      { numRuns: 500 },
    );
  });

  it("a set keeps the first of equal elements, in insertion order", () => {
    fc.assert(
      fc.property(fc.array(keyArb, { maxLength: 40 }), (xs) => {
        const ctx = counter();
        const s = newSet(ctx);
        const model: Value[] = [];
        for (const x of xs) {
          const isNew = !model.some((y) => equal(x, y));
          if (isNew) model.push(x);
          expect(setInsert(ctx, s, x)).toBe(isNew);
          expect(setHas(s, x)).toBe(true);
        }
        expect([...s.items.values()]).toEqual(model);
        expect(ctx.bytes).toBe(16 + 8 * model.length);
      }),
      { numRuns: 500 },
    );
  });
});

describe("maps in programs", () => {
  it("charges 16 bytes per new key and nothing for a replaced value", () => {
    const src = 'let m = {}\nm["a"] = 1\nm["a"] = 2\nm["b"] = 3\nprintln(m)';
    expect(compileAndRun(src, { maxMemory: 48 }).stdout).toBe("{a: 2, b: 3}\n");
    expect(compileAndRun(src, { maxMemory: 47 }).error).toBe("LimitExceeded");
  });

  it("takes a key nested 10,000 levels (the VM's host stack ran out at about 4,500)", () => {
    const src = (wraps: number) =>
      `var k = (1,)\nfor i in 0..${wraps} do k = (k,) end\n` +
      `try let m = {k: 1}\nprintln(m[k]) catch e println(e.kind) end\n`;
    expect(compileAndRun(src(9_999))).toEqual({ stdout: "1\n", error: null });
    expect(compileAndRun(src(10_000))).toEqual({ stdout: "StackOverflow\n", error: null });
  });
  it("m.set charges like m[k] = v, and m.has and m.get_or find what m[k] finds", () => {
    const set = 'let m = {}\nm.set("a", 1)\nm.set("a", 2)\nm.set("b", 3)\nprintln(m)';
    expect(compileAndRun(set, { maxMemory: 48 }).stdout).toBe("{a: 2, b: 3}\n");
    expect(compileAndRun(set, { maxMemory: 47 }).error).toBe("LimitExceeded");
    const src = [
      'let m = {1: (), "": 2, 2.5: 3}',
      'let e = ""',
      'let z = "\\u{0}"',
      "m.set(1.0, 4)",
      "m.set(z, ())",
      'println([m.has(1), m.has(1.0), m.has(2.5), m.has(0.5), m.has(e), m.has("x")])',
      "println([m.get_or(1, 9), m.get_or(z, 9), m.get_or(3, 9), m.get_or(e, 9)])",
      "println(m)",
    ].join("\n");
    expect(compileAndRun(src).stdout).toBe(
      "[true, true, true, false, true, false]\n[4, (), 9, 2]\n{1: 4, : 2, 2.5: 3, \u0000: ()}\n",
    );
  });

  it("a map iterates live, in insertion order", () => {
    const src =
      "let m = {1: 1, 2: 2}\nfor (k, v) in m do\n  println(k)\n  if k == 1 then\n    m.remove(1)\n    m[5] = 5\n  end\nend\nprintln(m)";
    expect(compileAndRun(src).stdout).toBe("1\n2\n5\n{2: 2, 5: 5}\n");
  });
});
