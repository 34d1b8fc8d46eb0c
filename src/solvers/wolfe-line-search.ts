/**
 * Line search for the strong Wolfe conditions (Moré & Thuente, "Line search algorithms with
 * guaranteed sufficient decrease", ACM TOMS 20(3), 1994), with the parameters SciPy's
 * L-BFGS-B uses (ftol 1e-3, gtol 0.9, xtol 0.1): find t > 0 with
 *     φ(t) ≤ φ(0) + ftol·t·φ'(0)   and   |φ'(t)| ≤ gtol·|φ'(0)|,
 * φ(t) = f(θ + t·d). It keeps an interval known (once `bracketed`) to contain such a t and
 * picks each trial by safeguarded cubic or quadratic interpolation of the values and slopes
 * at its ends (`interpolate`, the paper's four cases). Until a trial shows sufficient
 * decrease with a non-negative slope it works on ψ(t) = φ(t) − φ(0) − ftol·t·φ'(0) instead.
 *
 * Near the optimum the decrease falls below float64 resolution and the sufficient-decrease
 * test becomes a coin toss; then a trial whose loss equals φ(0) to rounding and that meets
 * the curvature condition is accepted too (the "approximate Wolfe" test of Hager & Zhang),
 * which is what lets L-BFGS drive the gradient to 1e-8 and beyond.
 */

export interface WolfeSettings {
  ftol: number;
  gtol: number;
  xtol: number;
  maxEvaluations: number;
}

export const SCIPY_WOLFE: WolfeSettings = { ftol: 1e-3, gtol: 0.9, xtol: 0.1, maxEvaluations: 20 };

/** Interval growth factors before a bracket is found (the paper's, as in MINPACK-2). */
const EXTRAPOLATE_LOW = 1.1;
const EXTRAPOLATE_HIGH = 4;

export interface WolfeResult {
  /** "ok": a step met the conditions; "best": stopped early (budget, rounding, xtol) at the best point seen; "fail": no step decreased φ. */
  status: "ok" | "best" | "fail";
  step: number;
  value: number;
  /** φ'(step). */
  slope: number;
  /** The accepted step is the last one evaluated (the caller's trial point holds it). */
  isLast: boolean;
}

/** One end of the interval: a step, φ there and φ' there. */
interface End {
  t: number;
  f: number;
  g: number;
}

/**
 * `evaluate(t)` moves the caller's trial point to θ + t·d and returns [φ(t), φ'(t)] (it may
 * return [Infinity, 0] for a step so long that the loss overflows; the array is read at once,
 * so the caller may reuse it). `f0`, `g0` = φ(0), φ'(0) < 0;
 * `t` the first trial; `resolution` a change of φ that is rounding.
 */
export function wolfeSearch(
  evaluate: (t: number) => [number, number],
  f0: number,
  g0: number,
  t: number,
  resolution: number,
  settings: WolfeSettings = SCIPY_WOLFE,
): WolfeResult {
  const { ftol, gtol, xtol, maxEvaluations } = settings;
  const gtest = ftol * g0;
  // x: the best step so far (lowest ψ or φ); y: the other end of the interval.
  const x: End = { t: 0, f: f0, g: g0 };
  const y: End = { t: 0, f: f0, g: g0 };
  const ends = { bracketed: false };
  let stage1 = true;
  let width = Infinity;
  let width1 = Infinity;
  let lo = 0;
  let hi = t + EXTRAPOLATE_HIGH * t;
  for (let evaluation = 1; ; evaluation++) {
    // Indexed rather than destructured: the caller may reuse one array for every answer.
    const answer = evaluate(t);
    const f = answer[0];
    const g = answer[1];
    const ftest = f0 + t * gtest;
    if (Number.isFinite(f)) {
      if (f <= ftest && Math.abs(g) <= -gtol * g0) return { status: "ok", step: t, value: f, slope: g, isLast: true };
      if (Math.abs(f - f0) <= resolution && Math.abs(g) <= -gtol * g0) return { status: "ok", step: t, value: f, slope: g, isLast: true };
    }
    if (evaluation >= maxEvaluations) return best(x, t, f0);
    if (!Number.isFinite(f)) {
      // Overflow far out: the step is too long; shrink towards the best point.
      ends.bracketed = true;
      y.t = t;
      y.f = Infinity;
      y.g = 0;
      t = x.t + 0.25 * (t - x.t);
      continue;
    }
    if (stage1 && f <= ftest && g >= 0) stage1 = false;
    if (stage1 && f <= x.f && f > ftest) {
      // On ψ: shift values and slopes by the sufficient-decrease line.
      const trial: End = { t, f: f - t * gtest, g: g - gtest };
      const xm: End = { t: x.t, f: x.f - x.t * gtest, g: x.g - gtest };
      const ym: End = { t: y.t, f: y.f - y.t * gtest, g: y.g - gtest };
      t = interpolate(xm, ym, trial, ends, lo, hi);
      x.f = xm.f + xm.t * gtest;
      x.g = xm.g + gtest;
      x.t = xm.t;
      y.f = ym.f + ym.t * gtest;
      y.g = ym.g + gtest;
      y.t = ym.t;
    } else {
      t = interpolate(x, y, { t, f, g }, ends, lo, hi);
    }
    if (ends.bracketed) {
      // Force the interval to shrink by a third every other step.
      if (Math.abs(y.t - x.t) >= 0.66 * width1) t = x.t + 0.5 * (y.t - x.t);
      width1 = width;
      width = Math.abs(y.t - x.t);
      lo = Math.min(x.t, y.t);
      hi = Math.max(x.t, y.t);
    } else {
      lo = t + EXTRAPOLATE_LOW * (t - x.t);
      hi = t + EXTRAPOLATE_HIGH * (t - x.t);
    }
    t = Math.max(t, 0);
    // Rounding has made progress impossible, or the interval is within xtol: stop at the best point.
    if (ends.bracketed && (t <= lo || t >= hi || hi - lo <= xtol * hi)) return best(x, NaN, f0);
  }
}

