// Patterns: `match` arms (tests that jump to the next arm on a mismatch, then bindings), and
// irrefutable destructuring for `let`, `for` and `let … in`. spec/language.md §Patterns;
// the tests are spec/isa.md's TESTVARIANT/TESTSTRUCT/TESTTUPLE/EQK/EQI/EQ.

import type * as A from "../language/ast.js";
import { RUNTIME_ERROR_KINDS } from "../format/opcodes.js";
import type { Codegen } from "./codegen.js";
import { cond } from "./conditions.js";
import { bindName } from "./statements.js";
import type { EnumInfo, StructInfo } from "./declarations.js";
import type { PatternTarget } from "../language/resolver.js";

export function compileMatch(
  cg: Codegen,
  m: Extract<A.Expr, { kind: "Match" }>,
  target: number | null,
  tail: boolean,
): void {
  const fb = cg.fb;
  // The guards run between the tests: the subject is a snapshot if they could change it.
  const guards = m.arms.map((arm) => arm.guard).filter((g): g is A.Expr => g !== null);
  const subject = cg.operand(m.subject, guards);
  const switched = cg.optimize ? switchEnum(cg, m) : undefined;
  cg.at(m);
  const table = switched
    ? fb.emitSwitch(subject, cg.mb.variantNumber(switched.index, 0), switched.variants.length + 1)
    : undefined;
  /** Where each arm's code starts, and (a variant arm of the switched enum) its tag. */
  const arms: { start: number; tag: number | undefined }[] = [];
  const done: number[] = [];
  for (const arm of m.arms) {
    cg.fs.enterBlock();
    const start = fb.pc;
    const variant = arm.pattern.kind === "CtorPat" ? variantOf(cg, arm.pattern) : undefined;
    arms.push({ start, tag: variant?.type === switched ? variant?.tag : undefined });
    const fails = testPattern(cg, arm.pattern, subject);
    if (arm.guard) fails.push(...cond(cg, arm.guard, false));
    if (tail) {
      cg.tailExpr(arm.body);
      cg.fs.exitBlock(false);
    } else {
      cg.expr(arm.body, target);
      cg.fs.exitBlock();
      done.push(fb.emitJump());
    }
    for (const j of fails) fb.patch(j);
  }
  // No arm matched: NoMatch with the value in the message.
  cg.at(m);
  if (table !== undefined) patchTable(cg, table, arms, fb.pc);
  const base = fb.alloc(2);
  fb.emit("LOADK", base, fb.constantSlotOf(cg.mb.stringConstant("no match arm for value ")));
  fb.emit("MOVE", base + 1, subject);
  fb.emit("CONCAT", base, 2);
  fb.emit("RAISE", base, RUNTIME_ERROR_KINDS.indexOf("NoMatch"));
  for (const j of done) fb.patch(j);
}

/** A `match` dispatches through SWITCHVARIANT from this many variant arms of one enum on. */
const SWITCH_ARMS = 3;
/** ... and when its table (one word per variant) is at most this many words per such arm. */
const TABLE_WORDS_PER_ARM = 4;

/** The enum a `match` switches on (-O1): the enum of its first variant arm, if enough arms test it. */
function switchEnum(cg: Codegen, m: Extract<A.Expr, { kind: "Match" }>): EnumInfo | undefined {
  const types = m.arms.map((arm) =>
    arm.pattern.kind === "CtorPat" ? variantOf(cg, arm.pattern)?.type : undefined,
  );
  const first = types.find((t) => t !== undefined);
  if (first === undefined) return undefined;
  const arms = types.filter((t) => t === first).length;
  return arms >= SWITCH_ARMS && first.variants.length <= TABLE_WORDS_PER_ARM * arms
    ? first
    : undefined;
}

/**
 * Points the switch's table: a variant's entry at the first arm that may match it — past the
 * TESTVARIANT and its JMP (the two words an arm of that variant starts with) when the arm is of
 * that variant, at the start of any arm that is not a variant arm of the enum (its own tests
 * run); the last entry (any other value) at the first arm that is not a variant arm of the
 * enum; an entry no arm takes at `noMatch`. Guards and sub-patterns that fail go on to the
 * next arm's tests as in the chain.
 */
