// The deterministic cost model (spec/semantics.md §10.1, §10.2): how many steps a native's
// work costs and how many bytes an allocation costs. Every runtime computes the same numbers
// from the same values, so budgets trip at the same point everywhere.

import { utf8Length } from "./text.js";
import { VMap, VSet, type Value } from "./values.js";

/** Work units one step pays for: a native over W units costs floor(W / STEP_UNITS) steps. */
export const STEP_UNITS = 64;
/** Bytes charged for any allocated object, beside its contents. */
export const HEADER_BYTES = 16;
/** Bytes charged per element, field, payload value or captured variable. */
export const SLOT_BYTES = 8;

/** The work size of a value: a str's UTF-8 length, an array's length, a map's or set's
 * number of entries, otherwise 0. */
export function workSize(v: Value): number {
  if (typeof v === "string") return utf8Length(v);
  if (Array.isArray(v)) return v.length;
  if (v instanceof VMap) return v.vals.size;
  return v instanceof VSet ? v.items.size : 0;
}

/** Steps for W units of work. */
export function workSteps(units: number): number {
  return Math.floor(units / STEP_UNITS);
}

/** An array, tuple, struct, enum payload or closure of n slots. */
export function slotsBytes(n: number): number {
  return HEADER_BYTES + SLOT_BYTES * n;
}
