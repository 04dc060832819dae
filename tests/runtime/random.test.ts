// std.random (spec/library.md §15) against an independent reference written here on exact
// BigInt words, straight from the spec's pseudo-code: the 32-bit-halves generator of
// runtime/random.ts must give the same outputs for every seed, range and array, and the
// VM and the tree-walker must agree with both.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Trap } from "../../runtime/errors.js";
import { lookupNative } from "../../runtime/natives/registry.js";
import { builtinMethod } from "../../runtime/natives/methods.js";
import {
  newRng,
  nextBool,
  nextFloat,
  nextInt,
  nextIntIn,
  sameState,
} from "../../runtime/random.js";
import {
  floatOf,
  fromBig,
  type NativeContext,
  type Value,
  type VRng,
} from "../../runtime/values.js";
import { load } from "../../runtime/index.js";
import { interpret } from "../../interpreter/index.js";
import { compileOrThrow } from "../helpers/veld.js";

const M = (1n << 64n) - 1n;
const rotl = (v: bigint, k: bigint) => ((v << k) | (v >> (64n - k))) & M;

/** xoshiro256** seeded by SplitMix64, on unsigned 64-bit BigInt words. */
class Reference {
  s: bigint[] = [];
  /** A generator in state `words` (s0..s3). */
  static at(words: bigint[]): Reference {
    const r = new Reference(0n);
    r.s = [...words];
    return r;
  }
  constructor(seed: bigint) {
    for (let i = 1n; i <= 4n; i++) {
      let g = (BigInt.asUintN(64, seed) + i * 0x9e3779b97f4a7c15n) & M;
      g = ((g ^ (g >> 30n)) * 0xbf58476d1ce4e5b9n) & M;
      g = ((g ^ (g >> 27n)) * 0x94d049bb133111ebn) & M;
      this.s.push(g ^ (g >> 31n));
    }
  }
  next(): bigint {
    const s = this.s;
    const x = (rotl((s[1]! * 5n) & M, 7n) * 9n) & M;
    const t = (s[1]! << 17n) & M;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 45n);
    return x;
  }
  int(lo: bigint, hi: bigint): bigint {
    const span = hi - lo;
    const mask = span === 0n ? 0n : (1n << BigInt(span.toString(2).length)) - 1n;
    for (;;) {
      const x = this.next() & mask;
      if (x <= span) return lo + x;
    }
  }
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const seeds = fc.oneof(
  fc.bigInt({ min: I64_MIN, max: I64_MAX }),
  fc.constantFrom(0n, 1n, -1n, I64_MIN, I64_MAX),
);
/** Bounds near zero, near the safe-integer edge and across the whole i64 range. */
const bound = fc.oneof(
  fc.bigInt({ min: -100n, max: 100n }),
  fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }),
  fc.bigInt({ min: I64_MIN, max: I64_MAX }),
  fc.constantFrom(I64_MIN, I64_MAX, 2n ** 53n - 1n, 2n ** 32n - 1n, 2n ** 32n),
);
const big = (v: Value) => BigInt(v as number | bigint);

describe("std.random against the BigInt reference", () => {
  it("next_int, float and bool draw the reference's outputs", () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const r = newRng(fromBig(seed)!);
        const ref = new Reference(seed);
        for (let i = 0; i < 8; i++) expect(big(nextInt(r))).toBe(BigInt.asIntN(64, ref.next()));
        for (let i = 0; i < 4; i++)
          expect(floatOf(nextFloat(r))).toBe(Number(ref.next() >> 11n) / 2 ** 53);
        for (let i = 0; i < 4; i++) expect(nextBool(r)).toBe(ref.next() >> 63n === 1n);
      }),
    );
  });

  it("int(lo, hi) is the reference's masked rejection over the whole i64 range", () => {
    fc.assert(
      fc.property(seeds, bound, bound, (seed, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const r = newRng(fromBig(seed)!);
        const ref = new Reference(seed);
        for (let i = 0; i < 4; i++) {
          const v = big(nextIntIn(r, fromBig(lo)!, fromBig(hi)!));
          expect(v).toBe(ref.int(lo, hi));
          expect(v >= lo && v <= hi).toBe(true);
        }
        expect(big(nextInt(r))).toBe(BigInt.asIntN(64, ref.next())); // same number of draws
      }),
    );
  });

  it("int(lo, hi) with hi < lo is IndexOutOfBounds", () => {
    expect(() => nextIntIn(newRng(0), 2, 1)).toThrow(Trap);
  });

  it("choice and shuffle draw as int(0, n - 1) and downward Fisher–Yates", () => {
    const ctx = { charge: () => {}, alloc: () => {} } as unknown as NativeContext;
    fc.assert(
      fc.property(seeds, fc.array(fc.integer(), { maxLength: 40 }), (seed, xs) => {
        const r = newRng(fromBig(seed)!);
        const ref = new Reference(seed);
        const a: Value[] = [...xs];
        builtinMethod(r, "shuffle")!.fn(ctx, r, a);
        const expected = [...xs];
        for (let i = expected.length - 1; i > 0; i--) {
          const j = Number(ref.int(0n, BigInt(i)));
          [expected[i], expected[j]] = [expected[j]!, expected[i]!];
        }
        expect(a).toEqual(expected);
        if (xs.length > 0) {
          const c = builtinMethod(r, "choice")!.fn(ctx, r, a);
          expect(c).toBe(a[Number(ref.int(0n, BigInt(xs.length - 1)))]);
        }
      }),
    );
  });

  it("the native seeds a generator in the reference's state", () => {
    const ctx = { alloc: () => {} } as unknown as NativeContext;
    const r = lookupNative("std.random.rng")!.fn(ctx, 2n ** 60n);
    expect(sameState(r as ReturnType<typeof newRng>, newRng(2n ** 60n))).toBe(true);
    const ref = new Reference(2n ** 60n);
    expect(big(nextInt(newRng(2n ** 60n)))).toBe(BigInt.asIntN(64, ref.next()));
  });
});

