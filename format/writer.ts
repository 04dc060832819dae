// Module → `.veldc` bytes (spec/format.md). One function per structure, in spec order, each
// mirrored by a reader function of the same name in reader.ts. The output is deterministic:
// a Module has exactly one encoding. A module that passes verifyModule always encodes; other
// unencodable values (negative counts, bytes above 255) are caller bugs and throw RangeError.

import { ByteWriter } from "./bytes.js";
import {
  CHECKSUM_OFFSET,
  ConstantTag,
  FLAG_HAS_DEBUG,
  HEADER_SIZE,
  MAGIC,
  SECTION_ALIGNMENT,
  SectionId,
  TypeKind,
  align,
} from "./container.js";
import { crc32 } from "./crc32.js";
import type {
  Constant,
  CustomSection,
  DebugInfo,
  Export,
  Exports,
  FunctionDebug,
  FunctionProto,
  Global,
  Import,
  Method,
  Module,
  Native,
  TypeDef,
} from "./module.js";
import { FORMAT_MAJOR, ITEM_KINDS, formatMinor } from "./module.js";

export function writeModule(m: Module): Uint8Array {
  const sections: [id: number, body: Uint8Array][] = [
    [SectionId.STRINGS, body((w) => writeStrings(w, m.strings))],
    [SectionId.CONSTANTS, body((w) => writeConstants(w, m.constants))],
    [SectionId.TYPES, body((w) => writeTypes(w, m.types))],
    [SectionId.NATIVES, body((w) => writeNatives(w, m.natives))],
    [SectionId.GLOBALS, body((w) => writeGlobals(w, m.globals))],
    [SectionId.FUNCTIONS, body((w) => writeFunctions(w, m.functions))],
    [SectionId.CODE, body((w) => writeCode(w, m.functions))],
  ];
  const debug = m.debug;
  if (debug) sections.push([SectionId.DEBUG, body((w) => writeDebug(w, debug))]);
  const { exports, imports } = m;
  if (exports) sections.push([SectionId.EXPORTS, body((w) => writeExports(w, exports))]);
  if (imports) sections.push([SectionId.IMPORTS, body((w) => writeImports(w, imports))]);
  for (const custom of m.custom) {
    sections.push([SectionId.CUSTOM, body((w) => writeCustom(w, custom))]);
  }

  const out = new ByteWriter();
  writeHeader(out, formatMinor(m), m.debug ? FLAG_HAS_DEBUG : 0, sections.length);
  out.bytes(directory(sections));
  for (const [, data] of sections) {
    out.align(SECTION_ALIGNMENT);
    out.bytes(data);
  }
  const file = out.finish();
  new DataView(file.buffer).setUint32(CHECKSUM_OFFSET, crc32(file.subarray(HEADER_SIZE)), true);
  return file;
}

function body(write: (w: ByteWriter) => void): Uint8Array {
  const w = new ByteWriter();
  write(w);
  return w.finish();
}

/** The checksum is written as 0 and patched once the file is complete. */
function writeHeader(w: ByteWriter, minor: number, flags: number, sectionCount: number): void {
  if (sectionCount > 255) throw new RangeError("a module has at most 255 sections");
  w.bytes(MAGIC);
  w.u8(FORMAT_MAJOR);
  w.u8(minor);
  w.u8(flags);
  w.u8(sectionCount);
  w.u32(0);
}

/**
 * The directory: per section its id (u8), offset and size (uleb128). The offsets depend on the
 * directory's own length, so it is encoded until that length stops changing (it only grows,
 * so this ends after a few rounds).
 */
function directory(sections: readonly [number, Uint8Array][]): Uint8Array {
  let length = 0;
  for (;;) {
    const w = new ByteWriter();
    let offset = HEADER_SIZE + length;
    for (const [id, data] of sections) {
      offset = align(offset);
      w.u8(id);
      w.uleb(offset);
      w.uleb(data.length);
      offset += data.length;
    }
    const encoded = w.finish();
    if (encoded.length === length) return encoded;
    length = encoded.length;
  }
}

function writeStrings(w: ByteWriter, strings: readonly string[]): void {
  w.uleb(strings.length);
  for (const s of strings) w.string(s);
}

function writeConstants(w: ByteWriter, constants: readonly Constant[]): void {
  w.uleb(constants.length);
  for (const k of constants) {
    w.u8(ConstantTag[k.kind]);
    switch (k.kind) {
      case "int":
        w.sleb(k.value);
        break;
      case "float":
        w.f64(k.value);
        break;
      case "str":
        w.uleb(k.string);
        break;
      case "char":
        w.uleb(k.codePoint);
        break;
    }
  }
}

