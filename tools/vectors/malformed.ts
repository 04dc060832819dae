// The scripted malformed and invalid files (spec/conformance.md §5.3), in the manner of wabt's
// hand-made illegal binaries: each case damages a copy of a valid vector deterministically and
// names the FormatError code a conforming loader must report. "CRC fixed" means the header
// checksum is recomputed after the damage, so the file gets past the checksum to the check the
// case targets; without it the checksum must catch the damage first.

import { CHECKSUM_OFFSET, HEADER_SIZE } from "../../format/container.js";
import { crc32 } from "../../format/crc32.js";
import type { FormatErrorCode } from "../../format/errors.js";
import { writeModule } from "../../format/writer.js";
import { readModule, type ModuleLayout } from "../../format/reader.js";
import {
  FORMAT_MAJOR,
  FORMAT_MINOR,
  type FunctionProto,
  type Module,
} from "../../format/module.js";
import { Op } from "../../format/op.js";

export interface MalformedCase {
  readonly name: string;
  /** What was damaged, recorded in the expectation file. */
  readonly description: string;
  /**
   * The code a conforming loader reports (the generator checks ours agrees); absent for the
   * random bit flips, whose result (an error code, or even a run) is recorded as ours gives it.
   */
  readonly code?: FormatErrorCode;
  /**
   * For a random bit flip, every code a conforming loader may report (one flip can break
   * several verifier rules, checked in any order), or "ok" when the damaged file still runs.
   */
  readonly acceptable?: readonly FormatErrorCode[] | "ok";
  /** Builds the file; `base(name)` returns a fresh copy of a generated vector's bytes. */
  readonly build: (base: (name: string) => Uint8Array) => Uint8Array;
}

/** The module every case starts from unless it says otherwise (container/sample.vasm). */
const SAMPLE = "container/sample";
/** A function longer than 127 words (2-byte LEB code length). */
const LONG = "container/long-function";
/** A stripped file (no DEBUG section). */
const STRIPPED = "container/stripped";
/** A file with a DEBUG file table (format 1.1). */
const FILES = "container/file-table";

const layoutOf = (bytes: Uint8Array): ModuleLayout => readModule(bytes).layout;

function fixCrc(bytes: Uint8Array): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(
    CHECKSUM_OFFSET,
    crc32(bytes.subarray(HEADER_SIZE)),
    true,
  );
  return bytes;
}

const ulebLength = (value: number): number => (value < 0x80 ? 1 : 1 + ulebLength(value >>> 7));

/** Rewrites the uleb at `at` in place; the new value must keep the encoding's length. */
function setUleb(bytes: Uint8Array, at: number, value: number): Uint8Array {
  let old = 0;
  for (let i = 0; ; i++) {
    old += (bytes[at + i]! & 0x7f) * 2 ** (7 * i);
    if ((bytes[at + i]! & 0x80) === 0) break;
  }
  const n = ulebLength(old);
  if (ulebLength(value) !== n) throw new Error(`uleb ${value} does not fit ${n} bytes at ${at}`);
  for (let i = 0; i < n; i++) bytes[at + i] = ((value >>> (7 * i)) & 0x7f) | (i < n - 1 ? 0x80 : 0);
  return bytes;
}

/** Offsets of a directory entry's fields: u8 id, uleb offset, uleb size. */
const offsetField = (s: { entry: number }) => s.entry + 1;
const sizeField = (s: { entry: number; offset: number }) => s.entry + 1 + ulebLength(s.offset);

function u32(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(offset, value >>> 0, true);
  return bytes;
}

function set(bytes: Uint8Array, offset: number, ...values: number[]): Uint8Array {
  bytes.set(values, offset);
  return bytes;
}

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
};

/** Offset of the directory entry of section `id` in a file. */
const entryOf = (bytes: Uint8Array, id: number) =>
  layoutOf(bytes).sections.find((s) => s.id === id)!;

/** A case that patches the base file, then recomputes the CRC. */
function patched(
  name: string,
  code: MalformedCase["code"],
  description: string,
  patch: (bytes: Uint8Array, layout: ModuleLayout) => Uint8Array,
  baseName = SAMPLE,
): MalformedCase {
  return {
    name,
    code,
    description: `${description} (CRC fixed)`,
    build: (base) => {
      const bytes = base(baseName);
      return fixCrc(patch(bytes, layoutOf(bytes)));
    },
  };
}

