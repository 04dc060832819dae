// Recursive-descent parser with precedence climbing for Veld core (spec/language.md §3–§6).
// Produces the AST of ast.ts plus diagnostics. Recovery: a syntax error abandons the current
// statement, is recorded, and parsing resumes at the next statement boundary or block
// terminator, so one run reports several errors and never accepts invalid input. Nesting is
// capped at MAX_NESTING so hostile input yields E0203 instead of a host stack overflow.

import type * as A from "./ast.js";
import {
  diagnostic,
  type Diagnostic,
  type DiagnosticCode,
  type Pos,
  type Span,
} from "./diagnostics.js";
import { parseFormatSpec } from "../format/format-spec.js";
import { I64_MAX, Lexer, lex } from "./lexer.js";
import { MACRO_ARITY, own } from "./prelude.js";
import { isWordToken, type Token, type TokenKind } from "./tokens.js";

/**
 * Maximum syntactic nesting (blocks, parentheses, right-nested operands). A left-associative
 * chain (`a + b + c`, `a |> f |> g`, `a.f().g()[i]`) is flat: its links do not nest.
 */
export const MAX_NESTING = 256;

const ASSIGN_OPS: ReadonlySet<string> = new Set(["=", "+=", "-=", "*=", "/=", "%="]);
/** Binding power of the left-associative binary operators: `or`, `and`, comparisons, `+ -`, `* / %`. */
const BINARY_PRECEDENCE: ReadonlyMap<string, number> = new Map([
  ["or", 1],
  ["and", 2],
  ["==", 3],
  ["!=", 3],
  ["<", 3],
  ["<=", 3],
  [">", 3],
  [">=", 3],
  ["+", 4],
  ["-", 4],
  ["*", 5],
  ["/", 5],
  ["%", 5],
]);
const STATEMENT_START: ReadonlySet<TokenKind> = new Set<TokenKind>([
  "let",
  "var",
  "const",
  "fn",
  "proc",
  "struct",
  "enum",
  "impl",
  "kind",
  "import",
  "type",
  "while",
  "for",
  "if",
  "match",
  "return",
  "pub",
  "try",
]);
/**
 * Tokens that open a construct closed by exactly one `end` (an `if` directly after `else`
 * shares the chain's `end`; `fn` is left out, as `fn … => e` has none).
 */
const SKIP_OPENERS: ReadonlySet<TokenKind> = new Set<TokenKind>(["if", "match", "try", "do"]);
/** Whether a string token's text ends inside an open `{` hole (`"{xs.join(` of `"{xs.join(", ")}"`). */
function endsInHole(text: string): boolean {
  let depth = 0;
  for (let i = 1; i < text.length - 1; i++) {
    if (depth === 0 && text[i] === "{" && text[i + 1] === "{") i++;
    else if (text[i] === "{") depth++;
    else if (text[i] === "}" && depth > 0) depth--;
  }
  return depth > 0;
}

/** Tokens that may begin an optional operand (a range end, a `return` value). */
const OPERAND_START: ReadonlySet<TokenKind> = new Set<TokenKind>([
  "int",
  "float",
  "string",
  "char",
  "ident",
  "true",
  "false",
  "self",
  "(",
  "[",
  "-",
  "!",
]);

class SyntaxBail {
  constructor(readonly diagnostic: Diagnostic) {}
}
class NestingBail {
  constructor(readonly diagnostic: Diagnostic) {}
}

export interface ParseResult {
  program: A.SourceFile;
  diagnostics: Diagnostic[];
}

export function parseSource(source: string): ParseResult {
  const lexer = new Lexer(source);
  const parser = new Parser(lexer, []);
  const program = parser.parseProgram();
  // The parser's diagnostics follow all the lexer's: its first one is left out when it
  // repeats the lexer's last (as `record` does for the others).
  // A string or block comment left open runs to the end of the input: what the parser then
  // misses there (a `)`, an `end`) is that literal's consequence, not a second error.
  const lexed = lexer.diagnostics;
  const runaway = lexed.some((d) => d.code === "E0102" || d.code === "E0103");
  const own = runaway ? parser.diagnostics.filter((d) => !parser.atEnd.has(d)) : parser.diagnostics;
  if (own.length > 0 && lexed.length > 0 && sameDiagnostic(lexed[lexed.length - 1]!, own[0]!))
    own.shift();
  const diagnostics = lexed.concat(own).sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { program, diagnostics };
}

const sameDiagnostic = (a: Diagnostic, b: Diagnostic): boolean =>
  a.code === b.code && a.span.start.offset === b.span.start.offset;

/** Where the parser reads its tokens: the lexer, or the tokens of an interpolation's hole. */
interface TokenSource {
  next(): Token;
  /** Whether `=>` follows the `)` matching `open`, the last `(` read. */
  lambdaParen(open: Token): boolean;
}

/** A token list as a source (ending in `eof`). */
class TokenList implements TokenSource {
  private index = 0;
  /** For each `(` token, whether its matching `)` is followed by `=>`. */
  private readonly lambda = new Map<Token, boolean>();

  constructor(private readonly tokens: readonly Token[]) {
    const open: number[] = [];
    tokens.forEach((t, i) => {
      if (t.kind === "(") open.push(i);
      else if (t.kind === ")" && open.length > 0)
        this.lambda.set(tokens[open.pop()!]!, tokens[i + 1]?.kind === "=>");
    });
  }

  next(): Token {
    const t = this.tokens[this.index]!;
    if (t.kind !== "eof") this.index++;
    return t;
  }

  lambdaParen(open: Token): boolean {
    return this.lambda.get(open) ?? false;
  }
}

const describe = (t: Token): string => (t.kind === "eof" ? "end of input" : `\`${t.text}\``);

class Parser {
  /** Tokens read so far (progress, for recovery). */
  private pos = 0;
  /** Openers read minus `end`s read (SKIP_OPENERS): what a failed statement left open. */
  private opened = 0;
  private depth = 0;
  private ifDepth = 0;
  /** Fields written in parentheses: `(o.f)(…)` calls the field's value (spec/language.md §5). */
  private readonly groupedFields = new WeakSet<A.Expr>();
  /** The line of the first `if` that continues an `else` from the next line (E0211's hint). */
  private elseIfOnNewLine: number | undefined = undefined;
  /** Diagnostics recorded at the end of the input (parseSource drops them after a runaway literal). */
  readonly atEnd = new WeakSet<Diagnostic>();
  /** The current token, the one after it once asked for, and the last one read. */
  private current: Token;
  private following: Token | undefined = undefined;
  private previous: Token | undefined = undefined;

  constructor(
    private readonly tokens: TokenSource,
    readonly diagnostics: Diagnostic[],
  ) {
    this.current = tokens.next();
  }

