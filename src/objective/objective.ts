/**
 * The objective every solver minimises, and the solvers' only door to the data:
 *   f(θ) = (1/Σw) Σ_n w_n CE(y_n, softmax(B x̂_n)) + penalty(θ)   (penalty.ts: (λ/2)‖W‖²)
 * with its gradient, Hessian and Hessian-vector product, mini-batch gradients, a curvature
 * bound and the certificate of separation. It owns the normalisation (1/Σw, or 1/Σw of
 * the batch) and applies the penalty; the resident data only sum over rows.
 *
 * Probabilities from the last evaluation stay cached in kernel memory, so the Hessian (or a
 * series of Hessian-vector products) at an accepted line-search point costs no extra pass.
 */
import { maxAbs } from "../linalg/vector.js";
import { fail } from "../util/errors.js";
import { MiniBatches } from "./mini-batch.js";
import { Penalty, type PenaltySpec } from "./penalty.js";
import { ResidentData } from "./resident-data.js";
import type { Resident } from "./resident.js";
import type { Dtype } from "../backends/backend.js";
import { CurvaturePreconditioner, curvatureWeight, type Preconditioner } from "./curvature-preconditioner.js";
import { BLOCK, sampleBlocks, type HessianSample } from "./hessian-sample.js";
import { CurvaturePairs } from "../solvers/curvature-pairs.js";
import { SparseResidentData } from "./sparse-resident-data.js";
import { SparseNewtonSystem, type NewtonSystem } from "./sparse-newton-system.js";

/** Hessian-vector products of the mean loss (plus penalty) on a row sample: Objective.hessianSample. */
export interface SampledHessian {
  /** The sampled rows, ascending. */
  readonly rows: Int32Array;
  /** The kernel-side sample (its probabilities feed the preconditioner). */
  readonly sample: HessianSample;
  /** Compute the sample's probabilities at θ (one pass over the sample). */
  refresh(theta: Float64Array): void;
  /** out = H_S·v at the θ of the last refresh. */
  hessianVector(v: Float64Array, out: Float64Array): void;
  dispose(): void;
}
import type { ColumnScaling } from "./standardization.js";

export class Objective {
  /** Parameters K(d+1), rows (terms of the mean), classes, features. */
  readonly size: number;
  readonly nRows: number;
  readonly K: number;
  readonly d: number;
  /** Whether the model has intercepts (else they stay 0). */
  readonly fitIntercept: boolean;
  readonly penalty: Penalty;
  private readonly data: Resident;
  private readonly batches: MiniBatches;
  /** θ at which the kernel memory holds probabilities (null: none kept yet). */
  private probabilitiesAt: Float64Array | null = null;
  /** Whether the kernel memory holds probabilities of a pass whose loss was finite (at probabilitiesAt, or at the θ CSR rows hold). */
  private keptValid = false;
  private keepProbabilities = false;
  /** Counts the evaluations that replaced the kept probabilities (hessianVectorsAt's check). */
  private generation = 0;
  private readonly scale: number;
  private curvature?: number;
  /** Standardisation (see standardization.ts): θ are standardised parameters, the data see Tθ. */
  readonly scaling?: ColumnScaling;
  private readonly original: Float64Array;
  private readonly direction: Float64Array;

  constructor(data: Resident, penalty: PenaltySpec, scaling?: ColumnScaling) {
    this.data = data;
    this.size = data.size;
    this.nRows = data.n;
    this.K = data.K;
    this.d = data.d;
    this.fitIntercept = data.fitIntercept;
    this.penalty = new Penalty(penalty, data.d);
    this.batches = new MiniBatches(data);
    this.scale = 1 / data.weightSum;
    this.scaling = scaling;
    this.original = new Float64Array(scaling ? data.size : 0);
    this.direction = new Float64Array(scaling ? data.size : 0);
  }

  /** Storage precision of the data's X̂. */
  get dtype(): Dtype {
    return this.data.dtype;
  }

