// npm run bench [-- --mappings N --parallel P --latency-ms L --rate-limit COUNT/SECONDS]: converge a zone of N OriginCloudRegion resources
// through the real provider host against the fake API, as `pulumi up --parallel P` would, and print the figures that
// matter against Cloudflare's budget of 1,200 requests per 5 minutes: requests per route, wall time, host memory.
import { parseArgs } from "util";
import { FAKE_TOKEN, FakeCloudflare } from "../tests/fake/server";
import { MiniEngine } from "../tests/harness/engine";
import { ProviderHost, REPO_ROOT } from "../tests/harness/providerHost";
import * as fs from "fs";
import * as path from "path";

const ZONE = "0000000000000000000000000000be9c";
const { values } = parseArgs({
  options: {
    mappings: { type: "string", default: "3500" },
    parallel: { type: "string", default: "16" },
    "latency-ms": { type: "string", default: "20" },
    // e.g. 120/30: Cloudflare's 1,200 per 300 s scaled down tenfold, to watch 429s and retries in seconds
    "rate-limit": { type: "string" },
  },
});
const count = Number(values.mappings);
const parallel = Number(values.parallel);
const latencyMs = Number(values["latency-ms"]);
const [limitCount, limitSeconds] = (values["rate-limit"] ?? "").split("/").map(Number);
const rateLimit = limitCount > 0 && limitSeconds > 0 ? { count: limitCount, windowSeconds: limitSeconds } : false;

/** Runs `work` over `items` with at most `limit` in flight, like the engine's --parallel; settles every item. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<PromiseSettledResult<unknown>[]> {
  const results: PromiseSettledResult<unknown>[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]).then(
          (value) => ({ status: "fulfilled", value }) as const,
          (reason) => ({ status: "rejected", reason }) as const,
        );
      }
    }),
  );
  return results;
}

function hostRssMb(host: ProviderHost): number {
  const pid = (host as unknown as { child: { pid: number } }).child.pid;
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function phase(label: string, fake: FakeCloudflare, run: () => Promise<PromiseSettledResult<unknown>[]>): Promise<void> {
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

async function main(): Promise<void> {
  const fake = await FakeCloudflare.start({ rateLimit, latencyMs });
  const providerText = fs.readFileSync(path.join(REPO_ROOT, "tests", "fixtures", "serialized-provider-0.1.0.js"), "utf8");
  const host = await ProviderHost.start({ config: { "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake.baseUrl } });
  const engine = new MiniEngine(host, "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion", providerText);
  const names = Array.from({ length: count }, (_, i) => `m${i}`);
  const ip = (i: number) => `10.${(i >> 8) & 255}.${i & 255}.1`;
  const inputs = (i: number, region = "us-east-1") => ({ zoneId: ZONE, originIp: ip(i), vendor: "aws", region });
  const limitText = rateLimit ? `rate limit ${rateLimit.count}/${rateLimit.windowSeconds} s` : "no rate limit";
  console.log(`${count} mappings, --parallel ${parallel}, ${latencyMs} ms fake latency, ${limitText}, one provider host`);
  try {
    await phase("up (create all)", fake, () => pool(names, parallel, (n) => engine.up(n, inputs(Number(n.slice(1))))));
    await phase("up (no change)", fake, () => pool(names, parallel, (n) => engine.up(n, inputs(Number(n.slice(1))))));
    await phase("up (change region)", fake, () => pool(names, parallel, (n) => engine.up(n, inputs(Number(n.slice(1)), "us-west-2"))));
    await phase("refresh", fake, () => pool(names, parallel, (n) => engine.refresh(n)));
    await phase("destroy", fake, () => pool(names, parallel, (n) => engine.destroy(n)));
    console.log(`provider host peak RSS: ${hostRssMb(host).toFixed(0)} MiB; mappings left: ${fake.mappings(ZONE).length}`);
  } finally {
    await host.stop();
    await fake.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
