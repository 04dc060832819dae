// Groups the lexed lines of a `.vasm` file into its structure (spec/assembly.md §3 Grammar):
// top-level directives, and blocks (`.function`, `.struct`, `.enum` … `.end`) holding
// directives, labels and instructions. Meaning (indexes, operand kinds) is assemble.ts's job.

import type { Diagnostic } from "./diagnostics.js";
import type { LexedLine, Token } from "./lexer.js";

export interface Directive {
  readonly kind: "dir";
  readonly name: string; // without the dot
  readonly args: readonly Token[];
  readonly line: number;
  readonly col: number;
}

export interface Instruction {
  readonly kind: "ins";
  readonly mnemonic: string;
  readonly operands: readonly Token[];
  readonly line: number;
  readonly col: number;
}

export interface LabelDef {
  readonly kind: "label";
  readonly name: string;
  readonly line: number;
  readonly col: number;
}

export type BodyItem = Directive | Instruction | LabelDef;

export interface Block {
  readonly kind: "block";
  readonly header: Directive;
  readonly body: BodyItem[];
}

export type TopItem = Directive | Block;

export const BLOCK_DIRECTIVES = new Set(["function", "struct", "enum"]);

export function parse(lines: readonly LexedLine[], diagnostics: Diagnostic[]): TopItem[] {
  const items: TopItem[] = [];
  let open: Block | undefined;
  const error = (message: string, at: { line: number; col: number }) =>
    diagnostics.push({ code: "A0201", message, line: at.line, col: at.col });

  for (const { tokens } of lines) {
    let rest = tokens;
    const first = rest[0]!;
    if (first.t === "ident" && rest[1]?.t === "punct" && rest[1].v === ":") {
      const label: LabelDef = { kind: "label", name: first.v, line: first.line, col: first.col };
      if (open?.header.name === "function") open.body.push(label);
      else error("a label must be inside a .function block", first);
      rest = rest.slice(2);
      if (rest.length === 0) continue;
    }
    const head = rest[0]!;
    if (head.t === "dir") {
      const dir: Directive = {
        kind: "dir",
        name: head.v.slice(1),
        args: rest.slice(1),
        line: head.line,
        col: head.col,
      };
      const comma = dir.args.find((t) => t.t === "punct" && t.v === ",");
      if (comma) {
        error(`unexpected ',' in .${dir.name}: directive arguments are separated by spaces`, comma);
        continue;
      }
      if (BLOCK_DIRECTIVES.has(dir.name)) {
        if (open) {
          error(`.${open.header.name} block opened at line ${open.header.line} lacks .end`, dir);
        }
        open = { kind: "block", header: dir, body: [] };
        items.push(open);
      } else if (dir.name === "end") {
        if (!open) error(".end without an open .function, .struct or .enum block", dir);
        else if (dir.args.length > 0) error(".end takes no arguments", dir.args[0]!);
        open = undefined;
      } else if (open) {
        open.body.push(dir);
      } else {
        items.push(dir);
      }
    } else if (head.t === "ident") {
      const operands = splitOperands(rest.slice(1), head.v, error);
      if (!operands) continue;
      const ins: Instruction = {
        kind: "ins",
        mnemonic: head.v,
        operands,
        line: head.line,
        col: head.col,
      };
      if (open?.header.name === "function") open.body.push(ins);
      else error(`instruction ${head.v} must be inside a .function block`, head);
    } else {
      error(`expected a directive, a label or an instruction, found ${describe(head)}`, head);
    }
  }
  if (open) error(`.${open.header.name} block lacks .end`, open.header);
  return items;
}

/** Operands are single tokens separated by commas. */
function splitOperands(
  tokens: readonly Token[],
  mnemonic: string,
  error: (message: string, at: { line: number; col: number }) => void,
): Token[] | undefined {
  const operands: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (tok.t === "punct") {
      error(`expected an operand of ${mnemonic}, found '${tok.v}'`, tok);
      return undefined;
    }
    operands.push(tok);
    const sep = tokens[i + 1];
    if (sep === undefined) break;
    if (sep.t !== "punct" || sep.v !== ",") {
      error(`expected ',' between operands of ${mnemonic}`, sep);
      return undefined;
    }
    if (i + 2 >= tokens.length) {
      error(`expected an operand of ${mnemonic} after ','`, sep);
      return undefined;
    }
    i++;
  }
  return operands;
}

export function describe(tok: Token): string {
  switch (tok.t) {
    case "dir":
      return `directive ${tok.v}`;
    case "ident":
      return `'${tok.v}'`;
    case "int":
      return `integer ${tok.v}`;
    case "float":
      return `float ${tok.v}`;
    case "str":
      return `string ${JSON.stringify(tok.v)}`;
    case "char":
      return "char literal";
    case "label":
      return `label @${tok.v}`;
    case "punct":
      return `'${tok.v}'`;
  }
}
