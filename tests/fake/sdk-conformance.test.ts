/**
 * The official TypeScript SDK (cloudflare 7.3.0) against the fake: if Cloudflare's own client works against it
 * unmodified, the fake speaks the real wire protocol (paths, envelopes, paging, error statuses).
 *
 * SDK facts exercised here (node_modules/cloudflare/resources/cache/origin-cloud-regions.d.ts): the seven calls are
 * update (PUT one — there is no `create`), get, delete, list, bulkUpdate (PUT batch — not `bulkEdit`), bulkDelete
 * and supportedRegions. bulkDelete sends no body (API doc §4.6), so the array is injected via request options.
 */
import Cloudflare from "cloudflare";
import { FAKE_API_KEY, FAKE_EMAIL, FAKE_TOKEN, FakeCloudflare } from "./server";
import { newZone } from "./test-helpers";

const ENV_KEYS = [
  "CLOUDFLARE_BASE_URL",
  "CLOUDFLARE_API_TOKEN",
  "CLOUDFLARE_API_KEY",
  "CLOUDFLARE_EMAIL",
  "CLOUDFLARE_API_USER_SERVICE_KEY",
];
const savedEnv: Record<string, string | undefined> = {};

let fake: FakeCloudflare;
let client: Cloudflare;
beforeAll(async () => {
  // The SDK reads credentials from the environment by default and sends ALL it finds; isolate from the host.
  for (const key of ENV_KEYS) {
    savedEnv[key] = process.env[key];
    delete process.env[key];
  }
  fake = await FakeCloudflare.start();
  client = new Cloudflare({ apiToken: FAKE_TOKEN, baseURL: fake.baseUrl, maxRetries: 0 });
});
afterAll(async () => {
  await fake.stop();
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

const regions = () => client.cache.originCloudRegions;

/** The rejection of `promise`, asserted to be an instance of `type`. */
async function rejection<T>(promise: Promise<unknown>, type: abstract new (...args: never[]) => T): Promise<T> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}

describe("the seven SDK calls", () => {
  it("update (PUT one) canonicalizes and is idempotent", async () => {
    const zone_id = newZone();
    const created = await regions().update("2001:DB8::1", {
      zone_id,
      origin_ip: "2001:DB8::1",
      vendor: "gcp",
      region: "us-central1",
    });
    expect(created).toEqual({
      origin_ip: "2001:db8::1",
      vendor: "gcp",
      region: "us-central1",
      modified_on: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    // The SDK leaves ':' unescaped in the path (API doc §9).
    expect(fake.requests.at(-1)!.path).toBe(`/client/v4/zones/${zone_id}/origin/cloud_regions/2001:DB8::1`);
    const again = await regions().update("2001:db8::1", {
      zone_id,
      origin_ip: "2001:db8::1",
      vendor: "gcp",
      region: "us-central1",
    });
    expect(again).toEqual(created);
    expect(fake.mappings(zone_id)).toHaveLength(1);
  });

  it("get finds a mapping by any spelling", async () => {
    const zone_id = newZone();
    fake.seed(zone_id, [{ origin_ip: "2001:db8::1", vendor: "aws", region: "us-east-1" }]);
    for (const ip of ["2001:db8::1", "2001:0DB8:0:0:0:0:0:1"]) {
      expect(await regions().get(ip, { zone_id })).toMatchObject({
        origin_ip: "2001:db8::1",
        vendor: "aws",
        region: "us-east-1",
      });
    }
  });

  it("delete returns the canonical IP", async () => {
    const zone_id = newZone();
    fake.seed(zone_id, [{ origin_ip: "2001:db8::1", vendor: "aws", region: "us-east-1" }]);
    expect(await regions().delete("2001:DB8::0001", { zone_id })).toEqual({ origin_ip: "2001:db8::1" });
    expect(fake.mappings(zone_id)).toEqual([]);
  });

  it("list returns one page with result_info", async () => {
    const zone_id = newZone();
    fake.seed(
      zone_id,
      Array.from({ length: 25 }, (_, i) => ({ origin_ip: `192.0.2.${i}`, vendor: "aws", region: "us-east-1" })),
    );
    const page = await regions().list({ zone_id, per_page: 10, page: 2 });
    expect(page.result.map((m) => m.origin_ip)).toEqual(Array.from({ length: 10 }, (_, i) => `192.0.2.${i + 10}`));
    expect(page.result_info).toEqual({ count: 10, page: 2, per_page: 10, total_count: 25, total_pages: 3 });
  });

  it("list auto-pages over 250 mappings, stopping on the empty page past the end", async () => {
    const zone_id = newZone();
    const ips = Array.from({ length: 250 }, (_, i) => `10.0.${i >> 8}.${i & 0xff}`);
    fake.seed(
      zone_id,
      ips.map((origin_ip) => ({ origin_ip, vendor: "aws", region: "us-east-1" })),
    );
    fake.resetRequests();
    const seen: string[] = [];
    for await (const mapping of regions().list({ zone_id, per_page: 100 })) seen.push(mapping.origin_ip);
    expect(seen).toEqual(ips);
    // Pages 1-3 hold 100/100/50 items; the SDK ignores total_pages and only stops on an empty page (API doc §9).
    const lists = fake.requests.filter((r) => r.route === "list");
    expect(lists.map((r) => new URL(r.path, "http://x").searchParams.get("page"))).toEqual([null, "2", "3", "4"]);
    expect(lists.every((r) => r.status === 200)).toBe(true);
  });

  it("bulkUpdate (PUT batch) upserts and reports succeeded/failed", async () => {
    const zone_id = newZone();
    const result = await regions().bulkUpdate({
      zone_id,
      body: [
        { origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" },
        { origin_ip: "2001:DB8::1", vendor: "gcp", region: "us-central1" },
        { origin_ip: "192.0.2.2", vendor: "aws", region: "mars-1" },
      ],
    });
    expect(result).toEqual({
      succeeded: [
        { origin_ip: "192.0.2.1", region: "us-east-1", vendor: "aws" },
        { origin_ip: "2001:db8::1", region: "us-central1", vendor: "gcp" },
      ],
      failed: [
        {
          origin_ip: "192.0.2.2",
          error:
            "The vendor provided doesn't exist or the region provided does not exist for the specified cloud vendor",
        },
      ],
    });
  });

  it("bulkDelete needs its body injected through request options", async () => {
    const zone_id = newZone();
    fake.seed(zone_id, [
      { origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" },
      { origin_ip: "2001:db8::1", vendor: "gcp", region: "us-central1" },
    ]);
    // Without the workaround the SDK sends no body at all, which the fake (like the API) refuses.
    const bare = await rejection(regions().bulkDelete({ zone_id }), Cloudflare.BadRequestError);
    expect(bare.errors.map((e) => e.code)).toEqual([1192]);
    const result = await regions().bulkDelete({ zone_id }, { body: ["192.0.2.1", "2001:DB8::1", "192.0.2.99"] });
    expect(result).toEqual({
      succeeded: [
        { origin_ip: "192.0.2.1", region: "us-east-1", vendor: "aws" },
        { origin_ip: "2001:db8::1", region: "us-central1", vendor: "gcp" },
      ],
      failed: [
        {
          origin_ip: "192.0.2.99",
          error: "Unable to retrieve origin_public_cloud_region setting value. The zone setting does not exist.",
        },
      ],
    });
    expect(fake.mappings(zone_id)).toEqual([]);
  });

  it("supportedRegions returns the vendor table", async () => {
    const result = await regions().supportedRegions({ zone_id: newZone() });
    expect(result.obtained_codes).toBe(true);
    expect(result.vendors.aws).toEqual(
      expect.arrayContaining([{ name: "us-east-1", upper_tier_colos: ["IAD", "EWR"] }]),
    );
    expect(Object.keys(result.vendors).sort()).toEqual(["aws", "azure", "gcp", "oci"]);
  });
});

describe("SDK error classes", () => {
  it("400 → BadRequestError with the API's errors[]", async () => {
    const zone_id = newZone();
    const invalid = await rejection(regions().get("192.0.2.01", { zone_id }), Cloudflare.BadRequestError);
    expect(invalid.status).toBe(400);
    expect(invalid.errors).toEqual([{ code: 1146, message: "Invalid or missing origin IP address." }]);
    const vendor = await rejection(
      regions().update("192.0.2.1", { zone_id, origin_ip: "192.0.2.1", vendor: "AWS" as "aws", region: "us-east-1" }),
      Cloudflare.BadRequestError,
    );
    expect(vendor.errors.map((e) => e.code)).toEqual([1157]);
    const mismatch = await rejection(
      regions().update("192.0.2.1", { zone_id, origin_ip: "192.0.2.2", vendor: "aws", region: "us-east-1" }),
      Cloudflare.BadRequestError,
    );
    expect(mismatch.errors).toEqual([{ code: 1146, message: "body origin_ip does not match URL" }]);
    const route = await rejection(regions().get("192.0.2.1", { zone_id: "not-a-zone" }), Cloudflare.BadRequestError);
    expect(route.errors.map((e) => e.code)).toEqual([7003, 7000]);
  });

  it("403 → PermissionDeniedError (cap, unknown token)", async () => {
    const small = await FakeCloudflare.start({ maxMappingsPerZone: 1 });
    try {
      const sdk = new Cloudflare({ apiToken: FAKE_TOKEN, baseURL: small.baseUrl, maxRetries: 0 });
      const zone_id = newZone();
      await sdk.cache.originCloudRegions.update("192.0.2.1", {
        zone_id,
        origin_ip: "192.0.2.1",
        vendor: "aws",
        region: "us-east-1",
      });
      const cap = await rejection(
        sdk.cache.originCloudRegions.update("192.0.2.2", {
          zone_id,
          origin_ip: "192.0.2.2",
          vendor: "aws",
          region: "us-east-1",
        }),
        Cloudflare.PermissionDeniedError,
      );
      expect(cap.status).toBe(403);
      expect(cap.errors).toEqual([{ code: 1164, message: "Maximum number of IP mappings configured for zone." }]);
      const stranger = new Cloudflare({ apiToken: "A".repeat(40), baseURL: small.baseUrl, maxRetries: 0 });
      const auth = await rejection(
        stranger.cache.originCloudRegions.list({ zone_id }),
        Cloudflare.PermissionDeniedError,
      );
      expect(auth.errors).toEqual([{ code: 10000, message: "Authentication error" }]);
    } finally {
      await small.stop();
    }
  });

  it("404 → NotFoundError with code 1142", async () => {
    const error = await rejection(regions().get("192.0.2.1", { zone_id: newZone() }), Cloudflare.NotFoundError);
    expect(error.status).toBe(404);
    expect(error.errors.map((e) => e.code)).toEqual([1142]);
    await rejection(regions().delete("192.0.2.1", { zone_id: newZone() }), Cloudflare.NotFoundError);
  });

  it("429 → RateLimitError (no retries configured)", async () => {
    fake.injectFault("list", { kind: "rateLimit", retryAfterSeconds: 1 });
    const error = await rejection(regions().list({ zone_id: newZone() }), Cloudflare.RateLimitError);
    expect(error.errors.map((e) => e.code)).toEqual([971]);
  });
});

describe("SDK retries against injected faults", () => {
  it("succeeds after retries, and gives up with InternalServerError when they are exhausted", async () => {
    const retrying = new Cloudflare({ apiToken: FAKE_TOKEN, baseURL: fake.baseUrl, maxRetries: 2 });
    const zone_id = newZone();
    fake.resetRequests();
    fake.injectFault("supportedRegions", { kind: "status", status: 503 }, 2);
    expect((await retrying.cache.originCloudRegions.supportedRegions({ zone_id })).obtained_codes).toBe(true);
    expect(fake.requestCount("supportedRegions")).toBe(3);
    fake.injectFault("supportedRegions", { kind: "status", status: 500 }, 3);
    const error = await rejection(
      retrying.cache.originCloudRegions.supportedRegions({ zone_id }),
      Cloudflare.InternalServerError,
    );
    expect(error.errors.map((e) => e.code)).toEqual([1140]);
    expect(fake.requestCount("supportedRegions")).toBe(6);
  }, 20_000);
});

describe("SDK configuration paths", () => {
  it("works from CLOUDFLARE_BASE_URL / CLOUDFLARE_API_TOKEN alone", async () => {
    process.env.CLOUDFLARE_BASE_URL = fake.baseUrl;
    process.env.CLOUDFLARE_API_TOKEN = FAKE_TOKEN;
    try {
      const fromEnv = new Cloudflare({ maxRetries: 0 });
      const zone_id = newZone();
      await fromEnv.cache.originCloudRegions.update("192.0.2.1", {
        zone_id,
        origin_ip: "192.0.2.1",
        vendor: "oci",
        region: "eu-frankfurt-1",
      });
      expect(fake.mappings(zone_id)).toMatchObject([
        { origin_ip: "192.0.2.1", vendor: "oci", region: "eu-frankfurt-1" },
      ]);
    } finally {
      delete process.env.CLOUDFLARE_BASE_URL;
      delete process.env.CLOUDFLARE_API_TOKEN;
    }
  });

  it("works with the Global API key scheme (X-Auth-Email + X-Auth-Key)", async () => {
    const keyed = new Cloudflare({
      apiEmail: FAKE_EMAIL,
      apiKey: FAKE_API_KEY,
      apiToken: null,
      baseURL: fake.baseUrl,
      maxRetries: 0,
    });
    const zone_id = newZone();
    await keyed.cache.originCloudRegions.update("192.0.2.1", {
      zone_id,
      origin_ip: "192.0.2.1",
      vendor: "azure",
      region: "westeurope",
    });
    expect((await keyed.cache.originCloudRegions.get("192.0.2.1", { zone_id })).vendor).toBe("azure");
  });

  it("is refused with 400 6003 when configured with a token AND a key (the SDK sends both)", async () => {
    const both = new Cloudflare({
      apiToken: FAKE_TOKEN,
      apiEmail: FAKE_EMAIL,
      apiKey: FAKE_API_KEY,
      baseURL: fake.baseUrl,
      maxRetries: 0,
    });
    const error = await rejection(
      both.cache.originCloudRegions.list({ zone_id: newZone() }),
      Cloudflare.BadRequestError,
    );
    expect(error.errors.map((e) => e.code)).toEqual([6003]);
  });
});