  /** The parameters in original units (θ itself without standardisation). */
  toOriginal(theta: Float64Array): Float64Array {
    return this.scaling ? this.scaling.toOriginal(theta, new Float64Array(theta.length)) : Float64Array.from(theta);
  }

  /** The parameters the solvers work on for original-units ones (a copy). */
  fromOriginal(theta: Float64Array): Float64Array {
    return this.scaling ? this.scaling.toStandardised(theta, new Float64Array(theta.length)) : Float64Array.from(theta);
  }

  /** Where the data are evaluated: Tθ with standardisation (in a buffer reused per call), θ without. */
  private dataTheta(theta: Float64Array): Float64Array {
    return this.scaling ? this.scaling.toOriginal(theta, this.original) : theta;
  }

  /**
   * f(θ); when `grad` is given it receives ∇f(θ). `nonFinite`, when given (CSR data without a
   * column scaling only: checksFinite), is called instead of the pass when some entry of θ is not
   * finite, found in the pass that writes θ into the kernels' rows (createObjective's check of
   * a caller's θ without a copy of it); it must throw.
   */
  lossGradient(theta: Float64Array, grad: Float64Array | null, nonFinite?: () => never): number {
    if (!this.scaling && this.data instanceof SparseResidentData) {
      // CSR data sum the penalty's squares in the pass that writes θ in, normalise and add the
      // penalty's gradient in the pass that reads the gradient out: on text each pass over
      // K(d+1) counts. With or without grad, so that f(θ) has the same bits either way.
      const value = this.data.lossGradientPenalised(
        theta, grad, this.keepProbabilities, this.scale, this.penalty,
        // The rows then hold part of θ: nothing kept is valid any more.
        nonFinite && (() => (this.forget(), nonFinite())),
      );
      if (this.keepProbabilities) this.kept(theta, value);
      return finiteLoss(value);
    }
    const original = this.dataTheta(theta);
    const sum = this.data.lossGradient(original, grad, this.keepProbabilities);
    if (this.keepProbabilities) this.kept(theta, sum);
    const scaling = this.scaling;
    // The penalty acts on the standardised parameters (standardize) or on the original ones
    // (a preconditioner): its gradient joins before or after the pull-back accordingly.
    if (grad && scaling?.penalisesStandardised) scaling.pullBack(grad);
    const scale = this.scale;
    if (grad) for (let i = 0; i < grad.length; i++) grad[i] *= scale;
    const value = sum * this.scale + this.penalty.addValueGradient(this.penaltyTheta(theta, original), grad);
    if (grad && scaling && !scaling.penalisesStandardised) scaling.pullBack(grad);
    return finiteLoss(value);
  }

  /**
   * f and ∇f at θ + t·direction (a line search's trial), the point written into `trial`: the
   * same values as lossGradient(trial, grad), in fewer sweeps over the parameters where the
   * data allow it (dense rows without a column scaling: the step, the normalisation and the
   * penalty ride on the copies to and from kernel memory). With `measures`, the trial's slope
   * ∇fᵀdirection and max |∇f| come out of the same sweep.
   */
  lossGradientAlong(theta: Float64Array, t: number, direction: Float64Array, trial: Float64Array, grad: Float64Array, measures?: TrialMeasures): number {
    if (this.scaling || !(this.data instanceof ResidentData)) {
      for (let i = 0; i < trial.length; i++) trial[i] = theta[i] + t * direction[i];
      const value = this.lossGradient(trial, grad);
      if (measures) measureTrial(grad, direction, measures);
      return value;
    }
    const value = this.data.lossGradientAlong(theta, t, direction, trial, grad, this.keepProbabilities, this.scale, this.penalty, measures);
    if (this.keepProbabilities) this.kept(trial, value);
    return finiteLoss(value);
  }

