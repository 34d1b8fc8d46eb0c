// Measures the error of the kernels' exp and log (assembly/exp.ts, assembly/log.ts, exported by
// build/softmax.wasm as exp and log) against a double-double reference computed here (about 96
// correct bits: checked once against mpmath at 200 bits on 6 000 points); these are the figures
// quoted in the two headers. Run `npm run build` first.
//
//   node scripts/measure-exp-log.mjs            (about a minute)
//   node scripts/measure-exp-log.mjs 0.05       (5 % of the points, for a quick look)
//
// Reference exp(x) = m·2^k, x = k·ln2 + r (ln2 in double-double), m = (e^(r/256))^256 with
// e^(r/256) a 10-term Taylor sum; every step in double-double arithmetic. Reference log(x):
// log1p's series on f = x − 1 when |f| < 1/16, otherwise one Newton step from Math.log(x),
// y = y0 + x·e^(−y0) − 1, with e^(−y0) the reference exp. Errors are in ulps of the exact
// value (for subnormal exp results, ulps of 2^−1074); "correctly rounded" is an error ≤ 0.5 ulp.
import { readFileSync } from "node:fs";

const SCALE = Number(process.argv[2] ?? 1);
const { exports } = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(new URL("../build/softmax.wasm", import.meta.url))), {});
const wasmExp = exports.exp;
const wasmLog = exports.log;

// --- double-double arithmetic (a value is hi + lo with |lo| ≤ ulp(hi)/2) --------------------
const SPLIT = 134217729; // 2^27 + 1
function twoSum(a, b) {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}
function quickTwoSum(a, b) {
  const s = a + b;
  return [s, b - (s - a)];
}
function twoProd(a, b) {
  const p = a * b;
  let c = SPLIT * a;
  const ah = c - (c - a), al = a - ah;
  c = SPLIT * b;
  const bh = c - (c - b), bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}
function add(a, b) {
  const [s, e] = twoSum(a[0], b[0]);
  return quickTwoSum(s, e + a[1] + b[1]);
}
function mul(a, b) {
  const [p, e] = twoProd(a[0], b[0]);
  return quickTwoSum(p, e + a[0] * b[1] + a[1] * b[0]);
}
function mulD(a, d) {
  const [p, e] = twoProd(a[0], d);
  return quickTwoSum(p, e + a[1] * d);
}
function divD(a, d) {
  const q1 = a[0] / d;
  const [p, e] = twoProd(q1, d);
  const q2 = (a[0] - p - e + a[1]) / d;
  return quickTwoSum(q1, q2);
}

/** x·2^k exactly, for x·2^k and the intermediate normal (k may be ±1100). */
function scale(x, k) {
  const a = Math.trunc(k / 2);
  return x * 2 ** a * 2 ** (k - a);
}

const LN2 = [0.6931471805599453, 2.3190468138462996e-17];
const ONE = [1, 0];

/** e^x = m·2^k with m (double-double) in about [0.7, 1.42]. */
function expRef(x) {
  const k = Math.round(x / LN2[0]);
  const [p, e] = twoProd(k, LN2[0]);
  let r = add([x, 0], [-p, -e]);
  r = add(r, [-k * LN2[1], 0]);
  const t = [r[0] / 256, r[1] / 256];
  let m = ONE;
  for (let n = 10; n >= 1; n--) m = add(ONE, divD(mul(t, m), n));
  for (let i = 0; i < 8; i++) m = mul(m, m);
  return { m, k };
}

const RECIPROCALS = Array.from({ length: 30 }, (_, n) => (n === 0 ? null : divD(ONE, n)));

/** log x as double-double, x positive normal. */
function logRef(x) {
  const f = x - 1; // exact for x in [1/2, 2]
  if (Math.abs(f) < 1 / 16) {
    let p = RECIPROCALS[29];
    for (let n = 28; n >= 1; n--) p = add(RECIPROCALS[n], mulD(p, -f));
    return mulD(p, f);
  }
  const y0 = Math.log(x);
  const { m, k } = expRef(-y0);
  const t = add(mulD(m, scale(x, k)), [-1, 0]);
  return add([y0, 0], t);
}

