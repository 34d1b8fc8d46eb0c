/**
 * The command line: one command, its positional arguments and its flags, parsed by
 * node:util's parseArgs (strict), with messages that say which flag of which command is
 * wrong and suggest the nearest one.
 */
import { parseArgs } from "node:util";
import { nearest } from "../input/checks.js";
import { NUMBER } from "./encode.js";
import { usage } from "./errors.js";

type Flag = { type: "string" | "boolean"; short?: string };
/** The part of parseArgs' tokens read here. */
type Token = { kind: string; name?: string; value?: string };

/** Each command's positional arguments and flags (--help/-h on every one). */
export const COMMANDS = {
  fit: {
    positionals: ["data"],
    flags: {
      target: { type: "string", short: "t" },
      features: { type: "string" },
      categorical: { type: "string" },
      "drop-missing": { type: "boolean" },
      l2: { type: "string" },
      l1: { type: "string" },
      solver: { type: "string" },
      standardize: { type: "boolean" },
      "class-weight": { type: "string" },
      "max-iter": { type: "string" },
      tol: { type: "string" },
      output: { type: "string", short: "o" },
      plot: { type: "string" },
    },
  },
  predict: {
    positionals: ["model", "data"],
    flags: { proba: { type: "boolean" }, output: { type: "string", short: "o" }, "ignore-unseen": { type: "boolean" } },
  },
  evaluate: {
    positionals: ["model", "data"],
    flags: { target: { type: "string", short: "t" }, plot: { type: "string" }, "drop-missing": { type: "boolean" }, "ignore-unseen": { type: "boolean" } },
  },
  summary: { positionals: ["model"], flags: { robust: { type: "boolean" } } },
} as const satisfies Record<string, { positionals: readonly string[]; flags: Record<string, Flag> }>;

export type CommandName = keyof typeof COMMANDS;

export interface Parsed {
  command: CommandName;
  positionals: string[];
  flags: Record<string, string | boolean | undefined>;
  help: boolean;
}

/** Parse argv (without node and the script). */
export function parseCommandLine(argv: readonly string[]): Parsed | { help: true; command?: undefined } | { version: true } {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") return { help: true };
  if (name === "--version" || name === "-v") return { version: true };
  if (!(name in COMMANDS)) {
    const guess = nearest(name, Object.keys(COMMANDS));
    usage(`unknown command ${JSON.stringify(name)}${guess ? ` (did you mean ${guess}?)` : ""}; commands: ${Object.keys(COMMANDS).join(", ")} (see --help)`);
  }
  const command = name as CommandName;
  const spec = COMMANDS[command];
  const options = { ...spec.flags, help: { type: "boolean", short: "h" } } as Record<string, Flag>;
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  let tokens: Token[];
  try {
    ({ values, positionals, tokens } = parseArgs({ args: [...rest], options, allowPositionals: true, strict: true, tokens: true }) as {
      values: Record<string, string | boolean | undefined>;
      positionals: string[];
      tokens: Token[];
    });
  } catch (e) {
    usage(explain(command, e as Error & { code?: string }, Object.keys(options)));
  }
  repeatedFlag(command, tokens);
  const help = values.help === true;
  if (!help) {
    if (positionals.length < spec.positionals.length) {
      usage(`${command} needs ${spec.positionals.map((p) => `<${p}>`).join(" ")}; missing <${spec.positionals[positionals.length]}> (see ${command} --help)`);
    }
    if (positionals.length > spec.positionals.length) usage(`${command} takes ${spec.positionals.length} argument(s); unexpected ${JSON.stringify(positionals[spec.positionals.length])}`);
  }
  return { command, positionals, flags: values, help };
}

/**
 * A flag with a value given twice (`-t a -t y`): parseArgs keeps the last value and says
 * nothing, so the first would be ignored silently; the command line is refused instead,
 * naming the flag. A switch given twice (`--standardize --standardize`) means what it says once.
 */
function repeatedFlag(command: string, tokens: readonly Token[]): void {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== "option" || token.name === undefined || token.value === undefined) continue;
    if (seen.has(token.name)) usage(`option --${token.name} of ${command} is given more than once; give it once`);
    seen.add(token.name);
  }
}

/** parseArgs' messages, reworded to name the command and suggest a flag. */
function explain(command: string, e: Error & { code?: string }, flags: string[]): string {
  // parseArgs quotes the option as '--name', '-n' or '-n, --name <value>': take the long name.
  const quoted = /'([^']+)'/.exec(e.message)?.[1] ?? "";
  const option = /--[\w-]+/.exec(quoted)?.[0] ?? /-\w/.exec(quoted)?.[0];
  if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) {
    const guess = nearest(option.replace(/^-+/, ""), flags);
    return `unknown option ${option} for ${command}${guess ? ` (did you mean --${guess}?)` : ""} (see ${command} --help)`;
  }
  if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) {
    if (/argument missing/.test(e.message)) return `option ${option} of ${command} needs a value`;
    if (/ambiguous/.test(e.message)) return `option ${option} of ${command}: write a value that starts with "-" as ${option}=-1`;
    return `option ${option} of ${command} takes no value`;
  }
  return `${command}: ${e.message}`;
}

/** A flag's value as a number (for --l2, --tol, …), or a usage error naming the flag. */
export function numberFlag(flags: Parsed["flags"], name: string): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  // Decimal only, as in the data files: Number() would also take "0x10", "0b1" and "0o7".
  const decimal = typeof v === "string" && NUMBER.test(v.trim());
  const n = decimal ? Number(v) : NaN;
  if (decimal && !Number.isFinite(n)) usage(`--${name} is ${JSON.stringify(v)}, beyond the range of float64 (about ±1.8e308)`);
  if (!Number.isFinite(n)) usage(`--${name} must be a number, got ${JSON.stringify(v)}`);
  return n;
}

/** A comma-separated list flag (--features a,b,c). */
export function listFlag(flags: Parsed["flags"], name: string): string[] | undefined {
  const v = flags[name];
  if (typeof v !== "string") return undefined;
  const items = v.split(",").map((s) => s.trim());
  if (items.some((s) => s === "")) usage(`--${name} must be a comma-separated list of column names, got ${JSON.stringify(v)}`);
  const twice = items.find((s, i) => items.indexOf(s) !== i);
  if (twice !== undefined) usage(`--${name} lists ${JSON.stringify(twice)} twice`);
  return items;
}
