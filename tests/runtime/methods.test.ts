// The built-in methods and free natives one by one (runtime/natives/): the messages of their
// errors (what a user reads; the vectors check only the kinds), their edge cases, and what they
// charge (steps and memory, spec/semantics.md §10). Written from the mutation runs of
// runtime/natives/ (docs/testing.md "Mutation testing").

import { describe, expect, it } from "vitest";
import { MAX_ENTRIES } from "../../runtime/collections.js";
import { Trap } from "../../runtime/errors.js";
import { formatValue } from "../../runtime/format.js";
import { loadModule, type RunOptions } from "../../runtime/index.js";
import { CORE_NATIVES } from "../../runtime/natives/core.js";
import { defineNative } from "../../runtime/natives/kinds.js";
import {
  allBuiltinMethods,
  builtinMethod,
  builtinMethodList,
} from "../../runtime/natives/methods.js";
import {
  kindName,
  RtEnum,
  VChar,
  VEnum,
  VFloat,
  VMap,
  VRange,
  VTuple,
  type Value,
} from "../../runtime/values.js";
import { Vm } from "../../runtime/vm.js";
import { compileOrThrow } from "../helpers/veld.js";
import { build, PRELUDE_TYPES } from "./build.js";
import { prog } from "./helpers.js";

function run(source: string, options: RunOptions = {}) {
  let stdout = "";
  const r = loadModule(compileOrThrow(source).module).run(
    { write: (t) => (stdout += t), writeErr: () => {} },
    [],
    options,
  );
  return {
    stdout,
    error: r.error ? `${r.error.kind}: ${r.error.message}` : null,
    steps: r.steps,
    allocated: r.allocated,
  };
}

/** What `expr` prints, or `Kind: message` of the error it raised. */
function show(expr: string, setup = ""): string {
  const r = run(`${setup}\nprintln(${expr})`);
  return r.error ?? r.stdout.slice(0, -1);
}

describe("error messages", () => {
  const cases: [string, string][] = [
    [`"abc".substring(2, 1)`, "IndexOutOfBounds: substring(2, 1) of a string of length 3"],
    [`"abc".substring(-1, 1)`, "IndexOutOfBounds: substring(-1, 1) of a string of length 3"],
    [`"abc".substring(0, 4)`, "IndexOutOfBounds: substring(0, 4) of a string of length 3"],
    [`"ab".repeat(-2)`, "IndexOutOfBounds: repeat count -2 is negative"],
    [`"ab".to_int_radix(1)`, "IndexOutOfBounds: radix 1 is outside 2..=36"],
    [`"ab".to_int_radix(37)`, "IndexOutOfBounds: radix 37 is outside 2..=36"],
    [`"ab".find("a", -1)`, "IndexOutOfBounds: find from -1"],
    [`[1, 2].set(2, 0)`, "IndexOutOfBounds: index 2 out of bounds for length 2"],
    [`[1, 2].set(-1, 0)`, "IndexOutOfBounds: index -1 out of bounds for length 2"],
    [`[1, 2].remove(2)`, "IndexOutOfBounds: index 2 out of bounds for length 2"],
    [`[1, 2].take(-1)`, "IndexOutOfBounds: take: count -1 is negative"],
    [`[1, 2].drop(-3)`, "IndexOutOfBounds: drop: count -3 is negative"],
    [`[1, 2].slice(1, 0)`, "IndexOutOfBounds: slice(1, 0) of an array of length 2"],
    [`[1, 2].slice(-1, 1)`, "IndexOutOfBounds: slice(-1, 1) of an array of length 2"],
    [`[1, 2].slice(0, 3)`, "IndexOutOfBounds: slice(0, 3) of an array of length 2"],
    [`[1, 2].insert(3, 0)`, "IndexOutOfBounds: insert at 3 into an array of length 2"],
    [`[1, 2].insert(-1, 0)`, "IndexOutOfBounds: insert at -1 into an array of length 2"],
    [`[1, 2].chunks(0)`, "IndexOutOfBounds: chunks: size 0 must be at least 1"],
    [`[1, 2].windows(-1)`, "IndexOutOfBounds: windows: size -1 must be at least 1"],
    [`[1, 2].flatten()`, "TypeError: flatten: element is int, not an array"],
    [`[1].flat_map(fn(x) => x)`, "TypeError: flat_map: the function must return an array, got int"],
    [`[1].filter(fn(x) => 1)`, "TypeError: filter: the function must return a bool, got int"],
    [`[1].find(fn(x) => "y")`, "TypeError: find: the function must return a bool, got str"],
    [`[1].any(fn(x) => 0.5)`, "TypeError: any: the function must return a bool, got float"],
    [`[1].all(fn(x) => ())`, "TypeError: all: the function must return a bool, got ()"],
    [
      `[3, 1].sort(fn(a, b) => 0.5)`,
      "TypeError: sort: the comparator must return an int, got float",
    ],
    [`Some(1).filter(fn(x) => 2)`, "TypeError: filter: the function must return a bool, got int"],
    [`1.shl(64)`, "IndexOutOfBounds: shift count 64 is outside 0..=63"],
    [`1.shr(-1)`, "IndexOutOfBounds: shift count -1 is outside 0..=63"],
    [`1.ushr(99)`, "IndexOutOfBounds: shift count 99 is outside 0..=63"],
    [`7.div_floor(0)`, "DivisionByZero: division by zero"],
    [`7.rem_euclid(0)`, "DivisionByZero: division by zero"],
    [`(-9223372036854775807 - 1).div_floor(-1)`, "IntegerOverflow: integer overflow"],
    [`5.clamp(3, 2)`, "IndexOutOfBounds: clamp: the upper bound is below the lower"],
    [`255.to_base(1)`, "IndexOutOfBounds: radix 1 is outside 2..=36"],
    [`255.to_base(37)`, "IndexOutOfBounds: radix 37 is outside 2..=36"],
    [
      `(-1).to_char()`,
      "IndexOutOfBounds: -1 is not a Unicode scalar value (0..=0x10FFFF without the surrogates 0xD800..=0xDFFF)",
    ],
    [
      `(0xD800).to_char()`,
      "IndexOutOfBounds: 55296 is not a Unicode scalar value (0..=0x10FFFF without the surrogates 0xD800..=0xDFFF)",
    ],
    [
      `(0xDFFF).to_char()`,
      "IndexOutOfBounds: 57343 is not a Unicode scalar value (0..=0x10FFFF without the surrogates 0xD800..=0xDFFF)",
    ],
    [
      `(0x110000).to_char()`,
      "IndexOutOfBounds: 1114112 is not a Unicode scalar value (0..=0x10FFFF without the surrogates 0xD800..=0xDFFF)",
    ],
    [
      `(9223372036854775807).to_char()`,
      "IndexOutOfBounds: 9223372036854775807 is not a Unicode scalar value (0..=0x10FFFF without the surrogates 0xD800..=0xDFFF)",
    ],
    [`(0).to_char().to_int()`, "0"],
    [`(0xD7FF).to_char().to_int()`, "55295"],
    [`(0xE000).to_char().to_int()`, "57344"],
    [`(0x10FFFF).to_char().to_int()`, "1114111"],
    [`1e19.to_int()`, "IntegerOverflow: 10000000000000000000 does not fit an int"],
    [`(-1e19).to_int()`, "IntegerOverflow: -10000000000000000000 does not fit an int"],
    [`9223372036854775807.0.to_int()`, "IntegerOverflow: 9223372036854776000 does not fit an int"],
    [`(-9223372036854775807.0).to_int()`, "-9223372036854775808"],
    [`"nan".to_float().unwrap().to_int()`, "IntegerOverflow: NaN does not fit an int"],
    [`"inf".to_float().unwrap().to_int()`, "IntegerOverflow: inf does not fit an int"],
    [`None.unwrap()`, "Panic: called unwrap on None"],
    [`None.expect("gone")`, "Panic: gone"],
    [`Err("bad").unwrap()`, "Panic: called unwrap on Err: bad"],
    [`Ok(3).unwrap_err()`, "Panic: called unwrap_err on Ok: 3"],
    [`Err(4).expect("why")`, "Panic: why: 4"],
    [`std.random.rng(1).choice([])`, "IndexOutOfBounds: choice from an empty array"],
  ];
  for (const [expr, message] of cases) it(expr, () => expect(show(expr)).toBe(message));
});

const program = loadModule(build(prog([["RETURNUNIT"]], { types: PRELUDE_TYPES }))).linked;
const NATIVES = new Map([...CORE_NATIVES, ...allBuiltinMethods()].map((f) => [f.name, f]));

/**
 * Calls the native `name` directly and records what it charges: its result as printed (or
 * `Kind: message`), the steps and the bytes.
 */
