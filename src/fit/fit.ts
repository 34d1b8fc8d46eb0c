/**
 * One fit from validated input to a result: choose the kernels and the solver, check that
 * everything the solver will allocate fits in kernel memory, place the data there (X copied
 * and checked in the same synchronous call that read its shape), build the Objective, run the
 * solver (driven by drive.ts), diagnose separable data, and always free the kernel memory
 * afterwards.
 */
import type { Backend } from "../backends/backend.js";
import { PRIVATE_CAPACITY, placeProblem } from "../backends/placement.js";
import { MAX_BYTES, PAGE, type Heap } from "../backends/heap.js";
import type { FittedSolver, ResolvedOptions } from "../input/options.js";
import { csrOf, datasetOf, type TrainingSet } from "../input/training-set.js";
import type { MatrixSource } from "../input/matrix.js";
import type { ProblemShape, ProblemUse } from "../objective/kernel-bytes.js";
import { Objective, denseHessianFits } from "../objective/objective.js";
import { ResidentData } from "../objective/resident-data.js";
import { ResidentMatrix } from "../objective/resident-matrix.js";
import { ResidentCsr } from "../objective/resident-csr.js";
import { assertProblemFits, type ResidentX } from "../objective/resident-for.js";
import { gradientDescent } from "../solvers/gradient-descent.js";
import { lbfgs } from "../solvers/lbfgs.js";
import { lbfgsThenNewtonCg } from "../solvers/lbfgs-fallback.js";
import { newtonCholesky } from "../solvers/newton.js";
import { newtonCg, hessianSampleRows } from "../solvers/newton-cg.js";
import { solverBytes } from "../solvers/solver-memory.js";
import { handOver } from "../solvers/start.js";
import { newtonL1 } from "../solvers/newton-l1.js";
import { stochasticGradientDescent } from "../solvers/sgd.js";
import { STOPPED_BY_CALLBACK, type IterationReport, type Solver, type SolverResult } from "../solvers/solver.js";
import { fail } from "../util/errors.js";
import { threadPlan } from "./backend-choice.js";
import { holdStartedThreads, holdThreads, type ThreadHold } from "../threads/pools.js";
import { MAX_DENSE_PARAMETERS, lbfgsBudget, lbfgsFallsBack, resolveSolver } from "./choose-solver.js";
import { l1Max } from "../objective/intercept-only.js";
import { drive, driveSync, type DriveControls } from "./drive.js";
import { requireWeightedClasses } from "./class-mass.js";
import { buildProblem, type Preconditioning, type Problem, type ProblemInfo } from "./problem.js";
import { badScalingWarning } from "./scaling-warning.js";
import { SEPARABLE, looksSeparable } from "./separation.js";
import { statisticsAtOptimum } from "../inference/at-optimum.js";
import { inferenceFits, type FitStatistics } from "../inference/fit-statistics.js";

/** The solvers by the names a fit reports (and the `solver` option accepts). */
export const SOLVERS: Record<FittedSolver, Solver> = {
  "newton-cholesky": newtonCholesky,
  "newton-cg": newtonCg,
  lbfgs,
  gd: gradientDescent,
  sgd: stochasticGradientDescent,
  "newton-l1": newtonL1,
};

/** What a fit produced: the solver's result with θ in original units, and what the objective was built from. */
export interface FitOutcome extends ProblemInfo {
  result: SolverResult;
  solver: FittedSolver;
  /** Fallbacks taken: threads that did not run, then the solver's own. */
  warnings: string[];
  /** What inference needs, kept by unpenalised fits (inference/at-optimum.ts). */
  statistics?: FitStatistics;
}