  /**
   * Whether lossAlongHeld can leave a trial's gradient in kernel memory (CSR data without a
   * column scaling), so that a line search needs no array for the gradients of trials it rejects.
   */
  get holdsGradients(): boolean {
    return this.rowsKeepTheta;
  }

  /**
   * lossGradientAlong's value and trial point, the gradient held by the data instead of
   * written out: readHeldGradient / heldGradientMax give its bits until the next evaluation.
   * `direction` may be `trial` itself (the point is formed entry by entry, in place).
   */
  lossAlongHeld(theta: Float64Array, t: number, direction: Float64Array, trial: Float64Array): number {
    for (let i = 0; i < trial.length; i++) trial[i] = theta[i] + t * direction[i];
    const value = (this.data as SparseResidentData).lossHoldingGradient(trial, this.keepProbabilities, this.scale, this.penalty);
    if (this.keepProbabilities) this.kept(trial, value);
    return finiteLoss(value);
  }

  /** The gradient lossAlongHeld held, into `out`. */
  readHeldGradient(out: Float64Array): void {
    (this.data as SparseResidentData).readHeldGradient(out);
  }

  /** max |∇f| of the gradient lossAlongHeld held. */
  heldGradientMax(): number {
    return (this.data as SparseResidentData).heldGradientMax();
  }

  /** Whether gradientNorm is max |∇f| of the solvers' gradient itself (no change of coordinates). */
  get gradientNormIsMaxAbs(): boolean {
    return !this.scaling || this.scaling.penalisesStandardised;
  }

  /**
   * max |∇f| in the model's own coordinates, for the stopping rule: the standardised ones with
   * standardize (the pipeline's parameters), the original ones under a preconditioner (so tol
   * means what it means without one).
   */
  gradientNorm(gradient: Float64Array): number {
    if (!this.scaling || this.scaling.penalisesStandardised) return maxAbs(gradient);
    return maxAbs(this.scaling.pushForward(gradient, this.direction));
  }

  /** The parameters the penalty sees: the solvers' θ, or the original ones under a preconditioner. */
  private penaltyTheta(theta: Float64Array, original: Float64Array): Float64Array {
    return this.scaling && !this.scaling.penalisesStandardised ? original : theta;
  }

  /** f(θ) alone. */
  loss(theta: Float64Array): number {
    return this.lossGradient(theta, null);
  }

  /** Whether lossGradient checks θ itself (its `nonFinite`): CSR data without a column scaling. */
  get checksFinite(): boolean {
    return this.rowsKeepTheta;
  }

  /** The full P×P Hessian at θ (row-major, symmetric). */
  hessian(theta: Float64Array, out: Float64Array): void {
    denseHessianFits(this.size);
    this.ensureProbabilities(theta);
    this.data.hessian(out);
    const scaling = this.scaling;
    if (scaling?.penalisesStandardised) scaling.pullBackMatrix(out);
    const P = this.size;
    for (let i = 0; i < P * P; i++) out[i] *= this.scale;
    this.penalty.addHessian(out, P);
    if (scaling && !scaling.penalisesStandardised) scaling.pullBackMatrix(out);
  }

  /** out = ∇²f(θ)·v, without forming the Hessian. */
  hessianVector(theta: Float64Array, v: Float64Array, out: Float64Array): void {
    this.ensureProbabilities(theta);
    this.finishHessianVector(v, out, this.scale, (mapped, sum) => this.data.hessianVector(mapped, sum));
  }

  /**
   * Products v ↦ ∇²f(θ)·v at one θ (Newton-CG's inner solve): θ is compared with the kept
   * probabilities' once, here, not at every product (200 000 parameters on text make that
   * comparison a pass of its own). θ must not change while the products are used; should
   * another evaluation replace the kept probabilities meanwhile, they are recomputed.
   */
  hessianVectorsAt(theta: Float64Array): (v: Float64Array, out: Float64Array) => void {
    this.ensureProbabilities(theta);
    let generation = this.generation;
    const at = Float64Array.from(theta);
    // Dense rows without a column scaling: the normalisation and penalty in the read-out.
    const data = !this.scaling && this.data instanceof ResidentData ? this.data : null;
    return (v, out) => {
      if (this.generation !== generation) {
        this.ensureProbabilities(at);
        generation = this.generation;
      }
      if (data) data.hessianVectorPenalised(v, out, this.scale, this.penalty);
      else this.finishHessianVector(v, out, this.scale, (mapped, sum) => this.data.hessianVector(mapped, sum));
    };
  }