  // ---------- token helpers ----------
  /** The current token (k = 0) or the one after it (k = 1); past the end, eof. */
  private peek(k: 0 | 1 = 0): Token {
    if (k === 0) return this.current;
    return (this.following ??= this.tokens.next());
  }
  private at(kind: TokenKind): boolean {
    return this.current.kind === kind;
  }
  private advance(): Token {
    const t = this.current;
    if (t.kind !== "eof") {
      this.pos++;
      if (t.kind === "end") this.opened--;
      else if (SKIP_OPENERS.has(t.kind) && !(t.kind === "if" && this.previous?.kind === "else"))
        this.opened++;
      this.previous = t;
      const f = this.following;
      if (f !== undefined) {
        this.current = f;
        this.following = undefined;
      } else this.current = this.tokens.next();
    }
    return t;
  }
  private eat(kind: TokenKind): Token | null {
    return this.current.kind === kind ? this.advance() : null;
  }
  private prevEnd(): Pos {
    return (this.previous ?? this.current).span.end;
  }
  private spanFrom(start: Pos): Span {
    return { start, end: this.prevEnd() };
  }
  private fail(code: DiagnosticCode, message: string, span: Span, hint?: string): never {
    throw new SyntaxBail(diagnostic(code, message, span, hint));
  }
  /**
   * The expression after `=>` (a match arm, an expression-bodied function or lambda): an
   * assignment there (`Some(n) => total += n`) is a statement, so it is E0201 at its operator
   * with the fix, not "expected a pattern" at the next arm; parsing goes on after its value.
   */
  private parseArrowBody(): A.Expr {
    const body = this.parseExpr();
    const op = this.peek();
    if (ASSIGN_OPS.has(op.kind)) {
      this.record(
        diagnostic(
          "E0201",
          `an assignment (\`${op.kind}\`) is a statement and cannot be the expression after \`=>\``,
          op.span,
          `make the body a block: \`=> do … ${op.kind} … end\``,
        ),
      );
      this.advance();
      this.parseExpr();
    }
    return body;
  }
  private expect(kind: TokenKind, context?: string): Token {
    const t = this.peek();
    if (t.kind === kind) return this.advance();
    const where = context === undefined ? "" : ` ${context}`;
    const hint = t.kind === "=" && kind !== "=" ? "to compare values use `==`" : undefined;
    return this.fail("E0201", `expected \`${kind}\`${where}, found ${describe(t)}`, t.span, hint);
  }
  private expectWord(what: string): Token {
    const t = this.peek();
    if (isWordToken(t)) return this.advance();
    return this.fail("E0201", `expected ${what}, found ${describe(t)}`, t.span);
  }
  private expectIdent(what: string): Token {
    const t = this.peek();
    if (t.kind === "ident") return this.advance();
    if (t.kind === "reserved") {
      this.reserved(t);
      return this.advance(); // parsing goes on as if it were a name
    }
    const hint = isWordToken(t) ? `\`${t.text}\` is a keyword` : undefined;
    return this.fail("E0201", `expected ${what}, found ${describe(t)}`, t.span, hint);
  }
  /** Records E0208 for the reserved word `t`; the caller goes on as if it were a name. */
  private reserved(t: Token): void {
    this.record(
      diagnostic(
        "E0208",
        `\`${t.text}\` is a reserved word`,
        t.span,
        "it is not part of Veld core; pick another name",
      ),
    );
  }
  /** Records `then`/`do` if missing, then carries on as if it were there. */
  private expectSoft(kind: "then" | "do", construct: string): void {
    if (this.eat(kind)) return;
    const t = this.peek();
    this.record(
      diagnostic(
        "E0209",
        `expected \`${kind}\` after the ${construct} header, found ${describe(t)}`,
        t.span,
        t.kind === "="
          ? "to compare values use `==`"
          : kind === "then"
            ? "write `if cond then … end`"
            : `write \`${construct} … do … end\``,
      ),
    );
  }
  private record(d: Diagnostic): void {
    const last = this.diagnostics[this.diagnostics.length - 1];
    if (last && sameDiagnostic(last, d)) return;
    if (this.current.kind === "eof") this.atEnd.add(d);
    this.diagnostics.push(d);
  }
  private enter(): void {
    if (++this.depth > MAX_NESTING) {
      const t = this.peek();
      throw new NestingBail(
        diagnostic(
          "E0203",
          `nesting deeper than ${MAX_NESTING} levels`,
          t.span,
          "split the expression or block into smaller parts",
        ),
      );
    }
  }
  private leave(levels = 1): void {
    this.depth -= levels;
  }

  // ---------- program, blocks, recovery ----------
  parseProgram(): A.SourceFile {
    const start = this.peek().span.start;
    const stmts: A.Stmt[] = [];
    try {
      while (!this.at("eof")) {
        if (this.at("end")) {
          const t = this.advance();
          const line = this.elseIfOnNewLine;
          this.record(
            diagnostic(
              "E0211",
              "unexpected `end`: no block is open here",
              t.span,
              line === undefined
                ? "remove it, or check the block above for an extra `end`"
                : `remove it, or check the block above for an extra \`end\`: the \`if\` on line ${line} directly after \`else\` continues that \`if\` as \`else if\`, and the one \`end\` closes both (to nest it, put it in \`do … end\`)`,
            ),
          );
          continue;
        }
        this.statementInto(stmts, new Set());
      }
    } catch (e) {
      if (!(e instanceof NestingBail)) throw e;
      this.record(e.diagnostic);
      while (!this.at("eof")) this.advance();
    }
    return { kind: "SourceFile", stmts, span: { start, end: this.peek().span.end } };
  }

  /** Parses one statement into `out`; on a syntax error records it and resynchronises. */
  private statementInto(out: A.Stmt[], terminators: ReadonlySet<TokenKind>): void {
    const startPos = this.pos;
    const depth = this.depth;
    const opened = this.opened;
    try {
      out.push(this.parseStatement());
    } catch (e) {
      if (!(e instanceof SyntaxBail)) throw e;
      this.depth = depth;
      this.record(e.diagnostic);
      this.synchronize(startPos, terminators, opened);
    }
  }

  /**
   * Skips the rest of a failed statement. Constructs the statement opened (`match x` before
   * an error in an arm, `println(try … end)`) own the `end`s, and the `catch`/`else`
   * terminators, that close them: skipping stops at none of those. `opened` is the count of
   * open constructs where the statement started.
   */
  private synchronize(startPos: number, terminators: ReadonlySet<TokenKind>, opened: number): void {
    const closed = () => this.opened <= opened;
    if (this.pos === startPos && !this.at("end") && !terminators.has(this.peek().kind))
      this.advance();
    while (!this.at("eof")) {
      const t = this.peek();
      if (closed() && (t.kind === "end" || terminators.has(t.kind))) return;
      if (t.newlineBefore && STATEMENT_START.has(t.kind)) return;
      this.advance();
    }
  }

  /** Statements up to (not including) one of `terminators`; `opener` names the block for E0202. */
  private parseBlock(opener: Token, terminators: readonly TokenKind[]): A.Block {
    this.enter();
    const start = this.peek().span.start;
    const stops = new Set(terminators);
    const stmts: A.Stmt[] = [];
    while (!stops.has(this.peek().kind)) {
      if (this.at("eof")) {
        this.fail(
          "E0202",
          `missing \`end\` for this \`${opener.text}\``,
          opener.span,
          `close the \`${opener.text}\` block with \`end\``,
        );
      }
      this.statementInto(stmts, stops);
    }
    this.leave();
    const end = stmts.length > 0 ? this.prevEnd() : start;
    return { kind: "Block", stmts, span: { start, end } };
  }

  private blockToEnd(opener: Token): A.Block {
    const block = this.parseBlock(opener, ["end"]);
    this.advance();
    return block;
  }

  // ---------- statements ----------
  private parseStatement(): A.Stmt {
    this.enter();
    const stmt = this.parseStatementInner();
    this.eat(";");
    this.leave();
    return stmt;
  }

