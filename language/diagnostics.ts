// Diagnostics: the value every front-end error becomes, the stable code catalogue
// (spec/language.md §9 "Diagnostic codes") and a rustc-style renderer. Positions are 1-based
// line:col where columns count Unicode scalar values; offsets are UTF-16 indexes into the source.

export interface Pos {
  line: number;
  col: number;
  offset: number;
}

export interface Span {
  start: Pos;
  end: Pos;
}

export interface Diagnostic {
  code: DiagnosticCode;
  message: string;
  span: Span;
  hint?: string;
  /** The file the span is in, for programs of several files (spec/language.md §11). */
  file?: string;
}

/** Every code the front end emits; the spec lists the same table. Codes are never reused. */
export const DIAGNOSTIC_CODES = {
  E0101: "unexpected character",
  E0102: "unterminated string literal",
  E0103: "unterminated block comment",
  E0104: "unknown escape sequence",
  E0105: "char literal must hold exactly one character",
  E0106: "unterminated char literal",
  E0107: "integer literal out of range",
  E0108: "float literal out of range",
  E0109: "`**` is not Veld's power operator",
  E0110: "malformed number literal",
  E0111: "C-style logical operator",
  E0112: "source is not valid UTF-8",
  E0113: "source file larger than 4 MiB",
  E0114: "malformed `\\u{…}` escape",
  E0115: "`~=` is not Veld's not-equal",
  E0201: "unexpected token",
  E0202: "missing `end`",
  E0203: "nesting too deep",
  E0204: "invalid assignment target",
  E0205: "`elif`/`elsif`/`elseif` is not Veld",
  E0206: "`!` is not a macro marker",
  E0207: "invalid named arguments",
  E0208: "reserved word",
  E0209: "missing `then` or `do`",
  E0210: "`try` needs `catch` or `finally`",
  E0211: "unexpected `end`",
  E0212: "malformed interpolation",
  E0213: "pattern not allowed here",
  E0214: "malformed range pattern",
  E0215: "numeric `for` (`for i = a, b`)",
  E0301: "undefined name",
  E0302: "assignment to an immutable binding",
  E0303: "`break`/`continue` outside a loop",
  E0304: "duplicate field",
  E0305: "unknown struct",
  E0306: "unknown enum variant",
  E0307: "struct literal arity",
  E0308: "duplicate parameter",
  E0309: "`var` redeclared in the same scope",
  E0310: "`const` outside module level",
  E0311: "`self` outside a method",
  E0312: "unknown macro",
  E0313: "macro argument count",
  E0314: "duplicate top-level declaration",
  E0315: "duplicate enum variant",
  E0316: "variant payload arity",
  E0317: "struct pattern needs `field: pattern`",
  E0318: "pattern alternatives bind different names",
  E0319: "struct called with positional arguments",
  E0330: "cannot find module",
  E0331: "module has no such public item",
  E0332: "import cycle",
  E0333: "module import outside the top level",
  E0334: "a module's type used through the module name",
  E0335: "`impl` of a type from another module",
  E0336: "imports nested deeper than 256 modules",
  // E09xx (spec/language.md §9): static checks of the resolver and limits of the encoding the
  // compiler meets; E0914 and E0921 are retired (never raised, never reused).
  E0901: "construct too large for the instruction encoding",
  E0902: "jump too far for the instruction encoding (split the function or loop body)",
  E0903: "more than 65,536 constants in one function",
  E0904: "more than 65,536 nested functions in one function",
  E0905: "a function captures more than 256 variables",
  E0906: "a function needs more than 256 registers",
  E0908: "struct or enum declared outside the top level",
  E0911: "`impl` of an unknown type",
  E0912: "more than 255 parameters",
  E0913: "expression cannot be assigned to",
  E0914: "name cannot be assigned to",
  E0915: "open range (`..b`, `a..`) used as a value",
  E0916: "tuple index above 255",
  E0917: "more than 256 constants used as 8-bit operands in one function",
  E0918: "more than 250 call arguments",
  E0919: "unknown static method",
  E0921: "unknown field in a struct literal or pattern",
  E0922: "`as` to a type that is not a conversion target",
  E0924: "more than 200 interpolated parts",
  E0925: "more than 255 fields in a struct",
  E0926: "more than 255 payload values in an enum variant",
  E0927: "more than 65,536 globals, types or enum variants in the program",
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export function diagnostic(
  code: DiagnosticCode,
  message: string,
  span: Span,
  hint?: string,
): Diagnostic {
  return hint === undefined ? { code, message, span } : { code, message, span, hint };
}

/**
 * Renders like rustc:
 *   file.veld:3:12: error[E0111]: `&&` is not Veld
 *      |
 *    3 | let x = a && b
 *      |           ^^
 *      = help: use `and`
 */
export function renderDiagnostic(d: Diagnostic, source: string, fileName: string): string {
  const { start, end } = d.span;
  const lines = source.split(/\r\n|\n|\r/);
  const text = lines[start.line - 1] ?? "";
  const gutter = String(start.line).length + 1;
  const pad = " ".repeat(gutter);
  const scalars = Array.from(text);
  const lead = scalars
    .slice(0, start.col - 1)
    .map((c) => (c === "\t" ? "\t" : " "))
    .join("");
  const width =
    end.line === start.line
      ? Math.max(1, end.col - start.col)
      : Math.max(1, scalars.length - start.col + 1);
  const out = [
    `${fileName}:${start.line}:${start.col}: error[${d.code}]: ${d.message}`,
    `${pad}|`,
    `${String(start.line).padStart(gutter - 1)} | ${text}`,
    `${pad}| ${lead}${"^".repeat(width)}`,
  ];
  if (d.hint !== undefined) out.push(`${pad}= help: ${d.hint}`);
  return out.join("\n");
}

export function renderDiagnostics(ds: readonly Diagnostic[], source: string, fileName: string) {
  return ds.map((d) => renderDiagnostic(d, source, fileName)).join("\n\n");
}