  /**
   * out = (normalised sum + penalty)·v, given `sum(mapped, out)`: the summed data Hessian times
   * a direction in original units (all rows, or a sample with its own normaliser `scale`).
   */
  private finishHessianVector(v: Float64Array, out: Float64Array, scale: number, sum: (mapped: Float64Array, out: Float64Array) => void): void {
    // H̃v = Tᵀ H (T v): T is linear, so it maps the direction as it maps parameters.
    const scaling = this.scaling;
    const mapped = scaling ? scaling.toOriginal(v, this.direction) : v;
    sum(mapped, out);
    if (scaling?.penalisesStandardised) scaling.pullBack(out);
    this.penalty.scaleAndAddGradient(out, scale, scaling && !scaling.penalisesStandardised ? mapped : v);
    if (scaling && !scaling.penalisesStandardised) scaling.pullBack(out);
  }

  /**
   * A stochastic gradient at θ from the rows `rows[0..count)` (a uniform sample without
   * replacement of the N rows) into `out`: N/(count·Σw) · Σ_batch w ∇CE + ∇penalty. Its
   * expectation is the gradient of the weighted mean (1/Σw) Σ w CE + penalty whatever the
   * batch size: weights count between batches, not only within one (a batch that weighs
   * nothing gives the penalty's gradient alone).
   */
  miniBatchGradient(theta: Float64Array, rows: Int32Array, count: number, out: Float64Array): void {
    const original = this.dataTheta(theta);
    if (this.batches.weight(rows, count) === 0) out.fill(0);
    else this.batches.lossGradient(original, out, rows, count);
    const scaling = this.scaling;
    if (scaling?.penalisesStandardised) scaling.pullBack(out);
    this.penalty.scaleAndAddGradient(out, this.nRows / (count * this.data.weightSum), this.penaltyTheta(theta, original));
    if (scaling && !scaling.penalisesStandardised) scaling.pullBack(out);
  }

  /**
   * An upper bound L on the curvature of f (the Lipschitz constant of its gradient): the
   * softmax curvature diag(p) − ppᵀ ≼ ½I gives L ≤ ½·Σ w‖x̂‖²/Σw + λ. Safe but often loose.
   */
  curvatureBound(): number {
    if (this.curvature === undefined && this.scaling) {
      // Under a preconditioner the penalty (λ/2)‖W̃/σ‖² curves by at most λ/min σ².
      const penalty = this.penalty.curvature * (this.scaling.penalisesStandardised ? 1 : this.scaling.largestInverseSquare);
      this.curvature = this.scaling.halfMeanSquaredNorm(this.data, this.data.weights()) + penalty;
    }
    if (this.curvature === undefined) {
      this.curvature = 0.5 * (this.data.weightedSquaredNorm() / this.data.weightSum) + this.penalty.curvature;
    }
    return this.curvature;
  }

  /**
   * Whether θ puts every row that counts (weight > 0) strictly in its own class: a
   * certificate that hard-labelled data are linearly separable. False for soft targets.
   */
  separatesEveryRow(theta: Float64Array): boolean {
    if (this.data.soft) return false;
    this.kept(theta, this.data.lossGradient(this.dataTheta(theta), null, true));
    if (!this.keptValid) return false; // the loss overflowed: no probabilities, no certificate
    const weights = this.data.weights();
    const labels = this.data.labels();
    const probabilities = this.data.keptProbabilities();
    const K = this.K;
    for (let i = 0; i < this.data.n; i++) {
      if (weights[i] === 0) continue;
      const label = labels![i];
      const own = probabilities![i * K + label];
      for (let k = 0; k < K; k++) if (k !== label && probabilities![i * K + k] >= own) return false;
    }
    return true;
  }

