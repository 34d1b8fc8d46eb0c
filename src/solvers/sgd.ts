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
import { seededRandom, shuffle } from "../util/random.js";
import { iterate } from "./iterate.js";
import type { IterationReport, SolverResult, SolverSettings } from "./solver.js";

export function stochasticGradientDescent(
  objective: Objective,
  theta0: Float64Array,
  settings: SolverSettings,
): Generator<IterationReport, SolverResult, void> {
  const P = objective.size;
  const n = objective.nRows;
  const batchSize = Math.min(settings.batchSize, n);
  const eta0 = settings.learningRate === "auto" ? 1.5 / objective.curvatureBound() : settings.learningRate;
  const random = seededRandom(settings.seed);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  // The iterates run on in `theta`; the point reported (and the result) is their average.
  const theta = Float64Array.from(theta0);
  const sum = new Float64Array(P);
  let averaged = 0;
  const gradient = new Float64Array(P);
  let epoch = 0;
  return iterate(objective, theta0, settings, {
    warnings: new Set(),
    step(current) {
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
        objective.miniBatchGradient(theta, order.subarray(start, start + count), count, gradient);
        for (let i = 0; i < P; i++) {
          theta[i] -= eta * gradient[i];
          sum[i] += theta[i];
        }
        averaged++;
      }
      const average = current.theta;
      for (let i = 0; i < P; i++) average[i] = sum[i] / averaged;
      const loss = objective.lossGradient(average, current.gradient);
      return { next: { theta: average, gradient: current.gradient, loss }, length: eta };
    },
  });
}
