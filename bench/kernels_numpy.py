"""numpy + OpenBLAS contender of bench/kernels.bench.ts: the same loss+gradient pass.

Usage: python3 kernels_numpy.py DIR N M K REPS

Reads X.f64 (N x M float64 row-major, column 0 the intercept column), y.i32 (N labels) and
theta.f64 (K x M) from DIR, and times REPS evaluations of the pass the WASM kernel does:
  Z = X theta^T; m = max_k Z; E = exp(Z - m); S = sum_k E; loss = sum(m + log S - Z[n, y_n]);
  R = E / S - onehot(y);  G = R^T X
(2 matrix products of 2*N*M*K flops each, the softmax in between), with every BLAS/OpenMP pool
limited to one thread by threadpoolctl (the bench also sets OMP_NUM_THREADS and
OPENBLAS_NUM_THREADS to 1). Prints one JSON line: the median wall and CPU (process_time)
seconds, all wall and CPU seconds, the loss and the BLAS as threadpoolctl reports it.
"""
import json
import sys
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits


def main():
    folder, n, m, k, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    X = np.fromfile(f"{folder}/X.f64", dtype=np.float64).reshape(n, m)
    y = np.fromfile(f"{folder}/y.i32", dtype=np.int32)
    theta = np.fromfile(f"{folder}/theta.f64", dtype=np.float64).reshape(k, m)
    rows = np.arange(n)

    def loss_gradient():
        Z = X @ theta.T
        mx = Z.max(axis=1, keepdims=True)
        E = np.exp(Z - mx)
        S = E.sum(axis=1)
        loss = float(np.sum(mx[:, 0] + np.log(S) - Z[rows, y]))
        E /= S[:, None]
        E[rows, y] -= 1.0
        G = E.T @ X
        return loss, G

    with threadpool_limits(limits=1):
        loss, _ = loss_gradient()
        loss_gradient()
        times = []
        cpu = []
        for _ in range(reps):
            t0 = time.perf_counter()
            c0 = time.process_time()
            loss_gradient()
            cpu.append(time.process_time() - c0)
            times.append(time.perf_counter() - t0)
        info = threadpool_info()
    times.sort()
    cpu.sort()
    print(json.dumps({"medianSeconds": times[len(times) // 2], "cpuMedianSeconds": cpu[len(cpu) // 2], "seconds": times, "cpuSeconds": cpu, "loss": loss, "numpy": np.__version__, "threadpool": info}))


if __name__ == "__main__":
    main()
