// A function's own limits (spec/format.md §6, spec/isa.md §1) are positioned compile errors at
// the construct that passes them, and the function exactly at each limit still compiles:
// registers (256), K operands of field names (256 constants), captured variables (256),
// constants (65,536) and nested functions (65,536) per function.
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/index.js";
import { load } from "../../runtime/index.js";

/** The diagnostics as `code@line:col message`; each one's offset is checked against its line:col. */
const errors = (source: string) =>
  compileSource(source, { fileName: "t.veld" }).diagnostics.map((d) => {
    const { line, col, offset } = d.span.start;
    const lineStart =
      source
        .split("\n")
        .slice(0, line - 1)
        .join("\n").length + (line > 1 ? 1 : 0);
    expect(offset).toBe(lineStart + col - 1);
    return `${d.code}@${line}:${col} ${d.message}`;
  });
const list = (n: number, item: (i: number) => string, sep = "\n") =>
  Array.from({ length: n }, (_, i) => item(i)).join(sep);
/** Compiles without diagnostics; and, unless it is too big to load quickly, loads. */
const loads = (source: string, verify = true) => {
  const r = compileSource(source, { fileName: "t.veld" });
  expect(r.diagnostics).toEqual([]);
  if (verify) expect(() => load(r.bytes!)).not.toThrow();
};

describe("a function's limits", () => {
  it("256 registers compile; the local that needs a 257th is E0906", () => {
    const fn = (n: number) => `fn f()\n${list(n, (i) => `  let v${i} = ${i}`)}\n  v0\nend\n`;
    loads(fn(256));
    expect(errors(fn(257))).toEqual([
      "E0906@258:3 this function needs more than 256 registers; split it into smaller functions",
    ]);
  });

  it("256 field names are K operands; the 257th is E0917", () => {
    const fn = (n: number) => `fn f(x) => ${list(n, (i) => `x.f${i}`, " + ")}\n`;
    loads(fn(256));
    const e = errors(fn(257));
    expect(e).toHaveLength(1);
    expect(e[0]).toMatch(/^E0917@1:\d+ too many distinct constants in one function$/);
  });

  it("a closure captures 256 variables; the 257th is E0905", () => {
    // `inner` captures a0…a199 through `mid`'s upvalues and b0…b(n-1) from `mid`'s registers.
    const program = (n: number) =>
      `fn outer()\n${list(200, (i) => `  let a${i} = ${i}`)}\n  let mid = () => do\n` +
      `${list(n, (i) => `    let b${i} = ${i}`)}\n` +
      `    let inner = () => ${[...list(200, (i) => `a${i}`, " + ").split(" "), "+", list(n, (i) => `b${i}`, " + ")].join(" ")}\n` +
      `    inner()\n  end\n  mid()\nend\nprintln(outer())\n`;
    loads(program(56));
    expect(errors(program(57))).toEqual([
      "E0905@260:23 a function may capture at most 256 variables",
    ]);
  });

  it("65,536 constants in one function compile; the next is E0903", () => {
    const main = (n: number) => list(n, (i) => `println("s${i}")`);
    loads(main(65_536), false);
    expect(errors(main(65_537))).toEqual(["E0903@65537:9 too many constants in one function"]);
  });

  it("65,536 nested functions compile; the next is E0904", () => {
    const main = (n: number) => list(n, (i) => `(() => ${i})`);
    loads(main(65_536), false);
    expect(errors(main(65_537))).toEqual(["E0904@65537:2 too many nested functions"]);
  });
});
