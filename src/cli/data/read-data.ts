/**
 * A data file by its content: Parquet ("PAR1"), Arrow IPC ("ARROW1", or a stream's
 * 0xFFFFFFFF continuation marker), else CSV text. The readers are loaded on first use, so
 * a CSV run does not parse the Parquet and Arrow libraries.
 */
import { readFile } from "node:fs/promises";
import { fail } from "../errors.js";
import type { Frame } from "./frame.js";

export async function readData(file: string): Promise<Frame> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    fail(`cannot read data file ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  const magic = new TextDecoder().decode(bytes.subarray(0, 6));
  if (magic.startsWith("PAR1")) return (await import("./parquet.js")).readParquet(file, bytes);
  if (magic === "ARROW1" || (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff)) {
    return (await import("./arrow.js")).readArrow(file, bytes);
  }
  const { readCsv } = await import("./csv.js");
  return readCsv(file, new TextDecoder("utf-8").decode(bytes));
}
