"""scikit-learn side of bench/defaults.bench.ts: its default fit, timed.

Usage: python3 sklearn_default.py DATASET_DIR N D K LAMBDA REPEATS OUT_JSON

Reads X.f64 (float64 row-major) and y.i32 from DATASET_DIR (written by the Node side), then
times REPEATS fits of LogisticRegression(C=1/(LAMBDA*N), multi_class="multinomial",
max_iter=MAX_ITER) at every other default (lbfgs, tol 1e-4) after one untimed warm-up fit on the first 500 rows.
multinomial is what "auto" picks for K > 2; it is set so that binary problems are fitted as
the package's two-class softmax too (scikit-learn then reports class 1's row w, class 0's is -w). C = 1/(lambda*N)
makes scikit-learn's summed objective N times the package's mean objective. max_iter is raised
from 100 so the fit ends on its own stopping rule, not on the cap (which would make it both
faster and further from the optimum). Writes JSON: wall and CPU (process_time) seconds of every timed fit, n_iter, coef,
intercept (of the last fit), versions.
"""
import json
import sys
import time
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

MAX_ITER = 10_000

directory, n, d, K, lam, repeats, out = sys.argv[1:8]
n, d, K, repeats, lam = int(n), int(d), int(K), int(repeats), float(lam)
X = np.fromfile(f"{directory}/X.f64", dtype="<f8").reshape(n, d)
y = np.fromfile(f"{directory}/y.i32", dtype="<i4")


def fit(X, y):
    model = LogisticRegression(C=1.0 / (lam * n), multi_class="multinomial", max_iter=MAX_ITER)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        start = time.perf_counter()
        cpu = time.process_time()
        model.fit(X, y)
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu
    return model, seconds, cpu, [str(w.message).split("\n")[0] for w in caught if issubclass(w.category, ConvergenceWarning)]


fit(X[:500], y[:500])  # warm-up on the first rows: imports, first-call costs
seconds = []
cpu_seconds = []
for _ in range(repeats):
    model, s, c, caught = fit(X, y)
    seconds.append(s)
    cpu_seconds.append(c)

coef = model.coef_
intercept = model.intercept_
if K == 2:
    coef = np.vstack([-coef[0], coef[0]])
    intercept = np.array([-intercept[0], intercept[0]])
with open(out, "w") as f:
    json.dump(
        {
            "seconds": seconds,
            "cpu_seconds": cpu_seconds,
            "n_iter": int(np.max(model.n_iter_)),
            "coef": coef.tolist(),
            "intercept": intercept.tolist(),
            "warnings": caught,
            "versions": {"scikit-learn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__},
        },
        f,
    )
