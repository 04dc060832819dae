// The reader's errors as a user sees them (code, offset and message; spec/format.md §9), the
// edges of its header and directory checks, and its two ways of reading CODE. The catalogue
// cases of tests/format/errors.test.ts check each code once; these are the cases next to them.

import { describe, expect, it } from "vitest";
import {
  FormatError,
  HEADER_SIZE,
  MAGIC,
  readModule,
  writeModule,
  type LocalVar,
  type Module,
} from "../../format/index.js";
import { ulebLength } from "../../format/bytes.js";
import { FORMAT_MAJOR, FORMAT_MINOR } from "../../format/module.js";
import { LIBRARY, MINIMAL, SAMPLE, errorOf, fixChecksum, op, patch } from "./fixtures.js";

/** The code, offset and message `readModule(bytes)` fails with. */
const failure = (bytes: Uint8Array) => {
  const e = errorOf(() => readModule(bytes));
  return { code: e.code, offset: e.offset, message: e.message };
};

// MINIMAL is 76 bytes: header 0–15, directory 16–36 (entry i: id at 16+3i, offset and size
// one byte each after it), STRINGS at 40 ("main" at 42), padding at 46–47, CODE at 72.
const minimal = writeModule(MINIMAL);
const library = writeModule(LIBRARY);
const libraryLayout = readModule(library).layout;
const sample = writeModule(SAMPLE);
const sampleLayout = readModule(sample).layout;

/** A header of `count` sections and nothing else (checksum of no bytes: 0). */
const header = (count: number, minor = 0) =>
  Uint8Array.of(...MAGIC, FORMAT_MAJOR, minor, 0, count, 0, 0, 0, 0);

const minimalDebug: Module["debug"] = {
  sourceFile: "a.veld",
  sourceHash: new Uint8Array(0),
  functions: [
    { lines: Uint32Array.of(1), columns: Uint32Array.of(1), locals: [], upvalueNames: [] },
  ],
};

describe("the header", () => {
  it("a file shorter than the magic is truncated, not a bad magic", () => {
    for (const length of [0, 3, MAGIC.length]) {
      expect(failure(MAGIC.slice(0, length))).toEqual({
        code: "E_TRUNCATED",
        offset: length,
        message: `the header needs ${HEADER_SIZE} bytes`,
      });
    }
    expect(failure(Uint8Array.of(0x89, 0x57))).toEqual({
      code: "E_MAGIC",
      offset: 0,
      message: "not a .veldc file (bad magic)",
    });
  });

  it("a header of exactly 16 bytes is read: its file lacks STRINGS", () => {
    expect(failure(header(0))).toEqual({
      code: "E_SECTION_MISSING",
      offset: HEADER_SIZE,
      message: "STRINGS is missing",
    });
  });

  it("names the version it knows", () => {
    const known = `this reader knows ${FORMAT_MAJOR}.${FORMAT_MINOR}`;
    expect(failure(patch(minimal, 8, 2))).toEqual({
      code: "E_VERSION",
      offset: 8,
      message: `format 2.0 is not supported (${known})`,
    });
    expect(failure(patch(minimal, 9, FORMAT_MINOR + 1))).toEqual({
      code: "E_VERSION",
      offset: 9,
      message: `format 1.${FORMAT_MINOR + 1} is not supported (${known})`,
    });
    // The newest minor is read (and then must match the file's newest feature).
    expect(failure(patch(minimal, 9, FORMAT_MINOR))).toEqual({
      code: "E_VERSION",
      offset: 9,
      message: `a file whose newest feature is of format 1.0 is 1.0, not 1.${FORMAT_MINOR}`,
    });
    expect(() => readModule(library)).not.toThrow();
  });

  it("a file of 4 GiB is refused before its checksum is computed", () => {
    for (const length of [2 ** 32, 2 ** 32 + 1]) {
      const huge = minimal.slice();
      Object.defineProperty(huge, "length", { value: length });
      expect(failure(huge)).toEqual({
        code: "E_SECTION_LAYOUT",
        offset: 0,
        message: "files must be smaller than 4 GiB",
      });
    }
    const below = minimal.slice();
    Object.defineProperty(below, "length", { value: 2 ** 32 - 1 });
    expect(failure(below).code).not.toBe("E_SECTION_LAYOUT");
  });

  it("checksum and flags", () => {
    const corrupt = minimal.slice();
    corrupt[75] = 9;
    expect(failure(corrupt)).toEqual({
      code: "E_CHECKSUM",
      offset: 12,
      message: "checksum mismatch (the file is corrupt)",
    });
    expect(failure(patch(minimal, 10, 6))).toEqual({
      code: "E_FLAGS",
      offset: 10,
      message: "unknown header flags 0x6",
    });
    expect(failure(patch(minimal, 10, 1))).toEqual({
      code: "E_FLAGS",
      offset: 10,
      message: "HAS_DEBUG is 1 but DEBUG is absent",
    });
    const debug = writeModule({ ...MINIMAL, debug: minimalDebug });
    expect(failure(patch(debug, 10, 0))).toEqual({
      code: "E_FLAGS",
      offset: 10,
      message: "HAS_DEBUG is 0 but DEBUG is present",
    });
  });
});

