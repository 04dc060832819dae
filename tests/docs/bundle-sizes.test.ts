// The bundle sizes docs/shipping-bytecode.md quotes are measured, not typed: this fails when
// the runtime has grown or shrunk past the quoted KB (regenerate with
// `npx tsx tools/docs/bundle-sizes.ts --write`).

import { describe, expect, it } from "vitest";
import { quotedSentence, sizesSentence } from "../../tools/docs/bundle-sizes.js";

describe("docs/shipping-bytecode.md", () => {
  it("quotes the runtime's measured bundle sizes", async () => {
    expect(quotedSentence()).toBe(await sizesSentence());
  }, 120_000);
});
