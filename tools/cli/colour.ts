// Colour for diagnostics on a terminal, as rustc and cargo do it: `error` bold red, `warning`
// bold yellow, the gutter and `= help` bold blue, carets bold red, the message bold. Colour is
// on when standard error is a terminal, off when NO_COLOR is set (no-color.org) or TERM is
// `dumb`, and forced on by FORCE_COLOR (FORCE_COLOR=0 forces it off). Text is coloured after
// rendering, line by line, so every renderer (compiler, assembler, runtime, usage) gets it.

import { isatty } from "node:tty";
import picocolors from "picocolors";

export function colourWanted(env: NodeJS.ProcessEnv = process.env, tty = isatty(2)): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return tty && env.TERM !== "dumb";
}

/** `text` (diagnostics or an error report) with terminal colours when `on`. */
export function paint(text: string, on = colourWanted()): string {
  if (!on) return text;
  const c = picocolors.createColors(true);
  const header = /^(.*?)\b(error|warning)(\[[\w]+\])?(:| at )(.*)$/;
  return text
    .split("\n")
    .map((line) => {
      const h = header.exec(line);
      if (h && !line.startsWith(" ")) {
        const [, where, level, code = "", sep, rest] = h;
        const tint = level === "error" ? c.red : c.yellow;
        return `${where}${c.bold(tint(level + code))}${c.bold(sep + rest)}`;
      }
      const caret = /^(\s*\|)(\s*)(\^+)\s*$/.exec(line);
      if (caret) return `${c.bold(c.blue(caret[1]!))}${caret[2]}${c.bold(c.red(caret[3]!))}`;
      const gutter = /^(\s*\d*\s\|)(.*)$/.exec(line);
      if (gutter) return `${c.bold(c.blue(gutter[1]!))}${gutter[2]}`;
      const help = /^(\s*= )(help|note)(:.*)$/.exec(line);
      if (help) return `${c.bold(c.blue(help[1]!))}${c.bold(help[2]!)}${help[3]}`;
      return line;
    })
    .join("\n");
}
