import { describe, expect, it } from "vitest";
import {
  DIAGNOSTIC_CODES,
  parse,
  renderDiagnostic,
  renderDiagnostics,
} from "../../language/index.js";

describe("diagnostic renderer", () => {
  it("renders rustc-style with gutter, caret and help", () => {
    const src = "let a = 1\nlet x = a && b\n";
    const [d] = parse(src, "f.veld").diagnostics;
    expect(renderDiagnostic(d!, src, "f.veld")).toBe(
      [
        "f.veld:2:11: error[E0111]: `&&` is not a Veld operator",
        "  |",
        "2 | let x = a && b",
        "  |           ^^",
        "  = help: `&&` is not Veld; use `and`",
      ].join("\n"),
    );
  });

  it("aligns carets after tabs and wide characters", () => {
    const src = '\t"é" @';
    const [d] = parse(src).diagnostics;
    expect(renderDiagnostic(d!, src, "u.veld").split("\n")[3]).toBe("  | \t    ^");
  });

  it("joins several diagnostics with blank lines", () => {
    const src = "a @ b @";
    expect(renderDiagnostics(parse(src).diagnostics, src, "x").split("\n\n")).toHaveLength(2);
  });

  it("documents every code in spec/language.md", async () => {
    const { readFileSync } = await import("node:fs");
    const spec = readFileSync(new URL("../../spec/language.md", import.meta.url), "utf8");
    for (const code of Object.keys(DIAGNOSTIC_CODES)) expect(spec).toContain(code);
  });
});
