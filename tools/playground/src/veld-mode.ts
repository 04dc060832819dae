// Veld highlighting for CodeMirror 6: a stream tokenizer over the lexer's own keyword and
// reserved-word lists (language/tokens.ts), so the editor colours exactly the words the
// lexer treats as keywords. Comments (`# …`, `#[[ … ]]`), strings, chars, numbers, type-like
// capitalised names and operators are coloured too.

import { StreamLanguage, type StringStream } from "@codemirror/language";
import { KEYWORDS, RESERVED } from "../../../language/tokens.js";

const keywords: ReadonlySet<string> = new Set<string>(KEYWORDS);
const reserved: ReadonlySet<string> = new Set<string>(RESERVED);
const atoms = new Set(["true", "false", "self"]);

interface State {
  /** Inside a `#[[ … ]]` block comment (depth) or a string that continues on the next line. */
  comment: number;
  string: boolean;
}

function stringBody(stream: StringStream, state: State): string {
  while (!stream.eol()) {
    const ch = stream.next();
    if (ch === "\\") stream.next();
    else if (ch === '"') {
      state.string = false;
      return "string";
    }
  }
  state.string = true;
  return "string";
}

export const veldLanguage = StreamLanguage.define<State>({
  name: "veld",
  startState: () => ({ comment: 0, string: false }),
  token(stream, state) {
    if (state.comment > 0) {
      while (!stream.eol()) {
        if (stream.match("#[[")) state.comment++;
        else if (stream.match("]]")) {
          if (--state.comment === 0) break;
        } else stream.next();
      }
      return "blockComment";
    }
    if (state.string) return stringBody(stream, state);
    if (stream.eatSpace()) return null;
    if (stream.match("#[[")) {
      state.comment = 1;
      return "blockComment";
    }
    if (stream.peek() === "#") {
      stream.skipToEnd();
      return "lineComment";
    }
    if (stream.match(/^~?"/)) return stringBody(stream, state);
    if (stream.match(/^'(\\.|\\u\{[0-9a-fA-F]+\}|[^'\\])'/)) return "character";
    if (stream.match(/^0[xX][0-9a-fA-F_]+|^0[bB][01_]+|^\d[\d_]*(\.\d[\d_]*)?([eE][+-]?\d+)?/))
      return "number";
    const word = stream.match(/^[A-Za-z_][A-Za-z0-9_]*/) as RegExpMatchArray | null;
    if (word) {
      const w = word[0];
      if (atoms.has(w)) return "atom";
      if (keywords.has(w)) return "keyword";
      if (reserved.has(w)) return "invalid";
      if (/^[A-Z]/.test(w)) return "typeName";
      if (stream.peek() === "(") return "variableName.function";
      return "variableName";
    }
    if (stream.match(/^(\.\.=|\.\.|=>|->|==|!=|<=|>=|\*\^|[-+*\/%<>=!&|^~?:])/)) return "operator";
    stream.next();
    return "punctuation";
  },
  languageData: { commentTokens: { line: "#" } },
});