const vmFor = (options: RunOptions = {}) =>
  new Vm(program, { write: () => {}, writeErr: () => {} }, [], options);

function probe(name: string, args: Value[] | ((vm: Vm) => Value[]), options: RunOptions = {}) {
  const vm = vmFor(options);
  const values = Array.isArray(args) ? args : args(vm);
  const log = { result: "", steps: 0, bytes: 0 };
  vm.charge = (n: number) => void (log.steps += n);
  vm.alloc = (n: number) => void (log.bytes += n);
  try {
    log.result = formatValue(vm.callValue(NATIVES.get(name)!, values));
  } catch (e) {
    if (!(e instanceof Trap)) throw e;
    log.result = `${e.error.kind}: ${e.error.message}`;
  }
  return log;
}

const E64 = "é".repeat(64); // 64 scalars, 128 UTF-8 bytes: 2 steps of work

describe("what str methods charge", () => {
  // [method, receiver and arguments, result, steps, bytes]
  const cases: [string, Value[], string, number, number][] = [
    // The arguments' work (receiver included) and nothing for an int result.
    ["str.len", [E64], "64", 2, 0],
    ["str.len", ["x".repeat(63)], "63", 0, 0],
    // A str result: its bytes as steps and its header and bytes as memory.
    ["str.to_upper", [E64], "É".repeat(64), 4, 144],
    ["str.substring", [E64, 0, 64], E64, 4, 144],
    ["str.reverse", ["ab".repeat(64)], "ba".repeat(64), 4, 144],
    // Prepaid results: charged once, before they are built.
    ["str.repeat", ["ab", 64], "ab".repeat(64), 2, 144],
    ["str.repeat", ["", 1000], "", 0, 16],
    ["str.replace", ["a".repeat(64), "a", "bb"], "b".repeat(128), 3, 144],
    ["str.replace", ["ab", "", "-"], "-a-b-", 0, 21],
    ["str.replace", ["abab", "ab", ""], "", 0, 16],
    ["str.pad_start", ["x", 130, "é"], "é".repeat(129) + "x", 4, 275],
    ["str.pad_end", ["x", 4, "ab"], "xaba", 0, 20],
    ["str.pad_end", ["x", 1, "ab"], "x", 0, 17],
    // Pieces: the array (header and a slot each), each piece's header and the bytes.
    ["str.split", ["a,".repeat(64), ","], `[${"a, ".repeat(64)}]`, 3, 536 + 65 * 16 + 64],
    ["str.split", ["ab😀", ""], "[a, b, 😀]", 0, 40 + 48 + 6],
    ["str.split", ["a--b--c", "--"], "[a, b, c]", 0, 40 + 48 + 3],
    ["str.lines", ["a\r\nb\nc\n"], "[a, b, c]", 0, 40 + 48 + 3],
    ["str.lines", ["a\nb"], "[a, b]", 0, 32 + 32 + 2],
    ["str.lines", [""], "[]", 0, 16],
    ["str.chars", [E64], `[${Array(64).fill("é").join(", ")}]`, 3, 528],
    ["str.bytes", ["é".repeat(32)], `[${Array(32).fill("195, 169").join(", ")}]`, 2, 528],
  ];
  for (const [name, args, result, steps, bytes] of cases) {
    it(`${name}(${args.map((a) => formatValue(a).slice(0, 12)).join(", ")})`, () =>
      expect(probe(name, args)).toEqual({ result, steps, bytes }));
  }
  it("checks the number of pieces against the array limit", () => {
    expect(probe("str.split", ["a,b,c", ","], { maxArrayLength: 2 }).result).toBe(
      "LimitExceeded: array longer than 2 elements",
    );
    expect(probe("str.split", ["abc", ""], { maxArrayLength: 2 }).result).toMatch(/^Limit/);
    expect(probe("str.lines", ["a\nb\nc"], { maxArrayLength: 2 }).result).toMatch(/^Limit/);
    expect(probe("str.chars", ["abc"], { maxArrayLength: 2 }).result).toMatch(/^Limit/);
    expect(probe("str.bytes", ["é"], { maxArrayLength: 1 }).result).toMatch(/^Limit/);
    expect(probe("str.split", ["a,b", ","], { maxArrayLength: 2 }).result).toBe("[a, b]");
  });
});

const fn = (name: string) => NATIVES.get(name)!;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const list = (a: unknown[]) => `[${a.join(", ")}]`;

describe("what array methods charge", () => {
  const cases: [string, Value[], string, number, number][] = [
    ["array.len", [range(640)], "640", 0, 0],
    ["array.push", [[1], 2], "()", 0, 8],
    ["array.insert", [[1], 0, 2], "()", 0, 8],
    ["array.reverse", [range(64)], list(range(64).reverse()), 2, 528],
    ["array.take", [range(128), 64], list(range(64)), 3, 528],
    ["array.drop", [range(128), 64], list(range(128).slice(64)), 3, 528],
    ["array.slice", [range(128), 1, 65], list(range(65).slice(1)), 3, 528],
    [
      "array.zip",
      [range(64), range(65)],
      list(range(64).map((i) => `(${i}, ${i})`)),
      3,
      528 + 64 * 32,
    ],
    ["array.enumerate", [[7, 8]], "[(0, 7), (1, 8)]", 0, 32 + 2 * 32],
    ["array.concat", [range(64), range(64)], list([...range(64), ...range(64)]), 4, 16 + 128 * 8],
    ["array.flatten", [[[1, 2], [], [3]]], "[1, 2, 3]", 0, 40],
    ["array.chunks", [range(5), 2], "[[0, 1], [2, 3], [4]]", 0, 40 + 3 * 16 + 8 * 5],
    ["array.windows", [range(4), 3], "[[0, 1, 2], [1, 2, 3]]", 0, 32 + 2 * 16 + 8 * 6],
    ["array.windows", [range(2), 3], "[]", 0, 16],
    ["array.chunks", [[], 3], "[]", 0, 16],
    ["array.join", [[E64, E64], "-"], `${E64}-${E64}`, 4, 16 + 257],
    ["array.join", [[1, "a", 2.5], ", "], "1, a, 2.5", 0, 16 + 9],
    ["array.sort", [[3, 1, 2]], "[1, 2, 3]", 6, 40],
    ["array.sort", [range(64).reverse()], list(range(64)), 1 + 64 * 6 + 1, 528],
    ["array.sort", [[5]], "[5]", 0, 24],
    ["array.sort", [[]], "[]", 0, 16],
    ["array.sort", [[2, 1]], "[1, 2]", 2, 32],
    ["array.dedup", [[1, 1, 2, 1, 1]], "[1, 2, 1]", 0, 40],
    ["array.contains", [range(128), 127], "true", 2, 0],
    ["array.index_of", [[1, 2, 3], 3], "2", 0, 0],
    ["array.index_of", [[1, 2, 3], 4], "-1", 0, 0],
    ["array.min", [[3, 1, 2, 1]], "Option.Some(1)", 0, 24],
    ["array.max", [[1, 3, 2, 3]], "Option.Some(3)", 0, 24],
    ["array.min", [[]], "Option.None", 0, 0],
    ["array.sum", [[1, 2.5, 3]], "6.5", 0, 0],
    ["array.sum", [[]], "0", 0, 0],
    ["array.get", [[1, 2], 2], "Option.None", 0, 0],
    ["array.get", [[1, 2], -1], "Option.None", 0, 0],
    ["array.get", [[1, 2], 1], "Option.Some(2)", 0, 24],
    ["array.get", [[1, 2], 2n ** 62n], "Option.None", 0, 0],
    ["array.first", [[]], "Option.None", 0, 0],
    ["array.last", [[1, 2]], "Option.Some(2)", 0, 24],
    ["array.last", [[]], "Option.None", 0, 0],
    ["array.pop", [[]], "Option.None", 0, 0],
    ["array.take", [[1, 2], 2n ** 62n], "[1, 2]", 0, 32],
    ["array.drop", [[1, 2], 0], "[1, 2]", 0, 32],
  ];
  for (const [name, args, result, steps, bytes] of cases) {
    it(`${name}(${args.map((a) => formatValue(a).slice(0, 12)).join(", ")})`, () =>
      expect(probe(name, args)).toEqual({ result, steps, bytes }));
  }
  it("checks the array limit before growing or building", () => {
    const limit = { maxArrayLength: 2 };
    const over = "LimitExceeded: array longer than 2 elements";
    expect(probe("array.push", [[1, 2], 3], limit).result).toBe(over);
    expect(probe("array.push", [[1], 3], limit).result).toBe("()");
    expect(probe("array.insert", [[1, 2], 0, 3], limit).result).toBe(over);
    expect(probe("array.insert", [[1], 1, 3], limit).result).toBe("()");
    expect(probe("array.concat", [[1, 2], [3]], limit).result).toBe(over);
    expect(
      probe(
        "array.zip",
        [
          [1, 2, 3],
          [1, 2, 3],
        ],
        limit,
      ).result,
    ).toBe(over);
    expect(probe("array.enumerate", [[1, 2, 3]], limit).result).toBe(over);
    expect(probe("array.flatten", [[[1, 2], [3]]], limit).result).toBe(over);
    expect(probe("array.chunks", [[1, 2, 3], 1], limit).result).toBe(over);
    expect(probe("array.flat_map", [[1, 2], fn("array.enumerate")], limit).result).toBe(
      "TypeError: array.enumerate expects its receiver to be an array, got int",
    );
    expect(probe("array.flat_map", [[[1], [2, 3]], fn("array.reverse")], limit).result).toBe(over);
    expect(probe("array.flat_map", [[[1], [2]], fn("array.reverse")], limit).result).toBe("[1, 2]");
  });
  it("charges the tasks' arguments and results (the callbacks pay for themselves)", () => {
    const abs = fn("std.math.abs");
    const even = fn("int.is_even");
    const cost = (name: string, args: Value[]) => {
      const r = probe(name, args);
      return [r.steps, r.bytes];
    };
    expect(cost("array.map", [range(128), abs])).toEqual([2 + 2, 16 + 128 * 8]);
    expect(cost("array.filter", [range(128), even])).toEqual([2 + 1, 16 + 64 * 8]);
    expect(cost("array.sort_by", [range(128), abs])).toEqual([2 + 128 * 7 + 2, 16 + 128 * 8]);
    expect(cost("array.sort", [range(128), fn("int.min")])).toEqual([
      2 + 128 * 7 + 2,
      16 + 128 * 8,
    ]);
    expect(cost("array.flat_map", [[range(64), range(64)], fn("array.reverse")])).toEqual([
      2 + 2 + 2,
      2 * 528 + 16 + 128 * 8,
    ]);
    expect(cost("array.any", [range(128), even])).toEqual([2, 0]);
    expect(cost("array.fold", [range(128), 0, fn("std.math.max")])).toEqual([2, 0]);
    expect(cost("str.find", [E64, "x"])).toEqual([2, 0]);
    expect(cost("str.find", ["", E64])).toEqual([2, 0]);
    expect(cost("str.find", ["", "x", 0])).toEqual([0, 0]);
    expect(cost("str.contains", ["", E64])).toEqual([2, 0]);
    expect(cost("str.replace", ["", "x", E64])).toEqual([2, 16]);
    expect(cost("str.replace", ["", E64, "x"])).toEqual([2, 16]);
    expect(cost("array.fold", [[], range(128), fn("std.math.max")])).toEqual([4, 16 + 128 * 8]);
    expect(cost("str.find", [E64, "x", 1])).toEqual([2, 0]);
  });
  it("keeps what the callbacks return", () => {
    const abs = fn("std.math.abs");
    const even = fn("int.is_even");
    expect(probe("array.map", [[-1, 2, -3], abs]).result).toBe("[1, 2, 3]");
    expect(probe("array.filter", [[1, 2, 3, 4], even]).result).toBe("[2, 4]");
    expect(probe("array.find", [[1, 3, 4, 6], even]).result).toBe("Option.Some(4)");
    expect(probe("array.find", [[1, 3], even]).result).toBe("Option.None");
    expect(probe("array.any", [[1, 3, 4], even]).result).toBe("true");
    expect(probe("array.any", [[1, 3], even]).result).toBe("false");
    expect(probe("array.all", [[2, 4, 5], even]).result).toBe("false");
    expect(probe("array.all", [[2, 4], even]).result).toBe("true");
    expect(probe("array.all", [[], even]).result).toBe("true");
    expect(probe("array.fold", [[1, 2, 3], 10, fn("std.math.max")]).result).toBe("10");
    expect(probe("array.reduce", [[1, 20, 3], 10, fn("std.math.max")]).result).toBe("20");
    expect(probe("array.sort_by", [[3, -1, -2], abs]).result).toBe("[-1, -2, 3]");
    expect(probe("array.flat_map", [[[1], [2, 3]], fn("array.reverse")]).result).toBe("[1, 3, 2]");
  });
});

