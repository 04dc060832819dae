// `.veldc` bytes → Module plus the byte offsets of its parts (spec/format.md). Decodes the
// structure only: anything that cannot be represented in a Module (or is non-canonical at the
// byte level) is a "malformed" FormatError here; index and semantic rules are verifyModule's.
// One function per structure, in spec order, mirroring writer.ts name for name.

import { ByteReader } from "./bytes.js";
import {
  CHECKSUM_OFFSET,
  FLAG_HAS_DEBUG,
  HEADER_SIZE,
  MAGIC,
  SECTION_NAMES,
  SectionId,
  align,
} from "./container.js";
import { crc32 } from "./crc32.js";
import { FormatError } from "./errors.js";
import type {
  Constant,
  CustomSection,
  DebugInfo,
  FunctionDebug,
  FunctionProto,
  Global,
  LocalVar,
  Method,
  Module,
  Native,
  TypeDef,
  UpvalueDesc,
  Variant,
} from "./module.js";
import { FORMAT_MAJOR, FORMAT_MINOR } from "./module.js";

export interface SectionLayout {
  readonly id: number;
  readonly offset: number;
  readonly size: number;
  /** Offset of the section's directory entry. */
  readonly entry: number;
}

export interface TypeLayout {
  readonly offset: number; // kind byte
  readonly flags: number;
  readonly name: number;
  readonly memberCount: number; // field or variant count
  readonly members: number[]; // each field name / variant entry
  readonly methodCount: number;
  readonly methods: number[];
}

export interface FunctionLayout {
  readonly offset: number; // the entry, starting with its name
  readonly params: number;
  readonly registers: number;
  readonly upvalueCount: number;
  readonly upvalues: number[];
  readonly childCount: number;
  readonly children: number[];
  readonly constantCount: number;
  readonly constants: number[];
  readonly codeLength: number;
  /** File offset of the function's first code word in CODE (instruction pc is at code + 4·pc). */
  code: number;
}

export interface FunctionDebugLayout {
  readonly offset: number; // instruction count of the line table
  readonly localCount: number;
  readonly locals: number[];
  readonly upvalueNameCount: number;
}

export interface DebugLayout {
  readonly offset: number;
  readonly sourceHash: number;
  readonly functionCount: number;
  readonly functions: FunctionDebugLayout[];
}

/** Byte offsets of a decoded module's items, so the verifier can point into the file. */
export interface ModuleLayout {
  readonly sections: SectionLayout[];
  /** End of the section directory (the first section starts at the next multiple of 4). */
  readonly directoryEnd: number;
  readonly strings: number[];
  readonly constants: number[];
  readonly types: TypeLayout[];
  readonly natives: number[];
  readonly globals: number[];
  readonly functions: FunctionLayout[];
  debug?: DebugLayout;
}

/**
 * Decodes a file. Code arrays are views into `bytes` when the CODE section is 4-byte aligned in
 * memory on a little-endian host (no copy), so the caller must not modify `bytes` afterwards.
 */
export function readModule(bytes: Uint8Array): { module: Module; layout: ModuleLayout } {
  const { flags, sectionCount } = readHeader(bytes);
  const { sections, directoryEnd } = readDirectory(bytes, sectionCount);
  const hasDebug = sections.some((s) => s.id === SectionId.DEBUG);
  if (hasDebug !== ((flags & FLAG_HAS_DEBUG) !== 0)) {
    throw new FormatError(
      "E_FLAGS",
      FLAGS_OFFSET,
      `HAS_DEBUG is ${flags & 1} but DEBUG is ${hasDebug ? "present" : "absent"}`,
    );
  }

  const layout: ModuleLayout = {
    sections,
    directoryEnd,
    strings: [],
    constants: [],
    types: [],
    natives: [],
    globals: [],
    functions: [],
  };
  const section = <T>(s: SectionLayout, read: (r: ByteReader) => T): T => {
    const r = new ByteReader(bytes, s.offset, s.offset + s.size);
    const value = read(r);
    if (r.remaining !== 0) {
      throw new FormatError(
        "E_SECTION_SIZE",
        r.pos,
        `${r.remaining} unread bytes at the end of ${SECTION_NAMES[s.id]}`,
      );
    }
    return value;
  };
  // The directory check guarantees sections[0..6] are STRINGS..CODE in order.
  const known = (id: number): SectionLayout => sections[id - 1]!;
  const strings = section(known(SectionId.STRINGS), (r) => readStrings(r, layout.strings));
  const constants = section(known(SectionId.CONSTANTS), (r) => readConstants(r, layout.constants));
  const types = section(known(SectionId.TYPES), (r) => readTypes(r, layout.types));
  const natives = section(known(SectionId.NATIVES), (r) => readNatives(r, layout.natives));
  const globals = section(known(SectionId.GLOBALS), (r) => readGlobals(r, layout.globals));
  const protos = section(known(SectionId.FUNCTIONS), (r) => readFunctions(r, layout.functions));
  const codes = section(known(SectionId.CODE), (r) => readCode(r, protos, layout.functions));
  const functions: FunctionProto[] = protos.map((p, i) => ({ ...p.proto, code: codes[i]! }));

  const module: {
    -readonly [K in keyof Module]: Module[K];
  } = { strings, constants, types, natives, globals, functions, custom: [] };
  const custom: CustomSection[] = [];
  for (const s of sections.slice(7)) {
    if (s.id === SectionId.DEBUG) {
      module.debug = section(s, (r) => readDebug(r, (layout.debug = emptyDebugLayout(r.pos))));
    } else {
      custom.push(section(s, readCustom));
    }
  }
  module.custom = custom;
  return { module, layout };
}

