// No tracked file may refer to anything outside the repository (spec/README.md): the spec and
// the code cite spec/ and docs/, never a machine path or a document that only existed on the
// machine the project started on.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");

// Spelled in pieces so that this file does not match itself.
const OUTSIDE = [
  ["decisions", ".md"],
  ["..", "/shared"],
  ["/wo", "rk/"],
  ["shared/", "research"],
].map((parts) => parts.join(""));

/** Text files only: a binary's bytes may spell anything by chance. */
function trackedTextFiles(): string[] {
  const out = execFileSync("git", ["grep", "-I", "--name-only", "-e", ""], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return out.split("\n").filter(Boolean);
}

describe("the repository is self-contained", () => {
  it("no tracked file refers to a path or document outside it", () => {
    const offending: string[] = [];
    for (const file of trackedTextFiles()) {
      const text = readFileSync(join(ROOT, file), "utf8");
      text.split("\n").forEach((line, i) => {
        for (const needle of OUTSIDE) {
          if (line.includes(needle)) offending.push(`${file}:${i + 1}: ${needle}`);
        }
      });
    }
    expect(offending).toEqual([]);
  });

  it("the spec index lists every document of spec/", () => {
    const index = readFileSync(join(ROOT, "spec/README.md"), "utf8");
    const documents = execFileSync("git", ["ls-files", "spec"], { cwd: ROOT, encoding: "utf8" })
      .split("\n")
      .filter((f) => f.endsWith(".md") && f !== "spec/README.md");
    for (const doc of documents) expect(index).toContain(`(${doc.slice("spec/".length)})`);
  });
});
