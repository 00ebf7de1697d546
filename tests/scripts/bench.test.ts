// npm run bench as a user runs it (after its build): --help, bad flags and values, and a small run.
import { parseRateLimit } from "../../scripts/bench";
import { UsageError } from "../../scripts/cli";
import { runNodeScript } from "../harness/childProcess";

test("--help prints the usage on stdout and exits 0", async () => {
  const result = await runNodeScript("bench", ["--help"]);
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^Usage: npm run bench /);
  expect(result.stdout).toContain("--rate-limit COUNT/SECONDS");
  expect(result.stderr).toBe("");
});

test.each([
  [["--mappings", "abc"], 'bench: --mappings expects a whole number from 1 to 3,500, got "abc" (see npm run bench -- --help)'],
  [["--bogus"], "bench: unknown flag --bogus; the flags are --mappings, --parallel, --latency-ms, --rate-limit, --help (see npm run bench -- --help)"],
])("%j: one line on stderr naming the flag, nothing on stdout, exit 2", async (args, line) => {
  const result = await runNodeScript("bench", args);
  expect(result.status).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toBe(`${line}\n`);
});

test("a small run converges, prints every phase and the whole run's time, and leaves no mapping", async () => {
  const result = await runNodeScript("bench", ["--mappings", "3", "--latency-ms", "0", "--parallel", "2"]);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  const lines = result.stdout.trim().split("\n");
  expect(lines[0]).toBe("3 mappings, --parallel 2, 0 ms fake latency, no rate limit, one provider host");
  expect(lines.slice(1, 6).map((l) => /^(.+?)\s+(\d+) requests/.exec(l)?.slice(1))).toEqual([
    ["up (create all)", "7"],
    ["up (no change)", "0"],
    ["up (change region)", "3"],
    ["refresh", "3"],
    ["destroy", "3"],
  ]);
  for (const line of lines.slice(1, 6)) expect(line).toContain(" 0 resources failed ");
  expect(lines[6]).toMatch(/^all five phases: \d+\.\d s; provider host peak RSS: \d+ MiB; mappings left: 0$/);
});

test("parseRateLimit takes COUNT/SECONDS with both above zero", () => {
  expect(parseRateLimit("120/30")).toEqual({ count: 120, windowSeconds: 30 });
  for (const bad of ["120", "0/30", "120/0", "a/b", "120/30/1", "-1/30"]) expect(() => parseRateLimit(bad)).toThrow(UsageError);
  expect(() => parseRateLimit("5")).toThrow('--rate-limit expects COUNT/SECONDS with whole numbers above 0, e.g. 120/30, got "5"');
});