function best(x: End, last: number, f0: number): WolfeResult {
  if (x.t === 0 || !(x.f < f0)) return { status: "fail", step: 0, value: f0, slope: x.g, isLast: false };
  return { status: "best", step: x.t, value: x.f, slope: x.g, isLast: x.t === last };
}

/**
 * The next trial step from the interval ends x (best so far), y and the trial just evaluated
 * (Moré & Thuente's step update, four cases), and the interval's new ends: x, y and
 * `ends.bracketed` are updated in place. lo, hi bound the step while nothing is bracketed.
 */
function interpolate(x: End, y: End, trial: End, ends: { bracketed: boolean }, lo: number, hi: number): number {
  const { t, f, g } = trial;
  // The paper's sgnd < 0 (a zero slope is not "opposite": it goes to case 3).
  const opposite = g * Math.sign(x.g) < 0;
  let next: number;
  if (f > x.f) {
    // Case 1: a higher value; the minimum is bracketed. Cubic unless the quadratic is much closer to x.
    const cubic = cubicMinimiser(x, trial);
    const quadratic = x.t + (x.g / ((x.f - f) / (t - x.t) + x.g) / 2) * (t - x.t);
    next = Math.abs(cubic - x.t) < Math.abs(quadratic - x.t) ? cubic : cubic + (quadratic - cubic) / 2;
    ends.bracketed = true;
  } else if (opposite) {
    // Case 2: the slopes have opposite signs; bracketed. The step farther from the trial.
    const cubic = cubicMinimiser(trial, x);
    const secant = t + (g / (g - x.g)) * (x.t - t);
    next = Math.abs(cubic - t) > Math.abs(secant - t) ? cubic : secant;
    ends.bracketed = true;
  } else if (Math.abs(g) < Math.abs(x.g)) {
    // Case 3: same sign, the slope shrinks. The cubic may not have a minimiser beyond the trial.
    const theta = (3 * (x.f - f)) / (t - x.t) + x.g + g;
    const s = Math.max(Math.abs(theta), Math.abs(x.g), Math.abs(g));
    let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (x.g / s) * (g / s)));
    if (t > x.t) gamma = -gamma;
    const r = (gamma - g + theta) / (gamma + (x.g - g) + gamma);
    const cubic = r < 0 && gamma !== 0 ? t + r * (x.t - t) : t > x.t ? hi : lo;
    const secant = t + (g / (g - x.g)) * (x.t - t);
    if (ends.bracketed) {
      next = Math.abs(cubic - t) < Math.abs(secant - t) ? cubic : secant;
      next = t > x.t ? Math.min(t + 0.66 * (y.t - t), next) : Math.max(t + 0.66 * (y.t - t), next);
    } else {
      next = Math.abs(cubic - t) > Math.abs(secant - t) ? cubic : secant;
      next = Math.min(hi, Math.max(lo, next));
    }
  } else {
    // Case 4: same sign, the slope does not shrink: the cubic through the trial and y, or an end.
    next = ends.bracketed ? cubicMinimiser(trial, y) : t > x.t ? hi : lo;
  }
  // The new interval.
  if (f > x.f) {
    Object.assign(y, trial);
  } else {
    if (opposite) Object.assign(y, x);
    Object.assign(x, trial);
  }
  return next;
}

/** The minimiser of the cubic through (a.t, a.f) and (b.t, b.f) with slopes a.g, b.g, counted from a. */
function cubicMinimiser(a: End, b: End): number {
  const theta = (3 * (a.f - b.f)) / (b.t - a.t) + a.g + b.g;
  const s = Math.max(Math.abs(theta), Math.abs(a.g), Math.abs(b.g));
  let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (a.g / s) * (b.g / s)));
  if (b.t < a.t) gamma = -gamma;
  const p = gamma - a.g + theta;
  const q = gamma - a.g + gamma + b.g;
  return a.t + (p / q) * (b.t - a.t);
}
