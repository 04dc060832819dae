// The disassembled instructions of one function of a compiled program, for tests of the code
// the compiler emits.

import { expect } from "vitest";
import { disassemble } from "../../assembler/index.js";
import { compileSource } from "../../compiler/index.js";

/** The instructions of function `name` (at -O0 unless told), operands single-spaced. */
export function code(source: string, name: string, optimize: 0 | 1 = 0): string[] {
  const r = compileSource(source, { fileName: "t.veld", optimize });
  expect(r.diagnostics).toEqual([]);
  const lines = disassemble(r.bytes!, { debug: false }).split("\n");
  const start = lines.findIndex((l) => l.startsWith(".function") && l.endsWith(`"${name}"`));
  expect(start).toBeGreaterThanOrEqual(0);
  return lines
    .slice(start + 1, lines.indexOf(".end", start))
    .filter((l) => !l.trimStart().startsWith("."))
    .map((l) => l.trim().replace(/\s+/g, " "));
}
