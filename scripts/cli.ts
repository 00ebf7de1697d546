// Command lines of the npm scripts (demo, bench): strict flags with Node's util.parseArgs, `--help` on stdout with
// exit 0, and a bad flag or value as one line on stderr naming the flag and what it accepts, with exit 2.
import { parseArgs } from "util";

/** A bad flag or value; its message is one line that names the flag and what it accepts. */
export class UsageError extends Error {}

type FlagSpec = Record<string, { type: "string" | "boolean"; default?: string | boolean }>;
type FlagValues<F extends FlagSpec> = { [K in keyof F]: F[K]["type"] extends "boolean" ? boolean | undefined : F[K] extends { default: string } ? string : string | undefined };

/** Parses `argv` against `flags` (plus `--help`): no unknown flags, no positional arguments. */
export function parseFlags<F extends FlagSpec>(argv: string[], flags: F): FlagValues<F> & { help?: boolean } {
  const options = { ...flags, help: { type: "boolean" as const } };
  const names = Object.keys(options).map((n) => `--${n}`);
  try {
    const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
    return values as unknown as FlagValues<F> & { help?: boolean };
  } catch (e) {
    const { code, message } = e as { code?: string; message: string };
    const flag = /'(--[\w-]+)/.exec(message)?.[1] ?? "";
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(`unknown flag ${flag || message}; the flags are ${names.join(", ")}`);
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
      throw new UsageError(`unexpected argument ${/'(.*)'/.exec(message)?.[1] ?? ""}: only the flags ${names.join(", ")} are accepted`);
    }
    if (/does not take an argument/.test(message)) throw new UsageError(`${flag} takes no value`);
    if (/ambiguous/.test(message)) throw new UsageError(`${flag} needs a value; write ${flag}=VALUE for a value that starts with "-"`);
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new UsageError(`${flag} needs a value`);
    throw new UsageError(message.split("\n")[0]);
  }
}

/** A whole number in [min, max], or a UsageError naming the flag and the range. */
export function intFlag(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) {
    throw new UsageError(`${flag} expects a whole number from ${min} to ${max.toLocaleString("en-US")}, got ${JSON.stringify(text)}`);
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
