// The summary's number formatting against Python's own %-formatting of awkward values
// (halfway cases, which Python rounds to even on the exact binary value; exponents; zeros).
import { describe, expect, it } from "vitest";
import { fixed, general } from "../src/inference/python-format.js";
import { loadJson } from "./helpers/fixtures.js";

const { python_format: reference } = loadJson<{ python_format: { values: number[]; conversions: string[]; text: string[][] } }>(
  "inference/anes96_mnlogit_extra.json",
);

/** "%.3f", "%#.4g", … → our formatter. */
function format(conversion: string, x: number): string {
  const match = /^%(#?)\.(\d+)([fg])$/.exec(conversion);
  if (!match) throw new Error(`unexpected conversion ${conversion}`);
  const precision = Number(match[2]);
  return match[3] === "f" ? fixed(x, precision) : general(x, precision, match[1] === "#");
}

describe("Python-style number formatting", () => {
  it(`matches Python for ${reference.values.length} values × ${reference.conversions.length} conversions`, () => {
    reference.values.forEach((x, i) => {
      reference.conversions.forEach((conversion, j) => expect(format(conversion, x), `${conversion} % ${x}`).toBe(reference.text[i][j]));
    });
  });

  it("rounds halfway cases to even where JavaScript's toFixed rounds them up", () => {
    expect((0.125).toFixed(2)).toBe("0.13");
    expect(fixed(0.125, 2)).toBe("0.12");
    expect(general(12500, 2)).toBe("1.2e+04");
  });

  it("prints non-finite values as Python does", () => {
    expect(general(NaN, 4, true)).toBe("nan");
    expect(fixed(-Infinity, 3)).toBe("-inf");
  });
});
