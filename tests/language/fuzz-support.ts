// Token vocabulary for the fuzz tests: every keyword and punctuation mark plus literals.
export { check, parse, printProgram } from "../../language/index.js";
import { KEYWORDS, PUNCTUATION, RESERVED } from "../../language/tokens.js";

export const KEYWORDS_FOR_FUZZ: readonly string[] = [
  ...KEYWORDS,
  ...PUNCTUATION,
  ...RESERVED,
  "x",
  "y",
  "_",
  "P",
  "E.V",
  "Some",
  "None",
  "1",
  "-2",
  "3.5",
  '"s"',
  '"{x}"',
  "'c'",
  "#",
  "#[[",
  "]]",
  "&&",
  "||",
  "**",
  "println~",
  "\n",
  "elif",
  "@",
  "é",
];
