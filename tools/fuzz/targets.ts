// The fuzz targets. Each turns (seed, index) into one Input, deterministically, so a finding
// is reproduced from its target, seed and index (`npm run fuzz -- repro …`):
//   bytes    byte / LEB / section / instruction-word mutation of the golden `.veldc` files
//            and of generated valid modules, with the header checksum usually fixed up so the
//            mutation reaches the decoder and verifier instead of stopping at E_CHECKSUM
//   clobber  register-clobber and receiver mutation of verified code: instructions that
//            overwrite registers between SELF and CALL (or anywhere), SELF reading another
//            register; re-assembled (so re-verified) and run
//   methods  every built-in method × every value kind as receiver and as each argument,
//            by SELF on a receiver of the method's kind and a MOVE over it before the CALL
//   source   token-level mutation of the `.veld` vector sources and examples, compiled at
//            -O0 and -O1
//   vasm     line- and operand-level mutation of the vectors' `.vasm`, through the assembler

import { readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import fc from "fast-check";
import { disassemble } from "../../assembler/index.js";
import { compileSource } from "../../compiler/index.js";
import {
  CHECKSUM_OFFSET,
  HEADER_SIZE,
  OPCODES,
  crc32,
  encode,
  fieldRange,
  operandFields,
  readModule,
  writeModule,
} from "../../format/index.js";
import { lex } from "../../language/index.js";
import { builtinMethodList } from "../../runtime/index.js";
import { arbitraryModule } from "./arbitrary-module.js";
import { vasmSeeds, veldSeeds, veldcSeeds } from "./corpus.js";
import type { Input } from "./oracle.js";
import { Rng } from "./rng.js";

export interface Target {
  readonly name: string;
  readonly description: string;
  input(rng: Rng, index: number): Input;
}

// ---- bytes ------------------------------------------------------------------------------

const INTERESTING_U32 = [0, 1, 2, 3, 4, 7, 8, 15, 16, 63, 64, 127, 128, 255, 256, 65535, 65536];
const INTERESTING_BIG = [2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53];

function uleb(value: number): number[] {
  const out: number[] = [];
  let v = BigInt(value);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return out;
}

/** A LEB128 byte string: minimal, overlong, out of range or unterminated. */
function lebBytes(rng: Rng): number[] {
  const v = rng.chance(0.7) ? rng.pick(INTERESTING_U32) : rng.pick(INTERESTING_BIG);
  const bytes = uleb(v);
  switch (rng.int(6)) {
    case 0: // overlong: a trailing 0x00 group
      bytes[bytes.length - 1]! |= 0x80;
      bytes.push(0);
      return bytes;
    case 1: // unterminated
      return bytes.map((b) => b | 0x80);
    case 2: // 11 continuation bytes (past any sleb)
      return [...Array(10).fill(0xff), 0x7f];
    default:
      return bytes;
  }
}

/** File offsets of the module's structures (counts, lengths, entries, code words). */
function structureOffsets(bytes: Uint8Array): {
  points: number[];
  words: number[];
  ends: number[];
} {
  try {
    const { layout, module } = readModule(bytes);
    const points: number[] = [];
    const collect = (x: unknown): void => {
      if (typeof x === "number") {
        if (Number.isInteger(x) && x >= 0 && x < bytes.length) points.push(x);
      } else if (Array.isArray(x)) x.forEach(collect);
      else if (x && typeof x === "object") Object.values(x).forEach(collect);
    };
    collect(layout);
    const lengthOf = (i: number) => module.functions[i]!.code.length;
    const words = layout.functions.flatMap((f, i) =>
      Array.from({ length: lengthOf(i) }, (_, pc) => f.code + 4 * pc),
    );
    // the last two words of each function: where control flow must end
    const ends = layout.functions.flatMap((f, i) =>
      [lengthOf(i) - 2, lengthOf(i) - 1].filter((pc) => pc >= 0).map((pc) => f.code + 4 * pc),
    );
    return { points, words, ends };
  } catch {
    return { points: [], words: [], ends: [] };
  }
}

/** A random instruction word with operands near the interesting edges of their fields. */
function randomWord(rng: Rng): number {
  const info = rng.pick(OPCODES);
  const values = operandFields(info).map((field) => {
    const [min, max] = fieldRange(field);
    const v = rng.chance(0.6)
      ? rng.range(Math.max(min, -3), Math.min(max, 8))
      : rng.range(min, max);
    return v;
  });
  return encode(info, values);
}

function mutateBytes(rng: Rng, src: Uint8Array): { bytes: Uint8Array; ops: string[] } {
  let b = Array.from(src);
  const ops: string[] = [];
  const { points, words, ends } = structureOffsets(src);
  for (let n = rng.range(1, 3); n > 0; n--) {
    const at = rng.int(Math.max(1, b.length));
    switch (rng.int(12)) {
      case 0:
        b[at] = b[at]! ^ (1 << rng.int(8));
        ops.push(`flip@${at}`);
        break;
      case 1:
        b[at] = rng.pick([0, 1, 0x7f, 0x80, 0xff, 0x40, 0x3f, rng.int(256)]);
        ops.push(`set@${at}`);
        break;
      case 2:
        b[at] = (b[at]! + rng.range(-16, 16)) & 0xff;
        ops.push(`add@${at}`);
        break;
      case 3:
      case 4: {
        // LEB at a structure point (a count, a length, an index), replacing the old LEB
        const p = points.length ? rng.pick(points) : at;
        let len = 1;
        while (p + len - 1 < b.length && b[p + len - 1]! & 0x80 && len < 10) len++;
        b.splice(p, rng.chance(0.5) ? len : 0, ...lebBytes(rng));
        ops.push(`leb@${p}`);
        break;
      }
      case 5: {
        const p = points.length ? rng.pick(points) : at;
        b[p] = rng.pick([0, 1, 0xff, (b[p]! + 1) & 0xff, (b[p]! - 1) & 0xff]);
        ops.push(`field@${p}`);
        break;
      }
      case 6:
      case 7: {
        if (words.length === 0) break;
        const p = rng.chance(0.3) ? rng.pick(ends) : rng.pick(words);
        if (rng.chance(0.5)) {
          // a word copied from elsewhere in the code: valid operands, wrong place
          const from = rng.pick(words);
          for (let i = 0; i < 4; i++) b[p + i] = src[from + i]!;
          ops.push(`word@${from}->${p}`);
        } else {
          const w = rng.chance(0.8) ? randomWord(rng) : rng.int(2 ** 32);
          for (let i = 0; i < 4; i++) b[p + i] = (w >>> (8 * i)) & 0xff;
          ops.push(`word@${p}`);
        }
        break;
      }
      case 8:
        b.splice(at, 0, ...Array.from({ length: rng.range(1, 8) }, () => rng.int(256)));
        ops.push(`insert@${at}`);
        break;
      case 9:
        b.splice(at, rng.range(1, 16));
        ops.push(`delete@${at}`);
        break;
      case 10:
        b = b.slice(0, at);
        ops.push(`truncate@${at}`);
        break;
      case 11: {
        const from = rng.int(Math.max(1, b.length));
        const chunk = b.slice(from, from + rng.range(1, 32));
        b.splice(at, chunk.length, ...chunk);
        ops.push(`copy@${from}->${at}`);
        break;
      }
    }
  }
  const bytes = Uint8Array.from(b);
  if (bytes.length >= HEADER_SIZE && rng.chance(0.9)) {
    new DataView(bytes.buffer).setUint32(CHECKSUM_OFFSET, crc32(bytes.subarray(HEADER_SIZE)), true);
  } else ops.push("checksum kept");
  return { bytes, ops };
}

/** Distinct generated modules the target draws from (generating one costs ~20 ms). */
const GENERATED = 512;
const generated = new Map<number, Uint8Array>();

/** A generated valid module (tests/format/arbitrary-module.ts) as bytes. */
function generatedModule(seed: number): Uint8Array {
  let bytes = generated.get(seed);
  if (!bytes) {
    const [module] = fc.sample(arbitraryModule({ maxCode: 24 }), { seed, numRuns: 1 });
    bytes = writeModule(module!);
    generated.set(seed, bytes);
  }
  return bytes;
}

const bytesTarget: Target = {
  name: "bytes",
  description:
    "byte / LEB / section / code-word mutation of the golden .veldc and generated modules",
  input(rng) {
    let name: string;
    let src: Uint8Array;
    if (rng.chance(0.25)) {
      const s = rng.int(GENERATED);
      name = `generated module ${s}`;
      src = generatedModule(s);
    } else {
      const seed = rng.pick(veldcSeeds());
      name = seed.name;
      src = seed.data;
    }
    const { bytes, ops } = mutateBytes(rng, src);
    return { kind: "veldc", data: bytes, note: `${name}: ${ops.join(", ")}` };
  },
};

// ---- .vasm helpers ----------------------------------------------------------------------

interface VasmFunction {
  /** Line indexes of the instructions. */
  readonly code: number[];
  readonly registers: number;
  readonly constants: number;
}

const INSTR = /^ {4}([A-Z]+)\b\s*(.*)$/;

function vasmFunctions(lines: readonly string[]): VasmFunction[] {
  const out: VasmFunction[] = [];
  let cur: { code: number[]; registers: number; constants: number } | undefined;
  lines.forEach((line, i) => {
    if (line.startsWith(".function")) cur = { code: [], registers: 1, constants: 0 };
    else if (!cur) return;
    else if (line.startsWith(".end")) {
      out.push(cur);
      cur = undefined;
    } else if (/^\s*\.registers /.test(line)) cur.registers = Number(line.trim().split(/\s+/)[1]);
    else if (/^\s*\.const /.test(line)) cur.constants++;
    else if (INSTR.test(line)) cur.code.push(i);
  });
  return out.filter((f) => f.code.length > 0);
}

function regs(line: string): number[] {
  return [...line.matchAll(/\bR(\d+)\b/g)].map((m) => Number(m[1]));
}

/** An instruction that overwrites `R[r]` with a value of some kind. */
function clobber(rng: Rng, r: number, f: VasmFunction): string {
  const choices = [
    `MOVE       R${r}, R${rng.int(f.registers)}`,
    `LOADI      R${r}, ${rng.pick([0, 1, -1, 7, 65535, -65536])}`,
    `LOADF      R${r}, ${rng.pick([0, 1, -1, 3])}`,
    `LOADTRUE   R${r}`,
    `LOADFALSE  R${r}`,
    `LOADUNIT   R${r}, 0`,
  ];
  if (f.constants > 0) choices.push(`LOADK      R${r}, K${rng.int(f.constants)}`);
  return "    " + rng.pick(choices);
}

// ---- clobber ----------------------------------------------------------------------------

const clobberTarget: Target = {
  name: "clobber",
  description: "register-clobber and receiver mutation of verified code, re-verified and run",
  input(rng) {
    const seed = rng.pick(vasmSeeds());
    const lines = seed.data.split("\n");
    const fns = vasmFunctions(lines);
    const ops: string[] = [];
    const inserts = new Map<number, string[]>();
    for (let n = rng.range(1, 3); n > 0 && fns.length > 0; n--) {
      const f = rng.pick(fns);
      const selfs = f.code.filter((i) => INSTR.exec(lines[i]!)![1] === "SELF");
      if (selfs.length > 0 && rng.chance(0.7)) {
        // between SELF A and its CALL: overwrite the receiver, an argument or the method
        const s = rng.pick(selfs);
        const a = regs(lines[s]!)[0]!;
        const nextCall = f.code.find((i) => i > s && /^ {4}(CALL|TAILCALL)\b/.test(lines[i]!));
        if (rng.chance(0.2)) {
          const r = rng.int(f.registers);
          lines[s] = lines[s]!.replace(/(SELF\s+R\d+, )R\d+/, `$1R${r}`);
          ops.push(`SELF@${s} reads R${r}`);
          continue;
        }
        const r = Math.min(f.registers - 1, a + rng.pick([1, 1, 1, 2, 3, 0]));
        const at = nextCall !== undefined && rng.chance(0.7) ? nextCall - 1 : s;
        inserts.set(at, [...(inserts.get(at) ?? []), clobber(rng, r, f)]);
        ops.push(`clobber R${r} after line ${at + 1}`);
      } else {
        const at = rng.pick(f.code);
        const r = rng.chance(0.5) ? (regs(lines[at]!)[0] ?? 0) : rng.int(f.registers);
        if (rng.chance(0.3)) {
          lines[at] = clobber(rng, Math.min(r, f.registers - 1), f);
          ops.push(`replace line ${at + 1}`);
        } else {
          inserts.set(at, [
            ...(inserts.get(at) ?? []),
            clobber(rng, Math.min(r, f.registers - 1), f),
          ]);
          ops.push(`clobber R${r} after line ${at + 1}`);
        }
      }
    }
    const out = lines.flatMap((l, i) => [l, ...(inserts.get(i) ?? [])]);
    return { kind: "vasm", data: out.join("\n"), note: `${seed.name}: ${ops.join(", ")}` };
  },
};

// ---- methods ----------------------------------------------------------------------------

/** One value of every kind the language has, bound to locals v0 … vN by the base program. */
export const VALUE_KINDS: readonly (readonly [kind: string, expr: string])[] = [
  ["int", "7"],
  ["int min", "-9223372036854775807 - 1"],
  ["int max", "9223372036854775807"],
  ["negative int", "-3"],
  ["float", "2.5"],
  ["negative zero", "-0.0"],
  ["huge float", `1${"0".repeat(308)}.0`],
  ["bool", "true"],
  ["unit", "()"],
  ["char", "'x'"],
  ["string", '"héllo, World 1,2"'],
  ["empty string", '""'],
  ["long string", '"ab".repeat(3000)'],
  ["int array", "[3, 1, 2]"],
  ["empty array", "[]"],
  ["string array", '["b", "a"]'],
  ["nested array", "[[1], [2, 3]]"],
  ["tuple", '(1, "a")'],
  ["struct", "P(x: 1, y: 2)"],
  ["enum", "E.B(4)"],
  ["unit variant", "E.A"],
  ["Some", "Some(1)"],
  ["None", "None"],
  ["Ok", "Ok(1)"],
  ["Err", 'Err("e")'],
  ["closure/1", "fn(a) => a"],
  ["closure/2", "fn(a, b) => a"],
  ["throwing closure", "fn(a) => a.no_such_method()"],
  ["native", "println"],
  ["range", "0..5"],
  ["empty range", "5..0"],
];

const RECEIVER_OF: Record<string, string> = {
  str: '"héllo, World 1,2"',
  array: "[3, 1, 2]",
  int: "7",
  float: "2.5",
  char: "'x'",
  Option: "Some(1)",
  Result: "Ok(1)",
  range: "0..5",
  HashMap: '{"a": 1, 2: "b"}',
  HashSet: "HashSet.new()",
  Rng: "std.random.rng(1)",
  tuple: "(1, 2)",
  value: "7",
};

interface MethodBase {
  readonly lines: string[];
  /** Line index of the method's CALL. */
  readonly call: number;
  /** Register of the receiver (the SELF's A + 1). */
  readonly receiver: number;
  /** Register of local `v<i>`. */
  readonly locals: number[];
}

const methodBases = new Map<string, MethodBase>();

function methodBase(name: string, args: number): MethodBase {
  const key = `${name}/${args}`;
  const cached = methodBases.get(key);
  if (cached) return cached;
  const [owner, method] = name.split(".") as [string, string];
  const source = [
    "struct P(x: i64, y: i64);",
    "enum E(A, B(i64))",
    ...VALUE_KINDS.map(([, expr], i) => `let v${i} = ${expr}`),
    `let r = ${RECEIVER_OF[owner]}`,
    `let z = r.${method}(${Array(args).fill("v0").join(", ")})`,
    "",
  ].join("\n");
  const { bytes, diagnostics } = compileSource(source, { optimize: 0 });
  if (!bytes) throw new Error(`method base for ${key}: ${JSON.stringify(diagnostics)}`);
  const lines = disassemble(bytes).split("\n");
  const locals: number[] = [];
  for (const l of lines) {
    const m = /^\s*\.local R(\d+) "v(\d+)"/.exec(l);
    if (m) locals[Number(m[2])] = Number(m[1]);
  }
  // the last SELF of <main> (lambdas among the values have SELFs of their own)
  let self = lines.findIndex((l) => l.startsWith('.function F0 "<main>"'));
  for (let i = self; !lines[i]!.startsWith(".end"); i++)
    if (/^ {4}SELF\b/.test(lines[i]!)) self = i;
  const a = regs(lines[self]!)[0]!;
  const call = lines.findIndex((l, i) => i > self && new RegExp(`^ {4}CALL\\s+R${a},`).test(l));
  const base = { lines, call, receiver: a + 1, locals };
  methodBases.set(key, base);
  return base;
}

const METHODS = builtinMethodList();

const methodsTarget: Target = {
  name: "methods",
  description: "every built-in method × every value kind as receiver and as each argument",
  input(rng, index) {
    // Systematic first: input `index` is method `index % M`; its j-th input puts value kind
    // `j % K` at position `floor(j / K)` (0 = the receiver, then each argument) and leaves
    // the rest as compiled (the int 7), so every method meets every kind in every position
    // within the first M × 4 × K inputs. Beyond its positions, a method gets random
    // combinations, one in ten with a wrong argument count.
    const m = METHODS[index % METHODS.length]!;
    const K = VALUE_KINDS.length;
    const j = Math.floor(index / METHODS.length);
    const declared = m.arity === 255 ? 2 : m.arity;
    const systematic = j < declared * K;
    const args = systematic || rng.chance(0.9) ? declared - 1 : rng.range(0, 3);
    const kinds = Array.from({ length: args + 1 }, (_, p) =>
      systematic ? (p === Math.floor(j / K) ? j % K : K) : rng.int(K + 1),
    );
    const base = methodBase(m.name, args);
    const moves: string[] = [];
    const describe: string[] = [];
    kinds.forEach((k, p) => {
      if (k === K) return; // as compiled
      moves.push(`    MOVE       R${base.receiver + p}, R${base.locals[k]}`);
      describe.push(`${p === 0 ? "receiver" : `arg ${p}`} = ${VALUE_KINDS[k]![0]}`);
    });
    const lines = [...base.lines.slice(0, base.call), ...moves, ...base.lines.slice(base.call)];
    return {
      kind: "vasm",
      data: lines.join("\n"),
      note: `${m.name} with ${args} argument(s): ${describe.join(", ") || "as compiled"}`,
    };
  },
};

// ---- source -----------------------------------------------------------------------------

const INTERESTING_SOURCE = [
  "9223372036854775807",
  "-9223372036854775808",
  `1${"0".repeat(308)}.0`,
  "0.0",
  "-1",
  '""',
  '"x".repeat(100000)',
  '"1".repeat(80000)',
  "(0..10000000).to_array()",
  ".sort()",
  ".to_float()",
  '.split("")',
  ".chars()",
  "[]",
  "()",
  "(",
  ")",
  "[",
  "]",
  "end",
  "fn",
  "let",
  "var",
  "while true",
  "for i in 0..1000000000",
  "match",
  "return",
  "break",
  ".",
  "..",
  ",",
  "=>",
  "?",
  "!",
  "try",
  "catch",
  "throw",
  "\n",
  "self",
  "None",
  "Some(",
];

interface Tokenized {
  readonly gaps: string[];
  readonly tokens: string[];
}

const tokenCache = new Map<string, Tokenized>();

function tokenize(name: string, text: string): Tokenized {
  const cached = tokenCache.get(name);
  if (cached) return cached;
  const gaps: string[] = [];
  const tokens: string[] = [];
  let pos = 0;
  for (const t of lex(text).tokens) {
    if (t.span.end.offset <= t.span.start.offset) continue;
    gaps.push(text.slice(pos, t.span.start.offset));
    tokens.push(text.slice(t.span.start.offset, t.span.end.offset));
    pos = t.span.end.offset;
  }
  gaps.push(text.slice(pos));
  const r = { gaps, tokens };
  tokenCache.set(name, r);
  return r;
}

const sourceTarget: Target = {
  name: "source",
  description: "token-level mutation of the .veld vector sources and examples through the compiler",
  input(rng, index) {
    const seeds = veldSeeds();
    const seed = rng.pick(seeds);
    const { gaps, tokens: original } = tokenize(seed.name, seed.data);
    const tokens = [...original];
    const sep = [...gaps];
    const ops: string[] = [];
    // one edit keeps most programs parseable, so the compiler's later passes are reached
    for (let n = rng.chance(0.7) ? 1 : rng.range(2, 4); n > 0 && tokens.length > 0; n--) {
      const at = rng.int(tokens.length);
      switch (rng.int(7)) {
        case 0:
          tokens.splice(at, 1);
          sep.splice(at + 1, 1);
          ops.push(`delete ${at}`);
          break;
        case 1:
          tokens.splice(at, 0, tokens[at]!);
          sep.splice(at + 1, 0, " ");
          ops.push(`duplicate ${at}`);
          break;
        case 2:
          if (at + 1 < tokens.length) {
            [tokens[at], tokens[at + 1]] = [tokens[at + 1]!, tokens[at]!];
            ops.push(`swap ${at}`);
          }
          break;
        case 3: {
          const other = rng.pick(seeds);
          const t = tokenize(other.name, other.data).tokens;
          if (t.length) tokens[at] = rng.pick(t);
          ops.push(`replace ${at}`);
          break;
        }
        case 4:
          tokens[at] = rng.pick(INTERESTING_SOURCE);
          ops.push(`interesting ${at}`);
          break;
        case 5: {
          // splice a run of tokens from another program
          const other = rng.pick(seeds);
          const t = tokenize(other.name, other.data);
          const from = rng.int(Math.max(1, t.tokens.length));
          const len = rng.range(1, 12);
          const run = t.tokens.slice(from, from + len);
          const runSep = t.gaps.slice(from + 1, from + 1 + run.length);
          tokens.splice(at, 0, ...run);
          sep.splice(at + 1, 0, ...runSep.map((g) => g || " "));
          ops.push(`splice ${run.length} from ${other.name}`);
          break;
        }
        case 6:
          if (/^\d/.test(tokens[at]!)) {
            tokens[at] = rng.pick([
              "0",
              "1",
              "255",
              "256",
              "65536",
              "4294967296",
              "9223372036854775807",
              "9223372036854775808",
              "0.5",
            ]);
            ops.push(`number ${at}`);
          }
          break;
      }
    }
    let text = sep[0] ?? "";
    tokens.forEach((t, i) => (text += t + (sep[i + 1] ?? " ")));
    return {
      kind: "veld",
      data: text,
      optimize: (index % 2) as 0 | 1,
      note: `${seed.name}: ${ops.join(", ")}`,
    };
  },
};

// ---- vasm -------------------------------------------------------------------------------

const MNEMONICS = OPCODES.map((o) => o.name);

const vasmTarget: Target = {
  name: "vasm",
  description: "line- and operand-level mutation of the vectors' .vasm through the assembler",
  input(rng) {
    const seeds = vasmSeeds();
    const seed = rng.pick(seeds);
    const lines = seed.data.split("\n");
    const ops: string[] = [];
    for (let n = rng.range(1, 3); n > 0; n--) {
      const at = rng.int(lines.length);
      switch (rng.int(7)) {
        case 0:
          lines.splice(at, 1);
          ops.push(`delete line ${at + 1}`);
          break;
        case 1:
          lines.splice(at, 0, lines[at]!);
          ops.push(`duplicate line ${at + 1}`);
          break;
        case 2: {
          const to = rng.int(lines.length);
          [lines[at], lines[to]] = [lines[to]!, lines[at]!];
          ops.push(`swap lines ${at + 1} ${to + 1}`);
          break;
        }
        case 3:
        case 4: {
          const nums = [...lines[at]!.matchAll(/-?\d+/g)];
          if (nums.length === 0) break;
          const m = rng.pick(nums);
          const v = Number(m[0]);
          const nv = rng.pick([
            0,
            1,
            -1,
            v - 1,
            v + 1,
            2 * v,
            255,
            256,
            65535,
            65536,
            2 ** 31,
            -(2 ** 31),
            2 ** 32,
          ]);
          lines[at] = lines[at]!.slice(0, m.index) + nv + lines[at]!.slice(m.index! + m[0].length);
          ops.push(`line ${at + 1}: ${v} -> ${nv}`);
          break;
        }
        case 5: {
          const m = INSTR.exec(lines[at]!);
          if (!m) break;
          const name = rng.pick(MNEMONICS);
          lines[at] = lines[at]!.replace(m[1]!, name);
          ops.push(`line ${at + 1}: ${m[1]} -> ${name}`);
          break;
        }
        case 6: {
          // an instruction line from another vector
          const other = rng
            .pick(seeds)
            .data.split("\n")
            .filter((l) => INSTR.test(l));
          if (other.length) lines.splice(at, 0, rng.pick(other));
          ops.push(`insert at line ${at + 1}`);
          break;
        }
      }
    }
    return { kind: "vasm", data: lines.join("\n"), note: `${seed.name}: ${ops.join(", ")}` };
  },
};

// ---- files ------------------------------------------------------------------------------

/** Directory of the `files` target, handed to shard processes through the environment. */
export const FILES_ENV = "VELD_FUZZ_FILES";

let fileList: string[] | undefined;

const filesTarget: Target = {
  name: "files",
  description: `every .veldc / .veld / .vasm under --files DIR once, unmutated (programs from elsewhere)`,
  input(_rng, index) {
    const dir = process.env[FILES_ENV];
    if (!dir) throw new Error(`the files target needs --files DIR`);
    fileList ??= filesUnder(dir);
    const path = fileList[index];
    if (!path) throw new RangeError(`${dir} has ${fileList.length} inputs, not ${index + 1}`);
    const kind = extname(path).slice(1) as Input["kind"];
    const data = kind === "veldc" ? new Uint8Array(readFileSync(path)) : readFileSync(path, "utf8");
    return { kind, data, note: path };
  },
};

/** The inputs the files target runs, in order. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  )) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (/\.(veldc|veld|vasm)$/.test(entry.name)) out.push(path);
  }
  return out;
}

export const TARGETS: readonly Target[] = [
  bytesTarget,
  clobberTarget,
  methodsTarget,
  sourceTarget,
  vasmTarget,
  filesTarget,
];

/** The targets a campaign runs (files needs a directory). */
export const CAMPAIGN_TARGETS = TARGETS.filter((t) => t !== filesTarget);

export function targetNamed(name: string): Target {
  const t = TARGETS.find((x) => x.name === name);
  if (!t)
    throw new Error(`unknown target ${name} (one of ${TARGETS.map((x) => x.name).join(", ")})`);
  return t;
}

/** Input `index` of `target` under `seed`. */
export function makeInput(target: Target, seed: number, index: number): Input {
  return target.input(Rng.for(seed, target.name, index), index);
}
