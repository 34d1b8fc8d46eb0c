// The CLI's --l1 flag: `fit --l1` runs newton-l1 and saves the same model as the library's
// fit with { l1 } on the encoded rows; `summary` of that model refuses (an L1 fit has no
// inference statistics) with the library's reason.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { LogisticRegression } from "../src/index.js";
import { buildCli, cli, put, scratch } from "./helpers/cli.js";
import { csv, encodedRows, labels } from "./cli/data.js";

const dir = scratch();
const data = put(dir, "iris.csv", csv());

beforeAll(() => buildCli(), 60_000);

describe("fit --l1", () => {
  it("fits the library's L1 model (exact zeros, KKT-certified) and summary refuses it", async () => {
    const out = `${dir}/l1.json`;
    const r = await cli(["fit", data, "--target", "species", "--categorical", "colour", "--l1", "0.02", "--l2", "0", "-o", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^newton-l1: \d+ iterations, converged: KKT residual ≤ tol; 150 rows, 7 features/);
    const saved = JSON.parse(readFileSync(out, "utf8"));
    const reference = await new LogisticRegression({ l1: 0.02, l2: 0 }).fit(encodedRows(), labels);
    expect(saved.coef).toEqual(reference.coef);
    expect(saved.intercept).toEqual(reference.intercept);
    expect(saved.training.options.l1).toBe(0.02);
    // The colour column (one-hot, features 4–6) is assigned in turn, independent of the
    // species: at this λ₁ its weights are exactly 0 in every class.
    for (const row of saved.coef) expect(row.slice(4)).toEqual([0, 0, 0]);
    const summary = await cli(["summary", out]);
    expect(summary.code).toBe(1);
    expect(summary.stderr).toMatch(/fitted with l1 = 0\.02/);
  });
});
