// Which names closures may capture, found syntactically: every identifier used inside a
// function or lambda nested in a body. Over-approximates (shadowing is ignored), which is safe
// for both users: top-level variables that must live in globals (declarations.ts) and locals
// whose operands must be snapshotted before a later operand runs (codegen.ts).

/** Names mentioned inside functions nested in `body`: the variables closures may capture. */
export function namesInNestedFunctions(body: unknown): Set<string> {
  const names = new Set<string>();
  const visit = (node: unknown, nested: boolean): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, nested));
    if (typeof node !== "object" || node === null) return;
    const n = node as { kind?: string; name?: string };
    if (nested && n.kind === "Ident") names.add(n.name!);
    const inner = nested || n.kind === "Lambda" || n.kind === "FnDecl";
    for (const [key, value] of Object.entries(node)) {
      if (key !== "span" && typeof value === "object") visit(value, inner);
    }
  };
  visit(body, false);
  return names;
}
