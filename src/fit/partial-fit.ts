/**
 * partialFit: one pass of mini-batch SGD over the rows given, continuing the state of the
 * previous passes (the iterate, the tail average, the epoch count that sets the learning
 * rate, the shuffling generator and η₀). The state is plain numbers, so a model saved between
 * two passes continues bit for bit after loading.
 */
import type { ResolvedOptions } from "../input/options.js";
import type { TrainingSet } from "../input/training-set.js";
import { recentre } from "../solvers/gauge.js";
import { averageInto, initialLearningRate, sgdEpoch, type SgdProgress } from "../solvers/sgd.js";
import { fail } from "../util/errors.js";
import { seededRandom, shuffle } from "../util/random.js";
import { placeData } from "./fit.js";
import { buildProblem, type ProblemInfo } from "./problem.js";

/** Everything the next pass needs (compact layout θ[k(d+1) + j]). */
export interface SgdState extends SgdProgress {
  /** The shuffling generator's state (uint32). */
  random: number;
  /** The initial learning rate, fixed by the first pass. */
  eta0: number;
}

export interface PassOutcome extends ProblemInfo {
  /** The model: the tail average of the iterates, re-centred. */
  theta: Float64Array;
  state: SgdState;
  warnings: string[];
}

/** One pass over `data`, from `state` (continuing) or from `start` (a first pass: zeros or a fitted model's θ). */
export function partialFitPass(data: TrainingSet, options: ResolvedOptions, state: SgdState | null, start: Float64Array | null): PassOutcome {
  if (options.standardize) fail("INVALID_OPTION", "partialFit cannot standardise (the statistics of a stream are not known in advance); scale the features before");
  if (options.classWeight === "balanced") {
    fail("INVALID_OPTION", 'partialFit cannot use classWeight "balanced" (it needs the class counts of all the data); give the weights by label');
  }
  // The pass counter is saved as an exact integer: a pass beyond 2⁵³ − 1 would write a model
  // that no loader takes (only a tampered state gets here).
  if (state && state.epoch >= Number.MAX_SAFE_INTEGER) {
    fail("INVALID_OPTION", `partialFit has made ${state.epoch} passes, the most its pass counter holds exactly (2⁵³ − 1); start a new model (fit, or partialFit on a fresh one)`);
  }
  // One pass of mini-batches is too short to share between workers.
  const warnings = options.threads > 1 ? [`threads: ${options.threads} requested, ran on one thread: partialFit runs on one thread`] : [];
  const placed = placeData(data, options, "sgd");
  let problem;
  try {
    problem = buildProblem(placed.matrix, placed.own, data, options);
  } catch (e) {
    placed.release();
    throw e;
  }
  const { objective } = problem;
  try {
    const size = objective.size;
    const next: SgdState = state
      ? { ...state, theta: Float64Array.from(state.theta), sum: Float64Array.from(state.sum) }
      : {
          theta: start ? Float64Array.from(start) : new Float64Array(size),
          sum: new Float64Array(size),
          averaged: 0,
          epoch: 0,
          random: options.seed >>> 0,
          eta0: initialLearningRate(objective, options.learningRate),
        };
    const random = seededRandom(next.random);
    const order = Int32Array.from({ length: objective.nRows }, (_, i) => i);
    shuffle(order, random);
    sgdEpoch(objective, next, order, Math.min(options.batchSize, objective.nRows), next.eta0);
    next.random = random.state;
    const theta = new Float64Array(size);
    averageInto(next, theta);
    // No loss is evaluated here, so divergence must be caught on the parameters themselves.
    if (!theta.every(Number.isFinite) || !next.theta.every(Number.isFinite)) {
      fail("NUMERICAL", `partialFit diverged (non-finite parameters) with learning rate ${next.eta0}; lower learningRate or scale the features`);
    }
    recentre(theta, objective);
    return { theta, state: next, warnings, classWeights: problem.classWeights, scaling: null };
  } finally {
    objective.dispose();
    placed.release();
  }
}
