/**
 * Command lines parsed strictly with Node's util.parseArgs, its errors told in plain words (Node's own text quotes
 * internals, e.g. `as in '-- "-z"`): one line naming the flag and what it accepts. Shared by the package's command and
 * the repository's npm scripts (scripts/cli.ts).
 */
import { parseArgs } from "util";
import { UsageError } from "../api/errors";

/** The flags a command takes; `value` describes a string flag's value for "needs a value" (`a zone id`). */
export type FlagSpec = Record<
  string,
  { type: "string" | "boolean"; short?: string; default?: string | boolean; value?: string }
>;

/** `args` parsed against `flags` (unknown flags refused); positional arguments only where `allowPositionals`. */
export function parseCommandLine(
  args: string[],
  flags: FlagSpec,
  allowPositionals: boolean,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries(flags).map(([name, { value: _value, ...option }]) => [name, option]),
  );
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (e) {
    throw new UsageError(usageProblem(e as { code?: string; message: string }, flags));
  }
}

/** One of parseArgs's errors in the command's words. */
function usageProblem({ code, message }: { code?: string; message: string }, flags: FlagSpec): string {
  const names = Object.keys(flags)
    .map((n) => `--${n}`)
    .join(", ");
  const flag = /'(?:-\w, )?(-[^'\s]*)/.exec(message)?.[1] ?? ""; // '-h, --help': the long name
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown flag ${flag}; the flags are ${names}`;
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL")
    return `unexpected argument ${/'(.*)'/.exec(message)?.[1] ?? ""}: only the flags ${names} are accepted`;
  if (/does not take an argument/.test(message)) return `${flag} takes no value`;
  if (/ambiguous/.test(message)) return `${flag} needs a value; write ${flag}=VALUE for a value that starts with "-"`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const what = flags[flag.replace(/^-+/, "")]?.value;
    return `${flag} needs a value${what ? `: ${what}` : ""}`;
  }
  return message.split("\n")[0];
}
