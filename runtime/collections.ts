// HashMap and HashSet (spec/semantics.md §11): keys in normal form, so that keys equal under
// `==` are one key and a JS Map keyed by the normal form keeps Veld's insertion order. The VM,
// the tree-walker and the built-in methods share these operations, so they agree on every
// key, error and charge.
//
// Normal forms: an int or float that equals a safe integer is that JS number (so 1 and 1.0
// are one key, and -0.0 is 0); an integral float beyond it that is inside i64 is the bigint
// an int of that value is; other floats are themselves; bools and () are themselves; a str
// is itself unless it starts with U+0000, which, like chars, tuples and enums, gets a tagged
// string starting with U+0000 (so no two kinds share a form). A key containing NaN has no
// normal form: it equals nothing, so lookups miss and inserting it is a TypeError.

import { HEADER_BYTES, SLOT_BYTES } from "./cost.js";
import { trap } from "./errors.js";
import { formatValue } from "./format.js";
import {
  kindName,
  RtEnum,
  VChar,
  VEnum,
  VFloat,
  VMap,
  VSet,
  VTuple,
  type Key,
  type NativeContext,
  type Value,
} from "./values.js";

/** The most entries one map or set holds (half the host Map limit): LimitExceeded beyond. */
export const MAX_ENTRIES = 2 ** 23;
/** Bytes charged for a new map or set, and per new entry (spec/semantics.md §10.2). */
export const MAP_BYTES = HEADER_BYTES;
export const MAP_ENTRY_BYTES = 2 * SLOT_BYTES;
export const SET_ENTRY_BYTES = SLOT_BYTES;

/** Stands for a key containing NaN: never stored, so every lookup of it misses. */
const NO_KEY = "\0n";
/** Keys nested deeper are refused with StackOverflow (spec/semantics.md §5.1). */
const MAX_KEY_DEPTH = 10_000;
const TWO_63 = 2 ** 63;

/** The normal form of key `v` (NO_KEY for a NaN); TypeError for a kind that cannot be a key. */
export function keyOf(v: Value): Key {
  switch (typeof v) {
    case "number":
      return v === v ? v : NO_KEY;
    case "string":
      return v.charCodeAt(0) === 0 ? "\0s" + v : v; // "".charCodeAt(0) is NaN
    case "bigint":
    case "boolean":
    case "undefined":
      return v;
  }
  if (v instanceof VFloat) return floatKey(v.value);
  if (v instanceof VChar) return "\0c" + String.fromCodePoint(v.codePoint);
  if (v instanceof VTuple) {
    // A memo keyed by tuples looks the same tuple up and then stores under it: encode once.
    if (v.key === undefined) v.key = tupleKey(v);
    return v.key;
  }
  if (v instanceof VEnum) return tupleKey(v);
  return notKey(v);
}

function tupleKey(v: VTuple | VEnum): string {
  const text = encode(v);
  return text === undefined ? NO_KEY : "\0t" + text;
}

function notKey(v: Value): never {
  trap("TypeError", `${kindName(v)} cannot be a map key or set element (only immutable values)`);
}

/** An integral float's normal form: the form of the int it equals, else the number. */
function floatKey(x: number): Key {
  if (Number.isSafeInteger(x)) return x + 0; // -0.0 is 0
  return x >= -TWO_63 && x < TWO_63 ? BigInt(x) : x;
}

/**
 * A self-delimiting text of the tuple or enum `root`; undefined when it contains NaN. Written
 * with a stack of its own, not host recursion, so that a key nests up to MAX_KEY_DEPTH levels
 * on any host stack: `root` is at depth 0, an element of a value at depth d at depth d + 1.
 */
function encode(root: VTuple | VEnum): string | undefined {
  /** The elements of each open tuple or enum, and the index of the next one to encode. */
  const open: (readonly Value[])[] = [];
  const next: number[] = [];
  let out = "";
  let v: Value = root;
  for (;;) {
    if (open.length > MAX_KEY_DEPTH) trap("StackOverflow", "key nested too deeply");
    if (v instanceof VTuple) {
      out += "(";
      open.push(v.items);
      next.push(0);
    } else if (v instanceof VEnum) {
      out += `e${enumTypeId(v.type)}.${v.tag}(`;
      open.push(v.payload);
      next.push(0);
    } else {
      const part = scalarText(v);
      if (part === undefined) return undefined;
      out += part;
    }
    // The next element of the innermost open value, closing those that are done.
    for (;;) {
      const top = open.length - 1;
      if (top < 0) return out;
      const items = open[top]!;
      const i = next[top]!;
      if (i < items.length) {
        next[top] = i + 1;
        v = items[i];
        break;
      }
      out += ")";
      open.pop();
      next.pop();
    }
  }
}

/** The text of a key that is no tuple or enum; undefined for NaN. */
function scalarText(v: Value): string | undefined {
  const k = keyOf(v);
  if (k === NO_KEY) return undefined;
  switch (typeof k) {
    case "number":
      return `n${k};`;
    case "bigint":
      return `b${k};`;
    case "boolean":
      return k ? "T" : "F";
    case "undefined":
      return "u";
    default:
      return `s${k.length}:${k}`;
  }
}