/** Fit, yielding to the event loop between iterations (and starting thread workers if asked). */
export async function fit(data: TrainingSet, options: ResolvedOptions, controls: DriveControls, init?: Float64Array): Promise<FitOutcome> {
  const plan = threadPlan(options, data.X.rows, datasetOf(data) !== undefined);
  const solver = solverFor(data, options);
  const hold = plan.threads > 1 ? holdThreads() : undefined;
  try {
    // The data go into kernel memory now, before the first await.
    const placed = placeData(data, options, solver, plan.threads, hold);
    const warnings = [...plan.warnings];
    if (hold) await bindThreads(hold, plan.threads, placed, options, warnings);
    const run = start(data, options, solver, placed, init);
    try {
      return run.outcome(await drive(run.iterations, controls), warnings);
    } finally {
      run.release();
    }
  } finally {
    hold?.release();
  }
}

/** Bind the placed data's kernels to `threads` leased workers; a failure frees the data. */
async function bindThreads(hold: ThreadHold, threads: number, placed: PlacedData, options: ResolvedOptions, warnings: string[]): Promise<void> {
  try {
    const lease = await hold.lease(threads);
    placed.matrix.bindKernels(lease.backend);
    if (lease.warning) warnings.push(`threads: ${options.threads} requested, ran on one thread: ${lease.warning}`);
  } catch (e) {
    placed.matrix.release();
    placed.release();
    throw e;
  }
}

/** The same without yielding: threads only on workers an earlier async fit started. */
export function fitSync(data: TrainingSet, options: ResolvedOptions, controls: DriveControls, init?: Float64Array): FitOutcome {
  let plan = threadPlan(options, data.X.rows, datasetOf(data) !== undefined);
  const solver = solverFor(data, options);
  let started: { hold: ThreadHold; backend: Backend } | undefined;
  if (plan.threads > 1) {
    const running = holdStartedThreads(plan.threads);
    if (typeof running === "string") plan = { threads: 1, warnings: [`threads: ${options.threads} requested, ran on one thread: ${running}`] };
    else started = running;
  }
  try {
    const placed = placeData(data, options, solver, plan.threads, started?.hold);
    if (started) placed.matrix.bindKernels(started.backend);
    const run = start(data, options, solver, placed, init);
    try {
      return run.outcome(driveSync(run.iterations, controls), plan.warnings);
    } finally {
      run.release();
    }
  } finally {
    started?.hold.release();
  }
}

/** The solver a fit runs, refusing a dense Hessian too large to form before anything is allocated. */
function solverFor(data: TrainingSet, options: ResolvedOptions): FittedSolver {
  requireWeightedClasses(data.targets, data.weights, options.classWeight, options.fitIntercept);
  const { rows: n, cols: d } = data.X;
  const K = data.targets.classes.length;
  const solver = resolveSolver(options, n, d, K, csrOf(data) !== undefined || datasetOf(data)?.sparse === true);
  if (solver === "newton-cholesky") denseHessianFits(K * (d + 1));
  return solver;
}

/** The buffers `solver` will allocate beyond the data, θ, gradient and scratch. */
function useOf(solver: FittedSolver, options: ResolvedOptions, shape: ProblemShape, ownMatrix: boolean, threads: number, sparse: boolean): ProblemUse {
  const P = shape.K * (shape.d + 1);
  // Newton keeps every row's probabilities for its Hessian (Newton-CG on a Hessian sample only
  // the sample's; CSR data has no sample, nor a Gram preconditioner).
  const newton = solver === "newton-cholesky" || (solver === "newton-cg" && (sparse || hessianSampleRows(shape.n, P) === 0));
  // Without a penalty the separation diagnosis keeps probabilities and may take a Newton-CG
  // step, and the statistics for inference need the Hessian blocks.
  const diagnosis = options.l2 === 0 && options.l1 === 0;
  // newton-l1 takes Newton steps by Cholesky (only up to MAX_DENSE_PARAMETERS) or CG; on
  // wide data its working sets copy fewer than half of X̂'s columns (workingSet).
  const l1 = solver === "newton-l1";
  return {
    matrix: ownMatrix,
    probabilities: newton || diagnosis || l1,
    hessianBlocks: solver === "newton-cholesky" || (diagnosis && inferenceFits(P)) || (l1 && P <= MAX_DENSE_PARAMETERS),
    vector: solver === "newton-cg" || diagnosis || l1,
    workingSet: l1,
    // SGD never takes more rows a batch than there are (sgd.ts clamps it the same way).
    batchRows: solver === "sgd" ? Math.min(options.batchSize, shape.n) : 0,
    threads,
    // CSR data keep only L-BFGS's pairs (no Gram factor or Hessian sample).
    solverBytes: !sparse || solver === "lbfgs" ? solverBytes(solver, shape) : 0,
  };
}

