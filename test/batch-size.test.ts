// A batchSize above the number of rows means one batch of every row: the memory check must
// count the rows SGD will take, not the option (a batchSize of 1e9 on 300 rows was refused
// as needing 41 GiB of kernel memory).
import { describe, expect, it } from "vitest";
import { LogisticRegression } from "../src/index.js";
import { randomProblem } from "./helpers/random.js";

describe("batchSize beyond the rows", () => {
  const { X, y } = randomProblem(5, 300, 3, 2);

  it("fit with sgd: the same bits as batchSize = N", async () => {
    const huge = await new LogisticRegression({ solver: "sgd", batchSize: 1e9, maxIter: 5 }).fit(X, y);
    const all = await new LogisticRegression({ solver: "sgd", batchSize: 300, maxIter: 5 }).fit(X, y);
    expect(huge.theta).toEqual(all.theta);
    expect(huge.nIter).toBe(5);
  });

  it("partialFit: the same bits as batchSize = the batch's rows", async () => {
    const huge = new LogisticRegression({ solver: "sgd", batchSize: 2 ** 31 - 1 });
    const all = new LogisticRegression({ solver: "sgd", batchSize: 100 });
    for (let start = 0; start < 300; start += 100) {
      await huge.partialFit(X.slice(start, start + 100), y.slice(start, start + 100), { classes: [0, 1] });
      await all.partialFit(X.slice(start, start + 100), y.slice(start, start + 100), { classes: [0, 1] });
    }
    expect(huge.theta).toEqual(all.theta);
  });
});
