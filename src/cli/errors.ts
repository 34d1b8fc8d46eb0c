/**
 * The CLI's one error type: a message that names the file and, where there is one, the line
 * (CSV) or row (Parquet, Arrow) and the column. main prints it as one line on stderr and
 * exits non-zero; no stack trace reaches the user.
 */
export class CliError extends Error {
  /** 2 for a usage error (unknown flag, missing argument), 1 for bad data or models. */
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** Throw a data or model error. */
export function fail(message: string): never {
  throw new CliError(message, 1);
}

/** Throw a usage error. */
export function usage(message: string): never {
  throw new CliError(message, 2);
}
