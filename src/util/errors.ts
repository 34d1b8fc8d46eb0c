/**
 * Every misuse of the library surfaces as one error class with a stable `code`,
 * so callers can branch on `err.code` instead of parsing messages.
 */

/** Stable machine-readable error codes. The message gives the human detail (row, column, label, option). */
export type ErrorCode =
  | "INVALID_OPTION" // unknown option name, wrong type or out-of-range value
  | "INVALID_X" // empty, ragged, wrong type or wrong length
  | "NON_FINITE" // NaN or ±Infinity in X, y, soft targets or weights
  | "INVALID_Y" // wrong length, bad label value, bad soft-target row
  | "TOO_FEW_CLASSES" // fewer than two distinct classes
  | "INVALID_WEIGHTS" // negative, all zero or wrong length sample weights
  | "NOT_FITTED" // predict/score/toJSON before fit
  | "FEATURE_MISMATCH" // a feature count that differs from training
  | "INVALID_ARGUMENT" // a parameter vector of the wrong length or with non-finite values
  | "INVALID_MODEL" // fromJSON of a corrupted, truncated or foreign model
  | "TOO_LARGE" // the problem does not fit in WebAssembly's 4 GiB memory
  | "FIT_IN_PROGRESS" // a second fit started while one is running
  | "ABORTED" // fit cancelled through an AbortSignal
  | "DISPOSED" // a model or objective used after dispose()
  | "NOT_INITIALIZED" // the edge entry used before init()
  | "THREADS_FAILED" // a kernel worker died, timed out or was shut down during a threaded fit
  | "NUMERICAL" // the objective overflowed (e.g. features near 1e±150)
  | "PENALIZED_FIT" // inference on a model fitted with a penalty (refit with l2: 0)
  | "SEPARABLE" // inference on separable data: the maximum-likelihood estimate does not exist
  | "COLLINEAR" // inference with collinear features: the information matrix is singular
  | "NO_INFERENCE_DATA"; // inference on a loaded model saved without its fit statistics

/** The single error type thrown by softmax-regression. */
export class SoftmaxRegressionError extends Error {
  /** Stable code; see the README's "Errors and guarantees" table. */
  readonly code: ErrorCode;

  /** Thrown by the library; `message` names the row, column, label or option at fault. */
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "SoftmaxRegressionError";
    this.code = code;
  }
}

/** Throw a {@link SoftmaxRegressionError}; a function so callers can use it in expressions. */
export function fail(code: ErrorCode, message: string): never {
  throw new SoftmaxRegressionError(code, message);
}
