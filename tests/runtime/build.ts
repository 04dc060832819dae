// Test helper: builds in-memory Modules from a compact description, so runtime tests can
// exercise single instructions precisely (the assembler covers whole-file syntax).
//   instructions: ["ADD", 0, 1, 2]; a string "L:" defines a label; a jump operand may be a
//   label name; constants: bigint → int, number → float, string → str, {char} → char.

import { encode } from "../../format/instruction.js";
import {
  TYPE_FLAG_PRELUDE,
  type Constant,
  type FunctionProto,
  type Module,
  type TypeDef,
} from "../../format/module.js";
import { OPCODE_BY_NAME } from "../../format/opcodes.js";

export type ConstSpec = bigint | number | string | { char: string };
export type Ins = string | [string, ...(number | string)[]];

export interface FnSpec {
  name: string;
  params?: number;
  registers: number;
  code: Ins[];
  consts?: ConstSpec[];
  children?: string[];
  upvalues?: { inStack: boolean; index: number }[];
  lines?: number[];
}

export type TypeSpec =
  | { struct: string; fields: string[]; methods?: Record<string, number> }
  | {
      enum: string;
      variants: [string, number][];
      methods?: Record<string, number>;
      prelude?: boolean;
    };

export interface ModuleSpec {
  functions: FnSpec[];
  natives?: [string, number][];
  types?: TypeSpec[];
  globals?: string[];
  sourceFile?: string;
}

/** Prelude Option and Result as a compiler would emit them. */
export const PRELUDE_TYPES: TypeSpec[] = [
  {
    enum: "Option",
    variants: [
      ["Some", 1],
      ["None", 0],
    ],
    prelude: true,
  },
  {
    enum: "Result",
    variants: [
      ["Ok", 1],
      ["Err", 1],
    ],
    prelude: true,
  },
];

export function build(spec: ModuleSpec): Module {
  const strings: string[] = [];
  const str = (s: string) => {
    let i = strings.indexOf(s);
    if (i < 0) i = strings.push(s) - 1;
    return i;
  };
  const constants: Constant[] = [];
  const constant = (c: ConstSpec): number => {
    const k: Constant =
      typeof c === "bigint"
        ? { kind: "int", value: c }
        : typeof c === "number"
          ? { kind: "float", value: c }
          : typeof c === "string"
            ? { kind: "str", string: str(c) }
            : { kind: "char", codePoint: c.char.codePointAt(0)! };
    const i = constants.findIndex(
      (x) =>
        JSON.stringify(x, big) === JSON.stringify(k, big) &&
        Object.is((x as { value?: unknown }).value, (k as { value?: unknown }).value),
    );
    return i >= 0 ? i : constants.push(k) - 1;
  };
  const fnIndex = (name: string) => {
    const i = spec.functions.findIndex((f) => f.name === name);
    if (i < 0) throw new Error(`no function ${name}`);
    return i;
  };
  const functions: FunctionProto[] = spec.functions.map((f) => {
    const labels = new Map<string, number>();
    let pc = 0;
    for (const ins of f.code) {
      if (typeof ins === "string") labels.set(ins.replace(/:$/, ""), pc);
      else pc++;
    }
    const words: number[] = [];
    for (const ins of f.code) {
      if (typeof ins === "string") continue;
      const [name, ...ops] = ins;
      const info = OPCODE_BY_NAME.get(name);
      if (!info) throw new Error(`unknown opcode ${name}`);
      const here = words.length;
      const operands = ops.map((o, i) => {
        if (typeof o === "number") return o;
        if (info.operands[i] === "jump") return labels.get(o)! - (here + 1);
        throw new Error(`bad operand ${o}`);
      });
      words.push(encode(info, operands));
    }
    return {
      name: str(f.name),
      params: f.params ?? 0,
      registers: f.registers,
      upvalues: f.upvalues ?? [],
      children: (f.children ?? []).map(fnIndex),
      constants: (f.consts ?? []).map(constant),
      code: Uint32Array.from(words),
    };
  });
  const types: TypeDef[] = (spec.types ?? []).map((t) => {
    const methods = Object.entries(t.methods ?? {}).map(([n, g]) => ({ name: str(n), global: g }));
    if ("struct" in t) {
      return { kind: "struct", name: str(t.struct), flags: 0, fields: t.fields.map(str), methods };
    }
    return {
      kind: "enum",
      name: str(t.enum),
      flags: t.prelude ? TYPE_FLAG_PRELUDE : 0,
      variants: t.variants.map(([n, arity]) => ({ name: str(n), arity })),
      methods,
    };
  });
  const natives = (spec.natives ?? []).map(([n, arity]) => ({ name: str(n), arity }));
  const globals = (spec.globals ?? []).map((g) => ({ name: str(g) }));
  const debug =
    spec.sourceFile === undefined
      ? undefined
      : {
          sourceFile: spec.sourceFile,
          sourceHash: new Uint8Array(0),
          functions: spec.functions.map((f, i) => {
            const n = functions[i]!.code.length;
            const lines = Uint32Array.from({ length: n }, (_, j) => f.lines?.[j] ?? j + 1);
            return { lines, columns: new Uint32Array(n).fill(1), locals: [], upvalueNames: [] };
          }),
        };
  return { strings, constants, types, natives, globals, functions, debug, custom: [] };
}

function big(_k: string, v: unknown): unknown {
  return typeof v === "bigint" ? `${v}n` : v;
}
