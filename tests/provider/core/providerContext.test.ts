// The process's API clients, built on first use from the stack config `configure` hands over, else the environment,
// as README's Configuration section promises: credentials and base URL, and `batching` (default true).
import { configureFromStack, getApi } from "../../../provider/core/providerContext";
import { FAKE_TOKEN } from "../../fake/server";
import { useFake, ZONE } from "../api/helpers";

const fake = useFake();
const routes = () => fake().requests.map((r) => r.route);
const mapping = (ip: string) => ({ origin_ip: ip, vendor: "aws" as const, region: "us-east-1" });

/** The settings this file sets in the environment, cleared before each test and restored after it. */
const ENV_NAMES = [
  "CLOUDFLARE_API_TOKEN",
  "CLOUDFLARE_API_KEY",
  "CLOUDFLARE_EMAIL",
  "CLOUDFLARE_BASE_URL",
  "ORIGIN_CLOUD_REGIONS_BATCHING",
];
const saved: Record<string, string | undefined> = {};
beforeEach(() => {
  for (const name of ENV_NAMES) {
    saved[name] = process.env[name];
    delete process.env[name];
  }
});
afterEach(() => {
  configureFromStack(() => undefined);
  for (const name of ENV_NAMES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

/** `configure` with a token and the fake's base URL in stack config, plus `extra`. */
function configure(extra: Record<string, string> = {}): void {
  const config: Record<string, string> = {
    "cloudflare:apiToken": FAKE_TOKEN,
    "cloudflare:baseUrl": fake().baseUrl,
    ...extra,
  };
  configureFromStack((key) => config[key]);
}

/** Two concurrent puts on one zone, through the process's client (its first use). */
async function twoConcurrentPuts(): Promise<void> {
  const results = await Promise.all([
    getApi().put(ZONE, mapping("192.0.2.1")),
    getApi().put(ZONE, mapping("192.0.2.2")),
  ]);
  expect(results.map((r) => r.origin_ip)).toEqual(["192.0.2.1", "192.0.2.2"]);
}

describe("batching", () => {
  test("unset: concurrent operations of a zone are coalesced into one batch call", async () => {
    configure();
    await twoConcurrentPuts();
    expect(routes()).toEqual(["batchPut"]);
  });

  test("originCloudRegions:batching true: coalesced", async () => {
    configure({ "originCloudRegions:batching": "true" });
    await twoConcurrentPuts();
    expect(routes()).toEqual(["batchPut"]);
  });

  test("originCloudRegions:batching false sends one request per mapping", async () => {
    configure({ "originCloudRegions:batching": "false" });
    await twoConcurrentPuts();
    expect(routes()).toEqual(["put", "put"]);
  });

  test("ORIGIN_CLOUD_REGIONS_BATCHING=false in the environment does too", async () => {
    process.env.ORIGIN_CLOUD_REGIONS_BATCHING = "false";
    configure();
    await twoConcurrentPuts();
    expect(routes()).toEqual(["put", "put"]);
  });
});

test("with no credentials in stack config, CLOUDFLARE_API_TOKEN and CLOUDFLARE_BASE_URL are used", async () => {
  process.env.CLOUDFLARE_API_TOKEN = FAKE_TOKEN;
  process.env.CLOUDFLARE_BASE_URL = fake().baseUrl;
  configureFromStack(() => undefined);
  await expect(getApi().get(ZONE, "192.0.2.1")).resolves.toBeUndefined();
  expect(fake().requests.map((r) => [r.route, r.zoneId])).toEqual([["get", ZONE]]);
});