/** A map or set built through the runtime (so its keys are in normal form). */
function mapOf(vm: Vm, entries: [Value, Value][]): Value {
  const m = vm.callValue(fn("HashMap.new"), []);
  for (const [k, v] of entries) vm.callValue(fn("HashMap.set"), [m, k, v]);
  return m;
}
function setOf(vm: Vm, items: Value[]): Value {
  const s = vm.callValue(fn("HashSet.new"), []);
  for (const x of items) vm.callValue(fn("HashSet.insert"), [s, x]);
  return s;
}

describe("what map, set, range and rng methods charge", () => {
  const many = range(64).map((i): [Value, Value] => [i, -i]);
  const cases: [string, (vm: Vm) => Value[], string, number, number][] = [
    ["HashMap.keys", (vm) => [mapOf(vm, many)], list(range(64)), 2, 528],
    ["HashMap.values", (vm) => [mapOf(vm, many)], list(range(64).map((i) => -i)), 2, 528],
    [
      "HashMap.entries",
      (vm) => [
        mapOf(vm, [
          [1.0, 2],
          ["k", 3],
        ]),
      ],
      "[(1, 2), (k, 3)]",
      0,
      96,
    ],
    ["HashMap.keys", (vm) => [mapOf(vm, [[1.5, 2]])], "[1.5]", 0, 24],
    ["HashMap.len", (vm) => [mapOf(vm, many)], "64", 0, 0],
    ["HashMap.clear", (vm) => [mapOf(vm, many)], "()", 1, 0],
    ["HashSet.values", (vm) => [setOf(vm, range(64))], list(range(64)), 2, 528],
    ["HashSet.union", (vm) => [setOf(vm, [1, 2]), setOf(vm, [2, 3])], "{1, 2, 3}", 0, 16 + 24],
    [
      "HashSet.union",
      (vm) => [setOf(vm, range(64)), setOf(vm, range(64))],
      `{${range(64).join(", ")}}`,
      2 + 1,
      16 + 64 * 8,
    ],
    ["HashSet.intersection", (vm) => [setOf(vm, [1, 2, 3]), setOf(vm, [3, 2])], "{2, 3}", 0, 32],
    ["HashSet.difference", (vm) => [setOf(vm, [1, 2, 3]), setOf(vm, [3, 2])], "{1}", 0, 24],
    ["HashSet.remove", (vm) => [setOf(vm, [1, 2]), 2], "true", 0, 0],
    ["HashSet.remove", (vm) => [setOf(vm, [1, 2]), 3], "false", 0, 0],
    ["HashSet.contains", (vm) => [setOf(vm, [1.0]), 1], "true", 0, 0],
    ["range.to_array", () => [new VRange(0, 64, false)], list(range(64)), 1, 528],
    ["range.to_array", () => [new VRange(1, 3, true)], "[1, 2, 3]", 0, 40],
    ["range.to_array", () => [new VRange(3, 1, true)], "[]", 0, 16],
    ["range.to_array", () => [new VRange(3, 3, false)], "[]", 0, 16],
    [
      "range.to_array",
      () => [new VRange(2n ** 60n, 2n ** 60n + 2n, true)],
      "[1152921504606846976, 1152921504606846977, 1152921504606846978]",
      0,
      40,
    ],
    [
      "range.to_array",
      () => [new VRange(-(2n ** 60n), -(2n ** 60n) + 1n, false)],
      "[-1152921504606846976]",
      0,
      24,
    ],
    ["range.contains", () => [new VRange(1, 3, false), 3], "false", 0, 0],
    ["range.contains", () => [new VRange(1, 3, true), 3], "true", 0, 0],
    ["range.contains", () => [new VRange(1, 3, true), 1], "true", 0, 0],
    ["range.contains", () => [new VRange(1, 3, true), 0], "false", 0, 0],
    ["range.contains", () => [new VRange(1, 3, true), new VFloat(2)], "false", 0, 0],
    ["Rng.choice", (vm) => [vm.callValue(fn("std.random.rng"), [1]), [7]], "7", 0, 0],
    ["tuple.len", () => [new VTuple([1, 2, 3])], "3", 0, 0],
    ["value.to_str", () => [[E64]], `[${E64}]`, 2, 16 + 130],
    ["to_str", () => [E64], E64, 4, 144],
    ["std.str.from_chars", () => [[VChar.of(0xe9), VChar.of(97)]], "éa", 0, 19],
  ];
  for (const [i, [name, args, result, steps, bytes]] of cases.entries()) {
    it(`${i}: ${name} ${result.slice(0, 20)}`, () =>
      expect(probe(name, args)).toEqual({ result, steps, bytes }));
  }
});

