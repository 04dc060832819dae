// Calls, constructors and macros (spec/isa.md §Calls, §Values): natives, static methods,
// method calls through SELF, tail calls, enum variants and struct literals built in register
// windows, tuple and array literals, and the `println~`/`print~`/`panic~`/`assert~` macros.

import type * as A from "../language/ast.js";
import { PRELUDE_CTORS } from "../language/prelude.js";
import { RUNTIME_ERROR_KINDS, type OpName } from "../format/opcodes.js";
import { nativeArity } from "../format/natives.js";
import type { Codegen, Target } from "./codegen.js";
import type { EnumInfo, StructInfo } from "./declarations.js";
import { cond } from "./conditions.js";

/** Array literal elements are stored in windows of this many registers (NEWARRAY/APPEND). */
const ARRAY_CHUNK = 50;

/** Compiles a call (or constructor) into `target`; true when it emitted a TAILCALL. */
export function call(
  cg: Codegen,
  e: Extract<A.Expr, { kind: "Call" }>,
  target: number,
  tail: boolean,
): boolean {
  const callee = e.callee;
  const n = e.args.length;
  if (callee.kind === "Field" && !cg.res.members.has(callee)) {
    const native = cg.res.natives.get(callee);
    if (native !== undefined) {
      callWith(cg, e, target, tail, (base) => cg.loadNative(native, base));
      return tail;
    }
    const type = cg.typeNamed(callee.object);
    if (type?.kind === "enum" && type.variants.some((v) => v.name === callee.name)) {
      enumValue(cg, type, callee.name, e.args, target, e);
      return false;
    }
    if (type) {
      const slot = type.methods.get(callee.name)!; // the resolver checked (E0306, E0919)
      callWith(cg, e, target, tail, (base) => cg.fb.emit("GETGLOBAL", base, slot));
      return tail;
    }
    if (e.fieldValue) {
      // `(o.f)(…)`: the field's value is called.
      callWith(cg, e, target, tail, (base) => cg.expr(callee, base));
      return tail;
    }
    // A method call: SELF puts the method in R[base] and the receiver in R[base+1].
    const base = cg.linkAbove(target, callee.object) ? target : cg.windowStart(target);
    const receiver = cg.localRegister(callee.object) ?? cg.next(callee.object);
    if (receiver !== base + 1) cg.fb.alloc(); // SELF copies the receiver there
    cg.at(callee);
    cg.fb.emit("SELF", base, receiver, cg.kOperand(cg.mb.stringConstant(callee.name), callee));
    for (let i = 0; i < e.args.length; i++) cg.next(e.args[i]!);
    cg.at(e);
    emitCall(cg, base, n + 1, tail);
    cg.moveFrom(base, tail ? null : target);
    return tail;
  }
  const ctor = callee.kind === "Ident" ? cg.res.uses.get(callee) : undefined;
  if (ctor?.storage === "prelude-ctor") {
    enumValue(cg, cg.decls.enumNamed(PRELUDE_CTORS[ctor.name]!)!, ctor.name, e.args, target, e);
    return false;
  }
  if (cg.res.structs.has(e)) {
    structLiteral(cg, e, target);
    return false;
  }
  callWith(cg, e, target, tail, (base) => cg.expr(callee, base));
  return tail;
}

export function callWith(
  cg: Codegen,
  e: { readonly args: readonly A.Expr[]; readonly span: A.Span }, // a call, or a macro's
  target: number,
  tail: boolean,
  loadCallee: (base: number) => void,
): void {
  const n = e.args.length;
  // A piped chain link may already sit in the first argument's register.
  const placed = cg.linkAbove(target, e.args[0]);
  const base = placed ? target : cg.windowStart(target);
  loadCallee(base);
  e.args.forEach((a, i) => {
    if (!placed || i > 0) cg.next(a);
  });
  cg.at(e);
  emitCall(cg, base, n, tail);
  cg.moveFrom(base, tail ? null : target);
}

export function emitCall(cg: Codegen, base: number, nargs: number, tail: boolean): void {
  cg.fb.emit(tail ? "TAILCALL" : "CALL", base, nargs);
}

export function enumValue(
  cg: Codegen,
  type: EnumInfo,
  variant: string,
  args: readonly A.Expr[],
  target: number,
  node: { span: A.Span },
): void {
  // The resolver checked the variant exists (E0306) and gets its payload (E0316).
  const tag = type.variants.findIndex((v) => v.name === variant);
  const base = cg.windowStart(target);
  for (let i = 0; i < args.length; i++) cg.next(args[i]!);
  cg.at(node);
  cg.fb.emit("NEWENUM", base, cg.mb.variantNumber(type.index, tag));
  cg.moveFrom(base, target);
}