/** A module whose main halts, with `module` and `main` fields overridden. */
function built(module: Partial<Module>, main: Partial<FunctionProto> = {}): Uint8Array {
  return writeModule({
    strings: ["main"],
    constants: [],
    types: [],
    natives: [],
    globals: [],
    functions: [
      {
        name: 0,
        params: 0,
        registers: 1,
        upvalues: [],
        children: [],
        constants: [],
        code: Uint32Array.of(Op.HALT),
        ...main,
      },
    ],
    custom: [],
    ...module,
  });
}

/** A library `geo` exporting the function `f` (global 0), for `built` (format 1.2). */
const LIBRARY: Partial<Module> = {
  strings: ["main", "geo", "f"],
  globals: [{ name: 2 }],
  exports: { module: 1, items: [{ name: 2, kind: "function", index: 0, arity: 0 }] },
};

/** DEBUG for `built`'s one-instruction main, from "a.veld", with a file table. */
function debugWithFiles(files: string[], mainFile: number): Module["debug"] {
  const fn = { lines: Uint32Array.of(1), columns: Uint32Array.of(1), locals: [], upvalueNames: [] };
  return {
    sourceFile: "a.veld",
    sourceHash: new Uint8Array(0),
    functions: [{ ...fn, file: mainFile }],
    files,
  };
}

/** mulberry32: a tiny deterministic PRNG for the bit-flip cases. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What each seeded bit flip damages (sample.veldc offsets) and the codes that are right. */
const BITFLIP_ACCEPTABLE: readonly (readonly FormatErrorCode[] | "ok")[] = [
  ["E_LINE_RANGE"], // 0x1a7: a line delta 0 → 0x40 (−64): the line goes below 0
  "ok", // 0x058: a byte of the string "counter" changes; still distinct
  ["E_OPERAND_REG"], // 0x0ee: SELF's receiver register 1 → 17 (7 registers)
  ["E_TRUNCATED"], // 0x0bb: F1's child count 0 → 2: the rest of FUNCTIONS shifts past its end
  ["E_PADDING"], // 0x069: a padding byte after STRINGS
  ["E_OPERAND_REG"], // 0x0e6: MOVE's source register 1 → 33
  ["E_UPVALUE_FLAG"], // 0x0c4: an inStack byte 1 → 3
  "ok", // 0x1ce: a debug column
  "ok", // 0x19b: a debug line delta that stays in range
  "ok", // 0x173: ADDI's immediate 1 → 33 in `bump`
  ["E_OPERAND_REG", "E_WINDOW"], // 0x0ed: SELF's A 4 → 68: its register and its window A+1
  "ok", // 0x20c: a byte of the custom section's payload
  ["E_COUNT"], // 0x0a8: the function count 3 → 19 cannot fit FUNCTIONS
  ["E_SECTION_LAYOUT"], // 0x01b: NATIVES's offset in the directory moves by 2
  ["E_COUNT"], // 0x060: the length of the string "bump" 4 → 68
  ["E_COUNT"], // 0x090: a struct's field count 2 → 0x82 0x01 (130), past the section end
];

