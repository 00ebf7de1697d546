import { FAKE_API_KEY, FAKE_EMAIL } from "../../fake/server";
import { CloudflareApiError, CloudflareArgumentError, FIX_HINTS, isNotFound } from "../../../provider/api/errors";
import type { ApiRequest, ApiResponse, Transport } from "../../../provider/api/http";
import { LIST_PAGE_SIZE, MAX_BATCH_ITEMS, OriginCloudRegionsApi } from "../../../provider/api/originCloudRegions";
import { encodePathSegment } from "../../../provider/api/requests";
import { client, mappings, rejection, useFake, ZONE } from "./helpers";

const fake = useFake();
const base = (): string => `/client/v4/zones/${ZONE}/origin/cloud_regions`;

describe("the seven v2 calls round trip against the fake", () => {
  test("put stores and returns the canonical entry, sending the same IP in path and body", async () => {
    const { api } = client(fake());
    const stored = await api.put(ZONE, { origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" });
    expect(stored).toMatchObject({ origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" });
    expect(stored.modified_on).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const [req] = fake().requests;
    expect(req).toMatchObject({ method: "PUT", path: `${base()}/192.0.2.1`, route: "put", status: 200 });
    expect(req.body).toEqual({ origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" });
    expect(fake().mappings(ZONE)).toEqual([expect.objectContaining({ origin_ip: "192.0.2.1", region: "us-east-1" })]);
  });

  test("put sends only the three request fields", async () => {
    const { api } = client(fake());
    const extra = {
      origin_ip: "192.0.2.1",
      vendor: "aws",
      region: "us-east-1",
      modified_on: "2026-01-01T00:00:00Z",
      x: 1,
    };
    await api.put(ZONE, extra as never);
    expect(fake().requests[0].body).toEqual({ origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" });
  });

  test("IPv6 travels with raw colons in the path", async () => {
    const { api } = client(fake());
    const stored = await api.put(ZONE, { origin_ip: "2001:db8::1", vendor: "gcp", region: "us-central1" });
    expect(stored.origin_ip).toBe("2001:db8::1");
    expect(fake().requests[0].path).toBe(`${base()}/2001:db8::1`);
    expect(await api.get(ZONE, "2001:db8::1")).toMatchObject({ origin_ip: "2001:db8::1", vendor: "gcp" });
    expect(fake().requests[1].path).toBe(`${base()}/2001:db8::1`);
  });

  test("get returns the mapping, or undefined on 404 (1142) after exactly one request", async () => {
    fake().seed(ZONE, [
      { origin_ip: "192.0.2.1", vendor: "aws", region: "us-west-2", modified_on: "2026-03-01T12:00:00Z" },
    ]);
    const { api, logs } = client(fake());
    expect(await api.get(ZONE, "192.0.2.1")).toEqual({
      origin_ip: "192.0.2.1",
      vendor: "aws",
      region: "us-west-2",
      modified_on: "2026-03-01T12:00:00Z",
    });
    expect(await api.get(ZONE, "192.0.2.2")).toBeUndefined();
    expect(fake().requestCount("get")).toBe(2);
    expect(fake().requests[1].status).toBe(404);
    expect(logs).toEqual([]);
  });

  test("delete returns the deleted IP; a missing one throws a not-found error (1142)", async () => {
    fake().seed(ZONE, [{ origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" }]);
    const { api } = client(fake());
    expect(await api.delete(ZONE, "192.0.2.1")).toEqual({ origin_ip: "192.0.2.1" });
    expect(fake().mappings(ZONE)).toEqual([]);
    const err = await rejection<CloudflareApiError>(api.delete(ZONE, "192.0.2.1"));
    expect(err).toBeInstanceOf(CloudflareApiError);
    expect(isNotFound(err)).toBe(true);
    expect(err).toMatchObject({ kind: "api", method: "DELETE", status: 404, attempts: 1 });
    expect(err.codes).toEqual([1142]);
    expect(err.path).toBe(`/zones/${ZONE}/origin/cloud_regions/192.0.2.1`);
    expect(err.rayId).toMatch(/^[0-9a-f]{16}-[A-Z]{3}$/);
    expect(err.message).toBe(
      `DELETE /zones/${ZONE}/origin/cloud_regions/192.0.2.1 failed: HTTP 404, Cloudflare error 1142: ` +
        `Unable to retrieve origin_public_cloud_region setting value. The zone setting does not exist. (cf-ray ${err.rayId}) — ${FIX_HINTS[1142]}`,
    );
    expect(fake().requestCount("delete")).toBe(2);
  });

  test("list returns every mapping (empty zone: one request, empty array)", async () => {
    const { api } = client(fake());
    expect(await api.list(ZONE)).toEqual([]);
    expect(fake().requests.map((r) => r.path)).toEqual([`${base()}?page=1&per_page=100`]);
    fake().seed(ZONE, mappings(3));
    const listed = await api.list(ZONE);
    expect(listed.map((m) => m.origin_ip).sort()).toEqual(
      mappings(3)
        .map((m) => m.origin_ip)
        .sort(),
    );
  });

  test("list over 250 mappings makes exactly 3 requests (per_page=100, no request past the last page)", async () => {
    fake().seed(ZONE, mappings(250));
    const { api } = client(fake());
    const listed = await api.list(ZONE);
    expect(listed).toHaveLength(250);
    expect(new Set(listed.map((m) => m.origin_ip)).size).toBe(250);
    expect(fake().requestCount("list")).toBe(3);
    expect(fake().requests.map((r) => r.path)).toEqual(
      [1, 2, 3].map((p) => `${base()}?page=${p}&per_page=${LIST_PAGE_SIZE}`),
    );
  });

  test("list over exactly 200 mappings stops at total_pages (2 requests)", async () => {
    fake().seed(ZONE, mappings(200));
    const { api } = client(fake());
    expect(await api.list(ZONE)).toHaveLength(200);
    expect(fake().requestCount("list")).toBe(2);
  });

  test("batchPut upserts, merging with what is there, and reports per-item failures", async () => {
    fake().seed(ZONE, [{ origin_ip: "192.0.2.9", vendor: "aws", region: "us-east-1" }]);
    const { api } = client(fake());
    const result = await api.batchPut(ZONE, [
      { origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" },
      { origin_ip: "2001:db8::1", vendor: "gcp", region: "us-central1" },
      { origin_ip: "192.0.2.2", vendor: "aws", region: "mars-1" },
    ]);
    expect(result.succeeded).toEqual([
      { origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" },
      { origin_ip: "2001:db8::1", vendor: "gcp", region: "us-central1" },
    ]);
    expect(result.failed).toEqual([{ origin_ip: "192.0.2.2", error: expect.stringContaining("region") }]);
    expect(fake().requests[0]).toMatchObject({ method: "PUT", path: `${base()}/batch`, route: "batchPut" });
    expect(
      fake()
        .mappings(ZONE)
        .map((m) => m.origin_ip),
    ).toEqual(["192.0.2.9", "192.0.2.1", "2001:db8::1"]);
  });

  test("batchDelete sends the IPs as a JSON array body", async () => {
    fake().seed(ZONE, mappings(3));
    const { api } = client(fake());
    const ips = [mappings(3)[0].origin_ip, "192.0.2.200"];
    const result = await api.batchDelete(ZONE, ips);
    expect(result.succeeded).toEqual([{ origin_ip: ips[0], vendor: "aws", region: "us-east-1" }]);
    expect(result.failed).toEqual([{ origin_ip: "192.0.2.200", error: expect.any(String) }]);
    expect(fake().requests[0]).toMatchObject({
      method: "DELETE",
      path: `${base()}/batch`,
      route: "batchDelete",
      body: ips,
    });
    expect(fake().mappings(ZONE)).toHaveLength(2);
  });

  test("supportedRegions returns the vendor table", async () => {
    const { api } = client(fake());
    const regions = await api.supportedRegions(ZONE);
    expect(regions.obtained_codes).toBe(true);
    expect(regions.vendors.aws?.map((r) => r.name)).toEqual(expect.arrayContaining(["us-east-1", "us-west-2"]));
    expect(regions.vendors.gcp?.[0]).toEqual({ name: expect.any(String), upper_tier_colos: expect.any(Array) });
    expect(fake().requests[0]).toMatchObject({
      method: "GET",
      path: `${base()}/supported_regions`,
      route: "supportedRegions",
    });
  });

  test("the API-key scheme works (X-Auth-Email + X-Auth-Key)", async () => {
    const { api } = client(fake(), { credentials: { apiKey: FAKE_API_KEY, email: FAKE_EMAIL } });
    await api.put(ZONE, { origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" });
    expect(await api.list(ZONE)).toHaveLength(1);
  });
});

describe("4xx answers are not retried", () => {
  test("1157 unknown vendor/region", async () => {
    const { api, logs } = client(fake());
    const err = await rejection<CloudflareApiError>(
      api.put(ZONE, { origin_ip: "192.0.2.1", vendor: "aws", region: "mars-1" }),
    );
    expect(err).toMatchObject({ kind: "api", status: 400, attempts: 1, method: "PUT" });
    expect(err.codes).toEqual([1157]);
    expect(err.message).toMatch(
      new RegExp(
        `^PUT /zones/${ZONE}/origin/cloud_regions/192\\.0\\.2\\.1 failed: HTTP 400, Cloudflare error 1157: ` +
          "The vendor provided doesn't exist or the region provided does not exist for the specified cloud vendor " +
          "\\(cf-ray [0-9a-f]{16}-[A-Z]{3}\\) — vendor must be one of aws, azure, gcp, oci",
      ),
    );
    expect(fake().requestCount()).toBe(1);
    expect(logs).toEqual([]);
  });

  test("1146 body origin_ip does not match URL (sent through the transport directly)", async () => {
    const { http, logs } = client(fake());
    const err = await rejection<CloudflareApiError>(
      http.request({
        method: "PUT",
        path: `/zones/${ZONE}/origin/cloud_regions/192.0.2.1`,
        body: { origin_ip: "192.0.2.2", vendor: "aws", region: "us-east-1" },
      }),
    );
    expect(err).toMatchObject({ status: 400, attempts: 1 });
    expect(err.errors).toEqual([{ code: 1146, message: "body origin_ip does not match URL" }]);
    expect(fake().requestCount()).toBe(1);
    expect(logs).toEqual([]);
  });

  test("1146 for an invalid IP is an error, not 'not found'", async () => {
    const { api } = client(fake());
    const err = await rejection<CloudflareApiError>(api.get(ZONE, "192.0.2.01"));
    expect(err.codes).toEqual([1146]);
    expect(isNotFound(err)).toBe(false);
  });

  test("403 10000 with a well-formed but wrong token", async () => {
    const { api, logs } = client(fake(), { credentials: { apiToken: "Wr0ngTokenWr0ngTokenWr0ngTokenWr0ngToken" } });
    const err = await rejection<CloudflareApiError>(api.list(ZONE));
    expect(err).toMatchObject({ status: 403, attempts: 1, kind: "api" });
    expect(err.codes).toEqual([10000]);
    expect(err.message).toContain("Cloudflare error 10000: Authentication error");
    expect(err.message).toContain(FIX_HINTS[10000]);
    expect(fake().requestCount()).toBe(1);
    expect(logs).toEqual([]);
  });

  test("400 6003 with a malformed token: error_chain flattened in after its parent", async () => {
    const { api } = client(fake(), { credentials: { apiToken: "not-a-real-token" } });
    const err = await rejection<CloudflareApiError>(api.supportedRegions(ZONE));
    expect(err.status).toBe(400);
    expect(err.errors).toEqual([
      { code: 6003, message: "Invalid request headers" },
      { code: 6111, message: "Invalid format for Authorization header" },
    ]);
    expect(err.codes).toEqual([6003, 6111]);
    expect(err.message).toContain(
      "HTTP 400, Cloudflare error 6003: Invalid request headers; error 6111: Invalid format for Authorization header",
    );
    expect(fake().requestCount()).toBe(1);
  });

  test("400 6003 with a malformed API key and email lists both chain entries", async () => {
    const { api } = client(fake(), { credentials: { apiKey: "XYZ", email: "nobody" } });
    const err = await rejection<CloudflareApiError>(api.list(ZONE));
    expect(err.codes).toEqual([6003, 6103, 6102]);
  });

  test("400 7003+7000 for a malformed zone id is not 'not found'", async () => {
    const { api } = client(fake());
    const err = await rejection<CloudflareApiError>(api.get("not-a-zone", "192.0.2.1"));
    expect(err.status).toBe(400);
    expect(err.codes).toEqual([7003, 7000]);
    expect(isNotFound(err)).toBe(false);
  });

  test("a base URL without the /client/v4 prefix: the fake's 404 7000 is not mistaken for a missing mapping", async () => {
    const { api } = client(fake(), { baseUrl: fake().baseUrl.replace(/\/client\/v4$/, "") });
    const err = await rejection<CloudflareApiError>(api.get(ZONE, "192.0.2.1"));
    expect(err.status).toBe(404);
    expect(err.codes).toEqual([7000]);
    expect(isNotFound(err)).toBe(false);
    expect(err.message).toContain("check the base URL");
  });
});

describe("local argument checks (nothing is sent)", () => {
  test.each([
    ["get", (api: ReturnType<typeof client>["api"]) => api.get("", "192.0.2.1"), /zoneId/],
    ["get", (api: ReturnType<typeof client>["api"]) => api.get(ZONE, ""), /originIp/],
    ["get", (api: ReturnType<typeof client>["api"]) => api.get(ZONE, "  "), /originIp/],
    ["delete", (api: ReturnType<typeof client>["api"]) => api.delete(" ", "192.0.2.1"), /zoneId/],
    ["delete", (api: ReturnType<typeof client>["api"]) => api.delete(ZONE, ""), /originIp/],
    [
      "put",
      (api: ReturnType<typeof client>["api"]) => api.put(ZONE, { origin_ip: "", vendor: "aws", region: "us-east-1" }),
      /origin_ip/,
    ],
    [
      "put",
      (api: ReturnType<typeof client>["api"]) =>
        api.put("", { origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" }),
      /zoneId/,
    ],
    ["list", (api: ReturnType<typeof client>["api"]) => api.list(""), /zoneId/],
    ["supportedRegions", (api: ReturnType<typeof client>["api"]) => api.supportedRegions(""), /zoneId/],
  ])("%s rejects empty arguments", async (_name, call, pattern) => {
    const { api } = client(fake());
    const err = await rejection<Error>(call(api));
    expect(err).toBeInstanceOf(CloudflareArgumentError);
    expect(err.message).toMatch(pattern);
    expect(fake().requestCount()).toBe(0);
  });

  test("put names what is wrong with the mapping it was given", async () => {
    const { api } = client(fake());
    await expect(api.put(ZONE, { origin_ip: " ", vendor: "aws", region: "us-east-1" })).rejects.toThrow(
      new CloudflareArgumentError("mapping.origin_ip must be a non-empty string"),
    );
    await expect(api.put(ZONE, null as never)).rejects.toThrow(
      new CloudflareArgumentError("mapping must be an object with origin_ip, vendor and region"),
    );
    expect(fake().requestCount()).toBe(0);
  });

  test("batchPut accepts 1..100 items and rejects 0 or 101 before sending", async () => {
    const { api } = client(fake());
    await expect(api.batchPut(ZONE, [])).rejects.toThrow(/batchPut: items must hold 1 to 100 entries \(got 0\)/);
    await expect(api.batchPut(ZONE, mappings(MAX_BATCH_ITEMS + 1))).rejects.toThrow(
      /batchPut: items must hold 1 to 100 entries \(got 101\); split larger sets into chunks of 100/,
    );
    await expect(api.batchPut(ZONE, mappings(101))).rejects.toBeInstanceOf(CloudflareArgumentError);
    expect(fake().requestCount()).toBe(0);
    const ok = await api.batchPut(ZONE, mappings(MAX_BATCH_ITEMS));
    expect(ok.succeeded).toHaveLength(100);
    expect(fake().requestCount("batchPut")).toBe(1);
  });

  test("batchDelete accepts 1..100 IPs and rejects 0 or 101 before sending", async () => {
    fake().seed(ZONE, mappings(100));
    const { api } = client(fake());
    const ips = mappings(101).map((m) => m.origin_ip);
    await expect(api.batchDelete(ZONE, [])).rejects.toThrow(
      /batchDelete: originIps must hold 1 to 100 entries \(got 0\)/,
    );
    await expect(api.batchDelete(ZONE, ips)).rejects.toBeInstanceOf(CloudflareArgumentError);
    expect(fake().requestCount()).toBe(0);
    const ok = await api.batchDelete(ZONE, ips.slice(0, 100));
    expect(ok.succeeded).toHaveLength(100);
    expect(fake().mappings(ZONE)).toEqual([]);
  });
});

describe("path encoding", () => {
  test("encodeURIComponent, but colons stay raw", () => {
    expect(encodePathSegment("2001:db8::1")).toBe("2001:db8::1");
    expect(encodePathSegment("192.0.2.1")).toBe("192.0.2.1");
    expect(encodePathSegment("fe80::1%eth0")).toBe("fe80::1%25eth0");
    expect(encodePathSegment("a/b?c#d")).toBe("a%2Fb%3Fc%23d");
  });

  test.each(["..", ".", "..."])(
    "a zone id or IP of %j is refused before sending (URLs resolve dot segments)",
    async (dots) => {
      const { api } = client(fake());
      await expect(api.delete(ZONE, dots)).rejects.toThrow(
        new CloudflareArgumentError(`originIp ${JSON.stringify(dots)} is not a usable path segment`),
      );
      await expect(api.list(dots)).rejects.toThrow(
        new CloudflareArgumentError(`zoneId ${JSON.stringify(dots)} is not a usable path segment`),
      );
      expect(fake().requestCount()).toBe(0);
    },
  );

  test("an IP with a slash stays one path segment (the fake answers 1146, not a routing error)", async () => {
    const { api } = client(fake());
    const err = await rejection<CloudflareApiError>(api.get(ZONE, "192.0.2.0/24"));
    expect(fake().requests[0].path).toBe(`${base()}/192.0.2.0%2F24`);
    expect(err.codes).toEqual([1146]);
  });
});

describe("answers that are not what the endpoint promises (a scripted transport)", () => {
  /** An API whose transport answers every request with `result` (and `resultInfo`), recording the requests. */
  function answering(result: unknown, resultInfo?: Record<string, unknown>) {
    const requests: ApiRequest[] = [];
    const transport: Transport = {
      request: async <T>(req: ApiRequest): Promise<ApiResponse<T>> => {
        requests.push(req);
        return {
          status: 200,
          result: result as T,
          resultInfo: resultInfo as never,
          messages: [],
          attempts: 1,
          method: req.method,
          path: req.path,
          rayId: "8f0a1b2c3d4e5f60-IAD",
        };
      },
    };
    return { api: new OriginCloudRegionsApi({ credentials: { apiToken: "unused" } }, transport), requests };
  }
  const mappingPathOf = (ip: string) => `/zones/${ZONE}/origin/cloud_regions/${ip}`;

  test.each([
    [null, "mapping is not an object"],
    ["192.0.2.1", "mapping is not an object"],
    [[{ origin_ip: "192.0.2.1" }], "mapping is not an object"],
    [{ origin_ip: "192.0.2.1", vendor: "aws" }, "mapping lacks region"],
  ])("get answering %j is an invalid response: %s", async (result, what) => {
    const { api } = answering(result);
    const err = await rejection<CloudflareApiError>(api.get(ZONE, "192.0.2.1"));
    expect(err).toMatchObject({
      kind: "invalidResponse",
      method: "GET",
      path: mappingPathOf("192.0.2.1"),
      status: 200,
      rayId: "8f0a1b2c3d4e5f60-IAD",
    });
    expect(err.message).toBe(
      `GET ${mappingPathOf("192.0.2.1")} failed: HTTP 200, unexpected result: ${what} (cf-ray 8f0a1b2c3d4e5f60-IAD)`,
    );
  });

  test.each([
    [{ obtained_codes: true }, "supported regions lacks vendors"],
    [{ vendors: null }, "supported regions without a vendors object"],
    [{ vendors: "aws" }, "supported regions without a vendors object"],
  ])("supportedRegions answering %j is an invalid response: %s", async (result, what) => {
    const { api, requests } = answering(result);
    await expect(api.supportedRegions(ZONE)).rejects.toThrow(`unexpected result: ${what}`);
    expect(requests).toEqual([{ method: "GET", path: `/zones/${ZONE}/origin/cloud_regions/supported_regions` }]);
  });

  test.each([
    [{}, "batch result lacks succeeded/failed"],
    [[], "batch result is not an object"],
    [null, "batch result is not an object"],
  ])("a batch call answering %j is an invalid response that may have been applied: %s", async (result, what) => {
    const { api } = answering(result);
    const put = await rejection<CloudflareApiError>(
      api.batchPut(ZONE, [{ origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" }]),
    );
    const del = await rejection<CloudflareApiError>(api.batchDelete(ZONE, ["192.0.2.1"]));
    for (const err of [put, del])
      expect(err).toMatchObject({
        kind: "invalidResponse",
        mayHaveBeenApplied: true,
        detail: `unexpected result: ${what}`,
      });
  });

  test("a batch answer's items about IPs not asked for, or not saying what was asked, are left out: those IPs are in neither list", async () => {
    const asked = [
      { origin_ip: "192.0.2.1", vendor: "aws" as const, region: "us-east-1" },
      { origin_ip: "2001:DB8::1", vendor: "gcp" as const, region: "us-central1" },
      { origin_ip: "192.0.2.3", vendor: "aws" as const, region: "us-east-1" },
    ];
    const answer = {
      succeeded: [
        { origin_ip: "2001:db8::1", vendor: "gcp", region: "us-central1" }, // asked for, in canonical spelling: kept
        { origin_ip: "192.0.2.1", vendor: "aws", region: "us-west-2" }, // another region than sent
        { origin_ip: "203.0.113.99", vendor: "aws", region: "us-east-1" }, // not asked for
        "192.0.2.3", // not an item
      ],
      failed: [{ origin_ip: "198.51.100.7", error: "x" }, null],
    };
    await expect(answering(answer).api.batchPut(ZONE, asked)).resolves.toEqual({
      succeeded: [answer.succeeded[0]],
      failed: [],
    });
    const deleted = {
      succeeded: [{ origin_ip: "192.0.2.1" }, { origin_ip: "203.0.113.99" }],
      failed: [{ origin_ip: "192.0.2.3", error: "gone" }, { origin_ip: 7 }],
    };
    await expect(answering(deleted).api.batchDelete(ZONE, ["192.0.2.1", "192.0.2.3"])).resolves.toEqual({
      succeeded: [{ origin_ip: "192.0.2.1" }],
      failed: [{ origin_ip: "192.0.2.3", error: "gone" }],
    });
  });

  test("a batch answer with only one of succeeded and failed gets the other as empty", async () => {
    const item = { origin_ip: "192.0.2.1", vendor: "aws" as const, region: "us-east-1" };
    await expect(answering({ succeeded: [item] }).api.batchPut(ZONE, [item])).resolves.toEqual({
      succeeded: [item],
      failed: [],
    });
    await expect(
      answering({ failed: [{ origin_ip: "192.0.2.1", error: "x" }] }).api.batchDelete(ZONE, ["192.0.2.1"]),
    ).resolves.toEqual({ succeeded: [], failed: [{ origin_ip: "192.0.2.1", error: "x" }] });
  });

  test("paging without total_pages goes on to an empty page; a total_pages that is not a number is not trusted", async () => {
    const pages = [[{ origin_ip: "192.0.2.1" }], [{ origin_ip: "192.0.2.2" }], []];
    const requests: unknown[] = [];
    const transport: Transport = {
      request: async <T>(req: ApiRequest): Promise<ApiResponse<T>> => {
        requests.push(req.query);
        return {
          status: 200,
          result: pages[requests.length - 1] as T,
          resultInfo: { total_pages: "1" } as never,
          messages: [],
          attempts: 1,
          method: req.method,
          path: req.path,
        };
      },
    };
    const all = await new OriginCloudRegionsApi({ credentials: { apiToken: "unused" } }, transport).list(ZONE);
    expect(all.map((m) => m.origin_ip)).toEqual(["192.0.2.1", "192.0.2.2"]);
    expect(requests).toEqual([
      { page: 1, per_page: 100 },
      { page: 2, per_page: 100 },
      { page: 3, per_page: 100 },
    ]);
  });

  test("a listing that never reaches its last page stops after 1,000 pages with an invalid response", async () => {
    const { api, requests } = answering([{ origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" }]);
    await expect(api.list(ZONE)).rejects.toThrow("unexpected result: still not at the last page after 1000 pages");
    expect(requests).toHaveLength(1000);
  });
});

describe("local checks of values that are not strings, arrays or objects (nothing is sent)", () => {
  test.each([
    [
      "a zone id that is not a string",
      (api: ReturnType<typeof client>["api"]) => api.list(7 as never),
      "zoneId must be a non-empty string",
    ],
    [
      "a mapping that is a string",
      (api: ReturnType<typeof client>["api"]) => api.put(ZONE, "192.0.2.1" as never),
      "mapping must be an object with origin_ip, vendor and region",
    ],
    [
      "an origin_ip that is not a string",
      (api: ReturnType<typeof client>["api"]) =>
        api.put(ZONE, { origin_ip: 7 as never, vendor: "aws", region: "us-east-1" }),
      "mapping.origin_ip must be a non-empty string",
    ],
    [
      "batch items that are not an array",
      (api: ReturnType<typeof client>["api"]) => api.batchPut(ZONE, "abc" as never),
      "batchPut: items must be an array",
    ],
    [
      "a batch item without an IP",
      (api: ReturnType<typeof client>["api"]) =>
        api.batchPut(ZONE, [
          { origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" },
          { vendor: "aws" } as never,
        ]),
      "items[1].origin_ip must be a non-empty string",
    ],
    [
      "a batch DELETE IP that is not a string",
      (api: ReturnType<typeof client>["api"]) => api.batchDelete(ZONE, ["192.0.2.1", 7 as never]),
      "batchDelete: originIps[1] must be a string",
    ],
  ])("%s", async (_what, call, message) => {
    const err = await rejection<Error>(call(client(fake()).api));
    expect(err).toBeInstanceOf(CloudflareArgumentError);
    expect(err.message).toBe(message);
    expect(fake().requestCount()).toBe(0);
  });

  test.each(["..a", "a..", ".a."])("a segment with dots and more (%j) is sent, not refused", async (value) => {
    const { api } = client(fake());
    await rejection(api.get(ZONE, value));
    expect(fake().requests.map((r) => r.path)).toEqual([`${base()}/${value}`]);
  });
});
