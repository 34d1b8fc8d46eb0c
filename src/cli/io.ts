/** The CLI's streams and files: where output goes, how models are read. */
import { readFile, stat, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { LogisticRegression, SoftmaxRegressionError } from "../index.js";
import { CliError, fail, usage } from "./errors.js";
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

/**
 * Refuse (a usage error, before anything is read or written) an output that is one of the
 * command's inputs or another of its outputs: `fit data.csv -o data.csv` replaced the training
 * data by the model, `predict m.json d.csv -o m.json` the model by its predictions, and
 * `--plot` equal to `--output` the model by the plot. Files are compared as the same file
 * (device and inode: other spellings, links), new ones by their resolved path; devices such
 * as /dev/null may be named more than once.
 */
export async function refuseOverwrite(inputs: readonly unknown[], outputs: readonly (readonly [flag: string, file: unknown])[]): Promise<void> {
  const identity = async (file: string): Promise<string | undefined> => {
    try {
      const s = await stat(file);
      return s.isFile() ? `file ${s.dev}:${s.ino}` : s.isDirectory() ? `dir ${s.dev}:${s.ino}` : undefined;
    } catch {
      return `path ${resolve(file)}`;
    }
  };
  const taken = new Map<string, string>();
  for (const file of inputs) {
    if (typeof file !== "string") continue;
    const id = await identity(file);
    if (id) taken.set(id, `the input file ${file}`);
  }
  for (const [flag, file] of outputs) {
    if (typeof file !== "string") continue;
    const id = await identity(file);
    if (!id) continue;
    const clash = taken.get(id);
    if (clash) usage(`${flag} ${file} is ${clash}: writing there would destroy it; choose another file`);
    taken.set(id, `the ${flag} file`);
  }
}
