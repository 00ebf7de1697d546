// npm run bench as a user runs it (after its build): --help, bad flags and values, and a small run.
import { parseRateLimit } from "../../scripts/bench";
import { UsageError } from "../../scripts/cli";
import { runNodeScript } from "../harness/childProcess";

test("--help prints the usage on stdout and exits 0", async () => {
  const result = await runNodeScript("bench", ["--help"]);
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^Usage: npm run bench /);
  expect(result.stdout).toContain("--rate-limit COUNT/SECONDS");
  expect(result.stdout).toContain("--resource single,set");
  expect(result.stdout).toContain("--adapter dynamic,plugin");
  expect(result.stderr).toBe("");
});

test.each([
  [
    ["--mappings", "abc"],
    'bench: --mappings expects a whole number from 1 to 3,500, got "abc" (see npm run bench -- --help)',
  ],
  [
    ["--bogus"],
    "bench: unknown flag --bogus; the flags are --mappings, --parallel, --latency-ms, --rate-limit, --batching, --resource, --adapter, --cold-starts, --help (see npm run bench -- --help)",
  ],
  [["--batching", "maybe"], 'bench: --batching expects on, off or on,off, got "maybe" (see npm run bench -- --help)'],
  [
    ["--resource", "single,sets"],
    'bench: --resource expects single, set or single,set, got "single,sets" (see npm run bench -- --help)',
  ],
  [
    ["--adapter", "dynamic,plugins"],
    'bench: --adapter expects dynamic, plugin or dynamic,plugin, got "dynamic,plugins" (see npm run bench -- --help)',
  ],
  [
    ["--cold-starts", "many"],
    'bench: --cold-starts expects a whole number from 0 to 100, got "many" (see npm run bench -- --help)',
  ],
  [
    ["--parallel", "8,0"],
    'bench: --parallel expects a whole number from 1 to 1,000, got "0" (see npm run bench -- --help)',
  ],
])("%j: one line on stderr naming the flag, nothing on stdout, exit 2", async (args, line) => {
  const result = await runNodeScript("bench", args);
  expect(result.status).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toBe(`${line}\n`);
});

/** The one table bench prints, as { column title: { row label: cell } }. */
function parseTable(stdout: string): Record<string, Record<string, string>> {
  const lines = stdout.split("\n").filter((l) => l.startsWith("| "));
  const cells = (l: string) => l.slice(2, -2).split(" | ");
  const [titles, rule, ...rows] = lines.map(cells);
  expect(rule.every((c) => c === "---")).toBe(true);
  return Object.fromEntries(
    titles.slice(1).map((title, c) => [title, Object.fromEntries(rows.map((r) => [r[0], r[c + 1]]))]),
  );
}