// A state whose next output is `out`: s1 = rotr(out / 9, 7) / 5 (mod 2^64; 9 and 5 are odd, so
// invertible), the other words fixed. Lets a test draw exactly the edge values it needs.
const inverse = (a: bigint): bigint => {
  let x = 1n;
  for (let i = 0; i < 6; i++) x = (x * (2n - a * x)) & M; // Newton: doubles the bits each time
  return x;
};
const rotr = (v: bigint, k: bigint) => ((v >> k) | (v << (64n - k))) & M;
function stateFor(out: bigint): bigint[] {
  const s1 = (rotr((BigInt.asUintN(64, out) * inverse(9n)) & M, 7n) * inverse(5n)) & M;
  return [0x0123456789abcdefn, s1, 0xfedcba9876543210n, 0x0f1e2d3c4b5a6978n];
}
function rngAt(words: bigint[]): VRng {
  const r = newRng(0);
  words.forEach((w, i) => {
    r.state[2 * i] = Number(w >> 32n);
    r.state[2 * i + 1] = Number(w & 0xffffffffn);
  });
  return r;
}

describe("std.random at crafted outputs", () => {
  it("stateFor gives the output asked for", () => {
    for (const out of [0n, 1n, M, 2n ** 53n, 0xdeadbeefcafebaben])
      expect(Reference.at(stateFor(out)).next()).toBe(out);
  });

  it("next_int is a number within ±(2^53 − 1) and a bigint beyond, at both edges", () => {
    for (const v of [
      2n ** 53n - 1n,
      2n ** 53n,
      2n ** 53n + 1n,
      -(2n ** 53n) + 1n,
      -(2n ** 53n),
      -(2n ** 53n) - 1n,
      2n ** 63n - 1n,
      -(2n ** 63n),
    ])
      expect(nextInt(rngAt(stateFor(v)))).toBe(fromBig(v));
  });

  it("int(lo, hi) accepts a draw equal to the span, on each of its three paths", () => {
    for (const [lo, span] of [
      [3n, 10n], // 32-bit path, mask 15
      [0n, 2n ** 32n - 1n], // the widest 32-bit span: the whole low half
      [-7n, 2n ** 40n + 12345n], // 2^53 path
      [0n, 2n ** 53n - 1n], // the widest 2^53 span
      [I64_MIN, 2n ** 60n + 99n], // BigInt path
    ]) {
      const hi = lo + span;
      const words = stateFor(span); // masked, the output is the span itself
      const r = rngAt(words);
      const ref = Reference.at(words);
      expect(nextIntIn(r, fromBig(lo)!, fromBig(hi)!)).toBe(fromBig(hi));
      expect(ref.int(lo, hi)).toBe(hi);
      // one draw, no more: the next outputs agree
      expect(big(nextInt(r))).toBe(BigInt.asIntN(64, ref.next()));
    }
  });

  it("int(lo, hi) rejects a draw one past the span and draws again", () => {
    for (const [lo, span] of [
      [3n, 10n],
      [-7n, 2n ** 40n + 12345n],
      [2n ** 62n, 2n ** 60n + 99n],
    ]) {
      const hi = lo + span;
      const words = stateFor(span + 1n);
      const r = rngAt(words);
      const ref = Reference.at(words);
      const v = nextIntIn(r, fromBig(lo)!, fromBig(hi)!);
      expect(v).not.toBe(fromBig(hi + 1n));
      expect(big(v)).toBe(ref.int(lo, hi));
      expect(big(nextInt(r))).toBe(BigInt.asIntN(64, ref.next()));
    }
  });

  it("int(lo, hi) rejects a draw past a span of 2^53 or more, which a double cannot hold", () => {
    // 2^53 + 1 would round to 2^53, the span itself, in a double
    for (const [lo, hi] of [
      [-(2n ** 52n), 2n ** 52n],
      [-(2n ** 53n) + 1n, 2n ** 53n - 1n],
    ]) {
      const words = stateFor(2n ** 53n + 1n);
      const r = rngAt(words);
      const ref = Reference.at(words);
      expect(big(nextIntIn(r, fromBig(lo)!, fromBig(hi)!))).toBe(ref.int(lo, hi));
      expect(big(nextInt(r))).toBe(BigInt.asIntN(64, ref.next()));
    }
  });

  it("int(v, v) is v after exactly one draw, for an int and for a bigint", () => {
    for (const v of [7n, -(2n ** 60n), 2n ** 62n]) {
      const words = stateFor(M); // every bit set: any mask but zero's would reject it
      const r = rngAt(words);
      const ref = Reference.at(words);
      expect(nextIntIn(r, fromBig(v)!, fromBig(v)!)).toBe(fromBig(v));
      ref.next();
      expect(big(nextInt(r))).toBe(BigInt.asIntN(64, ref.next()));
    }
  });

  it("spans at the paths' edges draw as the reference does", () => {
    fc.assert(
      fc.property(seeds, fc.constantFrom(0n, -5n, 2n ** 40n, -(2n ** 52n)), (seed, lo) => {
        for (const span of [2n ** 32n - 2n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n]) {
          const r = newRng(fromBig(seed)!);
          const ref = new Reference(seed);
          for (let i = 0; i < 3; i++)
            expect(big(nextIntIn(r, fromBig(lo)!, fromBig(lo + span)!))).toBe(
              ref.int(lo, lo + span),
            );
          expect(big(nextInt(r))).toBe(BigInt.asIntN(64, ref.next()));
        }
      }),
    );
  });

  it("two generators are in the same state only when every word agrees", () => {
    expect(sameState(newRng(5), newRng(5))).toBe(true);
    expect(sameState(newRng(5), newRng(6))).toBe(false);
    for (let i = 0; i < 8; i++) {
      const a = newRng(5);
      a.state[i] ^= 1;
      expect(sameState(a, newRng(5))).toBe(false);
    }
    const a = newRng(5);
    nextInt(a);
    expect(sameState(a, newRng(5))).toBe(false);
  });

  it("names both bounds when the upper is below the lower", () => {
    const t = (() => {
      try {
        nextIntIn(newRng(0), 2, 1);
      } catch (e) {
        return e as Trap;
      }
    })();
    expect(t?.error).toMatchObject({
      kind: "IndexOutOfBounds",
      message: "int(2, 1): the upper bound is below the lower",
    });
  });
});

