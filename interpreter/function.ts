// Function values of the tree-walking interpreter: a Veld closure is its AST (parameters and
// body) plus the Scope it was created in. It is a NativeFn of the shared runtime library so
// that the library's formatter (`<fn name>`), kindName ("function") and equality (identity)
// treat it as the runtime's own function values do; its native entry point calls back into
// the interpreter through NativeContext.callValue, which is how the library's methods
// (map, filter, sort, …) call Veld functions.

import type * as A from "../language/ast.js";
import { NativeFn, type NativeContext, type Value } from "../runtime/values.js";
import type { Scope } from "./scope.js";

export class InterpFn extends NativeFn {
  constructor(
    /** As the compiler names functions: `f`, `T.m`, `<lambda>`. */
    name: string,
    readonly params: readonly A.Param[],
    readonly body: A.Block | A.Expr,
    readonly scope: Scope,
    /** The source file of its declaration, for traces (spec/language.md §11). */
    readonly file: string,
  ) {
    super(name, params.length, (ctx: NativeContext, ...args: Value[]) => ctx.callValue(this, args));
  }
}