export function structLiteral(
  cg: Codegen,
  e: Extract<A.Expr, { kind: "StructLit" } | { kind: "Call" }>,
  target: number,
): void {
  // The resolver checked the struct exists (E0305) and every field is given once (E0304, E0307).
  const type = cg.decls.typeOfDecl(cg.res.structs.get(e)!) as StructInfo;
  const base = cg.windowStart(target);
  const fields = e.kind === "StructLit" ? e.fields : []; // a Call: `P()` of a fieldless P
  // In declaration order the fields fill the window one by one; otherwise reserve it first.
  const inOrder = fields.every((f, i) => type.fields[i] === f.name);
  if (!inOrder) cg.fb.alloc(type.fields.length);
  for (const f of fields) {
    if (inOrder) cg.next(f.value);
    else cg.expr(f.value, base + 1 + type.fields.indexOf(f.name));
  }
  cg.at(e);
  cg.fb.emit("NEWSTRUCT", base, type.index);
  cg.moveFrom(base, target);
}

export function construct(
  cg: Codegen,
  op: OpName,
  elements: readonly A.Expr[],
  target: number,
  operand: number,
): void {
  const base = cg.windowStart(target);
  for (let i = 0; i < elements.length; i++) cg.next(elements[i]!);
  cg.fb.emit(op, base, operand);
  cg.moveFrom(base, target);
}

export function arrayLiteral(cg: Codegen, elements: readonly A.Expr[], target: number): void {
  const first = elements.slice(0, ARRAY_CHUNK);
  const base = cg.windowStart(target);
  for (const el of first) cg.next(el);
  cg.fb.emit("NEWARRAY", base, first.length);
  for (let start = ARRAY_CHUNK; start < elements.length; start += ARRAY_CHUNK) {
    const chunk = elements.slice(start, start + ARRAY_CHUNK);
    cg.fb.freeTo(base + 1);
    for (const el of chunk) cg.next(el);
    cg.fb.emit("APPEND", base, chunk.length);
  }
  cg.moveFrom(base, target);
}

/** `{k: v, …}`: NEWMAP, then one SETINDEX per entry in source order. */
export function mapLiteral(cg: Codegen, entries: readonly A.MapEntry[], target: number): void {
  const base = cg.windowStart(target);
  cg.fb.emit("NEWMAP", base);
  for (const en of entries) {
    const k = cg.next(en.key);
    const v = cg.next(en.value);
    cg.at(en.key);
    cg.fb.emit("SETINDEX", base, k, v);
    cg.fb.freeTo(base + 1);
  }
  cg.moveFrom(base, target);
}

/**
 * `{a, b}` (spec/language.md §5): `HashSet.new()`, then the set's built-in `insert` of each
 * element in order, through SELF as a method call would.
 */
export function setLiteral(
  cg: Codegen,
  e: Extract<A.Expr, { kind: "SetLit" }>,
  target: number,
): void {
  const base = cg.windowStart(target);
  cg.at(e);
  cg.fb.emit("GETNATIVE", base, cg.mb.native("HashSet.new", 0));
  cg.fb.emit("CALL", base, 0);
  const insert = cg.kOperand(cg.mb.stringConstant("insert"), e);
  for (const x of e.elements) {
    const method = cg.fb.alloc();
    cg.fb.alloc(); // SELF copies the set here, the receiver of `insert`
    cg.at(x);
    cg.fb.emit("SELF", method, base, insert);
    cg.next(x);
    cg.at(x);
    cg.fb.emit("CALL", method, 2);
    cg.fb.freeTo(base + 1);
  }
  cg.moveFrom(base, target);
}

export function macro(
  cg: Codegen,
  e: Extract<A.Expr, { kind: "MacroCall" }>,
  target: Target,
): void {
  const fb = cg.fb;
  switch (e.name) {
    case "println":
    case "print": {
      const t = target ?? fb.alloc();
      callWith(cg, e, t, false, (base) =>
        fb.emit("GETNATIVE", base, cg.mb.native(e.name, nativeArity(e.name)!)),
      );
      return;
    }
    case "panic": {
      const reg = cg.anyReg(e.args[0]!); // the resolver checked the one argument (E0313)
      cg.at(e);
      fb.emit("RAISE", reg, RUNTIME_ERROR_KINDS.indexOf("Panic"));
      return;
    }
    case "assert": {
      const ok = cond(cg, e.args[0]!, true);
      const reg = e.args[1] ? cg.anyReg(e.args[1]) : stringTemp(cg, "assertion failed");
      cg.at(e);
      fb.emit("RAISE", reg, RUNTIME_ERROR_KINDS.indexOf("AssertionFailed"));
      for (const j of ok) fb.patch(j);
      if (target !== null) fb.emit("LOADUNIT", target, 0);
      return;
    }
    case "format": {
      // A template is the string; any other argument is formatted (`format~(x)` is `to_str(x)`).
      const arg = e.args[0]!;
      cg.interpolation(arg.kind === "Interpolation" ? arg.parts : [arg], target ?? fb.alloc());
      return;
    }
    default:
      throw new Error(`internal: unknown macro ${e.name}~ (the parser makes calls of others)`);
  }
}

export function stringTemp(cg: Codegen, text: string): number {
  const reg = cg.fb.alloc();
  cg.fb.emit("LOADK", reg, cg.fb.constantSlotOf(cg.mb.stringConstant(text)));
  return reg;
}
