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
import { recentre } from "./gauge.js";
import { seededRandom, shuffle } from "../util/random.js";
import { maxAbs } from "../linalg/vector.js";
import { CONVERGED, MAX_ITER, type IterationReport, type SolverResult, type SolverSettings } from "./solver.js";

export function* stochasticGradientDescent(
  objective: Objective,
  theta0: Float64Array,
  settings: SolverSettings,
): Generator<IterationReport, SolverResult, void> {
  const { problem, l2, size: P, d } = objective;
  const m = d + 1;
  const n = problem.n;
  const batchSize = Math.min(settings.batchSize, n);
  const norms = problem.rowNorms();
  const eta0 = settings.learningRate === "auto" ? 1.5 / (0.5 * (norms.weightedSum / problem.weightSum) + l2) : settings.learningRate;
  const random = seededRandom(settings.seed);
  const order = Int32Array.from({ length: n }, (_, i) => i);

  const theta = Float64Array.from(theta0);
  const sum = new Float64Array(P);
  const average = Float64Array.from(theta0);
  let averaged = 0;
  const gradient = new Float64Array(P);
  const fullGradient = new Float64Array(P);
  let loss = objective.lossGradient(average, fullGradient);
  const lossHistory = [loss];
  let reason = MAX_ITER;
  let converged = false;
  let epoch = 0;
  while (true) {
    if (maxAbs(fullGradient) <= settings.tol) {
      converged = true;
      reason = CONVERGED;
      break;
    }
    if (epoch >= settings.maxIter) break;
    const eta = eta0 / Math.sqrt(1 + epoch / 4);
    epoch++;
    shuffle(order, random);
    // Average over the epochs since the last power of two: always the later half or more.
    if ((epoch & (epoch - 1)) === 0) {
      sum.fill(0);
      averaged = 0;
    }
    for (let start = 0; start < n; start += batchSize) {
      const count = Math.min(batchSize, n - start);
      const rows = order.subarray(start, start + count);
      const weight = problem.weightOfRows(rows, count);
      if (weight === 0) continue;
      problem.lossGradientOnRows(theta, gradient, rows, count);
      const scale = 1 / weight;
      for (let i = 0; i < P; i++) {
        const penalty = i % m === 0 ? 0 : l2 * theta[i];
        theta[i] -= eta * (gradient[i] * scale + penalty);
        sum[i] += theta[i];
      }
      averaged++;
    }
    for (let i = 0; i < P; i++) average[i] = sum[i] / averaged;
    loss = objective.lossGradient(average, fullGradient);
    lossHistory.push(loss);
    yield { iteration: epoch, loss, gradientNorm: maxAbs(fullGradient), step: eta, theta: Float64Array.from(average) };
  }
  recentre(average, objective.K, d, l2);
  return { theta: average, iterations: epoch, converged, reason, lossHistory, warnings: [], lastStep: null };
}
