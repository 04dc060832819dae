// The prelude (spec/language.md §7 item 8): the names every program may use without declaring
// them, and what each stands for — the built-in enums and their variants, the namespaces of
// the native library, the free native functions and the `std.math` constants. The resolver
// binds prelude names from these tables; the compiler and the interpreter read the meaning
// the resolver recorded, never a name.

import { CAST_TARGETS, type CastTarget } from "../format/opcodes.js";

/** Names every program can use without declaring them. */
export const PRELUDE: readonly string[] = [
  "print",
  "println",
  "to_str",
  "Option",
  "Some",
  "None",
  "Result",
  "Ok",
  "Err",
  "std",
  "io",
  "math",
  "HashMap",
  "HashSet",
];

export type PreludeEnumName = "Option" | "Result";

/** The built-in enums, their variants in tag order with payload arity. */
export const PRELUDE_ENUMS: Readonly<
  Record<PreludeEnumName, readonly { readonly name: string; readonly arity: number }[]>
> = {
  Option: [
    { name: "Some", arity: 1 },
    { name: "None", arity: 0 },
  ],
  Result: [
    { name: "Ok", arity: 1 },
    { name: "Err", arity: 1 },
  ],
};

/** Bare constructor names of the prelude (`Some(x)`, `None`, `Ok(x)`, `Err(e)`) → their enum. */
export const PRELUDE_CTORS: Readonly<Record<string, PreludeEnumName>> = {
  Some: "Option",
  None: "Option",
  Ok: "Result",
  Err: "Result",
};

/** Prelude names of native-library namespaces → the path their members extend. */
export const PRELUDE_NAMESPACES: Readonly<Record<string, string>> = {
  std: "std",
  io: "std.io",
  math: "std.math",
  HashMap: "HashMap",
  HashSet: "HashSet",
};

/** Prelude names that are native functions of the same name. */
export const PRELUDE_FUNCTIONS: ReadonlySet<string> = new Set(["print", "println", "to_str"]);

/** Native paths that name a float constant rather than a function (`std.math.pi`). */
export const MATH_CONSTANTS: Readonly<Record<string, number>> = {
  "std.math.pi": Math.PI,
  "std.math.e": Math.E,
  "std.math.tau": 2 * Math.PI,
};

/** The macros of Veld core and their argument counts [min, max]. */
export const MACRO_ARITY: Readonly<Record<string, readonly [number, number]>> = {
  println: [0, 1],
  print: [1, 1],
  panic: [1, 1],
  assert: [1, 2],
  format: [1, 1],
};

/** Own-property lookup, so names like `constructor` never hit Object.prototype. */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** `as int` and `as float` are `as i64` and `as f64`, as in type annotations. */
const CAST_ALIASES: Readonly<Record<string, CastTarget>> = { int: "i64", float: "f64" };

/** The conversion target a type name in `e as T` denotes, or undefined (E0922). */
export function castTargetOf(name: string): CastTarget | undefined {
  const alias = own(CAST_ALIASES, name);
  if (alias !== undefined) return alias;
  return (CAST_TARGETS as readonly string[]).includes(name) ? (name as CastTarget) : undefined;
}
