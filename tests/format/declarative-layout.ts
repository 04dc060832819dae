// spec/format.md's layout as an executable description, written with binary-parser: the header
// (§3), the section directory (§4) and every section's records (§5), each parser read as the
// spec's grammar reads. It shares no code with format/reader.ts, so decoding a file with both
// and comparing field by field catches a layout change that the spec, the reader and this
// description do not all make. Tests only: binary-parser builds its parsers with
// `new Function` and reports no byte offsets, so it stays out of the runtime's reader
// (docs/product-targets.md).

import { Parser } from "binary-parser";
import type { CustomSection, DebugInfo, Module, TypeDef } from "../../format/module.js";

// ---- §2 primitive encodings -------------------------------------------------------------

/** LEB128 bytes: up to and including the first byte without the continuation bit. */
const lebBytes = new Parser().array("bytes", {
  type: "uint8",
  readUntil: (item: number) => (item & 0x80) === 0,
});

function ulebValue(bytes: number[]): number {
  return bytes.reduce((value, b, i) => value + (b & 0x7f) * 2 ** (7 * i), 0);
}

function slebValue(bytes: number[]): bigint {
  let value = 0n;
  bytes.forEach((b, i) => (value |= BigInt(b & 0x7f) << BigInt(7 * i)));
  const bits = BigInt(7 * bytes.length);
  return (bytes[bytes.length - 1]! & 0x40) !== 0 ? value - (1n << bits) : value;
}

const uleb = (p: Parser, name: string): Parser =>
  p.nest(name, { type: lebBytes, formatter: (x: { bytes: number[] }) => ulebValue(x.bytes) });
const sleb = (p: Parser, name: string): Parser =>
  p.nest(name, { type: lebBytes, formatter: (x: { bytes: number[] }) => slebValue(x.bytes) });

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
/** `str`: a uleb byte length, then that many bytes of UTF-8. */
const strParser = uleb(new Parser(), "length").buffer("bytes", { length: "length" });
const str = (p: Parser, name: string): Parser =>
  p.nest(name, {
    type: strParser,
    formatter: (x: { bytes: Uint8Array }) => utf8.decode(x.bytes),
  });

/** `uleb count`, then `count` entries of `type`. */
const table = (p: Parser, name: string, type: Parser | string): Parser =>
  uleb(p, `${name}Count`).array(name, { type, length: `${name}Count` });

// ---- §3 header, §4 directory ------------------------------------------------------------

const directoryEntry = uleb(uleb(new Parser().uint8("id"), "offset"), "size");

export const containerParser = new Parser()
  .endianness("little")
  .buffer("magic", { length: 8 })
  .uint8("major")
  .uint8("minor")
  .uint8("flags")
  .uint8("sectionCount")
  .uint32("checksum")
  .array("directory", { type: directoryEntry, length: "sectionCount" });

// ---- §5 sections ------------------------------------------------------------------------

const constant = new Parser()
  .endianness("little")
  .uint8("tag")
  .choice("value", {
    tag: "tag",
    choices: {
      0: sleb(new Parser(), "int"),
      1: new Parser().endianness("little").doublele("float"),
      2: uleb(new Parser(), "string"),
      3: uleb(new Parser(), "codePoint"),
    },
  });

const method = uleb(uleb(new Parser(), "name"), "global");
const variant = uleb(uleb(new Parser(), "name"), "arity");
const typeEntry = table(
  uleb(new Parser().uint8("kind").uint8("flags"), "name").choice("members", {
    tag: "kind",
    choices: {
      0: table(new Parser(), "fields", uleb(new Parser(), "name")),
      1: table(new Parser(), "variants", variant),
    },
  }),
  "methods",
  method,
);

const upvalue = uleb(new Parser().uint8("inStack"), "index");
const functionEntry = uleb(
  table(
    table(
      table(uleb(uleb(uleb(new Parser(), "name"), "params"), "registers"), "upvalues", upvalue),
      "children",
      uleb(new Parser(), "index"),
    ),
    "constants",
    uleb(new Parser(), "index"),
  ),
  "codeLength",
);

