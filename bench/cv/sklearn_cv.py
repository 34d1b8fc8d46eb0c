"""scikit-learn side of bench/cv.bench.ts.

Usage: OMP_NUM_THREADS=1 python3 sklearn_cv.py DIR MAX_ITER TOL OUT_JSON

Reads DIR/X.f64 (float64 row-major), DIR/y.i32 and DIR/plan.json ({"rows", "cols", "folds":
test-row index arrays, "Cs"}) and times LogisticRegressionCV(Cs, cv=[(train, test), ...],
multi_class="multinomial", solver="lbfgs", scoring="neg_log_loss", refit=True, n_jobs=1)
.fit(X, y): the same folds and grid as the package, then the refit on every row. Writes the
fit seconds, the chosen C, the held-out log-loss per fold and C (and their means), the largest
n_iter_ and the number of convergence warnings.
"""
import json
import sys
import time
import warnings

import numpy as np
from sklearn.linear_model import LogisticRegressionCV

directory, max_iter, tol, out = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
with open(f"{directory}/plan.json") as f:
    plan = json.load(f)
n, d = plan["rows"], plan["cols"]
X = np.fromfile(f"{directory}/X.f64", dtype=np.float64).reshape(n, d)
y = np.fromfile(f"{directory}/y.i32", dtype=np.int32)
folds = []
for test in plan["folds"]:
    mask = np.ones(n, dtype=bool)
    mask[test] = False
    folds.append((np.flatnonzero(mask), np.asarray(test)))

model = LogisticRegressionCV(
    Cs=plan["Cs"], cv=folds, multi_class="multinomial", solver="lbfgs", scoring="neg_log_loss",
    refit=True, n_jobs=1, tol=tol, max_iter=max_iter,
)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    start = time.perf_counter()
    model.fit(X, y)
    seconds = time.perf_counter() - start
fold_scores = -np.asarray(model.scores_[next(iter(model.scores_))])
with open(out, "w") as f:
    json.dump({
        "seconds": seconds,
        "C": float(model.C_[0]),
        "mean_log_loss": fold_scores.mean(axis=0).tolist(),
        "fold_log_loss": fold_scores.tolist(),
        "max_n_iter": int(np.max(model.n_iter_)),
        "convergence_warnings": sum(1 for w in caught if "converge" in str(w.message).lower()),
    }, f)