/** X̂ in kernel memory for a problem (dense or CSR): the Dataset's (shared), or the caller's X copied now. */
export interface PlacedData {
  matrix: ResidentX;
  /** Whether the matrix is this problem's own (freed with its resident data). */
  own: boolean;
  /** Whether "auto"'s L-BFGS may hand over to Newton-CG: its buffers were found room for too. */
  handover: boolean;
  /** Give up the placement (the Dataset's hold, or an own memory's tracking). */
  release(): void;
}

/**
 * Check that everything `solver` will allocate fits, then place X: take the Dataset's matrix,
 * or copy (and check) the caller's X into kernel memory, in this synchronous call: into the
 * thread pool's memory for a threaded fit (`hold`; its kernels are bound once the workers are
 * leased), else the main memory or, for a large problem, a memory of its own.
 */
export function placeData(data: TrainingSet, options: ResolvedOptions, solver: FittedSolver, threads = 1, hold?: ThreadHold): PlacedData {
  const dataset = datasetOf(data);
  const { rows: n, cols: d } = data.X;
  const K = data.targets.classes.length;
  if (dataset) checkDataset(dataset, options);
  const shape: ProblemShape = { n, d, K, dtype: options.dtype, soft: data.targets.kind === "soft", backend: options.backend };
  const csr = csrOf(data);
  const sparse = csr !== undefined || dataset?.sparse === true;
  /** Check that the fit's buffers fit in `available` bytes, Newton-CG's too where L-BFGS may hand over (if there is room); returns the bytes and whether it may. */
  const fits = (own: boolean, threadCount: number, available: number, entries?: number) => {
    const use = useOf(solver, options, shape, own, threadCount, sparse);
    if (lbfgsFallsBack(options, solver, d, sparse)) {
      try {
        return { bytes: assertProblemFits(shape, withUse(use, useOf("newton-cg", options, shape, own, threadCount, sparse)), available, entries), handover: true };
      } catch (e) {
        if ((e as { code?: string }).code !== "TOO_LARGE") throw e;
      }
    }
    return { bytes: assertProblemFits(shape, use, available, entries), handover: false };
  };
  if (dataset) {
    const held = dataset.acquire();
    let handover: boolean;
    try {
      const entries = held.matrix instanceof ResidentCsr ? held.matrix.nnz : undefined;
      ({ handover } = fits(false, 1, PRIVATE_CAPACITY - held.matrix.heap.bytesInUse, entries));
    } catch (e) {
      held.release();
      throw e;
    }
    return { matrix: held.matrix, own: false, handover, release: held.release };
  }
  const entries = csr?.entries(0, n);
  const copy = (target: Backend | { heap: Heap }): ResidentX =>
    csr ? new ResidentCsr(target, csr, options.dtype) : new ResidentMatrix(target, data.X as MatrixSource, options.dtype);
  if (hold) {
    const { handover } = fits(true, threads, MAX_BYTES - PAGE - hold.heap.bytesInUse, entries);
    return { matrix: copy({ heap: hold.heap }), own: true, handover, release() {} };
  }
  const { bytes, handover } = fits(true, 1, PRIVATE_CAPACITY, entries);
  const placement = placeProblem(options.backend, bytes);
  try {
    return { matrix: copy(placement.backend), own: true, handover, release: () => placement.release() };
  } catch (e) {
    placement.release();
    throw e;
  }
}