const MAJOR_OFFSET = 8;
const MINOR_OFFSET = 9;
const FLAGS_OFFSET = 10;

/** Checks magic, version and checksum; returns the flags and the section count. */
function readHeader(bytes: Uint8Array): { flags: number; sectionCount: number } {
  for (let i = 0; i < MAGIC.length && i < bytes.length; i++) {
    if (bytes[i] !== MAGIC[i]) throw new FormatError("E_MAGIC", 0, "not a .veldc file (bad magic)");
  }
  const r = new ByteReader(bytes, 0, bytes.length);
  if (bytes.length < HEADER_SIZE) {
    throw new FormatError("E_TRUNCATED", bytes.length, `the header needs ${HEADER_SIZE} bytes`);
  }
  r.pos = MAJOR_OFFSET;
  const major = r.u8();
  const minor = r.u8();
  if (major !== FORMAT_MAJOR || minor > FORMAT_MINOR) {
    throw new FormatError(
      "E_VERSION",
      major !== FORMAT_MAJOR ? MAJOR_OFFSET : MINOR_OFFSET,
      `format ${major}.${minor} is not supported (this reader knows ${FORMAT_MAJOR}.${FORMAT_MINOR})`,
    );
  }
  if (bytes.length >= 2 ** 32) {
    throw new FormatError("E_SECTION_LAYOUT", 0, "files must be smaller than 4 GiB");
  }
  const flags = r.u8();
  const sectionCount = r.u8();
  const checksum = r.u32();
  if (checksum !== crc32(bytes.subarray(HEADER_SIZE))) {
    throw new FormatError("E_CHECKSUM", CHECKSUM_OFFSET, "checksum mismatch (the file is corrupt)");
  }
  if ((flags & ~FLAG_HAS_DEBUG) !== 0) {
    throw new FormatError("E_FLAGS", FLAGS_OFFSET, `unknown header flags 0x${flags.toString(16)}`);
  }
  return { flags, sectionCount };
}

/** Reads the section directory and checks the canonical layout (spec/format.md §4). */
function readDirectory(
  bytes: Uint8Array,
  count: number,
): { sections: SectionLayout[]; directoryEnd: number } {
  const r = new ByteReader(bytes, HEADER_SIZE, bytes.length);
  const entries: { id: number; offset: number; size: number; entry: number; at: number }[] = [];
  for (let i = 0; i < count; i++) {
    const entry = r.pos;
    const id = r.u8();
    const at = r.pos;
    entries.push({ id, offset: r.uleb(), size: r.uleb(), entry, at });
  }
  const directoryEnd = r.pos;
  const sections: SectionLayout[] = [];
  let end = directoryEnd;
  let lastKnown = 0;
  let sawCustom = false;
  for (const { id, offset, size, entry, at } of entries) {
    if (id > SectionId.DEBUG)
      throw new FormatError("E_SECTION_ID", entry, `unknown section id ${id}`);
    if (id === SectionId.CUSTOM) {
      sawCustom = true;
    } else {
      if (sawCustom || id <= lastKnown) {
        throw new FormatError("E_SECTION_ORDER", entry, `${SECTION_NAMES[id]} is out of order`);
      }
      if (id > lastKnown + 1 && lastKnown < SectionId.CODE) {
        throw new FormatError(
          "E_SECTION_MISSING",
          entry,
          `${SECTION_NAMES[lastKnown + 1]} is missing`,
        );
      }
      lastKnown = id;
    }
    const expected = align(end);
    if (offset !== expected) {
      throw new FormatError(
        "E_SECTION_LAYOUT",
        at,
        `${SECTION_NAMES[id]} must start at ${expected}, not ${offset}`,
      );
    }
    if (offset + size > bytes.length) {
      throw new FormatError(
        "E_TRUNCATED",
        at,
        `${SECTION_NAMES[id]} extends past the end of the file`,
      );
    }
    for (let p = end; p < offset; p++) {
      if (bytes[p] !== 0) throw new FormatError("E_PADDING", p, "padding bytes must be zero");
    }
    sections.push({ id, offset, size, entry });
    end = offset + size;
  }
  if (lastKnown < SectionId.CODE) {
    throw new FormatError(
      "E_SECTION_MISSING",
      directoryEnd,
      `${SECTION_NAMES[lastKnown + 1]} is missing`,
    );
  }
  if (end !== bytes.length) {
    throw new FormatError("E_TRAILING", end, `${bytes.length - end} bytes after the last section`);
  }
  return { sections, directoryEnd };
}