  private parseStatementInner(): A.Stmt {
    const t = this.peek();
    switch (t.kind) {
      case "pub": {
        this.advance();
        const next = this.peek().kind;
        if (
          !["fn", "proc", "struct", "enum", "kind", "import", "type", "const", "let"].includes(next)
        ) {
          this.fail(
            "E0201",
            `expected a declaration after \`pub\`, found ${describe(this.peek())}`,
            this.peek().span,
          );
        }
        const decl = this.parseStatementInner();
        if (
          decl.kind === "FnDecl" ||
          decl.kind === "StructDecl" ||
          decl.kind === "EnumDecl" ||
          decl.kind === "Let"
        )
          decl.pub = true;
        return decl;
      }
      case "let":
      case "var":
      case "const":
        return this.parseLet();
      case "fn":
        // A word after `fn` is a name, a keyword one included (`fn kind(x)`: its diagnostic).
        return isWordToken(this.peek(1)) ? this.parseFnDecl("block") : this.parseExprStatement();
      case "proc":
        return this.parseFnDecl("block");
      case "struct":
        return this.parseStruct();
      case "enum":
        return this.parseEnum();
      case "impl":
        return this.parseImpl();
      case "kind":
        return this.parseKind();
      case "import":
        return this.parseImport();
      case "type":
        return this.parseTypeAlias();
      case "while":
        return this.parseWhile();
      case "for":
        return this.parseFor();
      case "ident":
        if ((t.text === "elif" || t.text === "elsif" || t.text === "elseif") && this.ifDepth > 0) {
          this.fail("E0205", `\`${t.text}\` is not Veld`, t.span, "write `else if`");
        }
        return this.parseExprStatement();
      default:
        return this.parseExprStatement();
    }
  }

  private parseExprStatement(): A.Stmt {
    const start = this.peek().span.start;
    const expr = this.parseExpr();
    const op = this.peek();
    if (ASSIGN_OPS.has(op.kind)) {
      if (expr.kind !== "Ident" && expr.kind !== "Field" && expr.kind !== "Index") {
        this.fail(
          "E0204",
          "only variables, fields and indexes can be assigned",
          expr.span,
          expr.kind === "TupleIndex" ? "tuples are immutable" : undefined,
        );
      }
      if (expr.kind === "Ident" && expr.name === "self") {
        this.fail(
          "E0204",
          "`self` cannot be assigned",
          expr.span,
          "assign to a field: `self.f = v`",
        );
      }
      this.advance();
      const value = this.parseExpr();
      return {
        kind: "Assign",
        op: op.kind as A.AssignOp,
        target: expr,
        value,
        span: this.spanFrom(start),
      };
    }
    return { kind: "ExprStmt", expr, span: this.spanFrom(start) };
  }

  private parseLet(): A.Stmt {
    const kw = this.advance();
    let letKind: A.LetKind = kw.kind as "let" | "var" | "const";
    if (kw.kind === "let" && this.eat("mut")) letKind = "let mut";
    else if (kw.kind !== "let" && this.at("mut")) {
      this.fail(
        "E0201",
        `\`${kw.text} mut\` is not Veld`,
        this.peek().span,
        `\`${kw.text}\` alone is already mutable`,
      );
    }
    const pattern = this.parseBindingPattern();
    const type = this.eat(":") ? this.parseType() : null;
    this.expect("=", "in declaration");
    const value = this.parseExpr();
    if (kw.kind === "let" && this.eat("in")) {
      const body = this.parseExpr();
      const span = this.spanFrom(kw.span.start);
      return {
        kind: "ExprStmt",
        expr: { kind: "LetIn", mutable: letKind === "let mut", pattern, type, value, body, span },
        span,
      };
    }
    return { kind: "Let", letKind, pattern, type, value, span: this.spanFrom(kw.span.start) };
  }

  private parseWhile(): A.Stmt {
    const kw = this.advance();
    const cond = this.parseExpr();
    this.expectSoft("do", "while");
    const body = this.blockToEnd(kw);
    return { kind: "While", cond, body, span: this.spanFrom(kw.span.start) };
  }

  private parseFor(): A.Stmt {
    const kw = this.advance();
    const pattern = this.parseBindingPattern();
    const iterable = this.at("=") ? this.numericFor(pattern) : this.forIn();
    this.expectSoft("do", "for");
    const body = this.blockToEnd(kw);
    return { kind: "For", pattern, iterable, body, span: this.spanFrom(kw.span.start) };
  }

  private forIn(): A.Expr {
    this.expect("in", "after the `for` pattern");
    return this.parseExpr();
  }

  /**
   * Lua's and BASIC's `for i = a, b [, step] do`: a diagnostic that shows the Veld loop, then
   * the loop is read as `for i in a..=b` so the rest of the file gets no follow-on errors.
   */
  private numericFor(pattern: A.Pattern): A.Expr {
    const eq = this.advance();
    const bound = (): [A.Expr, string] => {
      const first = this.pos;
      const e = this.parseExpr();
      return [e, this.pos === first + 1 ? this.previous!.text : "…"];
    };
    const [start, a] = bound();
    this.expect(",", "between the bounds");
    const [end, b] = bound();
    const stepped = this.eat(",") !== null;
    if (stepped) this.parseExpr();
    const name = pattern.kind === "BindingPat" ? pattern.name : "i";
    this.record(
      diagnostic(
        "E0215",
        "a numeric `for` is not Veld: `for` iterates over a range or a collection",
        { start: eq.span.start, end: this.prevEnd() },
        `write \`for ${name} in ${a}..=${b} do\`` +
          (stepped ? " (a range steps by 1: for another step use a `while` loop)" : ""),
      ),
    );
    return { kind: "Range", start, end, inclusive: true, span: this.spanFrom(start.span.start) };
  }

  // ---------- declarations ----------
  private parseGenerics(): A.GenericParam[] {
    if (!this.eat("<")) return [];
    const params: A.GenericParam[] = [];
    do {
      const name = this.expectIdent("a type parameter");
      const bounds: A.TypeExpr[] = [];
      if (this.eat(":")) {
        do bounds.push(this.parseType());
        while (this.eat("+"));
      }
      params.push({ name: name.text, bounds, span: this.spanFrom(name.span.start) });
    } while (this.eat(","));
    this.expect(">", "to close the type parameters");
    return params;
  }

  private parseParams(): A.Param[] {
    this.expect("(", "to open the parameter list");
    const params: A.Param[] = [];
    while (!this.at(")")) {
      const start = this.peek().span.start;
      const mutable = this.eat("mut") !== null;
      const name = this.at("self") ? this.advance() : this.expectIdent("a parameter name");
      const type = this.eat(":") ? this.parseType() : null;
      params.push({ name: name.text, mutable, type, span: this.spanFrom(start) });
      if (!this.eat(",")) break;
    }
    this.expect(")", "to close the parameter list");
    return params;
  }

  /** `mode` "kind" allows a signature without a body (a `kind` method). */
  private parseFnDecl(mode: "block" | "kind"): A.FnDecl {
    const kw = this.advance();
    const name = this.expectIdent("a function name");
    const generics = this.parseGenerics();
    const params = this.parseParams();
    const returnType = this.eat("->") ? this.parseType() : null;
    let body: A.FnDecl["body"];
    if (this.eat(";")) body = null;
    else if (this.eat("=>")) body = this.parseArrowBody();
    else if (mode === "kind" && !this.at("do")) body = null;
    else {
      if (mode === "kind") this.expect("do", "before a kind method body");
      else this.eat("=");
      body = this.blockToEnd(kw);
    }
    return {
      kind: "FnDecl",
      name: name.text,
      generics,
      params,
      returnType,
      body,
      span: this.spanFrom(kw.span.start),
    };
  }

