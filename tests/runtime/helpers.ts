// Shared test shorthands: a one-function program with println as native 0.

import type { RunOptions } from "../../runtime/index.js";
import type { ConstSpec, FnSpec, Ins, ModuleSpec, TypeSpec } from "./build.js";
import { run } from "./run.js";

export interface ProgOptions {
  consts?: ConstSpec[];
  registers?: number;
  functions?: FnSpec[];
  children?: string[];
  types?: TypeSpec[];
  globals?: string[];
  natives?: [string, number][];
}

export function prog(code: Ins[], o: ProgOptions = {}): ModuleSpec {
  return {
    natives: [["println", 255], ...(o.natives ?? [])],
    globals: o.globals,
    types: o.types,
    sourceFile: "t.veld",
    functions: [
      { name: "main", registers: o.registers ?? 16, consts: o.consts, children: o.children, code },
      ...(o.functions ?? []),
    ],
  };
}

/** Instructions printing register r (clobbers r+14, r+15 of a 16+ register frame). */
export function print(r: number, tmp = 14): Ins[] {
  return [
    ["GETNATIVE", tmp, 0],
    ["MOVE", tmp + 1, r],
    ["CALL", tmp, 1],
  ];
}

/** stdout, followed by `!Kind` when the program ended with an uncaught error. */
export function out(m: ModuleSpec, options: RunOptions = {}): string {
  const r = run(m, options);
  return r.kind ? `${r.out}!${r.kind}` : r.out;
}
