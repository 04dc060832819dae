// Incremental compilation for a REPL session (compiler/index.ts SessionInput): a module's
// tables extend the prior one's with the same indices, only the new input gets code, and a
// run on the session's global slots sees what earlier modules left there.

import { describe, expect, it } from "vitest";
import { loadModule } from "../../runtime/index.js";
import { runSteps, step } from "./session-steps.js";

describe("session compilation", () => {
  it("extends the prior module's tables and compiles only the new input", () => {
    const first = step(
      "",
      'struct P x: int end\nfn f(n) => P(x: n)\nlet a = f(1)\nprintln("one")\n',
    );
    const second = step(
      "struct P x: int end\nfn f(n)\nend\nlet a = ()\n",
      "let b = a.x + f(2).x\n",
      first,
    );
    expect(second.strings.slice(0, first.strings.length)).toEqual(first.strings);
    expect(second.types.slice(0, first.types.length)).toEqual(first.types);
    expect(second.globals.slice(0, first.globals.length)).toEqual(first.globals);
    // main of the second module neither redefines f nor prints "one" again.
    expect(second.functions).toHaveLength(1);

    const { out, globals, p1, p2 } = runSteps(first, second);
    expect(out).toBe("one\n");
    const slot = second.globals.findIndex((g) => second.strings[g.name] === "b");
    expect(globals[slot]).toBe(3);
    // Values of an earlier program keep their type objects in the later one.
    expect(p2.linked.types[0]).toBe(p1.linked.types[0]);
  });

  it("stores every top-level variable in a global slot, so there is no register limit", () => {
    const lets = Array.from({ length: 300 }, (_, i) => `let v${i} = ${i}\n`).join("");
    const m = step("", lets);
    expect(m.globals.length).toBeGreaterThanOrEqual(300);
  });

  it("stops a run when the host interrupts it", () => {
    const m = step("", "var n = 0\nwhile true do n += 1 end\n");
    let polls = 0;
    const r = loadModule(m, { trusted: true }).run({ write() {}, writeErr() {} }, [], {
      interrupt: () => ++polls > 2,
    });
    expect(r.status).toBe("error");
    expect(r.error!.kind).toBe("LimitExceeded");
    expect(r.error!.message).toBe("interrupted");
  });

  it("keeps the prior module's constants, natives and types at their indices", () => {
    const first = step(
      "",
      'enum E\n  A(f64)\n  B\nend\nlet a = 2.5\nlet w = "word"\nprintln(E.A(a))\nprint(w)\n',
    );
    const second = step(
      "enum E\n  A(f64)\n  B\nend\nlet a = ()\nlet w = ()\n",
      'struct Q\n  z: f64,\nend\nlet b = 7.5\nprint("x")\nprintln(E.B)\nprintln(Q(z: b))\n',
      first,
    );
    expect(first.constants.length).toBeGreaterThan(0);
    expect(first.natives.length).toBe(2);
    expect(second.constants.slice(0, first.constants.length)).toEqual(first.constants);
    expect(second.constants.length).toBeGreaterThan(first.constants.length);
    expect(second.natives).toEqual(first.natives);
    // The new struct comes after the prior types (E, then the prelude's Option and Result).
    expect(second.types.slice(0, first.types.length)).toEqual(first.types);
    expect(second.types.map((t) => second.strings[t.name])).toEqual(["E", "Option", "Result", "Q"]);
  });
});