describe("the section directory", () => {
  it("reports each layout rule with the section it concerns", () => {
    expect(failure(patch(minimal, 16, 11))).toEqual({
      code: "E_SECTION_ID",
      offset: 16,
      message: "unknown section id 11",
    });
    expect(failure(patch(minimal, 19, 1))).toEqual({
      code: "E_SECTION_ORDER",
      offset: 19,
      message: "STRINGS is out of order",
    });
    expect(failure(patch(minimal, 19, 3))).toEqual({
      code: "E_SECTION_MISSING",
      offset: 19,
      message: "CONSTANTS is missing",
    });
    expect(failure(patch(minimal, 17, 44))).toEqual({
      code: "E_SECTION_LAYOUT",
      offset: 17,
      message: "STRINGS must start at 40, not 44",
    });
    // CODE's size (the last byte of its entry) 8: reported at its offset field.
    expect(failure(patch(minimal, 16 + 3 * 6 + 2, 8))).toEqual({
      code: "E_TRUNCATED",
      offset: 16 + 3 * 6 + 1,
      message: "CODE extends past the end of the file",
    });
    expect(failure(patch(minimal, 46, 1))).toEqual({
      code: "E_PADDING",
      offset: 46,
      message: "padding bytes must be zero",
    });
    expect(failure(fixChecksum(Uint8Array.of(...minimal, 0, 0, 0, 0)))).toEqual({
      code: "E_TRAILING",
      offset: 76,
      message: "4 bytes after the last section",
    });
  });

  it("a section ending exactly at the end of the file is read", () => {
    const code = minimal.length - 4;
    expect(readModule(minimal).layout.sections[6]).toMatchObject({ offset: code, size: 4 });
    expect(failure(minimal.slice(0, -1)).code).toBe("E_CHECKSUM");
  });

  it("no known section follows a custom one", () => {
    const twoCustom = writeModule({
      ...MINIMAL,
      custom: [
        { name: "a", data: new Uint8Array(0) },
        { name: "b", data: new Uint8Array(0) },
      ],
    });
    const second = readModule(twoCustom).layout.sections[8]!.entry;
    expect(failure(patch(twoCustom, second, 8))).toEqual({
      code: "E_SECTION_ORDER",
      offset: second,
      message: "DEBUG is out of order",
    });
  });

  it("sections after CODE may skip ids; the seven before it may not", () => {
    // EXPORTS (9) right after CODE (7), without DEBUG (8).
    expect(libraryLayout.sections.map((s) => s.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 9, 10]);
    expect(() => readModule(library)).not.toThrow();
  });
});

