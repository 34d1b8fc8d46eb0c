// The CLI tests' data: iris with its species as names and a categorical column, written as
// CSV (several dialects), Parquet (hyparquet-writer) and Arrow IPC (apache-arrow).
import * as arrow from "apache-arrow";
import { parquetWriteBuffer } from "hyparquet-writer";
import { loadCsv } from "../helpers/fixtures.js";

const iris = loadCsv("iris");
export const FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"];
export const SPECIES = ["setosa", "versicolor", "virginica"];
export const COLOURS = ["red", "green", "blue"];

/** Row i: the four measurements, a colour (cycling) and the species. */
export const rows = iris.X.map((x, i) => ({ x, colour: COLOURS[i % 3], species: SPECIES[iris.y[i]] }));

/** The design matrix the CLI should build with --categorical colour: levels sorted (blue, green, red), one-hot. */
export function encodedRows(dropFirst = false): number[][] {
  const levels = [...COLOURS].sort().slice(dropFirst ? 1 : 0);
  return rows.map((r) => [...r.x, ...levels.map((l) => (l === r.colour ? 1 : 0))]);
}

export const labels = rows.map((r) => r.species);

/** iris as CSV text with a header. */
export function csv(delimiter = ",", lineEnd = "\n"): string {
  const header = [...FEATURES, "colour", "species"].join(delimiter);
  return [header, ...rows.map((r) => [...r.x, r.colour, r.species].join(delimiter))].join(lineEnd) + lineEnd;
}

/** iris as a Parquet file. */
export function parquet(): Uint8Array {
  const columnData = [
    ...FEATURES.map((name, j) => ({ name, data: rows.map((r) => r.x[j]), type: "DOUBLE" as const })),
    { name: "colour", data: rows.map((r) => r.colour), type: "STRING" as const },
    { name: "species", data: rows.map((r) => r.species), type: "STRING" as const },
  ];
  return new Uint8Array(parquetWriteBuffer({ columnData }));
}

/** iris as an apache-arrow table (Float64 features, dictionary-encoded strings). */
export function arrowTable(): arrow.Table {
  return new arrow.Table({
    ...Object.fromEntries(FEATURES.map((name, j) => [name, arrow.vectorFromArray(Float64Array.from(rows.map((r) => r.x[j])))])),
    colour: arrow.vectorFromArray(rows.map((r) => r.colour)),
    species: arrow.vectorFromArray(rows.map((r) => r.species), new arrow.Utf8()),
  });
}

export function arrowFile(format: "file" | "stream" = "file"): Uint8Array {
  return arrow.tableToIPC(arrowTable(), format);
}
