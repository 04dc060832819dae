// The one command-line parser of every tool (spec/cli.md §1): options are `--name`,
// `--name=value`, `--name value`, the short spellings a command declares (`-o FILE`, `-O0`)
// and `--no-name` for booleans that default to true; `-` is an ordinary word (stdin or
// stdout); `--` ends the options. A command that runs a program (`veld`, `veldc run`) stops
// parsing at the program file: every word after it belongs to the program, as with
// `lua script.lua args` and `node script.js args`. Unknown options, missing values and
// malformed numbers are usage errors (exit 2) that name the option. Kept free of
// dependencies: `veld`'s start-up time is part of its contract.

import { FORMAT_MAJOR, FORMAT_MINOR } from "../../format/module.js";
import { version } from "../../package.json";
import { CliExit, EXIT_OK, EXIT_USAGE } from "./io.js";

export interface OptionSpec {
  /** `strings` may be given several times and collects every value. */
  readonly type: "boolean" | "string" | "number" | "strings";
  readonly describe: string;
  /** How the option is spelled; default `--KEY`. */
  readonly flags?: readonly string[];
  /** The value's name in the help text (`--max-steps N`). */
  readonly value?: string;
  /** A boolean defaulting to true, turned off with `--no-KEY`. */
  readonly negatable?: boolean;
  readonly hidden?: boolean;
}

export interface CommandSpec {
  /** The command as typed (`veldc run`), for messages and the help text. */
  readonly name: string;
  /** The synopsis after the name, e.g. `[options] FILE.veld [args…]`. */
  readonly synopsis: string;
  readonly about: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Required positional words, in order. */
  readonly positionals?: readonly string[];
  /** Optional positional words after the required ones. */
  readonly optional?: readonly string[];
  /** After the last positional, every word goes to `rest`, options included. */
  readonly rest?: boolean;
}

type ValueOf<S extends OptionSpec> = S["type"] extends "boolean"
  ? boolean
  : S["type"] extends "number"
    ? number
    : S["type"] extends "strings"
      ? string[]
      : string;

export interface Parsed<O extends Record<string, OptionSpec>> {
  readonly values: { [K in keyof O]?: ValueOf<O[K]> };
  /** Positional words by name (required ones are always present). */
  readonly positionals: Readonly<Record<string, string>>;
  readonly rest: string[];
}

/** Options every tool accepts. */
const COMMON: Readonly<Record<string, OptionSpec>> = {
  help: { type: "boolean", flags: ["-h", "--help"], describe: "show this help" },
  version: { type: "boolean", describe: "show the version" },
  "debug-internal": {
    type: "boolean",
    describe: "show JS stack traces of internal errors",
    hidden: true,
  },
};

/** `veldc 0.1.0 (bytecode format 1.0)`: the package version and the format it writes/reads. */
export function versionLine(tool: string): string {
  return `${tool} ${version} (bytecode format ${FORMAT_MAJOR}.${FORMAT_MINOR})\n`;
}

export function usageError(command: string, message: string): never {
  throw new CliExit(EXIT_USAGE, `error: ${message}\nTry '${command} --help'.`);
}

function flagsOf(key: string, spec: OptionSpec): readonly string[] {
  return spec.flags ?? [`--${key}`];
}

export function helpText(spec: CommandSpec): string {
  const rows: [string, string][] = [];
  for (const [key, o] of Object.entries({ ...spec.options, ...COMMON })) {
    if (o.hidden) continue;
    const flags = flagsOf(key, o).join(", ");
    const value = o.type === "boolean" ? "" : ` ${o.value ?? "VALUE"}`;
    rows.push([o.negatable ? `--[no-]${key}` : `${flags}${value}`, o.describe]);
  }
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  const options = rows.map(([l, d]) => `  ${l.padEnd(width)}${d}`).join("\n");
  return `Usage: ${spec.name} ${spec.synopsis}\n\n${spec.about}\n\nOptions:\n${options}\n`;
}

/** Levenshtein distance, to suggest the option a typo meant. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        prev[j]! + 1,
        row[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * Parses `argv` for `spec`. `--help` and `--version` end the tool with exit 0 through a
 * CliExit, whose message runTool writes to stdout.
 */
export function parseCommand<O extends Record<string, OptionSpec>>(
  spec: CommandSpec & { options: O },
  argv: readonly string[],
): Parsed<O> {
  const all: Record<string, OptionSpec> = { ...spec.options, ...COMMON };
  const byFlag = new Map<string, [string, OptionSpec, boolean]>();
  for (const [key, o] of Object.entries(all)) {
    for (const f of flagsOf(key, o)) byFlag.set(f, [key, o, false]);
    if (o.negatable) byFlag.set(`--no-${key}`, [key, o, true]);
  }
  const values: Record<string, unknown> = {};
  for (const [key, o] of Object.entries(all)) if (o.negatable) values[key] = true;
  const names = [...(spec.positionals ?? []), ...(spec.optional ?? [])];
  const words: string[] = [];
  const rest: string[] = [];
  const fail = (message: string): never => usageError(spec.name, message);

  let i = 0;
  let optionsEnded = false;
  let restStart = -1;
  while (i < argv.length) {
    const arg = argv[i++]!;
    if (restStart >= 0) {
      // The program's words; a `--` right after the file (the older spelling) is dropped.
      if (!(arg === "--" && i - 1 === restStart)) rest.push(arg);
      continue;
    }
    if (optionsEnded || arg === "-" || !arg.startsWith("-")) {
      if (words.length === names.length) fail(`unexpected argument '${arg}'`);
      words.push(arg);
      if (spec.rest && words.length === names.length) restStart = i;
      continue;
    }
    if (arg === "--") {
      optionsEnded = true;
      continue;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    const found = byFlag.get(flag);
    if (found === undefined) {
      const near = [...byFlag.keys()]
        .filter((f) => !all[f.replace(/^--?(no-)?/, "")]?.hidden)
        .map((f) => [f, distance(flag, f)] as const)
        .filter(([, d]) => d <= 2)
        .sort((a, b) => a[1] - b[1])[0];
      fail(`unknown option '${flag}'${near ? ` (did you mean '${near[0]}'?)` : ""}`);
    }
    const [key, o, negated] = found!;
    if (o.type === "boolean") {
      if (eq >= 0) fail(`option '${flag}' takes no value`);
      values[key] = !negated;
      continue;
    }
    let text: string;
    if (eq >= 0) text = arg.slice(eq + 1);
    else if (i < argv.length && !argv[i]!.startsWith("--")) text = argv[i++]!;
    else fail(`option '${flag}' needs a value${o.value ? ` (${flag} ${o.value})` : ""}`);
    if (o.type === "number") {
      const n = Number(text!);
      if (text!.trim() === "" || !Number.isFinite(n)) {
        fail(`option '${flag}' needs a number, got '${text!}'`);
      }
      values[key] = n;
    } else if (o.type === "strings") {
      values[key] = [...((values[key] as string[] | undefined) ?? []), text!];
    } else {
      values[key] = text!;
    }
  }
  if (values.help) throw new CliExit(EXIT_OK, helpText(spec));
  if (values.version) throw new CliExit(EXIT_OK, versionLine(spec.name.split(" ")[0]!));
  const required = spec.positionals ?? [];
  if (words.length < required.length) fail(`missing ${required[words.length]}`);
  const positionals: Record<string, string> = {};
  names.forEach((name, k) => {
    if (words[k] !== undefined) positionals[name] = words[k];
  });
  return { values: values as Parsed<O>["values"], positionals, rest };
}
