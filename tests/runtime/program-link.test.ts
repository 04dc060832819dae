// Load-time checks of runtime/program.ts with their messages (what a user sees of a
// LoadError): natives the runtime lacks or declared with another arity, the prelude flag on
// the wrong type, and a prelude Option/Result of the wrong shape.

import { beforeEach, describe, expect, it } from "vitest";
import { assemble } from "../../assembler/index.js";
import { formatValue } from "../../runtime/format.js";
import { LoadError, load } from "../../runtime/index.js";
import { END_OF_CODE, linkModule } from "../../runtime/program.js";
import { VChar } from "../../runtime/values.js";
import { build, PRELUDE_TYPES, type Ins } from "./build.js";

function failure(text: string): string {
  const r = assemble(text);
  if (!r.bytes) throw new Error(r.report);
  try {
    load(r.bytes);
  } catch (e) {
    if (e instanceof LoadError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return "loaded";
}

const MAIN = ".function main\n    HALT\n.end\n";
/** Enum type `t` with variants numbered from `v`. */
const en = (name: string, flag: string, variants: [string, number][], t = 0, v = 0) =>
  `.enum T${t} "${name}"${flag}\n${variants
    .map(([n, a], i) => `  .variant V${v + i} "${n}" ${a}`)
    .join("\n")}\n.end\n`;

describe("natives", () => {
  it("must be provided, with the arity the runtime gives them", () => {
    expect(failure(`.native to_str 1\n.native no_such 1\n${MAIN}`)).toBe(
      "E_LINK_NATIVE: native 1 'no_such' is not provided by this runtime",
    );
    expect(failure(`.native to_str 2\n${MAIN}`)).toBe(
      "E_LINK_NATIVE_ARITY: native 'to_str' takes 1 arguments, the module declares 2",
    );
    expect(failure(`.native to_str 1\n.native println 3\n${MAIN}`)).toBe("loaded");
  });
});

describe("the prelude flag", () => {
  it("marks only one Option and one Result enum", () => {
    expect(failure(`.struct T0 "Option" prelude\n  .field "x"\n.end\n${MAIN}`)).toBe(
      "E_LINK_PRELUDE: type 0 'Option' is flagged prelude but is a struct",
    );
    expect(
      failure(
        en("Maybe", " prelude", [
          ["Some", 1],
          ["None", 0],
        ]) + MAIN,
      ),
    ).toBe("E_LINK_PRELUDE: type 0 'Maybe' is flagged prelude but is not named Option or Result");
    const two =
      en("Option", " prelude", [
        ["Some", 1],
        ["None", 0],
      ]) +
      en(
        "Option",
        " prelude",
        [
          ["Some", 1],
          ["None", 0],
        ],
        1,
        2,
      );
    expect(failure(two + MAIN)).toBe(
      "E_LINK_PRELUDE: type 1 'Option' is flagged prelude but is a second prelude Option",
    );
    const both =
      en("Option", " prelude", [
        ["Some", 1],
        ["None", 0],
      ]) +
      en(
        "Result",
        " prelude",
        [
          ["Ok", 1],
          ["Err", 1],
        ],
        1,
        2,
      );
    expect(failure(both + MAIN)).toBe("loaded");
    // Without the flag, an enum named Option is an ordinary enum of any shape.
    expect(failure(en("Option", "", [["Some", 0]]) + MAIN)).toBe("loaded");
  });

  it("requires the prelude's shape", () => {
    const option = (v: [string, number][]) => failure(en("Option", " prelude", v) + MAIN);
    const want = "E_LINK_PRELUDE: prelude type Option must have variants Some(1) and None(0)";
    expect(
      option([
        ["Some", 1],
        ["None", 0],
      ]),
    ).toBe("loaded");
    expect(
      option([
        ["None", 0],
        ["Some", 1],
      ]),
    ).toBe("loaded");
    expect(
      option([
        ["Some", 0],
        ["None", 0],
      ]),
    ).toBe(want);
    expect(
      option([
        ["Some", 1],
        ["None", 1],
      ]),
    ).toBe(want);
    expect(
      option([
        ["Some", 1],
        ["Nothing", 0],
      ]),
    ).toBe(want);
    expect(
      option([
        ["Just", 1],
        ["None", 0],
      ]),
    ).toBe(want);
    const result = (v: [string, number][]) => failure(en("Result", " prelude", v) + MAIN);
    expect(
      result([
        ["Ok", 1],
        ["Err", 1],
      ]),
    ).toBe("loaded");
    expect(
      result([
        ["Ok", 1],
        ["Err", 0],
      ]),
    ).toBe("E_LINK_PRELUDE: prelude type Result must have variants Ok(1) and Err(1)");
  });
});

describe("the linked program (linkModule's structures, read directly)", () => {
  const spec = {
    natives: [["println", 255]] as [string, number][],
    globals: ["g", "h"],
    sourceFile: "main.veld",
    types: [
      { struct: "P", fields: ["x", "y"], methods: { m: 1 } },
      ...PRELUDE_TYPES,
      { enum: "E", variants: [["A", 0] as [string, number], ["B", 2] as [string, number]] },
    ],
    functions: [
      {
        name: "main",
        registers: 4,
        consts: [5n, 2n ** 62n, 1.5, "s", { char: "é" }],
        children: ["inner", "floaty"],
        code: [["LOADK", 0, 0], ["RETURNUNIT"]] as Ins[],
      },
      {
        name: "inner",
        params: 1,
        registers: 3,
        upvalues: [
          { inStack: true, index: 3 },
          { inStack: false, index: 1 },
        ],
        consts: ["s", 7n],
        code: [["RETURNUNIT"]] as Ins[],
      },
      {
        name: "floaty",
        registers: 2,
        consts: [2.5],
        children: ["inner"],
        code: [["MOVE", 0, 1], ["FMOVE", 0, 1], ["RETURNUNIT"]] as Ins[],
      },
    ],
  };
  // Linked in each test, not when the file loads: a mutant is active only while a test runs.
  let m = build(spec);
  let p = linkModule(m);
  beforeEach(() => {
    m = build(spec);
    p = linkModule(m);
  });

  it("turns constants into values, and numbers into the float bank's K", () => {
    const main = p.protos[0]!;
    expect(main.k.map((v) => formatValue(v))).toEqual([
      "5",
      "4611686018427387904",
      "1.5",
      "s",
      "é",
    ]);
    expect(typeof main.k[0]).toBe("number");
    expect(typeof main.k[1]).toBe("bigint");
    expect(main.k[4]).toBeInstanceOf(VChar);
    expect(Array.from(main.kf)).toEqual([5, 2 ** 62, 1.5, NaN, NaN]);
    expect(Array.from(p.protos[1]!.kf)).toEqual([NaN, 7]);
  });
  it("copies the code with END_OF_CODE after it, and sizes the inline caches", () => {
    const floaty = p.protos[2]!;
    expect(Array.from(floaty.code)).toEqual([...m.functions[2]!.code, END_OF_CODE]);
    expect(floaty.icType).toEqual([undefined, undefined, undefined]);
    expect(floaty.icSlot.length).toBe(3);
    expect(p.protos[0]!.icSlot.length).toBe(2);
    expect(p.protos[1]!.icType.length).toBe(1);
  });
  it("marks the functions that use the float bank", () => {
    expect(p.protos.map((f) => f.usesFloats)).toEqual([false, false, true]);
  });
  it("packs the upvalue descriptors and links the children", () => {
    expect(Array.from(p.protos[1]!.upvalDesc)).toEqual([(3 << 1) | 1, 1 << 1]);
    expect(p.protos[0]!.upvalDesc.length).toBe(0);
    expect(p.protos[0]!.children.map((c) => c.name)).toEqual(["inner", "floaty"]);
    expect(p.protos[2]!.children[0]).toBe(p.protos[1]);
    expect(p.protos[1]!.children).toEqual([]);
    expect(p.protos.map((f) => [f.index, f.name, f.params, f.registers])).toEqual([
      [0, "main", 0, 4],
      [1, "inner", 1, 3],
      [2, "floaty", 0, 2],
    ]);
  });
  it("numbers the variants module-wide and finds the prelude", () => {
    expect(p.variantType.map((t) => t.name)).toEqual([
      "Option",
      "Option",
      "Result",
      "Result",
      "E",
      "E",
    ]);
    expect(Array.from(p.variantTag)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(p.option).toEqual({ type: p.types[1], yes: 0, no: 1 });
    expect(p.result).toEqual({ type: p.types[2], yes: 0, no: 1 });
    expect(p.globalCount).toBe(2);
    expect(p.natives.map((n) => n.name)).toEqual(["println"]);
    expect(p.types[0]!.methods.get("m")).toBe(1);
  });
  it("gives each function its source file from the debug tables", () => {
    expect(p.protos[0]!.file).toBe("main.veld");
    expect(Array.from(p.protos[0]!.lines!)).toEqual([1, 2]);
    expect(Array.from(p.protos[0]!.columns!)).toEqual([1, 1]);
    const debug = m.debug!;
    const files = linkModule({
      ...m,
      debug: {
        ...debug,
        files: ["lib.veld", "other.veld"],
        functions: debug.functions.map((f, i) => ({ ...f, file: i })),
      },
    });
    expect(files.protos.map((f) => f.file)).toEqual(["main.veld", "lib.veld", "other.veld"]);
    const bare = linkModule({ ...m, debug: undefined });
    expect(bare.protos.map((f) => [f.file, f.lines])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
      [undefined, undefined],
    ]);
  });
  it("owns an Option and a Result of the prelude's shape when the module has none", () => {
    const none = linkModule(build({ ...spec, types: [] }));
    expect(none.option.type.variantNames).toEqual(["Some", "None"]);
    expect(none.option.type.arities).toEqual([1, 0]);
    expect(none.option.type.prelude).toBe("Option");
    expect([none.option.yes, none.option.no]).toEqual([0, 1]);
    expect(none.result.type.variantNames).toEqual(["Ok", "Err"]);
    expect(none.result.type.arities).toEqual([1, 1]);
    expect(none.result.type.prelude).toBe("Result");
    expect(none.types).toEqual([]);
    expect(none.variantType).toEqual([]);
  });
  it("keeps a prior program's types, with this module's methods added", () => {
    const next = linkModule(
      build({ ...spec, types: [{ struct: "P", fields: ["x", "y"], methods: { n: 0 } }] }),
      p,
    );
    expect(next.types[0]).toBe(p.types[0]);
    expect([...next.types[0]!.methods]).toEqual([
      ["m", 1],
      ["n", 0],
    ]);
    // Another type at the same index is this module's own.
    const other = linkModule(build({ ...spec, types: [{ struct: "Q", fields: [] }] }), p);
    expect(other.types[0]).not.toBe(p.types[0]);
    expect(other.types[0]!.name).toBe("Q");
    // More types than the prior program had: the new ones are linked fresh.
    const more = linkModule(
      build({ ...spec, types: [...spec.types, { struct: "R", fields: [] }] }),
      p,
    );
    expect(more.types[3]).toBe(p.types[3]);
    expect(more.types[4]!.name).toBe("R");
  });
});
