// The prediction-only module (build/softmax-predict.wasm, asconfig target "predict"): the
// f64 kernels the Predictor runs, dense and CSR, and nothing a fit needs. They are the very
// functions of index.ts (same source files, same instantiation), so every output bit is the
// same as the full module's; the ABI is index.ts's and sparse/kernels.ts's.

export { scratchBytes, probabilities, logProbabilities, logits } from "./index";
export { sparseScratchBytes, sparseProbabilities, sparseLogits } from "./sparse/kernels";
