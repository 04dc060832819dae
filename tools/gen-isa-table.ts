// Regenerates the tables of spec/isa.md from format/opcodes.ts (the single source of truth).
// `--check` fails (exit 1) instead of writing when the file is stale, so CI catches drift.

import { readFileSync, writeFileSync } from "node:fs";
import {
  CAST_TARGETS,
  OPCODES,
  OPERAND_KINDS,
  RUNTIME_ERROR_KINDS,
  type OpcodeInfo,
} from "../format/opcodes.js";

const SPEC = new URL("../spec/isa.md", import.meta.url);

const FIELD_NAMES = { ABC: ["A", "B", "C"], ABx: ["A", "Bx"], AsBx: ["A", "sBx"], sJ: ["sJ"] };

function operandList(info: OpcodeInfo): string {
  const fields = FIELD_NAMES[info.format];
  return info.operands.map((kind, i) => `${fields[i]}:${kind}`).join(" ") || "–";
}

function notes(info: OpcodeInfo): string {
  const parts: string[] = [];
  if (info.window) parts.push(`window ${info.window}`);
  if (info.test) parts.push("test (next is JMP)");
  if (info.terminator) parts.push("terminator");
  return parts.join("; ");
}

function escape(text: string): string {
  return text.replaceAll("|", "\\|");
}

export function opcodeTable(): string {
  const rows = OPCODES.map(
    (op) =>
      `| ${op.code} | 0x${op.code.toString(16).padStart(2, "0")} | \`${op.name}\` | i${op.format} | ${operandList(op)} | ${escape(op.effect)} | ${(op.errors ?? []).join(", ")} | ${notes(op)} |`,
  );
  return [
    "| # | hex | name | format | operands | effect | may raise | notes |",
    "|---|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

function operandKindTable(): string {
  const rows = Object.entries(OPERAND_KINDS).map(
    ([kind, { meaning, rule }]) => `| \`${kind}\` | ${meaning} | ${rule} |`,
  );
  return ["| kind | meaning | verifier rule |", "|---|---|---|", ...rows].join("\n");
}

function kindsTable(): string {
  const kinds = RUNTIME_ERROR_KINDS.map((k, i) => `| ${i} | \`${k}\` |`);
  const casts = CAST_TARGETS.map((c, i) => `| ${i} | \`${c}\` |`);
  return [
    "Runtime error kinds (`errkind` operands, the `RAISE` B operand):",
    "",
    "| # | kind |",
    "|---|---|",
    ...kinds,
    "",
    "Cast targets (`cast` operands, the `CAST` C operand):",
    "",
    "| # | target |",
    "|---|---|",
    ...casts,
  ].join("\n");
}

function replaceBlock(text: string, name: string, body: string): string {
  const begin = `<!-- BEGIN GENERATED: ${name} -->`;
  const end = `<!-- END GENERATED: ${name} -->`;
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`spec/isa.md lacks the ${name} markers`);
  return `${text.slice(0, start + begin.length)}\n${body}\n${text.slice(stop)}`;
}

function main(): void {
  const current = readFileSync(SPEC, "utf8");
  let next = replaceBlock(current, "operand kinds", operandKindTable());
  next = replaceBlock(next, "kinds", kindsTable());
  next = replaceBlock(next, "opcodes", opcodeTable());
  if (process.argv.includes("--check")) {
    if (next !== current) {
      process.stderr.write("spec/isa.md is stale: run `npm run gen:isa`\n");
      process.exitCode = 1;
    }
    return;
  }
  writeFileSync(SPEC, next);
}

main();
