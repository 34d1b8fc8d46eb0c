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
 *   passes to the optimum, raw digits 440 vs 200); on text-sized CSR data (the sparse system)
 *   η = 0.3 is only the cap of Eisenstat–Walker's scale-free adaptive term (forcing.ts);
 * - at most 200 products per solve;
 * - the Gram on max(2000, 2(d+1)) rows: on the images 2000 rows preconditioned as well as
 *   6280, at a third of the cost; with products on every row, more rows once the curvature
 *   concentrates on few of them (near-separable data, gramRowsFor).
 * CG runs on all K(d+1) parameters: the right-hand side has no component along the
 * softmax's null directions and the preconditioner keeps it that way (see there).
 * The products (and the preconditioner's Gram) run on a float32 copy of rows where that is
 * cheap (productRows): a sample on tall data, every row of a small float64 problem, and on
 * other large data, once a full solve grows long, a sample of at most 3 % of X's bytes whose
 * steps two full products then correct (subspace-step.ts); the gradient, line search and
 * stopping rule always use every row in the fit's dtype. On the tall data's sample, each
 * direction from the third on is also corrected along the previous step with the curvature
 * the gradient change over it measured (secant-step.ts).
 */
import { preconditionedCg, workspaceFor } from "../linalg/preconditioned-cg.js";
import type { Objective } from "../objective/objective.js";
import type { Preconditioner } from "../objective/curvature-preconditioner.js";
import { sampleRows } from "../objective/curvature-preconditioner.js";
import { seededRandom } from "../util/random.js";
import { LAYOUT, strideFor, type Dtype } from "../backends/backend.js";
import { descend } from "./descent.js";
import { settledStep } from "./settled.js";
import { correctAlongStep } from "./secant-step.js";
import { AdaptiveForcing } from "./forcing.js";
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
/**
 * With products on every row, the Gram's sample is redrawn larger once it would need at
 * least this factor more rows to hold gramRows() effective rows (gramRowsFor).
 */
export const GRAM_GROWTH = 2;
/** Beyond this many parameters per class the dense factor ((d+1)² doubles, (d+1)³/3 flops) is not built. */
export const MAX_GRAM_PARAMETERS = 2048;

/** Rows the preconditioner's Gram is built on. */
export function gramRows(n: number, d: number): number {
  return Math.min(n, Math.max(GRAM_ROWS, GRAM_ROWS_PER_PARAMETER * (d + 1)));
}

/**
 * Rows of the Gram for n rows whose curvature weights have Kish spread `spread`
 * (Objective.curvatureSpread): gramRows(n, d) effective rows, so gramRows(n, d)/spread
 * uniform rows, at most n. The fixed count was measured with the curvature spread over most
 * rows; on near-separable data a few rows near the class boundaries carry nearly all of it
 * and a fixed sample misses them. Measured on the images-like set × 255 (wide-raw, 60 000 ×
 * 784 × 10, λ = 1e-4, train accuracy 100 %): the spread falls from 0.57 to 0.06 in 8
 * iterations while CG on the 2000-row Gram needs 2, 3, 4, 5, 10, 21, 43, 92 products and
 * then its 200-product cap every iteration; on all 60 000 rows it needs 10–12.
 */
export function gramRowsFor(n: number, d: number, spread: number): number {
  const base = gramRows(n, d);
  return spread > 0 ? Math.min(n, Math.ceil(base / spread)) : n;
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
  let steps = 0;
  const random = seededRandom(settings.seed);
  const sampleSize = productRows(n, d, objective.K, objective.dtype);
  let sampled = sampleSize > 0 ? objective.hessianSample(sampleSize, random) : null;
  // Cheap products (a sample of the rows) earn a tighter inner solve; a copy of every row does not.
  let subsampled = sampled !== null && sampled.rows.length < n;
  // The gradient where the last accepted step started: only the secant correction of a row
  // sample's directions reads it (on text each of these arrays is 1.6 MB).
  const previousGradient = subsampled ? new Float64Array(P) : null;
  // Text-sized CSR data (too many features for the Gram factor) solve in the kernels' layout
  // (objective/sparse-newton-system.ts), without these buffers. Below that size CSR takes the
  // dense path, so the same matrix dense or sparse follows the same iterates.
  const gram = d + 1 <= MAX_GRAM_PARAMETERS;
  const system = sampled || gram ? null : objective.newtonSystem();
  const rhs = new Float64Array(system ? 0 : P);
  const work = workspaceFor(system ? 0 : P);
  let preconditioner: Preconditioner | null = null;
  let preconditionerRows = 0;
  /** Build the preconditioner on `rows` rows of the products' pool (default gramRows); the caller disposes the old one. */
  const buildPreconditioner = (rows?: number) => {
    const pool = sampled ? sampled.rows.length : n;
    preconditionerRows = Math.min(pool, rows ?? gramRows(pool, d));
    preconditioner = gram ? objective.curvaturePreconditioner(sampleRows(pool, preconditionerRows, random), sampled ?? undefined) : null;
  };
  buildPreconditioner();
  // With products on every row (in place or on a copy of them all) a saturated CG solve costs
  // up to CG_LIMIT passes: redraw the Gram's sample larger when the curvature concentrates
  // (gramRowsFor). A Hessian sample's products cost a few % of a pass each, and its Gram
  // keeps the sample's rows. A copy of every row keeps the rows' order: its positions are
  // row indices.
  const regrow = (theta: Float64Array) => {
    if (!preconditioner || subsampled || preconditionerRows >= n) return;
    const wanted = gramRowsFor(n, d, objective.curvatureSpread(theta));
    if (wanted < GRAM_GROWTH * preconditionerRows && wanted < n) return;
    preconditioner.dispose();
    buildPreconditioner(wanted);
  };
  // Large data neither tall nor small: full products while their solves are cheap; once one
  // takes SWITCH_PRODUCTS, the rest run on a sample, each step corrected on the full Hessian.
  let switchRows = sampled || system ? 0 : correctedSampleRows(n, d, objective.K, objective.dtype);
  // The last accepted step itself, for the secant correction, the corrected sample's steps
  // and, without a penalty, the separation diagnosis; the settled test needs only its size.
  const lastStep = subsampled || switchRows > 0 || !objective.penalty.boundsWeights ? new Float64Array(P) : null;
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
  // A uniform sample cannot stand for the Hessian when a few rows carry the curvature
  // (near-separable data): CG on it then runs to CG_LIMIT every solve (the images × 255:
  // 200 sample products an iteration, f stalled near 7e-4 where f* is 7.0e-5). Such a solve
  // returns the products to every row, for good, with the growing Gram (regrow).
  const switchBack = () => {
    preconditioner?.dispose();
    preconditioner = null;
    sampled?.dispose();
    sampled = null;
    subsampled = false;
    corrector = null;
    buildPreconditioner();
  };
  let theta: Float64Array = theta0;
  let atTheta: (v: Float64Array, out: Float64Array) => void = () => {};
  const multiply = (v: Float64Array, out: Float64Array) => (sampled ? sampled.hessianVector(v, out) : atTheta(v, out));
  const applyPreconditioner = (v: Float64Array, out: Float64Array) => (preconditioner ? preconditioner.apply(v, out) : out.set(v));

  const settle = settledStep(objective, settings.tol);
  // The sparse system's inner solves tighten as the gradient falls (forcing.ts). Dense data
  // keep the fixed η: on digits (products on a float32 copy of every row) the adaptive term
  // saved steps (17 → 13) but took more products (170 → 199) for no gain in time, and a row
  // sample's error sets the rate however tight the solves are.
  const forcing = new AdaptiveForcing(FORCING, settings.tol);
  const forcingAt = (gradient: Float64Array) => (system ? forcing.next(gradient) : FORCING);
  const run = descend(objective, theta0, settings, {
    warnings,
    lastStep: lastStep ?? undefined,
    readsStartGradient: previousGradient !== null,
    settled: settle.settled,
    // The sparse system's solution stays in its kernel memory and the line search's trial
    // points are formed on their way into the data's rows: no direction or trial array (on
    // text, 1.6 MB each). The accepted point is read back into θ as accepted() would take it.
    heldSearch: system
      ? (state) => {
          theta = state.theta;
          const cg = system.solve(theta, state.gradient, null, forcingAt(state.gradient), CG_LIMIT);
          if (cg.negativeCurvature) warnings.add("Newton-CG met non-positive curvature and truncated its inner solve");
          return {
            t0: 1,
            slope: system.slope(state.gradient),
            loss: (t) => system.lossAlong(state.theta, t),
            gradientMax: () => objective.heldGradientMax(),
            accept(accepted, t) {
              steps++;
              settle.stepped(system.takePoint(accepted.theta, t, lastStep));
            },
          };
        }
      : undefined,
    direction(state, direction) {
      theta = state.theta;
      if (system) {
        const cg = system.solve(theta, state.gradient, direction, forcingAt(state.gradient), CG_LIMIT);
        if (cg.negativeCurvature) warnings.add("Newton-CG met non-positive curvature and truncated its inner solve");
        return 1;
      }
      if (!sampled) atTheta = objective.hessianVectorsAt(theta);
      sampled?.refresh(theta);
      regrow(theta);
      if (preconditioner) {
        preconditioner.refresh(theta);
        for (const w of preconditioner.warnings) warnings.add(w);
      }
      for (let i = 0; i < P; i++) rhs[i] = -state.gradient[i];
      const cg = preconditionedCg(multiply, applyPreconditioner, rhs, direction, subsampled && !corrector ? SAMPLED_FORCING : forcingAt(state.gradient), CG_LIMIT, work);
      if (cg.negativeCurvature) warnings.add("Newton-CG met non-positive curvature and truncated its inner solve");
      // A fixed row sample's error recurs every step: correct along the last one, but not
      // with the pair of the step from the start (secant-step.ts).
      if (subsampled && !corrector && steps >= 2) correctAlongStep(state.gradient, previousGradient!, direction, lastStep!);
      if (corrector) {
        corrector.correct(state.gradient, direction, steps > 0 ? lastStep : null, objective.hessianVectorsAt(theta));
        if (cg.iterations >= CG_LIMIT) switchBack();
      } else if (switchRows > 0 && cg.iterations >= switchProducts) switchToSample();
      return 1;
    },
    fallback(state, direction) {
      warnings.add("a Newton step failed the line search; took a gradient step instead");
      for (let i = 0; i < P; i++) direction[i] = -state.gradient[i];
      return 1;
    },
    accepted(before, after) {
      steps++;
      // max |step| as maxAbs takes it (NaN wins), without storing the step unless it is kept.
      let largest = 0;
      for (let i = 0; i < P; i++) {
        const a = Math.abs(after.theta[i] - before.theta[i]);
        if (a > largest || a !== a) largest = a;
      }
      settle.stepped(largest);
      if (lastStep) for (let i = 0; i < P; i++) lastStep[i] = after.theta[i] - before.theta[i];
      if (previousGradient) previousGradient.set(before.gradient);
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
