/** summary <model.json>: the inference table of an unpenalised fit (statsmodels' MNLogit layout). */
import { SoftmaxRegressionError } from "../../index.js";
import type { Parsed } from "../args.js";
import { fail } from "../errors.js";
import { loadModel, type Io } from "../io.js";

export async function summaryCommand({ positionals: [modelFile], flags }: Parsed, io: Io): Promise<void> {
  const model = await loadModel(modelFile);
  let text: string;
  try {
    text = model.summary({ covariance: flags.robust ? "robust" : "classical" });
  } catch (e) {
    if (e instanceof SoftmaxRegressionError) fail(`${modelFile}: ${e.message}`);
    throw e;
  }
  io.stdout.write(text.endsWith("\n") ? text : text + "\n");
}