describe("sections", () => {
  it("an unread end of a section", () => {
    expect(failure(patch(minimal, 18, 7))).toEqual({
      code: "E_SECTION_SIZE",
      offset: 46,
      message: "1 unread bytes at the end of STRINGS",
    });
  });

  it("CODE must hold exactly the functions' code", () => {
    const codeLengthAt = readModule(minimal).layout.functions[0]!.codeLengthAt;
    expect(failure(patch(minimal, codeLengthAt, 2))).toEqual({
      code: "E_SECTION_SIZE",
      offset: 72,
      message: "CODE holds 4 bytes; the functions need 8",
    });
    expect(failure(patch(minimal, codeLengthAt, 0))).toEqual({
      code: "E_SECTION_SIZE",
      offset: 72,
      message: "CODE holds 4 bytes; the functions need 0",
    });
  });

  it("unknown tags, kinds and flags name the byte", () => {
    const intConstant = writeModule({ ...MINIMAL, constants: [{ kind: "int", value: 1n }] });
    const at = readModule(intConstant).layout.constants[0]!;
    expect(failure(patch(intConstant, at, 7))).toEqual({
      code: "E_CONSTANT_TAG",
      offset: at,
      message: "unknown constant tag 7",
    });
    const typeAt = sampleLayout.types[1]!.offset;
    expect(failure(patch(sample, typeAt, 2))).toEqual({
      code: "E_TYPE_KIND",
      offset: typeAt,
      message: "unknown type kind 2",
    });
    const upvalueAt = sampleLayout.functions[1]!.upvalues[0]!;
    expect(failure(patch(sample, upvalueAt, 2))).toEqual({
      code: "E_UPVALUE_FLAG",
      offset: upvalueAt,
      message: "inStack must be 0 or 1, not 2",
    });
    const kindAt = libraryLayout.exports![1]!.kind;
    expect(failure(patch(library, kindAt, 4))).toEqual({
      code: "E_ITEM_KIND",
      offset: kindAt,
      message: "unknown item kind 4",
    });
  });

  it("a line below 0", () => {
    const deltaAt = sampleLayout.debug!.functions[0]!.offset + 1;
    expect(failure(patch(sample, deltaAt, 0x7f))).toEqual({
      code: "E_LINE_RANGE",
      offset: deltaAt,
      message: "line -1 is outside 0..2^32-1",
    });
  });
});

describe("CODE in place or copied", () => {
  it("an aligned file's code is a view of its bytes; an unaligned one's a copy of the same words", () => {
    const aligned = readModule(sample).module;
    for (const f of aligned.functions) expect(f.code.buffer).toBe(sample.buffer);
    const shifted = new Uint8Array(sample.length + 1);
    shifted.set(sample, 1);
    const unaligned = readModule(shifted.subarray(1)).module;
    for (const f of unaligned.functions) expect(f.code.buffer).not.toBe(shifted.buffer);
    expect(unaligned).toEqual(aligned);
    expect(unaligned.functions.map((f) => [...f.code])).toEqual(
      SAMPLE.functions.map((f) => [...f.code]),
    );
  });
});

