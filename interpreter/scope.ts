// Environments of the tree-walking interpreter (spec/language.md §7 Scoping). Variables are
// keyed by the resolver's Binding objects (one per declaration), never by name, so shadowing
// and hoisting follow the resolver exactly. A Scope is a map from Binding to value with a
// parent link; closures keep their defining Scope, which gives Lua-style capture by reference
// (spec/semantics.md §5): every closure that sees a variable sees the same cell.

import type { Binding } from "../language/index.js";
import type { Value } from "../runtime/values.js";

export class Scope {
  private readonly vars = new Map<Binding, Value>();
  constructor(readonly parent: Scope | null) {}

  declare(b: Binding, v: Value): void {
    this.vars.set(b, v);
  }

  /** The scope that holds `b`, or null (a top-level variable whose `let` has not run yet). */
  private owner(b: Binding): Scope | null {
    for (let s: Scope | null = this; s !== null; s = s.parent) if (s.vars.has(b)) return s;
    return null;
  }

  /** Reads `b`; a top-level variable read before its `let` ran is `()`, as in the VM's globals. */
  get(b: Binding): Value {
    return this.owner(b)?.vars.get(b);
  }

  /** Writes `b` where it lives; an unset top-level variable is created in the outermost scope. */
  set(b: Binding, v: Value): void {
    let s = this.owner(b);
    if (s === null) for (s = this; s.parent !== null; s = s.parent);
    s.vars.set(b, v);
  }
}
