// What load() and loadModule() guarantee about the caller's input: the code that runs is the
// code that was verified, whatever the caller does to its bytes or Module afterwards, and no
// path of a loaded function runs past its end.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { encode } from "../../format/instruction.js";
import { OPCODE_BY_NAME } from "../../format/opcodes.js";
import { readModule } from "../../format/reader.js";
import { writeModule } from "../../format/writer.js";
import { InternalError, load, loadModule, type Program } from "../../runtime/index.js";
import { build } from "./build.js";
import { prog, print } from "./helpers.js";

const HELLO = prog([["LOADK", 0, 0], ...print(0), ["RETURNUNIT"]], { consts: ["hi"] });
/** An instruction word that would loop forever if it replaced any word of HELLO's main. */
const JMP_SELF = encode(OPCODE_BY_NAME.get("JMP")!, [-1]);

function runOnce(p: Program): string {
  let out = "";
  const r = p.run({ write: (t) => (out += t), writeErr: () => {} }, [], { maxSteps: 1000 });
  return r.status === "ok" ? out : `${out}!${r.error!.kind}`;
}

describe("load() owns the bytes it verified", () => {
  it("ignores changes to the caller's buffer after load()", () => {
    const bytes = writeModule(build(HELLO));
    const { layout, module } = readModule(bytes.slice());
    const program = load(bytes);
    const at = layout.functions[0]!.code;
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    for (let pc = 0; pc < module.functions[0]!.code.length; pc++)
      view.setUint32(at + 4 * pc, JMP_SELF, true);
    bytes.fill(0xff, 0, at); // header, strings, constants: all garbage now
    expect(runOnce(program)).toBe("hi\n");
  });

  it("ignores changes to an in-memory Module's code after loadModule()", () => {
    const module = build(HELLO);
    const program = loadModule(module);
    module.functions[0]!.code.fill(JMP_SELF);
    expect(runOnce(program)).toBe("hi\n");
  });
});

describe("no path runs past the end of a function", () => {
  const testThenJmpLast = build(prog(["top:", ["LOADTRUE", 0], ["TEST", 0, 0], ["JMP", "top"]]));

  it("the verifier rejects a test whose JMP is the last word (E_TEST_END)", () => {
    expect(() => loadModule(testThenJmpLast)).toThrow(
      expect.objectContaining({ code: "E_TEST_END" }),
    );
  });

  it("a trusted (unverified) module that runs past its end stops at the end-of-code word", () => {
    // E_LINK_FALLTHROUGH is reserved (spec/semantics.md §9): the linker no longer checks, and
    // the word after every function's code ends such a run with the host's InternalError
    // (a trusted module is the caller's responsibility) instead of an endless loop.
    const program = loadModule(testThenJmpLast, { trusted: true });
    expect(() => runOnce(program)).toThrow(/ran past the end of a function's code/);
  });
});

describe("Program.run", () => {
  const ARGS = prog([["GETNATIVE", 1, 1], ["CALL", 1, 0], ...print(1), ["RETURNUNIT"]], {
    natives: [["std.env.args", 0]],
  });

  it("reports the steps, the deepest call and the memory charged", () => {
    const p = loadModule(build(ARGS));
    let out = "";
    const host = { write: (t: string) => (out += t), writeErr: () => {} };
    expect(p.run(host)).toEqual({ status: "ok", steps: 6, peakDepth: 1, allocated: 0 });
    expect(out).toBe("[]\n");
    expect(p.run(host, ["a"], { maxMemory: 1000 })).toEqual({
      status: "ok",
      steps: 6,
      peakDepth: 1,
      allocated: 24 + 17,
    });
    expect(out).toBe("[]\n[a]\n");
  });

  it("returns a Veld error with the counts, never throws it", () => {
    const p = loadModule(
      build(
        prog(
          [
            ["LOADK", 0, 0],
            ["THROW", 0],
          ],
          { consts: ["bad"] },
        ),
      ),
    );
    const r = p.run({ write: () => {}, writeErr: () => {} });
    expect(r.status).toBe("error");
    expect([r.error!.kind, r.error!.message, r.steps, r.peakDepth]).toEqual([
      "Thrown",
      "bad",
      2,
      1,
    ]);
  });

  it("throws a host's exception as an InternalError that keeps it", () => {
    const boom = new Error("boom");
    const p = loadModule(build(HELLO));
    const host = {
      write: () => {
        throw boom;
      },
      writeErr: () => {},
    };
    let thrown: unknown;
    try {
      p.run(host);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(InternalError);
    expect((thrown as InternalError).message).toBe("unexpected host exception: Error: boom");
    expect((thrown as InternalError).cause).toBe(boom);
  });

  it("throws the runtime's own InternalError as it is", () => {
    const program = loadModule(build(prog([["JMP", 0]])), { trusted: true });
    let thrown: unknown;
    try {
      runOnce(program);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(InternalError);
    expect((thrown as InternalError).message).toMatch(/^ran past the end/);
  });
});

describe("load() of a module without imports", () => {
  it("links it alone, as linkModule does: two prelude Options are E_LINK_PRELUDE", () => {
    const bytes = readFileSync(
      new URL("../../test-vectors/malformed/invalid/link-prelude-twice.veldc", import.meta.url),
    );
    expect(() => load(bytes)).toThrow(expect.objectContaining({ code: "E_LINK_PRELUDE" }));
  });
});
