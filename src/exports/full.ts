/**
 * The full public API, shared by the main and the edge entry. The entries differ only in
 * how the WebAssembly module gets instantiated (see ../index.ts and ../edge.ts).
 */
export { LogisticRegression } from "../estimator/logistic-regression.js";
export type { FitOptions, FitInfo, IterationReport, PartialFitOptions, Standardization, TargetsFor, WarmStartInit } from "../estimator/logistic-regression.js";
export { Predictor } from "../estimator/predictor.js";
export type { FlatOutput } from "../estimator/predictor.js";
export { LogisticRegressionCV } from "../selection/logistic-regression-cv.js";
export type { LogisticRegressionCVOptions, CVFitOptions } from "../selection/logistic-regression-cv.js";
export type { Scoring } from "../selection/scoring.js";
export { createObjective } from "../objective/create-objective.js";
export { l1Path, l1Max } from "../selection/l1-path.js";
export type { L1Path, L1PathOptions, L1PathPoint } from "../selection/l1-path.js";
export { Dataset, createDataset } from "../objective/dataset.js";
export type { DatasetOptions } from "../objective/dataset.js";
export type { ObjectiveOptions, SoftmaxObjective } from "../objective/create-objective.js";
export { SoftmaxRegressionError } from "../util/errors.js";
export type { ErrorCode } from "../util/errors.js";
export type { LogisticRegressionOptions, SolverName, FittedSolver, BackendName, Dtype, ClassWeight } from "../input/options.js";
export type { MatrixInput } from "../input/matrix.js";
export type { ColumnarInput, ColumnsInput, ArrowTableLike, ArrowColumnLike } from "../input/columnar.js";
export type { PredictionInput } from "../input/prediction-input.js";
export type { Label, TargetInput } from "../input/targets.js";
export type { ModelJSON } from "../estimator/model-format.js";
export type { PreprocessingJSON, ColumnEncoding } from "../estimator/preprocessing.js";
export type { SklearnParameters, SklearnOptions, SklearnBinaryForm } from "../interchange/sklearn.js";
export type { InferenceOptions, InferenceResult, CovarianceType } from "../inference/inference.js";
export type { StatisticsJSON } from "../inference/statistics-json.js";
export { VERSION } from "../util/version.js";
export { hashFeatures } from "../text/hash-features.js";
export type { HashFeaturesOptions, HashedFeatures } from "../text/hash-features.js";
export type { CsrInput } from "../input/matrix.js";
export { isInitialized, kernelMemory } from "../backends/registry.js";
export type { KernelMemory } from "../backends/registry.js";
export { shutdownThreads } from "../threads/pools.js";
export * from "./metrics.js";
