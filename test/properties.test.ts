// Property tests (fast-check, seeded): invariances of the model and agreement with finite
// differences and between backends, on a few hundred random problems each.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LogisticRegression, createObjective } from "../src/index.js";
import { relativeError } from "./helpers/compare.js";

const SEED = 20261128;

/** A random problem: n rows, d features, K classes (every class present), weights, λ. */
const problem = (maxN = 14, maxD = 3, maxK = 4) =>
  fc
    .record({ d: fc.integer({ min: 1, max: maxD }), K: fc.integer({ min: 2, max: maxK }), extra: fc.integer({ min: 0, max: maxN }) })
    .chain(({ d, K, extra }) => {
      const n = K + extra;
      const value = fc.double({ min: -3, max: 3, noNaN: true });
      return fc.record({
        X: fc.array(fc.array(value, { minLength: d, maxLength: d }), { minLength: n, maxLength: n }),
        extraLabels: fc.array(fc.integer({ min: 0, max: K - 1 }), { minLength: extra, maxLength: extra }),
        weights: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: n, maxLength: n }),
        l2: fc.double({ min: 1e-3, max: 1, noNaN: true }),
        theta: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: K * (d + 1), maxLength: K * (d + 1) }),
        K: fc.constant(K),
      });
    })
    .map((p) => ({ ...p, y: [...Array.from({ length: p.K }, (_, k) => k), ...p.extraLabels] }));

describe("properties", () => {
  it("gradient and Hessian equal central finite differences", () => {
    fc.assert(
      fc.property(problem(), ({ X, y, weights, l2, theta }) => {
        const obj = createObjective(X, y, { l2, sampleWeight: weights });
        const t = Float64Array.from(theta);
        const g = obj.gradient(t);
        const H = obj.hessian(t);
        const h = 1e-5;
        const P = obj.size;
        for (let i = 0; i < P; i++) {
          const plus = Float64Array.from(t);
          const minus = Float64Array.from(t);
          plus[i] += h;
          minus[i] -= h;
          const fd = (obj.value(plus) - obj.value(minus)) / (2 * h);
          expect(Math.abs(fd - g[i])).toBeLessThan(1e-7);
          const gp = obj.gradient(plus);
          const gm = obj.gradient(minus);
          for (let j = 0; j < P; j++) expect(Math.abs((gp[j] - gm[j]) / (2 * h) - H[j * P + i])).toBeLessThan(1e-7);
        }
        obj.dispose();
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("permuting the rows does not change the Newton optimum (1e-9)", () => {
    fc.assert(
      fc.property(problem(), fc.infiniteStream(fc.nat()), ({ X, y, weights, l2 }, stream) => {
        const order = X.map((_, i) => i);
        const keys = [...stream.take(order.length)];
        order.sort((a, b) => keys[a] - keys[b] || a - b);
        const a = new LogisticRegression({ l2, tol: 1e-12 }).fitSync(X, y, { sampleWeight: weights });
        const b = new LogisticRegression({ l2, tol: 1e-12 }).fitSync(order.map((i) => X[i]), order.map((i) => y[i]), {
          sampleWeight: order.map((i) => weights[i]),
        });
        expect(relativeError(b.theta, a.theta)).toBeLessThan(1e-9);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("relabelling the classes permutes the rows of coef", () => {
    const names = ["delta", "alpha", "charlie", "bravo"];
    fc.assert(
      fc.property(problem(), ({ X, y, l2 }) => {
        const numeric = new LogisticRegression({ l2, tol: 1e-12 }).fitSync(X, y);
        const named = new LogisticRegression({ l2, tol: 1e-12 }).fitSync(X, y.map((k) => names[k]));
        numeric.classes.forEach((k, row) => {
          const moved = named.classes.indexOf(names[k as number]);
          expect(relativeError(named.coef[moved], numeric.coef[row])).toBeLessThan(1e-9);
          expect(Math.abs(named.intercept[moved] - numeric.intercept[row])).toBeLessThan(1e-9);
        });
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("integer sample weights equal duplicated rows", () => {
    fc.assert(
      fc.property(problem(), ({ X, y, weights, l2 }) => {
        const Xd = X.flatMap((row, i) => Array.from({ length: weights[i] }, () => row));
        const yd = y.flatMap((label, i) => Array.from({ length: weights[i] }, () => label));
        const a = new LogisticRegression({ l2, tol: 1e-12 }).fitSync(X, y, { sampleWeight: weights });
        const b = new LogisticRegression({ l2, tol: 1e-12 }).fitSync(Xd, yd);
        expect(relativeError(a.theta, b.theta)).toBeLessThan(1e-9);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("predictProba rows lie in [0, 1] and sum to 1, even for extreme models", () => {
    const big = fc.double({ min: -300, max: 300, noNaN: true });
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }).chain((K) =>
          fc.record({
            coef: fc.array(fc.array(big, { minLength: 2, maxLength: 2 }), { minLength: K, maxLength: K }),
            intercept: fc.array(big, { minLength: K, maxLength: K }),
            X: fc.array(fc.array(big, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 20 }),
          }),
        ),
        ({ coef, intercept, X }) => {
          const K = coef.length;
          const model = LogisticRegression.fromJSON({
            format: "softmax-regression", formatVersion: 1, libraryVersion: "0.1.0",
            classes: Array.from({ length: K }, (_, k) => k), nFeatures: 2, fitIntercept: true, coef, intercept,
          });
          for (const row of model.predictProba(X)) {
            for (const p of row) expect(p >= 0 && p <= 1).toBe(true);
            expect(Math.abs(row.reduce((s, p) => s + p, 0) - 1)).toBeLessThan(1e-14);
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("the WASM and JS backends agree to 1e-10 on random inputs", () => {
    fc.assert(
      fc.property(problem(30, 9, 6), fc.double({ min: -2, max: 2, noNaN: true }), ({ X, y, weights, l2, theta }, scale) => {
        const a = createObjective(X, y, { l2, sampleWeight: weights, backend: "wasm" });
        const b = createObjective(X, y, { l2, sampleWeight: weights, backend: "js" });
        const t = Float64Array.from(theta, (v) => v * scale);
        const v = Float64Array.from(theta, (x, i) => Math.sin(i + x));
        expect(relativeError([a.value(t)], [b.value(t)])).toBeLessThan(1e-10);
        expect(relativeError(a.gradient(t), b.gradient(t))).toBeLessThan(1e-10);
        expect(relativeError(a.hessian(t), b.hessian(t))).toBeLessThan(1e-10);
        expect(relativeError(a.hessianVectorProduct(t, v), b.hessianVectorProduct(t, v))).toBeLessThan(1e-10);
        a.dispose();
        b.dispose();
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
