// compileSource's options as a caller sees them: the default file name and optimisation, and
// --strip (spec/cli.md `veldc build`; docs/tools.md).
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/index.js";
import { readModule } from "../../format/index.js";

const SOURCE = "let x = 2.5\nfn f(a) => a * x + 1\nprintln(f(2))\n";

describe("compileSource options", () => {
  it("names an unnamed source <input> in its debug section", () => {
    const { module } = readModule(compileSource(SOURCE).bytes!);
    expect(module.debug?.sourceFile).toBe("<input>");
    expect(
      readModule(compileSource(SOURCE, { fileName: "a.veld" }).bytes!).module.debug?.sourceFile,
    ).toBe("a.veld");
  });

  it("optimises by default: the same bytes as -O1, not those of -O0", () => {
    const bytes = (optimize?: 0 | 1) =>
      Buffer.from(compileSource(SOURCE, { fileName: "a.veld", optimize }).bytes!);
    expect(bytes().equals(bytes(1))).toBe(true);
    expect(bytes().equals(bytes(0))).toBe(false);
  });

  it("strip leaves out the debug section and nothing else", () => {
    const full = readModule(compileSource(SOURCE, { fileName: "a.veld" }).bytes!).module;
    const stripped = readModule(
      compileSource(SOURCE, { fileName: "a.veld", strip: true }).bytes!,
    ).module;
    expect(full.debug).toBeDefined();
    expect(stripped.debug).toBeUndefined();
    expect(stripped.functions).toEqual(full.functions);
  });
});
