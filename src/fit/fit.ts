/**
 * One fit from validated input to a result: choose the kernels and the solver, check that
 * everything the solver will allocate fits in kernel memory, place the data there (X copied
 * and checked in the same synchronous call that read its shape), build the Objective, run the
 * solver (driven by drive.ts), diagnose separable data, and always free the kernel memory
 * afterwards.
 */
import type { Backend } from "../backends/backend.js";
import { PRIVATE_CAPACITY, placeProblem, type Placement } from "../backends/placement.js";
import { MAX_BYTES } from "../backends/heap.js";
import type { FittedSolver, ResolvedOptions } from "../input/options.js";
import { csrOf, datasetOf, type TrainingSet } from "../input/training-set.js";
import type { MatrixSource } from "../input/matrix.js";
import type { ProblemShape, ProblemUse } from "../objective/kernel-bytes.js";
import { Objective, denseHessianFits } from "../objective/objective.js";
import { ResidentData } from "../objective/resident-data.js";
import { ResidentMatrix } from "../objective/resident-matrix.js";
import { ResidentCsr } from "../objective/resident-csr.js";
import { assertProblemFits, residentFor, type ResidentX } from "../objective/resident-for.js";
import type { Resident } from "../objective/resident.js";
import { gradientDescent } from "../solvers/gradient-descent.js";
import { lbfgs } from "../solvers/lbfgs.js";
import { newtonCg, newtonCholesky } from "../solvers/newton.js";
import { stochasticGradientDescent } from "../solvers/sgd.js";
import type { IterationReport, Solver, SolverResult } from "../solvers/solver.js";
import { fail } from "../util/errors.js";
import { backendFor, backendForSync } from "./backend-choice.js";
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
  // One thread: the data go into kernel memory now, before the first await.
  const threaded = options.threads > 1 && options.backend === "wasm" && !datasetOf(data);
  const choice = threaded ? await backendFor(options) : backendForSync(options, datasetOf(data) !== undefined);
  const run = start(data, options, choice.threaded ? choice.backend : undefined);
  try {
    return outcome(await drive(run.iterations, controls), run, choice.warnings);
  } finally {
    run.release();
  }
}

/** The same without yielding. */
export function fitSync(data: TrainingSet, options: ResolvedOptions, controls: DriveControls): FitOutcome {
  const choice = backendForSync(options, datasetOf(data) !== undefined);
  const run = start(data, options, choice.threaded ? choice.backend : undefined);
  try {
    return outcome(driveSync(run.iterations, controls), run, choice.warnings);
  } finally {
    run.release();
  }
}

function outcome(result: SolverResult, run: ReturnType<typeof start>, warnings: string[]): FitOutcome {
  return { result, solver: run.solver, warnings: [...warnings, ...result.warnings], statistics: run.statistics(result) };
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

/**
 * Set up the problem; returns the solver's iterations and a cleanup to call when they end.
 * `threaded` is a thread pool's backend (its shared memory) when the fit runs on threads.
 */
function start(data: TrainingSet, options: ResolvedOptions, threaded: Backend | undefined) {
  const dataset = datasetOf(data);
  const { rows: n, cols: d } = data.X;
  const K = data.targets.classes.length;
  if (dataset) checkDataset(dataset, options);
  const solver = resolveSolver(options, n, d, K);
  // Chosen by name, Newton-Cholesky may meet a Hessian too large to form: refuse before allocating.
  if (solver === "newton-cholesky") denseHessianFits(K * (d + 1));
  const shape: ProblemShape = { n, d, K, dtype: options.dtype, soft: data.targets.kind === "soft", backend: options.backend };
  const threads = threaded ? options.threads : 1;

  let placement: Placement | undefined;
  let matrix: ResidentX;
  let releaseDataset = () => {};
  const csr = csrOf(data);
  if (dataset) {
    const held = dataset.acquire();
    matrix = held.matrix;
    releaseDataset = held.release;
    try {
      const available = PRIVATE_CAPACITY - matrix.backend.heap.bytesInUse;
      assertProblemFits(shape, useOf(solver, options, K * (d + 1), false, 1), available, matrix instanceof ResidentCsr ? matrix.nnz : undefined);
    } catch (e) {
      releaseDataset();
      throw e;
    }
  } else {
    const available = threaded ? MAX_BYTES - threaded.heap.bytesInUse : PRIVATE_CAPACITY;
    const bytes = assertProblemFits(shape, useOf(solver, options, K * (d + 1), true, threads), available, csr?.entries(0, n));
    placement = threaded ? { backend: threaded, own: false, release() {} } : placeProblem(options.backend, bytes);
    try {
      matrix = csr ? new ResidentCsr(placement.backend, csr, options.dtype) : new ResidentMatrix(placement.backend, data.X as MatrixSource, options.dtype);
    } catch (e) {
      placement.release();
      throw e;
    }
  }
  const release = () => {
    placement?.release();
    releaseDataset();
  };
  let resident: Resident;
  let objective: Objective;
  try {
    resident = residentFor(matrix, data.targets, data.weights, options.fitIntercept, !dataset);
    objective = new Objective(resident, { l2: options.l2 });
  } catch (e) {
    release();
    throw e;
  }
  try {
    const iterations = diagnosed(SOLVERS[solver](objective, new Float64Array(objective.size), options), objective);
    // Maximum-likelihood fits keep what inference needs (while the data are still resident).
    // Not yet for CSR: the statistics' score products read dense rows.
    const statistics = (result: SolverResult) =>
      options.l2 === 0 && resident instanceof ResidentData
        ? statisticsAtOptimum(resident, data, { theta: result.theta, converged: result.converged, separable: result.reason === SEPARABLE })
        : undefined;
    return {
      iterations,
      solver,
      statistics,
      release: () => {
        objective.dispose();
        release();
      },
    };
  } catch (e) {
    // A solver may refuse the problem when set up.
    objective.dispose();
    release();
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
