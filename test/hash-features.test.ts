// hashFeatures against scikit-learn 1.2's HashingVectorizer on the committed fixture
// (test/fixtures/sparse/hashing_vectorizer.json, made by scripts/fixtures/sparse.py): MurmurHash3
// values and UTF-8 bytes, tokens, analyzer output for every n-gram/lowercase setting, and the
// CSR matrices entry for entry (explicit zeros included) for 16, 2¹⁰ and 2²⁰ columns, on ASCII
// and on Unicode text.
import { describe, expect, it } from "vitest";
import { SoftmaxRegressionError, hashFeatures } from "../src/index.js";
import { hashFeatures as hashFromPredictEntry } from "../src/predict.js";
import { murmurhash3, utf8 } from "../src/text/murmurhash3.js";
import { analyze, tokenCharacters, wordsOf } from "../src/text/tokens.js";
import { loadJson } from "./helpers/fixtures.js";

interface CsrFixture {
  shape: [number, number];
  indptr: number[];
  indices: number[];
  data: number[];
  explicit_zeros: number;
}
interface Setting {
  n_features: number;
  ngram_range: [number, number];
  lowercase: boolean;
  norm: "l2" | null;
  ascii: CsrFixture;
  unicode: CsrFixture;
}
interface Fixture {
  ascii_texts: string[];
  unicode_texts: string[];
  settings: Setting[];
  tokens_default_pattern: { ascii: string[][]; unicode: string[][] };
  analyzer_output: Record<string, { ascii: string[][]; unicode: string[][] }>;
  murmurhash3_32: Array<{ string: string; utf8_bytes_hex: string; signed: number }>;
}

const fixture = loadJson<Fixture>("sparse/hashing_vectorizer.json");
const groups = ["ascii", "unicode"] as const;
const texts = { ascii: fixture.ascii_texts, unicode: fixture.unicode_texts };

describe("hashFeatures reproduces scikit-learn's HashingVectorizer", () => {
  it("MurmurHash3 (seed 0) of the UTF-8 bytes", () => {
    for (const { string, utf8_bytes_hex, signed } of fixture.murmurhash3_32) {
      const { bytes, length } = utf8(string, new Uint8Array(0));
      expect(Buffer.from(bytes.subarray(0, length)).toString("hex")).toBe(utf8_bytes_hex);
      expect(murmurhash3(bytes, length)).toBe(signed);
    }
  });

  it.each(groups)("the default token pattern on %s text", (group) => {
    expect(texts[group].map((t) => analyze(t, 1, false))).toEqual(fixture.tokens_default_pattern[group]);
  });

  it.each(Object.keys(fixture.analyzer_output))("the analyzer, %s", (key) => {
    const [, n, lower] = /ngram_range=\(1, (\d)\), lowercase=(True|False)/.exec(key)!;
    for (const group of groups) {
      expect(texts[group].map((t) => analyze(t, Number(n), lower === "True"))).toEqual(fixture.analyzer_output[key][group]);
    }
  });

  it.each(fixture.settings.map((s) => ({ ...s, label: `n_features=${s.n_features}, ngrams=${s.ngram_range[1]}, lowercase=${s.lowercase}, norm=${s.norm}` })))(
    "$label: every entry, explicit zeros included",
    (setting) => {
      for (const group of groups) {
        const want = setting[group];
        const got = hashFeatures(texts[group], { nFeatures: setting.n_features, ngrams: setting.ngram_range[1], lowercase: setting.lowercase, norm: setting.norm });
        expect([got.rows, got.cols]).toEqual(want.shape);
        expect(Array.from(got.indptr)).toEqual(want.indptr);
        expect(Array.from(got.indices)).toEqual(want.indices);
        // Exact: counts are integers, and the l2 row norm is divided out as scikit-learn does.
        expect(Array.from(got.data)).toEqual(want.data);
        expect(Array.from(got.data).filter((v) => v === 0).length).toBe(want.explicit_zeros);
      }
    },
  );

  it("the fixture does exercise explicit zeros (colliding +1 and −1)", () => {
    expect(fixture.settings.reduce((a, s) => a + s.ascii.explicit_zeros + s.unicode.explicit_zeros, 0)).toBeGreaterThan(50);
  });

  it("is exported by the predict-only entry, and refuses bad options and texts", () => {
    expect(hashFromPredictEntry(["two words"], { nFeatures: 1024 })).toEqual(hashFeatures(["two words"], { nFeatures: 1024 }));
    const bad: Array<[() => unknown, string, RegExp]> = [
      [() => hashFeatures(["a b"], { nFeatures: 0 }), "INVALID_OPTION", /nFeatures must be an integer from 1/],
      [() => hashFeatures(["a b"], { ngrams: 1.5 }), "INVALID_OPTION", /ngrams must be an integer from 1 to 2³¹ − 1/],
      [() => hashFeatures(["a b"], { nFeature: 8 } as never), "INVALID_OPTION", /did you mean "nFeatures"/],
      [() => hashFeatures(["a b"], { norm: "l1" } as never), "INVALID_OPTION", /norm must be "l2" or null/],
      [() => hashFeatures("not an array" as never), "INVALID_X", /texts must be an array of strings/],
      [() => hashFeatures(["fine", 3] as never), "INVALID_X", /texts\[1\] is 3, not a string/],
    ];
    for (const [fn, code, message] of bad) {
      let error: unknown;
      try {
        fn();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SoftmaxRegressionError);
      expect((error as SoftmaxRegressionError).code).toBe(code);
      expect((error as SoftmaxRegressionError).message).toMatch(message);
    }
    expect(hashFeatures([])).toMatchObject({ rows: 0, cols: 2 ** 20 });
  });
});

describe("tokenCharacters (the size check of hashFeatures)", () => {
  it("equals the summed length of the tokens the analyzer yields", () => {
    const texts = ["", "aa", "aa bbb c dddd ee", "the quick brown fox jumps over the lazy dog again and again", "日本語 テキスト ab"];
    for (const text of texts) {
      for (const ngrams of [1, 2, 3, 5, 100]) {
        const words = wordsOf(text, true);
        expect(tokenCharacters(words, ngrams)).toBe(analyze(text, ngrams, true).reduce((s, t) => s + t.length, 0));
      }
    }
  });
});
