// The README's workflow example is examples/workflow.ts (with the package's import names), and it runs.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { workflow } from "../../examples/workflow.js";

const root = new URL("../../", import.meta.url);

describe("the README's workflow example", () => {
  it("is examples/workflow.ts, imports aside", () => {
    const readme = readFileSync(new URL("README.md", root), "utf8");
    const section = readme.slice(readme.indexOf("## Workflow"));
    const start = section.indexOf("```ts\n") + 6;
    const block = section.slice(start, section.indexOf("\n```", start));
    const example = readFileSync(new URL("examples/workflow.ts", root), "utf8")
      .replace('from "../src/index.js"', 'from "softmax-regression"')
      .replace('from "../src/metrics.js"', 'from "softmax-regression/metrics"');
    expect(block.trim()).toBe(example.trim());
  });

  it("loads the CSV, chooses λ by cross-validation on standardised features, reports and saves", async () => {
    const dir = mkdtempSync(join(tmpdir(), "workflow-"));
    const lines: string[] = [];
    try {
      const { model, loaded, Xtest, ytest } = await workflow(new URL("test/fixtures/wine.csv", root).pathname, join(dir, "model.json"), (l) => lines.push(l));
      expect(model.l2s).toHaveLength(10);
      expect(model.l2).toBe(model.l2s[model.bestIndex]);
      expect(model.standardization!.scale).toHaveLength(13);
      expect(model.featureNames![12]).toBe("proline");
      expect(model.score(Xtest, ytest)).toBeGreaterThan(0.9);
      expect(loaded.predictProba(Xtest)).toEqual(model.predictProba(Xtest));
      expect(JSON.parse(readFileSync(join(dir, "model.json"), "utf8")).featureNames).toEqual(model.featureNames);
      expect(lines.join("\n")).toMatch(/chosen l2 .*test accuracy .*confusion matrix.*precision.*strongest feature/s);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
