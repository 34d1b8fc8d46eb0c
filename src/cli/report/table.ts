/**
 * Plain-text tables with aligned columns: text left-aligned, numbers right-aligned, a column
 * of integers as integers and any other numeric column with a fixed number of decimals.
 */

export type TableCell = string | number;

export function formatTable(header: readonly string[], rows: readonly (readonly TableCell[])[], digits = 4): string {
  const numeric = header.map((_, j) => rows.length > 0 && rows.every((row) => typeof row[j] === "number"));
  const integers = header.map((_, j) => numeric[j] && rows.every((row) => Number.isInteger(row[j])));
  const text = (v: TableCell, j: number) => (typeof v === "number" ? (integers[j] ? String(v) : v.toFixed(digits)) : v);
  const cells = [header.map(String), ...rows.map((row) => row.map(text))];
  const widths = header.map((_, j) => Math.max(...cells.map((row) => row[j]?.length ?? 0)));
  const line = (row: string[]) => row.map((v, j) => (numeric[j] ? v.padStart(widths[j]) : v.padEnd(widths[j]))).join("  ").trimEnd();
  return [line(cells[0]), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}
