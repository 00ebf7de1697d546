// npm run bench [-- --mappings N --parallel P --latency-ms L --rate-limit COUNT/SECONDS --batching on,off
// --resource single,set --adapter dynamic,plugin --cold-starts N]: converge a zone of N mappings through each adapter's
// real host process against the fake API, as OriginCloudRegion resources under `pulumi up --parallel P` and as one
// OriginCloudRegionSet, and print ONE table of the figures that matter against Cloudflare's budget of 1,200 requests
// per 5 minutes: requests, 429 answers, failures and wall time per command, what state stores besides the properties,
// CPU per check+diff, and each adapter's cold start; then the hosts' peak memory. scripts/benchAdapters.ts holds the
// adapters.
import * as fs from "fs";
import * as path from "path";
import { FakeCloudflare } from "../tests/fake/server";
import { limiter } from "../tests/harness/engine";
import { REPO_ROOT, type Props } from "../tests/harness/providerHost";
import { serializedSetProviderText } from "../tests/harness/serializedProvider";
import { originCloudRegionProvider as provider } from "../provider/core/originCloudRegion/provider";
import {
  originCloudRegionSetProvider as setProvider,
  type OriginCloudRegionSetInputs,
  type OriginCloudRegionSetOutputs,
} from "../provider/core/originCloudRegionSet/provider";
import { useApi } from "../provider/core/providerContext";
import type { OriginCloudRegionsClient, SupportedRegions } from "../provider/api";
import { DEFAULT_REGIONS } from "../tests/fake/regions";
import { intFlag, runScript, UsageError } from "./cli";
import { BENCH_FLAGS, BENCH_USAGE } from "./usage";
import {
  ADAPTERS,
  dynamicAdapter,
  median,
  pluginAdapter,
  type Adapter,
  type AdapterName,
  type BenchEngine,
  type BenchHost,
  type Kind,
} from "./benchAdapters";

const ZONE = "0000000000000000000000000000be9c";

/** `COUNT/SECONDS` with both whole numbers above zero. */
export function parseRateLimit(text: string): { count: number; windowSeconds: number } {
  const m = /^([1-9]\d*)\/([1-9]\d*)$/.exec(text);
  if (!m)
    throw new UsageError(
      `--rate-limit expects COUNT/SECONDS with whole numbers above 0, e.g. 120/30, or off, got ${JSON.stringify(text)}`,
    );
  return { count: Number(m[1]), windowSeconds: Number(m[2]) };
}

/** Runs `work` over `items` with at most `parallel` in flight, like the engine's --parallel; settles every item. */
function settleAll<T>(
  items: T[],
  parallel: number,
  work: (item: T) => Promise<unknown>,
): Promise<PromiseSettledResult<unknown>[]> {
  const run = limiter(parallel);
  return Promise.allSettled(items.map((item) => run(() => work(item))));
}