describe("debug tables: the short forms and the checked readers agree", () => {
  // Line deltas on both sides of the one-, two- and three-byte sleb128 forms, columns on both
  // sides of the one- and two-byte uleb128 forms, up to the greatest line.
  const deltas = [0, 63, -63, 64, -64, 65, -65, 8191, -8191, 8192, -8192, 8193, 1, -1, 127, 128];
  const lines: number[] = [];
  let line = 10_000;
  for (const d of deltas) lines.push((line += d));
  lines.push(0xffffffff, 0, 0xffffffff);
  const columns = lines.map((_, i) => [0, 127, 128, 16383, 16384, 0xffffffff][i % 6]!);
  const n = lines.length;
  const local = (name: string, startPc: number, endPc: number) => ({
    name,
    register: 200,
    bank: 1,
    startPc,
    endPc,
  });
  const code = (length: number) => new Uint32Array(length).fill(MINIMAL.functions[0]!.code[0]!);
  const module: Module = {
    ...MINIMAL,
    strings: ["main", "f"],
    functions: [
      { ...MINIMAL.functions[0]!, children: [1], code: code(n) },
      { ...MINIMAL.functions[0]!, name: 1, code: code(200) },
    ],
    debug: {
      sourceFile: "edges.veld",
      sourceHash: new Uint8Array(0),
      functions: [
        {
          lines: Uint32Array.from(lines),
          columns: Uint32Array.from(columns),
          locals: [
            local("a", 0, n),
            local("x".repeat(127), 1, 2),
            local("y".repeat(128), 0, 1),
            local("é", 0, 1),
            local("", 0, 0),
          ],
          upvalueNames: ["u", "ü"],
        },
        {
          lines: new Uint32Array(200).map((_, i) => i),
          columns: new Uint32Array(200).fill(127),
          locals: [local("p", 127, 128), local("q", 0, 127), local("r", 128, 200)],
          upvalueNames: [],
        },
      ],
    },
  };

  it("decodes every entry and local as written", () => {
    const bytes = writeModule(module);
    const { module: read, layout } = readModule(bytes);
    expect(read.debug).toEqual(module.debug);
    // The locals' offsets, found again from the bytes, are where each local starts.
    for (const [i, f] of module.debug!.functions.entries()) {
      const fl = layout.debug!.functions[i]!;
      let at = fl.localCountAt + 1;
      const expected = f.locals.map((l) => {
        const start = at;
        const name = new TextEncoder().encode(l.name).length;
        at += ulebLength(name) + name + 2 + ulebLength(l.startPc) + ulebLength(l.endPc);
        return start;
      });
      expect(fl.locals).toEqual(expected);
      expect(fl.upvalueNameCountAt).toBe(at);
    }
  });

  it("a line delta of more bytes than it needs is overlong", () => {
    const bytes = writeModule(module);
    const first = readModule(bytes).layout.debug!.functions[1]!.offset + 2; // after n = 200
    // Line 0 written as 0x80 0x00 (two bytes for a zero).
    const overlong = bytes.slice();
    overlong.copyWithin(first + 2, first + 1, overlong.length - 1);
    overlong.set([0x80, 0x00], first);
    const e = errorOf(() => readModule(fixChecksum(overlong)));
    expect({ code: e.code, offset: e.offset }).toEqual({ code: "E_LEB_OVERLONG", offset: first });
  });

  it("63 and -64 in two bytes are overlong; 64 and -65 are not", () => {
    const bytes = writeModule(module);
    const first = readModule(bytes).layout.debug!.functions[1]!.offset + 2;
    for (const [b0, b1, ok] of [
      [0xbf, 0x00, false], // 63
      [0xc0, 0x7f, false], // -64
      [0xc0, 0x00, true], // 64
      [0xbf, 0x7f, true], // -65
    ] as const) {
      // The first entry (delta 0, column 127) becomes a two-byte delta (what follows is
      // misread, but the delta comes first).
      const changed = bytes.slice();
      changed.set([b0, b1], first);
      const e = (() => {
        try {
          readModule(fixChecksum(changed));
        } catch (e) {
          return e instanceof FormatError ? { code: e.code, offset: e.offset } : e;
        }
        return undefined;
      })();
      if (ok) expect(e).not.toEqual({ code: "E_LEB_OVERLONG", offset: first });
      else expect(e).toEqual({ code: "E_LEB_OVERLONG", offset: first });
    }
  });
});