describe("union's entry limit (2^23 entries, every host Map's size made to look that large)", () => {
  const realSize = Object.getOwnPropertyDescriptor(Map.prototype, "size")!;
  /** `union` of sets s and o while every Map reports `extra` more entries than it holds. */
  function unionInflated(s: Value[], o: Value[], extra: number): string {
    const vm = vmFor();
    const args = [setOf(vm, s), setOf(vm, o)];
    Object.defineProperty(Map.prototype, "size", {
      configurable: true,
      get(this: Map<unknown, unknown>) {
        return (realSize.get!.call(this) as number) + extra;
      },
    });
    try {
      return formatValue(vm.callValue(fn("HashSet.union"), args));
    } catch (e) {
      if (!(e instanceof Trap)) throw e;
      return `${e.error.kind}: ${e.error.message}`;
    } finally {
      Object.defineProperty(Map.prototype, "size", realSize);
    }
  }
  const tooLarge = "LimitExceeded: union too large for a set";
  it("takes elements up to 2^23 and refuses the one past it", () => {
    expect(unionInflated([1], [2, 3], MAX_ENTRIES - 3)).toBe("{1, 2, 3}");
    expect(unionInflated([1], [2, 3, 4], MAX_ENTRIES - 3)).toBe(tooLarge);
  });
  it("a full union still takes the elements it holds", () => {
    expect(unionInflated([1, 2], [2, 1], MAX_ENTRIES - 2)).toBe("{1, 2}");
    expect(unionInflated([1, 2], [2, 3], MAX_ENTRIES - 2)).toBe(tooLarge);
  });
});

describe("argument checks", () => {
  const cases: [string, Value[], string][] = [
    [
      "str.contains",
      ["a", 1],
      "TypeError: str.contains expects argument 1 to be a str or char, got int",
    ],
    [
      "str.substring",
      ["a", 0, "x"],
      "TypeError: str.substring expects argument 2 to be an int, got str",
    ],
    [
      "str.pad_start",
      ["a", 1.5, "x"],
      "TypeError: str.pad_start expects argument 1 to be an int, got float",
    ],
    ["array.zip", [[], "x"], "TypeError: array.zip expects argument 1 to be an array, got str"],
    ["array.set", [[1], 0.5, 1], "TypeError: array.set expects argument 1 to be an int, got float"],
    [
      "std.math.atan2",
      [1, "x"],
      "TypeError: std.math.atan2 expects argument 2 to be a number, got str",
    ],
    [
      "std.math.sqrt",
      [true],
      "TypeError: std.math.sqrt expects argument 1 to be a number, got bool",
    ],
    ["std.fmt.format", [1, 2], "TypeError: std.fmt.format expects argument 2 to be a str, got int"],
    ["assert", [1], "TypeError: assert expects argument 1 to be a bool, got int"],
    ["assert", [true, 1, 2], "ArityMismatch: assert takes 1 to 2 arguments, got 3"],
    ["assert", [], "ArityMismatch: assert takes 1 to 2 arguments, got 0"],
    ["assert", [false, "why"], "AssertionFailed: why"],
    ["assert", [false], "AssertionFailed: assertion failed"],
    ["assert", [true, "why"], "()"],
    ["str.find", ["abc"], "ArityMismatch: str.find takes 1 to 2 arguments, got 0"],
    ["str.find", ["abc", "c", 1, 2], "ArityMismatch: str.find takes 1 to 2 arguments, got 3"],
    ["str.find", ["abc", "c", "x"], "TypeError: str.find expects argument 2 to be an int, got str"],
    ["str.find", [1, "c"], "TypeError: str.find expects its receiver to be a str, got int"],
    ["str.len", [1], "TypeError: str.len expects its receiver to be a str, got int"],
    [
      "Result.is_ok",
      [undefined],
      "TypeError: Result.is_ok expects its receiver to be a Result, got ()",
    ],
    [
      "Option.is_some",
      [undefined],
      "TypeError: Option.is_some expects its receiver to be an Option, got ()",
    ],
    ["str.contains", [1, "a"], "TypeError: str.contains expects its receiver to be a str, got int"],
    [
      "str.substring",
      [1, 0, 0],
      "TypeError: str.substring expects its receiver to be a str, got int",
    ],
    [
      "std.math.atan2",
      ["x", 1],
      "TypeError: std.math.atan2 expects argument 1 to be a number, got str",
    ],
    [
      "std.math.pow",
      [1, "x"],
      "TypeError: std.math.pow expects argument 2 to be a number, got str",
    ],
    [
      "array.insert",
      [[1], 0.5, 1],
      "TypeError: array.insert expects argument 1 to be an int, got float",
    ],
    ["str.find", ["abcabc", "c", 3], "Option.Some(5)"],
    ["str.find", ["abcabc", "c"], "Option.Some(2)"],
    ["str.find", ["abc", "c", 4], "Option.None"],
    ["str.find", ["abc", "", 3], "Option.Some(3)"],
    [
      "array.sort",
      [[2, 1], 5],
      "TypeError: array.sort expects argument 1 to be a function, got int",
    ],
    [
      "array.sort",
      [[2, 1], fn("std.math.max"), 1],
      "ArityMismatch: array.sort takes 0 to 1 arguments, got 2",
    ],
    [
      "std.str.from_chars",
      [[VChar.of(97), "b"]],
      "TypeError: from_chars: element is str, not a char",
    ],
    ["panic", [[1, "a"]], "Panic: [1, a]"],
    ["std.math.abs", [-(2n ** 62n)], "4611686018427387904"],
    ["std.math.abs", [2n ** 62n], "4611686018427387904"],
    ["array.map", [[], 5], "TypeError: array.map expects argument 1 to be a function, got int"],
    ["array.map", [[1], fn("std.math.abs")], "[1]"],
    ["std.math.min", [2, 1.5], "1.5"],
    ["std.math.max", [2, 2.5], "2.5"],
    ["std.math.max", [NaN, 1], "NaN"],
    ["std.math.atan2", [1, 1], String(Math.atan2(1, 1))],
    ["std.math.tau", [], "6.283185307179586"],
  ];
  for (const [i, [name, args, result]] of cases.entries()) {
    it(`${i}: ${name}`, () => expect(probe(name, args).result).toBe(result));
  }
  // Printed alike, told apart by kind.
  const kinds: [string, Value[], string][] = [
    ["std.math.abs", [new VFloat(-2)], "2 float"],
    ["std.math.abs", [-2], "2 int"],
    ["std.math.floor", [new VFloat(-2)], "-2 float"],
    ["std.math.floor", [7], "7 int"],
    ["std.math.round", [-2.5], "-3 float"],
    ["std.math.round", [2.5], "3 float"],
    ["std.math.round", [-2.4], "-2 float"],
    ["std.math.round", [new VFloat(0)], "0 float"],
    ["std.math.round", [0.4], "0 float"],
    ["std.math.ceil", [1.25], "2 float"],
    ["std.math.min", [1, new VFloat(1)], "1 int"],
    ["std.math.min", [new VFloat(1), 1], "1 float"],
    ["std.math.max", [1, new VFloat(1)], "1 int"],
    ["std.math.max", [new VFloat(1), 1], "1 float"],
    ["std.math.sqrt", [2n ** 62n], "2147483648 float"],
    ["std.math.log", [new VFloat(1)], "0 float"],
    ["std.math.pow", [2, 3], "8 int"],
    ["int.abs", [-2], "2 int"],
    ["float.abs", [new VFloat(-2)], "2 float"],
    ["int.to_float", [2], "2 float"],
    ["int.min", [1, new VFloat(1)], "1 int"],
    ["int.max", [1, new VFloat(1)], "1 int"],
    ["int.max", [1, new VFloat(2)], "2 float"],
    ["float.min", [new VFloat(1), 1], "1 float"],
    ["float.min", [new VFloat(1), 0], "0 int"],
    ["int.sqrt", [4], "2 float"],
    ["float.floor", [-1.5], "-2 float"],
    ["float.ceil", [-1.5], "-1 float"],
    ["float.round", [-1.5], "-2 float"],
    ["float.round", [1.5], "2 float"],
    ["float.round", [-1.25], "-1 float"],
    ["float.to_int", [-1.5], "-1 int"],
    ["float.to_int", [new VFloat(-0)], "0 int"],
    ["float.signum", [new VFloat(-0)], "-1 float"],
    ["float.signum", [new VFloat(0)], "1 float"],
    ["float.signum", [NaN], "NaN float"],
    ["float.signum", [-0.5], "-1 float"],
    ["float.signum", [0.5], "1 float"],
    ["int.clamp", [5, 1, new VFloat(3)], "3 float"],
    ["int.clamp", [0, new VFloat(1), 3], "1 float"],
    ["int.clamp", [2, 2, 2], "2 int"],
  ];
  for (const [i, [name, args, result]] of kinds.entries()) {
    it(`kind ${i}: ${name}`, () => {
      const v = vmFor().callValue(fn(name), args);
      expect(`${formatValue(v)} ${kindName(v)}`).toBe(result);
    });
  }
});

