// The objective against independent references: scikit-learn-derived values at fixed points
// (to 1e-10) and central finite differences of our own value and gradient.
import { describe, expect, it } from "vitest";
import { createObjective } from "../src/index.js";
import { loadCsv, loadJson, referenceTheta, standardize } from "./helpers/fixtures.js";
import { relativeError } from "./helpers/compare.js";
import { randomProblem, randomVector, rng } from "./helpers/random.js";

interface PointReference {
  W: number[][];
  b: number[];
  objective: number;
  gradient_flat: number[];
  hessian: number[][];
}
interface GradHessFile extends PointReference {
  lambda: number;
  standardization: { mean: number[]; std_ddof0: number[] };
  extra_point: PointReference;
}

const file = loadJson<GradHessFile>("iris_grad_hess_at_point.json");
const iris = loadCsv("iris");
const X = standardize(iris.X, file.standardization);

/** A reference point in the compact layout (W is d × K, like the optima's coef). */
const thetaOf = (p: PointReference) => referenceTheta({ coef: p.W, intercept: p.b });

describe.each(["wasm", "js"] as const)("objective (%s backend)", (backend) => {
  const points: Array<[string, PointReference]> = [
    ["uniform point", file],
    ["extra point", file.extra_point],
  ];
  it.each(points)("matches the reference value, gradient and Hessian at the %s to 1e-10", (_, point) => {
    const obj = createObjective(X, iris.y, { l2: file.lambda, backend });
    const theta = thetaOf(point);
    expect(Math.abs(obj.value(theta) - point.objective)).toBeLessThan(1e-10 * Math.abs(point.objective));
    expect(relativeError(obj.gradient(theta), point.gradient_flat)).toBeLessThan(1e-10);
    expect(relativeError(obj.hessian(theta), point.hessian.flat())).toBeLessThan(1e-10);
    obj.dispose();
  });

  it("has gradient and Hessian equal to central finite differences on random problems", () => {
    for (const [seed, n, d, K] of [[1, 40, 3, 3], [2, 7, 1, 2], [3, 25, 6, 5]]) {
      const { X: Xr, y } = randomProblem(seed, n, d, K);
      const random = rng(seed);
      const weights = Array.from({ length: n }, () => 0.5 + random());
      const obj = createObjective(Xr, y, { l2: 0.1, sampleWeight: weights, backend });
      const theta = randomVector(random, obj.size, 0.5);
      const g = obj.gradient(theta);
      const H = obj.hessian(theta);
      const h = 1e-5;
      const fdGrad = new Float64Array(obj.size);
      const fdHess = new Float64Array(obj.size * obj.size);
      for (let i = 0; i < obj.size; i++) {
        const plus = Float64Array.from(theta);
        const minus = Float64Array.from(theta);
        plus[i] += h;
        minus[i] -= h;
        fdGrad[i] = (obj.value(plus) - obj.value(minus)) / (2 * h);
        const gp = obj.gradient(plus);
        const gm = obj.gradient(minus);
        for (let j = 0; j < obj.size; j++) fdHess[j * obj.size + i] = (gp[j] - gm[j]) / (2 * h);
      }
      // Central differences with h = 1e-5 are accurate to about h² · f''' + eps/h ≈ 1e-9.
      expect(relativeError(g, fdGrad)).toBeLessThan(1e-8);
      expect(relativeError(H, fdHess)).toBeLessThan(1e-8);
      obj.dispose();
    }
  });

  it("computes Hessian-vector products equal to H·v", () => {
    const { X: Xr, y } = randomProblem(9, 60, 5, 4);
    const obj = createObjective(Xr, y, { l2: 0.01, backend });
    const random = rng(4);
    const theta = randomVector(random, obj.size);
    const v = randomVector(random, obj.size);
    const H = obj.hessian(theta);
    const Hv = Float64Array.from({ length: obj.size }, (_, i) => {
      let s = 0;
      for (let j = 0; j < obj.size; j++) s += H[i * obj.size + j] * v[j];
      return s;
    });
    expect(relativeError(obj.hessianVectorProduct(theta, v), Hv)).toBeLessThan(1e-12);
    obj.dispose();
  });

  it("has the null direction of the softmax: adding one vector to every class changes nothing", () => {
    const obj = createObjective(X, iris.y, { backend });
    const theta = thetaOf(file.extra_point);
    const shifted = Float64Array.from(theta);
    for (let k = 0; k < 3; k++) for (let j = 0; j < 5; j++) shifted[k * 5 + j] += 0.7 * (j + 1);
    expect(Math.abs(obj.value(shifted) - obj.value(theta))).toBeLessThan(1e-13);
    obj.dispose();
  });
});

describe("objective backends", () => {
  it("agree to 1e-12 (WASM vs pure JS)", () => {
    const { X: Xr, y } = randomProblem(11, 200, 13, 6);
    const a = createObjective(Xr, y, { l2: 1e-3, backend: "wasm" });
    const b = createObjective(Xr, y, { l2: 1e-3, backend: "js" });
    const theta = randomVector(rng(1), a.size, 0.3);
    expect(relativeError([a.value(theta)], [b.value(theta)])).toBeLessThan(1e-12);
    expect(relativeError(a.gradient(theta), b.gradient(theta))).toBeLessThan(1e-12);
    expect(relativeError(a.hessian(theta), b.hessian(theta))).toBeLessThan(1e-12);
    a.dispose();
    b.dispose();
  });
});
