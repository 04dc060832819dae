// The register allocator's property test: random well-formed expression trees over many
// locals (calls, tuples, arrays, conditionals nested anywhere) compile and evaluate to what a
// direct BigInt evaluation in TypeScript gives, including i64 overflow and division by zero.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runVeld } from "../helpers/veld.js";

type Expr =
  | { k: "lit"; v: bigint }
  | { k: "var"; i: number }
  | { k: "bin"; op: "+" | "-" | "*" | "/" | "%"; l: Expr; r: Expr }
  | { k: "call"; args: [Expr, Expr, Expr] }
  | { k: "tuple"; items: Expr[]; pick: number }
  | { k: "array"; items: Expr[]; pick: number }
  | { k: "if"; cl: Expr; cr: Expr; t: Expr; e: Expr };

class VeldFault extends Error {}
const MIN = -(1n << 63n);
const MAX = (1n << 63n) - 1n;

function check(v: bigint): bigint {
  if (v < MIN || v > MAX) throw new VeldFault("IntegerOverflow");
  return v;
}

function evaluate(e: Expr, env: bigint[]): bigint {
  switch (e.k) {
    case "lit":
      return e.v;
    case "var":
      return env[e.i]!;
    case "bin": {
      const l = evaluate(e.l, env);
      const r = evaluate(e.r, env);
      if ((e.op === "/" || e.op === "%") && r === 0n) throw new VeldFault("DivisionByZero");
      if (e.op === "+") return check(l + r);
      if (e.op === "-") return check(l - r);
      if (e.op === "*") return check(l * r);
      if (e.op === "/") return check(l / r);
      return l % r;
    }
    case "call": {
      const [a, b, c] = e.args.map((x) => evaluate(x, env)) as [bigint, bigint, bigint];
      return check(check(a - b) + c); // fn mix(a, b, c) => a - b + c
    }
    case "tuple":
    case "array":
      return e.items.map((x) => evaluate(x, env))[e.pick]!;
    case "if":
      return evaluate(e.cl, env) < evaluate(e.cr, env) ? evaluate(e.t, env) : evaluate(e.e, env);
  }
}

function print(e: Expr): string {
  switch (e.k) {
    case "lit":
      return e.v < 0n ? `(${e.v})` : String(e.v);
    case "var":
      return `v${e.i}`;
    case "bin":
      return `(${print(e.l)} ${e.op} ${print(e.r)})`;
    case "call":
      return `mix(${e.args.map(print).join(", ")})`;
    case "tuple":
      return `(${e.items.map(print).join(", ")}${e.items.length === 1 ? "," : ""}).${e.pick}`;
    case "array":
      return `[${e.items.map(print).join(", ")}][${e.pick}]`;
    case "if":
      return `(if ${print(e.cl)} < ${print(e.cr)} then ${print(e.t)} else ${print(e.e)} end)`;
  }
}

const literal = fc.oneof(
  fc.bigInt({ min: -20n, max: 20n }),
  fc.constantFrom(MAX, MIN + 1n, 1n << 40n, -(1n << 53n), 9007199254740993n),
);

function exprArb(locals: number): fc.Arbitrary<Expr> {
  const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
    expr: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      literal.map((v): Expr => ({ k: "lit", v })),
      fc.nat(locals - 1).map((i): Expr => ({ k: "var", i })),
      fc
        .record({
          op: fc.constantFrom("+", "-", "*", "/", "%" as const),
          l: tie("expr"),
          r: tie("expr"),
        })
        .map((b): Expr => ({ k: "bin", ...b }) as Expr),
      fc.tuple(tie("expr"), tie("expr"), tie("expr")).map((args): Expr => ({ k: "call", args })),
      fc
        .array(tie("expr"), { minLength: 1, maxLength: 4 })
        .chain((items) =>
          fc.nat(items.length - 1).map((pick): Expr => ({ k: "tuple", items, pick })),
        ),
      fc
        .array(tie("expr"), { minLength: 1, maxLength: 4 })
        .chain((items) =>
          fc.nat(items.length - 1).map((pick): Expr => ({ k: "array", items, pick })),
        ),
      fc
        .record({ cl: tie("expr"), cr: tie("expr"), t: tie("expr"), e: tie("expr") })
        .map((r): Expr => ({ k: "if", ...r })),
    ),
  }));
  return expr;
}

const program = fc.integer({ min: 1, max: 60 }).chain((locals) =>
  fc.record({
    values: fc.array(literal, { minLength: locals, maxLength: locals }),
    exprs: fc.array(exprArb(locals), { minLength: 1, maxLength: 3 }),
  }),
);

describe("register allocation (property)", () => {
  it("random expression trees over many locals evaluate like BigInt arithmetic", () => {
    fc.assert(
      fc.property(
        program,
        fc.constantFrom(0 as const, 1 as const),
        ({ values, exprs }, optimize) => {
          const lets = values.map((v, i) => `  let v${i} = ${v < 0n ? `(${v})` : v}`).join("\n");
          const body = exprs.map((e) => `  println(${print(e)})`).join("\n");
          const source = `fn mix(a, b, c) => a - b + c\nfn main()\n${lets}\n${body}\nend\nmain()\n`;
          let expected = "";
          let fault: string | null = null;
          try {
            for (const e of exprs) expected += `${evaluate(e, values)}\n`;
          } catch (err) {
            if (!(err instanceof VeldFault)) throw err;
            fault = err.message;
          }
          const out = runVeld(source, [], optimize);
          expect(out.error).toBe(fault);
          if (!fault) expect(out.stdout).toBe(expected);
          else expect(expected.startsWith(out.stdout)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