export const MALFORMED_CASES: readonly MalformedCase[] = [
  // --- Truncation: every prefix must be refused, never read past the end.
  {
    name: "empty-file",
    code: "E_TRUNCATED",
    description: "a zero-byte file",
    build: () => new Uint8Array(0),
  },
  {
    name: "truncated-header",
    code: "E_TRUNCATED",
    description: "the first 12 bytes only (the header is 16)",
    build: (base) => base(SAMPLE).slice(0, 12),
  },
  {
    name: "truncated-directory",
    code: "E_TRUNCATED",
    description:
      "cut inside the section directory: the header's section count exceeds what the file holds, CRC fixed",
    build: (base) => fixCrc(base(SAMPLE).slice(0, 22)),
  },
  {
    name: "truncated-code",
    code: "E_TRUNCATED",
    description: "cut in the middle of the CODE section, CRC fixed over what remains",
    build: (base) => {
      const b = base(SAMPLE);
      const code = entryOf(b, 7);
      return fixCrc(b.slice(0, code.offset + 6));
    },
  },
  {
    name: "truncated-last-byte",
    code: "E_CHECKSUM",
    description: "the last byte removed, CRC not recomputed: the checksum catches it first",
    build: (base) => {
      const b = base(SAMPLE);
      return b.slice(0, b.length - 1);
    },
  },
  // --- Header
  patched("magic-first-byte", "E_MAGIC", "magic byte 0 is 0x88 instead of 0x89", (b) =>
    set(b, 0, 0x88),
  ),
  {
    name: "magic-text-file",
    code: "E_MAGIC",
    description: "a Veld source file given to the runtime",
    build: () => new TextEncoder().encode('println("this is source, not bytecode")\n'),
  },
  patched(
    "magic-crlf-damaged",
    "E_MAGIC",
    "the magic's \\r\\n became \\n\\n (text-mode transfer)",
    (b) => set(b, 6, 0x0a),
  ),
  patched("version-major-2", "E_VERSION", "major version 2", (b) => set(b, 8, 2)),
  patched("version-major-0", "E_VERSION", "major version 0", (b) => set(b, 8, 0)),
  patched(
    "version-minor-newer",
    "E_VERSION",
    `minor version ${FORMAT_MINOR + 1} (newer than ${FORMAT_MAJOR}.${FORMAT_MINOR})`,
    (b) => set(b, 9, FORMAT_MINOR + 1),
  ),
  patched(
    "version-minor-unneeded",
    "E_VERSION",
    "a 1.0 file labelled 1.1: the minor version must be the lowest the file needs",
    (b) => set(b, 9, 1),
  ),
  patched(
    "debug-file-table-in-1-0",
    "E_SECTION_SIZE",
    "a file with a DEBUG file table labelled 1.0: the table is left over",
    (b) => set(b, 9, 0),
    FILES,
  ),

  {
    name: "checksum-field",
    code: "E_CHECKSUM",
    description: "one bit of the stored CRC flipped",
    build: (base) => {
      const b = base(SAMPLE);
      b[CHECKSUM_OFFSET]! ^= 1;
      return b;
    },
  },
  {
    name: "checksum-code-bit",
    code: "E_CHECKSUM",
    description: "one bit of the first code word flipped, CRC not recomputed",
    build: (base) => {
      const b = base(SAMPLE);
      b[entryOf(b, 7).offset]! ^= 0x10;
      return b;
    },
  },
  {
    name: "checksum-string-byte",
    code: "E_CHECKSUM",
    description: "a byte of STRINGS changed, CRC not recomputed",
    build: (base) => {
      const b = base(SAMPLE);
      b[layoutOf(b).strings[0]! + 1]! ^= 0x20;
      return b;
    },
  },
  patched("flags-unknown-bit", "E_FLAGS", "header flag bit 1 (undefined) set", (b) =>
    set(b, 10, 3),
  ),
  patched("flags-debug-cleared", "E_FLAGS", "HAS_DEBUG cleared on a file with DEBUG", (b) =>
    set(b, 10, 0),
  ),
  patched(
    "flags-debug-set-stripped",
    "E_FLAGS",
    "HAS_DEBUG set on a file without DEBUG",
    (b) => set(b, 10, 1),
    STRIPPED,
  ),
  // --- Directory and section layout
  patched("section-id-unknown", "E_SECTION_ID", "the first directory entry's id is 11", (b) =>
    set(b, HEADER_SIZE, 11),
  ),
  patched("section-id-huge", "E_SECTION_ID", "a directory id of 0xFF", (b) =>
    set(b, HEADER_SIZE, 0xff),
  ),
  patched(
    "section-order-custom-first",
    "E_SECTION_ORDER",
    "the last two entries swap ids: DEBUG follows the custom section",
    (b, l) => {
      const n = l.sections.length;
      return set(set(b, l.sections[n - 2]!.entry, 0), l.sections[n - 1]!.entry, 8);
    },
  ),
  patched("section-order-repeated", "E_SECTION_ORDER", "entry 1 repeats id 1 (STRINGS)", (b, l) =>
    set(b, l.sections[1]!.entry, 1),
  ),
  patched(
    "section-custom-before-required",
    "E_SECTION_ORDER",
    "entry 0's id is 0: a CUSTOM section before the required ones; the next entry (id 2) follows a custom section",
    (b, l) => set(b, l.sections[0]!.entry, 0),
  ),
  patched(
    "section-missing-constants",
    "E_SECTION_MISSING",
    "entry 1's id is 3 (TYPES), so CONSTANTS (2) is absent",
    (b, l) => set(b, l.sections[1]!.entry, 3),
  ),
  patched("section-offset-moved", "E_SECTION_LAYOUT", "STRINGS's offset is 4 bytes late", (b, l) =>
    setUleb(b, offsetField(l.sections[0]!), l.sections[0]!.offset + 4),
  ),
  patched(
    "section-size-padding",
    "E_SECTION_SIZE",
    "a section's size grows by 1 into its padding: the content no longer fills it",
    (b, l) => {
      const s = l.sections.find((x) => x.id !== 7 && (x.offset + x.size) % 4 !== 0);
      if (!s) throw new Error("the base file has no padded section");
      return setUleb(b, sizeField(s), s.size + 1);
    },
  ),
  patched(
    "section-code-size",
    "E_SECTION_SIZE",
    "main's code length is one word less than CODE holds",
    (b, l) => set(b, l.functions[0]!.codeLengthAt, b[l.functions[0]!.codeLengthAt]! - 1),
  ),
  patched(
    "section-past-end",
    "E_TRUNCATED",
    "the last section's size reaches past the end of the file",
    (b, l) => {
      const last = l.sections[l.sections.length - 1]!;
      // The largest size with the same encoded length, which reaches past the end.
      return setUleb(b, sizeField(last), 2 ** (7 * ulebLength(last.size)) - 1);
    },
  ),
  patched("padding-nonzero", "E_PADDING", "an alignment padding byte is 1", (b, l) => {
    const s = l.sections.find(
      (x, i) => i > 0 && x.offset > l.sections[i - 1]!.offset + l.sections[i - 1]!.size,
    );
    if (!s) throw new Error("the base file has no padding");
    const prev = l.sections[l.sections.indexOf(s) - 1]!;
    return set(b, prev.offset + prev.size, 1);
  }),
  {
    name: "trailing-bytes",
    code: "E_TRAILING",
    description: "four zero bytes after the last section (CRC fixed)",
    build: (base) => fixCrc(concat(base(SAMPLE), new Uint8Array(4))),
  },
  // --- Tables
  patched("count-strings", "E_COUNT", "the string count is 100", (b, l) =>
    set(b, l.sections[0]!.offset, 100),
  ),
  patched("count-string-length", "E_COUNT", "a string's byte length reaches past STRINGS", (b, l) =>
    set(b, l.strings[l.strings.length - 1]!, 0x7f),
  ),
  patched(
    "leb-too-long",
    "E_LEB_RANGE",
    "the string count as a 6-byte LEB128 (continuation bits all set)",
    (b, l) => set(b, l.sections[0]!.offset, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01),
  ),
  patched(
    "leb-overlong",
    "E_LEB_OVERLONG",
    "a 2-byte code length LEB128 with a zero last byte (not minimal)",
    (b, l) => {
      const f = l.functions.find((x) => b[x.codeLengthAt]! >= 0x80);
      if (!f) throw new Error("no function with a 2-byte code length");
      return set(b, f.codeLengthAt + 1, 0);
    },
    LONG,
  ),
  patched("utf8-invalid-byte", "E_UTF8", "a byte of the first string is 0xFF", (b, l) =>
    set(b, l.strings[0]! + 1, 0xff),
  ),
  patched("utf8-surrogate", "E_UTF8", "a string holds an encoded surrogate (ED A0 80)", (b, l) => {
    const at = l.strings.find((_, i) => readModule(b.slice()).module.strings[i] === "hé")!;
    return set(b, at + 1, 0xed, 0xa0, 0x80);
  }),
  patched("constant-tag", "E_CONSTANT_TAG", "the first constant's tag is 7", (b, l) =>
    set(b, l.constants[0]!, 7),
  ),
  patched(
    "nan-noncanonical",
    "E_NAN",
    "the float constant is the NaN 0x7FF8000000000001",
    (b, l) => {
      const m = readModule(b.slice()).module;
      const i = m.constants.findIndex((c) => c.kind === "float");
      return set(b, l.constants[i]! + 1, 1, 0, 0, 0, 0, 0, 0xf8, 0x7f);
    },
  ),
  patched("type-kind", "E_TYPE_KIND", "the struct's kind byte is 2", (b, l) =>
    set(b, l.types[0]!.offset, 2),
  ),
  patched("upvalue-flag", "E_UPVALUE_FLAG", "an upvalue's inStack byte is 2", (b, l) => {
    const f = l.functions.find((x) => x.upvalues.length > 0)!;
    return set(b, f.upvalues[0]!, 2);
  }),
  patched("line-negative", "E_LINE_RANGE", "main's first line delta is -1", (b, l) =>
    set(b, l.debug!.functions[0]!.offset + 1, 0x7f),
  ),
  // --- Verification failures reached by damaging valid bytes (CRC fixed)
  patched("code-unknown-opcode", "E_OPCODE", "main's first instruction has opcode 0xFF", (b, l) =>
    set(b, l.functions[0]!.code, 0xff),
  ),
  patched(
    "code-last-word-not-terminator",
    "E_FALLTHROUGH",
    "main's HALT became LOADTRUE R0",
    (b, l) => {
      const length = readModule(b.slice()).module.functions[0]!.code.length;
      return u32(b, l.functions[0]!.code + 4 * (length - 1), Op.LOADTRUE);
    },
  ),
  patched("registers-zero", "E_REGISTERS", "main's register count is 0", (b, l) =>
    set(b, l.functions[0]!.registers, 0),
  ),
  patched("string-index", "E_STRING_INDEX", "global 0's name index is 127", (b, l) =>
    set(b, l.globals[0]!, 0x7f),
  ),
  patched("main-has-params", "E_MAIN", "main declares one parameter", (b, l) =>
    set(b, l.functions[0]!.params, 1),
  ),
  // --- Built from a Module: the assembler refuses to express these
  {
    name: "limit-globals",
    code: "E_LIMIT",
    description: "65,537 globals (the limit is 65,536)",
    build: () => built({ globals: Array.from({ length: 65_537 }, () => ({ name: 0 })) }),
  },
  {
    name: "variant-arity-256",
    code: "E_ARITY",
    description: "an enum variant with payload arity 256 (the limit is 255)",
    build: () =>
      built({
        strings: ["main", "E", "A"],
        types: [
          { kind: "enum", name: 1, flags: 0, variants: [{ name: 2, arity: 256 }], methods: [] },
        ],
      }),
  },
  {
    name: "constant-index",
    code: "E_CONSTANT_INDEX",
    description: "main's constant list names constant 5 of an empty pool",
    build: () => built({}, { constants: [5] }),
  },
  {
    name: "child-index",
    code: "E_CHILD_INDEX",
    description: "main's child list names function 4 of 1",
    build: () => built({}, { children: [4] }),
  },
  {
    name: "debug-shape",
    code: "E_DEBUG_SHAPE",
    description: "the DEBUG section describes no functions; the module has one",
    build: () =>
      built({ debug: { sourceFile: "a.veld", sourceHash: new Uint8Array(0), functions: [] } }),
  },
  {
    name: "debug-file-index",
    code: "E_DEBUG_SHAPE",
    description: "main's file is 2 in a file table of 2 files (0 and 1)",
    build: () => built({ debug: debugWithFiles(["lib.veld"], 2) }),
  },
  {
    name: "debug-file-repeated",
    code: "E_DEBUG_SHAPE",
    description: "the DEBUG file table repeats the source file",
    build: () => built({ debug: debugWithFiles(["a.veld"], 1) }),
  },
  {
    name: "export-kind",
    code: "E_ITEM_KIND",
    description: "a library's export record has kind byte 4 (kinds are 0-3)",
    build: () => {
      const bytes = built(LIBRARY);
      return fixCrc(set(bytes, layoutOf(bytes).exports![0]!.kind, 4));
    },
  },
  {
    name: "export-repeated",
    code: "E_EXPORT",
    description: "a library exports the name f twice",
    build: () =>
      built({
        ...LIBRARY,
        exports: { module: 1, items: [...LIBRARY.exports!.items, LIBRARY.exports!.items[0]!] },
      }),
  },
  {
    name: "import-own-module",
    code: "E_IMPORT",
    description: "library geo imports f from geo, itself",
    build: () =>
      built({
        ...LIBRARY,
        globals: [{ name: 2 }, { name: 2 }],
        imports: [{ module: 1, name: 2, kind: "function", index: 1, arity: 0 }],
      }),
  },
  {
    name: "registers-257",
    code: "E_REGISTERS",
    description: "main declares 257 registers (the limit is 256)",
    build: () => built({}, { registers: 257 }),
  },
  // --- Deterministic bit flips (seeded), CRC fixed: whatever the damage, the result must be a
  // clean FormatError or a well-defined run. Which codes are right was worked out by hand
  // from the flipped field: decoding is sequential, so a malformed file has one answer; a
  // decodable one may break several verifier rules.
  ...BITFLIP_ACCEPTABLE.map((acceptable, i): MalformedCase => {
    const seed = 1000 + i;
    return {
      name: `bitflip-${String(i + 1).padStart(2, "0")}`,
      acceptable,
      description: `one bit after the header flipped (mulberry32 seed ${seed} picks byte and bit; CRC fixed)`,
      build: (base) => {
        const random = prng(seed);
        const b = base(SAMPLE);
        const at = HEADER_SIZE + Math.floor(random() * (b.length - HEADER_SIZE));
        b[at]! ^= 1 << Math.floor(random() * 8);
        return fixCrc(b);
      },
    };
  }),
];
