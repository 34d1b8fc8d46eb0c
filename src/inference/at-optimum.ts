/**
 * The one place a fit hands inference what it needs, while the training data are still in
 * kernel memory: the summed information from the kernels' exact Hessian blocks, the fitted
 * probabilities for the score products (fit-statistics.ts), the log-likelihood, and the
 * quasi-separation probe (flat-direction.ts). Called by fit/fit.ts after an unpenalised fit.
 *
 * It evaluates the resident data directly (not through the Objective, whose cached
 * probabilities it would leave stale): call it last, just before the memory is released.
 */
import type { TrainingSet } from "../input/training-set.js";
import { unpackHessianBlocks } from "../objective/hessian-blocks.js";
import type { ResidentData } from "../objective/resident-data.js";
import { collectStatistics, inferenceFits, type FitStatistics } from "./fit-statistics.js";
import { hasFlatDirection } from "./flat-direction.js";

export interface FitFacts {
  theta: Float64Array;
  converged: boolean;
  /** The fit's own separation diagnosis. */
  separable: boolean;
}

/** The statistics of an unpenalised fit, or undefined when the model is too large to keep them. */
export function statisticsAtOptimum(data: ResidentData, set: TrainingSet, fit: FitFacts): FitStatistics | undefined {
  const { K, d } = data;
  const P = data.size;
  if (!inferenceFits(P)) return undefined;
  // The kernels ran on the weights divided by a power of two (input/weights.ts): multiplying
  // the sums back is exact, and gives the statistics of the caller's frequency weights.
  const scale = set.weightScale;
  const lossSum = data.lossGradient(fit.theta, null, true) * scale;
  const information = new Float64Array(P * P);
  unpackHessianBlocks(data.hessianBlocks(), K, d, data.s, information);
  if (scale !== 1) for (let i = 0; i < information.length; i++) information[i] *= scale;
  const { targets } = set;
  const statistics = collectStatistics({
    // X̂ as the kernels saw it (float32-rounded for dtype float32): a view of kernel memory,
    // valid while nothing is allocated there (collectStatistics allocates nothing there).
    X: { data: data.features(), rows: data.n, cols: d, stride: data.s, offset: 1 },
    labels: targets.kind === "labels" ? targets.index : null,
    soft: targets.kind === "soft" ? targets.probabilities : null,
    K,
    weights: scale === 1 ? set.weights : Float64Array.from(set.weights, (w) => w * scale),
    fitIntercept: data.fitIntercept,
    float32: data.dtype === "float32",
    probabilities: Float64Array.from(data.keptProbabilities()!),
    information,
    logLikelihood: -lossSum,
    converged: fit.converged,
    separable: fit.separable,
  });
  if (statistics.separable) return statistics;
  // Quasi-complete separation leaves the fit looking converged; inference must not believe it.
  const score = new Float64Array(P);
  data.lossGradient(fit.theta, score);
  for (let i = 0; i < P; i++) score[i] = -score[i] * scale;
  statistics.separable = hasFlatDirection({
    information,
    score,
    K,
    d,
    fitIntercept: data.fitIntercept,
    theta: fit.theta,
    logLikelihood: (theta) => -data.lossGradient(theta, null) * scale,
  });
  return statistics;
}