/** What two solvers run one after the other may use: either's buffers (the first frees its solver memory before the second starts). */
function withUse(a: ProblemUse, b: ProblemUse): ProblemUse {
  return {
    ...a,
    probabilities: a.probabilities || b.probabilities,
    hessianBlocks: a.hessianBlocks || b.hessianBlocks,
    vector: a.vector || b.vector,
    solverBytes: Math.max(a.solverBytes ?? 0, b.solverBytes ?? 0),
  };
}

/** The problem on the placed data (taking them over); a failure gives the placement up. */
function problemOn(placed: PlacedData, data: TrainingSet, options: ResolvedOptions, preconditioning: Preconditioning): Problem {
  try {
    return buildProblem(placed.matrix, placed.own, data, options, preconditioning);
  } catch (e) {
    placed.release();
    throw e;
  }
}

/**
 * Set up the problem on the placed data (taking them over); returns the solver's iterations,
 * how to turn their result into the outcome, and a cleanup to call when they end. `init`, in
 * original units, is the start.
 */
function start(data: TrainingSet, options: ResolvedOptions, solver: FittedSolver, placed: PlacedData, init?: Float64Array) {
  const preconditioning = preconditioningOf(solver, options);
  const problem = problemOn(placed, data, options, preconditioning);
  const { objective, resident } = problem;
  const release = () => {
    objective.dispose();
    placed.release();
  };
  try {
    const scalingWarning = problem.preconditioned && preconditioning === "spread" ? badScalingWarning(problem.preconditioned, solver) : null;
    // Both starts are fresh arrays: the solver may iterate in them.
    const theta0 = handOver(init ? objective.fromOriginal(init) : new Float64Array(objective.size));
    const run = placed.handover
      ? lbfgsThenNewtonCg(objective, theta0, options, lbfgsBudget(data.X.rows, data.X.cols, data.targets.classes.length, options.maxIter))
      : SOLVERS[solver](objective, theta0, options);
    const iterations = diagnosed(run, objective);
    const outcome = (result: SolverResult, backendWarnings: string[]): FitOutcome => {
      // The solver is done with its θ: without standardisation it is the model's as it is.
      const theta = objective.scaling ? objective.toOriginal(result.theta) : result.theta;
      // Maximum-likelihood fits (no L2, no L1) keep what inference needs (while the data are
      // still resident), in original units and with the effective row weights the fit used.
      // Not yet for CSR: the statistics' score products read dense rows.
      const statistics =
        options.l2 === 0 && options.l1 === 0 && resident instanceof ResidentData
          ? statisticsAtOptimum(resident, { ...data, weights: problem.weights }, { theta, converged: result.converged, separable: result.reason === SEPARABLE })
          : undefined;
      return {
        result: { ...result, theta },
        // Own properties only: a polluted Object.prototype must not name the solver.
        solver: Object.hasOwn(result, "solver") && result.solver ? result.solver : solver,
        warnings: [...backendWarnings, ...(scalingWarning ? [scalingWarning] : []), ...result.warnings],
        classWeights: problem.classWeights,
        scaling: problem.scaling,
        statistics,
      };
    };
    return { iterations, solver, outcome, release };
  } catch (e) {
    // A solver may refuse the problem when set up.
    release();
    throw e;
  }
}

/**
 * How the solver may precondition badly scaled features. gd and sgd by the columns' spread
 * (and say so in the warnings, since they need it to converge at all); L-BFGS by the spread
 * floored by the penalty, silently: the optimum is the same, only its path changes (on a CSR
 * X too, so that both forms of one matrix follow the same iterates). Not
 * proximal gradient (gd with L1): its preconditioner penalises the original weights, whose
 * L1 term has no soft-thresholding prox in the preconditioned coordinates.
 */
export function preconditioningOf(solver: FittedSolver, options: Pick<ResolvedOptions, "l1">): Preconditioning {
  if (solver === "sgd" || (solver === "gd" && options.l1 === 0)) return "spread";
  return solver === "lbfgs" ? "curvature" : "none";
}