describe("the layout and the tables", () => {
  it("lists one offset per item of each table, where the item starts", () => {
    const { module, layout } = readModule(sample);
    expect(layout.strings).toHaveLength(module.strings.length);
    expect(layout.constants).toHaveLength(module.constants.length);
    expect(layout.types).toHaveLength(module.types.length);
    expect(layout.globals).toHaveLength(module.globals.length);
    expect(layout.functions).toHaveLength(module.functions.length);
    // NATIVES holds its count (1) and then the one native.
    expect(layout.natives).toEqual([layout.sections[3]!.offset + 1]);
  });

  it("a valid file's line and column tables share one buffer of exactly their size", () => {
    const { module, layout } = readModule(sample);
    const words = layout.sections[6]!.size / 4;
    const tables = module.debug!.functions.flatMap((f) => [f.lines, f.columns]);
    for (const t of tables) expect(t.buffer).toBe(tables[0]!.buffer);
    expect(tables[0]!.buffer.byteLength).toBe(2 * words * 4);
  });

  it("E_COUNT names what it counts", () => {
    expect(failure(patch(minimal, 40, 100))).toEqual({
      code: "E_COUNT",
      offset: 40,
      message: "string count 100 exceeds the 5 bytes left",
    });
    const intConstant = writeModule({ ...MINIMAL, constants: [{ kind: "int", value: 1n }] });
    const at = readModule(intConstant).layout.sections[1]!.offset;
    expect(failure(patch(intConstant, at, 100))).toEqual({
      code: "E_COUNT",
      offset: at,
      message: "constant count 100 exceeds the 2 bytes left",
    });
  });
});