describe("Option, Result, map, set and rng methods", () => {
  const id = () => fn("std.math.abs");
  const cases: [string, (vm: Vm) => Value[], string][] = [
    ["Option.is_some", (vm) => [vm.some(1)], "true"],
    ["Option.is_some", (vm) => [vm.none()], "false"],
    ["Option.is_none", (vm) => [vm.none()], "true"],
    ["Option.is_none", (vm) => [vm.some(1)], "false"],
    ["Option.unwrap", (vm) => [vm.some(2)], "2"],
    ["Option.expect", (vm) => [vm.some(2), "m"], "2"],
    ["Option.expect", (vm) => [vm.none(), [1]], "Panic: [1]"],
    ["Option.unwrap_or", (vm) => [vm.some(2), 5], "2"],
    ["Option.unwrap_or", (vm) => [vm.none(), 5], "5"],
    ["Option.unwrap_or_else", (vm) => [vm.some(2), fn("std.math.pi")], "2"],
    ["Option.unwrap_or_else", (vm) => [vm.none(), fn("std.math.pi")], String(Math.PI)],
    ["Option.map", (vm) => [vm.some(-2), id()], "Option.Some(2)"],
    ["Option.map", (vm) => [vm.none(), id()], "Option.None"],
    ["Option.and_then", (vm) => [vm.some([1]), fn("array.first")], "Option.Some(1)"],
    ["Option.and_then", (vm) => [vm.some([]), fn("array.first")], "Option.None"],
    ["Option.and_then", (vm) => [vm.none(), fn("array.first")], "Option.None"],
    ["Option.or_else", (vm) => [vm.some(1), fn("std.math.pi")], "Option.Some(1)"],
    ["Option.or_else", (vm) => [vm.none(), fn("std.math.e")], String(Math.E)],
    ["Option.filter", (vm) => [vm.some(2), fn("int.is_even")], "Option.Some(2)"],
    ["Option.filter", (vm) => [vm.some(3), fn("int.is_even")], "Option.None"],
    ["Option.filter", (vm) => [vm.none(), fn("int.is_even")], "Option.None"],
    ["Option.ok_or", (vm) => [vm.some(1), "e"], "Result.Ok(1)"],
    ["Option.ok_or", (vm) => [vm.none(), "e"], "Result.Err(e)"],
    ["Result.is_ok", (vm) => [vm.ok(1)], "true"],
    ["Result.is_ok", (vm) => [vm.err(1)], "false"],
    ["Result.is_err", (vm) => [vm.err(1)], "true"],
    ["Result.is_err", (vm) => [vm.ok(1)], "false"],
    ["Result.unwrap", (vm) => [vm.ok(3)], "3"],
    ["Result.unwrap_err", (vm) => [vm.err(3)], "3"],
    ["Result.expect", (vm) => [vm.ok(3), "m"], "3"],
    ["Result.unwrap_or", (vm) => [vm.ok(3), 4], "3"],
    ["Result.unwrap_or", (vm) => [vm.err(3), 4], "4"],
    ["Result.unwrap_or_else", (vm) => [vm.ok(3), id()], "3"],
    ["Result.unwrap_or_else", (vm) => [vm.err(-3), id()], "3"],
    ["Result.map", (vm) => [vm.ok(-3), id()], "Result.Ok(3)"],
    ["Result.map", (vm) => [vm.err(-3), id()], "Result.Err(-3)"],
    ["Result.map_err", (vm) => [vm.err(-3), id()], "Result.Err(3)"],
    ["Result.map_err", (vm) => [vm.ok(-3), id()], "Result.Ok(-3)"],
    ["Result.and_then", (vm) => [vm.ok([5]), fn("array.last")], "Option.Some(5)"],
    ["Result.and_then", (vm) => [vm.err(1), fn("array.last")], "Result.Err(1)"],
    ["Result.or_else", (vm) => [vm.ok(1), id()], "Result.Ok(1)"],
    ["Result.or_else", (vm) => [vm.err(-1), id()], "1"],
    ["Result.ok", (vm) => [vm.ok(1)], "Option.Some(1)"],
    ["Result.ok", (vm) => [vm.err(1)], "Option.None"],
    ["Result.err", (vm) => [vm.err(1)], "Option.Some(1)"],
    ["Result.err", (vm) => [vm.ok(1)], "Option.None"],
    ["HashMap.get", (vm) => [mapOf(vm, [[1, "a"]]), 1.0], "Option.Some(a)"],
    ["HashMap.get", (vm) => [mapOf(vm, [[1, "a"]]), 2], "Option.None"],
    ["HashMap.get", (vm) => [mapOf(vm, [[1, undefined]]), 1], "Option.Some(())"],
    ["HashMap.get_or", (vm) => [mapOf(vm, [[1, "a"]]), 1, "d"], "a"],
    ["HashMap.get_or", (vm) => [mapOf(vm, [[1, "a"]]), 2, "d"], "d"],
    ["HashMap.get_or", (vm) => [mapOf(vm, [[1, undefined]]), 1, "d"], "()"],
    ["HashMap.has", (vm) => [mapOf(vm, [[1, undefined]]), 1], "true"],
    ["HashMap.has", (vm) => [mapOf(vm, [[1, "a"]]), 2], "false"],
    ["HashMap.remove", (vm) => [mapOf(vm, [[1, "a"]]), 1], "Option.Some(a)"],
    ["HashMap.remove", (vm) => [mapOf(vm, [[1, "a"]]), 2], "Option.None"],
    ["HashMap.is_empty", (vm) => [mapOf(vm, [])], "true"],
    ["HashMap.is_empty", (vm) => [mapOf(vm, [[1, 1]])], "false"],
    ["HashSet.is_empty", (vm) => [setOf(vm, [])], "true"],
    ["HashSet.is_empty", (vm) => [setOf(vm, [1])], "false"],
    ["HashSet.len", (vm) => [setOf(vm, [1, 1.0, 2])], "2"],
    ["HashSet.insert", (vm) => [setOf(vm, [1]), 1.0], "false"],
    ["HashSet.insert", (vm) => [setOf(vm, [1]), 2], "true"],
    ["tuple.len", () => [new VTuple([])], "0"],
    [
      "Rng.choice",
      (vm) => [vm.callValue(fn("std.random.rng"), [7]), [1, 2, 3, 4, 5, 6, 7, 8]],
      "3",
    ],
  ];
  for (const [i, [name, args, result]] of cases.entries()) {
    it(`${i}: ${name} → ${result}`, () => expect(probe(name, args).result).toBe(result));
  }
  it("map.clear empties the map, keys kept as inserted included", () => {
    const vm = vmFor();
    const m = mapOf(vm, [
      [1.5, 1],
      [VChar.of(97), 2],
    ]);
    vm.callValue(fn("HashMap.clear"), [m]);
    expect(formatValue(m)).toBe("{}");
    vm.callValue(fn("HashMap.set"), [m, 2.0, 3]);
    expect(formatValue(vm.callValue(fn("HashMap.keys"), [m]))).toBe("[2]");
    expect((m as VMap).orig.size).toBe(0);
  });
  it("a new Some or Ok is charged like NEWENUM, an Err too", () => {
    expect(probe("Option.map", (vm) => [vm.some(1), fn("std.math.abs")]).bytes).toBe(24);
    expect(probe("Result.map_err", (vm) => [vm.err(1), fn("std.math.abs")]).bytes).toBe(24);
    expect(probe("Option.map", (vm) => [vm.none(), fn("std.math.abs")]).bytes).toBe(0);
  });
  it("shuffle permutes in place, the same for the same seed", () => {
    const shuffled = (seed: number) => {
      const vm = vmFor();
      const a = range(10);
      vm.callValue(fn("Rng.shuffle"), [vm.callValue(fn("std.random.rng"), [seed]), a]);
      return a;
    };
    const a = shuffled(1);
    expect([...a].sort((x, y) => x - y)).toEqual(range(10));
    expect(a).not.toEqual(range(10));
    expect(shuffled(1)).toEqual(a);
    expect(shuffled(2)).not.toEqual(a);
    const one = [5];
    const vm = vmFor();
    vm.callValue(fn("Rng.shuffle"), [vm.callValue(fn("std.random.rng"), [1]), one]);
    expect(one).toEqual([5]);
  });
});

