// Issue 10's target 1 with real stopping rules: a time "to the first iterate within 1e-8" is
// an oracle (no solver knows when it got there). Here the default counts with its whole fit,
// stopped by its own rule, and only if its final iterate is within the target; scikit-learn
// either the same way (its fastest solver whose own stop lands within the target) or, the
// conservative reading, with its oracle time (first iterate within it), which no stopping
// rule of its could beat.
import type { Row } from "./score.js";

export interface StopRatio {
  /** The default's fit time when its own stop is within the target, else null. */
  oursSeconds: number | null;
  /** scikit-learn's fastest fit whose own stop is within the target (label and seconds), else null. */
  sklearnStop: { label: string; seconds: number } | null;
  /** oursSeconds / sklearnStop.seconds. */
  overStop: number | null;
  /** oursSeconds / scikit-learn's best first-iterate time (the oracle; conservative). */
  overOracle: number | null;
  text: string;
}

/** Whether a row's own stop (not a cap) left it within the target. */
const stoppedWithin = (r: Row, target: number) => r.status === "ok" && !r.capped && r.finalLoss !== null && r.finalLoss <= target;

export function stopRatio(rows: Row[], target: number, sklearnOracleSeconds: number | null): StopRatio {
  const baseline = rows.find((r) => r.baseline);
  const oursSeconds = baseline && stoppedWithin(baseline, target) ? baseline.fitSeconds : null;
  const theirs = rows.filter((r) => r.library === "scikit-learn" && stoppedWithin(r, target)).sort((a, b) => a.fitSeconds - b.fitSeconds)[0];
  const sklearnStop = theirs ? { label: theirs.label, seconds: theirs.fitSeconds } : null;
  const overStop = oursSeconds !== null && sklearnStop ? oursSeconds / sklearnStop.seconds : null;
  const overOracle = oursSeconds !== null && sklearnOracleSeconds ? oursSeconds / sklearnOracleSeconds : null;
  const ms = (s: number) => (s >= 1 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(0)} ms`);
  const x = (v: number | null) => (v === null ? "—" : `${v.toFixed(2)}×`);
  const text =
    oursSeconds === null
      ? "— (the default's own stop is not within the target, or it was capped)"
      : `the default's own stop ${ms(oursSeconds)}; over scikit-learn's fastest own stop within the target ` +
        (sklearnStop ? `(${sklearnStop.label}, ${ms(sklearnStop.seconds)}) ${x(overStop)}` : "(none: every one stopped short or was capped) —") +
        `; over its first iterate within the target (an oracle${sklearnOracleSeconds ? `, ${ms(sklearnOracleSeconds)}` : ""}) ${x(overOracle)}`;
  return { oursSeconds, sklearnStop, overStop, overOracle, text };
}
