// `--stats`: a per-function table of instructions, registers, constants and upvalues, so the
// effect of optimisations is visible (issue: optimizer), plus module totals.

import type { Module } from "../../format/module.js";

export function moduleStats(m: Module, fileSize: number): string {
  const rows = m.functions.map((f, i) => [
    `F${i}`,
    m.strings[f.name] ?? "?",
    String(f.code.length),
    String(f.registers),
    String(f.constants.length),
    String(f.upvalues.length),
  ]);
  const total = m.functions.reduce((n, f) => n + f.code.length, 0);
  const header = ["fn", "name", "instructions", "registers", "constants", "upvalues"];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join("  ");
  return [
    line(header),
    ...rows.map(line),
    `total: ${m.functions.length} functions, ${total} instructions, ${m.constants.length} pool constants, ${fileSize} bytes${m.debug ? "" : " (stripped)"}`,
    "",
  ].join("\n");
}
