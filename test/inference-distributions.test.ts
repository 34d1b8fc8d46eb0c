// The distributions inference uses, against 50-digit mpmath values (scipy's values are in the
// same files but are themselves off by up to 1.1e-13 in the tails; see test/fixtures/README.md).
import { describe, expect, it } from "vitest";
import { chiSquaredSf } from "../src/inference/chi-squared.js";
import { normalCdf, normalQuantile, normalSf } from "../src/inference/normal.js";
import { loadJson } from "./helpers/fixtures.js";

interface Distributions {
  norm_ppf: { p: number[]; value: number[]; value_mpmath: number[] };
  norm_sf: { z: number[]; value_mpmath: number[] };
  norm_cdf: { z: number[]; value_mpmath: number[] };
  chi2_sf: { df: number; x: number[]; sf_mpmath: number[] }[];
}
const fixture = loadJson<Distributions>("inference/distributions.json");
const large = loadJson<{ chi2_sf_large_df: { df: number; x: number; sf_mpmath: number }[] }>("inference/anes96_mnlogit_extra.json");

/** Subnormal results carry few significant bits: they are compared absolutely, to one unit of the smallest. */
const SMALLEST_NORMAL = 2.2250738585072014e-308;

function relative(a: number, b: number): number {
  return a === b ? 0 : Math.abs(a - b) / Math.abs(b);
}

/** The largest relative error over the points where the reference is a normal double; subnormal ones must agree to 1 ulp. */
function worst(xs: number[], reference: number[], f: (x: number) => number): number {
  let max = 0;
  xs.forEach((x, i) => {
    const v = f(x);
    if (Math.abs(reference[i]) >= SMALLEST_NORMAL || reference[i] === 0) max = Math.max(max, relative(v, reference[i]));
    else expect(Math.abs(v - reference[i]), `at ${x}`).toBeLessThanOrEqual(5e-324);
  });
  return max;
}

describe("normal distribution", () => {
  it("survival function within 5e-16 relative of mpmath from z = −40 to 40 (measured 4.3e-16)", () => {
    expect(worst(fixture.norm_sf.z, fixture.norm_sf.value_mpmath, normalSf)).toBeLessThan(5e-16);
  });

  it("CDF within 5e-16 relative (measured 2.8e-16), and sf + cdf = 1 where neither is tiny", () => {
    expect(worst(fixture.norm_cdf.z, fixture.norm_cdf.value_mpmath, normalCdf)).toBeLessThan(5e-16);
    for (const z of [-3, -1, -0.1, 0, 0.3, 2]) expect(normalSf(z) + normalCdf(z)).toBeCloseTo(1, 15);
  });

  it("quantile within 4e-16 relative from p = 5e-324 to 1 − 2⁻⁵³ (measured 3.5e-16)", () => {
    expect(worst(fixture.norm_ppf.p, fixture.norm_ppf.value_mpmath, normalQuantile)).toBeLessThan(4e-16);
  });

  it("is correctly rounded at 0.975 (scipy's 1.959963984540054 is 1 ulp above) and monotone", () => {
    const at = fixture.norm_ppf.p.indexOf(0.975);
    expect(normalQuantile(0.975)).toBe(fixture.norm_ppf.value_mpmath[at]);
    expect(Math.abs(normalQuantile(0.975) - fixture.norm_ppf.value[at])).toBeLessThanOrEqual(2.3e-16);
    const ps = fixture.norm_ppf.p;
    for (let i = 1; i < ps.length; i++) expect(normalQuantile(ps[i])).toBeGreaterThan(normalQuantile(ps[i - 1]));
  });

  it("has the limits and refuses what is not a probability", () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(NaN)).toBeNaN();
    expect(normalSf(Infinity)).toBe(0);
    expect(normalSf(-Infinity)).toBe(1);
    expect(normalSf(NaN)).toBeNaN();
  });
});

describe("chi-squared survival function", () => {
  it("within 5e-16 relative of mpmath for df 1–100, x up to 1500 (measured 4.2e-16)", () => {
    let max = 0;
    for (const { df, x, sf_mpmath } of fixture.chi2_sf) max = Math.max(max, worst(x, sf_mpmath, (v) => chiSquaredSf(v, df)));
    expect(max).toBeLessThan(5e-16);
  });

  it("within 5e-13 relative at df 200–2000 (measured 4.4e-13: beyond df = 340 the prefactor is taken in logs)", () => {
    let max = 0;
    for (const { df, x, sf_mpmath } of large.chi2_sf_large_df) max = Math.max(max, relative(chiSquaredSf(x, df), sf_mpmath));
    expect(max).toBeLessThan(5e-13);
  });

  it("is 1 at x ≤ 0, 0 at infinity, NaN for a df that is not a positive integer", () => {
    expect(chiSquaredSf(0, 3)).toBe(1);
    expect(chiSquaredSf(-1, 3)).toBe(1);
    expect(chiSquaredSf(Infinity, 3)).toBe(0);
    expect(chiSquaredSf(1, 0)).toBeNaN();
    expect(chiSquaredSf(1, 2.5)).toBeNaN();
  });
});
