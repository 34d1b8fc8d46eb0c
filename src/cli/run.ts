/**
 * The CLI without the process: parse the command line, run the command, and turn every
 * failure into one line on stderr and an exit code (0 done, 1 bad data or model, 2 bad
 * usage). Tests call it in-process; main.ts is the bin.
 */
import { SoftmaxRegressionError, VERSION } from "../index.js";
import { parseCommandLine, type CommandName, type Parsed } from "./args.js";
import { fitCommand } from "./commands/fit.js";
import { predictCommand } from "./commands/predict.js";
import { summaryCommand } from "./commands/summary.js";
import { evaluateCommand } from "./commands/evaluate.js";
import { CliError } from "./errors.js";
import { COMMAND_HELP, MAIN_HELP } from "./help.js";
import type { Io } from "./io.js";

const RUN: Record<CommandName, (parsed: Parsed, io: Io) => Promise<void>> = {
  fit: fitCommand,
  predict: predictCommand,
  evaluate: evaluateCommand,
  summary: summaryCommand,
};

/** Run one command line; resolves to the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  try {
    const parsed = parseCommandLine(argv);
    if ("version" in parsed) {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (parsed.help) {
      io.stdout.write(parsed.command ? COMMAND_HELP[parsed.command] : MAIN_HELP);
      return 0;
    }
    await RUN[parsed.command](parsed, io);
    return 0;
  } catch (e) {
    const code = e instanceof CliError ? e.exitCode : 1;
    const message = e instanceof CliError || e instanceof SoftmaxRegressionError ? e.message : `unexpected error: ${(e as Error)?.message ?? String(e)}`;
    // One line, and no control characters: a message may quote bytes of a hostile file
    // (JSON.parse does), which must not reach the terminal as escape sequences.
    const line = message.replace(/\s*\n\s*/g, " ").replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    io.stderr.write(`softmax-regression: ${line}\n`);
    return code;
  }
}
