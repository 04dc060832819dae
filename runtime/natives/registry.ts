// The natives this runtime provides, by the name a module's NATIVES section imports them
// (spec/library.md §2). The compiler lists NATIVE_SIGNATURES to know what exists and
// each native's arity (VARIADIC = the native checks its own argument count).

import { CORE_NATIVES } from "./core.js";
import type { NativeFn } from "../values.js";

const BY_NAME: ReadonlyMap<string, NativeFn> = new Map(CORE_NATIVES.map((f) => [f.name, f]));

export const NATIVE_SIGNATURES: readonly { readonly name: string; readonly arity: number }[] =
  CORE_NATIVES.map((f) => ({ name: f.name, arity: f.arity }));

export function lookupNative(name: string): NativeFn | undefined {
  return BY_NAME.get(name);
}
