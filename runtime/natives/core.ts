// Free native functions the NATIVES section may import (spec/library.md §2): output,
// std.math, to_str, panic/assert, std.env.args, std.time.now, std.io.read_line.

import { VARIADIC } from "../../format/module.js";
import { trap } from "../errors.js";
import { formatValue } from "../format.js";
import { intResult, less, pow } from "../ops.js";
import {
  floatOf,
  isFloat,
  isInt,
  kindName,
  mkFloat,
  NativeFn,
  type NativeContext,
  type Value,
} from "../values.js";

function argCount(name: string, n: number, min: number, max: number): void {
  if (n < min || n > max) {
    trap(
      "ArityMismatch",
      `${name} takes ${min === max ? min : `${min} to ${max}`} arguments, got ${n}`,
    );
  }
}

/** A number argument as a JS number (ints convert), or TypeError. */
export function num(name: string, v: Value): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (isFloat(v)) return floatOf(v);
  trap("TypeError", `${name} expects a number, got ${kindName(v)}`);
}

function print(name: string, newline: boolean): NativeFn {
  return new NativeFn(name, VARIADIC, (ctx: NativeContext, ...args: Value[]) => {
    argCount(name, args.length, 0, 1);
    const text = args.length === 0 ? "" : formatValue(args[0]);
    ctx.write(newline ? text + "\n" : text);
    return undefined;
  });
}

/** A float function of one float (ints promote). */
function f1(name: string, f: (x: number) => number): NativeFn {
  return new NativeFn(name, 1, (_ctx, x) => mkFloat(f(num(name, x))));
}

/** floor/ceil/round: ints are returned unchanged, floats stay floats. */
function rounding(name: string, f: (x: number) => number): NativeFn {
  return new NativeFn(name, 1, (_ctx, x) => (isInt(x) ? x : mkFloat(f(num(name, x)))));
}

/** min/max: the second argument only when it is strictly better, else the first (ties, NaN). */
function pick(name: string, wantLess: boolean): NativeFn {
  return new NativeFn(name, 2, (_ctx, a, b) => {
    num(name, a);
    num(name, b);
    return (wantLess ? less(b, a, false) : less(a, b, false)) ? b : a;
  });
}

export function absValue(x: Value): Value {
  if (typeof x === "bigint") return intResult(x < 0n ? -x : x);
  if (isInt(x)) return Math.abs(x as number);
  return mkFloat(Math.abs(num("abs", x)));
}

const math = (n: string) => `std.math.${n}`;

export const CORE_NATIVES: readonly NativeFn[] = [
  print("print", false),
  print("println", true),
  print("std.io.print", false),
  print("std.io.println", true),
  new NativeFn("std.io.read_line", 0, (ctx) => {
    const line = ctx.readLine();
    return line === undefined ? ctx.none() : ctx.some(line);
  }),
  new NativeFn("to_str", 1, (_ctx, v) => formatValue(v)),
  new NativeFn("panic", 1, (_ctx, v) => trap("Panic", formatValue(v))),
  new NativeFn("assert", VARIADIC, (_ctx, ...args: Value[]) => {
    argCount("assert", args.length, 1, 2);
    if (typeof args[0] !== "boolean") trap("TypeError", "assert expects a bool condition");
    if (!args[0])
      trap("AssertionFailed", args.length > 1 ? formatValue(args[1]) : "assertion failed");
    return undefined;
  }),
  new NativeFn("std.env.args", 0, (ctx) => [...ctx.args]),
  new NativeFn("std.time.now", 0, (ctx) => Math.floor(ctx.now())),
  f1(math("sqrt"), Math.sqrt),
  rounding(math("floor"), Math.floor),
  rounding(math("ceil"), Math.ceil),
  rounding(math("round"), (x) => (x < 0 ? -Math.round(-x) : Math.round(x))), // half away from zero
  new NativeFn(math("abs"), 1, (_ctx, x) => absValue(x)),
  pick(math("min"), true),
  pick(math("max"), false),
  new NativeFn(math("pow"), 2, (_ctx, a, b) => pow(a, b)),
  f1(math("sin"), Math.sin),
  f1(math("cos"), Math.cos),
  f1(math("tan"), Math.tan),
  f1(math("asin"), Math.asin),
  f1(math("acos"), Math.acos),
  f1(math("atan"), Math.atan),
  new NativeFn(math("atan2"), 2, (_ctx, y, x) =>
    mkFloat(Math.atan2(num("atan2", y), num("atan2", x))),
  ),
  f1(math("exp"), Math.exp),
  f1(math("ln"), Math.log),
  f1(math("log"), Math.log),
  f1(math("log2"), Math.log2),
  f1(math("log10"), Math.log10),
  new NativeFn(math("pi"), 0, () => Math.PI),
  new NativeFn(math("e"), 0, () => Math.E),
  new NativeFn(math("tau"), 0, () => 2 * Math.PI),
];
