// `--strip` (spec/format.md §7): drops the DEBUG section and nothing else, so a stripped file
// differs from the original only in the header flags, checksum, directory and that section.

import type { Module } from "./module.js";

export function stripDebug(m: Module): Module {
  const { debug: _dropped, ...rest } = m;
  return rest;
}