  private parseStruct(): A.StructDecl {
    const kw = this.advance();
    const name = this.expectIdent("a struct name").text;
    const generics = this.parseGenerics();
    const fields: A.StructField[] = [];
    const methods: A.FnDecl[] = [];
    if (this.eat("(")) {
      while (!this.at(")")) {
        fields.push(this.parseStructField());
        if (!this.eat(",")) break;
      }
      this.expect(")", "to close the struct fields");
      this.eat(";");
    } else {
      while (!this.eat("end")) {
        if (this.at("eof"))
          this.fail(
            "E0202",
            "missing `end` for this `struct`",
            kw.span,
            "close the struct with `end`",
          );
        this.eat("pub");
        if (this.at("fn")) methods.push(this.parseFnDecl("block"));
        else fields.push(this.parseStructField());
        this.eat(",");
      }
    }
    return {
      kind: "StructDecl",
      name,
      generics,
      fields,
      methods,
      span: this.spanFrom(kw.span.start),
    };
  }

  private parseStructField(): A.StructField {
    this.eat("pub");
    const name = this.expectWord("a field name");
    this.expect(":", "after the field name");
    const type = this.parseType();
    return { name: name.text, type, span: this.spanFrom(name.span.start) };
  }

  private parseEnum(): A.EnumDecl {
    const kw = this.advance();
    const name = this.expectIdent("an enum name").text;
    const generics = this.parseGenerics();
    const variants: A.Variant[] = [];
    const closer: TokenKind = this.eat("(") ? ")" : "end";
    while (!this.eat(closer)) {
      if (this.at("eof")) this.fail("E0202", `missing \`${closer}\` for this \`enum\``, kw.span);
      const v = this.expectWord("a variant name");
      let payload: A.TypeExpr[] | null = null;
      if (this.at("(") && !this.peek().newlineBefore) {
        this.advance();
        payload = [];
        while (!this.at(")")) {
          payload.push(this.parseType());
          if (!this.eat(",")) break;
        }
        this.expect(")", "to close the variant payload");
      }
      variants.push({ name: v.text, fields: payload, span: this.spanFrom(v.span.start) });
      if (!this.eat(",") && closer === ")" && !this.at(")"))
        this.expect(")", "to close the variants");
    }
    return { kind: "EnumDecl", name, generics, variants, span: this.spanFrom(kw.span.start) };
  }

  private parseTypeArgs(): A.TypeExpr[] {
    const args: A.TypeExpr[] = [];
    if (!this.eat("<")) return args;
    do args.push(this.parseType());
    while (this.eat(","));
    this.expect(">", "to close the type arguments");
    return args;
  }

  private parseImpl(): A.ImplDecl {
    const kw = this.advance();
    const generics = this.parseGenerics();
    let typeName = this.expectIdent("a type name").text;
    let typeArgs = this.parseTypeArgs();
    let kindName: string | null = null;
    if (this.eat("<-")) {
      kindName = this.expectIdent("a kind name").text;
      this.parseTypeArgs();
    } else if (this.eat("for")) {
      kindName = typeName;
      typeName = this.expectIdent("a type name").text;
      typeArgs = this.parseTypeArgs();
    }
    const methods: A.FnDecl[] = [];
    while (!this.eat("end")) {
      if (this.at("eof"))
        this.fail("E0202", "missing `end` for this `impl`", kw.span, "close the impl with `end`");
      this.eat("pub");
      if (!this.at("fn"))
        this.fail(
          "E0201",
          `expected \`fn\` in impl block, found ${describe(this.peek())}`,
          this.peek().span,
        );
      methods.push(this.parseFnDecl("block"));
      this.eat(",");
      this.eat(";");
    }
    return {
      kind: "ImplDecl",
      generics,
      typeName,
      typeArgs,
      kindName,
      methods,
      span: this.spanFrom(kw.span.start),
    };
  }

  private parseKind(): A.KindDecl {
    const kw = this.advance();
    const name = this.expectIdent("a kind name").text;
    const generics = this.parseGenerics();
    let parent: string | null = null;
    if (this.eat(":") || this.eat("<-")) {
      parent = this.expectIdent("a kind name").text;
      this.parseTypeArgs();
    }
    const methods: A.FnDecl[] = [];
    if (this.eat("=")) {
      if (!this.at("fn")) this.expect("fn", "in kind");
      methods.push(this.parseFnDecl("kind"));
    } else {
      while (!this.eat("end")) {
        if (this.at("eof"))
          this.fail("E0202", "missing `end` for this `kind`", kw.span, "close the kind with `end`");
        this.eat("pub");
        if (!this.at("fn")) this.expect("fn", "in kind");
        methods.push(this.parseFnDecl("kind"));
      }
    }
    return {
      kind: "KindDecl",
      name,
      generics,
      parent,
      methods,
      span: this.spanFrom(kw.span.start),
    };
  }

  private parseImport(): A.ImportDecl {
    const kw = this.advance();
    const path = [this.expectIdent("a module name").text];
    let items: A.ImportDecl["items"] = null;
    while (this.eat(".")) {
      if (this.eat("*")) {
        items = "*";
        break;
      }
      if (this.eat("{")) {
        items = [];
        while (!this.at("}")) {
          const n = this.expectIdent("an imported name");
          const alias = this.eat("as") ? this.expectIdent("an alias").text : null;
          items.push({ name: n.text, alias, span: this.spanFrom(n.span.start) });
          if (!this.eat(",")) break;
        }
        this.expect("}", "to close the import list");
        break;
      }
      path.push(this.expectIdent("a module name").text);
    }
    const alias = items === null && this.eat("as") ? this.expectIdent("an alias").text : null;
    return { kind: "ImportDecl", path, alias, items, span: this.spanFrom(kw.span.start) };
  }

  private parseTypeAlias(): A.Stmt {
    const kw = this.advance();
    const name = this.expectIdent("a type name").text;
    const generics = this.parseGenerics();
    this.expect("=", "in type alias");
    const type = this.parseType();
    return { kind: "TypeAlias", name, generics, type, span: this.spanFrom(kw.span.start) };
  }

  // ---------- types ----------
  private parseType(): A.TypeExpr {
    this.enter();
    const t = this.peek();
    const start = t.span.start;
    let type: A.TypeExpr;
    if (this.eat("(")) {
      const elements: A.TypeExpr[] = [];
      let trailingComma = false;
      while (!this.at(")")) {
        elements.push(this.parseType());
        trailingComma = this.eat(",") !== null;
        if (!trailingComma) break;
      }
      this.expect(")", "to close the type");
      if (this.eat("->")) {
        type = {
          kind: "FnType",
          params: elements,
          result: this.parseType(),
          span: this.spanFrom(start),
        };
      } else if (elements.length === 1 && !trailingComma) {
        type = elements[0]!;
      } else {
        type = { kind: "TupleType", elements, span: this.spanFrom(start) };
      }
    } else if (this.eat("[")) {
      const element = this.parseType();
      this.expect("]", "to close the array type");
      type = { kind: "ArrayType", element, span: this.spanFrom(start) };
    } else if (this.eat("fn")) {
      this.expect("(", "after `fn` in a function type");
      const params: A.TypeExpr[] = [];
      while (!this.at(")")) {
        params.push(this.parseType());
        if (!this.eat(",")) break;
      }
      this.expect(")", "to close the parameter types");
      this.expect("->", "in a function type");
      type = { kind: "FnType", params, result: this.parseType(), span: this.spanFrom(start) };
    } else {
      const path = [this.expectIdent("a type").text];
      while (this.at(".") && this.peek(1).kind === "ident") {
        this.advance();
        path.push(this.advance().text);
      }
      const args = this.parseTypeArgs();
      type = { kind: "NamedType", path, args, span: this.spanFrom(start) };
    }
    this.leave();
    return type;
  }

