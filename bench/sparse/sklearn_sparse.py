"""numpy + scipy.sparse and scikit-learn contenders of bench/sparse.bench.ts, on the CSR files
bench/sparse/files.ts writes (indptr.i32, indices.i32, data.f64, y.i32, meta.json).

Usage:
  python3 sklearn_sparse.py pass DIR LAMBDA REPEATS OUT_JSON
  python3 sklearn_sparse.py fit DIR LAMBDA SOLVER TOL MAX_ITER OUT_JSON

pass: the loss+gradient pass the package's sparse kernel does, written the way one would in
numpy + scipy.sparse: Z = X W + b, max-shifted log-sum-exp, loss, R = P - Y, G = X^T R and the
intercept row. Times REPEATS passes (after one warm-up) and reports each (wall and process CPU
time), and the loss.

fit: LogisticRegression(multi_class="multinomial", C=1/(lambda*N), solver, tol, max_iter) on the
csr_matrix, with the field benchmark's tracer (bench/field/sklearn_run.py: the objective at every
iterate of lbfgs and newton-cg, its evaluation off the clock); sag and saga have no per-iteration
hook, so only their final point is reported. Peak RSS growth during the fit from VmHWM.

One BLAS/OpenMP thread (the caller sets the environment; threadpoolctl caps it as well).
"""
import json
import os
import sys
import time
import warnings

import numpy as np
import scipy
import scipy.sparse as sp
import sklearn
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "field"))
import sklearn_run as field  # noqa: E402  (the tracer; importing it patches sklearn's solvers)

try:
    from threadpoolctl import threadpool_limits
except ImportError:  # pragma: no cover
    threadpool_limits = None


def load(directory):
    meta = json.load(open(os.path.join(directory, "meta.json")))
    n, d = meta["rows"], meta["cols"]
    indptr = np.fromfile(os.path.join(directory, "indptr.i32"), dtype="<i4")
    indices = np.fromfile(os.path.join(directory, "indices.i32"), dtype="<i4")
    data = np.fromfile(os.path.join(directory, "data.f64"), dtype="<f8")
    y = np.fromfile(os.path.join(directory, "y.i32"), dtype="<i4")
    return sp.csr_matrix((data, indices, indptr), shape=(n, d)), y, meta


def objective(X, y, W, b, lam):
    z = X @ W.T + b
    zmax = z.max(axis=1, keepdims=True)
    lse = zmax[:, 0] + np.log(np.exp(z - zmax).sum(axis=1))
    return float(np.mean(lse - z[np.arange(X.shape[0]), y]) + lam / 2 * np.sum(W ** 2))


def run_pass(directory, lam, repeats, out):
    X, y, meta = load(directory)
    n, d, K = meta["rows"], meta["cols"], meta["K"]
    rng = np.random.default_rng(0)
    W = rng.normal(0, 0.01, (d, K))
    b = rng.normal(0, 0.01, K)
    Y = np.zeros((n, K))
    Y[np.arange(n), y] = 1.0

    def one_pass():
        Z = X @ W + b
        m = Z.max(axis=1, keepdims=True)
        E = np.exp(Z - m)
        S = E.sum(axis=1, keepdims=True)
        loss = float((m[:, 0] + np.log(S[:, 0]) - Z[np.arange(n), y]).sum())
        R = E / S - Y
        G = X.T @ R
        gb = R.sum(axis=0)
        return loss, G, gb

    one_pass()
    times = []
    cpu = []
    for _ in range(repeats):
        c = time.process_time()
        t = time.perf_counter()
        loss, _, _ = one_pass()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    json.dump({"seconds": times, "cpuSeconds": cpu, "loss": loss, "versions": versions()}, open(out, "w"))


def run_fit(directory, lam, solver, tol, max_iter, out):
    X, y, meta = load(directory)
    n = meta["rows"]
    C = 1.0 / (lam * n)
    warnings.simplefilter("ignore")
    # Warm-up on a slice (imports, first calls), not measured.
    m = min(n, 300)
    LogisticRegression(multi_class="multinomial", solver=solver, C=1.0 / (lam * m), max_iter=5).fit(X[:m], y[:m])
    model = LogisticRegression(multi_class="multinomial", solver=solver, C=C, tol=tol, max_iter=max_iter, random_state=0)
    field.tracer = field.Tracer(n) if solver in ("lbfgs", "newton-cg") else None
    tracer = field.tracer
    peak_reset = field.reset_peak()
    base = field.rss("VmRSS")
    t0 = time.perf_counter()
    if tracer is not None:
        tracer.t0 = t0
    model.fit(X, y)
    end = tracer.now() if tracer is not None else time.perf_counter() - t0
    peak = field.rss("VmHWM")
    final = objective(X, y, model.coef_, model.intercept_, lam)
    trace = (tracer.trace if tracer is not None else []) + [[end, final]]
    json.dump(
        {
            "solver": solver,
            "fit_seconds": end,
            "final": final,
            "n_iter": int(np.max(model.n_iter_)),
            "trace": trace,
            "peak_rss_delta": peak - base if peak_reset else None,
            "versions": versions(),
        },
        open(out, "w"),
    )


def versions():
    return {"sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__, "python": sys.version.split()[0]}


def main():
    mode = sys.argv[1]
    limit = threadpool_limits(1) if threadpool_limits else None
    try:
        if mode == "pass":
            run_pass(sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
        elif mode == "fit":
            run_fit(sys.argv[2], float(sys.argv[3]), sys.argv[4], float(sys.argv[5]), int(sys.argv[6]), sys.argv[7])
        else:
            raise SystemExit(f"unknown mode {mode}")
    finally:
        if limit is not None:
            limit.unregister() if hasattr(limit, "unregister") else None


if __name__ == "__main__":
    main()
