// Free native functions the NATIVES section may import (spec/library.md §2): output,
// std.math, to_str, panic/assert, std.env.args, std.time.now, std.io.read_line,
// std.random.rng. Each is
// declared with its parameter kinds and cost class (kinds.ts, spec/semantics.md §10).

import { newMap, newSet } from "../collections.js";
import { HEADER_BYTES, slotsBytes, workSteps } from "../cost.js";
import { trap } from "../errors.js";
import { formatValue } from "../format.js";
import { formatBySpec } from "../format-spec.js";
import { intResult, less, pow } from "../ops.js";
import { newRng } from "../random.js";
import { utf8Length } from "../text.js";
import {
  floatOf,
  isInt,
  kindName,
  mkFloat,
  type NativeFn,
  type NativeContext,
  type Value,
  VChar,
} from "../values.js";
import { defineNative } from "./kinds.js";

/** A number argument (the kind checks let only ints and floats through) as a JS number. */
export function num(v: Value): number {
  return typeof v === "bigint" ? Number(v) : floatOf(v);
}

/** print/println: pays for the text it writes, which may be far longer than its argument. */
function print(name: string, newline: boolean): NativeFn {
  return defineNative(
    name,
    ["any?"],
    (ctx: NativeContext, ...args: Value[]) => {
      const text = args.length === 0 ? "" : formatValue(args[0]);
      ctx.charge(workSteps(utf8Length(text)));
      ctx.write(newline ? text + "\n" : text);
      return undefined;
    },
    "const",
  );
}

/** A float function of one float (ints promote). */
function f1(name: string, f: (x: number) => number): NativeFn {
  return defineNative(name, ["num"], (_ctx, x) => mkFloat(f(num(x))), "const");
}

/** floor/ceil/round: ints are returned unchanged, floats stay floats. */
function rounding(name: string, f: (x: number) => number): NativeFn {
  return defineNative(name, ["num"], (_ctx, x) => (isInt(x) ? x : mkFloat(f(num(x)))), "const");
}

/** min/max: the second argument only when it is strictly better, else the first (ties, NaN). */
function pick(name: string, wantLess: boolean): NativeFn {
  return defineNative(
    name,
    ["num", "num"],
    (_ctx, a, b) => ((wantLess ? less(b, a, false) : less(a, b, false)) ? b : a),
    "const",
  );
}

const constant = (name: string, x: number) => defineNative(name, [], () => x, "const");

export function absValue(x: Value): Value {
  // Stryker disable next-line EqualityOperator: equivalent (a bigint int is never 0n: ints within 2^53 are numbers)
  if (typeof x === "bigint") return intResult(x < 0n ? -x : x);
  if (isInt(x)) return Math.abs(x as number);
  return mkFloat(Math.abs(num(x)));
}

const math = (n: string) => `std.math.${n}`;

export const CORE_NATIVES: readonly NativeFn[] = [
  print("print", false),
  print("println", true),
  print("std.io.print", false),
  print("std.io.println", true),
  defineNative(
    "std.io.read_line",
    [],
    (ctx) => {
      const line = ctx.readLine();
      if (line === undefined) return ctx.none();
      ctx.alloc(HEADER_BYTES + utf8Length(line));
      return ctx.some(line);
    },
    "const",
  ),
  defineNative("to_str", ["any"], (_ctx, v) => formatValue(v), "linear"),
  defineNative("panic", ["any"], (_ctx, v) => trap("Panic", formatValue(v)), "const"),
  defineNative(
    "assert",
    ["bool", "any?"],
    (_ctx, ...args: Value[]) => {
      if (!args[0])
        trap("AssertionFailed", args.length > 1 ? formatValue(args[1]) : "assertion failed");
      return undefined;
    },
    "const",
  ),
  defineNative(
    "std.env.args",
    [],
    (ctx) => {
      let bytes = slotsBytes(ctx.args.length);
      for (const a of ctx.args) bytes += HEADER_BYTES + utf8Length(a);
      ctx.alloc(bytes);
      return [...ctx.args];
    },
    "const",
  ),
  defineNative("std.time.now", [], (ctx) => Math.floor(ctx.now()), "const"),
  f1(math("sqrt"), Math.sqrt),
  rounding(math("floor"), Math.floor),
  rounding(math("ceil"), Math.ceil),
  // Stryker disable next-line EqualityOperator: `x <= 0` differs at 0 only, where -Math.round(-0) and Math.round(0) are both 0 (and at -0.0 both -0)
  rounding(math("round"), (x) => (x < 0 ? -Math.round(-x) : Math.round(x))), // half away from zero
  defineNative(math("abs"), ["num"], (_ctx, x) => absValue(x), "const"),
  pick(math("min"), true),
  pick(math("max"), false),
  defineNative(math("pow"), ["num", "num"], (_ctx, a, b) => pow(a, b), "const"),
  f1(math("sin"), Math.sin),
  f1(math("cos"), Math.cos),
  f1(math("tan"), Math.tan),
  f1(math("asin"), Math.asin),
  f1(math("acos"), Math.acos),
  f1(math("atan"), Math.atan),
  defineNative(
    math("atan2"),
    ["num", "num"],
    (_ctx, y, x) => mkFloat(Math.atan2(num(y), num(x))),
    "const",
  ),
  f1(math("exp"), Math.exp),
  f1(math("ln"), Math.log),
  f1(math("log"), Math.log),
  f1(math("log2"), Math.log2),
  f1(math("log10"), Math.log10),
  constant(math("pi"), Math.PI),
  constant(math("e"), Math.E),
  constant(math("tau"), 2 * Math.PI),
  defineNative(
    "std.fmt.format",
    ["any", "str"],
    (_ctx, v, spec) => formatBySpec(v, spec as string),
    "linear",
  ),
  defineNative("HashMap.new", [], (ctx) => newMap(ctx), "const"),
  defineNative("HashSet.new", [], (ctx) => newSet(ctx), "const"),
  defineNative(
    "std.str.from_chars",
    ["array"],
    (_ctx, a) =>
      (a as Value[])
        .map((c) => {
          if (!(c instanceof VChar))
            trap("TypeError", `from_chars: element is ${kindName(c)}, not a char`);
          return String.fromCodePoint(c.codePoint);
        })
        .join(""),
    "linear",
  ),
  defineNative(
    "std.random.rng",
    ["int"],
    (ctx, seed) => {
      ctx.alloc(slotsBytes(4));
      return newRng(seed as number | bigint);
    },
    "const",
  ),
];