test("a small run converges single resources in both batching modes and the set, in one table, and leaves no mapping, through both adapters with the same requests", async () => {
  const result = await runNodeScript("bench", [
    "--mappings",
    "3",
    "--latency-ms",
    "0",
    "--parallel",
    "2",
    "--rate-limit",
    "off",
    "--batching",
    "on,off",
    "--cold-starts",
    "2",
  ]);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  const lines = result.stdout.trim().split("\n");
  expect(lines[0]).toBe("3 mappings, 0 ms fake latency, no rate limit, a host process per command");
  const tables = parseTable(result.stdout);
  const single = (mode: string, adapter = "dynamic provider") =>
    `${adapter}: OriginCloudRegion × 3, batching ${mode}, \`--parallel 2\``;
  const set = "dynamic provider: OriginCloudRegionSet of 3 (any `--parallel`)";
  const pluginSet = "plugin: OriginCloudRegionSet of 3 (any `--parallel`)";
  expect(Object.keys(tables)).toEqual([
    single("on"),
    single("off"),
    set,
    single("on", "plugin"),
    single("off", "plugin"),
    pluginSet,
  ]);
  /** Each command's requests; every command with 0 answered 429 and 0 failed. */
  const requests = (title: string) =>
    Object.entries(tables[title])
      .filter(([row]) => row.startsWith("`"))
      .map(([row, cell]) => [row, /^(\d+) requests?, 0 × 429, 0 failed, \d+\.\d s$/.exec(cell)?.[1]]);
  // Each command starts its own host, so each `up` looks the zone's supported regions up once.
  expect(requests(single("off"))).toEqual([
    ["`up` (create all)", "7"], // supported_regions, then a GET and a PUT per mapping
    ["`up` (no change)", "1"],
    ["`up` (change region)", "4"],
    ["`refresh`", "3"],
    ["`destroy`", "3"],
  ]);
  expect(requests(single("on"))).toEqual([
    ["`up` (create all)", "4"], // supported_regions, one listing for the existence checks, a batch PUT of 2, a PUT
    ["`up` (no change)", "1"],
    ["`up` (change region)", "3"],
    ["`refresh`", "1"], // one listing answers all three reads
    ["`destroy`", "2"],
  ]);
  expect(requests(set)).toEqual([
    ["`up` (create all)", "3"], // supported_regions, one listing, one batch PUT
    ["`up` (no change)", "1"], // supported_regions only: check verifies the regions, diff finds no change
    ["`up` (change region)", "3"], // supported_regions, one listing (what the update writes nothing for rests on a read), one batch PUT
    ["`refresh`", "1"], // one listing
    ["`destroy`", "1"], // one batch DELETE
  ]);
  const ms = String.raw`\d[\d,]* ms \(\d+–\d+\)`;
  for (const title of Object.keys(tables)) {
    const column = tables[title];
    const per = title.includes("Set") ? "the set of 3" : "one mapping";
    if (title.startsWith("plugin: ")) {
      // The plugin runs the same operations: the same requests per command as the dynamic provider's column.
      expect(requests(title)).toEqual(requests(title.replace(/^plugin: /, "dynamic provider: ")));
      expect(column["mappings left after `destroy`"]).toBe("0");
      expect(column["stored in state per resource besides its properties"]).toBe("no code in state");
      expect(column["cold start: spawn to port printed (median)"]).toMatch(
        new RegExp(`^executable: ${ms}; run-plugin: ${ms}$`),
      );
      continue;
    }
    expect(column["mappings left after `destroy`"]).toBe("0");
    expect(column["stored in state per resource besides its properties"]).toMatch(
      /^serialized provider: \d{1,3}(,\d{3})* bytes, stored twice \(inputs and outputs\)$/,
    );
    expect(column["CPU per check+diff: provider / host process"]).toMatch(
      new RegExp(String.raw`^\d+\.\d{3} ms / ≈(\d[\d,.]*|n\/a) ms \(${per}\)$`),
    );
    expect(column["cold start: spawn to port printed (median)"]).toMatch(new RegExp(`^provider host: ${ms}$`));
  }
  expect(lines[lines.length - 1]).toMatch(/^host processes' peak RSS: \d+ MiB; whole run: \d+\.\d s$/);
}, 300_000); // fifteen provider hosts and six starts: slow on a busy machine

test("--resource set --adapter dynamic: only the dynamic set's column", async () => {
  const result = await runNodeScript("bench", [
    "--mappings",
    "2",
    "--latency-ms",
    "0",
    "--rate-limit",
    "off",
    "--resource",
    "set",
    "--adapter",
    "dynamic",
    "--cold-starts",
    "0",
  ]);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  const tables = parseTable(result.stdout);
  const title = "dynamic provider: OriginCloudRegionSet of 2 (any `--parallel`)";
  expect(Object.keys(tables)).toEqual([title]);
  expect(tables[title]["cold start: spawn to port printed (median)"]).toBe("not measured (--cold-starts 0)");
}, 120_000);

test("parseRateLimit takes COUNT/SECONDS with both above zero", () => {
  expect(parseRateLimit("120/30")).toEqual({ count: 120, windowSeconds: 30 });
  for (const bad of ["120", "0/30", "120/0", "a/b", "120/30/1", "-1/30"])
    expect(() => parseRateLimit(bad)).toThrow(UsageError);
  expect(() => parseRateLimit("5")).toThrow(
    '--rate-limit expects COUNT/SECONDS with whole numbers above 0, e.g. 120/30, or off, got "5"',
  );
});
