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
  [["--bogus"], "bench: unknown flag --bogus; the flags are --mappings, --parallel, --latency-ms, --rate-limit, --batching, --help (see npm run bench -- --help)"],
  [["--batching", "maybe"], 'bench: --batching expects on, off or on,off, got "maybe" (see npm run bench -- --help)'],
  [["--parallel", "8,0"], 'bench: --parallel expects a whole number from 1 to 1,000, got "0" (see npm run bench -- --help)'],
])("%j: one line on stderr naming the flag, nothing on stdout, exit 2", async (args, line) => {
  const result = await runNodeScript("bench", args);
  expect(result.status).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toBe(`${line}\n`);
});

test("a small run converges in both batching modes, prints every command and the figures, and leaves no mapping", async () => {
  const result = await runNodeScript("bench", ["--mappings", "3", "--latency-ms", "0", "--parallel", "2", "--rate-limit", "off", "--batching", "on,off"]);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  const lines = result.stdout.trim().split("\n");
  expect(lines[0]).toBe("3 mappings, 0 ms fake latency, no rate limit, a provider host per command");
  const table = (mode: string) => {
    const at = lines.indexOf(`batching ${mode}, --parallel 2; mappings left: 0`);
    expect(at).toBeGreaterThan(0);
    return lines.slice(at + 1, at + 6).map((l) => /^(.+?)\s+(\d+) requests\s+0 answered 429\s+0 failed\s+\d+\.\d s$/.exec(l)?.slice(1));
  };
  // Each command starts its own host, so each `up` looks the zone's supported regions up once.
  expect(table("off")).toEqual([
    ["up (create all)", "7"], // supported_regions, then a GET and a PUT per mapping
    ["up (no change)", "1"],
    ["up (change region)", "4"],
    ["refresh", "3"],
    ["destroy", "3"],
  ]);
  expect(table("on")).toEqual([
    ["up (create all)", "4"], // supported_regions, one listing for the existence checks, a batch PUT of 2, a PUT
    ["up (no change)", "1"],
    ["up (change region)", "3"],
    ["refresh", "1"], // one listing answers all three reads
    ["destroy", "2"],
  ]);
  expect(lines[lines.length - 1]).toMatch(/^serialized provider: \d+ bytes, stored twice per resource \(inputs and outputs\); CPU per check\+diff: provider \d+\.\d{3} ms, provider host with Pulumi's gRPC \d+\.\d{3} ms; whole run: \d+\.\d s$/);
});

test("parseRateLimit takes COUNT/SECONDS with both above zero", () => {
  expect(parseRateLimit("120/30")).toEqual({ count: 120, windowSeconds: 30 });
  for (const bad of ["120", "0/30", "120/0", "a/b", "120/30/1", "-1/30"]) expect(() => parseRateLimit(bad)).toThrow(UsageError);
  expect(() => parseRateLimit("5")).toThrow('--rate-limit expects COUNT/SECONDS with whole numbers above 0, e.g. 120/30, got "5"');
});
