// Pretty-printer: AST back to canonical Veld source (spec/language.md §8). It inserts exactly
// the parentheses precedence requires and the `;`/`,` separators the newline rule (§4.1)
// needs, so `parse(printProgram(ast))` yields `ast` again, spans aside.

import type * as A from "./ast.js";
import { chainBelow } from "./ast.js";

const INDENT = "  ";

/** Binding strength: an operand printed below its required level gets parentheses. */
const enum Prec {
  Open = 0, // lambda, let-in, return, throw: extend as far right as possible
  Pipe = 1,
  Range = 2,
  Or = 3,
  And = 4,
  Compare = 5,
  Add = 6,
  Mul = 7,
  Power = 8,
  Unary = 9,
  Postfix = 10,
  Atom = 11,
}

const BINARY_PREC: Record<A.BinaryOp, Prec> = {
  or: Prec.Or,
  and: Prec.And,
  "==": Prec.Compare,
  "!=": Prec.Compare,
  "<": Prec.Compare,
  "<=": Prec.Compare,
  ">": Prec.Compare,
  ">=": Prec.Compare,
  "+": Prec.Add,
  "-": Prec.Add,
  "*": Prec.Mul,
  "/": Prec.Mul,
  "%": Prec.Mul,
  "*^": Prec.Power,
};

const ESCAPE_OUT: Record<string, string> = {
  "\\": "\\\\",
  "\n": "\\n",
  "\t": "\\t",
  "\r": "\\r",
  "\0": "\\0",
};

export function printProgram(program: A.SourceFile): string {
  const text = printStmts(program.stmts, "");
  return text === "" ? "" : text + "\n";
}

