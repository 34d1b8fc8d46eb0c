// Prediction outputs: probabilities, log-probabilities and logits of new rows. They use the very
// same logits and softmax code as lossGradient, so predictProba returns the bits training saw.

import { tileRows, paddedK, tileArray, rowArray, expTablePtr } from "./layout";
import { classPanels, logitsTile } from "./logits";
import { softmaxTile, ROW_PAIRS_BELOW } from "./softmax";
import { copyDoubles } from "./simd";

/** What a prediction kernel writes per row. */
export const enum Output { Probabilities = 0, LogProbabilities = 1, Logits = 2 }

/**
 * out (n×K f64, row-major) for the rows of x (n×s in T):
 *   Probabilities     softmax(θ x̂_n), bit-identical to lossGradient's p;
 *   LogProbabilities  z_nk − lse_n, the log-softmax from the logits (finite whenever the
 *                     logits are and z − lse does not overflow: never −inf from an underflowing p);
 *   Logits            z_nk = θ_k · x̂_n.
 */
// @ts-ignore: decorator
@inline export function predictOf<T>(x: usize, n: i32, s: i32, K: i32, theta: usize, out: usize, scratch: usize, kind: Output): void {
  let sb = <usize>s * sizeof<T>();
  let kb = <usize>K << 3;
  let KP = paddedK(K);
  let kpb = <usize>KP << 3;
  let Z = tileArray<T>(scratch, K, s, 0);
  let P = tileArray<T>(scratch, K, s, 1);
  let LSE = rowArray<T>(scratch, K, s, 0);
  let SUMS = rowArray<T>(scratch, K, s, 1);
  let TH = classPanels<T>(theta, scratch, K, s);
  let table = expTablePtr(scratch);
  // The softmax writes the output rows (stride K) itself when it can: always for small K
  // (rowPairs), and for even K (classPairs' row stride KP is then K). Odd K ≥ 6 goes through P
  // (its pad slot) and a copy.
  let direct = K < ROW_PAIRS_BELOW || (K & 1) == 0;
  for (let t0 = 0; t0 < n; t0 += tileRows<T>()) {
    let rows = min(tileRows<T>(), n - t0);
    let xt = x + <usize>t0 * sb;
    let o = out + <usize>t0 * kb;
    if (kind == Output.Logits) {
      // Straight into the output rows (stride K).
      logitsTile<T>(xt, rows, s, K, TH, o, K);
      continue;
    }
    logitsTile<T>(xt, rows, s, K, TH, Z, KP);
    if (kind == Output.Probabilities) {
      if (direct) {
        softmaxTile(Z, rows, K, o, kb, LSE, SUMS, table, true, false);
      } else {
        softmaxTile(Z, rows, K, P, kpb, LSE, SUMS, table, true, false);
        for (let t = 0; t < rows; t++) copyDoubles(o + <usize>t * kb, P + <usize>t * kpb, kb);
      }
    } else {
      softmaxTile(Z, rows, K, P, kpb, LSE, SUMS, table, false, true);
      for (let t = 0; t < rows; t++) {
        let zr = Z + <usize>t * kpb;
        let lse = load<f64>(LSE + (<usize>t << 3));
        for (let c: usize = 0; c < kb; c += 8) store<f64>(o + c, load<f64>(zr + c) - lse);
        o += kb;
      }
    }
  }
}
