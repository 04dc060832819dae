// Shared helpers for the language tests: span stripping and compact diagnostic views.
import { check, parse, type Diagnostic, type SourceFile } from "../../language/index.js";

/** Deep copy of an AST without `span` fields, for round-trip comparisons. */
export function stripSpans<T>(node: T): T {
  return JSON.parse(
    JSON.stringify(node, (k, v) =>
      k === "span" ? undefined : typeof v === "bigint" ? `${v}n` : v,
    ),
  ) as T;
}

export const codes = (ds: readonly Diagnostic[]) =>
  ds.map((d) => `${d.code}@${d.span.start.line}:${d.span.start.col}`);

export function parseOk(src: string): SourceFile {
  const r = parse(src, "t.veld");
  if (r.diagnostics.length > 0) throw new Error(JSON.stringify(codes(r.diagnostics)) + "\n" + src);
  return r.program;
}

/** Parse + check diagnostics of a source, as `CODE@line:col`. */
export function allCodes(src: string): string[] {
  const r = parse(src, "t.veld");
  return r.diagnostics.length > 0 ? codes(r.diagnostics) : codes(check(r.program));
}
