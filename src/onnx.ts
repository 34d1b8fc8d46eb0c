/**
 * Entry point "softmax-regression/onnx" (dist/onnx.js): `toONNX(model, { dtype })` gives the
 * bytes of an ONNX model. Kept apart from the main entry so that apps that only fit or
 * predict carry none of it; it needs neither the WebAssembly kernels nor the solvers.
 */
export { toONNX } from "./onnx/to-onnx.js";
export type { ToONNXOptions, OnnxDtype, ExportableModel } from "./onnx/to-onnx.js";
export { SoftmaxRegressionError } from "./util/errors.js";
export type { ErrorCode } from "./util/errors.js";
export type { ModelJSON } from "./estimator/model-format.js";