function writeTypes(w: ByteWriter, types: readonly TypeDef[]): void {
  w.uleb(types.length);
  for (const t of types) {
    w.u8(TypeKind[t.kind]);
    w.u8(t.flags);
    w.uleb(t.name);
    if (t.kind === "struct") {
      w.uleb(t.fields.length);
      for (const field of t.fields) w.uleb(field);
    } else {
      w.uleb(t.variants.length);
      for (const v of t.variants) {
        w.uleb(v.name);
        w.uleb(v.arity);
      }
    }
    writeMethods(w, t.methods);
  }
}

function writeMethods(w: ByteWriter, methods: readonly Method[]): void {
  w.uleb(methods.length);
  for (const method of methods) {
    w.uleb(method.name);
    w.uleb(method.global);
  }
}

function writeNatives(w: ByteWriter, natives: readonly Native[]): void {
  w.uleb(natives.length);
  for (const n of natives) {
    w.uleb(n.name);
    w.u8(n.arity);
  }
}

function writeGlobals(w: ByteWriter, globals: readonly Global[]): void {
  w.uleb(globals.length);
  for (const g of globals) w.uleb(g.name);
}

function writeFunctions(w: ByteWriter, functions: readonly FunctionProto[]): void {
  w.uleb(functions.length);
  for (const f of functions) {
    w.uleb(f.name);
    w.uleb(f.params);
    w.uleb(f.registers);
    w.uleb(f.upvalues.length);
    for (const u of f.upvalues) {
      w.u8(u.inStack ? 1 : 0);
      w.uleb(u.index);
    }
    w.uleb(f.children.length);
    for (const child of f.children) w.uleb(child);
    w.uleb(f.constants.length);
    for (const k of f.constants) w.uleb(k);
    w.uleb(f.code.length);
  }
}

function writeCode(w: ByteWriter, functions: readonly FunctionProto[]): void {
  for (const f of functions) {
    const code = f.code;
    for (let pc = 0; pc < code.length; pc++) w.u32(code[pc]!);
  }
}

function writeDebug(w: ByteWriter, debug: DebugInfo): void {
  w.string(debug.sourceFile);
  w.uleb(debug.sourceHash.length);
  w.bytes(debug.sourceHash);
  w.uleb(debug.functions.length);
  for (const f of debug.functions) writeFunctionDebug(w, f);
  // The file table (format 1.1), only for programs of several files.
  const files = debug.files ?? [];
  if (files.length === 0) return;
  w.uleb(files.length);
  for (const f of files) w.string(f);
  for (const f of debug.functions) w.uleb(f.file ?? 0);
}

function writeFunctionDebug(w: ByteWriter, f: FunctionDebug): void {
  w.uleb(f.lines.length);
  let line = 0;
  for (let pc = 0; pc < f.lines.length; pc++) {
    const next = f.lines[pc]!;
    const delta = next - line;
    if ((delta | 0) === delta) w.sleb32(delta);
    else w.sleb(BigInt(delta));
    w.uleb(f.columns[pc] ?? 0);
    line = next;
  }
  w.uleb(f.locals.length);
  for (const local of f.locals) {
    w.string(local.name);
    w.u8(local.register);
    w.u8(local.bank);
    w.uleb(local.startPc);
    w.uleb(local.endPc);
  }
  w.uleb(f.upvalueNames.length);
  for (const name of f.upvalueNames) w.string(name);
}

function writeExports(w: ByteWriter, exports: Exports): void {
  w.uleb(exports.module);
  w.uleb(exports.items.length);
  for (const e of exports.items) {
    w.uleb(e.name);
    writeItem(w, e);
  }
}

function writeImports(w: ByteWriter, imports: readonly Import[]): void {
  w.uleb(imports.length);
  for (const i of imports) {
    w.uleb(i.module);
    w.uleb(i.name);
    writeItem(w, i);
  }
}

/** An export's or import's kind byte, index and (functions only) arity. */
function writeItem(w: ByteWriter, item: Export | Import): void {
  const kind = ITEM_KINDS.indexOf(item.kind);
  if (kind < 0) throw new RangeError(`unknown item kind ${String(item.kind)}`);
  w.u8(kind);
  w.uleb(item.index);
  if (item.kind === "function") w.uleb(item.arity ?? 0);
}

function writeCustom(w: ByteWriter, custom: CustomSection): void {
  w.string(custom.name);
  w.bytes(custom.data);
}