describe("sorting and the element loops", () => {
  it("merges runs of every width with a comparator, stably", () => {
    for (let n = 0; n <= 17; n++) {
      const a = Array.from({ length: n }, (_, i) => (i * 7) % 5);
      const want = a
        .map((k, i) => [k, i])
        .sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!)
        .map(([k, i]) => `(${k}, ${i})`);
      const pairs = `[${a.map((k, i) => `(${k}, ${i})`).join(", ")}]`;
      expect(show(`${pairs}.sort(fn(x, y) => x.0 - y.0)`), `n = ${n}`).toBe(`[${want.join(", ")}]`);
    }
  });
  it("takes any int as the comparator's answer, beyond 2^53 too", () => {
    const big = "9223372036854775807";
    expect(show(`[3, 1, 2].sort(fn(a, b) => if a < b then -${big} else ${big} end)`)).toBe(
      "[1, 2, 3]",
    );
    expect(show(`[3, 1, 2].sort(fn(a, b) => if a > b then -${big} else ${big} end)`)).toBe(
      "[3, 2, 1]",
    );
    expect(show(`[3, 1, 2].sort(fn(a, b) => 0)`)).toBe("[3, 1, 2]");
    expect(show(`[3, 1, 2].sort(fn(a, b) => b - a)`)).toBe("[3, 2, 1]");
  });
  it("orders NaN after every number, and keeps the receiver", () => {
    expect(
      show(
        `[nan, 2.0, -inf, 1, nan, 0.5].sort()`,
        `let nan = "nan".to_float().unwrap()\nlet inf = "inf".to_float().unwrap()`,
      ),
    ).toBe("[-inf, 0.5, 1, 2, NaN, NaN]");
    expect(show(`a.sort_by(fn(x) => -x).to_str() + a.to_str()`, "let a = [1, 3, 2]")).toBe(
      "[3, 2, 1][1, 3, 2]",
    );
    expect(show(`a.sort(fn(x, y) => y - x).to_str() + a.to_str()`, "let a = [1, 3, 2]")).toBe(
      "[3, 2, 1][1, 3, 2]",
    );
    expect(show(`["b", "a", "c"].sort_by(fn(x) => x)`)).toBe("[a, b, c]");
    expect(show(`a.reverse().to_str() + a.to_str()`, "let a = [1, 3, 2]")).toBe(
      "[2, 3, 1][1, 3, 2]",
    );
  });
  it("visits the elements below the length at the start that still exist", () => {
    const setup =
      "var a = [1, 2, 3]\nfn shrink(x)\n  a.pop()\n  x\nend\nfn grow(x)\n  a.push(x)\n  x > 2\nend";
    expect(show("a.map(shrink)", setup)).toBe("[1, 2]");
    expect(show("a.filter(grow)", setup)).toBe("[3]");
    expect(show("a.fold(0, fn(s, x) => s + x + a.pop().unwrap())", setup)).toBe("8");
    // find goes on up to the current length, as for-of does.
    expect(show("a.find(fn(x) => grow(x) and x == 3)", setup)).toBe("Option.Some(3)");
    expect(show("a.find(fn(x) => x == 1 and a.push(9) == () and false or x == 9)", setup)).toBe(
      "Option.Some(9)",
    );
  });
  it("filter keeps an element as it was when the function saw it", () => {
    const setup = "var a = [1, 2, 3]\nfn keep(x)\n  a.set(0, 100)\n  true\nend";
    expect(show("a.filter(keep)", setup)).toBe("[1, 2, 3]");
  });
  it("find, any and all stop at the deciding element", () => {
    const setup = "var n = 0\nfn even(x)\n  n += 1\n  x % 2 == 0\nend";
    expect(show(`[1, 2, 3, 4].find(even).to_str() + " " + n.to_str()`, setup)).toBe(
      "Option.Some(2) 2",
    );
    expect(show(`[1, 2, 3].any(even).to_str() + " " + n.to_str()`, setup)).toBe("true 2");
    expect(show(`[2, 3, 4].all(even).to_str() + " " + n.to_str()`, setup)).toBe("false 2");
    expect(show(`[2, 4].all(even).to_str() + " " + n.to_str()`, setup)).toBe("true 2");
    expect(show(`[1, 3].any(even).to_str() + " " + n.to_str()`, setup)).toBe("false 2");
  });
});

describe("str methods called directly", () => {
  const ch = (c: string) => VChar.of(c.codePointAt(0)!);
  const cases: [string, Value[], string][] = [
    ["str.is_empty", [""], "true"],
    ["str.is_empty", ["a"], "false"],
    ["str.to_lower", ["AbÉ"], "abé"],
    ["str.to_upper", ["AbÉ"], "ABÉ"],
    ["str.trim", [" \ta b\n "], "a b"],
    ["str.trim_start", [" a "], "a "],
    ["str.trim_end", [" a "], " a"],
    ["str.starts_with", ["ab", "a"], "true"],
    ["str.starts_with", ["ab", "b"], "false"],
    ["str.ends_with", ["ab", "b"], "true"],
    ["str.ends_with", ["ab", "a"], "false"],
    // A char argument is the text of that one scalar.
    ["str.contains", ["a😀b", ch("😀")], "true"],
    ["str.starts_with", ["éa", ch("é")], "true"],
    ["str.index_of", ["abc", ch("c")], "2"],
    // chars of text beyond ASCII: one char per scalar, astral ones included.
    ["str.chars", ["é😀"], "[é, 😀]"],
  ];
  for (const [i, [name, args, result]] of cases.entries()) {
    it(`${i}: ${name} → ${result}`, () => expect(probe(name, args).result).toBe(result));
  }
});

describe("case mapping of long strings (the checked path, past 2^28 / 9 units)", () => {
  it("maps a string too long for the unchecked path", () => {
    const r = probe("str.to_upper", ["ab".repeat(14_913_081)]).result; // 29,826,162 units
    expect([r.length, r.slice(0, 4), r.slice(-2)]).toEqual([29_826_162, "ABAB", "AB"]);
    const l = probe("str.to_lower", ["AB".repeat(14_913_081)]).result;
    expect([l.length, l.slice(0, 4)]).toEqual([29_826_162, "abab"]);
  });
});

describe("case mapping past the string limit (the host's mapping of one receiver stubbed)", () => {
  // No real text maps past 2^28 bytes quickly (44.7 million "ΐ", each 2 bytes to 6, take tens
  // of seconds), so the host's toUpperCase answers for the one long receiver what a mapping
  // that grows would: a result of a given size, or the RangeError of a host string limit.
  const receiver = "ab".repeat(14_913_081); // 29,826,162 units: past 2^28 / 9, the checked path
  const limit = "中".repeat(89_478_485) + "a"; // 268,435,456 UTF-8 bytes: exactly 2^28
  function upper(answer: () => string): string {
    const real = String.prototype.toUpperCase;
    String.prototype.toUpperCase = function (this: string) {
      return this.length === receiver.length ? answer() : real.call(this);
    };
    try {
      return probe("str.to_upper", [receiver]).result;
    } finally {
      String.prototype.toUpperCase = real;
    }
  }
  const tooLong = "LimitExceeded: string longer than 268435456 UTF-8 bytes";
  it("takes a result of exactly 2^28 bytes and refuses one byte more", () => {
    expect(upper(() => limit).length).toBe(limit.length);
    expect(upper(() => limit + "a")).toBe(tooLong);
  });
  it("reports the host's own string limit as too long, and passes other host errors on", () => {
    expect(
      upper(() => {
        throw new RangeError("Invalid string length");
      }),
    ).toBe(tooLong);
    expect(() =>
      upper(() => {
        throw new TypeError("other");
      }),
    ).toThrow("other");
  });
});

