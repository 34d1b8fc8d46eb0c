/** The CLI's streams and files: where output goes, how models are read. */
import { readFile, writeFile } from "node:fs/promises";
import { LogisticRegression, SoftmaxRegressionError } from "../index.js";
import { CliError, fail } from "./errors.js";
import { utf8Text } from "./data/read-data.js";
import type { ProgressStream } from "./report/progress.js";

/** The streams a command writes to (process.stdout/stderr, or test doubles). */
export interface Io {
  stdout: ProgressStream;
  stderr: ProgressStream;
}

/** A model saved by fit (or by the library's toJSON), checked by fromJSON. */
export async function loadModel(file: string): Promise<LogisticRegression> {
  let text: string;
  try {
    text = utf8Text(file, await readFile(file));
  } catch (e) {
    if (e instanceof CliError) throw e;
    fail(`cannot read model file ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  try {
    return LogisticRegression.fromJSON(text);
  } catch (e) {
    if (e instanceof SoftmaxRegressionError) fail(`${file} is not a usable model: ${e.message}`);
    throw e;
  }
}

/** Write `text` to `file`, or to stdout without one. */
export async function writeOutput(file: string | undefined, text: string, io: Io): Promise<void> {
  if (file === undefined) {
    io.stdout.write(text);
    return;
  }
  try {
    await writeFile(file, text);
  } catch (e) {
    fail(`cannot write ${file}: ${(e as Error).message}`);
  }
}
