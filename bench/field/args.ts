// Command-line options of npm run bench:field.
//   --only=digits,digits-raw,tall,wide,wide-raw   run a subset of the datasets
//   --skip=tfjs,ml,sklearn,js  leave out contenders (js: the pure-JS backend rows)
export interface FieldArgs {
  /** Dataset keys to run, or null for all. */
  only: Set<string> | null;
  /** Contender groups to leave out. */
  skip: Set<string>;
}

export function parseArgs(argv: string[]): FieldArgs {
  const args = Object.fromEntries(argv.map((a) => a.replace(/^--/, "").split("=")));
  return {
    only: args.only ? new Set(String(args.only).split(",")) : null,
    skip: new Set(args.skip ? String(args.skip).split(",") : []),
  };
}
