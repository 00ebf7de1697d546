// Command lines of the npm scripts (demo, bench): strict flags with Node's util.parseArgs, `--help` on stdout with
// exit 0, and a bad flag or value as one line on stderr naming the flag and what it accepts, with exit 2.
import { UsageError } from "../provider/api/errors";
import { parseCommandLine } from "../provider/cli/args";

export { UsageError };

type FlagSpec = Record<string, { type: "string" | "boolean"; default?: string | boolean }>;
type FlagValues<F extends FlagSpec> = {
  [K in keyof F]: F[K]["type"] extends "boolean"
    ? boolean | undefined
    : F[K] extends { default: string }
      ? string
      : string | undefined;
};

/** Parses `argv` against `flags` (plus `--help`): no unknown flags, no positional arguments; a UsageError otherwise. */
export function parseFlags<F extends FlagSpec>(argv: string[], flags: F): FlagValues<F> & { help?: boolean } {
  return parseCommandLine(argv, { ...flags, help: { type: "boolean" } }, false).values as unknown as FlagValues<F> & {
    help?: boolean;
  };
}

/** A whole number in [min, max], or a UsageError naming the flag and the range. */
export function intFlag(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) {
    throw new UsageError(
      `${flag} expects a whole number from ${min} to ${max.toLocaleString("en-US")}, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

/**
 * Runs a script: parses `argv` against `flags`; `--help` prints `usage` (exit 0); otherwise exits with the code `main`
 * returns. A UsageError prints `<script>: <message>` with a pointer to --help (exit 2), any other error its message
 * (exit 1).
 */
export function runScript<F extends FlagSpec>(
  script: string,
  usage: string,
  flags: F,
  main: (values: FlagValues<F>) => Promise<number>,
  argv = process.argv.slice(2),
): void {
  const run = async () => {
    const values = parseFlags(argv, flags);
    if (values.help) {
      console.log(usage);
      return 0;
    }
    return main(values);
  };
  run().then(
    (code) => process.exit(code),
    (e: unknown) => {
      if (e instanceof UsageError) {
        console.error(`${script}: ${e.message} (see npm run ${script} -- --help)`);
        process.exit(2);
      }
      console.error(`${script}: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