describe("counts, item offsets and the debug file table", () => {
  /** A module with two of everything a count introduces, debug info of two files, exports. */
  const two: Module = {
    ...LIBRARY,
    strings: [...LIBRARY.strings, "b.veld", "c.veld"],
    constants: [
      { kind: "int", value: 1n },
      { kind: "int", value: 2n },
    ],
    types: [
      { kind: "struct", name: 3, flags: 0, fields: [4, 5], methods: [{ name: 2, global: 0 }] },
      LIBRARY.types[1]!,
    ],
    natives: [
      { name: 4, arity: 0 },
      { name: 5, arity: 1 },
    ],
    functions: [
      { ...MINIMAL.functions[0]!, registers: 2, children: [1, 2], constants: [0, 1] },
      {
        ...MINIMAL.functions[0]!,
        name: 2,
        upvalues: [
          { inStack: true, index: 0 },
          { inStack: true, index: 1 },
        ],
      },
      { ...MINIMAL.functions[0]!, name: 2 },
    ],
    debug: {
      sourceFile: "a.veld",
      sourceHash: new Uint8Array(2),
      functions: [0, 1, 2].map((i) => ({
        lines: Uint32Array.of(1),
        columns: Uint32Array.of(1),
        locals: [{ name: "x", register: 0, bank: 0, startPc: 0, endPc: 1 }],
        upvalueNames: ["u", "v"],
        ...(i === 0 ? {} : { file: i }),
      })),
      files: ["b.veld", "c.veld"],
    },
  };
  const bytes = writeModule(two);
  // Read in each test, not when the file loads: mutation testing activates a mutant only
  // while a test runs.
  const read = () => readModule(bytes);

  it("reads the file table of format 1.1 and each function's file", () => {
    const { module, layout } = read();
    expect(module.debug).toEqual(two.debug);
    const d = layout.debug!;
    // The table follows the last function entry: its count, two strings, three file indexes.
    expect(bytes[d.fileCountAt!]).toBe(2);
    const indexes = d.fileIndexes!;
    expect(indexes).toHaveLength(3);
    expect(indexes.map((at) => bytes[at])).toEqual([0, 1, 2]);
    expect(indexes[0]).toBe(d.fileCountAt! + 1 + 2 * (1 + "b.veld".length));
  });

  it("a 1.0 file ends its DEBUG section after the functions: more is unread", () => {
    const debug = writeModule({ ...MINIMAL, debug: minimalDebug });
    const last = readModule(debug).layout.sections.at(-1)!;
    const longer = Uint8Array.of(...debug, 0);
    longer[last.entry + 2] = last.size + 1; // the size byte of DEBUG's directory entry
    expect(failure(fixChecksum(longer))).toEqual({
      code: "E_SECTION_SIZE",
      offset: debug.length,
      message: "1 unread bytes at the end of DEBUG",
    });
  });

  it("a 1.1 file without a file table is read to its end", () => {
    const newer = writeModule({
      ...MINIMAL,
      functions: [{ ...MINIMAL.functions[0]!, code: Uint32Array.of(op("NEWMAP", 0), op("HALT")) }],
      debug: {
        ...minimalDebug,
        functions: [
          {
            ...minimalDebug.functions[0]!,
            lines: Uint32Array.of(1, 1),
            columns: Uint32Array.of(1, 1),
          },
        ],
      },
    });
    expect(newer[9]).toBe(1);
    expect(readModule(newer).module.debug!.files).toBeUndefined();
  });

  it("lists each list item's offset", () => {
    const { layout } = read();
    const [main, child] = layout.functions;
    expect(main!.children).toEqual([main!.childCountAt + 1, main!.childCountAt + 2]);
    expect(main!.constants).toEqual([main!.constantCountAt + 1, main!.constantCountAt + 2]);
    expect(child!.upvalues).toEqual([child!.upvalueCountAt + 1, child!.upvalueCountAt + 3]);
    expect(layout.functions[2]!.upvalues).toEqual([]);
  });

  it("E_COUNT names what it counts", () => {
    const { layout } = read();
    const d = layout.debug!;
    const counts: [string, number][] = [
      ["type", layout.sections[2]!.offset],
      ["field", layout.types[0]!.memberCountAt],
      ["variant", layout.types[1]!.memberCountAt],
      ["method", layout.types[0]!.methodCountAt],
      ["native", layout.sections[3]!.offset],
      ["global", layout.sections[4]!.offset],
      ["function", layout.sections[5]!.offset],
      ["upvalue", layout.functions[1]!.upvalueCountAt],
      ["child", layout.functions[0]!.childCountAt],
      ["constant", layout.functions[0]!.constantCountAt],
      ["source hash byte", d.sourceHash],
      ["debug function", d.functionCountAt],
      ["line table entry", d.functions[0]!.offset],
      ["local", d.functions[0]!.localCountAt],
      ["upvalue name", d.functions[0]!.upvalueNameCountAt],
      ["debug file", d.fileCountAt!],
      ["export", layout.exportsCountAt!],
      ["import", layout.importsCountAt!],
    ];
    for (const [what, at] of counts) {
      const e = errorOf(() => readModule(patch(bytes, at, 0x7f)));
      expect({ what, code: e.code, offset: e.offset }).toEqual({
        what,
        code: "E_COUNT",
        offset: at,
      });
      expect(e.message).toMatch(new RegExp(`^${what} count 127 exceeds the \\d+ bytes left$`));
    }
  });

  it("a line table longer than the code still decodes (the verifier rejects it)", () => {
    const long = writeModule({
      ...MINIMAL,
      debug: {
        ...minimalDebug,
        functions: [
          {
            ...minimalDebug.functions[0]!,
            lines: Uint32Array.of(1, 2, 3),
            columns: Uint32Array.of(4, 5, 6),
          },
        ],
      },
    });
    const f = readModule(long).module.debug!.functions[0]!;
    expect([...f.lines, ...f.columns]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("lines stay within 0..2^32-1, by short and long deltas", () => {
    const withLines = (...lines: number[]) =>
      writeModule({
        ...MINIMAL,
        functions: [
          { ...MINIMAL.functions[0]!, code: new Uint32Array(lines.length).fill(op("HALT")) },
        ],
        debug: {
          ...minimalDebug,
          functions: [
            {
              ...minimalDebug.functions[0]!,
              lines: Uint32Array.from(lines),
              columns: new Uint32Array(lines.length),
            },
          ],
        },
      });
    // 2^32 - 2, then +1 by a one-byte delta: the greatest line.
    const top = readModule(withLines(0xfffffffe, 0xffffffff)).module.debug!.functions[0]!;
    expect([...top.lines]).toEqual([0xfffffffe, 0xffffffff]);
    // Past either end by a one-byte, a two-byte and a five-byte delta.
    const cases: [number[], number, number][] = [
      [[0xffffffff, 0xffffffff], 1, 2 ** 32], // the second delta 0 → 1
      [[0, 0], 0x7f, -1], // one byte: -1
      [[0, 0], 0x3f, 63], // in range
    ];
    for (const [lines, byte, line] of cases) {
      const file = withLines(...lines);
      const at = readModule(file).layout.debug!.functions[0]!.offset + 1;
      const second = at + (lines[0] === 0 ? 2 : 6);
      const r = () => readModule(patch(file, second, byte));
      if (line >= 0 && line <= 0xffffffff) expect(() => r()).not.toThrow();
      else
        expect(failure(patch(file, second, byte))).toEqual({
          code: "E_LINE_RANGE",
          offset: second,
          message: `line ${line} is outside 0..2^32-1`,
        });
    }
    // By a two-byte delta past the top: 2^32 - 65, then +64 made +65.
    const high = withLines(0xffffffff - 64, 0xffffffff);
    const highAt = readModule(high).layout.debug!.functions[0]!.offset + 1 + 6;
    expect([...high.subarray(highAt, highAt + 2)]).toEqual([0xc0, 0x00]);
    expect(failure(patch(high, highAt, 0xc1))).toEqual({
      code: "E_LINE_RANGE",
      offset: highAt,
      message: `line ${2 ** 32} is outside 0..2^32-1`,
    });
    // By a long (two-byte) delta: 0 - 65.
    const twoByte = withLines(0, 200, 0);
    const first = readModule(twoByte).layout.debug!.functions[0]!.offset + 1;
    // Entries: [0, col 0], [+200 as c8 01, col 0], [-200 as b8 7e, col 0]; the last becomes -201.
    const third = first + 2 + 3;
    expect(failure(patch(twoByte, third, 0xb7, 0x7e))).toEqual({
      code: "E_LINE_RANGE",
      offset: third,
      message: "line -1 is outside 0..2^32-1",
    });
  });
});

describe("a line table cut at the end of DEBUG reads nothing of the next section", () => {
  it("is truncated at the section end, whatever bytes follow", () => {
    // Two three-byte entries (+200, -200), then the local and upvalue-name counts (0, 0); its
    // count patched from 2 to 4 makes the counts a third entry and the fourth start at the
    // end. A custom section named "\u0001" follows at once: its bytes 1, 1 would be a short
    // entry, or the first byte of a longer one.
    for (const sourceFile of ["a", "ab", "abc", "abcd"]) {
      const file = writeModule({
        ...MINIMAL,
        functions: [{ ...MINIMAL.functions[0]!, code: Uint32Array.of(op("HALT"), op("HALT")) }],
        debug: {
          sourceFile,
          sourceHash: new Uint8Array(0),
          functions: [
            {
              lines: Uint32Array.of(200, 0),
              columns: Uint32Array.of(0, 0),
              locals: [],
              upvalueNames: [],
            },
          ],
        },
        custom: [{ name: "\u0001", data: new Uint8Array(0) }],
      });
      const { layout } = readModule(file);
      const debug = layout.sections[7]!;
      if (debug.size % 4 !== 0) continue; // the custom section must follow without padding
      const end = debug.offset + debug.size;
      expect([...file.subarray(end, end + 2)]).toEqual([1, 1]);
      expect(failure(patch(file, layout.debug!.functions[0]!.offset, 4))).toEqual({
        code: "E_TRUNCATED",
        offset: end,
        message: "byte needs 1 bytes, 0 left",
      });
      return;
    }
    expect.fail("no source file name gives an aligned DEBUG section");
  });
});

describe("more layouts", () => {
  it("a 1.1 file reads its file table", () => {
    const withFiles: Module = {
      ...MINIMAL,
      debug: {
        ...minimalDebug,
        functions: [{ ...minimalDebug.functions[0]!, file: 1 }],
        files: ["b.veld"],
      },
    };
    const bytes = writeModule(withFiles);
    expect(bytes[9]).toBe(1);
    expect(readModule(bytes).module.debug).toEqual(withFiles.debug);
  });

  it("an exported or imported function's record lists its arity field", () => {
    const libraryLayout = readModule(library).layout;
    const first = libraryLayout.exports![0]!;
    expect(first).toEqual({
      offset: libraryLayout.exportsCountAt! + 1,
      name: first.offset,
      kind: first.offset + 1,
      index: first.offset + 2,
      arity: first.offset + 3,
    });
    const imported = libraryLayout.imports![0]!;
    expect(imported).toEqual({
      offset: libraryLayout.importsCountAt! + 1,
      name: imported.offset + 1,
      kind: imported.offset + 2,
      index: imported.offset + 3,
      arity: imported.offset + 4,
    });
  });
});

describe("a debug entry cut at the end of DEBUG reads nothing of the next section", () => {
  // One function of four code words: lines +200 (c8 01, column 0) then 0, 0, 0; no locals
  // (or the one given), no upvalue names. A custom section named "\u0001" with the data
  // 1, 1, 1 follows at once (the source file name is chosen so DEBUG needs no padding): every
  // byte after DEBUG is 1, a short delta, column, register or pc.
  const cutFile = (locals: LocalVar[] = []) => {
    for (const sourceFile of ["a", "ab", "abc", "abcd"]) {
      const file = writeModule({
        ...MINIMAL,
        functions: [
          { ...MINIMAL.functions[0]!, code: Uint32Array.of(...Array(4).fill(op("HALT"))) },
        ],
        debug: {
          sourceFile,
          sourceHash: new Uint8Array(0),
          functions: [
            {
              lines: Uint32Array.of(200, 200, 200, 200),
              columns: Uint32Array.of(0, 0, 0, 0),
              locals,
              upvalueNames: [],
            },
          ],
        },
        custom: [{ name: "\u0001", data: Uint8Array.of(1, 1, 1) }],
      });
      const { layout } = readModule(file);
      const debug = layout.sections[7]!;
      if (debug.size % 4 !== 0) continue;
      const end = debug.offset + debug.size;
      expect([...file.subarray(end, end + 5)]).toEqual([1, 1, 1, 1, 1]);
      return { file, end, entries: layout.debug!.functions[0]!.offset };
    }
    return expect.fail("no source file name gives an aligned DEBUG section");
  };

  it("a line entry starting on the section's last byte", () => {
    // The table: 04 (entries) c8 01 00 | 00 00 | 00 00 | 00 00, then 00 (locals) 00 (upvalue
    // names). Five entries, the fourth made b8 7e 00 (-200): the fifth starts on the last byte.
    const { file, end, entries } = cutFile();
    expect(end - entries).toBe(1 + 3 + 3 * 2 + 2);
    const cut = patch(patch(file, entries, 5), entries + 8, 0xb8, 0x7e, 0);
    // A one-byte delta there: its column is past the end.
    expect(failure(cut)).toEqual({
      code: "E_TRUNCATED",
      offset: end,
      message: "byte needs 1 bytes, 0 left",
    });
    // The first byte of a longer delta: its second byte is past the end.
    expect(failure(patch(cut, end - 1, 0x81))).toEqual({
      code: "E_TRUNCATED",
      offset: end,
      message: "byte needs 1 bytes, 0 left",
    });
  });

  it("a local whose register, bank and pcs run past the end", () => {
    // The last bytes: 01 (locals) 01 "x" 00 00 00 01 (the local) 00 (upvalue names). Its name
    // made 5 bytes long takes the register, bank and pcs and the count: the register is the
    // last byte, and its bank the first byte after DEBUG.
    const { file, end } = cutFile([{ name: "x", register: 0, bank: 0, startPc: 0, endPc: 1 }]);
    const local = end - 7;
    expect([...file.subarray(local - 1, end)]).toEqual([1, 1, 0x78, 0, 0, 0, 1, 0]);
    expect(failure(patch(file, local, 5))).toEqual({
      code: "E_TRUNCATED",
      offset: end,
      message: "byte needs 1 bytes, 0 left",
    });
  });
});
