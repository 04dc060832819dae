// Every native and built-in method, called with every value kind as its receiver and as each
// argument, ends in a Veld outcome (a value or a Veld error), never a host exception; a value
// whose kind does not match the declared parameter kind is always a TypeError; and no call
// writes into a value of another kind (array.set on a closure once added properties to it).

import { describe, expect, it } from "vitest";
import { RUNTIME_ERROR_KINDS } from "../../format/opcodes.js";
import { Trap } from "../../runtime/errors.js";
import { loadModule } from "../../runtime/index.js";
import { ArrayIter } from "../../runtime/iterators.js";
import { CORE_NATIVES } from "../../runtime/natives/core.js";
import { kindMatches, signatureOf, type Param } from "../../runtime/natives/kinds.js";
import { allBuiltinMethods } from "../../runtime/natives/methods.js";
import { newRng } from "../../runtime/random.js";
import {
  Closure,
  NativeFn,
  RtStruct,
  VChar,
  VError,
  VFloat,
  VRange,
  VStruct,
  VTuple,
  type Value,
} from "../../runtime/values.js";
import { Vm } from "../../runtime/vm.js";
import { build, PRELUDE_TYPES, type Ins } from "./build.js";
import { out, print, prog } from "./helpers.js";

const program = loadModule(
  build(
    prog([["RETURNUNIT"]], {
      children: ["id", "zero2", "yes"],
      types: PRELUDE_TYPES,
      functions: [
        { name: "id", params: 1, registers: 1, code: [["RETURN", 0]] },
        {
          name: "zero2",
          params: 2,
          registers: 2,
          code: [
            ["LOADI", 0, 0],
            ["RETURN", 0],
          ],
        },
        {
          name: "yes",
          params: 1,
          registers: 1,
          code: [
            ["LOADTRUE", 0],
            ["RETURN", 0],
          ],
        },
      ],
    }),
  ),
).linked;

function newVm(): Vm {
  return new Vm(program, { write: () => {}, writeErr: () => {} }, ["arg"], {});
}

const point = new RtStruct("P", ["x"], new Map());

/** One fresh value of every kind (fresh: push/set/pop may mutate them). */
function everyKind(vm: Vm): Value[] {
  const fn = (i: number) => new Closure(program.protos[i]!, []);
  return [
    0,
    7,
    -3,
    2n ** 60n,
    1.5,
    new VFloat(2),
    NaN,
    true,
    undefined,
    "",
    "héllo😀",
    VChar.of(97),
    VChar.of(0x1f600),
    [],
    [3, 1, 2],
    ["a", "b"],
    new VTuple([1, 2]),
    new VStruct(point, [1]),
    vm.some(1),
    vm.none(),
    vm.ok(1),
    vm.err("e"),
    fn(1),
    fn(2),
    fn(3),
    CORE_NATIVES[0]!,
    new VRange(0, 5, false),
    new VRange(0n, 2n ** 62n, true),
    new VError("Panic", "m", undefined),
    new ArrayIter([1]),
    newRng(1),
  ];
}

/** A well-kinded value for a parameter, so each position can be varied alone. */
function typical(p: Param, vm: Vm): Value {
  switch (p.replace("?", "")) {
    case "int":
      return 1;
    case "float":
      return 1.5;
    case "num":
      return 2;
    case "bool":
      return true;
    case "str":
    case "text":
      return "ab";
    case "char":
      return VChar.of(98);
    case "array":
      return [2, 1];
    case "fn":
      return new Closure(program.protos[1]!, []);
    case "option":
      return vm.some(1);
    case "result":
      return vm.ok(1);
    case "range":
      return new VRange(0, 3, false);
    case "rng":
      return newRng(0);
    default:
      return 1;
  }
}

const NATIVES: NativeFn[] = [...CORE_NATIVES, ...allBuiltinMethods()];

/** The outcome of one call: "ok" or the Veld error kind; a host exception fails the test. */
function call(vm: Vm, f: NativeFn, args: Value[]): string {
  try {
    vm.callValue(f, args);
    return "ok";
  } catch (e) {
    if (e instanceof Trap) {
      expect(RUNTIME_ERROR_KINDS).toContain(e.error.kind);
      return e.error.kind;
    }
    throw new Error(`${f.name}(${args.map(String).join(", ")}) threw a host exception: ${e}`);
  }
}

describe("native kind checks", () => {
  it("declares a signature for every native and method", () => {
    for (const f of NATIVES) expect(signatureOf(f), f.name).toBeDefined();
    expect(NATIVES.length).toBeGreaterThan(140);
  });

  it("every native × every value kind in every position ends in a Veld outcome", () => {
    let calls = 0;
    for (const f of NATIVES) {
      const params = signatureOf(f)!;
      for (let pos = 0; pos < params.length; pos++) {
        const count = everyKind(newVm()).length;
        for (let k = 0; k < count; k++) {
          const vm = newVm();
          const values = everyKind(vm);
          const v = values[k]!;
          const args = params.map((p, i) => (i === pos ? v : typical(p, vm)));
          const before = values.map((x) => (typeof x === "object" ? Object.keys(x) : []));
          const outcome = call(vm, f, args);
          calls++;
          if (!kindMatches(params[pos]!, v)) expect(outcome, `${f.name} #${pos}`).toBe("TypeError");
          // Nothing but arrays gains elements or properties.
          values.forEach((x, i) => {
            if (typeof x === "object" && !Array.isArray(x))
              expect(Object.keys(x), f.name).toEqual(before[i]);
          });
          // Every position at once holding the same value.
          call(
            vm,
            f,
            params.map(() => values[k]!),
          );
        }
      }
    }
    expect(calls).toBeGreaterThan(5000);
  });

  it("reports the method, the position and both kinds", () => {
    const vm = newVm();
    const upper = allBuiltinMethods().find((f) => f.name === "str.to_upper")!;
    expect(() => vm.callValue(upper, [5])).toThrow(Trap);
    try {
      vm.callValue(upper, [5]);
    } catch (e) {
      expect((e as Trap).error.message).toBe(
        "str.to_upper expects its receiver to be a str, got int",
      );
    }
    const set = allBuiltinMethods().find((f) => f.name === "array.set")!;
    const closure = new Closure(program.protos[1]!, []);
    expect(call(vm, set, [closure, 0, 1])).toBe("TypeError");
    expect(Object.keys(closure)).toEqual(["proto", "upvals"]);
  });
});

describe("a receiver overwritten between SELF and CALL", () => {
  const swapped = (load: Ins) =>
    out(
      prog(
        [["LOADK", 1, 0], ["SELF", 2, 1, 1], load, ["CALL", 2, 1], ...print(2), ["RETURNUNIT"]],
        { consts: ["abc", "to_upper"], types: PRELUDE_TYPES },
      ),
    );
  it("is a TypeError for an int or unit receiver (was exit 70)", () => {
    expect(swapped(["LOADI", 3, 5])).toBe("!TypeError");
    expect(swapped(["LOADUNIT", 3, 0])).toBe("!TypeError");
    expect(swapped(["LOADK", 3, 0])).toBe("ABC\n");
  });
});