  // ---------- patterns ----------
  /** Patterns allowed in `let`, `for` and `let … in`: names, `_`, `()` and tuples of those. */
  private parseBindingPattern(): A.Pattern {
    const pattern = this.parsePattern();
    const check = (p: A.Pattern): void => {
      if (p.kind === "TuplePat") p.elements.forEach(check);
      else if (p.kind === "LiteralPat" && p.literal.kind === "UnitLit") return;
      else if (p.kind !== "BindingPat" && p.kind !== "WildcardPat") {
        this.fail(
          "E0213",
          "this pattern can fail to match, so it cannot be used here",
          p.span,
          "use `match` for refutable patterns",
        );
      }
    };
    check(pattern);
    return pattern;
  }

  private parsePattern(): A.Pattern {
    this.enter();
    const start = this.peek().span.start;
    const first = this.parseRangePattern();
    let p = first;
    if (this.at("|")) {
      // `(p | q) | r` is `p | q | r`: one flat list, as the printer writes it.
      const alternatives: A.Pattern[] = [];
      const add = (alt: A.Pattern) =>
        alt.kind === "OrPat" ? alternatives.push(...alt.alternatives) : alternatives.push(alt);
      add(first);
      while (this.eat("|")) add(this.parseRangePattern());
      p = { kind: "OrPat", alternatives, span: this.spanFrom(start) };
    }
    this.leave();
    return p;
  }

  /** A primary pattern, or `lo..=hi` / `lo..hi` when an int or char literal starts a range. */
  private parseRangePattern(): A.Pattern {
    const start = this.peek().span.start;
    const p = this.parsePatternInner();
    if (!(this.at("..") || this.at("..=")) || p.kind !== "LiteralPat") return p;
    const inclusive = this.advance().kind === "..=";
    const boundStart = this.peek();
    let high: A.Literal | null = null;
    if (boundStart.kind === "-" && (this.peek(1).kind === "int" || this.peek(1).kind === "float"))
      high = this.negativeLiteral(this.advance());
    else if (["int", "float", "string", "char", "true", "false"].includes(boundStart.kind))
      high = this.parseLiteral();
    else {
      this.record(
        diagnostic(
          "E0214",
          `expected the upper bound of a range pattern, found ${describe(boundStart)}`,
          boundStart.span,
          "range patterns are `lo..=hi` or `lo..hi` with both bounds written out",
        ),
      );
      return p;
    }
    const low = p.literal;
    const span = this.spanFrom(start);
    const bothInt = low.kind === "IntLit" && high.kind === "IntLit";
    const bothChar = low.kind === "CharLit" && high.kind === "CharLit";
    if (!bothInt && !bothChar) {
      this.record(
        diagnostic(
          "E0214",
          "range pattern bounds must be two int literals or two char literals",
          span,
        ),
      );
      return { kind: "WildcardPat", span };
    }
    const lo = bothInt ? (low as A.IntLit).value : BigInt((low as A.CharLit).value.codePointAt(0)!);
    const hi = bothInt
      ? (high as A.IntLit).value
      : BigInt((high as A.CharLit).value.codePointAt(0)!);
    if (inclusive ? lo > hi : lo >= hi)
      this.record(
        diagnostic(
          "E0214",
          "this range pattern matches nothing",
          span,
          "write `lo..=hi` with `lo <= hi`",
        ),
      );
    return {
      kind: "RangePat",
      low: low as A.IntLit | A.CharLit,
      high: high as A.IntLit | A.CharLit,
      inclusive,
      span,
    };
  }

  private parsePatternInner(): A.Pattern {
    const t = this.peek();
    const start = t.span.start;
    switch (t.kind) {
      case "int":
      case "float":
      case "string":
      case "char":
      case "true":
      case "false":
        return { kind: "LiteralPat", literal: this.parseLiteral(), span: t.span };
      case "-": {
        this.advance();
        const n = this.peek();
        if (n.kind !== "int" && n.kind !== "float")
          this.fail(
            "E0201",
            `expected a number after \`-\` in a pattern, found ${describe(n)}`,
            n.span,
          );
        return { kind: "LiteralPat", literal: this.negativeLiteral(t), span: this.spanFrom(start) };
      }
      case "(": {
        this.advance();
        if (this.eat(")"))
          return {
            kind: "LiteralPat",
            literal: { kind: "UnitLit", span: this.spanFrom(start) },
            span: this.spanFrom(start),
          };
        const elements = [this.parsePattern()];
        let tuple = false;
        while (this.eat(",")) {
          tuple = true;
          if (this.at(")")) break;
          elements.push(this.parsePattern());
        }
        this.expect(")", "to close the pattern");
        return tuple ? { kind: "TuplePat", elements, span: this.spanFrom(start) } : elements[0]!;
      }
      case "ident": {
        this.advance();
        if (t.text === "_") return { kind: "WildcardPat", span: t.span };
        const path = [t.text];
        if (this.at(".") && isWordToken(this.peek(1))) {
          this.advance();
          path.push(this.advance().text);
        }
        if (this.at("(") && !this.peek().newlineBefore) {
          this.advance();
          const args: A.PatArg[] = [];
          while (!this.at(")")) {
            const argStart = this.peek().span.start;
            const label =
              isWordToken(this.peek()) && this.peek(1).kind === ":" ? this.advance().text : null;
            if (label !== null) this.advance();
            args.push({ label, pattern: this.parsePattern(), span: this.spanFrom(argStart) });
            if (!this.eat(",")) break;
          }
          this.expect(")", "to close the pattern");
          return { kind: "CtorPat", path, args, span: this.spanFrom(start) };
        }
        if (path.length === 1 && t.text !== "None")
          return { kind: "BindingPat", name: t.text, span: t.span };
        return { kind: "CtorPat", path, args: null, span: this.spanFrom(start) };
      }
      case "reserved":
        this.reserved(this.advance());
        return { kind: "BindingPat", name: t.text, span: t.span };
      default:
        return this.fail("E0201", `expected a pattern, found ${describe(t)}`, t.span);
    }
  }

  // ---------- expressions ----------
  private parseExpr(allowLambda = true): A.Expr {
    this.enter();
    const e = allowLambda && this.lambdaAhead() ? this.parseArrowLambda() : this.parsePipe();
    this.leave();
    return e;
  }

  private lambdaAhead(): boolean {
    const t = this.peek();
    if (t.kind === "ident") return this.peek(1).kind === "=>";
    return t.kind === "(" && this.tokens.lambdaParen(t);
  }

  private parseArrowLambda(): A.Expr {
    const start = this.peek().span.start;
    let params: A.Param[];
    if (this.at("ident")) {
      const t = this.advance();
      params = [{ name: t.text, mutable: false, type: null, span: t.span }];
    } else params = this.parseParams();
    this.expect("=>");
    return {
      kind: "Lambda",
      params,
      returnType: null,
      body: this.parseArrowBody(),
      span: this.spanFrom(start),
    };
  }

  private parsePipe(): A.Expr {
    // A chain is flat: each link is parsed at the chain's own depth (spec/language.md §4.2).
    let left = this.parseRange();
    while (this.at("|>")) {
      this.advance();
      const right = this.parseRange();
      const span = { start: left.span.start, end: right.span.end };
      left =
        right.kind === "Field" && this.groupedFields.has(right)
          ? { kind: "Pipe", left, right, span, fieldValue: true } // `a |> (o.f)` is `(o.f)(a)`
          : { kind: "Pipe", left, right, span };
    }
    return left;
  }

  private rangeEndAhead(): boolean {
    const t = this.peek();
    return OPERAND_START.has(t.kind) && !(t.kind === "(" && t.newlineBefore);
  }

