"""scikit-learn contender of bench/field.bench.ts.

Usage: python3 sklearn_run.py DATASET_DIR N D K SOLVER LAMBDA TOL MAX_ITER OUT_JSON [RECORD_TEST_ROWS]

Reads X.f64 (float64 row-major) and y.i32 written by bench/field/data.ts, fits
LogisticRegression(multi_class="multinomial", C=1/(lambda*N)) with SOLVER from zero, and
writes JSON: coef (K x d), intercept (K), n_iter, fit seconds, peak RSS growth during the
fit, and a trace of (seconds since fit start, objective) at every iteration.

scikit-learn 1.2 minimises sum_n CE_n + ||W||^2/(2C) = N * (mean CE + lambda/2 ||W||^2), so the
trace divides its own objective by N to put it on the package's scale. The trace comes from
wrapping scipy's L-BFGS-B callback (lbfgs) or the gradient-Hessian call that starts every
outer iteration (newton-cg); any extra objective evaluation the trace needs is timed and
subtracted from the clock.

With RECORD_TEST_ROWS > 0 (the number of rows of Xtest.f64/ytest.i32 in DATASET_DIR), the
tracer also keeps a copy of every traced iterate, and after the fit (outside the clock) writes
accuracy_trace: (seconds, test accuracy) of each one, argmax over classes, ties to the first
class. The kept copies count in peak_rss_delta (K*(d+1)*8 bytes per iterate).
"""
import json
import os
import sys
import time

import numpy as np
import sklearn
import sklearn.linear_model._logistic as logistic_module
from sklearn.linear_model import LogisticRegression


def rss(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


class Tracer:
    def __init__(self, n):
        self.n = n
        self.t0 = None
        self.excluded = 0.0
        self.trace = []
        self.last_x = None
        self.last_f = None
        self.keep = False
        self.iterates = []

    def now(self):
        return time.perf_counter() - self.t0 - self.excluded

    def remember(self, x, f):
        self.last_x = x.copy()
        self.last_f = float(f)

    def record(self, x, evaluate):
        t = self.now()
        if self.last_x is not None and np.array_equal(x, self.last_x):
            f = self.last_f
        else:
            start = time.perf_counter()
            f = float(evaluate(x))
            self.excluded += time.perf_counter() - start
        self.trace.append([t, f / self.n])
        if self.keep:
            self.iterates.append((t, np.array(x, copy=True)))


tracer = None
original_minimize = logistic_module.optimize.minimize
original_newton_cg = logistic_module._newton_cg


def traced_minimize(fun, x0, *args, **kwargs):
    if tracer is None:
        return original_minimize(fun, x0, *args, **kwargs)
    fargs = kwargs.get("args", ())

    def wrapped(x, *a):
        value = fun(x, *a)
        tracer.remember(x, value[0])
        return value

    def callback(xk):
        tracer.record(xk, lambda x: fun(x, *fargs)[0])

    tracer.record(np.asarray(x0, dtype=float), lambda x: fun(x, *fargs)[0])
    kwargs["callback"] = callback
    return original_minimize(wrapped, x0, *args, **kwargs)


def traced_newton_cg(grad_hess, func, grad, x0, args=(), **kwargs):
    if tracer is None:
        return original_newton_cg(grad_hess, func, grad, x0, args=args, **kwargs)

    def wrapped_func(x, *a):
        value = func(x, *a)
        tracer.remember(x, value)
        return value

    def wrapped_grad_hess(x, *a):
        tracer.record(x, lambda w: func(w, *a))
        return grad_hess(x, *a)

    return original_newton_cg(wrapped_grad_hess, wrapped_func, grad, x0, args=args, **kwargs)


logistic_module.optimize.minimize = traced_minimize
logistic_module._newton_cg = traced_newton_cg


def main():
    global tracer
    directory, n, d, k, solver, lam, tol, max_iter, out = sys.argv[1:10]
    test_rows = int(sys.argv[10]) if len(sys.argv) > 10 else 0
    n, d, k, max_iter = int(n), int(d), int(k), int(max_iter)
    lam, tol = float(lam), float(tol)
    X = np.fromfile(os.path.join(directory, "X.f64"), dtype="<f8").reshape(n, d)
    y = np.fromfile(os.path.join(directory, "y.i32"), dtype="<i4")
    C = 1.0 / (lam * n)

    def make(max_iter_):
        return LogisticRegression(multi_class="multinomial", solver=solver, C=C, tol=tol, max_iter=max_iter_)

    # Warm-up on a slice (imports, first calls), not measured.
    m = min(n, 500)
    import warnings

    warnings.simplefilter("ignore")
    LogisticRegression(multi_class="multinomial", solver=solver, C=1.0 / (lam * m), tol=tol, max_iter=20).fit(X[:m], y[:m])

    model = make(max_iter)
    tracer = Tracer(n)
    tracer.keep = test_rows > 0
    peak_reset = reset_peak()
    base = rss("VmRSS")
    tracer.t0 = time.perf_counter()
    model.fit(X, y)
    end = tracer.now()
    peak = rss("VmHWM")
    fit_seconds = end
    # The final point: sklearn's own objective at the returned parameters.
    w = np.hstack([model.coef_, model.intercept_[:, None]])
    z = X @ model.coef_.T + model.intercept_
    zmax = z.max(axis=1, keepdims=True)
    lse = (zmax[:, 0] + np.log(np.exp(z - zmax).sum(axis=1)))
    final = float(np.mean(lse - z[np.arange(n), y]) + lam / 2 * np.sum(model.coef_ ** 2))
    tracer.trace.append([fit_seconds, final])
    accuracy_trace = None
    if test_rows > 0:
        Xt = np.fromfile(os.path.join(directory, "Xtest.f64"), dtype="<f8").reshape(test_rows, d)
        yt = np.fromfile(os.path.join(directory, "ytest.i32"), dtype="<i4")

        def test_accuracy(W):
            # W: K x (d+1), intercept in the last column (scikit-learn's ravelled order "F").
            return float(np.mean(np.argmax(Xt @ W[:, :-1].T + W[:, -1], axis=1) == yt))

        accuracy_trace = [[t, test_accuracy(x.reshape((k, -1), order="F"))] for t, x in tracer.iterates]
        accuracy_trace.append([fit_seconds, test_accuracy(w)])
    result = {
        "coef": model.coef_.tolist(),
        "intercept": model.intercept_.tolist(),
        "n_iter": int(np.max(model.n_iter_)),
        "fit_seconds": fit_seconds,
        "trace": tracer.trace,
        "accuracy_trace": accuracy_trace,
        "baseline_rss": base,
        "peak_rss": peak,
        "peak_rss_delta": peak - base if peak_reset else None,
        "peak_reset": peak_reset,
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__, "python": sys.version.split()[0]},
        "blas": blas_info(),
        "classes": model.classes_.tolist(),
        "w_shape": list(w.shape),
    }
    with open(out, "w") as f:
        json.dump(result, f)


def blas_info():
    try:
        from threadpoolctl import threadpool_info

        return [{"api": i.get("internal_api"), "threads": i.get("num_threads"), "version": i.get("version")} for i in threadpool_info()]
    except Exception:  # noqa: BLE001
        return None


if __name__ == "__main__":
    main()