function printStmts(stmts: readonly A.Stmt[], ind: string): string {
  const printed = stmts.map((s) => printStmt(s, ind));
  return printed
    .map((text, i) => {
      const next = printed[i + 1]?.trimStart();
      const guard = next !== undefined && (endsOpen(stmts[i]!) || /^[-[.]/.test(next));
      return ind + text + (guard ? ";" : "");
    })
    .join("\n");
}

/** True when the statement's last expression would absorb a following operand (§4.1). */
function endsOpen(stmt: A.Stmt): boolean {
  let e: A.Expr | null =
    stmt.kind === "Let" || stmt.kind === "Assign"
      ? stmt.value
      : stmt.kind === "ExprStmt"
        ? stmt.expr
        : stmt.kind === "FnDecl" && stmt.body !== null && stmt.body.kind !== "Block"
          ? stmt.body
          : null;
  while (e !== null) {
    switch (e.kind) {
      case "Return":
        if (e.value === null) return true;
        e = e.value;
        break;
      case "Range":
        if (e.end === null) return true;
        e = e.end;
        break;
      case "Binary":
      case "Pipe":
        e = e.right;
        break;
      case "Unary":
        e = e.operand;
        break;
      case "Throw":
        e = e.value;
        break;
      case "LetIn":
        e = e.body;
        break;
      case "Lambda":
        e = e.body.kind === "Block" ? null : e.body;
        break;
      default:
        e = null;
    }
  }
  return false;
}

function printBlock(block: A.Block, ind: string): string {
  const body = printStmts(block.stmts, ind + INDENT);
  return body === "" ? "" : "\n" + body;
}

function printStmt(s: A.Stmt, ind: string): string {
  switch (s.kind) {
    case "Let":
      return `${pub(s)}${s.letKind} ${printPattern(s.pattern)}${typeSuffix(s.type)} = ${printExpr(s.value, ind)}`;
    case "Assign":
      return `${printExpr(s.target, ind)} ${s.op} ${printExpr(s.value, ind)}`;
    case "ExprStmt":
      return printExpr(s.expr, ind);
    case "While":
      return `while ${printExpr(s.cond, ind)} do${printBlock(s.body, ind)}\n${ind}end`;
    case "For":
      return `for ${printPattern(s.pattern)} in ${printExpr(s.iterable, ind)} do${printBlock(s.body, ind)}\n${ind}end`;
    case "FnDecl":
      return pub(s) + printFnDecl(s, ind, false);
    case "StructDecl": {
      const members = [
        ...s.fields.map((f) => `${ind}${INDENT}${f.name}: ${printType(f.type)}`),
        ...s.methods.map((m) => ind + INDENT + printFnDecl(m, ind + INDENT, false)),
      ];
      return `${pub(s)}struct ${s.name}${printGenerics(s.generics)}${members.map((m) => "\n" + m).join("")}\n${ind}end`;
    }
    case "EnumDecl": {
      const variants = s.variants.map(
        (v) =>
          `\n${ind}${INDENT}${v.name}${v.fields === null ? "" : `(${v.fields.map(printType).join(", ")})`}`,
      );
      return `${pub(s)}enum ${s.name}${printGenerics(s.generics)}${variants.join("")}\n${ind}end`;
    }
    case "ImplDecl": {
      const head = `impl${printGenerics(s.generics)} ${s.typeName}${printTypeArgs(s.typeArgs)}`;
      const kind = s.kindName === null ? "" : ` <- ${s.kindName}`;
      return `${head}${kind}${printMethods(s.methods, ind, false)}\n${ind}end`;
    }
    case "KindDecl": {
      const parent = s.parent === null ? "" : `: ${s.parent}`;
      return `kind ${s.name}${printGenerics(s.generics)}${parent}${printMethods(s.methods, ind, true)}\n${ind}end`;
    }
    case "ImportDecl": {
      const path = s.path.join(".");
      if (s.items === "*") return `import ${path}.*`;
      if (s.items !== null) {
        const items = s.items.map((it) =>
          it.alias === null ? it.name : `${it.name} as ${it.alias}`,
        );
        return `import ${path}.{${items.join(", ")}}`;
      }
      return s.alias === null ? `import ${path}` : `import ${path} as ${s.alias}`;
    }
    case "TypeAlias":
      return `type ${s.name}${printGenerics(s.generics)} = ${printType(s.type)}`;
  }
}

function pub(s: { pub?: true }): string {
  return s.pub ? "pub " : "";
}

function printMethods(methods: readonly A.FnDecl[], ind: string, inKind: boolean): string {
  return methods.map((m) => `\n${ind}${INDENT}${printFnDecl(m, ind + INDENT, inKind)}`).join("");
}

function printFnDecl(f: A.FnDecl, ind: string, inKind: boolean): string {
  const head = `fn ${f.name}${printGenerics(f.generics)}(${printParams(f.params)})${arrowType(f.returnType)}`;
  if (f.body === null) return head + ";";
  if (f.body.kind === "Block")
    return `${head}${inKind ? " do" : ""}${printBlock(f.body, ind)}\n${ind}end`;
  return `${head} => ${printExpr(f.body, ind)}`;
}

function printParams(params: readonly A.Param[]): string {
  return params.map((p) => `${p.mutable ? "mut " : ""}${p.name}${typeSuffix(p.type)}`).join(", ");
}

function printGenerics(gs: readonly A.GenericParam[]): string {
  if (gs.length === 0) return "";
  const one = (g: A.GenericParam) =>
    g.bounds.length === 0 ? g.name : `${g.name}: ${g.bounds.map(printType).join(" + ")}`;
  return `<${gs.map(one).join(", ")}>`;
}

const typeSuffix = (t: A.TypeExpr | null) => (t === null ? "" : `: ${printType(t)}`);
const arrowType = (t: A.TypeExpr | null) => (t === null ? "" : ` -> ${printType(t)}`);
const printTypeArgs = (args: readonly A.TypeExpr[]) =>
  args.length === 0 ? "" : `<${args.map(printType).join(", ")}>`;

export function printType(t: A.TypeExpr): string {
  switch (t.kind) {
    case "NamedType":
      return t.path.join(".") + printTypeArgs(t.args);
    case "TupleType":
      return t.elements.length === 1
        ? `(${printType(t.elements[0]!)},)`
        : `(${t.elements.map(printType).join(", ")})`;
    case "ArrayType":
      return `[${printType(t.element)}]`;
    case "FnType":
      return `fn(${t.params.map(printType).join(", ")}) -> ${printType(t.result)}`;
  }
}

export function printPattern(p: A.Pattern): string {
  switch (p.kind) {
    case "WildcardPat":
      return "_";
    case "BindingPat":
      return p.name;
    case "LiteralPat":
      return printLiteral(p.literal);
    case "TuplePat":
      return p.elements.length === 1
        ? `(${printPattern(p.elements[0]!)},)`
        : `(${p.elements.map(printPattern).join(", ")})`;
    case "OrPat":
      return p.alternatives.map(printPattern).join(" | ");
    case "RangePat":
      return `${printLiteral(p.low)}${p.inclusive ? "..=" : ".."}${printLiteral(p.high)}`;
    case "CtorPat": {
      if (p.args === null) return p.path.join(".");
      const args = p.args.map(
        (a) => (a.label === null ? "" : `${a.label}: `) + printPattern(a.pattern),
      );
      return `${p.path.join(".")}(${args.join(", ")})`;
    }
  }
}

function printLiteral(l: A.Literal): string {
  switch (l.kind) {
    case "IntLit":
      return l.value.toString();
    case "FloatLit":
      return formatFloatLiteral(l.value);
    case "StringLit":
      return `"${escapeText(l.value, '"')}"`;
    case "CharLit":
      return `'${escapeText(l.value, "'")}'`;
    case "BoolLit":
      return l.value ? "true" : "false";
    case "UnitLit":
      return "()";
  }
}

function escapeText(s: string, quote: string): string {
  let out = "";
  for (const c of s) out += c === quote ? "\\" + c : (ESCAPE_OUT[c] ?? c);
  return out;
}

/** A float as a Veld literal: digits on both sides of the point, never an exponent. */
export function formatFloatLiteral(v: number): string {
  const sign = v < 0 || Object.is(v, -0) ? "-" : "";
  const m = Math.abs(v);
  let digits = String(m);
  if (digits.includes("e")) {
    digits = m >= 1 ? BigInt(m).toString() : m.toFixed(100).replace(/0+$/, "");
  }
  if (!digits.includes(".")) digits += ".0";
  if (digits.endsWith(".")) digits += "0";
  return sign + digits;
}

function isNegativeLiteral(e: A.Expr): boolean {
  return (
    (e.kind === "IntLit" && e.value < 0n) ||
    (e.kind === "FloatLit" && (e.value < 0 || Object.is(e.value, -0)))
  );
}

function precOf(e: A.Expr): Prec {
  switch (e.kind) {
    case "Lambda":
    case "LetIn":
    case "Return":
    case "Throw":
      return Prec.Open;
    case "Pipe":
      return Prec.Pipe;
    case "Range":
      return Prec.Range;
    case "Binary":
      return BINARY_PREC[e.op];
    case "Unary":
      return Prec.Unary;
    case "IntLit":
    case "FloatLit":
      return isNegativeLiteral(e) ? Prec.Unary : Prec.Atom;
    case "Call":
    case "Field":
    case "TupleIndex":
    case "Index":
    case "Cast":
    case "Propagate":
    case "MacroCall":
      return Prec.Postfix;
    default:
      return Prec.Atom;
  }
}

function sub(e: A.Expr, min: Prec, ind: string): string {
  const text = printExpr(e, ind);
  return precOf(e) < min ? `(${text})` : text;
}

const list = (es: readonly A.Expr[], ind: string) => es.map((e) => printExpr(e, ind)).join(", ");

/** Texts of chain links printed bottom-up by `printExpr`, each taken once by the link above. */
const printedLinks = new Map<A.Expr, string>();

/** Prints `e`; a left-associative chain is printed from its head up, without recursing down it. */
export function printExpr(e: A.Expr, ind = ""): string {
  const done = printedLinks.get(e);
  if (done !== undefined) {
    printedLinks.delete(e);
    return done;
  }
  for (const link of chainBelow(e)) printedLinks.set(link, printNode(link, ind));
  return printNode(e, ind);
}

function printNode(e: A.Expr, ind: string): string {
  switch (e.kind) {
    case "IntLit":
    case "FloatLit":
    case "StringLit":
    case "CharLit":
    case "BoolLit":
    case "UnitLit":
      return printLiteral(e);
    case "Ident":
      return e.name;
    case "Tuple":
      return e.elements.length === 1
        ? `(${printExpr(e.elements[0]!, ind)},)`
        : `(${list(e.elements, ind)})`;
    case "Array":
      return `[${list(e.elements, ind)}]`;
    case "SetLit":
      return `{${list(e.elements, ind)}}`;
    case "MapLit":
      return `{${e.entries.map((en) => `${printExpr(en.key, ind)}: ${printExpr(en.value, ind)}`).join(", ")}}`;
    case "Unary": {
      const literal = e.operand.kind === "IntLit" || e.operand.kind === "FloatLit";
      return e.op + (literal ? `(${printExpr(e.operand, ind)})` : sub(e.operand, Prec.Unary, ind));
    }
    case "Binary": {
      const p = BINARY_PREC[e.op];
      const right = e.op === "*^" ? p : p + 1;
      const left = e.op === "*^" ? p + 1 : p;
      return `${sub(e.left, left, ind)} ${e.op} ${sub(e.right, right, ind)}`;
    }
    case "Pipe":
      return e.fieldValue
        ? `${sub(e.left, Prec.Pipe, ind)} |> (${printExpr(e.right, ind)})`
        : `${sub(e.left, Prec.Pipe, ind)} |> ${sub(e.right, Prec.Range, ind)}`;
    case "Range": {
      const start = e.start === null ? "" : sub(e.start, Prec.Or, ind);
      const end = e.end === null ? "" : sub(e.end, Prec.Or, ind);
      return `${start}${e.inclusive ? "..=" : ".."}${end}`;
    }
    case "Call":
      return e.template
        ? `${sub(e.callee, Prec.Postfix, ind)}~(${templateArgs(e.args, ind)})`
        : e.fieldValue
          ? `(${printExpr(e.callee, ind)})(${list(e.args, ind)})`
          : `${sub(e.callee, Prec.Postfix, ind)}(${list(e.args, ind)})`;
    case "StructLit":
      return `${e.name}(${e.fields.map((f) => `${f.name}: ${printExpr(f.value, ind)}`).join(", ")})`;
    case "Field":
      return `${sub(e.object, Prec.Postfix, ind)}.${e.name}`;
    case "TupleIndex": {
      const object =
        e.object.kind === "IntLit"
          ? `(${printExpr(e.object, ind)})`
          : sub(e.object, Prec.Postfix, ind);
      return `${object}.${e.index}`;
    }
    case "Index":
      return `${sub(e.object, Prec.Postfix, ind)}[${printExpr(e.index, ind)}]`;
    case "Cast":
      return `${sub(e.expr, Prec.Postfix, ind)} as ${printType(e.type)}`;
    case "Propagate":
      return `${sub(e.expr, Prec.Postfix, ind)}?`;
    case "MacroCall":
      return `${e.name}~(${templateArgs(e.args, ind)})`;
    case "Formatted":
      // Only inside a template hole: `{value:spec}`.
      return `${printExpr(e.value, ind)}:${e.spec}`;
    case "Interpolation":
      return `"${e.parts
        .map((p) =>
          p.kind === "Text"
            ? escapeText(p.value, '"').replace(/[{}]/g, "$&$&")
            : `{${printExpr(p, ind)}}`,
        )
        .join("")}"`;
    case "If":
      return printIf(e, ind);
    case "Match": {
      const arms = e.arms.map((arm, i) => {
        const pat = printPattern(arm.pattern);
        const safePat = i === 0 && pat.startsWith("-") ? `(${pat})` : pat;
        const guard = arm.guard === null ? "" : ` where ${printExpr(arm.guard, ind + INDENT)}`;
        return `\n${ind}${INDENT}${safePat}${guard} => ${printExpr(arm.body, ind + INDENT)},`;
      });
      return `match ${printExpr(e.subject, ind)}${arms.join("")}\n${ind}end`;
    }
    case "Do":
      return `do${printBlock(e.body, ind)}\n${ind}end`;
    case "TryCatch": {
      let text = `try${printBlock(e.body, ind)}`;
      if (e.catchBody !== null)
        text += `\n${ind}catch${e.catchName === null ? "" : " " + e.catchName}${printBlock(e.catchBody, ind)}`;
      if (e.finallyBody !== null) text += `\n${ind}finally${printBlock(e.finallyBody, ind)}`;
      return `${text}\n${ind}end`;
    }
    case "LetIn":
      return `let ${e.mutable ? "mut " : ""}${printPattern(e.pattern)}${typeSuffix(e.type)} = ${printExpr(e.value, ind)} in ${printExpr(e.body, ind)}`;
    case "Lambda": {
      const params = printParams(e.params);
      if (e.body.kind === "Block")
        return `fn(${params})${arrowType(e.returnType)}${printBlock(e.body, ind)}\n${ind}end`;
      if (e.returnType !== null)
        return `fn(${params})${arrowType(e.returnType)} => ${printExpr(e.body, ind)}`;
      return `(${params}) => ${printExpr(e.body, ind)}`;
    }
    case "Return":
      return e.value === null ? "return" : `return ${printExpr(e.value, ind)}`;
    case "Break":
      return "break";
    case "Continue":
      return "continue";
    case "Throw":
      return `throw ${printExpr(e.value, ind)}`;
  }
}

function printIf(e: A.IfExpr, ind: string): string {
  let text = `if ${printExpr(e.cond, ind)} then${printBlock(e.then, ind)}`;
  let rest = e.else;
  while (rest !== null) {
    const only = rest.stmts.length === 1 ? rest.stmts[0]! : null;
    if (only !== null && only.kind === "ExprStmt" && only.expr.kind === "If") {
      const nested: A.IfExpr = only.expr;
      text += `\n${ind}else if ${printExpr(nested.cond, ind)} then${printBlock(nested.then, ind)}`;
      rest = nested.else;
    } else {
      text += `\n${ind}else${printBlock(rest, ind)}`;
      rest = null;
    }
  }
  return `${text}\n${ind}end`;
}

/** Arguments of `f~(…)`: a plain string literal there is a template, so its braces double. */
function templateArgs(args: readonly A.Expr[], ind: string): string {
  return args
    .map((a) =>
      a.kind === "StringLit"
        ? `"${escapeText(a.value, '"').replace(/[{}]/g, "$&$&")}"`
        : printExpr(a, ind),
    )
    .join(", ");
}