function readStrings(r: ByteReader, at: number[]): string[] {
  const strings: string[] = [];
  for (let n = r.count(1, "string"); n > 0; n--) {
    at.push(r.pos);
    strings.push(r.string());
  }
  return strings;
}

function readConstants(r: ByteReader, at: number[]): Constant[] {
  const constants: Constant[] = [];
  for (let n = r.count(2, "constant"); n > 0; n--) {
    at.push(r.pos);
    const tag = r.u8();
    switch (tag) {
      case 0:
        constants.push({ kind: "int", value: r.sleb() });
        break;
      case 1:
        constants.push({ kind: "float", value: r.f64() });
        break;
      case 2:
        constants.push({ kind: "str", string: r.uleb() });
        break;
      case 3:
        constants.push({ kind: "char", codePoint: r.uleb() });
        break;
      default:
        throw new FormatError("E_CONSTANT_TAG", r.pos - 1, `unknown constant tag ${tag}`);
    }
  }
  return constants;
}

function readTypes(r: ByteReader, at: TypeLayout[]): TypeDef[] {
  const types: TypeDef[] = [];
  for (let n = r.count(5, "type"); n > 0; n--) {
    const offset = r.pos;
    const kind = r.u8();
    if (kind > 1) throw new FormatError("E_TYPE_KIND", offset, `unknown type kind ${kind}`);
    const flagsAt = r.pos;
    const flags = r.u8();
    const nameAt = r.pos;
    const name = r.uleb();
    const memberCount = r.pos;
    const members: number[] = [];
    const methodAt: number[] = [];
    let methodCount: number;
    if (kind === 0) {
      const fields: number[] = [];
      for (let m = r.count(1, "field"); m > 0; m--) {
        members.push(r.pos);
        fields.push(r.uleb());
      }
      methodCount = r.pos;
      types.push({ kind: "struct", name, flags, fields, methods: readMethods(r, methodAt) });
    } else {
      const variants: Variant[] = [];
      for (let m = r.count(2, "variant"); m > 0; m--) {
        members.push(r.pos);
        variants.push({ name: r.uleb(), arity: r.uleb() });
      }
      methodCount = r.pos;
      types.push({ kind: "enum", name, flags, variants, methods: readMethods(r, methodAt) });
    }
    at.push({
      offset,
      flags: flagsAt,
      name: nameAt,
      memberCount,
      members,
      methodCount,
      methods: methodAt,
    });
  }
  return types;
}

function readMethods(r: ByteReader, at: number[]): Method[] {
  const methods: Method[] = [];
  for (let m = r.count(2, "method"); m > 0; m--) {
    at.push(r.pos);
    methods.push({ name: r.uleb(), global: r.uleb() });
  }
  return methods;
}

function readNatives(r: ByteReader, at: number[]): Native[] {
  const natives: Native[] = [];
  for (let n = r.count(2, "native"); n > 0; n--) {
    at.push(r.pos);
    natives.push({ name: r.uleb(), arity: r.u8() });
  }
  return natives;
}

function readGlobals(r: ByteReader, at: number[]): Global[] {
  const globals: Global[] = [];
  for (let n = r.count(1, "global"); n > 0; n--) {
    at.push(r.pos);
    globals.push({ name: r.uleb() });
  }
  return globals;
}

interface ProtoEntry {
  readonly proto: Omit<FunctionProto, "code">;
  readonly codeLength: number;
}

