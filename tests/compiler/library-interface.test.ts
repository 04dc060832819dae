// What the compiler declares for a precompiled library (spec/language.md §11.6): one line per
// export, as Veld source the resolver checks imports against; an export whose name (or field
// or variant name) is no identifier cannot be imported, so it is left out.
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/index.js";
import { libraryInterface } from "../../compiler/library-interface.js";
import { readModule, type Module } from "../../format/index.js";

const SOURCE = `pub struct Point(x: i64, y: i64);
pub enum Shape
  Square(i64)
  Pair(i64, i64)
  Dot
end
pub fn area(s) => 1
pub fn none() => 0
pub fn three(a, b, c) => a
pub let ORIGIN = 1
`;

const library = (): Module => {
  const r = compileSource(SOURCE, { fileName: "geo.veld", library: "geo" });
  expect(r.diagnostics).toEqual([]);
  return readModule(r.bytes!).module;
};

/** The module with the string `from` of its pool renamed to `to`. */
const renamed = (m: Module, from: string, to: string): Module => ({
  ...m,
  strings: m.strings.map((s) => (s === from ? to : s)),
});

const ALL = [
  "pub struct Point(x: any, y: any);",
  "pub enum Shape",
  "  Square(any)",
  "  Pair(any, any)",
  "  Dot",
  "end",
  "pub fn area(a0);",
  "pub fn none();",
  "pub fn three(a0, a1, a2);",
  "pub let ORIGIN = ()",
];
const without = (...drop: string[]) => ALL.filter((l) => !drop.includes(l)).join("\n") + "\n";

describe("libraryInterface", () => {
  it("declares each export: functions with their arity, constants, struct fields, variants", () => {
    expect(libraryInterface(library())).toEqual({ name: "geo", source: ALL.join("\n") + "\n" });
  });

  it("leaves out an export named by a keyword or a non-identifier", () => {
    expect(libraryInterface(renamed(library(), "none", "fn")).source).toBe(
      without("pub fn none();"),
    );
    expect(libraryInterface(renamed(library(), "ORIGIN", "the origin")).source).toBe(
      without("pub let ORIGIN = ()"),
    );
  });

  it("leaves out a struct with a field, or an enum with a variant, that is no identifier", () => {
    expect(libraryInterface(renamed(library(), "y", "y z")).source).toBe(
      without("pub struct Point(x: any, y: any);"),
    );
    const shape = ALL.slice(1, 6);
    expect(libraryInterface(renamed(library(), "Pair", "2nd")).source).toBe(without(...shape));
  });

  it("leaves out a struct or enum export whose type entry is of the other kind", () => {
    const m = library();
    const items = m.exports!.items.map((item) =>
      item.kind === "struct"
        ? { ...item, kind: "enum" as const }
        : item.kind === "enum"
          ? { ...item, kind: "struct" as const }
          : item,
    );
    expect(libraryInterface({ ...m, exports: { ...m.exports!, items } }).source).toBe(
      ALL.slice(6).join("\n") + "\n",
    );
  });

  it("declares a function export without an arity as taking none", () => {
    const m = library();
    const items = m.exports!.items.map(({ arity: _, ...item }) => item);
    expect(libraryInterface({ ...m, exports: { ...m.exports!, items } }).source).toContain(
      "pub fn three();\n",
    );
  });
});
