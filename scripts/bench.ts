// npm run bench [-- --mappings N --parallel P --latency-ms L --rate-limit COUNT/SECONDS]: converge a zone of N OriginCloudRegion resources
// through the real provider host against the fake API, as `pulumi up --parallel P` would, and print the figures that
// matter against Cloudflare's budget of 1,200 requests per 5 minutes: requests per route, wall time, host memory.
import * as fs from "fs";
import * as path from "path";
import { FAKE_TOKEN, FakeCloudflare } from "../tests/fake/server";
import { limiter, MiniEngine } from "../tests/harness/engine";
import { ProviderHost, REPO_ROOT } from "../tests/harness/providerHost";
import { intFlag, runScript, UsageError } from "./cli";

const ZONE = "0000000000000000000000000000be9c";

export const USAGE = `Usage: npm run bench [-- --mappings N] [--parallel P] [--latency-ms L] [--rate-limit COUNT/SECONDS]
Converges one zone of N OriginCloudRegion resources through the real provider host against the fake API, replaying
the engine's call sequences as pulumi up --parallel P would, in five phases: up (create all), up (no change),
up (change region), refresh, destroy. Prints per phase the requests by route, the 429 answers, the wall time and
the budget windows needed; then the whole run's time and the host's peak memory.
  --mappings N                 resources in the zone, 1 to 3,500 (default 3500, Cloudflare's cap per zone)
  --parallel P                 steps in flight at once, 1 to 1,000 (default 16)
  --latency-ms L               delay of every fake API response, 0 to 60,000 ms (default 20)
  --rate-limit COUNT/SECONDS   the fake's request budget per credential, e.g. 120/30 (Cloudflare's 1,200/300
                               scaled down tenfold); default: no limit
  --help                       show this help`;

const FLAGS = {
  mappings: { type: "string", default: "3500" },
  parallel: { type: "string", default: "16" },
  "latency-ms": { type: "string", default: "20" },
  "rate-limit": { type: "string" },
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

function hostRssMb(host: ProviderHost): number {
  const pid = (host as unknown as { child: { pid: number } }).child.pid;
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024;
}

type RateLimit = { count: number; windowSeconds: number } | false;

async function phase(label: string, fake: FakeCloudflare, rateLimit: RateLimit, run: () => Promise<PromiseSettledResult<unknown>[]>): Promise<void> {
  fake.resetRequests();
  const started = process.hrtime.bigint();
  const failed = (await run()).filter((r) => r.status === "rejected").length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const byRoute = new Map<string, number>();
  for (const r of fake.requests) byRoute.set(`${r.method} ${r.route}`, (byRoute.get(`${r.method} ${r.route}`) ?? 0) + 1);
  const total = fake.requests.length;
  const limited = fake.requests.filter((r) => r.status === 429).length;
  const budget = rateLimit || { count: 1200, windowSeconds: 300 };
  const windows = Math.ceil((total - limited) / budget.count);
  console.log(
    `${label.padEnd(20)} ${String(total).padStart(6)} requests (${limited} answered 429)  ${seconds.toFixed(1).padStart(6)} s  ` +
      `${failed} resources failed  needs ≥ ${windows} budget windows of ${budget.count}/${budget.windowSeconds} s  [${[...byRoute].map(([k, v]) => `${k}: ${v}`).join(", ")}]`,
  );
}

async function main(values: { mappings: string; parallel: string; "latency-ms": string; "rate-limit"?: string }): Promise<number> {
  const count = intFlag("--mappings", values.mappings, 1, 3500);
  const parallel = intFlag("--parallel", values.parallel, 1, 1000);
  const latencyMs = intFlag("--latency-ms", values["latency-ms"], 0, 60_000);
  const rateLimit: RateLimit = values["rate-limit"] === undefined ? false : parseRateLimit(values["rate-limit"]);
  const fake = await FakeCloudflare.start({ rateLimit, latencyMs });
  const providerText = fs.readFileSync(path.join(REPO_ROOT, "tests", "fixtures", "serialized-provider-0.1.0.js"), "utf8");
  const host = await ProviderHost.start({ config: { "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake.baseUrl } });
  const engine = new MiniEngine(host, "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion", providerText);
  const names = Array.from({ length: count }, (_, i) => `m${i}`);
  const ip = (i: number) => `10.${(i >> 8) & 255}.${i & 255}.1`;
  const inputs = (n: string, region = "us-east-1") => ({ zoneId: ZONE, originIp: ip(Number(n.slice(1))), vendor: "aws", region });
  const limitText = rateLimit ? `rate limit ${rateLimit.count}/${rateLimit.windowSeconds} s` : "no rate limit";
  console.log(`${count} mappings, --parallel ${parallel}, ${latencyMs} ms fake latency, ${limitText}, one provider host`);
  const started = process.hrtime.bigint();
  try {
    await phase("up (create all)", fake, rateLimit, () => settleAll(names, parallel, (n) => engine.up(n, inputs(n))));
    await phase("up (no change)", fake, rateLimit, () => settleAll(names, parallel, (n) => engine.up(n, inputs(n))));
    await phase("up (change region)", fake, rateLimit, () => settleAll(names, parallel, (n) => engine.up(n, inputs(n, "us-west-2"))));
    await phase("refresh", fake, rateLimit, () => settleAll(names, parallel, (n) => engine.refresh(n)));
    await phase("destroy", fake, rateLimit, () => settleAll(names, parallel, (n) => engine.destroy(n)));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`all five phases: ${seconds.toFixed(1)} s; provider host peak RSS: ${hostRssMb(host).toFixed(0)} MiB; mappings left: ${fake.mappings(ZONE).length}`);
  } finally {
    await host.stop();
    await fake.stop();
  }
  return 0;
}

if (require.main === module) runScript("bench", USAGE, FLAGS, main);
