/**
 * Inexact Newton with preconditioned conjugate gradients (Newton-CG): each iteration solves
 * H·x = −g roughly, by CG on Hessian-vector products (one pass over the data each, from the
 * probabilities kept by the last evaluation), preconditioned by the curvature-weighted Gram
 * of a row sample (objective/curvature-preconditioner.ts), refreshed at every iteration;
 * then an Armijo line search from t = 1 along x (descent.ts). Converged: max |∇f| ≤ tol and
 * a small last step (settled.ts).
 *
 * The constants were measured in the solver study (/work/notes/perf/REPORT.md) on digits
 * (standardised and raw pixels), a tall 100 000 × 100 set, 60 000 × 784 images (synthetic
 * and Fashion-MNIST):
 * - forcing η = 0.3 (stop CG at ‖r‖ ≤ 0.3‖g‖): Nocedal & Wright's min(0.5, √‖g‖) depends on
 *   the gradient's scale and over-solves when the gradient starts small (digits: 168 vs 115
 *   passes to the optimum, raw digits 440 vs 200);
 * - at most 200 products per solve;
 * - the Gram on max(2000, 2(d+1)) rows: on the images 2000 rows preconditioned as well as
 *   6280, at a third of the cost.
 * CG runs on all K(d+1) parameters: the right-hand side has no component along the
 * softmax's null directions and the preconditioner keeps it that way (see there).
 * The products (and the preconditioner's Gram) run on a float32 copy of rows where that is
 * cheap (productRows): a sample on tall data, every row of a small float64 problem, and on
 * other large data, once a full solve grows long, a sample of at most 3 % of X's bytes whose
 * steps two full products then correct (subspace-step.ts); the gradient, line search and
 * stopping rule always use every row in the fit's dtype.
 */
import { preconditionedCg, workspaceFor } from "../linalg/preconditioned-cg.js";
import type { Objective } from "../objective/objective.js";
import type { Preconditioner } from "../objective/curvature-preconditioner.js";
import { sampleRows } from "../objective/curvature-preconditioner.js";
import { seededRandom } from "../util/random.js";
import { LAYOUT, strideFor, type Dtype } from "../backends/backend.js";
import { descend } from "./descent.js";
import { settledStep } from "./settled.js";
import { SubspaceStep } from "./subspace-step.js";
import type { IterationReport, SolverResult, SolverSettings } from "./solver.js";

/** CG stops at ‖r‖₂ ≤ FORCING·‖g‖₂; with sub-sampled products, which cost a few % of a pass each, SAMPLED_FORCING. */
export const FORCING = 0.3;
export const SAMPLED_FORCING = 0.1;
/** Hessian-vector products per Newton step at most. */
export const CG_LIMIT = 200;
/** Rows of the preconditioner's Gram: max(GRAM_ROWS, GRAM_ROWS_PER_PARAMETER·(d+1)), at most N. */
export const GRAM_ROWS = 2000;
export const GRAM_ROWS_PER_PARAMETER = 2;
/** Beyond this many parameters per class the dense factor ((d+1)² doubles, (d+1)³/3 flops) is not built. */
export const MAX_GRAM_PARAMETERS = 2048;

/** Rows the preconditioner's Gram is built on. */
export function gramRows(n: number, d: number): number {
  return Math.min(n, Math.max(GRAM_ROWS, GRAM_ROWS_PER_PARAMETER * (d + 1)));
}

/** Sub-sampled Hessian-vector products once the data have this many rows per parameter… */
export const SAMPLE_FROM_ROWS_PER_PARAMETER = 50;
/** …on this many rows per parameter. */
export const SAMPLE_ROWS_PER_PARAMETER = 10;

/** Rows of the Hessian sample for n rows and P parameters (0: products on every row). */
export function hessianSampleRows(n: number, P: number): number {
  return n >= SAMPLE_FROM_ROWS_PER_PARAMETER * P ? SAMPLE_ROWS_PER_PARAMETER * P : 0;
}

