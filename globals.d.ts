// The portable code (format/, runtime/) compiles without Node or DOM types; these are the
// only host APIs it may touch, available in every browser and in Node >= 20.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
