/**
 * The public API shared by every entry point. The entries differ only in how the
 * WebAssembly module gets instantiated (see index.ts and edge.ts).
 */
export { LogisticRegression } from "./model.js";
export type { FitOptions, FitInfo, IterationReport } from "./model.js";
export { Predictor } from "./predictor.js";
export { createObjective } from "./public-objective.js";
export type { ObjectiveOptions, SoftmaxObjective } from "./public-objective.js";
export { SoftmaxRegressionError } from "./errors.js";
export type { ErrorCode } from "./errors.js";
export type { LogisticRegressionOptions, SolverName, BackendName, Dtype } from "./options.js";
export type { Label, MatrixInput, TargetInput } from "./data.js";
export type { ModelJSON } from "./model-json.js";
export type { InferenceOptions, InferenceResult, CovarianceType } from "./inference/inference.js";
export type { StatisticsJSON } from "./inference/statistics-json.js";
export { VERSION } from "./version.js";
export { isInitialized, kernelMemory, shutdownThreads } from "./runtime.js";
export type { KernelMemory } from "./runtime.js";
