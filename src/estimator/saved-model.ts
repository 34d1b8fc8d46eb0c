/**
 * The one reader of saved models that every loader goes through (LogisticRegression.fromJSON,
 * Predictor.fromJSON, toONNX): the caller's JSON snapshotted, the coefficients checked
 * (model-format.ts), and the `training` record checked the same way for all of them, against
 * itself and its saved options (unknown fields, options no fit takes, a fit info or record
 * that contradicts them). A model one loader refuses as tampered is refused by all; before,
 * the prediction-only loaders read the coefficients only, so a Predictor loaded (and wrote
 * back) what LogisticRegression.fromJSON refused. The `statistics` and `preprocessing` fields
 * are the estimator's (inference, the CLI's encoding) and checked by it alone, as is a
 * LogisticRegressionCV's `training.cv`.
 */
import { nearest } from "../input/checks.js";
import { MAX_THREADS_OPTION, resolveOptions, type ResolvedOptions } from "../input/options.js";
import { fail } from "../util/errors.js";
import { fitInfoFromJSON, type FitInfo } from "./fit-info.js";
import { partsFromJSON, readSavedModel, type ModelParts } from "./model-format.js";
import { checkStateAgainstModel, recordFromJSON, type TrainingRecord } from "./training-record.js";

/** A saved model, read and checked. */
export interface SavedModel {
  /** The library's own parsed copy of the caller's model (for the fields read elsewhere). */
  parsed: Record<string, unknown>;
  parts: ModelParts;
  /** The saved `training` record ({} when absent). */
  training: Record<string, unknown>;
  /** The saved options, resolved (only fitIntercept, from the model, when none were saved). */
  options: ResolvedOptions;
  record: TrainingRecord;
  info: FitInfo;
}

/** The fields toJSON writes in `training` (`cv` is LogisticRegressionCV's). */
const TRAINING_KEYS = ["options", "solver", "iterations", "converged", "reason", "lossHistory", "kktResidual", "warnings", "classWeights", "standardization", "partialFit", "cv"];

/** Read and check a saved model (JSON text or a parsed object); INVALID_MODEL naming the field when damaged. */
export function readModel(json: unknown): SavedModel {
  const parsed = readSavedModel(json);
  const parts = partsFromJSON(parsed);
  const training = parts.training ?? {};
  const savedOptions = training.options === undefined ? { fitIntercept: parts.fitIntercept } : training.options;
  let options: ResolvedOptions;
  try {
    // Not an object (null, 5): resolveOptions says so, rather than this read failing on it.
    const threads = typeof savedOptions === "object" && savedOptions !== null ? (savedOptions as { threads?: unknown }).threads : undefined;
    if (typeof threads === "number" && threads > MAX_THREADS_OPTION) {
      fail("INVALID_OPTION", `threads is ${threads}, more than the ${MAX_THREADS_OPTION} a model can be saved with`);
    }
    options = resolveOptions(savedOptions);
  } catch (e) {
    fail("INVALID_MODEL", `model training.options are invalid: ${(e as Error).message}`);
  }
  if (options.fitIntercept !== parts.fitIntercept) {
    fail("INVALID_MODEL", `model training.options.fitIntercept (${options.fitIntercept}) contradicts the model's fitIntercept (${parts.fitIntercept})`);
  }
  rejectUnknownTrainingKeys(training);
  // Options absent (a model built elsewhere): nothing to hold the record and fit info to.
  const against = training.options === undefined ? undefined : options;
  const record = recordFromJSON(training, parts.classes, parts.nFeatures, against);
  if (record.partialFit && against) checkStateAgainstModel(record.partialFit, parts.theta, parts.classes.length, parts.nFeatures, against.l2);
  const info = fitInfoFromJSON(training, { options: against, partialFitEpochs: record.partialFit?.epoch });
  return { parsed, parts, training, options, record, info };
}

/** A `training` field toJSON never writes is a typo or tampering (a "standardisation" that would be silently ignored): INVALID_MODEL naming it. */
function rejectUnknownTrainingKeys(training: Record<string, unknown>): void {
  for (const key of Object.keys(training)) {
    // "__proto__" (JSON.parse makes it an own key) is never read: inert, as before.
    if (!TRAINING_KEYS.includes(key) && key !== "__proto__") {
      const guess = nearest(key, TRAINING_KEYS);
      fail("INVALID_MODEL", `model training has the field ${JSON.stringify(key)}, which toJSON never writes${guess ? ` (did you mean "${guess}"?)` : ""}`);
    }
  }
}