// --- error statistics ------------------------------------------------------------------------
function stats() {
  return { points: 0, maxUlp: 0, maxUlpAt: NaN, maxRel: 0, rounded: 0 };
}
function record(st, x, ulpErr, relErr) {
  st.points++;
  if (ulpErr > st.maxUlp) { st.maxUlp = ulpErr; st.maxUlpAt = x; }
  if (relErr > st.maxRel) st.maxRel = relErr;
  if (ulpErr <= 0.5) st.rounded++;
}
function report(name, st) {
  if (!st.points) return;
  console.log(`  ${name.padEnd(34)} ${String(st.points).padStart(9)} points  max ${st.maxUlp.toFixed(3)} ulp (at x = ${st.maxUlpAt})  max rel ${st.maxRel.toExponential(3)}  correctly rounded ${(100 * st.rounded / st.points).toFixed(1)} %`);
}

const exponent = (v) => Math.floor(Math.log2(Math.abs(v)));

function measureExp(name, xs) {
  const normal = stats(), subnormal = stats();
  for (const x of xs) {
    const f = wasmExp(x);
    const { m, k } = expRef(x);
    if (f === 0 && m[0] * 2 ** (k + 1074) < 0.5) { record(subnormal, x, 0, 0); continue; } // rounds to 0
    const d = Math.abs(scale(f, -k) - m[0] - m[1]); // error in units of 2^k
    const isSubnormal = exponent(m[0]) + k < -1022;
    const ulpScaled = isSubnormal ? 2 ** (-1074 - k) : 2 ** (exponent(m[0]) - 52);
    record(isSubnormal ? subnormal : normal, x, d / ulpScaled, isSubnormal ? 0 : d / m[0]);
  }
  console.log(`exp on ${name}:`);
  report("normal results", normal);
  report("subnormal results (ulp = 2^-1074)", subnormal);
}

function measureLog(name, xs) {
  const st = stats();
  for (const x of xs) {
    const f = wasmLog(x);
    const y = logRef(x);
    if (y[0] === 0) { record(st, x, f === 0 ? 0 : Infinity, f === 0 ? 0 : Infinity); continue; }
    const d = Math.abs(f - y[0] - y[1]);
    record(st, x, d / 2 ** (exponent(y[0]) - 52), d / Math.abs(y[0]));
  }
  console.log(`log on ${name}:`);
  report("all", st);
}

function* evenly(a, b, count) {
  for (let i = 0; i < count; i++) yield a + ((b - a) * i) / (count - 1);
}
const n = (count) => Math.max(2, Math.round(count * SCALE));

measureExp(`${n(20_000_001)} evenly spaced points on [-745, 709]`, evenly(-745, 709, n(20_000_001)));
measureExp(`${n(1_000_001)} evenly spaced points on [-1, 1]`, evenly(-1, 1, n(1_000_001)));
measureExp(`${n(1_000_000)} tiny negative points, -2^-10 to -2^-70 (log-spaced)`, (function* () {
  for (const e of evenly(10, 70, n(1_000_000))) yield -(2 ** -e);
})());
measureLog(`${n(1_000_000)} evenly spaced points on [1, 64] (the kernels' domain: sums in [1, K])`, evenly(1, 64, n(1_000_000)));
measureLog(`${n(1_000_000)} evenly spaced points on [1 - 2^-10, 1 + 2^-10]`, evenly(1 - 2 ** -10, 1 + 2 ** -10, n(1_000_000)));
measureLog(`${n(1_000_000)} log-spaced points over the normal range [2^-1022, 2^1023]`, (function* () {
  for (const e of evenly(-1022, 1023.99, n(1_000_000))) yield 2 ** Math.floor(e) * (1 + (e - Math.floor(e)));
})());
const specials = [[0, 1], [-0, 1], [-745.1332191019411, 2 ** -1074], [-745.1332191019412, 0], [-Infinity, 0], [-1e300, 0], [709.79, Infinity], [710, Infinity]];
for (const [x, want] of specials) {
  const got = wasmExp(x);
  if (!Object.is(got, want)) process.exitCode = 1;
  console.log(`exp(${Object.is(x, -0) ? "-0" : x}) = ${got} ${Object.is(got, want) ? "as expected" : `EXPECTED ${want}`}`);
}
if (wasmLog(1) !== 0) process.exitCode = 1;
console.log(`log(1) = ${wasmLog(1)}`);
