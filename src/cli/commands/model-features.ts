/**
 * The encoding a saved model's features need from a data file: its `preprocessing` (models
 * saved by fit); for a model saved by the library without it, the numeric columns its
 * feature names name, or without names the file's columns as they are, which must then be
 * exactly the model's number of features.
 */
import type { LogisticRegression, PreprocessingJSON } from "../../index.js";
import type { Frame } from "../data/frame.js";
import { fail } from "../errors.js";

export function featureEncoding(model: LogisticRegression, modelFile: string, frame: Frame, target?: string): PreprocessingJSON {
  const saved = model.preprocessing;
  if (saved) return saved;
  const featureNames = model.featureNames;
  if (featureNames) return { columns: featureNames.map((name) => ({ name, type: "numeric" })) };
  const d = model.coef[0].length;
  const names = frame.names.filter((name) => name !== target);
  if (names.length !== d) {
    fail(
      `${modelFile} has no preprocessing (it was not saved by fit), so its ${d} features are taken to be the columns of ` +
        `${frame.file} in order${target ? ` (without the target)` : ""}, but it has ${names.length}`,
    );
  }
  return { columns: names.map((name) => ({ name, type: "numeric" })) };
}
