// npm run bench [-- --mappings N --parallel P --latency-ms L]: converge a zone of N OriginCloudRegion resources
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
  options: { mappings: { type: "string", default: "3500" }, parallel: { type: "string", default: "16" }, "latency-ms": { type: "string", default: "20" } },
});
const count = Number(values.mappings);
const parallel = Number(values.parallel);
const latencyMs = Number(values["latency-ms"]);

/** Runs `work` over `items` with at most `limit` in flight, like the engine's --parallel. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

function hostRssMb(host: ProviderHost): number {
  const pid = (host as unknown as { child: { pid: number } }).child.pid;
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function phase(label: string, fake: FakeCloudflare, run: () => Promise<unknown>): Promise<void> {
  fake.resetRequests();
  const started = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const byRoute = new Map<string, number>();
  for (const r of fake.requests) byRoute.set(`${r.method} ${r.route}`, (byRoute.get(`${r.method} ${r.route}`) ?? 0) + 1);
  const total = fake.requests.length;
  const windows = Math.ceil(total / 1200);
  console.log(
    `${label.padEnd(22)} ${String(total).padStart(6)} requests  ${seconds.toFixed(1).padStart(6)} s  ` +
      `needs ≥ ${windows} × 5-min budget windows  [${[...byRoute].map(([k, v]) => `${k}: ${v}`).join(", ")}]`,
  );
}

async function main(): Promise<void> {
  const fake = await FakeCloudflare.start({ rateLimit: false, latencyMs });
  const providerText = fs.readFileSync(path.join(REPO_ROOT, "tests", "fixtures", "serialized-provider-0.1.0.js"), "utf8");
  const host = await ProviderHost.start({ config: { "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake.baseUrl } });
  const engine = new MiniEngine(host, "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion", providerText);
  const names = Array.from({ length: count }, (_, i) => `m${i}`);
  const ip = (i: number) => `10.${(i >> 8) & 255}.${i & 255}.1`;
  const inputs = (i: number, region = "us-east-1") => ({ zoneId: ZONE, originIp: ip(i), vendor: "aws", region });
  console.log(`${count} mappings, --parallel ${parallel}, ${latencyMs} ms fake latency, one provider host`);
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
