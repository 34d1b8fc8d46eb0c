/**
 * One fit from validated input to a result: choose the kernels and the solver, check that
 * everything the solver will allocate fits in kernel memory, place the data there (X copied
 * and checked in the same synchronous call that read its shape), build the Objective, run the
 * solver (driven by drive.ts), diagnose separable data, and always free the kernel memory
 * afterwards.
 */
import type { Backend } from "../backends/backend.js";
import { PRIVATE_CAPACITY, placeProblem } from "../backends/placement.js";
import { MAX_BYTES, PAGE } from "../backends/heap.js";
import type { FittedSolver, ResolvedOptions } from "../input/options.js";
import { datasetOf, type TrainingSet } from "../input/training-set.js";
import type { MatrixSource } from "../input/matrix.js";
import { assertFits, type ProblemShape, type ProblemUse } from "../objective/kernel-bytes.js";
import { Objective, denseHessianFits } from "../objective/objective.js";
import { ResidentData } from "../objective/resident-data.js";
import { ResidentMatrix } from "../objective/resident-matrix.js";
import { gradientDescent } from "../solvers/gradient-descent.js";
import { lbfgs } from "../solvers/lbfgs.js";
import { newtonCg, newtonCholesky } from "../solvers/newton.js";
import { stochasticGradientDescent } from "../solvers/sgd.js";
import type { IterationReport, Solver, SolverResult } from "../solvers/solver.js";
import { fail } from "../util/errors.js";
import { threadPlan } from "./backend-choice.js";
import { holdStartedThreads, holdThreads, type ThreadHold } from "../threads/pools.js";
import { resolveSolver } from "./choose-solver.js";
import { drive, driveSync, type DriveControls } from "./drive.js";
import { SEPARABLE, looksSeparable } from "./separation.js";
import { statisticsAtOptimum } from "../inference/at-optimum.js";
import { inferenceFits, type FitStatistics } from "../inference/fit-statistics.js";

/** The solvers by the names a fit reports (and the `solver` option accepts). */
const SOLVERS: Record<FittedSolver, Solver> = {
  "newton-cholesky": newtonCholesky,
  "newton-cg": newtonCg,
  lbfgs,
  gd: gradientDescent,
  sgd: stochasticGradientDescent,
};

/** What a fit produced. */
export interface FitOutcome {
  result: SolverResult;
  solver: FittedSolver;
  /** Fallbacks taken: threads that did not run, then the solver's own. */
  warnings: string[];
  /** What inference needs, kept by unpenalised fits (inference/at-optimum.ts). */
  statistics?: FitStatistics;
}

/** Fit, yielding to the event loop between iterations (and starting thread workers if asked). */
export async function fit(data: TrainingSet, options: ResolvedOptions, controls: DriveControls): Promise<FitOutcome> {
  const plan = threadPlan(options, data.X.rows, datasetOf(data) !== undefined);
  const hold = plan.threads > 1 ? holdThreads() : undefined;
  // The data go into kernel memory now, before the first await.
  const placed = place(data, options, plan.threads, hold);
  try {
    const warnings = [...plan.warnings];
    if (hold) {
      const lease = await hold.lease(plan.threads);
      placed.matrix.bindKernels(lease.backend);
      if (lease.warning) warnings.push(`threads: ${options.threads} requested, ran on one thread: ${lease.warning}`);
    }
    const run = start(data, options, placed);
    try {
      return outcome(await drive(run.iterations, controls), run, warnings);
    } finally {
      run.release();
    }
  } finally {
    placed.release();
    hold?.release();
  }
}

/** The same without yielding: threads only on workers an earlier async fit started. */
export function fitSync(data: TrainingSet, options: ResolvedOptions, controls: DriveControls): FitOutcome {
  let plan = threadPlan(options, data.X.rows, datasetOf(data) !== undefined);
  let started: { hold: ThreadHold; backend: Backend } | undefined;
  if (plan.threads > 1) {
    const running = holdStartedThreads(plan.threads);
    if (typeof running === "string") plan = { threads: 1, warnings: [`threads: ${options.threads} requested, ran on one thread: ${running}`] };
    else started = running;
  }
  try {
    const placed = place(data, options, plan.threads, started?.hold);
    try {
      if (started) placed.matrix.bindKernels(started.backend);
      const run = start(data, options, placed);
      try {
        return outcome(driveSync(run.iterations, controls), run, plan.warnings);
      } finally {
        run.release();
      }
    } finally {
      placed.release();
    }
  } finally {
    started?.hold.release();
  }
}

function outcome(result: SolverResult, run: ReturnType<typeof start>, warnings: string[]): FitOutcome {
  return { result, solver: run.solver, warnings: [...warnings, ...result.warnings], statistics: run.statistics(result) };
}

