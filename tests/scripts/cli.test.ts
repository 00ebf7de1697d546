// The scripts' shared command line: strict flags, one-line errors that name the flag and what it accepts.
import { intFlag, parseFlags, UsageError } from "../../scripts/cli";

const FLAGS = {
  count: { type: "string", default: "3" },
  name: { type: "string" },
  verbose: { type: "boolean" },
} as const;

test("parses flags with defaults, and --help", () => {
  expect(parseFlags([], FLAGS)).toEqual({ count: "3" });
  expect(parseFlags(["--count", "7", "--name=x", "--verbose"], FLAGS)).toEqual({
    count: "7",
    name: "x",
    verbose: true,
  });
  expect(parseFlags(["--help"], FLAGS)).toEqual({ count: "3", help: true });
});

test.each([
  [["--bogus"], "unknown flag --bogus; the flags are --count, --name, --verbose, --help"],
  [["extra"], "unexpected argument extra: only the flags --count, --name, --verbose, --help are accepted"],
  [["--count"], "--count needs a value"],
  [["--count", "-1"], '--count needs a value; write --count=VALUE for a value that starts with "-"'],
  [["--verbose=yes"], "--verbose takes no value"],
])("%j is a usage error: %s", (argv, message) => {
  expect(() => parseFlags(argv, FLAGS)).toThrow(UsageError);
  expect(() => parseFlags(argv, FLAGS)).toThrow(message);
});

test("intFlag accepts whole numbers in range and names the flag and the range otherwise", () => {
  expect(intFlag("--n", "0", 0, 10)).toBe(0);
  expect(intFlag("--n", "3500", 1, 3500)).toBe(3500);
  for (const bad of ["abc", "", "1.5", "-1", "1e3", " 5", "3501", "0x10"]) {
    expect(() => intFlag("--n", bad, 1, 3500)).toThrow(
      `--n expects a whole number from 1 to 3,500, got ${JSON.stringify(bad)}`,
    );
  }
});
