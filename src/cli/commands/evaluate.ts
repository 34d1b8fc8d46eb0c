/** evaluate <model.json> <data>: accuracy, log-loss, confusion matrix and per-class report. */
import type { Parsed } from "../args.js";
import { usage } from "../errors.js";

export async function evaluateCommand(_parsed: Parsed): Promise<void> {
  usage("evaluate needs the metrics of softmax-regression/metrics (accuracy, logLoss, confusionMatrix, classificationReport), which this build does not have yet");
}