/** X̂ placed in kernel memory for a fit (or a Dataset's, borrowed). */
interface Placed {
  matrix: ResidentMatrix;
  /** Whether the fit owns X̂ (else a Dataset does). */
  owns: boolean;
  solver: FittedSolver;
  /** Give up the placement or the Dataset (after the ResidentData freed what it allocated). */
  release(): void;
}

/**
 * Check the size of everything the solver will allocate, then copy X into kernel memory
 * (checking its values): into the thread pool's memory for a threaded fit, else the main
 * memory or, for a large problem, a memory of its own. A Dataset's X̂ is borrowed instead.
 */
function place(data: TrainingSet, options: ResolvedOptions, threads: number, hold: ThreadHold | undefined): Placed {
  const dataset = datasetOf(data);
  const { rows: n, cols: d } = data.X;
  const K = data.targets.classes.length;
  if (dataset) checkDataset(dataset, options);
  const solver = resolveSolver(options, n, d, K);
  // Chosen by name, Newton-Cholesky may meet a Hessian too large to form: refuse before allocating.
  if (solver === "newton-cholesky") denseHessianFits(K * (d + 1));
  const shape: ProblemShape = { n, d, K, dtype: options.dtype, soft: data.targets.kind === "soft", backend: options.backend };
  const use = (ownMatrix: boolean) => useOf(solver, options, K * (d + 1), ownMatrix, threads);
  if (dataset) {
    const held = dataset.acquire();
    try {
      assertFits(shape, use(false), PRIVATE_CAPACITY - held.matrix.heap.bytesInUse);
    } catch (e) {
      held.release();
      throw e;
    }
    return { matrix: held.matrix, owns: false, solver, release: held.release };
  }
  if (hold) {
    assertFits(shape, use(true), MAX_BYTES - PAGE - hold.heap.bytesInUse);
    // The kernels come with the workers (hold.lease); the data go in now.
    return owned(new ResidentMatrix({ heap: hold.heap }, data.X as MatrixSource, options.dtype), solver, () => {});
  }
  const placement = placeProblem(options.backend, assertFits(shape, use(true), PRIVATE_CAPACITY));
  try {
    return owned(new ResidentMatrix(placement.backend, data.X as MatrixSource, options.dtype), solver, placement.release);
  } catch (e) {
    placement.release();
    throw e;
  }
}

/** A fit's own X̂: freed by release() unless the ResidentData took it over (start sets owns to false). */
function owned(matrix: ResidentMatrix, solver: FittedSolver, releasePlacement: () => void): Placed {
  const placed: Placed = {
    matrix,
    owns: true,
    solver,
    release() {
      if (placed.owns) matrix.release();
      placed.owns = false;
      releasePlacement();
    },
  };
  return placed;
}

/** The buffers `solver` will allocate beyond the data, θ, gradient and scratch. */
function useOf(solver: FittedSolver, options: ResolvedOptions, P: number, ownMatrix: boolean, threads: number): ProblemUse {
  const newton = solver === "newton-cholesky" || solver === "newton-cg";
  // Without a penalty the separation diagnosis keeps probabilities and may take a Newton-CG
  // step, and the statistics for inference need the Hessian blocks.
  const diagnosis = options.l2 === 0;
  return {
    matrix: ownMatrix,
    probabilities: newton || diagnosis,
    hessianBlocks: solver === "newton-cholesky" || (diagnosis && inferenceFits(P)),
    vector: solver === "newton-cg" || diagnosis,
    batchRows: solver === "sgd" ? options.batchSize : 0,
    threads,
  };
}

/** Build the Objective on the placed data and start the solver; returns its iterations and a cleanup. */
function start(data: TrainingSet, options: ResolvedOptions, placed: Placed) {
  const { solver } = placed;
  let resident: ResidentData;
  try {
    resident = new ResidentData(placed.matrix, data.targets, data.weights, options.fitIntercept, placed.owns);
  } catch (e) {
    // The ResidentData freed X̂ if it owned it; the placement goes with the caller's release().
    placed.owns = false;
    throw e;
  }
  const objective = new Objective(resident, { l2: options.l2 });
  placed.owns = false;
  try {
    const iterations = diagnosed(SOLVERS[solver](objective, new Float64Array(objective.size), options), objective);
    // Maximum-likelihood fits keep what inference needs (while the data are still resident).
    const statistics = (result: SolverResult) =>
      options.l2 === 0
        ? statisticsAtOptimum(resident, data, { theta: result.theta, converged: result.converged, separable: result.reason === SEPARABLE })
        : undefined;
    return { iterations, solver, statistics, release: () => objective.dispose() };
  } catch (e) {
    // A solver may refuse the problem when set up.
    objective.dispose();
    throw e;
  }
}

/** A Dataset holds X in one dtype and one backend's memory: the model must use the same. */
function checkDataset(dataset: NonNullable<ReturnType<typeof datasetOf>>, options: ResolvedOptions): void {
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
  if (!looksSeparable(objective, result)) return result;
  return { ...result, converged: false, reason: SEPARABLE };
}