describe("array methods at their edges", () => {
  const cases: [string, string][] = [
    [`[0, 1].is_empty()`, "false"],
    [`[0].slice(0, 0).is_empty()`, "true"],
    [`[5, 6].get(0)`, "Option.Some(5)"],
    [`[5, 6].get(-9223372036854775807 - 1)`, "Option.None"],
    [`[5, 6].slice(0, 1)`, "[5]"],
    [`[5, 6].slice(1, 1)`, "[]"],
    [`[5, 6].slice(0, 2)`, "[5, 6]"],
    [`[5, 6].slice(2, 2)`, "[]"],
    // The first element no other beats: not the last one, and of equal ones the first.
    [`[1, 3, 2].min()`, "Option.Some(1)"],
    [`[3, 1, 2].max()`, "Option.Some(3)"],
    [`[0.0, -0.0].min()`, "Option.Some(0)"],
    [`[0.0, -0.0].max()`, "Option.Some(0)"],
    [`[-0.0, 0.0].min()`, "Option.Some(-0)"],
    // The built-in order keeps equal elements in place (a stable sort).
    [`[0.0, -0.0, 0.0, -0.0].sort()`, "[0, -0, 0, -0]"],
    [`[(1, 0.0), (1, -0.0)].sort_by(fn(p) => p.1).map(fn(p) => p.1)`, "[0, -0]"],
    [`[(), ()].dedup()`, "[()]"],
  ];
  for (const [expr, want] of cases) it(expr, () => expect(show(expr)).toBe(want));
  it("join's result may be exactly 2^28 bytes; one byte more is too long", () => {
    const half = "a".repeat(2 ** 27);
    const join = (sep: string) => {
      // A small memory budget: the 2^28-byte result is accepted, charged and refused for
      // memory before it is built.
      const vm = vmFor({ maxMemory: 1 << 20 });
      try {
        return formatValue(vm.callValue(fn("array.join"), [[half, half], sep]));
      } catch (e) {
        if (!(e instanceof Trap)) throw e;
        return `${e.error.kind}: ${e.error.message}`;
      }
    };
    expect(join("")).toBe("LimitExceeded: memory budget of 1048576 bytes exhausted");
    expect(join("b")).toBe("LimitExceeded: string longer than 268435456 UTF-8 bytes");
  });
  it("join stops at the element that makes it too long, before formatting the rest", () => {
    const half = "a".repeat(2 ** 27);
    // The last element alone formats past 2^28 bytes ("formatted value too long"); the
    // "b" before it already made the result too long.
    expect(probe("array.join", [[half, half, "b", [half, half]], ""]).result).toBe(
      "LimitExceeded: string longer than 268435456 UTF-8 bytes",
    );
  });
  it("a comparator answering a float is a TypeError", () => {
    expect(show("[2, 1, 3].sort(fn(a, b) => 1.5)")).toBe(
      "TypeError: sort: the comparator must return an int, got float",
    );
  });
  it("fill sets every element of the receiver", () => {
    expect(show("a", "var a = [1, 2, 3]\na.fill(7)")).toBe("[7, 7, 7]");
  });
  it("map visits only the elements below the length at the start", () => {
    const setup = "var a = [1, 2]\nfn grow(x)\n  a.push(x)\n  x * 10\nend";
    expect(show("a.map(grow).to_str() + a.to_str()", setup)).toBe("[10, 20][1, 2, 1, 2]");
    expect(show("a.sort_by(grow).to_str() + a.len().to_str()", setup)).toBe("[1, 2]4");
  });
  it("a comparator is asked only about pairs of elements, on odd lengths too", () => {
    const setup = "var asked = []\nfn cmp(x, y)\n  asked.push((x, y))\n  x - y\nend";
    expect(show("[3, 1, 2].sort(cmp).to_str() + asked.to_str()", setup)).toBe(
      "[1, 2, 3][(3, 1), (1, 2), (3, 2)]",
    );
    expect(show("[2, 1, 3, 0, 4].sort(cmp).to_str() + asked.len().to_str()", setup)).toBe(
      "[0, 1, 2, 3, 4]9",
    );
  });
});

describe("str methods at their edges", () => {
  const cases: [string, string][] = [
    // The parsers skip the same white space as trim, and to_int keeps to i64.
    [`" 42\\t".to_int()`, "Option.Some(42)"],
    [`" -7 ".to_float()`, "Option.Some(-7)"],
    [`"+5".to_int()`, "Option.Some(5)"],
    [`"+1.5".to_float()`, "Option.Some(1.5)"],
    [`"9223372036854775807".to_int()`, "Option.Some(9223372036854775807)"],
    [`"9223372036854775808".to_int()`, "Option.None"],
    [`"-9223372036854775808".to_int()`, "Option.Some(-9223372036854775808)"],
    [`"-9223372036854775809".to_int()`, "Option.None"],
    [`"9999999999999999999".to_int()`, "Option.None"],
    // to_float: no digit at all, or an exponent without digits, is no number.
    [`"".to_float()`, "Option.None"],
    [`".".to_float()`, "Option.None"],
    [`"-.".to_float()`, "Option.None"],
    [`".e1".to_float()`, "Option.None"],
    [`"1e".to_float()`, "Option.None"],
    [`"1e-".to_float()`, "Option.None"],
    [`".5".to_float()`, "Option.Some(0.5)"],
    // to_int's result is an int like any other (a small one is not a bigint: get takes it).
    [`[1, 2, 3, 4, 5, 6].get("5".to_int().unwrap())`, "Option.Some(6)"],
    [`[1, 2, 3, 4, 5, 6].get("101".to_int_radix(2).unwrap())`, "Option.Some(6)"],
    [`"1234567890123456789".to_int()`, "Option.Some(1234567890123456789)"],
    [`"-0000000000000000000001234567890123456789".to_int()`, "Option.Some(-1234567890123456789)"],
    [`"0000".to_int()`, "Option.Some(0)"],
    // Zeros only: 0 however many there are (no significant digit to count).
    [`("-" + "0".repeat(25)).to_int()`, "Option.Some(0)"],
    [`"-".to_int()`, "Option.None"],
    [`"1 2".to_int()`, "Option.None"],
    // to_int_radix: at most 70 characters, digits below the radix.
    [`("0".repeat(69) + "1").to_int_radix(2)`, "Option.Some(1)"],
    [`("0".repeat(70) + "1").to_int_radix(2)`, "Option.None"],
    [`"z".to_int_radix(35)`, "Option.None"],
    [`"y".to_int_radix(35)`, "Option.Some(34)"],
    [`"10".to_int_radix(36)`, "Option.Some(36)"],
    [`"-Ff".to_int_radix(16)`, "Option.Some(-255)"],
    [`"".to_int_radix(10)`, "Option.None"],
    [`"1-".to_int_radix(10)`, "Option.None"],
    [`"-8000000000000000".to_int_radix(16)`, "Option.Some(-9223372036854775808)"],
    [`"8000000000000000".to_int_radix(16)`, "Option.None"],
    [`"-8000000000000001".to_int_radix(16)`, "Option.None"],
    [`"7fffffffffffffff".to_int_radix(16)`, "Option.Some(9223372036854775807)"],
    [`"9".to_int_radix(2)`, "Option.None"],
    [`"1".to_int_radix(2)`, "Option.Some(1)"],
    // to_float: the grammar's corners.
    [`"1.".to_float()`, "Option.Some(1)"],
    [`"-.5e-1".to_float()`, "Option.Some(-0.05)"],
    [`"1e+2".to_float()`, "Option.Some(100)"],
    [`"1e2x".to_float()`, "Option.None"],
    [`"1.5x".to_float()`, "Option.None"],
    [`"-infinity".to_float()`, "Option.Some(-inf)"],
    [`"+nan".to_float()`, "Option.Some(NaN)"],
    [`"e".to_float()`, "Option.None"],
    [`"1E5".to_float()`, "Option.Some(100000)"],
    [`"12.50".to_float()`, "Option.Some(12.5)"],
    // bytes: each UTF-8 length boundary.
    [`"\\u{7f}\\u{80}".bytes()`, "[127, 194, 128]"],
    [`"\\u{7ff}\\u{800}".bytes()`, "[223, 191, 224, 160, 128]"],
    [`"\\u{ffff}\\u{10000}".bytes()`, "[239, 191, 191, 240, 144, 128, 128]"],
    [`"\\u{10ffff}".bytes()`, "[244, 143, 191, 191]"],
    // The empty pattern of replace, in batches of 4096 scalars.
    [`"a".repeat(4096).replace("", "-") == "-" + "a-".repeat(4096)`, "true"],
    [`"a".repeat(8192).replace("", "-") == "-" + "a-".repeat(8192)`, "true"],
    [`"a".repeat(5000).replace("", "-") == "-" + "a-".repeat(5000)`, "true"],
    [`"".replace("", "-")`, "-"],
    [`"abc".replace("x", "y")`, "abc"],
    [`"aXbXc".replace("X", "😀")`, "a😀b😀c"],
    // repeat and pad with counts far past any string.
    [`"".repeat(4611686018427387904)`, ""],
    [`"a".repeat(0)`, ""],
    [
      `"x".pad_start(4611686018427387904, "ab")`,
      "LimitExceeded: string longer than 268435456 UTF-8 bytes",
    ],
    [`"x".pad_start(-4611686018427387904, "ab")`, "x"],
    [`"x".pad_end(4611686018427387904, "")`, "x"],
    [`"ab".pad_start(2, "x")`, "ab"],
    [`"ab".pad_start(3, "x")`, "xab"],
    [`"x".pad_end(4, "😀é")`, "x😀é😀"],
    // Narrower than the string, or nothing to pad with: the string itself.
    [`"abc".pad_start(1, "x")`, "abc"],
    [`"abc".pad_end(0, "xy")`, "abc"],
    [`"x".pad_end(3, "")`, "x"],
    [`"x".pad_start(3, "")`, "x"],
    [`"x".pad_start(6, "abc")`, "abcabx"],
    [`"a".repeat(300000000)`, "LimitExceeded: string longer than 268435456 UTF-8 bytes"],
    [`"ab\\r\\n".lines()`, "[ab]"],
    [`"\\n".lines()`, "[]"],
    [`"\\n\\n".lines()`, "[, ]"],
    [`"a\\r\\n\\r\\nb".lines()`, "[a, , b]"],
    [`"a,,b".split(",")`, "[a, , b]"],
    [`"".split(",")`, "[]"],
    [`"".split("")`, "[]"],
    [`"abc".count("")`, "4"],
    [`"aaa".count("aa")`, "1"],
    [`"aé".chars()`, "[a, é]"],
    [`"b".compare("a")`, "1"],
    [`"a😀".char_at(2)`, "Option.None"],
    [`"a😀".char_at(-1)`, "Option.None"],
    [`"a😀".char_at(0)`, "Option.Some(a)"],
    [`"\u{0}a".char_at(0).unwrap().to_int()`, "0"],
    [`"abc".find("c", 0)`, "Option.Some(2)"],
    [`"abc".find("a", 1)`, "Option.None"],
    [`"abc".find("", 4)`, "Option.None"],
    [`"abc".substring(0, 3)`, "abc"],
    [`"abc".substring(3, 3)`, ""],
  ];
  for (const [i, [expr, want]] of cases.entries()) {
    it(`${i}: ${expr.slice(0, 60)}`, () => expect(show(expr)).toBe(want));
  }
});

