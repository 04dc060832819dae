// The Node front end of `veldc repl`: reads lines (node:readline, with history on a TTY),
// gathers multi-line input until the construct is complete, runs `:` commands and hands
// complete inputs to a ReplSession. On a pipe it reads the script silently (no prompts).

import { readFileSync, appendFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { isIncomplete, ReplSession } from "./session.js";

export const REPL_HELP = `Commands:
  :help             this help
  :dis <expr>       show the bytecode of an expression (compiled as a function)
  :load <file>      run a .veld file in the session (its definitions stay)
  :reset            forget every definition
  :quit             leave (also Ctrl-D)
Input ends when every construct is closed (fn … end, if … end, brackets); a final
expression's value is printed. Definitions and variables persist between inputs.
`;

const HISTORY_SIZE = 1000;

export interface TerminalOptions {
  readonly maxSteps?: number;
  readonly maxDepth?: number;
  /** History file for TTY sessions; default ~/.veld_history, "" to keep none. */
  readonly historyFile?: string;
}

export async function runRepl(options: TerminalOptions = {}): Promise<number> {
  const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const historyFile = options.historyFile ?? (tty ? join(homedir(), ".veld_history") : "");
  const out = {
    write: (text: string) => void process.stdout.write(text),
    writeErr: (text: string) => void process.stderr.write(text),
  };
  const session = new ReplSession(out, {
    maxSteps: options.maxSteps,
    maxDepth: options.maxDepth,
  });
  const rl = createInterface({
    input: process.stdin,
    output: tty ? process.stdout : undefined,
    terminal: tty,
    history: tty ? loadHistory(historyFile) : [],
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
  });
  const prompt = (continuing: boolean) => {
    if (!tty) return;
    rl.setPrompt(continuing ? "  ... " : "veld> ");
    rl.prompt();
  };
  if (tty) out.write("Veld REPL — :help for commands, :quit or Ctrl-D to leave\n");

  // The VM runs synchronously, so nothing can interrupt it from JS. Leaving raw mode while an
  // input runs lets Ctrl-C reach the process as SIGINT and end a runaway program (and the
  // REPL with it) instead of waiting unread in the terminal.
  const interruptible = (run: () => void) => {
    if (tty) process.stdin.setRawMode(false);
    try {
      run();
    } finally {
      if (tty) process.stdin.setRawMode(true);
    }
  };

  let buffer = "";
  // Ctrl-C drops a half-typed input instead of leaving.
  rl.on("SIGINT", () => {
    buffer = "";
    out.write("\n");
    prompt(false);
  });
  prompt(false);
  for await (const line of rl) {
    if (tty && historyFile && line.trim() !== "") saveHistory(historyFile, line);
    if (buffer === "" && line.trimStart().startsWith(":")) {
      let more = true;
      interruptible(() => (more = command(line.trim(), session, out)));
      if (!more) break;
      prompt(false);
      continue;
    }
    buffer = buffer === "" ? line : `${buffer}\n${line}`;
    if (isIncomplete(buffer)) {
      prompt(true);
      continue;
    }
    const input = buffer;
    interruptible(() => session.eval(input));
    buffer = "";
    prompt(false);
  }
  // End of input inside an open construct: report what is missing.
  if (buffer.trim() !== "") session.eval(buffer);
  if (tty) out.write("\n");
  rl.close();
  return 0;
}

/** Runs a `:` command; false means leave. */
function command(
  line: string,
  session: ReplSession,
  out: { write(t: string): void; writeErr(t: string): void },
): boolean {
  const space = line.search(/\s/);
  const name = space < 0 ? line : line.slice(0, space);
  const arg = space < 0 ? "" : line.slice(space + 1).trim();
  switch (name) {
    case ":q":
    case ":quit":
    case ":exit":
      return false;
    case ":h":
    case ":help":
    case ":?":
      out.write(REPL_HELP);
      return true;
    case ":reset":
      session.reset();
      out.write("session cleared\n");
      return true;
    case ":dis": {
      if (arg === "") out.writeErr("usage: :dis <expr>\n");
      else {
        const listing = session.disassemble(arg);
        if (listing !== undefined) out.write(listing);
      }
      return true;
    }
    case ":load": {
      if (arg === "") {
        out.writeErr("usage: :load <file.veld>\n");
        return true;
      }
      let text: string;
      try {
        text = readFileSync(arg, "utf8");
      } catch (err) {
        out.writeErr(`error: cannot read ${arg}: ${(err as Error).message}\n`);
        return true;
      }
      session.eval(text, arg);
      return true;
    }
    default:
      out.writeErr(`error: unknown command ${name} (try :help)\n`);
      return true;
  }
}

function loadHistory(file: string): string[] {
  if (!file) return [];
  try {
    // readline wants the newest entry first.
    return readFileSync(file, "utf8").split("\n").filter(Boolean).slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

function saveHistory(file: string, line: string): void {
  try {
    appendFileSync(file, line.replace(/\n/g, " ") + "\n");
  } catch {
    // A read-only home directory only costs the history.
  }
}
