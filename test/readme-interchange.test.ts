// The README's "Interchange" section as a test: every ```ts block runs, in order, in one
// scratch folder (inside the repository, so that onnxruntime-node resolves), with the
// package's imports pointed at src/. Each line ending in `// → text` must print exactly
// `text`, and nothing else may be printed. The input files the blocks read are made here
// from the scikit-learn fixtures and from the Spark example's numbers.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { LogisticRegression } from "../src/index.js";
import { loadJson } from "./helpers/fixtures.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ENTRIES: Record<string, string> = {
  "softmax-regression": "src/index.ts",
  "softmax-regression/onnx": "src/onnx.ts",
  "softmax-regression/predict": "src/predict.ts",
};

/** The ```ts blocks of a README section, with their `// →` expectations. */
function blocks(section: string): { code: string; expected: string[] }[] {
  const text = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = text.indexOf(`\n## ${section}\n`);
  if (start < 0) throw new Error(`README has no "## ${section}" section`);
  const end = text.indexOf("\n## ", start + 1);
  const body = text.slice(start, end < 0 ? undefined : end);
  return [...body.matchAll(/```ts\n([\s\S]*?)```/g)].map(([, code]) => ({
    code,
    expected: code.split("\n").flatMap((line) => {
      const m = line.match(/\/\/ → (.*)$/);
      return m ? [m[1].trim()] : [];
    }),
  }));
}

function pointAtSources(code: string): string {
  return code.replace(/from "(softmax-regression(?:\/[a-z/-]+)?)"/g, (all, name: string) =>
    ENTRIES[name] ? `from ${JSON.stringify(join(ROOT, ENTRIES[name]))}` : all,
  );
}

interface SklearnFixture {
  coef_: number[][];
  intercept_: number[];
  classes_: string[];
}

describe("README: Interchange", () => {
  it("every ts block runs and prints what its // → comments say", () => {
    const found = blocks("Interchange");
    expect(found.length).toBeGreaterThanOrEqual(4);
    expect(found.flatMap((b) => b.expected).length).toBeGreaterThanOrEqual(6);
    const dir = mkdtempSync(join(ROOT, ".readme-"));
    try {
      const iris = loadJson<SklearnFixture>("interchange/iris_raw_string_labels.json");
      const params = { coef: iris.coef_, intercept: iris.intercept_, classes: iris.classes_ };
      writeFileSync(join(dir, "sklearn-model.json"), JSON.stringify(params));
      writeFileSync(join(dir, "iris-model.json"), JSON.stringify(LogisticRegression.fromSklearn(params)));
      // What the Spark snippet writes for a binomial model with coefficients [0.8, -0.4] and intercept 0.3.
      writeFileSync(join(dir, "spark-model.json"), JSON.stringify({ coef: [[0.8, -0.4]], intercept: [0.3], classes: [0, 1] }));
      const tsx = join(ROOT, "node_modules", ".bin", "tsx");
      found.forEach(({ code, expected }, i) => {
        const file = join(dir, `block-${i}.ts`);
        writeFileSync(file, pointAtSources(code));
        const out = execFileSync(tsx, [file], { cwd: dir, encoding: "utf8", timeout: 60_000 });
        expect(out.trim().split("\n"), `README Interchange ts block ${i + 1}`).toEqual(expected);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
