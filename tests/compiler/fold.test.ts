// Constant folding rewrites the AST in place and keeps the identity of every node it does not
// replace: the resolution is keyed by nodes, so the compiler must find each declaration, use,
// pattern and native reference of the folded program in it.

import { describe, expect, it } from "vitest";
import { parse, resolve, type SourceFile } from "../../language/index.js";
import { foldProgram } from "../../compiler/fold.js";

/** Every object node of the tree, in no particular order. */
function nodes(root: unknown): object[] {
  const out: object[] = [];
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (typeof n !== "object" || n === null) return;
    out.push(n);
    for (const [key, value] of Object.entries(n)) if (key !== "span") visit(value);
  };
  visit(root);
  return out;
}

const SOURCE = `const K = 2 + 3
fn f(a, b) => a * (K * 4) + b
let t = try
  f(1, 2 - 1)
catch e
  0
end
match Some(K)
  Some(x) => println(x + std.math.pi * 2.0),
  None => println(-(1)),
end`;

describe("fold", () => {
  it("keeps every node the resolution is keyed by", () => {
    const program: SourceFile = parse(SOURCE).program;
    const res = resolve(program);
    expect(res.diagnostics).toEqual([]);
    const folded = foldProgram(program, res);
    const all = new Set(nodes(folded));
    const kinds = (n: object) => (n as { kind?: string }).kind;
    // Uses of K became literals; every other use, declaration, pattern and native is still here.
    const uses = [...res.uses.keys()].filter((id) => id.name !== "K");
    for (const id of uses) expect(all.has(id), `use of ${id.name}`).toBe(true);
    for (const [decl, b] of res.declarations) {
      if (b.name !== "K") expect(all.has(decl), `declaration of ${b.name}`).toBe(true);
    }
    for (const p of res.patterns.keys()) expect(all.has(p)).toBe(true);
    for (const n of res.natives.keys()) expect(all.has(n)).toBe(true);
    // …and it did fold: `K * 4` is 20, `2 - 1` is 1, `-(1)` is -1.
    const ints = [...all]
      .filter((n) => kinds(n) === "IntLit")
      .map((n) => (n as { value: bigint }).value);
    expect(ints).toEqual(expect.arrayContaining([20n, 1n, -1n]));
    expect([...all].some((n) => kinds(n) === "Ident" && (n as { name: string }).name === "K")).toBe(
      false,
    );
  });
});