function patchTable(
  cg: Codegen,
  table: readonly number[],
  arms: readonly { start: number; tag: number | undefined }[],
  noMatch: number,
): void {
  table.forEach((jump, entry) => {
    // The last entry's index is the enum's number of variants: no arm's tag.
    const arm = arms.find((a) => a.tag === undefined || a.tag === entry);
    cg.fb.patch(
      jump,
      arm === undefined ? noMatch : arm.tag === undefined ? arm.start : arm.start + 2,
    );
  });
}

/** The enum and tag a constructor pattern tests for, when it names a variant. */
function variantOf(cg: Codegen, p: A.CtorPat): { type: EnumInfo; tag: number } | undefined {
  // The resolver checked the pattern (E0305, E0306, E0307, E0316, E0317) and what it tests for.
  const target = cg.res.patterns.get(p)!;
  if (target.kind !== "variant") return undefined;
  const type = (
    target.decl !== null ? cg.decls.typeOfDecl(target.decl) : cg.decls.enumNamed(target.enumName)
  ) as EnumInfo;
  return { type, tag: type.variants.findIndex((v) => v.name === target.variant) };
}

/** Emits the tests of `p` against `reg`; returns the jumps taken on a mismatch. */
function testPattern(cg: Codegen, p: A.Pattern, reg: number): number[] {
  const fb = cg.fb;
  cg.at(p);
  switch (p.kind) {
    case "WildcardPat":
      return [];
    case "BindingPat":
      bindName(cg, p, reg, false);
      return [];
    case "LiteralPat":
      return [literalTest(cg, p.literal, reg)];
    case "TuplePat": {
      fb.emit("TESTTUPLE", reg, p.elements.length);
      const fails = [fb.emitJump()];
      p.elements.forEach((el, i) => {
        if (el.kind === "WildcardPat") return;
        const t = fb.alloc();
        fb.emit("GETTUPLE", t, reg, i);
        fails.push(...subPattern(cg, el, t));
      });
      return fails;
    }
    case "CtorPat":
      return ctorTest(cg, p, reg);
    case "OrPat":
      return orTest(cg, p, reg);
    case "RangePat": {
      // TESTRANGE takes inclusive bounds: `lo..hi` is `lo..=hi-1` (for chars the scalar
      // before `hi`, skipping the surrogates, which are never chars).
      let high: A.IntLit | A.CharLit = p.high;
      if (!p.inclusive) {
        if (high.kind === "IntLit") high = { ...high, value: high.value - 1n };
        else {
          // `hi` is a scalar, so the code point before it is a surrogate only for U+E000.
          const c = high.value.codePointAt(0)!;
          high = { ...high, value: String.fromCodePoint(c === 0xe000 ? 0xd7ff : c - 1) };
        }
      }
      fb.emit(
        "TESTRANGE",
        reg,
        cg.kOperand(cg.literalConstant(p.low), p),
        cg.kOperand(cg.literalConstant(high), p),
      );
      return [fb.emitJump()];
    }
  }
}

/**
 * `p | q | …`: the alternatives in order, each jumping to the shared success point when it
 * matches. The variables they bind (the same in each, the resolver's E0318) get their
 * registers before the first test, so whichever alternative matches fills them.
 */
function orTest(cg: Codegen, p: Extract<A.Pattern, { kind: "OrPat" }>, reg: number): number[] {
  const fb = cg.fb;
  const targets = new Map(cg.orTargets ?? []);
  for (const b of boundNames(p.alternatives[0]!)) {
    const binding = cg.declared(b);
    // A pattern's binding is never a global (the resolver's storage for `match` bindings is
    // local); it may have its register from an enclosing alternative already.
    if (targets.has(binding)) continue;
    const r = fb.alloc();
    cg.fs.declareLocal(binding, r);
    targets.set(binding, r);
  }
  const outer = cg.orTargets;
  cg.orTargets = targets;
  const matched: number[] = [];
  let fails: number[] = [];
  p.alternatives.forEach((alt, i) => {
    for (const j of fails) fb.patch(j);
    fails = testPattern(cg, alt, reg);
    if (i < p.alternatives.length - 1) matched.push(fb.emitJump());
  });
  cg.orTargets = outer;
  for (const j of matched) fb.patch(j);
  return fails;
}

