/**
 * The one place that tells the two resident layouts of X apart: dense padded rows
 * (ResidentMatrix, for the dense kernels) and CSR (ResidentCsr, for the sparse kernels). Fits,
 * objectives and Datasets hold either; everything above sees a Resident.
 */
import type { Targets } from "../input/targets.js";
import { assertFits, type ProblemShape, type ProblemUse } from "./kernel-bytes.js";
import { ResidentCsr } from "./resident-csr.js";
import { ResidentData } from "./resident-data.js";
import type { ResidentMatrix } from "./resident-matrix.js";
import type { Resident } from "./resident.js";
import { assertSparseFits } from "./sparse-kernel-bytes.js";
import { SparseResidentData } from "./sparse-resident-data.js";

/** X in kernel memory, in either layout. */
export type ResidentX = ResidentMatrix | ResidentCsr;

/** The data of one fit on X (X freed with it when `owns`, also when this throws). */
export function residentFor(X: ResidentX, targets: Targets, weights: Float64Array, fitIntercept: boolean, owns: boolean): Resident {
  return X instanceof ResidentCsr
    ? new SparseResidentData(X, targets, weights, fitIntercept, owns)
    : new ResidentData(X, targets, weights, fitIntercept, owns);
}

/**
 * The kernel memory a problem needs (throwing TOO_LARGE beyond `available`): the dense
 * layout's count, or the CSR one's when X has `csrEntries` stored entries.
 */
export function assertProblemFits(shape: ProblemShape, use: ProblemUse, available: number, csrEntries?: number): number {
  return csrEntries === undefined ? assertFits(shape, use, available) : assertSparseFits(shape, csrEntries, use, available);
}
