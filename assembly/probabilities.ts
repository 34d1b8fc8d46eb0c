// Class probabilities for prediction. Uses the very same logits and softmax code as
// lossGradient, so predictProba returns the bits training saw.

import { tileRows, paddedK, tileArray, rowArray, sinkPtr } from "./layout";
import { classRows, logitsTile } from "./logits";
import { softmaxTile } from "./softmax";
import { copyDoubles } from "./simd";

/** out (n×K f64, row-major) = softmax(θ x̂_n), x n×s in T; bit-identical to lossGradient's p. */
// @ts-ignore: decorator
@inline export function probabilitiesOf<T>(x: usize, n: i32, s: i32, K: i32, theta: usize, out: usize, scratch: usize): void {
  let sb = <usize>s * sizeof<T>();
  let kb = <usize>K << 3;
  let KP = paddedK(K);
  let kpb = <usize>KP << 3;
  let Z = tileArray<T>(scratch, K, s, 0);
  let P = tileArray<T>(scratch, K, s, 1);
  let LSE = rowArray<T>(scratch, K, s, 0);
  let SUMS = rowArray<T>(scratch, K, s, 1);
  let TH = classRows<T>(theta, scratch, K, s);
  for (let t0 = 0; t0 < n; t0 += tileRows<T>()) {
    let rows = min(tileRows<T>(), n - t0);
    logitsTile<T>(x + <usize>t0 * sb, rows, s, K, TH, Z, KP, n - t0, sinkPtr(scratch));
    softmaxTile(Z, P, LSE, SUMS, rows, K);
    for (let t = 0; t < rows; t++) copyDoubles(out + <usize>(t0 + t) * kb, P + <usize>t * kpb, kb);
  }
}
