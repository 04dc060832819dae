// std.random (spec/library.md §15): xoshiro256** seeded by SplitMix64, so every runtime
// gives the same sequence from the same seed. The VM and the tree-walker share this code.
// The state is eight 32-bit halves (VRng); a step uses only 32-bit and exact double
// arithmetic, so drawing allocates nothing. BigInt is used only to seed and to build an int
// outside ±(2^53−1), which is how the runtime represents such ints anyway.

import { trap } from "./errors.js";
import { fromBig, mkFloat, VRng, type Value } from "./values.js";

const TWO_32 = 4294967296;
const MASK64 = (1n << 64n) - 1n;

/** A generator seeded from the int `seed` (spec/library.md §15.1). */
export function newRng(seed: number | bigint): VRng {
  const r = new VRng();
  let x = BigInt.asUintN(64, BigInt(seed));
  // Stryker disable next-line EqualityOperator: a fifth round writes past the state, which ignores it
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b97f4a7c15n) & MASK64;
    let z = x;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    z ^= z >> 31n;
    r.state[2 * i] = Number(z >> 32n);
    r.state[2 * i + 1] = Number(z & 0xffffffffn);
  }
  return r;
}

/** The low half of the output of the last `step`. */
let outLo = 0;

/**
 * Advances the generator one xoshiro256** step and returns the high 32 bits of its 64-bit
 * output (unsigned); the low 32 bits are left in `outLo`.
 */
function step(s: Uint32Array): number {
  const s0h = s[0]!, s0l = s[1]!, s1h = s[2]!, s1l = s[3]!; // prettier-ignore
  const s2h = s[4]!, s2l = s[5]!, s3h = s[6]!, s3l = s[7]!; // prettier-ignore
  // result = rotl(s1 * 5, 7) * 9 (mod 2^64); every product below 2^36 is exact in a double
  let pl = s1l * 5;
  const ph = (s1h * 5 + Math.floor(pl / TWO_32)) >>> 0;
  pl >>>= 0;
  const rh = ((ph << 7) | (pl >>> 25)) >>> 0;
  const rl = ((pl << 7) | (ph >>> 25)) >>> 0;
  const ql = rl * 9;
  const qh = (rh * 9 + Math.floor(ql / TWO_32)) >>> 0;
  outLo = ql >>> 0;
  // t = s1 << 17; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)
  const th = (s1h << 17) | (s1l >>> 15);
  const tl = s1l << 17;
  const n2h = s2h ^ s0h, n2l = s2l ^ s0l; // prettier-ignore
  const n3h = s3h ^ s1h, n3l = s3l ^ s1l; // prettier-ignore
  s[2] = s1h ^ n2h;
  s[3] = s1l ^ n2l;
  s[0] = s0h ^ n3h;
  s[1] = s0l ^ n3l;
  s[4] = n2h ^ th;
  s[5] = n2l ^ tl;
  s[6] = (n3l << 13) | (n3h >>> 19);
  s[7] = (n3h << 13) | (n3l >>> 19);
  return qh;
}

/** `next_int()`: the next 64-bit output as a signed int. */
export function nextInt(r: VRng): number | bigint {
  const hi = step(r.state) | 0; // the signed high half
  // |value| < 2^53, less -2^53 itself (hi = -0x200000, outLo = 0): beyond ±(2^53 − 1) an int
  // is a bigint. The BigInt path after it gives the same values: this one only spares BigInts.
  // Stryker disable next-line ConditionalExpression,UnaryOperator: see above
  if (hi > -0x200000 && hi < 0x200000) return hi * TWO_32 + outLo;
  return fromBig((BigInt(hi) << 32n) + BigInt(outLo))!;
}

/** `float()`: the top 53 bits of the next output, divided by 2^53. */
export function nextFloat(r: VRng): Value {
  const hi = step(r.state);
  return mkFloat((hi * 2097152 + (outLo >>> 11)) / 9007199254740992);
}

/** `bool()`: the top bit of the next output. */
export function nextBool(r: VRng): boolean {
  return step(r.state) >>> 31 === 1;
}

/**
 * `int(lo, hi)`: uniform in lo..=hi by masked rejection. span = hi − lo; mask = 2^k − 1 for
 * the least k with span ≤ mask; draw until (output & mask) ≤ span; result lo + that.
 */
export function nextIntIn(r: VRng, lo: number | bigint, hi: number | bigint): number | bigint {
  if (hi < lo) trap("IndexOutOfBounds", `int(${lo}, ${hi}): the upper bound is below the lower`);
  if (typeof lo === "number" && typeof hi === "number" && hi - lo <= 0xffffffff) {
    const span = hi - lo;
    const mask = span === 0 ? 0 : 0xffffffff >>> Math.clz32(span);
    let x: number;
    do {
      step(r.state);
      x = (outLo & mask) >>> 0;
    } while (x > span);
    return lo + x; // at most hi, an int number: within ±(2^53 − 1)
  }
  // Stryker disable next-line ConditionalExpression,StringLiteral,BlockStatement: the BigInt path below draws the same (this one only spares BigInts)
  if (typeof lo === "number" && typeof hi === "number" && hi - lo <= Number.MAX_SAFE_INTEGER) {
    // 2^32 ≤ span < 2^53 (a difference beyond 2^53 − 1 never rounds below it): the mask's
    // high half applies to the output's high half, and x stays an exact double.
    const span = hi - lo;
    const maskHi = 0xffffffff >>> Math.clz32(Math.floor(span / TWO_32));
    let x: number;
    do {
      const h = step(r.state);
      x = ((h & maskHi) >>> 0) * TWO_32 + outLo;
    } while (x > span);
    return lo + x;
  }
  const low = BigInt(lo);
  const span = BigInt(hi) - low;
  const mask = span === 0n ? 0n : (1n << BigInt(span.toString(2).length)) - 1n;
  let x: bigint;
  do {
    const h = step(r.state);
    x = ((BigInt(h) << 32n) | BigInt(outLo)) & mask;
  } while (x > span);
  return fromBig(low + x)!;
}

/** An index in 0..=n−1 (n ≥ 1), drawn as `int(0, n − 1)`. */
export function nextIndex(r: VRng, n: number): number {
  return nextIntIn(r, 0, n - 1) as number;
}

/** Whether two generators are in the same state (so give the same outputs from now on). */
export function sameState(a: VRng, b: VRng): boolean {
  // Stryker disable next-line EqualityOperator: state[8] is undefined in both
  for (let i = 0; i < 8; i++) if (a.state[i] !== b.state[i]) return false;
  return true;
}