const lineEntry = uleb(sleb(new Parser(), "delta"), "column");
const local = uleb(
  uleb(str(new Parser(), "name").uint8("register").uint8("bank"), "startPc"),
  "endPc",
);
const functionDebug = table(
  table(table(new Parser(), "lines", lineEntry), "locals", local),
  "upvalueNames",
  str(new Parser(), "name"),
);

/** §5.10–5.11: an export's or import's kind, index and (functions only) arity. */
const item = (p: Parser): Parser =>
  p.uint8("kind").choice("item", {
    tag: "kind",
    choices: {
      0: uleb(uleb(new Parser(), "index"), "arity"),
      1: uleb(new Parser(), "index"),
      2: uleb(new Parser(), "index"),
      3: uleb(new Parser(), "index"),
    },
  });

/** Each section's content, by id; every parser ends by saving where it stopped. */
export const SECTION_PARSERS: Readonly<Record<number, Parser>> = {
  1: table(new Parser(), "strings", str(new Parser(), "value")).saveOffset("end"),
  2: table(new Parser(), "constants", constant).saveOffset("end"),
  3: table(new Parser(), "types", typeEntry).saveOffset("end"),
  4: table(new Parser(), "natives", uleb(new Parser(), "name").uint8("arity")).saveOffset("end"),
  5: table(new Parser(), "globals", uleb(new Parser(), "name")).saveOffset("end"),
  6: table(new Parser(), "functions", functionEntry).saveOffset("end"),
  7: new Parser().array("words", { type: "uint32le", readUntil: "eof" }).saveOffset("end"),
  8: table(
    uleb(str(new Parser(), "sourceFile"), "hashLength").buffer("hash", { length: "hashLength" }),
    "functions",
    functionDebug,
  ).saveOffset("end"),
  9: table(uleb(new Parser(), "module"), "items", item(uleb(new Parser(), "name"))).saveOffset(
    "end",
  ),
  10: table(new Parser(), "imports", item(uleb(uleb(new Parser(), "module"), "name"))).saveOffset(
    "end",
  ),
  0: str(new Parser(), "name").buffer("data", { readUntil: "eof" }).saveOffset("end"),
};

const KINDS = ["function", "constant", "struct", "enum"] as const;
const itemOf = (x: Raw) => ({
  kind: KINDS[x.kind]!,
  index: x.item.index,
  ...(x.kind === 0 ? { arity: x.item.arity } : {}),
});

/**
 * Format 1.1's DEBUG file table, after the per-function entries when bytes remain: the files
 * after the source file, then each function's file index.
 */
const fileTable = (functions: number) =>
  table(new Parser(), "files", str(new Parser(), "name"))
    .array("indexes", { type: uleb(new Parser(), "file"), length: functions })
    .saveOffset("end");

// ---- the decoded module, in format/module.ts's shape ------------------------------------

export interface DeclarativeFile {
  readonly major: number;
  readonly minor: number;
  readonly flags: number;
  readonly checksum: number;
  readonly sections: readonly { id: number; offset: number; size: number }[];
  readonly module: Module;
}

/** binary-parser results are untyped. */
type Raw = any;

