// The natives this runtime provides, by the name a module's NATIVES section imports them
// (spec/library.md §2). Their names and arities are format/natives.ts's table.

import { CORE_NATIVES } from "./core.js";
import type { NativeFn } from "../values.js";

const BY_NAME: ReadonlyMap<string, NativeFn> = new Map(CORE_NATIVES.map((f) => [f.name, f]));

export { NATIVE_SIGNATURES } from "../../format/natives.js";

export function lookupNative(name: string): NativeFn | undefined {
  return BY_NAME.get(name);
}
