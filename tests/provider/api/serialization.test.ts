/**
 * The API client must survive Pulumi's closure serializer (docs: pulumi-dynamic-providers.md §2), also after it has
 * made requests in the same process (keep-alive agents exist by then), and the serialized copy must work: retries,
 * error messages and isNotFound included.
 */
import Module from "module";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { FakeCloudflare, FAKE_TOKEN } from "../../fake/server";
import { closeIdleConnections } from "../../../provider/api/http";
import { isNotFound, OriginCloudRegionsApi } from "../../../provider/api";
import { settingsFromEnv } from "../../../provider/api/public";
import { ZONE } from "./helpers";

jest.setTimeout(60_000);

let fake: FakeCloudflare;
beforeAll(async () => {
  fake = await FakeCloudflare.start();
});
afterAll(async () => {
  await fake.stop();
  closeIdleConnections();
});

/** Loads serialized provider text the way the dynamic-provider host does (require-from-string, cwd resolution). */
function load(text: string): { handler: () => unknown } {
  const filename = path.join(process.cwd(), "__serialized_provider__.js");
  const m = new Module(filename) as Module & { _compile(code: string, filename: string): void };
  m.filename = filename;
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(process.cwd());
  m._compile(text, filename);
  return m.exports as { handler: () => unknown };
}

interface Probe {
  run(baseUrl: string): Promise<{
    stored: unknown;
    missing: unknown;
    notFound: boolean;
    message: string;
    name: string;
    stackHead: string;
    logs: string[];
  }>;
}

test("serializes after requests were made, and the serialized copy works", async () => {
  // Make requests first, so the keep-alive agent exists in this process.
  const live = new OriginCloudRegionsApi({ credentials: { apiToken: FAKE_TOKEN }, baseUrl: fake.baseUrl });
  await live.list(ZONE);

  const token = FAKE_TOKEN;
  const probe: Probe = {
    async run(baseUrl: string) {
      const logs: string[] = [];
      const api = new OriginCloudRegionsApi({
        credentials: { apiToken: token },
        baseUrl,
        retry: { baseDelayMs: 1 },
        log: (l) => logs.push(l),
      });
      const stored = await api.put(ZONE, { origin_ip: "2001:db8::1", vendor: "gcp", region: "us-central1" });
      const missing = await api.get(ZONE, "192.0.2.77");
      let message = "";
      let name = "";
      let stackHead = "";
      let notFound = false;
      try {
        await api.delete(ZONE, "192.0.2.77");
      } catch (e) {
        notFound = isNotFound(e);
        message = (e as Error).message;
        name = (e as Error).name;
        stackHead = String((e as Error).stack).split("\n")[0];
      }
      return { stored, missing, notFound, message, name, stackHead, logs };
    },
  };
  const serialized = await pulumi.runtime.serializeFunction(() => probe, { allowSecrets: true });

  fake.injectFault("put", { kind: "status", status: 503 });
  const copy = load(serialized.text).handler() as Probe;
  const out = await copy.run(fake.baseUrl);
  expect(out.stored).toMatchObject({ origin_ip: "2001:db8::1", vendor: "gcp", region: "us-central1" });
  expect(out.missing).toBeUndefined();
  expect(out.notFound).toBe(true);
  expect(out.name).toBe("CloudflareApiError");
  expect(out.message).toMatch(
    /^DELETE \/zones\/\w+\/origin\/cloud_regions\/192\.0\.2\.77 failed: HTTP 404, Cloudflare error 1142: /,
  );
  expect(out.stackHead).toBe(`CloudflareApiError: ${out.message}`);
  expect(out.logs).toEqual([
    expect.stringMatching(/answered HTTP 503 \(Cloudflare error 1140\); retrying in \d+ ms \(attempt 2 of 5\)$/),
  ]);
});

test("an instance that has already made requests can itself be captured (a provider may cache one)", async () => {
  const api = new OriginCloudRegionsApi({ credentials: { apiToken: FAKE_TOKEN }, baseUrl: fake.baseUrl });
  fake.seed(ZONE, [{ origin_ip: "192.0.2.5", vendor: "aws", region: "us-west-2" }]);
  expect(await api.get(ZONE, "192.0.2.5")).toMatchObject({ region: "us-west-2" });
  const serialized = await pulumi.runtime.serializeFunction(() => ({ get: (ip: string) => api.get(ZONE, ip) }), {
    allowSecrets: true,
  });
  const copy = load(serialized.text).handler() as { get(ip: string): Promise<unknown> };
  expect(await copy.get("192.0.2.5")).toMatchObject({ origin_ip: "192.0.2.5", region: "us-west-2" });
  expect(await copy.get("192.0.2.6")).toBeUndefined();
});

test("a closure that builds its client with settingsFromEnv serializes, and the copy reads the environment it runs in", async () => {
  fake.seed(ZONE, [{ origin_ip: "192.0.2.9", vendor: "gcp", region: "us-east1" }]);
  const serialized = await pulumi.runtime.serializeFunction(
    () => ({ get: (ip: string) => new OriginCloudRegionsApi(settingsFromEnv()).get(ZONE, ip) }),
    { allowSecrets: true },
  );
  expect(serialized.text).not.toContain(FAKE_TOKEN);
  // The copy runs outside Jest's sandbox, so it sees the real process's environment, not the test's copy of it.
  const env = load("exports.handler = () => process.env;").handler() as NodeJS.ProcessEnv;
  const saved = { token: env.CLOUDFLARE_API_TOKEN, url: env.CLOUDFLARE_BASE_URL };
  env.CLOUDFLARE_API_TOKEN = `${FAKE_TOKEN}\n`;
  env.CLOUDFLARE_BASE_URL = fake.baseUrl;
  try {
    const copy = load(serialized.text).handler() as { get(ip: string): Promise<unknown> };
    expect(await copy.get("192.0.2.9")).toMatchObject({ origin_ip: "192.0.2.9", region: "us-east1" });
  } finally {
    for (const [key, value] of [
      ["CLOUDFLARE_API_TOKEN", saved.token],
      ["CLOUDFLARE_BASE_URL", saved.url],
    ] as const) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
  }
});
