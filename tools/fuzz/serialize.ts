// Inputs cross the process boundary and land in reproducer files: bytes as base64.

import type { Input } from "./oracle.js";

export interface SerializedInput {
  readonly kind: Input["kind"];
  readonly text?: string;
  readonly base64?: string;
  readonly note: string;
  readonly optimize?: 0 | 1;
}

export function encodeInput(input: Input): SerializedInput {
  return typeof input.data === "string"
    ? { kind: input.kind, text: input.data, note: input.note, optimize: input.optimize }
    : { kind: input.kind, base64: Buffer.from(input.data).toString("base64"), note: input.note };
}

export function decodeInput(s: SerializedInput): Input {
  return {
    kind: s.kind,
    data: s.text ?? new Uint8Array(Buffer.from(s.base64 ?? "", "base64")),
    note: s.note,
    optimize: s.optimize,
  };
}

/** The reproducer file's extension. */
export function extensionOf(kind: Input["kind"]): string {
  return `.${kind}`;
}
