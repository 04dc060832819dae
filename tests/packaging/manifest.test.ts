// package.json as consumers meet it: installing the package runs no script (npm warns about
// install scripts; the build runs in `prepack`, so the tarball ships built files), every
// dependency is used, and packed tarballs are not committed by accident.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The text of every source and config file outside node_modules, dist and package*.json. */
function sources(dir = root, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (
      [
        "node_modules",
        "dist",
        ".git",
        "test-vectors",
        "package.json",
        "package-lock.json",
      ].includes(name)
    )
      continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.(ts|mts|mjs|js|json|html)$/.test(name) || name === "run") {
      out.push(readFileSync(path, "utf8"));
    }
  }
  return out;
}

describe("package.json", () => {
  it("runs no script when the package is installed; prepack builds", () => {
    for (const hook of ["preinstall", "install", "postinstall", "prepare"]) {
      expect(pkg.scripts[hook]).toBeUndefined();
    }
    expect(pkg.scripts.prepack).toBe("tsup");
  });

  const text = sources().join("\n");
  const imported = (name: string) =>
    text.includes(`from "${name}`) ||
    text.includes(`import("${name}`) ||
    text.includes(`"${name}"`);

  it.each(Object.keys(pkg.dependencies))("dependency %s is imported", (name) => {
    expect(imported(name)).toBe(true);
  });
  /** The commands a package installs (its package.json `bin`). */
  const bins = (name: string): string[] => {
    const { bin } = JSON.parse(
      readFileSync(join(root, "node_modules", name, "package.json"), "utf8"),
    ) as { bin?: string | Record<string, string> };
    return bin === undefined ? [] : typeof bin === "string" ? [name] : Object.keys(bin);
  };
  const scripts = Object.values(pkg.scripts).join("\n");

  it.each(Object.keys(pkg.devDependencies))("devDependency %s is used", (name) => {
    const types = /^@types\/(.*)$/.exec(name)?.[1];
    if (types === "node") expect(text).toContain('from "node:');
    else if (types !== undefined) expect(imported(types)).toBe(true);
    else {
      const command = bins(name).some((b) =>
        new RegExp(`(^|[\\s&;])(npx )?${b}\\b`, "m").test(scripts),
      );
      expect(imported(name) || command).toBe(true);
    }
  });

  it("keeps npm pack's tarballs out of git", () => {
    expect(readFileSync(join(root, ".gitignore"), "utf8").split("\n")).toContain("*.tgz");
  });
});
