/**
 * The optional `preprocessing` field of a saved model: how the model's features are built
 * from the named columns of a table (numeric columns as they are, categorical ones one-hot
 * with their levels), so that a model trained by the CLI predicts from raw files. The
 * library's own predict works on the encoded features and ignores the field; fromJSON checks
 * it (INVALID_MODEL, naming the entry) and keeps it, so toJSON writes it back unchanged.
 */
import { describe } from "../input/checks.js";
import { fail } from "../util/errors.js";

/** One input column and the features it becomes. */
export type ColumnEncoding =
  /** One feature: the column's numbers. */
  | { name: string; type: "numeric" }
  /**
   * One feature per level (1 where the cell equals it), in `levels` order; with dropFirst the
   * first level is the reference and gets none (unpenalised fits need that to be identified).
   */
  | { name: string; type: "categorical"; levels: string[]; dropFirst: boolean };

/** The saved model's `preprocessing` field. */
export interface PreprocessingJSON {
  /** The input columns, in the order their features take in coef. */
  columns: ColumnEncoding[];
  /** The target column's name in the training data, when known. */
  target?: string;
}

/** The features a column encoding produces. */
export function encodedWidth(c: ColumnEncoding): number {
  return c.type === "numeric" ? 1 : c.levels.length - (c.dropFirst ? 1 : 0);
}

/** The names of the encoded features: the column's name, or `name=level` per one-hot feature. */
export function encodedNames(p: PreprocessingJSON): string[] {
  return p.columns.flatMap((c) => (c.type === "numeric" ? [c.name] : c.levels.slice(c.dropFirst ? 1 : 0).map((level) => `${c.name}=${level}`)));
}

/** Check a saved `preprocessing` field against a model of `nFeatures` features; returns a copy. */
export function checkPreprocessing(value: unknown, nFeatures: number): PreprocessingJSON {
  const bad = (what: string): never => fail("INVALID_MODEL", `model preprocessing${what}`);
  if (typeof value !== "object" || value === null || Array.isArray(value)) bad(` must be an object, got ${describe(value)}`);
  const { columns, target } = value as { columns?: unknown; target?: unknown };
  if (target !== undefined && typeof target !== "string") bad(`.target must be a column name, got ${describe(target)}`);
  if (!Array.isArray(columns) || columns.length === 0) bad(`.columns must be a non-empty array, got ${describe(columns)}`);
  const seen = new Set<string>();
  const checked = (columns as unknown[]).map((c, j): ColumnEncoding => {
    const at = `.columns[${j}]`;
    if (typeof c !== "object" || c === null) bad(`${at} must be an object, got ${describe(c)}`);
    const { name, type, levels, dropFirst } = c as Record<string, unknown>;
    if (typeof name !== "string") bad(`${at}.name must be a string, got ${describe(name)}`);
    if (seen.has(name as string)) bad(`${at}.name ${describe(name)} is a duplicate`);
    if (name === target) bad(`${at}.name ${describe(name)} is also the target`);
    seen.add(name as string);
    if (type === "numeric") return { name: name as string, type };
    if (type !== "categorical") bad(`${at}.type must be "numeric" or "categorical", got ${describe(type)}`);
    if (typeof dropFirst !== "boolean") bad(`${at}.dropFirst must be true or false, got ${describe(dropFirst)}`);
    if (!Array.isArray(levels) || levels.length < 1) bad(`${at}.levels must be a non-empty array of strings, got ${describe(levels)}`);
    const distinct = new Set<string>();
    for (const [k, level] of (levels as unknown[]).entries()) {
      if (typeof level !== "string") bad(`${at}.levels[${k}] must be a string, got ${describe(level)}`);
      if (distinct.has(level as string)) bad(`${at}.levels[${k}] ${describe(level)} is a duplicate`);
      distinct.add(level as string);
    }
    return { name: name as string, type: "categorical", levels: [...(levels as string[])], dropFirst: dropFirst as boolean };
  });
  const width = checked.reduce((sum, c) => sum + encodedWidth(c), 0);
  if (width !== nFeatures) bad(`.columns encode ${width} features but the model has ${nFeatures}`);
  return { columns: checked, ...(target === undefined ? {} : { target: target as string }) };
}