/** Decodes a well-formed file by the description above; throws when a section is not filled. */
export function decodeDeclaratively(bytes: Uint8Array): DeclarativeFile {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const head: Raw = containerParser.parse(buffer);
  const content = (s: { id: number; offset: number; size: number }): Raw => {
    const parsed: Raw = SECTION_PARSERS[s.id]!.parse(buffer.subarray(s.offset, s.offset + s.size));
    if (s.id === 8 && head.minor >= 1 && parsed.end < s.size) {
      const rest = buffer.subarray(s.offset + parsed.end, s.offset + s.size);
      parsed.fileTable = fileTable(parsed.functions.length).parse(rest);
      parsed.end += parsed.fileTable.end;
    }
    // CUSTOM's payload and CODE's words run to the section end by definition.
    const end = s.id === 0 ? s.size : s.id === 7 ? parsed.words.length * 4 : parsed.end;
    if (end !== s.size) {
      throw new Error(`section ${s.id}: content ends at ${end} of ${s.size} bytes`);
    }
    return parsed;
  };
  const sections = head.directory as { id: number; offset: number; size: number }[];
  const of = (id: number): Raw => {
    const s = sections.find((x) => x.id === id);
    return s ? content(s) : undefined;
  };
  const functions: Raw[] = of(6).functions;
  const words = Uint32Array.from(of(7).words as number[]);
  let at = 0;
  const module: Module = {
    strings: of(1).strings.map((x: Raw) => x.value),
    constants: of(2).constants.map((c: Raw) =>
      c.tag === 0
        ? { kind: "int", value: c.value.int }
        : c.tag === 1
          ? { kind: "float", value: c.value.float }
          : c.tag === 2
            ? { kind: "str", string: c.value.string }
            : { kind: "char", codePoint: c.value.codePoint },
    ),
    types: of(3).types.map((t: Raw): TypeDef =>
      t.kind === 0
        ? {
            kind: "struct",
            name: t.name,
            flags: t.flags,
            fields: t.members.fields.map((f: Raw) => f.name),
            methods: t.methods,
          }
        : {
            kind: "enum",
            name: t.name,
            flags: t.flags,
            variants: t.members.variants,
            methods: t.methods,
          },
    ),
    natives: of(4).natives,
    globals: of(5).globals,
    functions: functions.map((f: Raw) => ({
      name: f.name,
      params: f.params,
      registers: f.registers,
      upvalues: f.upvalues.map((u: Raw) => ({ inStack: u.inStack === 1, index: u.index })),
      children: f.children.map((c: Raw) => c.index),
      constants: f.constants.map((c: Raw) => c.index),
      code: words.slice(at, (at += f.codeLength)),
    })),
    ...(sections.some((s) => s.id === 8) ? { debug: debugInfo(of(8)) } : {}),
    ...(sections.some((s) => s.id === 9)
      ? {
          exports: {
            module: of(9).module,
            items: of(9).items.map((x: Raw) => ({ name: x.name, ...itemOf(x) })),
          },
        }
      : {}),
    ...(sections.some((s) => s.id === 10)
      ? {
          imports: of(10).imports.map((x: Raw) => ({
            module: x.module,
            name: x.name,
            ...itemOf(x),
          })),
        }
      : {}),
    custom: sections
      .filter((s) => s.id === 0)
      .map((s): CustomSection => {
        const c = content(s);
        return { name: c.name, data: new Uint8Array(c.data) };
      }),
  };
  return {
    major: head.major,
    minor: head.minor,
    flags: head.flags,
    checksum: head.checksum,
    sections: sections.map(({ id, offset, size }) => ({ id, offset, size })),
    module,
  };
}

function debugInfo(d: Raw): DebugInfo {
  const files = d.fileTable?.files.map((f: Raw) => f.name);
  return {
    sourceFile: d.sourceFile,
    sourceHash: new Uint8Array(d.hash),
    ...(files ? { files } : {}),
    functions: d.functions.map((f: Raw, i: number) => {
      let line = 0;
      const file: number = d.fileTable?.indexes[i].file ?? 0;
      return {
        ...(file !== 0 ? { file } : {}),
        // Each instruction's line is the previous one's plus its delta (the first from 0).
        lines: Uint32Array.from(f.lines, (l: Raw) => (line += Number(l.delta))),
        columns: Uint32Array.from(f.lines, (l: Raw) => l.column),
        locals: f.locals,
        upvalueNames: f.upvalueNames.map((n: Raw) => n.name),
      };
    }),
  };
}