/**
 * Below this many bytes of a float32 copy of every row, a float64 fit's products run on that
 * copy (hessian-sample.ts, with all rows as the "sample"). Such data sit in cache and the
 * product is bound by arithmetic, where the float32 kernel does 4 lanes to float64's 2:
 * digits 1797 × 64 × 10, CPU time a product 0.17–0.22 ms against 0.27–0.32 ms. Larger data
 * keep their products in place: a copy would cost half of X's memory again.
 */
export const COPY_ALL_ROWS_BYTES = 4 * 2 ** 20;

/**
 * Data neither tall nor small (Fashion-MNIST, 60 000 × 784 × 10: 7.6 rows per parameter, X
 * 376 MB): after a long full solve the products run on a float32 sample whose copy takes at
 * most this fraction of X's bytes, each step corrected with two full products
 * (subspace-step.ts). Measured there, CPU to the default stop (load 4–7): 180 s with every
 * product on all rows; with the sample from the start 49–58 s on 3590 rows (this fraction),
 * 60–63 s on 6000, 59–66 s on 12 000, 77 s on 24 000. The sample adds its bytes to the fit's
 * peak memory (Fashion-MNIST: 1.06× X before, 1.088× with 3 %, 1.102× with 4 %).
 */
export const SAMPLE_BYTES_FRACTION = 0.03;
/** …provided the sample has at least this many rows per parameter (fewer estimate the curvature too poorly to steer CG). */
export const MIN_CORRECTED_ROWS_PER_PARAMETER = 0.4;

/**
 * A full solve this long (products) switches to the corrected sample. A corrected step costs
 * about 2 full products, a pass and CG on the sample: some 5–7 full products' worth, for about
 * half the error reduction of a full step (0.3–0.5 against 0.3 or better a step), so the
 * sample pays once full solves take about 10–15 products. Measured (CPU to the default stop):
 * Fashion-MNIST, whose solves grow 2, 4, 7, 8, 16, 25, 33, … 118, 180 s → 49 s switching at
 * 10 and 58 s at 25; the synthetic images (solves up to 19) 27 → 25 s switching at 10;
 * Gaussian 12 000 × 100 × 5 (solves up to 12) 0.35 → 0.63 s had it switched at 10.
 */
export const SWITCH_PRODUCTS = 15;

/** Rows of the corrected sample for n × d data with K classes in `dtype` (0: none). */
export function correctedSampleRows(n: number, d: number, K: number, dtype: Dtype): number {
  const xBytes = n * strideFor(d, dtype) * LAYOUT[dtype].bytes;
  if (xBytes <= COPY_ALL_ROWS_BYTES || hessianSampleRows(n, K * (d + 1)) > 0) return 0;
  const rows = Math.floor((SAMPLE_BYTES_FRACTION * xBytes) / (strideFor(d, "float32") * 4));
  return rows >= MIN_CORRECTED_ROWS_PER_PARAMETER * K * (d + 1) ? rows : 0;
}

/**
 * Rows of the copy Newton-CG's products start on (hessian-sample.ts): the sample on tall
 * data, every row of a small float64 problem, else 0 (products in place on every row, until
 * a long solve switches to correctedSampleRows).
 */
export function productRows(n: number, d: number, K: number, dtype: Dtype): number {
  const sample = hessianSampleRows(n, K * (d + 1));
  if (sample > 0) return sample;
  return dtype === "float64" && n * strideFor(d, "float32") * 4 <= COPY_ALL_ROWS_BYTES ? n : 0;
}

