// npm run bench [-- --mappings N --parallel P --latency-ms L --rate-limit COUNT/SECONDS]: converge a zone of N OriginCloudRegion resources
// through the real provider host against the fake API, as `pulumi up --parallel P` would, and print the figures that
// matter against Cloudflare's budget of 1,200 requests per 5 minutes: requests per route, wall time, host memory.
import * as fs from "fs";
import * as path from "path";
import { FAKE_TOKEN, FakeCloudflare } from "../tests/fake/server";
import { limiter, MiniEngine } from "../tests/harness/engine";
import { ProviderHost, REPO_ROOT } from "../tests/harness/providerHost";
import { originCloudRegionProvider as provider } from "../provider/originCloudRegionProvider";
import { useApi } from "../provider/providerContext";
import type { OriginCloudRegionsClient, SupportedRegions } from "../provider/api";
import { DEFAULT_REGIONS } from "../tests/fake/regions";
import { intFlag, runScript, UsageError } from "./cli";

const ZONE = "0000000000000000000000000000be9c";
const TYPE = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion";

export const USAGE = `Usage: npm run bench [-- --mappings N] [--parallel P,P...] [--latency-ms L] [--rate-limit COUNT/SECONDS|off] [--batching on,off]
Converges one zone of N OriginCloudRegion resources through the real provider host against the fake API, replaying
the engine's call sequences as pulumi up --parallel P would, in five commands, each with a provider host of its own
as the CLI starts one: up (create all), up (no change), up (change region), refresh, destroy. For every batching
mode and parallelism, prints per command the requests, the 429 answers, the failed resources and the wall time; then
the serialized provider's size per resource and the host's CPU per check+diff.
  --mappings N                 resources in the zone, 1 to 3,500 (default 3500, Cloudflare's cap per zone)
  --parallel P,P...            steps in flight at once, each 1 to 1,000 (default 8,64: 4 x 2 CPUs, and a wide run)
  --latency-ms L               delay of every fake API response, 0 to 60,000 ms (default 50)
  --rate-limit COUNT/SECONDS   the fake's request budget per credential (default 1200/300, Cloudflare's); off: none
  --batching on,off            coalescing of concurrent calls into batch calls and listings: on (default), off
                               (one request per mapping, as before 0.2.0), or both
  --help                       show this help`;

const FLAGS = {
  mappings: { type: "string", default: "3500" },
  parallel: { type: "string", default: "8,64" },
  "latency-ms": { type: "string", default: "50" },
  "rate-limit": { type: "string", default: "1200/300" },
  batching: { type: "string", default: "on" },
} as const;

/** `COUNT/SECONDS` with both whole numbers above zero. */
export function parseRateLimit(text: string): { count: number; windowSeconds: number } {
  const m = /^([1-9]\d*)\/([1-9]\d*)$/.exec(text);
  if (!m) throw new UsageError(`--rate-limit expects COUNT/SECONDS with whole numbers above 0, e.g. 120/30, got ${JSON.stringify(text)}`);
  return { count: Number(m[1]), windowSeconds: Number(m[2]) };
}

/** Runs `work` over `items` with at most `parallel` in flight, like the engine's --parallel; settles every item. */
function settleAll<T>(items: T[], parallel: number, work: (item: T) => Promise<unknown>): Promise<PromiseSettledResult<unknown>[]> {
  const run = limiter(parallel);
  return Promise.allSettled(items.map((item) => run(() => work(item))));
}

/** User + system CPU seconds of the host process so far. */
function hostCpuSeconds(host: ProviderHost): number {
  const pid = (host as unknown as { child: { pid: number } }).child.pid;
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 per second on Linux)
}

type RateLimit = { count: number; windowSeconds: number } | false;

/**
 * The provider's own CPU per check+diff (milliseconds), in this process: `count` resources checked and diffed as an
 * `up` with no change does, supported regions already looked up (as after the first resource of a zone).
 */
async function providerCpuPerCheckDiff(count: number, ip: (i: number) => string): Promise<number> {
  const regions = { obtained_codes: true, vendors: DEFAULT_REGIONS } as unknown as SupportedRegions;
  useApi({ supportedRegions: async () => regions } as unknown as OriginCloudRegionsClient);
  const inputs = Array.from({ length: count }, (_, i) => ({ zoneId: ZONE, originIp: ip(i), vendor: "aws", region: "us-east-1" }));
  const olds = inputs.map((i) => ({ ...i, vendor: "aws" as const, adopt: false, modifiedOn: "2026-03-01T12:00:00Z", claimId: "c" }));
  await provider.check({}, inputs[0]); // warm up
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const checked = await provider.check(inputs[i], inputs[i]);
    await provider.diff(`${ZONE}/${ip(i)}`, olds[i], checked.inputs as never);
  }
  const used = process.cpuUsage(before);
  useApi(undefined);
  return (used.user + used.system) / 1000 / count;
}