/** Enum types get a number for their keys: two types' variants are never one key. */
const typeIds = new WeakMap<RtEnum, number>();
let nextEnumId = 0;
function enumTypeId(t: RtEnum): number {
  let id = typeIds.get(t);
  // Stryker disable next-line UpdateOperator: equivalent (counting down gives distinct ids too)
  if (id === undefined) typeIds.set(t, (id = nextEnumId++));
  return id;
}

/** The normal form of a key being inserted: a NaN key is a TypeError. */
function insertKey(v: Value): Key {
  const k = keyOf(v);
  if (k === NO_KEY) trap("TypeError", "NaN cannot be a map key or set element (NaN != NaN)");
  return k;
}

export function newMap(ctx: NativeContext): VMap {
  ctx.alloc(MAP_BYTES);
  return new VMap();
}

export function newSet(ctx: NativeContext, items?: Map<Key, Value>): VSet {
  ctx.alloc(MAP_BYTES);
  return new VSet(items);
}

/** `m[key]`: KeyNotFound when the map has no such key. */
export function mapIndex(m: VMap, key: Value): Value {
  const k = keyOf(key);
  const v = m.vals.get(k);
  // Stryker disable next-line ConditionalExpression: `true` is equivalent (a value found means the key is there)
  if (v === undefined && !m.vals.has(k)) {
    trap("KeyNotFound", `key ${describeKey(key)} not found`);
  }
  return v;
}

/** A key in a message: strings quoted, so `""` and `()` stay visible. */
function describeKey(key: Value): string {
  if (typeof key === "string") return JSON.stringify(key);
  if (key instanceof VChar) return `'${String.fromCodePoint(key.codePoint)}'`;
  return formatValue(key);
}

/** `m[key] = v`, `m.set(key, v)`: a new key goes last; an existing one keeps its place. */
export function mapSet(ctx: NativeContext, m: VMap, key: Value, v: Value): void {
  const vals = m.vals;
  const k = insertKey(key);
  const n = vals.size;
  if (n >= MAX_ENTRIES && !vals.has(k)) tooMany();
  vals.set(k, v);
  if (vals.size !== n) {
    // Stryker disable next-line ConditionalExpression: equivalent (a key kept as its own normal form reads back the same)
    if (k !== key) m.orig.set(k, key);
    ctx.alloc(MAP_ENTRY_BYTES);
  }
}

function tooMany(): never {
  trap("LimitExceeded", `a map or set holds at most ${MAX_ENTRIES} entries`);
}

/** What `mapGet` and `mapRemove` return for a key the map does not have. */
export const MISSING: unique symbol = Symbol("missing");

/** The value of `key`, or MISSING. */
export function mapGet(m: VMap, key: Value): Value | typeof MISSING {
  const k = keyOf(key);
  const value = m.vals.get(k);
  // Stryker disable next-line ConditionalExpression: `false` is equivalent (a value found means the key is there)
  return value !== undefined || m.vals.has(k) ? value : MISSING;
}

/** Removes `key`, returning its value, or MISSING when the map does not have it. */
export function mapRemove(m: VMap, key: Value): Value | typeof MISSING {
  const k = keyOf(key);
  const value = m.vals.get(k);
  if (!m.vals.delete(k)) return MISSING;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut (deleting from an empty map does nothing)
  if (m.orig.size > 0) m.orig.delete(k);
  return value;
}

/**
 * Whether `v` is its own normal form (an int or float that is a JS number other than NaN, or
 * a str not starting with U+0000), the keys the VM's GETINDEX/SETINDEX look up directly.
 */
export function isPlainKey(v: Value): v is number | string {
  return typeof v === "string" ? v.charCodeAt(0) !== 0 : typeof v === "number" && v === v;
}

/** After `m.vals` grew by a plain key's entry: the entry limit, then its memory. */
export function newPlainEntry(ctx: NativeContext, m: VMap, key: number | string): void {
  if (m.vals.size > MAX_ENTRIES) {
    m.vals.delete(key);
    tooMany();
  }
  ctx.alloc(MAP_ENTRY_BYTES);
}

/** `s.insert(x)`: true when `x` was not an element yet. */
export function setInsert(ctx: NativeContext, s: VSet, x: Value): boolean {
  const items = s.items;
  const k = insertKey(x);
  if (items.has(k)) return false;
  if (items.size >= MAX_ENTRIES) tooMany();
  items.set(k, x);
  ctx.alloc(SET_ENTRY_BYTES);
  return true;
}

export function setHas(s: VSet, x: Value): boolean {
  return s.items.has(keyOf(x));
}

/** Equal maps: the same keys, each with equal values (order does not matter). */
export function sameKeys(a: VMap | VSet, b: VMap | VSet): boolean {
  const x = a instanceof VMap ? a.vals : a.items;
  const y = b instanceof VMap ? b.vals : b.items;
  if (x.size !== y.size) return false;
  for (const k of x.keys()) if (!y.has(k)) return false;
  return true;
}
