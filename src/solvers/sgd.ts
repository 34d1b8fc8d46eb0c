/**
 * Mini-batch stochastic gradient descent. Rows are reshuffled every epoch with a seeded
 * generator, so a seed reproduces the model bit for bit. The learning rate starts at η₀
 * (default 1.5/L with L = ½·mean‖x̂‖² + λ, a curvature bound of the mean loss: below the
 * 2/L stability limit of gradient descent, and larger steps measured faster) and decays
 * per epoch e as η₀/√(1 + e/4). The model reported is the average of the iterates since
 * the last power-of-two epoch, i.e. of the later half of the run or more (tail-averaged
 * Polyak–Ruppert), which removes most of the gradient noise; the iterates themselves run
 * on undisturbed. After every epoch the full objective and gradient of that
 * average are evaluated, for the loss history and the stopping test. `maxIter` counts
 * epochs. (Tried on iris: restarting each epoch from the average, or a 1/(1 + e/4) decay,
 * converged several times slower.)
 */
import type { Objective } from "../objective/objective.js";
import { SoftmaxRegressionError, fail } from "../util/errors.js";
import { seededRandom, shuffle } from "../util/random.js";
import { iterate } from "./iterate.js";
import type { IterationReport, SolverResult, SolverSettings } from "./solver.js";

export function stochasticGradientDescent(
  objective: Objective,
  theta0: Float64Array,
  settings: SolverSettings,
): Generator<IterationReport, SolverResult, void> {
  const n = objective.nRows;
  const batchSize = Math.min(settings.batchSize, n);
  const eta0 = initialLearningRate(objective, settings.learningRate);
  const random = seededRandom(settings.seed);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  // The iterates run on in `progress.theta`; the point reported (and the result) is their average.
  const progress = startProgress(theta0);
  return iterate(objective, theta0, settings, {
    warnings: new Set(),
    step(current) {
      shuffle(order, random);
      const eta = sgdEpoch(objective, progress, order, batchSize, eta0);
      const average = current.theta;
      averageInto(progress, average);
      let loss: number;
      try {
        loss = objective.lossGradient(average, current.gradient);
      } catch (e) {
        // Overflow after steps that were fine on the data's scale: the step was too long.
        if (!progress.theta.every(Number.isFinite) || (e instanceof SoftmaxRegressionError && e.code === "NUMERICAL" && settings.learningRate !== "auto")) {
          fail("NUMERICAL", `SGD diverged with learningRate ${eta0} (${(e as Error).message}); lower learningRate or standardize the features`);
        }
        throw e;
      }
      return { next: { theta: average, gradient: current.gradient, loss }, length: eta };
    },
  });
}

/** Where SGD stands between epochs: the iterate, the running sum of the averaged iterates, their count, epochs done. */
export interface SgdProgress {
  theta: Float64Array;
  sum: Float64Array;
  averaged: number;
  epoch: number;
}

/** Progress before the first epoch, from θ₀. */
export function startProgress(theta0: Float64Array): SgdProgress {
  return { theta: Float64Array.from(theta0), sum: new Float64Array(theta0.length), averaged: 0, epoch: 0 };
}

/** η₀: the option's value, or "auto" = 1.5/L from the objective's curvature bound. */
export function initialLearningRate(objective: Objective, learningRate: number | "auto"): number {
  return learningRate === "auto" ? 1.5 / objective.curvatureBound() : learningRate;
}

/**
 * One epoch: mini-batches of `batchSize` rows in `order`, each a step of η₀/√(1 + e/4) (e the
 * epochs done before this one) along the mini-batch gradient, each iterate added to the
 * average (which restarts at every power-of-two epoch). Returns the step used.
 */
export function sgdEpoch(objective: Objective, progress: SgdProgress, order: Int32Array, batchSize: number, eta0: number): number {
  const P = objective.size;
  const { theta, sum } = progress;
  const gradient = new Float64Array(P);
  const eta = eta0 / Math.sqrt(1 + progress.epoch / 4);
  progress.epoch++;
  // Average over the epochs since the last power of two: always the later half or more.
  if (isPowerOfTwo(progress.epoch)) {
    sum.fill(0);
    progress.averaged = 0;
  }
  const n = order.length;
  for (let start = 0; start < n; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    objective.miniBatchGradient(theta, order.subarray(start, start + count), count, gradient);
    for (let i = 0; i < P; i++) {
      theta[i] -= eta * gradient[i];
      sum[i] += theta[i];
    }
    progress.averaged++;
  }
  return eta;
}

/**
 * Whether a positive safe integer is a power of two. `&` works on 32 bits: beyond 2³² it read
 * the epoch modulo 2³² (a partialFit state at epoch 2⁴⁰ + 4 restarted its average as if at epoch 4).
 */
function isPowerOfTwo(n: number): boolean {
  return n <= 2 ** 30 ? (n & (n - 1)) === 0 : n === 2 ** Math.round(Math.log2(n));
}

/** out = the average of the iterates since the last power-of-two epoch. */
export function averageInto(progress: SgdProgress, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = progress.sum[i] / progress.averaged;
}
