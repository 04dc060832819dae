// Regenerates what derives from format/opcodes.ts (the single source of truth): the tables of
// spec/isa.md and format/op.ts, the opcode numbers as a const enum (bundlers inline `Op.ADD`
// as a literal, so the VM's switch labels cost nothing). `--check` fails (exit 1) instead of
// writing when either file is stale, so CI catches drift.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import {
  CAST_TARGETS,
  OPCODES,
  OPERAND_KINDS,
  RUNTIME_ERROR_KINDS,
  type OpcodeInfo,
} from "../format/opcodes.js";

const SPEC = new URL("../spec/isa.md", import.meta.url);
const OP_ENUM = new URL("../format/op.ts", import.meta.url);

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
  if (info.table) parts.push("jump table follows");
  if (info.minor) parts.push(`since format 1.${info.minor}`);
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

function opEnum(): string {
  return [
    "// Generated from format/opcodes.ts by `npm run gen:isa`: do not edit.",
    "// The opcode numbers as a const enum: bundlers inline `Op.ADD` as a literal.",
    "",
    "export const enum Op {",
    ...OPCODES.map((op) => `  ${op.name} = ${op.code},`),
    "}",
    "",
  ].join("\n");
}

function main(): void {
  const spec = readFileSync(SPEC, "utf8");
  let next = replaceBlock(spec, "operand kinds", operandKindTable());
  next = replaceBlock(next, "kinds", kindsTable());
  next = replaceBlock(next, "opcodes", opcodeTable());
  const outputs: [URL, string, string][] = [
    [SPEC, spec, next],
    [OP_ENUM, existsSync(OP_ENUM) ? readFileSync(OP_ENUM, "utf8") : "", opEnum()],
  ];
  for (const [file, current, generated] of outputs) {
    if (generated === current) continue;
    if (process.argv.includes("--check")) {
      process.stderr.write(`${file.pathname} is stale: run \`npm run gen:isa\`\n`);
      process.exitCode = 1;
    } else {
      writeFileSync(file, generated);
    }
  }
}

main();