  /**
   * How evenly the rows share the curvature at θ: Kish's effective number of rows of the
   * weights a_n = w_n·ω_n (ω as in curvature-preconditioner.ts), (Σa)²/(N·Σa²), from the
   * probabilities an evaluation at θ keeps. 1 when every row curves alike; small when a few
   * rows carry it (near-separable data: most rows are classified with confidence). 1 when the
   * layout keeps no probabilities.
   */
  curvatureSpread(theta: Float64Array): number {
    this.ensureProbabilities(theta);
    const p = this.data.keptProbabilities();
    if (!p) return 1;
    const w = this.data.weights();
    const { K, nRows: n } = this;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const a = curvatureWeight(p, i * K, K, w[i]);
      sum += a;
      squares += a * a;
    }
    return squares > 0 ? (sum * sum) / (n * squares) : 1;
  }

  /**
   * Hessian-vector products on a random sample of about `rows` rows for sub-sampled Newton
   * (hessian-sample.ts: whole blocks of consecutive rows): the sample's mean-loss Hessian plus
   * the penalty's. Null when the data's layout has none. Call refresh(θ) before the products
   * at θ, dispose() after.
   */
  hessianSample(rows: number, random: () => number): SampledHessian | null {
    const data = this.data as Partial<Pick<ResidentData, "hessianSample" | "freeSolverBuffer">>;
    if (typeof data.hessianSample !== "function" || typeof data.freeSolverBuffer !== "function") return null;
    const sample = data.hessianSample.call(this.data, sampleBlocks(this.nRows, Math.ceil(rows / BLOCK), random));
    const scale = 1 / sample.weightSum();
    return {
      rows: sample.rows,
      sample,
      refresh: (theta) => {
        // A copy of every row takes the probabilities the last evaluation kept (float64, and
        // no pass of its own); a sample computes its rows'.
        if (sample.rows.length < this.nRows) return sample.refresh(this.dataTheta(theta));
        this.ensureProbabilities(theta);
        sample.useProbabilities(this.data.keptProbabilities()!);
      },
      // Without a column scaling the normalisation and penalty ride on the read-out.
      hessianVector: this.scaling
        ? (v, out) => this.finishHessianVector(v, out, scale, (mapped, sum) => sample.hessianVector(mapped, sum))
        : (v, out) => sample.hessianVectorPenalised(v, out, scale, this.penalty),
      dispose: () => data.freeSolverBuffer!.call(this.data, sample),
    };
  }

  /**
   * The Newton-CG preconditioner I_K ⊗ A⁻¹, A the curvature-weighted Gram of some rows plus
   * the penalty's curvature (curvature-preconditioner.ts): `rows` are row indices (a random
   * sample, ascending), or, with a Hessian sample, positions in its rows (whose probabilities
   * it then uses). Null when the data's layout has no Gram of rows. Call refresh(θ) before
   * apply, dispose() after.
   */
  curvaturePreconditioner(rows: Int32Array, sampled?: SampledHessian): Preconditioner | null {
    const data = this.data as Partial<Pick<ResidentData, "gramFactor" | "freeSolverBuffer">>;
    if (typeof data.gramFactor !== "function" || typeof data.freeSolverBuffer !== "function") return null;
    const { penalty, K, scaling } = this;
    const absolute = sampled ? Int32Array.from(rows, (i) => sampled.rows[i]) : rows;
    const w = this.data.weights();
    const rowWeights = Float64Array.from(absolute, (r) => w[r]);
    // A is built in original units; a penalty on standardised weights θ̃_j = σ_j θ_j curves by λσ_j² there.
    const penaltyCurvature = (j: number) => (!penalty.penalises(j) ? 0 : scaling?.penalisesStandardised ? penalty.l2 * scaling.scale[j - 1] ** 2 : penalty.l2);
    const preconditioner = new CurvaturePreconditioner(
      {
        K,
        d: this.d,
        fitIntercept: this.fitIntercept,
        penaltyCurvature,
        curvatureWeights: (theta, factor, weightSum) => {
          // A sample's probabilities are those of its last refresh (at θ), indexed like its rows.
          if (sampled) return factor.weighCurvature(sampled.sample.probabilitiesPointer, sampled.sample.weightsPointer, K, weightSum);
          this.ensureProbabilities(theta);
          const resident = this.data as ResidentData;
          factor.weighCurvature(resident.probabilitiesPointer, resident.weightsPointer, K, weightSum);
        },
        gramFactor: () => (sampled ? (this.data as ResidentData).gramFactorOfSample(sampled.sample, rows) : data.gramFactor!.call(this.data, absolute)),
        freeGramFactor: (f) => data.freeSolverBuffer!.call(this.data, f),
      },
      rowWeights,
    );
    if (!scaling) return preconditioner;
    // In the solvers' coordinates θ = Tθ̃ the Hessian is TᵀHT, so M̃⁻¹ = T⁻¹ M⁻¹ T⁻ᵀ.
    const dual = new Float64Array(this.size);
    const solved = new Float64Array(this.size);
    return {
      warnings: preconditioner.warnings,
      refresh: (theta) => preconditioner.refresh(theta),
      apply(v, out) {
        preconditioner.apply(scaling.pushForward(v, dual), solved);
        scaling.toStandardised(solved, out);
      },
      dispose: () => preconditioner.dispose(),
    };
  }

  /**
   * Newton-CG's inner solve in the data's own layout (sparse-newton-system.ts: CSR data, with
   * its Jacobi preconditioner); null for dense rows and under a column scaling, whose solves
   * run on the compact layout.
   */
  newtonSystem(): NewtonSystem | null {
    if (this.scaling || !(this.data instanceof SparseResidentData)) return null;
    return new SparseNewtonSystem({
      data: this.data,
      penalty: this.penalty,
      scale: this.scale,
      keepProbabilitiesAt: (theta) => this.ensureProbabilities(theta),
      lossAlong: (theta, t, x, stride) => {
        const value = (this.data as SparseResidentData).lossHoldingAlong(theta, t, x, stride, this.keepProbabilities, this.scale, this.penalty);
        // The rows keep the point (rowsKeepTheta): kept() copies nothing of θ here.
        if (this.keepProbabilities) this.kept(theta, value);
        return finiteLoss(value);
      },
    });
  }

  /**
   * L-BFGS's memory of `capacity` curvature pairs, in the data's kernel memory (or a small
   * heap of its own when the data's layout has none); release it with releasePairs.
   */
  curvaturePairs(capacity: number): CurvaturePairs {
    const data = this.data as Partial<Pick<ResidentData, "curvaturePairs">>;
    return typeof data.curvaturePairs === "function" ? data.curvaturePairs.call(this.data, capacity) : CurvaturePairs.standalone(this.size, capacity);
  }

  /** Free a pair memory from curvaturePairs now (else it goes with the data). */
  releasePairs(pairs: CurvaturePairs): void {
    const data = this.data as Partial<Pick<ResidentData, "freeSolverBuffer">>;
    if (typeof data.freeSolverBuffer === "function") data.freeSolverBuffer.call(this.data, pairs);
    else pairs.free();
  }

  /**
   * The objective on the same rows with only the features `features` (0-based, ascending)
   * and the same penalty: equal to this one wherever the other weights are 0. It has its
   * own kernel memory, freed by its dispose() or with this objective's.
   */
  restrict(features: Int32Array): Objective {
    return new Objective(this.data.selectColumns(features), { l2: this.penalty.l2, l1: this.penalty.l1 }, this.scaling?.restrict(features));
  }

  /** Free the kernel memory; further use throws DISPOSED. Safe to call twice. */
  dispose(): void {
    this.data.dispose();
  }

  private ensureProbabilities(theta: Float64Array): void {
    this.keepProbabilities = true;
    if (this.keptAt(theta)) return;
    const sum = this.data.lossGradient(this.dataTheta(theta), null, true);
    this.kept(theta, sum);
    // Where the loss overflows the probabilities are NaN: a Hessian (or product) from them
    // would be NaN too, so it is NUMERICAL, as f(θ) is there.
    finiteLoss(sum);
  }

  /**
   * After a pass that kept probabilities: they are θ's if the pass's loss was finite; a
   * non-finite loss leaves NaN probabilities in kernel memory, so none count as kept (a later
   * Hessian at that θ, or at the θ kept before, recomputes them).
   */
  private kept(theta: Float64Array, loss: number): void {
    if (Number.isFinite(loss)) this.remember(theta);
    else this.forget();
  }

  /** No probabilities are kept (the last pass that kept them overflowed). */
  private forget(): void {
    this.generation++;
    this.probabilitiesAt = null;
    this.keptValid = false;
  }

  /** Whether the kept probabilities are those at θ. */
  private keptAt(theta: Float64Array): boolean {
    if (!this.keptValid) return false;
    if (this.rowsKeepTheta) return (this.data as SparseResidentData).keptProbabilitiesAt(theta);
    return this.probabilitiesAt !== null && equal(this.probabilitiesAt, theta);
  }

  /**
   * CSR data without a column scaling evaluate at θ itself and keep it in their kernel rows
   * (SparseResidentData.keptProbabilitiesAt): no copy here (on text, 1.6 MB).
   */
  private get rowsKeepTheta(): boolean {
    return !this.scaling && this.data instanceof SparseResidentData;
  }

  private remember(theta: Float64Array): void {
    this.generation++;
    this.keptValid = true;
    if (this.rowsKeepTheta) return;
    if (!this.probabilitiesAt) this.probabilitiesAt = new Float64Array(theta.length);
    this.probabilitiesAt.set(theta);
  }
}

