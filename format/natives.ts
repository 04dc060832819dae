// The native functions a module may import, by name and arity (spec/semantics.md §Natives):
// the one table the front end checks names against, the compiler writes into the NATIVES
// section and the runtime's registry must implement exactly (tests/runtime/natives.test.ts).
// The implementations live in runtime/natives/.

import { VARIADIC } from "./module.js";

export interface NativeSignature {
  readonly name: string;
  /** Argument count, or VARIADIC when the native checks its own. */
  readonly arity: number;
}

const math = (name: string, arity: number): NativeSignature => ({
  name: `std.math.${name}`,
  arity,
});

export const NATIVE_SIGNATURES: readonly NativeSignature[] = [
  { name: "print", arity: VARIADIC },
  { name: "println", arity: VARIADIC },
  { name: "std.io.print", arity: VARIADIC },
  { name: "std.io.println", arity: VARIADIC },
  { name: "std.io.read_line", arity: 0 },
  { name: "to_str", arity: 1 },
  { name: "panic", arity: 1 },
  { name: "assert", arity: VARIADIC },
  { name: "std.env.args", arity: 0 },
  { name: "std.time.now", arity: 0 },
  math("sqrt", 1),
  math("floor", 1),
  math("ceil", 1),
  math("round", 1),
  math("abs", 1),
  math("min", 2),
  math("max", 2),
  math("pow", 2),
  math("sin", 1),
  math("cos", 1),
  math("tan", 1),
  math("asin", 1),
  math("acos", 1),
  math("atan", 1),
  math("atan2", 2),
  math("exp", 1),
  math("ln", 1),
  math("log", 1),
  math("log2", 1),
  math("log10", 1),
  math("pi", 0),
  math("e", 0),
  math("tau", 0),
  { name: "std.fmt.format", arity: 2 },
  { name: "HashMap.new", arity: 0 },
  { name: "HashSet.new", arity: 0 },
  { name: "std.str.from_chars", arity: 1 },
  { name: "std.random.rng", arity: 1 },
];

const ARITY: ReadonlyMap<string, number> = new Map(NATIVE_SIGNATURES.map((n) => [n.name, n.arity]));

/** The arity of the native `name`, or undefined when there is no such native. */
export function nativeArity(name: string): number | undefined {
  return ARITY.get(name);
}
