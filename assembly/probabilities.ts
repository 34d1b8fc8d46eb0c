// Class probabilities for prediction. Uses the very same logits and softmax
// code as lossGradient, so predictProba returns the bits training saw.

import { TILE, paddedK, tileArray, rowArray, sinkPtr } from "./tile";
import { logitsTile } from "./logits";
import { softmaxTile } from "./softmax";

/** out (n×K, row-major) = softmax(θ x̂_n). */
export function probabilities(x: usize, n: i32, s: i32, K: i32, theta: usize, out: usize, scratch: usize): void {
  let sb = <usize>s << 3;
  let kb = <usize>K << 3;
  let kpb = <usize>paddedK(K) << 3;
  let Z = tileArray(scratch, K, 0);
  let P = tileArray(scratch, K, 1);
  let LSE = rowArray(scratch, K, 0);
  let SUMS = rowArray(scratch, K, 1);
  for (let t0 = 0; t0 < n; t0 += TILE) {
    let rows = min(TILE, n - t0);
    logitsTile<f64>(x + <usize>t0 * sb, rows, s, K, theta, Z, paddedK(K), n - t0, sinkPtr(scratch));
    softmaxTile(Z, P, LSE, SUMS, rows, K);
    for (let t = 0; t < rows; t++) {
      let pr = P + <usize>t * kpb;
      let po = out + <usize>(t0 + t) * kb;
      for (let o: usize = 0; o < kb; o += 8) store<f64>(po + o, load<f64>(pr + o));
    }
  }
}