describe("std.random in programs", () => {
  const source = `
import std.random
let r = random.rng(-3)
let xs = (1..=20).to_array()
r.shuffle(xs)
println(xs)
println((r.int(-5, 5), r.int(0, 1000000000000), r.float(), r.bool(), r.choice(xs)))
println(r.next_int())
`;

  it("the VM and the tree-walker print the reference's numbers", () => {
    const ref = new Reference(-3n);
    const xs = Array.from({ length: 20 }, (_, i) => i + 1);
    for (let i = 19; i > 0; i--) {
      const j = Number(ref.int(0n, BigInt(i)));
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    const ints = [ref.int(-5n, 5n), ref.int(0n, 10n ** 12n)];
    const f = Number(ref.next() >> 11n) / 2 ** 53;
    const b = ref.next() >> 63n === 1n;
    const c = xs[Number(ref.int(0n, 19n))];
    const last = BigInt.asIntN(64, ref.next());
    const expected = `[${xs.join(", ")}]\n(${ints.join(", ")}, ${f}, ${b}, ${c})\n${last}\n`;

    let vmOut = "";
    load(compileOrThrow(source).bytes).run(
      { write: (t) => (vmOut += t), writeErr: () => {} },
      [],
      {},
    );
    expect(vmOut).toBe(expected);
    let twOut = "";
    const r = interpret(source, { write: (t) => (twOut += t) });
    expect(r).toEqual({ status: "ok" });
    expect(twOut).toBe(expected);
  });
});