  private parseRange(): A.Expr {
    const start = this.peek().span.start;
    let left: A.Expr | null = null;
    if (!this.at("..") && !this.at("..=")) {
      left = this.parseOr();
      if (!this.at("..") && !this.at("..=")) return left;
    }
    const inclusive = this.advance().kind === "..=";
    const end = this.rangeEndAhead() ? this.parseOr() : null;
    if (inclusive && end === null) this.fail("E0201", "`..=` needs an end value", this.peek().span);
    return { kind: "Range", start: left, end, inclusive, span: this.spanFrom(start) };
  }

  private parseOr(): A.Expr {
    return this.parseBinary(1);
  }

  /**
   * The left-associative binary operators of precedence `min` or above (BINARY_PRECEDENCE):
   * each level is a flat chain (spec/language.md §4.2), the tree one parser per level gives.
   */
  private parseBinary(min: number): A.Expr {
    let left = this.parsePower();
    for (;;) {
      const prec = BINARY_PRECEDENCE.get(this.peek().kind);
      if (prec === undefined || prec < min) return left;
      const op = this.advance().kind as A.BinaryOp;
      const right = this.parseBinary(prec + 1);
      left = {
        kind: "Binary",
        op,
        left,
        right,
        span: { start: left.span.start, end: right.span.end },
      };
    }
  }

  private parsePower = (): A.Expr => {
    const left = this.parseUnary();
    if (!this.at("*^")) return left;
    this.advance();
    this.enter();
    const right = this.parsePower();
    this.leave();
    return {
      kind: "Binary",
      op: "*^",
      left,
      right,
      span: { start: left.span.start, end: right.span.end },
    };
  };

  /** True when the token after a numeric literal would make it the operand of a postfix. */
  private postfixAfter(k: 0 | 1): boolean {
    const t = this.peek(k);
    return (
      t.kind === "." ||
      t.kind === "[" ||
      t.kind === "as" ||
      t.kind === "?" ||
      (t.kind === "(" && !t.newlineBefore)
    );
  }

  private parseUnary(): A.Expr {
    const t = this.peek();
    if (t.kind !== "-" && t.kind !== "!") return this.parsePostfix();
    this.advance();
    const n = this.peek();
    if (t.kind === "-" && (n.kind === "int" || n.kind === "float") && !this.postfixAfter(1)) {
      return this.negativeLiteral(t);
    }
    this.enter();
    const operand = this.parseUnary();
    this.leave();
    return {
      kind: "Unary",
      op: t.kind,
      operand,
      span: { start: t.span.start, end: operand.span.end },
    };
  }

  /** `-` directly before a number literal folds into a negative literal (§5.1). */
  private negativeLiteral(minus: Token): A.IntLit | A.FloatLit {
    const n = this.advance();
    const span = { start: minus.span.start, end: n.span.end };
    if (n.kind === "float") return { kind: "FloatLit", value: -(n.value as number), span };
    return { kind: "IntLit", value: -(n.value as bigint), span };
  }

  private parseLiteral(): A.Literal {
    const t = this.advance();
    switch (t.kind) {
      case "int": {
        const value = t.value as bigint;
        if (value > I64_MAX)
          this.fail(
            "E0107",
            "integer literal does not fit in 64 bits",
            t.span,
            "only `-9223372036854775808` may use this magnitude",
          );
        return { kind: "IntLit", value, span: t.span };
      }
      case "float":
        return { kind: "FloatLit", value: t.value as number, span: t.span };
      case "string":
        return { kind: "StringLit", value: t.value as string, span: t.span };
      case "char":
        return { kind: "CharLit", value: t.value as string, span: t.span };
      default:
        return { kind: "BoolLit", value: t.kind === "true", span: t.span };
    }
  }

