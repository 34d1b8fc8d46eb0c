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
  return readCsv(file, utf8Text(file, bytes));
}

/**
 * A text file's bytes as UTF-8, strictly: a byte sequence that is not UTF-8 would decode to
 * U+FFFD, and two different labels or levels ("\xff", "\xfe") would silently become one
 * class. UTF-16 (Excel's "Unicode text", NUL bytes between the characters) is named as such.
 */
export function utf8Text(file: string, bytes: Uint8Array): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    fail(`${file} is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Where: the line of the first byte that does not decode (a lenient decode marks it U+FFFD).
    const lenient = new TextDecoder("utf-8").decode(bytes);
    const at = lenient.indexOf("\uFFFD");
    const line = at < 0 ? 1 : lenient.slice(0, at).split("\n").length;
    return fail(`${file} line ${line}: bytes that are not UTF-8 text (a binary file, or another encoding such as Latin-1: save it as UTF-8)`);
  }
}
