// What a time to the 1e-8 target can be said to be when a run did not reach it: a run that
// ended on a benchmark cap would have needed more than its fit time (a lower bound); a run
// that ended on its own stopping rule never reaches it with those settings. The ratio of the
// package's default to scikit-learn's best solver is then a bound, never a number as if
// both had arrived.

/** A time to the target: exactly `seconds`, more than `seconds` (capped), or never (stopped short). */
export type TargetTime = { kind: "exact"; seconds: number } | { kind: "after"; seconds: number } | { kind: "never" };

export function targetTime(r: { timeToTarget: number | null; capped: boolean; fitSeconds: number; status: string }): TargetTime {
  if (r.timeToTarget !== null) return { kind: "exact", seconds: r.timeToTarget };
  if (r.status === "ok" && r.capped) return { kind: "after", seconds: r.fitSeconds };
  return { kind: "never" };
}

/**
 * The fastest of several contenders' times: the smallest exact time, unless a capped run
 * stopped before it (it might have got there sooner, so only a lower bound is known).
 * `upper` is the best exact time, `lower` the earliest cap below it.
 */
export interface BestTime {
  lower: number | null;
  upper: number | null;
}

export function bestTime(times: TargetTime[]): BestTime {
  const exact = times.filter((t) => t.kind === "exact").map((t) => (t as { seconds: number }).seconds);
  const after = times.filter((t) => t.kind === "after").map((t) => (t as { seconds: number }).seconds);
  const upper = exact.length ? Math.min(...exact) : null;
  const earliestCap = after.length ? Math.min(...after) : null;
  const lower = earliestCap !== null && (upper === null || earliestCap < upper) ? earliestCap : upper;
  return { lower, upper };
}

/** ours / best as a number when both are exact, else the bound the two allow, as text. */
export interface TargetRatio {
  /** The ratio when it is known exactly. */
  value: number | null;
  /** Bounds on the ratio (null: unbounded on that side). */
  atLeast: number | null;
  below: number | null;
  text: string;
}

export function targetRatio(ours: TargetTime, best: BestTime): TargetRatio {
  const r = (x: number) => `${x.toFixed(2)}×`;
  if (ours.kind === "never") return { value: null, atLeast: null, below: null, text: "— (the default stopped without reaching it)" };
  if (best.upper === null && best.lower === null) return { value: null, atLeast: null, below: null, text: "— (no scikit-learn solver reached it: every one stopped short on its own rule)" };
  if (ours.kind === "exact") {
    const t = ours.seconds;
    if (best.upper !== null && best.lower === best.upper) return { value: t / best.upper, atLeast: t / best.upper, below: t / best.upper, text: r(t / best.upper) };
    const below = t / best.lower!;
    if (best.upper === null) return { value: null, atLeast: null, below, text: `< ${r(below)} (no scikit-learn solver reached it within its cap)` };
    return { value: null, atLeast: t / best.upper, below, text: `${r(t / best.upper)}–${r(below)} (a capped scikit-learn solver stopped before the fastest one reached it)` };
  }
  // ours capped before the target: it would take more than its fit time.
  if (best.upper === null) return { value: null, atLeast: null, below: null, text: "— (neither reached it within its cap)" };
  return { value: null, atLeast: ours.seconds / best.upper, below: null, text: `> ${r(ours.seconds / best.upper)} (the default was capped before it)` };
}