/** One point of fitL1Path: λ₁ and the solver's result there (θ in original units). */
export interface PathFit {
  l1: number;
  result: SolverResult;
}

/**
 * The L1 path: X placed in kernel memory once, λ₁_max computed exactly there, then one
 * newton-l1 fit (proximal gradient for solver "gd") per λ₁ of `grid(λ₁_max)`, largest first,
 * each warm-started from the previous optimum, the first from the intercept-only optimum.
 * With standardize, λ₁ acts on the standardised weights, as in a scikit-learn pipeline.
 */
export async function fitL1Path(
  data: TrainingSet,
  options: ResolvedOptions,
  controls: DriveControls,
  grid: (l1Max: number) => number[],
): Promise<{ l1Max: number; fits: PathFit[]; warnings: string[] }> {
  const solver = options.solver === "gd" ? "gd" : "newton-l1";
  requireWeightedClasses(data.targets, data.weights, options.classWeight, options.fitIntercept);
  const plan = threadPlan(options, data.X.rows, datasetOf(data) !== undefined);
  const hold = plan.threads > 1 ? holdThreads() : undefined;
  try {
    // The data go into kernel memory now, before the first await.
    const placed = placeData(data, options, solver, plan.threads, hold);
    const warnings = [...plan.warnings];
    if (hold) await bindThreads(hold, plan.threads, placed, options, warnings);
    const { objective, resident } = problemOn(placed, data, options, "none");
    try {
      const { l1Max: max, theta: start } = l1Max(objective);
      const fits: PathFit[] = [];
      let theta = start;
      for (const l1 of grid(max).sort((a, b) => b - a)) {
        const result = await drive(SOLVERS[solver](new Objective(resident, { l2: options.l2, l1 }, objective.scaling), theta, options), controls);
        theta = result.theta;
        fits.push({ l1, result: { ...result, theta: objective.toOriginal(result.theta) } });
      }
      return { l1Max: max, fits, warnings };
    } finally {
      objective.dispose();
      placed.release();
    }
  } finally {
    hold?.release();
  }
}

/**
 * λ₁_max of a training set under `options` (class weights, standardize): the smallest λ₁ at
 * which every weight of the optimum is 0, computed exactly on the objective a fit would build.
 */
export function trainingSetL1Max(data: TrainingSet, options: ResolvedOptions): number {
  requireWeightedClasses(data.targets, data.weights, options.classWeight, options.fitIntercept);
  const placed = placeData(data, options, "newton-l1");
  const problem = problemOn(placed, data, options, "none");
  try {
    return l1Max(problem.objective).l1Max;
  } finally {
    problem.objective.dispose();
    placed.release();
  }
}

/** A Dataset holds X in one dtype and one backend's memory: the model must use the same. */
export function checkDataset(dataset: NonNullable<ReturnType<typeof datasetOf>>, options: ResolvedOptions): void {
  if (dataset.dtype !== options.dtype) {
    fail("INVALID_OPTION", `the Dataset stores X as ${dataset.dtype} but the model's dtype is ${options.dtype}; create the Dataset with { dtype: "${options.dtype}" } or set the model's dtype to "${dataset.dtype}"`);
  }
  if (dataset.backend !== options.backend) {
    fail("INVALID_OPTION", `the Dataset is placed for backend "${dataset.backend}" but the model's backend is "${options.backend}"; create the Dataset with { backend: "${options.backend}" }`);
  }
}

/** Pass the solver's iterations through, then replace a hollow "converged" on separable data. */
function* diagnosed(run: Generator<IterationReport, SolverResult, void>, objective: Objective): Generator<IterationReport, SolverResult, void> {
  const result = yield* run;
  // Stopped by the caller: their iterate, their reason.
  if (result.reason === STOPPED_BY_CALLBACK || !looksSeparable(objective, result)) return result;
  return { ...result, converged: false, reason: SEPARABLE };
}
