// Cheap greedy minimization of a text finding: drop lines, then (for `.veld`) single
// tokens-separated-by-spaces chunks, keeping each removal that leaves the finding's signature
// unchanged. Bounded by a number of attempts, so it never dominates a campaign. Bytes are
// not minimized (the mutation note already names the few changed offsets).

import { runInput, signature, type Input, type OracleOptions } from "./oracle.js";

export function minimize(input: Input, sig: string, oracle: OracleOptions, budget = 120): Input {
  if (typeof input.data !== "string") return input;
  let attempts = 0;
  const same = (text: string): boolean => {
    attempts++;
    return signature(runInput({ ...input, data: text }, oracle)) === sig;
  };
  const shrink = (parts: string[], join: string): string[] => {
    let chunk = Math.max(1, Math.floor(parts.length / 4));
    while (chunk >= 1 && attempts < budget) {
      let removed = false;
      for (let i = 0; i + chunk <= parts.length && attempts < budget;) {
        const candidate = [...parts.slice(0, i), ...parts.slice(i + chunk)];
        if (same(candidate.join(join))) {
          parts = candidate;
          removed = true;
        } else i += chunk;
      }
      if (!removed) chunk = Math.floor(chunk / 2);
    }
    return parts;
  };
  let lines = shrink(input.data.split("\n"), "\n");
  if (input.kind === "veld") {
    lines = shrink(lines.join("\n").split(/(?<= )/), "");
    return { ...input, data: lines.join("") };
  }
  return { ...input, data: lines.join("\n") };
}