/** `switchProducts`: see SWITCH_PRODUCTS (a parameter so that tests can reach the switch on small data). */
export function newtonCg(
  objective: Objective,
  theta0: Float64Array,
  settings: SolverSettings,
  switchProducts = SWITCH_PRODUCTS,
): Generator<IterationReport, SolverResult, void> {
  const P = objective.size;
  const { d, nRows: n } = objective;
  const warnings = new Set<string>();
  const lastStep = new Float64Array(P);
  const random = seededRandom(settings.seed);
  const sampleSize = productRows(n, d, objective.K, objective.dtype);
  let sampled = sampleSize > 0 ? objective.hessianSample(sampleSize, random) : null;
  // Cheap products (a sample of the rows) earn a tighter inner solve; a copy of every row does not.
  let subsampled = sampled !== null && sampled.rows.length < n;
  // Text-sized CSR data (too many features for the Gram factor) solve in the kernels' layout
  // (objective/sparse-newton-system.ts), without these buffers. Below that size CSR takes the
  // dense path, so the same matrix dense or sparse follows the same iterates.
  const gram = d + 1 <= MAX_GRAM_PARAMETERS;
  const system = sampled || gram ? null : objective.newtonSystem();
  const rhs = new Float64Array(system ? 0 : P);
  const work = workspaceFor(system ? 0 : P);
  let preconditioner: Preconditioner | null = null;
  const buildPreconditioner = () => {
    const pool = sampled ? sampled.rows.length : n;
    preconditioner = gram ? objective.curvaturePreconditioner(sampleRows(pool, gramRows(pool, d), random), sampled ?? undefined) : null;
  };
  buildPreconditioner();
  // Large data neither tall nor small: full products while their solves are cheap; once one
  // takes SWITCH_PRODUCTS, the rest run on a sample, each step corrected on the full Hessian.
  let switchRows = sampled || system ? 0 : correctedSampleRows(n, d, objective.K, objective.dtype);
  let corrector: SubspaceStep | null = null;
  const switchToSample = () => {
    // The factor over X̂'s rows is freed first, so that its kernel memory can serve the new one.
    preconditioner?.dispose();
    preconditioner = null;
    sampled = objective.hessianSample(switchRows, random);
    switchRows = 0;
    if (sampled) {
      subsampled = true;
      corrector = new SubspaceStep(P);
    }
    buildPreconditioner();
  };
  let hasStep = false;
  let theta: Float64Array = theta0;
  let atTheta: (v: Float64Array, out: Float64Array) => void = () => {};
  const multiply = (v: Float64Array, out: Float64Array) => (sampled ? sampled.hessianVector(v, out) : atTheta(v, out));
  const applyPreconditioner = (v: Float64Array, out: Float64Array) => (preconditioner ? preconditioner.apply(v, out) : out.set(v));

  const settle = settledStep(objective, settings.tol, lastStep);
  const run = descend(objective, theta0, settings, {
    warnings,
    lastStep,
    settled: settle.settled,
    direction(state, direction) {
      theta = state.theta;
      if (system) {
        const cg = system.solve(theta, state.gradient, direction, FORCING, CG_LIMIT);
        if (cg.negativeCurvature) warnings.add("Newton-CG met non-positive curvature and truncated its inner solve");
        return 1;
      }
      if (!sampled) atTheta = objective.hessianVectorsAt(theta);
      sampled?.refresh(theta);
      if (preconditioner) {
        preconditioner.refresh(theta);
        for (const w of preconditioner.warnings) warnings.add(w);
      }
      for (let i = 0; i < P; i++) rhs[i] = -state.gradient[i];
      const cg = preconditionedCg(multiply, applyPreconditioner, rhs, direction, subsampled && !corrector ? SAMPLED_FORCING : FORCING, CG_LIMIT, work);
      if (cg.negativeCurvature) warnings.add("Newton-CG met non-positive curvature and truncated its inner solve");
      if (corrector) corrector.correct(state.gradient, direction, hasStep ? lastStep : null, objective.hessianVectorsAt(theta));
      else if (switchRows > 0 && cg.iterations >= switchProducts) switchToSample();
      return 1;
    },
    fallback(state, direction) {
      warnings.add("a Newton step failed the line search; took a gradient step instead");
      for (let i = 0; i < P; i++) direction[i] = -state.gradient[i];
      return 1;
    },
    accepted(before, after) {
      settle.stepped();
      hasStep = true;
      for (let i = 0; i < P; i++) lastStep[i] = after.theta[i] - before.theta[i];
    },
  });
  return disposing(run, () => {
    preconditioner?.dispose();
    sampled?.dispose();
    system?.dispose();
  });
}

/**
 * Run `inner` to its end, then `dispose` (also when the caller stops it early or it throws;
 * a run abandoned without either is freed with the objective's data).
 */
function* disposing(inner: Generator<IterationReport, SolverResult, void>, dispose: () => void): Generator<IterationReport, SolverResult, void> {
  try {
    return yield* inner;
  } finally {
    dispose();
  }
}