interface Row {
  command: string;
  requests: number;
  limited: number;
  failed: number;
  seconds: number;
}

/** `a,b` → the listed values, each checked by `one`. */
function list<T>(text: string, one: (part: string) => T): T[] {
  return text.split(",").map((part) => one(part.trim()));
}

async function main(values: { mappings: string; parallel: string; "latency-ms": string; "rate-limit": string; batching: string }): Promise<number> {
  const count = intFlag("--mappings", values.mappings, 1, 3500);
  const parallels = list(values.parallel, (p) => intFlag("--parallel", p, 1, 1000));
  const latencyMs = intFlag("--latency-ms", values["latency-ms"], 0, 60_000);
  const rateLimit: RateLimit = values["rate-limit"] === "off" ? false : parseRateLimit(values["rate-limit"]);
  const modes = list(values.batching, (m) => {
    if (m !== "on" && m !== "off") throw new UsageError(`--batching expects on, off or on,off, got ${JSON.stringify(values.batching)}`);
    return m;
  });
  const providerText = fs.readFileSync(path.join(REPO_ROOT, "tests", "fixtures", "serialized-provider-0.1.0.js"), "utf8");
  const names = Array.from({ length: count }, (_, i) => `m${i}`);
  const ip = (i: number) => `10.${(i >> 8) & 255}.${i & 255}.1`;
  const limitText = rateLimit ? `rate limit ${rateLimit.count}/${rateLimit.windowSeconds} s` : "no rate limit";
  console.log(`${count} mappings, ${latencyMs} ms fake latency, ${limitText}, a provider host per command`);
  const started = process.hrtime.bigint();
  let cpuPerCheckDiff = 0;
  for (const batching of modes) {
    for (const parallel of parallels) {
      const fake = await FakeCloudflare.start({ rateLimit, latencyMs });
      const zone = ZONE;
      const inputs = (n: string, region = "us-east-1") => ({ zoneId: zone, originIp: ip(Number(n.slice(1))), vendor: "aws", region });
      const config = { "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake.baseUrl, "originCloudRegions:batching": String(batching === "on") };
      let state = new MiniEngine(undefined as unknown as ProviderHost, TYPE, providerText).state;
      const rows: Row[] = [];
      /** One pulumi command: a fresh provider host, the state carried over. */
      const command = async (label: string, work: (engine: MiniEngine) => Promise<PromiseSettledResult<unknown>[]>, measureCpu = false) => {
        const host = await ProviderHost.start({ config });
        const engine = new MiniEngine(host, TYPE, providerText);
        for (const [name, entry] of state) engine.state.set(name, entry);
        fake.resetRequests();
        const t0 = process.hrtime.bigint();
        const cpu0 = hostCpuSeconds(host);
        try {
          const failed = (await work(engine)).filter((r) => r.status === "rejected").length;
          if (measureCpu) cpuPerCheckDiff = Math.max(cpuPerCheckDiff, ((hostCpuSeconds(host) - cpu0) * 1000) / count);
          rows.push({ command: label, requests: fake.requests.length, limited: fake.requests.filter((r) => r.status === 429).length, failed, seconds: Number(process.hrtime.bigint() - t0) / 1e9 });
        } finally {
          await host.stop();
        }
        state = engine.state;
      };
      try {
        await command("up (create all)", (e) => settleAll(names, parallel, (n) => e.up(n, inputs(n))));
        await command("up (no change)", (e) => settleAll(names, parallel, (n) => e.up(n, inputs(n))), true);
        await command("up (change region)", (e) => settleAll(names, parallel, (n) => e.up(n, inputs(n, "us-west-2"))));
        await command("refresh", (e) => settleAll(names, parallel, (n) => e.refresh(n)));
        await command("destroy", (e) => settleAll(names, parallel, (n) => e.destroy(n)));
      } finally {
        await fake.stop();
      }
      console.log(`\nbatching ${batching}, --parallel ${parallel}; mappings left: ${fake.mappings(zone).length}`);
      for (const r of rows) {
        console.log(`${r.command.padEnd(20)} ${String(r.requests).padStart(6)} requests  ${String(r.limited).padStart(5)} answered 429  ${String(r.failed).padStart(5)} failed  ${r.seconds.toFixed(1).padStart(7)} s`);
      }
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const own = await providerCpuPerCheckDiff(count, ip);
  console.log(
    `\nserialized provider: ${Buffer.byteLength(providerText)} bytes, stored twice per resource (inputs and outputs); ` +
      `CPU per check+diff: provider ${own.toFixed(3)} ms, provider host with Pulumi's gRPC ${cpuPerCheckDiff.toFixed(3)} ms; ` +
      `whole run: ${seconds.toFixed(1)} s`,
  );
  return 0;
}

if (require.main === module) runScript("bench", USAGE, FLAGS, main);