/** The binding patterns of `p` (of an or-pattern, its first alternative's). */
function boundNames(p: A.Pattern): A.BindingPat[] {
  switch (p.kind) {
    case "BindingPat":
      return [p];
    case "TuplePat":
      return p.elements.flatMap(boundNames);
    case "CtorPat":
      return (p.args ?? []).flatMap((a) => boundNames(a.pattern));
    case "OrPat":
      return boundNames(p.alternatives[0]!);
    default:
      return [];
  }
}

/** A sub-pattern whose value sits in the fresh temporary `t` (adopted by a plain binding). */
function subPattern(cg: Codegen, p: A.Pattern, t: number): number[] {
  if (p.kind === "BindingPat" && !cg.orTargets?.has(cg.declared(p))) {
    cg.fs.declareLocal(cg.declared(p), t);
    return [];
  }
  return testPattern(cg, p, t);
}

function literalTest(cg: Codegen, lit: A.Literal, reg: number): number {
  const fb = cg.fb;
  if (lit.kind === "IntLit" && lit.value >= -128n && lit.value <= 127n) {
    fb.emit("EQI", reg, Number(lit.value), 0);
  } else if (lit.kind === "BoolLit" || lit.kind === "UnitLit") {
    const t = fb.alloc();
    if (lit.kind === "BoolLit") fb.emit(lit.value ? "LOADTRUE" : "LOADFALSE", t);
    else fb.emit("LOADUNIT", t, 0);
    fb.emit("EQ", reg, t, 0);
  } else {
    const slot = fb.constantSlotOf(cg.literalConstant(lit));
    if (slot <= 255) fb.emit("EQK", reg, slot, 0);
    else {
      const t = fb.alloc();
      fb.emit("LOADK", t, slot);
      fb.emit("EQ", reg, t, 0);
    }
  }
  return fb.emitJump();
}

function ctorTest(cg: Codegen, p: A.CtorPat, reg: number): number[] {
  const fb = cg.fb;
  const variant = variantOf(cg, p);
  if (variant) {
    // Two words, TESTVARIANT and its JMP: a switch's table jumps past them (patchTable).
    fb.emit("TESTVARIANT", reg, cg.mb.variantNumber(variant.type.index, variant.tag));
    const fails = [fb.emitJump()];
    (p.args ?? []).forEach((arg, i) => {
      if (arg.pattern.kind === "WildcardPat") return;
      const t = fb.alloc();
      fb.emit("GETPAYLOAD", t, reg, i);
      fails.push(...subPattern(cg, arg.pattern, t));
    });
    return fails;
  }
  const target = cg.res.patterns.get(p) as Extract<PatternTarget, { kind: "struct" }>;
  const struct = cg.decls.typeOfDecl(target.struct) as StructInfo;
  fb.emit("TESTSTRUCT", reg, struct.index);
  const fails = [fb.emitJump()];
  for (const arg of p.args ?? []) {
    const field = arg.label ?? (arg.pattern as A.BindingPat).name;
    if (arg.pattern.kind === "WildcardPat") continue;
    const t = fb.alloc();
    fb.emit("GETFIELD", t, reg, cg.kOperand(cg.mb.stringConstant(field), arg));
    fails.push(...subPattern(cg, arg.pattern, t));
  }
  return fails;
}

/** Destructures `reg` by an irrefutable pattern (bindings, `_`, tuples). */
export function bindIrrefutable(cg: Codegen, p: A.Pattern, reg: number): void {
  const fb = cg.fb;
  cg.at(p);
  switch (p.kind) {
    case "WildcardPat":
    case "LiteralPat": // `()`, the one literal the parser allows here: binds nothing, as `_`
      return;
    case "BindingPat":
      bindName(cg, p, reg, true);
      return;
    default:
      // A tuple: the parser allows no other pattern here (E0213).
      // A value too short fails at the element it lacks (the tree-walker's position too).
      (p as Extract<A.Pattern, { kind: "TuplePat" }>).elements.forEach((el, i) => {
        if (el.kind === "WildcardPat") return;
        const t = fb.alloc();
        cg.at(el);
        fb.emit("GETTUPLE", t, reg, i);
        bindIrrefutable(cg, el, t);
      });
  }
}
