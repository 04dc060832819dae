// The module structure as plain JSON (`velddis --json`, spec/assembly.md §8): every table with
// its raw indexes plus the resolved text next to them, and every instruction decoded. i64
// constants are decimal strings (JSON numbers lose precision past 2^53); floats that JSON
// cannot hold (-0, ±inf, NaN) are given in their assembly spelling as strings.

import {
  FORMAT_MAJOR,
  formatMinor,
  VARIADIC,
  TYPE_FLAG_PRELUDE,
  type Module,
  type Constant,
} from "../format/module.js";
import { decodeOperands, opcodeOf, unusedBits } from "../format/instruction.js";
import { formatFloat, hexBytes } from "./syntax.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function moduleToJson(m: Module): Json {
  const text = (i: number): Json => m.strings[i] ?? null;
  let variant = 0;
  return {
    format: `${FORMAT_MAJOR}.${formatMinor(m)}`,
    strings: [...m.strings],
    constants: m.constants.map((c, index) => ({ index, ...constantJson(c, m) })),
    types: m.types.map((t, index) => ({
      index,
      kind: t.kind,
      name: t.name,
      nameText: text(t.name),
      flags: t.flags,
      prelude: (t.flags & TYPE_FLAG_PRELUDE) !== 0,
      ...(t.kind === "struct"
        ? { fields: t.fields.map((f) => ({ name: f, nameText: text(f) })) }
        : {
            variants: t.variants.map((v) => ({
              variant: variant++,
              name: v.name,
              nameText: text(v.name),
              arity: v.arity,
            })),
          }),
      methods: t.methods.map((meth) => ({
        name: meth.name,
        nameText: text(meth.name),
        global: meth.global,
      })),
    })),
    natives: m.natives.map((n, index) => ({
      index,
      name: n.name,
      nameText: text(n.name),
      arity: n.arity === VARIADIC ? "variadic" : n.arity,
    })),
    globals: m.globals.map((g, index) => ({ index, name: g.name, nameText: text(g.name) })),
    functions: m.functions.map((f, index) => ({
      index,
      name: f.name,
      nameText: text(f.name),
      params: f.params,
      registers: f.registers,
      upvalues: f.upvalues.map((u) => ({ inStack: u.inStack, index: u.index })),
      children: [...f.children],
      constants: [...f.constants],
      code: [...f.code].map((word, pc) => {
        const info = opcodeOf(word);
        const valid = info !== undefined && unusedBits(info, word) === 0;
        return {
          pc,
          word: `0x${word.toString(16).padStart(8, "0")}`,
          op: valid ? info.name : null,
          operands: valid ? decodeOperands(info, word) : [],
        };
      }),
    })),
    debug: m.debug
      ? {
          sourceFile: m.debug.sourceFile,
          sourceHash: hexBytes(m.debug.sourceHash),
          functions: m.debug.functions.map((d) => ({
            lines: [...d.lines],
            columns: [...d.columns],
            locals: d.locals.map((l) => ({ ...l })),
            upvalueNames: [...d.upvalueNames],
            ...(d.file !== undefined ? { file: d.file } : {}),
          })),
          ...(m.debug.files !== undefined ? { files: [...m.debug.files] } : {}),
        }
      : null,
    custom: m.custom.map((c) => ({ name: c.name, size: c.data.length, hex: hexBytes(c.data) })),
  };
}

function constantJson(c: Constant, m: Module): { [key: string]: Json } {
  switch (c.kind) {
    case "int":
      return { kind: "int", value: c.value.toString() };
    case "float":
      return {
        kind: "float",
        value: Number.isFinite(c.value) && !Object.is(c.value, -0) ? c.value : formatFloat(c.value),
      };
    case "str":
      return { kind: "str", string: c.string, value: m.strings[c.string] ?? null };
    case "char":
      const ok = c.codePoint <= 0x10ffff;
      return {
        kind: "char",
        codePoint: c.codePoint,
        value: ok ? String.fromCodePoint(c.codePoint) : null,
      };
  }
}
