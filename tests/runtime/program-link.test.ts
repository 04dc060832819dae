// Load-time checks of runtime/program.ts with their messages (what a user sees of a
// LoadError): natives the runtime lacks or declared with another arity, the prelude flag on
// the wrong type, and a prelude Option/Result of the wrong shape.

import { describe, expect, it } from "vitest";
import { assemble } from "../../assembler/index.js";
import { LoadError, load } from "../../runtime/index.js";

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