  private parsePostfix(): A.Expr {
    let e = this.parsePrimary();
    // A call of a call's result (`f(a)(b)`) nests: the compiler and the tree-walker evaluate
    // such a callee recursively. Method chains (`a.f().g()`) stay flat.
    let nested = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === ".") {
        this.advance();
        const name = this.peek();
        if (name.kind === "int") {
          this.advance();
          e = {
            kind: "TupleIndex",
            object: e,
            index: Number(name.value as bigint),
            span: this.spanFrom(e.span.start),
          };
        } else {
          e = {
            kind: "Field",
            object: e,
            name: this.expectWord("a field or method name").text,
            span: this.spanFrom(e.span.start),
          };
        }
      } else if (t.kind === "(" && !t.newlineBefore) {
        if (e.kind === "Call") {
          this.enter();
          nested++;
        }
        e = this.parseCall(e);
      } else if (t.kind === "[") {
        this.advance();
        const index = this.parseExpr();
        if (t.newlineBefore && !this.at("]")) {
          // `[1, 2].map(f)` starting a line: it continues the line above as an index.
          const found = this.peek();
          this.fail(
            "E0201",
            `expected \`]\` to close the index, found ${describe(found)}`,
            found.span,
            `the \`[\` on line ${t.span.start.line} indexes the expression on the line above; to start a new statement there, end the line above with \`;\``,
          );
        }
        this.expect("]", "to close the index");
        e = { kind: "Index", object: e, index, span: this.spanFrom(e.span.start) };
      } else if (t.kind === "as") {
        this.advance();
        e = { kind: "Cast", expr: e, type: this.parseType(), span: this.spanFrom(e.span.start) };
      } else if (t.kind === "?") {
        this.advance();
        e = { kind: "Propagate", expr: e, span: this.spanFrom(e.span.start) };
      } else if (
        t.kind === "~" &&
        e.kind === "Ident" &&
        e.span.end.offset === t.span.start.offset
      ) {
        this.advance();
        e = this.parseMacro(e);
      } else break;
    }
    this.leave(nested);
    return e;
  }

  private parseCall(callee: A.Expr): A.Expr {
    const open = this.advance();
    const args: A.Expr[] = [];
    const named: A.FieldInit[] = [];
    while (!this.at(")")) {
      const t = this.peek();
      if (isWordToken(t) && this.peek(1).kind === ":") {
        this.advance();
        this.advance();
        named.push({ name: t.text, value: this.parseExpr(), span: this.spanFrom(t.span.start) });
      } else args.push(this.parseExpr());
      if (!this.eat(",")) break;
    }
    if (this.at("eof")) this.fail("E0201", "unclosed `(`", open.span, "add the matching `)`");
    this.expect(")", "to close the argument list");
    const span = this.spanFrom(callee.span.start);
    if (named.length === 0)
      return callee.kind === "Field" && this.groupedFields.has(callee)
        ? { kind: "Call", callee, args, span, fieldValue: true }
        : { kind: "Call", callee, args, span };
    if (args.length > 0)
      this.fail(
        "E0207",
        "cannot mix named and positional arguments",
        span,
        "a struct literal names every field: `P(x: 1, y: 2)`",
      );
    if (callee.kind !== "Ident" || callee.name === "self") {
      this.fail(
        "E0207",
        "named arguments are only allowed in struct literals",
        span,
        "pass the arguments positionally",
      );
    }
    return { kind: "StructLit", name: callee.name, fields: named, span };
  }

  /**
   * `name~(args)`: a built-in macro (§5.1), or a call of `name` (§7.1); in both, every
   * argument that is a lone string literal is a template.
   */
  private parseMacro(name: A.Ident): A.Expr {
    this.expect("(", `after \`${name.name}~\``);
    const args: A.Expr[] = [];
    while (!this.at(")")) {
      const t = this.peek();
      const next = this.peek(1).kind;
      // A string that stops inside a hole is a template too, cut short by a `"` in the hole:
      // E0212 says so, rather than "expected `)`" at what follows the `"`.
      if (t.kind === "string" && (next === ")" || next === "," || endsInHole(t.text))) {
        this.advance();
        const template = this.parseInterpolation(t);
        const only = template.kind === "Interpolation" ? template.parts : [];
        // A template without holes is the plain string it spells.
        args.push(
          only.length === 1 && only[0]!.kind === "Text"
            ? { kind: "StringLit", value: only[0]!.value, span: t.span }
            : only.length === 0
              ? { kind: "StringLit", value: "", span: t.span }
              : template,
        );
      } else args.push(this.parseExpr());
      if (!this.eat(",")) break;
    }
    this.expect(")", "to close the macro arguments");
    const span = this.spanFrom(name.span.start);
    if (own(MACRO_ARITY, name.name) !== undefined)
      return { kind: "MacroCall", name: name.name, args, span };
    return { kind: "Call", callee: name, args, span, template: true };
  }

  /** Splits a `println~` template into text and `{expr}` holes (§7.3); holes are re-lexed in place. */
  private parseInterpolation(tok: Token): A.Expr {
    const raw = tok.text.slice(1, tok.text.endsWith('"') && tok.text.length > 1 ? -1 : undefined);
    const parts: A.InterpPart[] = [];
    let line = tok.span.start.line;
    let col = tok.span.start.col + 1;
    let i = 0;
    let text = "";
    let textStart: Pos = { line, col, offset: tok.span.start.offset + 1 };
    const here = (): Pos => ({ line, col, offset: tok.span.start.offset + 1 + i });
    const step = () => {
      const c = String.fromCodePoint(raw.codePointAt(i)!);
      i += c.length;
      if (c === "\n") {
        line++;
        col = 1;
      } else col++;
      return c;
    };
    const flush = () => {
      if (text !== "")
        parts.push({ kind: "Text", value: text, span: { start: textStart, end: here() } });
      text = "";
    };
    while (i < raw.length) {
      const c = raw[i]!;
      if ((c === "{" || c === "}") && raw[i + 1] === c) {
        step();
        step();
        text += c;
      } else if (c === "}") {
        const p = here();
        step();
        this.fail(
          "E0212",
          "unmatched `}` in interpolated string",
          { start: p, end: here() },
          "write `}}` for a literal brace",
        );
      } else if (c === "{") {
        flush();
        const open = here();
        step();
        const innerStart = here();
        let depth = 1;
        while (i < raw.length) {
          const close = raw[i] === "'" ? charLiteralEnd(raw, i) : -1;
          if (close > 0) {
            // a char literal ('{', '}', '\'') neither opens nor closes a hole
            while (i < close) step();
            continue;
          }
          if (raw[i] === "{") depth++;
          else if (raw[i] === "}" && --depth === 0) break;
          step();
        }
        if (i >= raw.length)
          this.fail(
            "E0212",
            "unclosed `{` in interpolated string",
            { start: open, end: here() },
            'close the hole with `}`, or write `{{` for a literal brace; a hole cannot contain a `"`, which ends the string: bind a string to a name first',
          );
        const inner = raw.slice(innerStart.offset - tok.span.start.offset - 1, i);
        step();
        if (inner.trim() === "")
          this.fail(
            "E0212",
            "empty `{}` in interpolated string",
            { start: open, end: here() },
            "put an expression inside, or write `{{}}`",
          );
        const split = specSplit(inner);
        const value = this.parseHole(inner.slice(0, split), innerStart);
        if (split === inner.length) parts.push(value);
        else {
          const specText = inner.slice(split + 1);
          const spec = parseFormatSpec(specText);
          if (typeof spec === "string")
            this.fail("E0212", `malformed format spec \`${specText}\`: ${spec}`, {
              start: open,
              end: here(),
            });
          parts.push({
            kind: "Formatted",
            value,
            spec: specText,
            span: { start: open, end: here() },
          });
        }
        textStart = here();
      } else if (c === "\\" && raw.startsWith("u{", i + 1)) {
        // `\u{…}` (the lexer has checked it, E0114)
        const close = raw.indexOf("}", i);
        const cp = parseInt(raw.slice(i + 3, close), 16);
        while (i <= close) step();
        text +=
          cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : "\uFFFD";
      } else if (c === "\\") {
        step();
        const e = i < raw.length ? step() : "";
        text +=
          (
            { n: "\n", t: "\t", r: "\r", "\\": "\\", '"': '"', "'": "'", "0": "\0" } as Record<
              string,
              string
            >
          )[e] ?? e;
      } else text += step();
    }
    flush();
    return { kind: "Interpolation", parts, span: tok.span };
  }

  private parseHole(source: string, base: Pos): A.Expr {
    const shift = (p: Pos): Pos => ({
      line: p.line + base.line - 1,
      col: p.line === 1 ? p.col + base.col - 1 : p.col,
      offset: p.offset + base.offset,
    });
    const shiftSpan = (s: Span): Span => ({ start: shift(s.start), end: shift(s.end) });
    const lexed = lex(source);
    for (const d of lexed.diagnostics) this.record({ ...d, span: shiftSpan(d.span) });
    const tokens = lexed.tokens.map((t) => ({ ...t, span: shiftSpan(t.span) }));
    const sub = new Parser(new TokenList(tokens), this.diagnostics);
    sub.depth = this.depth;
    const e = sub.parseExpr();
    if (!sub.at("eof"))
      sub.fail("E0212", `unexpected ${describe(sub.peek())} in interpolation`, sub.peek().span);
    return e;
  }

  private parsePrimary(): A.Expr {
    const t = this.peek();
    const start = t.span.start;
    switch (t.kind) {
      case "ident":
        this.advance();
        if (
          this.at("!") &&
          this.peek(1).kind === "(" &&
          this.peek().span.start.offset === t.span.end.offset
        ) {
          this.fail(
            "E0206",
            `\`${t.text}!\` is not a macro call in Veld`,
            this.spanFrom(start),
            `macros use \`~\`: \`${t.text}~(…)\``,
          );
        }
        return { kind: "Ident", name: t.text, span: t.span };
      case "int":
      case "float":
      case "string":
      case "char":
      case "true":
      case "false":
        return this.parseLiteral();
      case "self":
        this.advance();
        return { kind: "Ident", name: "self", span: t.span };
      case "(":
        return this.parseParenthesised();
      case "[": {
        this.advance();
        const elements: A.Expr[] = [];
        while (!this.at("]")) {
          elements.push(this.parseExpr());
          if (!this.eat(",")) break;
        }
        this.expect("]", "to close the array");
        return { kind: "Array", elements, span: this.spanFrom(start) };
      }
      case "{": {
        // A map literal `{k: v, …}` (`{}` is empty) or a set literal `{a, b}`: no other
        // expression starts with `{`, and a `:` after the first expression decides which.
        this.advance();
        if (this.at("}")) {
          this.advance();
          return { kind: "MapLit", entries: [], span: this.spanFrom(start) };
        }
        const first = this.parseExpr();
        if (!this.at(":")) {
          const elements = [first];
          while (this.eat(",") && !this.at("}")) elements.push(this.parseExpr());
          this.expect("}", "to close the set");
          return { kind: "SetLit", elements, span: this.spanFrom(start) };
        }
        const entries: A.MapEntry[] = [];
        let key = first;
        for (;;) {
          this.expect(":", "between a map key and its value");
          entries.push({ key, value: this.parseExpr() });
          if (!this.eat(",") || this.at("}")) break;
          key = this.parseExpr();
        }
        this.expect("}", "to close the map");
        return { kind: "MapLit", entries, span: this.spanFrom(start) };
      }
      case "fn":
        return this.parseFnLambda();
      case "if":
        return this.parseIf();
      case "match":
        return this.parseMatch();
      case "do": {
        this.advance();
        return { kind: "Do", body: this.blockToEnd(t), span: this.spanFrom(start) };
      }
      case "try":
        return this.parseTry();
      case "let": {
        const stmt = this.parseLet();
        if (stmt.kind === "ExprStmt") return stmt.expr;
        return this.fail(
          "E0201",
          "a `let` in expression position needs `in`: `let x = e in body`",
          stmt.span,
        );
      }
      case "return": {
        this.advance();
        const value = this.returnValueAhead() ? this.parseExpr() : null;
        return { kind: "Return", value, span: this.spanFrom(start) };
      }
      case "break":
        this.advance();
        return { kind: "Break", span: t.span };
      case "continue":
        this.advance();
        return { kind: "Continue", span: t.span };
      case "throw": {
        this.advance();
        const value = this.parseExpr();
        return { kind: "Throw", value, span: this.spanFrom(start) };
      }
      case "reserved":
        this.reserved(this.advance());
        return { kind: "Ident", name: t.text, span: t.span };
      default:
        return this.fail("E0201", `expected an expression, found ${describe(t)}`, t.span);
    }
  }

  private returnValueAhead(): boolean {
    const k = this.peek().kind;
    return (
      OPERAND_START.has(k) || ["fn", "if", "match", "do", "try", "let", "..", "..="].includes(k)
    );
  }

  private parseParenthesised(): A.Expr {
    const open = this.advance();
    if (this.eat(")")) return { kind: "UnitLit", span: this.spanFrom(open.span.start) };
    const first = this.parseExpr();
    if (this.eat(")")) {
      if (first.kind === "Field") this.groupedFields.add(first);
      return first;
    }
    const elements = [first];
    while (this.eat(",")) {
      if (this.at(")")) break;
      elements.push(this.parseExpr());
    }
    this.expect(")", "to close the tuple");
    return { kind: "Tuple", elements, span: this.spanFrom(open.span.start) };
  }

  private parseFnLambda(): A.Expr {
    const kw = this.advance();
    this.parseGenerics();
    const params = this.parseParams();
    const returnType = this.eat("->") ? this.parseType() : null;
    const body = this.eat("=>") ? this.parseArrowBody() : this.blockToEnd(kw);
    return { kind: "Lambda", params, returnType, body, span: this.spanFrom(kw.span.start) };
  }

  private parseIf(): A.IfExpr {
    const kw = this.peek();
    this.ifDepth++;
    const node = this.parseIfChain(kw);
    this.ifDepth--;
    this.expect("end", "to close the `if`");
    // A new node rather than a changed span: nodes keep one shape (monomorphic passes).
    const span = this.spanFrom(kw.span.start);
    return { kind: "If", cond: node.cond, then: node.then, else: node.else, span };
  }

  /** `if c then … [else if …] [else …]` without the shared closing `end`. */
  private parseIfChain(opener: Token): A.IfExpr {
    this.enter();
    const kw = this.advance();
    const cond = this.parseExpr();
    this.expectSoft("then", "if");
    const then = this.parseBlock(opener, ["else", "end"]);
    let elseBlock: A.Block | null = null;
    if (this.eat("else")) {
      if (this.at("if")) {
        if (this.peek().newlineBefore) this.elseIfOnNewLine ??= this.peek().span.start.line;
        const nested = this.parseIfChain(opener);
        const span = this.spanFrom(nested.span.start);
        elseBlock = {
          kind: "Block",
          stmts: [
            {
              kind: "ExprStmt",
              expr: { kind: "If", cond: nested.cond, then: nested.then, else: nested.else, span },
              span,
            },
          ],
          span,
        };
      } else elseBlock = this.parseBlock(opener, ["end"]);
    }
    this.leave();
    return { kind: "If", cond, then, else: elseBlock, span: this.spanFrom(kw.span.start) };
  }

  private parseMatch(): A.Expr {
    const kw = this.advance();
    const subject = this.parseExpr();
    if (this.at("=>"))
      // The subject ran on into the first arm's pattern (`match t` then `-1 => …`).
      this.fail(
        "E0201",
        "expected a pattern, found `=>`: the match subject continued onto the first arm's pattern",
        this.peek().span,
        "write the first pattern in parentheses, `(-1) => …` (a pattern that starts with `-`, `[`, `.` or an operator continues the line above)",
      );
    const arms: A.MatchArm[] = [];
    while (!this.eat("end")) {
      if (this.at("eof"))
        this.fail("E0202", "missing `end` for this `match`", kw.span, "close the match with `end`");
      const start = this.peek().span.start;
      const pattern = this.parsePattern();
      const guard = this.eat("where") ? this.parseExpr(false) : null;
      this.expect("=>", "after the match pattern");
      const body = this.parseArrowBody();
      arms.push({ pattern, guard, body, span: this.spanFrom(start) });
      while (this.at("=>")) {
        // The body ran on into the next arm's pattern (`-1 => …` on the next line is `body - 1`).
        this.record(
          diagnostic(
            "E0201",
            "expected a pattern, found `=>`: the arm above continued onto this arm's pattern",
            this.peek().span,
            "end the arm above with `,` (a pattern that starts with `-`, `[`, `.` or an operator continues the line above)",
          ),
        );
        this.advance();
        this.parseExpr();
      }
      this.eat(",");
    }
    return { kind: "Match", subject, arms, span: this.spanFrom(kw.span.start) };
  }

  private parseTry(): A.Expr {
    const kw = this.advance();
    const body = this.parseBlock(kw, ["catch", "finally", "end"]);
    let catchName: string | null = null;
    let catchBody: A.Block | null = null;
    let finallyBody: A.Block | null = null;
    const catchTok = this.eat("catch");
    if (catchTok) {
      const n = this.peek();
      if (n.kind === "ident" && !n.newlineBefore) catchName = this.advance().text;
      catchBody = this.parseBlock(catchTok, ["finally", "end"]);
    }
    const finallyTok = this.eat("finally");
    if (finallyTok) finallyBody = this.parseBlock(finallyTok, ["end"]);
    if (!catchTok && !finallyTok) {
      this.record(diagnostic("E0210", "`try` needs a `catch` or `finally` clause", kw.span));
    }
    this.expect("end", "to close the `try`");
    return {
      kind: "TryCatch",
      body,
      catchName,
      catchBody,
      finallyBody,
      span: this.spanFrom(kw.span.start),
    };
  }
}

/**
 * Where a hole's format spec starts: the last `:` outside parentheses, brackets, braces and
 * char literals (so a `:` inside `P(x: 1)` or `':'` belongs to the expression); the hole's
 * length when there is none.
 */
/** The index after the char literal that starts at `raw[i]` (a `'`), or -1 when it is not closed on its line. */
function charLiteralEnd(raw: string, i: number): number {
  for (let j = i + 1; j < raw.length && raw[j] !== "\n"; j += raw[j] === "\\" ? 2 : 1)
    if (raw[j] === "'") return j + 1;
  return -1;
}

function specSplit(hole: string): number {
  let depth = 0;
  let split = hole.length;
  for (let i = 0; i < hole.length; i++) {
    const c = hole[i]!;
    if (c === "'") {
      // skip a char literal ('x', '\'', '\u{41}')
      i++;
      while (i < hole.length && hole[i] !== "'") i += hole[i] === "\\" ? 2 : 1;
    } else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === ":" && depth === 0) split = i;
  }
  return split;
}