/** What lossGradientAlong measures of a trial's gradient g along the search direction d. */
export interface TrialMeasures {
  /** gᵀd. */
  slope: number;
  /** max |g| (NaN if any entry is NaN). */
  gradientMax: number;
}

/** gradᵀdirection and max |grad| in one sweep, in the order ResidentData's read-out takes them. */
function measureTrial(grad: Float64Array, direction: Float64Array, measures: TrialMeasures): void {
  let slope = 0;
  let largest = 0;
  for (let i = 0; i < grad.length; i++) {
    const g = grad[i];
    slope += g * direction[i];
    const a = Math.abs(g);
    if (a > largest || a !== a) largest = a;
  }
  measures.slope = slope;
  measures.gradientMax = largest;
}

/** The loss, or NUMERICAL when it is not finite. */
function finiteLoss(value: number): number {
  if (!Number.isFinite(value)) {
    fail(
      "NUMERICAL",
      `the loss is ${value} at the current parameters: features or parameters are too large for float64 ` +
        `(rescale the features, e.g. standardise them)`,
    );
  }
  return value;
}

/** Refuse a dense P×P Hessian beyond 2 GiB before trying to allocate it. */
export function denseHessianFits(P: number): void {
  const bytes = P * P * 8;
  if (bytes > 2 ** 31) {
    fail(
      "TOO_LARGE",
      `a dense Hessian of ${P}×${P} parameters needs ${(bytes / 2 ** 30).toFixed(1)} GiB; ` +
        `use Newton-CG (solver "newton-cg"; hessianVectorProduct for your own optimiser) for problems this size`,
    );
  }
}

function equal(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