function readFunctions(r: ByteReader, at: FunctionLayout[]): ProtoEntry[] {
  const entries: ProtoEntry[] = [];
  for (let n = r.count(7, "function"); n > 0; n--) {
    const offset = r.pos;
    const name = r.uleb();
    const paramsAt = r.pos;
    const params = r.uleb();
    const registersAt = r.pos;
    const registers = r.uleb();
    const upvalueCount = r.pos;
    const upvalueAt: number[] = [];
    const upvalues: UpvalueDesc[] = [];
    for (let m = r.count(2, "upvalue"); m > 0; m--) {
      upvalueAt.push(r.pos);
      const inStack = r.u8();
      if (inStack > 1)
        throw new FormatError(
          "E_UPVALUE_FLAG",
          r.pos - 1,
          `inStack must be 0 or 1, not ${inStack}`,
        );
      upvalues.push({ inStack: inStack === 1, index: r.uleb() });
    }
    const childCount = r.pos;
    const childAt: number[] = [];
    const children: number[] = [];
    for (let m = r.count(1, "child"); m > 0; m--) {
      childAt.push(r.pos);
      children.push(r.uleb());
    }
    const constantCount = r.pos;
    const constantAt: number[] = [];
    const constants: number[] = [];
    for (let m = r.count(1, "constant"); m > 0; m--) {
      constantAt.push(r.pos);
      constants.push(r.uleb());
    }
    const codeLengthAt = r.pos;
    const codeLength = r.uleb();
    entries.push({ proto: { name, params, registers, upvalues, children, constants }, codeLength });
    at.push({
      offset,
      params: paramsAt,
      registers: registersAt,
      upvalueCount,
      upvalues: upvalueAt,
      childCount,
      children: childAt,
      constantCount,
      constants: constantAt,
      codeLength: codeLengthAt,
      code: 0,
    });
  }
  return entries;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

function readCode(
  r: ByteReader,
  entries: readonly ProtoEntry[],
  at: FunctionLayout[],
): Uint32Array[] {
  const start = r.pos;
  let total = 0;
  for (const e of entries) total += e.codeLength;
  if (total * 4 !== r.remaining) {
    throw new FormatError(
      "E_SECTION_SIZE",
      start,
      `CODE holds ${r.remaining} bytes; the functions need ${total * 4}`,
    );
  }
  const raw = r.bytes(total * 4);
  let words: Uint32Array;
  if (LITTLE_ENDIAN_HOST && raw.byteOffset % 4 === 0) {
    words = new Uint32Array(raw.buffer, raw.byteOffset, total);
  } else {
    words = new Uint32Array(total);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < total; i++) words[i] = view.getUint32(4 * i, true);
  }
  let pc = 0;
  return entries.map((e, i) => {
    at[i]!.code = start + 4 * pc;
    const code = words.subarray(pc, pc + e.codeLength);
    pc += e.codeLength;
    return code;
  });
}

function emptyDebugLayout(offset: number): DebugLayout {
  return { offset, sourceHash: 0, functionCount: 0, functions: [] };
}

function readDebug(r: ByteReader, at: DebugLayout): DebugInfo {
  const sourceFile = r.string();
  const layout = at as { -readonly [K in keyof DebugLayout]: DebugLayout[K] };
  layout.sourceHash = r.pos;
  const sourceHash = r.bytes(r.count(1, "source hash byte")).slice();
  layout.functionCount = r.pos;
  const functions: FunctionDebug[] = [];
  for (let n = r.count(3, "debug function"); n > 0; n--) {
    functions.push(readFunctionDebug(r, at.functions));
  }
  return { sourceFile, sourceHash, functions };
}

function readFunctionDebug(r: ByteReader, at: FunctionDebugLayout[]): FunctionDebug {
  const offset = r.pos;
  const n = r.count(2, "line table entry");
  const lines = new Uint32Array(n);
  const columns = new Uint32Array(n);
  let line = 0;
  for (let pc = 0; pc < n; pc++) {
    const deltaAt = r.pos;
    line += Number(r.sleb());
    if (line < 0 || line > 0xffffffff) {
      throw new FormatError("E_LINE_RANGE", deltaAt, `line ${line} is outside 0..2^32-1`);
    }
    lines[pc] = line;
    columns[pc] = r.uleb();
  }
  const localCount = r.pos;
  const localAt: number[] = [];
  const locals: LocalVar[] = [];
  for (let m = r.count(5, "local"); m > 0; m--) {
    localAt.push(r.pos);
    const name = r.string();
    const register = r.u8();
    locals.push({ name, register, bank: r.u8(), startPc: r.uleb(), endPc: r.uleb() });
  }
  const upvalueNameCount = r.pos;
  const upvalueNames: string[] = [];
  for (let m = r.count(1, "upvalue name"); m > 0; m--) upvalueNames.push(r.string());
  at.push({ offset, localCount, locals: localAt, upvalueNameCount });
  return { lines, columns, locals, upvalueNames };
}

function readCustom(r: ByteReader): CustomSection {
  const name = r.string();
  return { name, data: r.bytes(r.remaining).slice() };
}
