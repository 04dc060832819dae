// A precompiled library as the compiler sees it (spec/language.md §11.6): the declarations of
// its EXPORTS, as Veld source without bodies, which the resolver checks imports against like
// any module's `pub` items. The compiler then imports those items instead of compiling them.

import type { Module } from "../format/module.js";
import { isIdentifierText } from "../language/tokens.js";

/** A name the interface can declare: an identifier, not a keyword (else it cannot be imported). */
const IDENT = { test: isIdentifierText };

/**
 * The interface of a library (a module with EXPORTS): its module name and one declaration per
 * export — `pub fn f(a0, a1);`, `pub let c = ()`, a struct with its fields, an enum with its
 * variants and their payload counts. Methods are not declared: instance method calls are
 * looked up on the value at run time, so they work on the library's types without it.
 */
export function libraryInterface(module: Module): { name: string; source: string } {
  const exports = module.exports!;
  const str = (i: number) => module.strings[i]!;
  const lines: string[] = [];
  for (const item of exports.items) {
    const name = str(item.name);
    if (!IDENT.test(name)) continue;
    if (item.kind === "function") {
      const params = Array.from({ length: item.arity ?? 0 }, (_, i) => `a${i}`);
      lines.push(`pub fn ${name}(${params.join(", ")});`);
    } else if (item.kind === "constant") {
      lines.push(`pub let ${name} = ()`);
    } else {
      const t = module.types[item.index]!;
      if (t.kind === "struct" && item.kind === "struct") {
        const fields = t.fields.map(str);
        if (!fields.every((f) => IDENT.test(f))) continue;
        lines.push(`pub struct ${name}(${fields.map((f) => `${f}: any`).join(", ")});`);
      } else if (t.kind === "enum" && item.kind === "enum") {
        const variants = t.variants.map((v) => ({ name: str(v.name), arity: v.arity }));
        if (!variants.every((v) => IDENT.test(v.name))) continue;
        lines.push(`pub enum ${name}`);
        for (const v of variants)
          lines.push(
            v.arity === 0 ? `  ${v.name}` : `  ${v.name}(${Array(v.arity).fill("any").join(", ")})`,
          );
        lines.push("end");
      }
    }
  }
  return { name: str(exports.module), source: lines.join("\n") + "\n" };
}