/** The host process's peak resident memory so far, in MiB (Linux's /proc; NaN elsewhere). */
function hostRssMb(host: BenchHost): number {
  const status = procFile(host, "status");
  return status === undefined ? NaN : Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** User + system CPU seconds of the host process so far (Linux's /proc; NaN elsewhere). */
function hostCpuSeconds(host: BenchHost): number {
  const stat = procFile(host, "stat");
  if (stat === undefined) return NaN;
  const fields = stat.split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 per second on Linux)
}

function procFile(host: BenchHost, name: string): string | undefined {
  try {
    return fs.readFileSync(`/proc/${host.pid}/${name}`, "utf8");
  } catch {
    return undefined;
  }
}

type RateLimit = { count: number; windowSeconds: number } | false;

/** A stub client for in-process CPU measurements: supported regions already looked up (as after a zone's first check). */
function useRegionsOnly(): void {
  const regions = { obtained_codes: true, vendors: DEFAULT_REGIONS } as unknown as SupportedRegions;
  useApi({ supportedRegions: async () => regions } as unknown as OriginCloudRegionsClient);
}

/** Milliseconds of this process's CPU that `work` used. */
async function cpuMs(work: () => Promise<void>): Promise<number> {
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** The OriginCloudRegion provider's own CPU per check+diff (ms), in this process, as an `up` with no change runs them. */
async function providerCpuPerCheckDiff(count: number, ip: (i: number) => string): Promise<number> {
  useRegionsOnly();
  const inputs = Array.from({ length: count }, (_, i) => ({
    zoneId: ZONE,
    originIp: ip(i),
    vendor: "aws",
    region: "us-east-1",
  }));
  const olds = inputs.map((i) => ({
    ...i,
    vendor: "aws" as const,
    adopt: false,
    modifiedOn: "2026-03-01T12:00:00Z",
    claimId: "c",
  }));
  await provider.check({}, inputs[0]); // warm up
  const ms = await cpuMs(async () => {
    for (let i = 0; i < count; i++) {
      const checked = await provider.check(inputs[i], inputs[i]);
      await provider.diff(`${ZONE}/${ip(i)}`, olds[i], checked.inputs as never);
    }
  });
  useApi(undefined);
  return ms / count;
}

/** The OriginCloudRegionSet provider's own CPU for one check+diff of the set of all `count` mappings (ms), in this process. */
async function setProviderCpuPerCheckDiff(mappings: Props[]): Promise<number> {
  useRegionsOnly();
  const news = { zoneId: ZONE, mappings };
  const olds = (await setProvider.check({}, news)).inputs as OriginCloudRegionSetInputs; // also the warm-up
  const outs: OriginCloudRegionSetOutputs = { zoneId: ZONE, mappings: olds.mappings, adopt: false, claimId: "c" };
  const rounds = 5;
  const ms = await cpuMs(async () => {
    for (let r = 0; r < rounds; r++) {
      const checked = await setProvider.check(olds as unknown as Record<string, unknown>, news);
      await setProvider.diff(ZONE, outs, checked.inputs as OriginCloudRegionSetInputs);
    }
  });
  useApi(undefined);
  return ms / rounds;
}

interface Row {
  command: string;
  requests: number;
  limited: number;
  failed: number;
  seconds: number;
}

/**
 * One column of the table: an adapter and a way of managing the zone, its commands' figures (none where the adapter
 * cannot be driven yet) and its per-resource costs.
 */
interface Column {
  title: string;
  rows?: Row[];
  left?: number;
  /** What state stores per resource besides its properties. */
  stateExtra: string;
  /** CPU per check+diff: the provider's own code (in this process), and the host process's (from /proc). */
  ownCpuMs: number;
  hostCpuMs?: number;
  /** What one check+diff covers: one mapping, or the set of all. */
  per: string;
  /** The adapter's cold starts, as the row shows them. */
  coldStart: string;
}

/** `a,b` → the listed values, each checked by `one`. */
function list<T>(text: string, one: (part: string) => T): T[] {
  return text.split(",").map((part) => one(part.trim()));
}

const COMMANDS = ["`up` (create all)", "`up` (no change)", "`up` (change region)", "`refresh`", "`destroy`"];
const thousands = (n: number) => n.toLocaleString("en-US");
/** The host's CPU comes from /proc in 10 ms ticks: two significant digits are all it has. */
const approx = (ms: number) => (Number.isFinite(ms) ? thousands(Number(ms.toPrecision(2))) : "n/a");

/** What a cell shows for a command an adapter could not run. */
const NOT_RUN = "not run (the bench cannot drive this adapter yet)";

/** The one table, in Markdown as README's Limits section shows it: a row per command and figure, a column per way. */
function table(columns: Column[]): string[] {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const lines = [line(["Command", ...columns.map((c) => c.title)]), line(["---", ...columns.map(() => "---")])];
  for (const [i, command] of COMMANDS.entries()) {
    lines.push(
      line([
        command,
        ...columns.map((c) => {
          const r = c.rows?.[i];
          if (!r) return NOT_RUN;
          return `${thousands(r.requests)} request${r.requests === 1 ? "" : "s"}, ${thousands(r.limited)} × 429, ${thousands(r.failed)} failed, ${r.seconds.toFixed(1)} s`;
        }),
      ]),
    );
  }
  const figure = (label: string, cell: (c: Column) => string) => lines.push(line([label, ...columns.map(cell)]));
  figure("mappings left after `destroy`", (c) => (c.left === undefined ? NOT_RUN : thousands(c.left)));
  figure("stored in state per resource besides its properties", (c) => c.stateExtra);
  figure("CPU per check+diff: provider / host process", (c) => {
    const host = c.hostCpuMs === undefined ? "not run" : `≈${approx(c.hostCpuMs)} ms`;
    return `${c.ownCpuMs.toFixed(3)} ms / ${host} (${c.per})`;
  });
  figure("cold start: spawn to port printed (median)", (c) => c.coldStart);
  return lines;
}

/** An adapter's cold starts as a cell: each start mode's median, and the range of the samples. */
function coldStartCell(starts: Record<string, number[]>): string {
  const modes = Object.entries(starts).filter(([, ms]) => ms.length > 0);
  if (modes.length === 0) return "not measured (--cold-starts 0)";
  return modes
    .map(([mode, ms]) => `${mode}: ${thousands(Math.round(median(ms)))} ms (${Math.min(...ms)}–${Math.max(...ms)})`)
    .join("; ");
}

type Command = (engine: BenchEngine) => Promise<PromiseSettledResult<unknown>[]>;

/** The benchmark for parsed flags (their values checked here); the exit code. */
export async function main(values: {
  mappings: string;
  parallel: string;
  "latency-ms": string;
  "rate-limit": string;
  batching: string;
  resource: string;
  adapter: string;
  "cold-starts": string;
}): Promise<number> {
  const count = intFlag("--mappings", values.mappings, 1, 3500);
  const parallels = list(values.parallel, (p) => intFlag("--parallel", p, 1, 1000));
  const latencyMs = intFlag("--latency-ms", values["latency-ms"], 0, 60_000);
  const rateLimit: RateLimit = values["rate-limit"] === "off" ? false : parseRateLimit(values["rate-limit"]);
  const modes = list(values.batching, (m) => {
    if (m !== "on" && m !== "off")
      throw new UsageError(`--batching expects on, off or on,off, got ${JSON.stringify(values.batching)}`);
    return m;
  });
  const resources = list(values.resource, (r) => {
    if (r !== "single" && r !== "set")
      throw new UsageError(`--resource expects single, set or single,set, got ${JSON.stringify(values.resource)}`);
    return r as Kind;
  });
  const adapterNames = list(values.adapter, (a) => {
    if (!ADAPTERS.includes(a as AdapterName))
      throw new UsageError(
        `--adapter expects dynamic, plugin or dynamic,plugin, got ${JSON.stringify(values.adapter)}`,
      );
    return a as AdapterName;
  });
  const coldStarts = intFlag("--cold-starts", values["cold-starts"], 0, 100);
  const providerText = fs.readFileSync(
    path.join(REPO_ROOT, "tests", "fixtures", "serialized-provider-0.1.0.js"),
    "utf8",
  );
  const texts: Record<Kind, string> = {
    single: providerText,
    set: resources.includes("set") ? await serializedSetProviderText() : "",
  };
  const adapters: Adapter[] = adapterNames.map((a) => (a === "dynamic" ? dynamicAdapter(texts) : pluginAdapter()));
  const ip = (i: number) => `10.${(i >> 8) & 255}.${i & 255}.1`;
  const limitText = rateLimit ? `rate limit ${rateLimit.count}/${rateLimit.windowSeconds} s` : "no rate limit";
  console.log(`${thousands(count)} mappings, ${latencyMs} ms fake latency, ${limitText}, a host process per command`);
  const started = process.hrtime.bigint();
  let peakRssMb = 0;
  const columns: Column[] = [];

  /**
   * Five pulumi commands against a fresh fake, each a command of the adapter's engine: a fresh host process of its
   * own, shared by the command's resources, and the state carried over in the engine (as the CLI does). The host's
   * CPU during the no-change `up` is divided by `checkDiffs`, the check+diffs it runs; before it, one check of
   * `warmUp` (inputs that send no request) loads the provider into the host, so a lone set's figure is its
   * check+diff, not the host loading the package.
   */
  const converge = async (
    adapter: Adapter,
    kind: Kind,
    batching: boolean | undefined,
    commands: Command[],
    checkDiffs: number,
    warmUp: Props,
  ) => {
    const fake = await FakeCloudflare.start({ rateLimit, latencyMs });
    const engine = adapter.engine!(kind, { baseUrl: fake.baseUrl, batching });
    const rows: Row[] = [];
    let hostCpuMs = NaN;
    try {
      for (const [i, work] of commands.entries()) {
        await engine.command(async (host) => {
          if (i === 1) await host.check(engine.urn("warm-up"), {}, engine.withProvider(warmUp));
          fake.resetRequests();
          const t0 = process.hrtime.bigint();
          const cpu0 = hostCpuSeconds(host);
          const failed = (await work(engine)).filter((r) => r.status === "rejected").length;
          peakRssMb = Math.max(peakRssMb, hostRssMb(host));
          if (i === 1) hostCpuMs = ((hostCpuSeconds(host) - cpu0) * 1000) / checkDiffs; // the no-change up: check+diff only
          rows.push({
            command: COMMANDS[i],
            requests: fake.requests.length,
            limited: fake.requests.filter((r) => r.status === 429).length,
            failed,
            seconds: Number(process.hrtime.bigint() - t0) / 1e9,
          });
        });
      }
      if (engine.hostsStarted() !== commands.length)
        throw new Error(`expected a host process per command, started ${engine.hostsStarted()}`);
    } finally {
      await fake.stop();
    }
    return { rows, left: fake.mappings(ZONE).length, hostCpuMs };
  };

  /** A column: the adapter's commands run if it can be driven, else only its per-resource figures. */
  const column = async (
    adapter: Adapter,
    coldStart: string,
    kind: Kind,
    title: string,
    per: string,
    ownCpuMs: number,
    run: () => Promise<{ rows: Row[]; left: number; hostCpuMs: number }>,
  ) => {
    const result = adapter.engine ? await run() : {};
    columns.push({
      title: `${adapter.label}: ${title}`,
      stateExtra: adapter.stateExtra(kind),
      ownCpuMs,
      per,
      coldStart,
      ...result,
    });
  };

  const single = resources.includes("single") ? await providerCpuPerCheckDiff(count, ip) : NaN;
  const setMappings = (region = "us-east-1") =>
    Array.from({ length: count }, (_, i) => ({ originIp: ip(i), vendor: "aws", region }));
  const set = resources.includes("set") ? await setProviderCpuPerCheckDiff(setMappings()) : NaN;

  for (const adapter of adapters) {
    const coldStart = coldStartCell(await adapter.coldStart(coldStarts));
    if (resources.includes("single")) {
      const names = Array.from({ length: count }, (_, i) => `m${i}`);
      const inputs = (n: string, region = "us-east-1") => ({
        zoneId: ZONE,
        originIp: ip(Number(n.slice(1))),
        vendor: "aws",
        region,
      });
      for (const batching of modes) {
        for (const parallel of parallels) {
          const title = `OriginCloudRegion × ${thousands(count)}, batching ${batching}, \`--parallel ${parallel}\``;
          await column(adapter, coldStart, "single", title, "one mapping", single, () =>
            converge(
              adapter,
              "single",
              batching === "on",
              [
                (e) => settleAll(names, parallel, (n) => e.up(n, inputs(n))),
                (e) => settleAll(names, parallel, (n) => e.up(n, inputs(n))),
                (e) => settleAll(names, parallel, (n) => e.up(n, inputs(n, "us-west-2"))),
                (e) => settleAll(names, parallel, (n) => e.refresh(n)),
                (e) => settleAll(names, parallel, (n) => e.destroy(n)),
              ],
              count,
              { zoneId: ZONE }, // fails check (no originIp) before any request
            ),
          );
        }
      }
    }
    if (resources.includes("set")) {
      const inputs = (region?: string) => ({ zoneId: ZONE, mappings: setMappings(region) });
      const one = (work: () => Promise<unknown>) => Promise.allSettled([work()]);
      const title = `OriginCloudRegionSet of ${thousands(count)} (any \`--parallel\`)`;
      await column(adapter, coldStart, "set", title, `the set of ${thousands(count)}`, set, () =>
        converge(
          adapter,
          "set",
          undefined,
          [
            (e) => one(() => e.up("zone", inputs())),
            (e) => one(() => e.up("zone", inputs())),
            (e) => one(() => e.up("zone", inputs("us-west-2"))),
            (e) => one(() => e.refresh("zone")),
            (e) => one(() => e.destroy("zone")),
          ],
          1,
          { zoneId: ZONE, mappings: [] }, // no entry: no regions to look up
        ),
      );
    }
  }

  console.log("");
  for (const l of table(columns)) console.log(l);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`\nhost processes' peak RSS: ${peakRssMb.toFixed(0)} MiB; whole run: ${seconds.toFixed(1)} s`);
  return 0;
}

if (require.main === module) runScript("bench", BENCH_USAGE, BENCH_FLAGS, main);