describe("declaring a native", () => {
  it("refuses a required parameter after an optional one, and more than 3 fixed ones", () => {
    expect(() => defineNative("t.opt", ["int?", "int"], () => 0, "const")).toThrow(
      "t.opt: a required parameter follows an optional one",
    );
    expect(() => defineNative("t.four", ["int", "int", "int", "int"], () => 0, "const")).toThrow(
      "t.four: more than 3 fixed parameters need their own unrolling",
    );
    expect(defineNative("t.three", ["int", "int", "int"], () => 0, "const").arity).toBe(3);
  });
});

describe("int, float, char and lookup edges", () => {
  const cases: [string, Value[], string][] = [
    ["int.div_floor", [7, 2], "3 int"],
    ["int.div_floor", [-7, 2], "-4 int"],
    ["int.div_floor", [7, -2], "-4 int"],
    ["int.div_floor", [-7, -2], "3 int"],
    ["int.div_floor", [-8, 2], "-4 int"],
    ["int.div_floor", [8, -2], "-4 int"],
    ["int.div_floor", [7, -1], "-7 int"],
    ["int.div_floor", [-(2n ** 63n), 1], "-9223372036854775808 int"],
    ["int.rem_euclid", [-8, 2], "0 int"],
    ["int.rem_euclid", [-7, -2], "1 int"],
    ["int.rem_euclid", [-7, 2], "1 int"],
    ["int.rem_euclid", [7, -2], "1 int"],
    ["int.shl", [1, 0], "1 int"],
    ["int.shl", [1, 63], "-9223372036854775808 int"],
    ["int.is_even", [4], "true bool"],
    ["int.is_even", [3], "false bool"],
    ["int.is_even", [2n ** 62n], "true bool"],
    ["int.is_even", [2n ** 62n + 1n], "false bool"],
    ["int.is_odd", [3], "true bool"],
    ["int.is_odd", [-4], "false bool"],
    ["int.is_odd", [2n ** 62n + 1n], "true bool"],
    ["int.is_odd", [2n ** 62n], "false bool"],
    ["int.clamp", [1, new VFloat(1), 3], "1 int"],
    ["int.clamp", [3, 1, new VFloat(3)], "3 int"],
    ["float.round", [new VFloat(0)], "0 float"],
    ["float.round", [0.25], "0 float"],
    ["char.is_alpha", [VChar.of(0x80)], "false bool"],
    ["char.is_whitespace", [VChar.of(0x80)], "false bool"],
    ["char.is_alpha", [VChar.of(0xe9)], "true bool"],
    ["char.is_upper", [VChar.of(0xc9)], "true bool"],
    ["char.to_upper", [VChar.of(0xdf)], "ß char"],
    ["char.to_upper", [VChar.of(0xe9)], "É char"],
  ];
  for (const [i, [name, args, result]] of cases.entries()) {
    it(`${i}: ${name}`, () => {
      const v = vmFor().callValue(fn(name), args);
      expect(`${formatValue(v)} ${kindName(v)}`).toBe(result);
    });
  }
  it("char case maps every ASCII char as JS does, and others past ASCII", () => {
    const vm = vmFor();
    const cps = [...Array.from({ length: 128 }, (_, i) => i), 0xe9, 0xc9, 0xdf, 0x3a3, 0x1f600];
    for (const cp of cps)
      for (const [name, map] of [
        ["char.to_upper", (s: string) => s.toUpperCase()],
        ["char.to_lower", (s: string) => s.toLowerCase()],
      ] as const) {
        const want = map(String.fromCodePoint(cp));
        const one = want.length === String.fromCodePoint(want.codePointAt(0)!).length;
        const v = vm.callValue(fn(name), [VChar.of(cp)]) as VChar;
        expect([name, cp, v.codePoint]).toEqual([name, cp, one ? want.codePointAt(0) : cp]);
      }
  });
  it("round of 0.0 is 0.0, not -0.0", () => {
    const v = vmFor().callValue(fn("float.round"), [new VFloat(0)]);
    expect(Object.is((v as VFloat).value, 0)).toBe(true);
  });
  it("a union keeps the receiver's element of a key both sets have", () => {
    const vm = vmFor();
    const u = vm.callValue(fn("HashSet.union"), [setOf(vm, [1, 2]), setOf(vm, [new VFloat(1), 3])]);
    const values = vm.callValue(fn("HashSet.values"), [u]) as Value[];
    expect(values.map((v) => `${formatValue(v)} ${kindName(v)}`)).toEqual([
      "1 int",
      "2 int",
      "3 int",
    ]);
  });
  it("to_int of a float in (-1, 0) is the int 0, not -0 (float arithmetic would show the sign)", () => {
    expect(show(`(-0.5).to_int() * 1.5`)).toBe("0");
    expect(show(`(-0.5).to_int()`)).toBe("0");
  });
  it("finds the methods of each kind, and none for other values", () => {
    const vm = vmFor();
    expect(probe("Result.is_ok", (v) => [v.some(1)]).result).toMatch(
      /^TypeError: Result.is_ok expects its receiver to be a Result, got /,
    );
    expect(probe("Option.is_some", (v) => [v.ok(1)]).result).toMatch(
      /^TypeError: Option.is_some expects its receiver to be an Option, got /,
    );
    expect(builtinMethod(vm.ok(1), "is_ok")?.name).toBe("Result.is_ok");
    expect(builtinMethod(vm.ok(1), "unwrap_err")?.name).toBe("Result.unwrap_err");
    expect(builtinMethod(vm.some(1), "is_some")?.name).toBe("Option.is_some");
    expect(builtinMethod(vm.some(1), "is_ok")).toBeUndefined();
    // A user enum is neither Option nor Result, even with their variant names.
    const mine = new VEnum(new RtEnum("E", ["Ok", "Err"], [1, 1], new Map(), undefined), 0, [1]);
    expect(builtinMethod(mine, "is_ok")).toBeUndefined();
    expect(builtinMethod(mine, "is_some")).toBeUndefined();
    expect(builtinMethod(mine, "to_str")?.name).toBe("value.to_str");
    expect(builtinMethod(new VTuple([1]), "next_int")).toBeUndefined();
    expect(builtinMethod(new VTuple([1]), "to_str")?.name).toBe("value.to_str");
    expect(builtinMethod(new VRange(0, 1, false), "choice")).toBeUndefined();
    expect(builtinMethod(true, "int")).toBeUndefined();
    expect(builtinMethod(undefined, "next_int")).toBeUndefined();
    expect(builtinMethodList()).toContainEqual({ name: "str.len", arity: 1 });
    expect(builtinMethodList()).toContainEqual({ name: "str.find", arity: 255 });
  });
  it("map_err makes an Err when the prelude Result lists Err first", () => {
    const errFirst = loadModule(
      build(
        prog([["RETURNUNIT"]], {
          types: [
            PRELUDE_TYPES[0]!,
            {
              enum: "Result",
              variants: [
                ["Err", 1],
                ["Ok", 1],
              ],
              prelude: true,
            },
          ],
        }),
      ),
    ).linked;
    const vm = new Vm(errFirst, { write: () => {}, writeErr: () => {} }, [], {});
    const e = vm.callValue(fn("Result.map_err"), [vm.err(-3), fn("std.math.abs")]);
    expect(formatValue(e)).toBe("Result.Err(3)");
    expect(formatValue(vm.callValue(fn("Result.map"), [vm.ok(-3), fn("std.math.abs")]))).toBe(
      "Result.Ok(3)",
    );
  });
});
