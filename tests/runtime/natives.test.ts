import { describe, expect, it } from "vitest";
import { NATIVE_SIGNATURES } from "../../runtime/index.js";
import { load, loadModule } from "../../runtime/index.js";
import { compileSource } from "../../compiler/index.js";
import { build, PRELUDE_TYPES, type Ins } from "./build.js";
import { out, print, prog } from "./helpers.js";

// Calls method K[name] on R1 with the arguments in R3.. (n of them) and prints the result.
function method(recv: Ins[], name: number, args: Ins[], n: number): Ins[] {
  return [
    ...recv,
    ...args,
    ["SELF", 6, 1, name],
    ...Array.from({ length: n }, (_, i): Ins => ["MOVE", 8 + i, 3 + i]),
    ["CALL", 6, n + 1],
    ...print(6),
  ];
}

describe("natives and built-in methods", () => {
  it("lists its natives with arities", () => {
    expect(NATIVE_SIGNATURES).toContainEqual({ name: "std.math.sqrt", arity: 1 });
    expect(NATIVE_SIGNATURES).toContainEqual({ name: "println", arity: 255 });
  });
  it("refuses to link an unknown native", () => {
    expect(() =>
      loadModule(
        build({
          natives: [["nope", 1]],
          functions: [{ name: "main", registers: 1, code: [["RETURNUNIT"]] }],
        }),
      ),
    ).toThrow(/nope/);
  });
  it("string methods count scalar values", () => {
    const m = prog(
      [
        ...method([["LOADK", 1, 0]], 1, [], 0),
        ...method(
          [],
          2,
          [
            ["LOADI", 3, 1],
            ["LOADI", 4, 3],
          ],
          2,
        ),
        ...method([], 3, [["LOADK", 3, 4]], 1),
        ...method([], 5, [], 0),
        ["RETURNUNIT"],
      ],
      {
        consts: ["héllo😀", "len", "substring", "index_of", "l", "to_upper"],
        types: PRELUDE_TYPES,
      },
    );
    expect(out(m)).toBe("6\nél\n2\nHÉLLO😀\n");
  });
  it("array methods, Option results and callbacks", () => {
    const dbl = {
      name: "dbl",
      params: 1,
      registers: 2,
      code: [
        ["ADD", 1, 0, 0],
        ["RETURN", 1],
      ] as Ins[],
    };
    const m = prog(
      [
        ["LOADI", 2, 3],
        ["LOADI", 3, 1],
        ["LOADI", 4, 2],
        ["NEWARRAY", 1, 3],
        ...method([], 0, [["LOADI", 3, 7]], 1),
        ...method([], 0, [["LOADI", 3, 1]], 1),
        ...method([], 1, [["CLOSURE", 3, 0]], 1),
        ...method([], 2, [], 0),
        ...method([], 3, [["LOADK", 3, 4]], 1),
        ["RETURNUNIT"],
      ],
      {
        consts: ["get", "map", "sort", "join", "-"],
        types: PRELUDE_TYPES,
        children: ["dbl"],
        functions: [dbl],
      },
    );
    expect(out(m)).toBe("Option.None\nOption.Some(1)\n[6, 2, 4]\n[1, 2, 3]\n3-1-2\n");
  });
  it("std.math and panics", () => {
    const m = prog(
      [
        ["GETNATIVE", 1, 1],
        ["LOADI", 2, 2],
        ["CALL", 1, 1],
        ...print(1),
        ["GETNATIVE", 1, 2],
        ["LOADK", 2, 0],
        ["CALL", 1, 1],
        ["RETURNUNIT"],
      ],
      {
        natives: [
          ["std.math.sqrt", 1],
          ["panic", 1],
        ],
        consts: ["bye"],
      },
    );
    expect(out(m)).toBe("1.4142135623730951\n!Panic");
  });
});

describe("print and println", () => {
  it("write nothing, or a line break, when called without an argument", () => {
    const program = load(compileSource('print()\nprintln()\nprint("a")\nprintln(1)\n').bytes!);
    let text = "";
    program.run({ write: (t: string) => (text += t), writeErr: () => {} });
    expect(text).toBe("\na1\n");
  });
});

describe("std.io.read_line", () => {
  it("charges the line it returns: a str of its UTF-8 bytes in a Some", () => {
    const program = load(compileSource("println(std.io.read_line())\n").bytes!);
    const read = (line: string | undefined) => {
      let text = "";
      const host = { write: (t: string) => (text += t), writeErr: () => {}, readLine: () => line };
      const r = program.run(host, [], { maxMemory: 1 << 20 });
      return `${text.trim()} ${r.allocated}`;
    };
    expect(read(undefined)).toBe("Option.None 0");
    expect(read("")).toBe("Option.Some() 40"); // a str's header (16) and a Some of one slot (24)
    expect(read("héllo")).toBe("Option.Some(héllo) 46");
  });
});
