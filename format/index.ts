// Public API of format/: the opcode table, instruction encoding, the Module model, the `.veldc`
// container (spec/format.md) writer, reader and verifier.

import { readModule } from "./reader.js";
import { verifyModule } from "./verifier.js";
import type { Module } from "./module.js";

export * from "./opcodes.js";
export { Op } from "./op.js";
export * from "./instruction.js";
export * from "./module.js";
export * from "./errors.js";
export { crc32 } from "./crc32.js";
export {
  ConstantTag,
  CHECKSUM_OFFSET,
  FLAG_HAS_DEBUG,
  HEADER_SIZE,
  MAGIC,
  SECTION_NAMES,
  SectionId,
  TypeKind,
} from "./container.js";
export { writeModule } from "./writer.js";
export { readModule } from "./reader.js";
export type {
  DebugLayout,
  FunctionDebugLayout,
  FunctionLayout,
  ItemLayout,
  ModuleLayout,
  SectionLayout,
  TypeLayout,
} from "./reader.js";
export { LIMITS, verifyModule } from "./verifier.js";
export { stripDebug } from "./strip.js";

/** Read and verify: the module a runtime may execute, or the first FormatError. */
export function readVerifiedModule(bytes: Uint8Array): Module {
  const { module, layout } = readModule(bytes);
  verifyModule(module, layout);
  return module;
}
export { NATIVE_SIGNATURES, nativeArity, type NativeSignature } from "./natives.js";
