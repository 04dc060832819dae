// language/ast.ts's child walker reaches every statement, expression, block and pattern of a
// program: compared, over the corpus and the examples, with a blind walk of every object.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { forEachChild, mapChildren, parse, type WalkNode } from "../../language/index.js";

const TYPE_KINDS = new Set(["NamedType", "TupleType", "ArrayType", "FnType"]);
const dirs = [join(import.meta.dirname, "corpus"), join(import.meta.dirname, "../../examples")];
const files = dirs.flatMap((d) =>
  readdirSync(d)
    .filter((f) => f.endsWith(".veld"))
    .map((f) => join(d, f)),
);

/** Every object with a `kind` that is not a type, the program or a template's text. */
function blindWalk(root: unknown): Set<object> {
  const out = new Set<object>();
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (typeof n !== "object" || n === null) return;
    const kind = (n as { kind?: string }).kind;
    if (kind !== undefined && !TYPE_KINDS.has(kind) && kind !== "SourceFile" && kind !== "Text")
      out.add(n);
    for (const [key, value] of Object.entries(n)) if (key !== "span") visit(value);
  };
  visit(root);
  return out;
}

describe("the AST child walker", () => {
  it("has programs to walk", () => expect(files.length).toBeGreaterThan(40));

  for (const file of files) {
    it(`reaches every node of ${file.split("/").slice(-2).join("/")}`, () => {
      const { program } = parse(readFileSync(file, "utf8"));
      const reached = new Set<object>();
      const visit = (n: WalkNode): void => {
        expect(reached.has(n)).toBe(false); // each node once
        reached.add(n);
        forEachChild(n, visit);
      };
      program.stmts.forEach(visit);
      expect(reached).toEqual(blindWalk(program.stmts));
    });
  }

  it("replaces children in place and keeps the rest", () => {
    const { program } = parse("let x = 1 + 2\nprintln(x)");
    const stmt = program.stmts[0]!;
    const before = stmt.kind === "Let" ? stmt.value : null;
    mapChildren(stmt, (child) =>
      child.kind === "Binary" ? { kind: "IntLit", value: 3n, span: child.span } : child,
    );
    expect(stmt.kind === "Let" && stmt.value).toMatchObject({ kind: "IntLit", value: 3n });
    expect(stmt.kind === "Let" && stmt.value).not.toBe(before);
  });
});
