"""scikit-learn saga contender of bench/l1.bench.ts.

Usage: python3 saga.py DATASET_DIR N D K L1 L2 TARGET TOLS BUDGET_SECONDS OUT_JSON

Reads X.f64 (float64 row-major) and y.i32 written by bench/l1/data.ts, and fits
LogisticRegression(penalty="l1" or "elasticnet", solver="saga", multi_class="multinomial",
C=1/((L1+L2)*N), l1_ratio=L1/(L1+L2), max_iter=100000, random_state=0) from scratch once per
tolerance in TOLS (comma-separated, loosest first). scikit-learn minimises
C*sum CE + (1-l1_ratio)/2 ||W||^2 + l1_ratio ||W||_1 = C*N*(mean CE + L2/2 ||W||^2 + L1 ||W||_1),
so the objective below, in the package's units, is the same function. It stops after the first
tolerance whose final objective is at most TARGET, or when a fit took longer than
BUDGET_SECONDS. Writes JSON: one record per fit (tol, seconds, n_iter, objective, nonzero
weights, whether it warned about convergence).
"""
import json
import sys
import time
import warnings

import numpy as np
from scipy.special import logsumexp
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression


def main():
    folder, n, d, K, l1, l2, target, tols, budget, out = sys.argv[1:11]
    n, d, K = int(n), int(d), int(K)
    l1, l2, target, budget = float(l1), float(l2), float(target), float(budget)
    X = np.fromfile(f"{folder}/X.f64", dtype="<f8").reshape(n, d)
    y = np.fromfile(f"{folder}/y.i32", dtype="<i4")

    def objective(model):
        Z = X @ model.coef_.T + model.intercept_
        W = model.coef_
        return float(np.mean(logsumexp(Z, axis=1) - Z[np.arange(n), y]) + l2 / 2 * np.sum(W * W) + l1 * np.abs(W).sum())

    runs = []
    for tol in [float(t) for t in tols.split(",")]:
        settings = dict(solver="saga", C=1 / ((l1 + l2) * n), tol=tol, max_iter=100000, multi_class="multinomial", random_state=0)
        settings.update(penalty="l1") if l2 == 0 else settings.update(penalty="elasticnet", l1_ratio=l1 / (l1 + l2))
        model = LogisticRegression(**settings)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            start = time.perf_counter()
            model.fit(X, y)
            seconds = time.perf_counter() - start
        value = objective(model)
        runs.append(dict(tol=tol, seconds=seconds, n_iter=int(np.max(model.n_iter_)), objective=value,
                         nonzero=int(np.count_nonzero(model.coef_)), warned=any(issubclass(w.category, ConvergenceWarning) for w in caught)))
        print(f"saga tol {tol:g}: {seconds:.2f} s, {runs[-1]['n_iter']} epochs, objective {value:.15g}", file=sys.stderr, flush=True)
        if value <= target or seconds > budget:
            break
    with open(out, "w") as f:
        json.dump(dict(runs=runs), f)


if __name__ == "__main__":
    main()
