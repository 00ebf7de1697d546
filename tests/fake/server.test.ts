/**
 * Raw-HTTP conformance of the fake against the API contract (API doc §2-§7, §12, §13): transport, routing, auth,
 * data model, list / get / put / delete and supported_regions. Batch endpoints: server-batch.test.ts; rate limits,
 * faults and test hooks: server-ops.test.ts.
 */
import { CODES, DEFAULT_REGIONS, FAKE_API_KEY, FAKE_EMAIL, FAKE_TOKEN, FakeCloudflare, MESSAGES } from "./server";
import { bearer, call, ManualClock, newZone, rawCall, regionsPath } from "./test-helpers";
import { API_DOC_IP_VECTORS } from "../fixtures/apiDocIpVectors";

const ALT_TOKEN = "Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe_Dc-BaQq";
const keyAuth = { "X-Auth-Email": FAKE_EMAIL, "X-Auth-Key": FAKE_API_KEY };
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

let fake: FakeCloudflare;
const clock = new ManualClock();
beforeAll(async () => {
  fake = await FakeCloudflare.start({ now: clock.now });
});
afterAll(() => fake.stop());

const put = (zone: string, ip: string, body: unknown, pathIp = ip) =>
  call(fake, "PUT", `${regionsPath(zone)}/${pathIp}`, { body });
const mapping = (origin_ip: string, vendor = "aws", region = "us-east-1") => ({ origin_ip, vendor, region });
const expectError = (res: { status: number; json: unknown }, status: number, code: number, message: string) => {
  expect(res.status).toBe(status);
  expect(res.json).toEqual({ errors: [{ code, message }], messages: [], result: null, success: false });
};

describe("transport and envelope", () => {
  it("answers an empty zone's list exactly like the documented example", async () => {
    const res = await call(fake, "GET", regionsPath(newZone()));
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.json).toEqual({
      errors: [],
      messages: [],
      result: [],
      result_info: { count: 0, page: 1, per_page: 20, total_count: 0, total_pages: 0 },
      success: true,
    });
  });

  it("serves under /client/v4 by default and sets a cf-ray header", async () => {
    expect(fake.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
    const res = await call(fake, "GET", regionsPath(newZone()));
    expect(res.headers["cf-ray"]).toMatch(/^[0-9a-f]{16}-[A-Z]{3}$/);
  });

  it("honours a custom prefix (and then the default one is not a route)", async () => {
    const other = await FakeCloudflare.start({ prefix: "/api/v4/" });
    try {
      expect(other.baseUrl).toMatch(/\/api\/v4$/);
      expect((await call(other, "GET", regionsPath(newZone()))).status).toBe(200);
      const res = await rawCall(other, "GET", `/client/v4${regionsPath(newZone())}`);
      expectError(res, 404, CODES.NO_ROUTE, MESSAGES.NO_ROUTE);
    } finally {
      await other.stop();
    }
  });

  it("ignores unknown headers the SDK sends", async () => {
    const res = await call(fake, "GET", regionsPath(newZone()), {
      headers: {
        "api-version": "2026-03-01",
        "X-Stainless-Retry-Count": "0",
        "X-Stainless-Lang": "js",
        "User-Agent": "Cloudflare/JS 7.3.0",
      },
    });
    expect(res.status).toBe(200);
  });
});

describe("routing", () => {
  const zone = newZone();

  it.each([
    "/client/v4/nope",
    "/client/v4",
    "/elsewhere",
    "/",
    `/client/v4/zones/${"a".repeat(32)}`,
    `/client/v4/zones/${"a".repeat(32)}/origin`,
    `/client/v4/zones/${"a".repeat(32)}/origin/cloud_region`,
    `/client/v4/zones/${"a".repeat(32)}/cache/origin_cloud_regions`,
    `/client/v4/zones/${"a".repeat(32)}/origin/cloud_regions/192.0.2.1/extra`,
  ])("unknown route %s → 404 7000", async (path) => {
    expectError(await rawCall(fake, "GET", path), 404, CODES.NO_ROUTE, MESSAGES.NO_ROUTE);
  });

  it.each([
    "abc",
    "023E105F4ECEF8AD9CA31A8372D0C353",
    "023e105f4ecef8ad9ca31a8372d0c35",
    "023e105f4ecef8ad9ca31a8372d0c3533",
    "023e105f4ecef8ad9ca31a8372d0c35g",
    "",
  ])("malformed zone id %j → 400 with both 7003 and 7000", async (id) => {
    const path = `/client/v4/zones/${id}/origin/cloud_regions/192.0.2.1`;
    const res = await rawCall(fake, "GET", path);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      errors: [
        { code: 7003, message: `Could not route to ${path}, perhaps your object identifier is invalid?` },
        { code: 7000, message: "No route for that URI" },
      ],
      messages: [],
      result: null,
      success: false,
    });
  });

  it("checks the zone id before credentials", async () => {
    const res = await rawCall(fake, "GET", "/client/v4/zones/not-a-zone/origin/cloud_regions", { auth: null });
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { code: number }) => e.code)).toEqual([7003, 7000]);
  });

  it.each([
    ["POST", "", "GET"],
    ["DELETE", "", "GET"],
    ["PATCH", "/192.0.2.1", "GET, PUT, DELETE"],
    ["POST", "/192.0.2.1", "GET, PUT, DELETE"],
    ["GET", "/batch", "PUT, DELETE"],
    ["POST", "/batch", "PUT, DELETE"],
    ["PUT", "/supported_regions", "GET"],
    ["DELETE", "/supported_regions", "GET"],
  ])("%s on cloud_regions%s → 405 with Allow: %s", async (method, suffix, allow) => {
    const res = await call(fake, method, regionsPath(zone) + suffix, { body: [] });
    expectError(res, 405, CODES.METHOD_NOT_ALLOWED, MESSAGES.METHOD_NOT_ALLOWED);
    expect(res.headers.allow).toBe(allow);
  });

  it("routes the literal segments ahead of {origin_ip}", async () => {
    const regions = await call(fake, "GET", `${regionsPath(zone)}/supported_regions`);
    expect(regions.status).toBe(200);
    expect(regions.json.result.obtained_codes).toBe(true);
    const batch = await call(fake, "PUT", `${regionsPath(zone)}/batch`, { body: [mapping("192.0.2.1")] });
    expect(batch.status).toBe(200);
    expect(batch.json.result.succeeded).toEqual([mapping("192.0.2.1")]);
    expect(fake.requests.slice(-2).map((r) => r.route)).toEqual(["supportedRegions", "batchPut"]);
  });

  it("percent-decodes literal segments too", async () => {
    const res = await call(fake, "GET", `${regionsPath(zone)}/supported%5Fregions`);
    expect(res.status).toBe(200);
    expect(res.json.result.vendors.aws).toBeDefined();
  });

  it("accepts raw ':' and percent-encoded %3A / %3a in the IP segment", async () => {
    const z = newZone();
    expect(
      (await put(z, "2001:db8::1", mapping("2001:db8::1", "gcp", "us-central1"), "2001%3Adb8%3A%3A1")).status,
    ).toBe(200);
    for (const spelling of ["2001:db8::1", "2001%3Adb8%3A%3A1", "2001%3adb8%3a%3a1", "2001%3A0DB8%3A%3A0001"]) {
      const res = await call(fake, "GET", `${regionsPath(z)}/${spelling}`);
      expect(res.status).toBe(200);
      expect(res.json.result.origin_ip).toBe("2001:db8::1");
    }
    expect(fake.mappings(z).map((m) => m.origin_ip)).toEqual(["2001:db8::1"]);
  });

  it.each(["192.0.2.0%2F24", "fe80%3A%3A1%25eth0", "%zz", "192.0.2.1%"])(
    "an undecodable or non-IP segment %s → 400 1146",
    async (segment) => {
      expectError(
        await call(fake, "GET", `${regionsPath(zone)}/${segment}`),
        400,
        CODES.INVALID_IP,
        MESSAGES.INVALID_IP,
      );
    },
  );

  it("treats an empty IP segment (trailing slash) as a missing IP", async () => {
    expectError(await call(fake, "GET", `${regionsPath(zone)}/`), 400, CODES.INVALID_IP, MESSAGES.INVALID_IP);
  });
});

describe("authentication", () => {
  const zone = newZone();
  const list = (auth: Record<string, string> | null) => call(fake, "GET", regionsPath(zone), { auth });
  const chain = (...codes: number[]) =>
    codes.map((code) => ({
      code,
      message: {
        6111: MESSAGES.BAD_AUTHORIZATION_FORMAT,
        6103: MESSAGES.BAD_KEY_FORMAT,
        6102: MESSAGES.BAD_EMAIL_FORMAT,
      }[code],
    }));

  it("no credentials → 400 9106 in the gateway shape (no messages/result keys)", async () => {
    const res = await list(null);
    expect(res.status).toBe(400);
    expect(res.json).toStrictEqual({
      success: false,
      errors: [{ code: 9106, message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers" }],
    });
  });

  it.each([
    ["too short", "Bearer abc"],
    ["too long", `Bearer ${FAKE_TOKEN}x`],
    ["bad character", `Bearer ${FAKE_TOKEN.slice(0, 39)}!`],
    ["wrong scheme", `Token ${FAKE_TOKEN}`],
    ["no scheme", FAKE_TOKEN],
    ["empty", ""],
    ["two spaces", `Bearer  ${FAKE_TOKEN}`],
  ])("malformed Authorization (%s) → 400 6003 with error_chain 6111", async (_label, value) => {
    const res = await list({ Authorization: value });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      errors: [{ code: 6003, message: "Invalid request headers", error_chain: chain(6111) }],
      messages: [],
      result: null,
      success: false,
    });
  });

  it.each([
    ["malformed key", { "X-Auth-Email": FAKE_EMAIL, "X-Auth-Key": "not-hex" }, [6103]],
    ["malformed email", { "X-Auth-Email": "nobody", "X-Auth-Key": FAKE_API_KEY }, [6102]],
    ["key only", { "X-Auth-Key": FAKE_API_KEY }, [6102]],
    ["email only", { "X-Auth-Email": FAKE_EMAIL }, [6103]],
    ["both malformed", { "X-Auth-Email": "x", "X-Auth-Key": "y" }, [6103, 6102]],
  ])("%s → 400 6003 with the matching error_chain", async (_label, headers, codes) => {
    const res = await list(headers);
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ code: 6003, message: "Invalid request headers", error_chain: chain(...codes) }]);
  });

  it("mixed schemes (Bearer plus X-Auth-*) → 400 6003, even when both are valid", async () => {
    const res = await list({ ...bearer(), ...keyAuth });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].code).toBe(6003);
    expect((await list({ ...bearer(), "X-Auth-Email": FAKE_EMAIL })).status).toBe(400);
  });

  it("well-formed but unknown credentials → 403 10000", async () => {
    expectError(await list(bearer(ALT_TOKEN)), 403, 10000, "Authentication error");
    expectError(
      await list({ "X-Auth-Email": FAKE_EMAIL, "X-Auth-Key": "0".repeat(37) }),
      403,
      10000,
      "Authentication error",
    );
    expectError(
      await list({ "X-Auth-Email": "other@example.com", "X-Auth-Key": FAKE_API_KEY }),
      403,
      10000,
      "Authentication error",
    );
  });

  it("accepts the default token, the default API key (email case-insensitively) and a lowercase bearer scheme", async () => {
    expect(FAKE_TOKEN).toMatch(/^[A-Za-z0-9_-]{40}$/);
    expect((await list(bearer())).status).toBe(200);
    expect((await list({ Authorization: `bearer ${FAKE_TOKEN}` })).status).toBe(200);
    expect((await list(keyAuth)).status).toBe(200);
    expect((await list({ ...keyAuth, "X-Auth-Email": FAKE_EMAIL.toUpperCase() })).status).toBe(200);
  });

  it("uses the configured credential set instead of the defaults", async () => {
    const other = await FakeCloudflare.start({
      tokens: [ALT_TOKEN],
      apiKeys: [{ email: "ops@example.org", key: "f".repeat(32) }],
    });
    try {
      const path = regionsPath(newZone());
      expect((await call(other, "GET", path, { auth: bearer(ALT_TOKEN) })).status).toBe(200);
      expect((await call(other, "GET", path, { auth: bearer(FAKE_TOKEN) })).status).toBe(403);
      expect((await call(other, "GET", path, { auth: keyAuth })).status).toBe(403);
      expect(
        (await call(other, "GET", path, { auth: { "X-Auth-Email": "ops@example.org", "X-Auth-Key": "f".repeat(32) } }))
          .status,
      ).toBe(200);
    } finally {
      await other.stop();
    }
  });

  it("refuses to start with a token the format check would reject", async () => {
    await expect(FakeCloudflare.start({ tokens: ["short"] })).rejects.toThrow(/40 characters/);
    await expect(FakeCloudflare.start({ apiKeys: [{ email: FAKE_EMAIL, key: "XYZ" }] })).rejects.toThrow(/hex/);
  });

  it("grants only the configured zones (others → 403 10000)", async () => {
    const granted = newZone();
    const other = await FakeCloudflare.start({ zones: [granted] });
    try {
      expect((await call(other, "GET", regionsPath(granted))).status).toBe(200);
      expectError(await call(other, "GET", regionsPath(newZone())), 403, 10000, "Authentication error");
      expectError(
        await call(other, "PUT", `${regionsPath(newZone())}/192.0.2.1`, { body: mapping("192.0.2.1") }),
        403,
        10000,
        "Authentication error",
      );
    } finally {
      await other.stop();
    }
  });

  it("never writes credentials into the request log", async () => {
    await list(bearer());
    await list(keyAuth);
    await list(bearer(ALT_TOKEN));
    const logged = JSON.stringify(fake.requests);
    for (const secret of [FAKE_TOKEN, FAKE_API_KEY, ALT_TOKEN, FAKE_EMAIL]) expect(logged).not.toContain(secret);
  });
});

describe("data model and IP canonicalization", () => {
  it.each(API_DOC_IP_VECTORS)(
    "PUT %s stores and returns %s; GET finds it by any spelling",
    async (input, canonical) => {
      const zone = newZone();
      const res = await put(zone, input, mapping(input));
      expect(res.status).toBe(200);
      expect(res.json.result).toEqual({ ...mapping(canonical), modified_on: expect.stringMatching(TIMESTAMP) });
      expect(fake.mappings(zone).map((m) => m.origin_ip)).toEqual([canonical]);
      for (const spelling of [input, canonical]) {
        const got = await call(fake, "GET", `${regionsPath(zone)}/${spelling}`);
        expect(got.json.result.origin_ip).toBe(canonical);
      }
    },
  );

  it("prints IPv4-mapped addresses in hex with ipv4MappedForm: 'hex'", async () => {
    const other = await FakeCloudflare.start({ ipv4MappedForm: "hex" });
    try {
      const zone = newZone();
      const res = await call(other, "PUT", `${regionsPath(zone)}/::ffff:192.0.2.1`, {
        body: mapping("::ffff:192.0.2.1"),
      });
      expect(res.json.result.origin_ip).toBe("::ffff:c000:201");
    } finally {
      await other.stop();
    }
  });

  it.each([
    "192.0.2.01",
    "010.0.2.1",
    "192.0.2.0%2F24",
    "fe80::1%25eth0",
    "example.com",
    "1.2.3",
    "256.1.1.1",
    "::1::",
    "1.2.3.4.5",
    "0x7f.0.0.1",
  ])("invalid IP %s → 400 1146 on GET, DELETE and PUT", async (ip) => {
    const zone = newZone();
    for (const method of ["GET", "DELETE"]) {
      expectError(
        await call(fake, method, `${regionsPath(zone)}/${ip}`),
        400,
        1146,
        "Invalid or missing origin IP address.",
      );
    }
    expectError(
      await put(zone, ip, mapping(decodeURIComponent(ip))),
      400,
      1146,
      "Invalid or missing origin IP address.",
    );
  });

  it("stamps modified_on as RFC 3339 UTC whole seconds and leaves it alone on an identical re-PUT", async () => {
    const zone = newZone();
    clock.advance(1234); // a fractional second must not leak into the timestamp
    const first = await put(zone, "192.0.2.1", mapping("192.0.2.1"));
    expect(first.json.result.modified_on).toMatch(TIMESTAMP);
    expect(first.json.result.modified_on).toBe(
      clock
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, "Z"),
    );
    clock.advance(60_000);
    const again = await put(zone, "192.0.2.1", mapping("192.0.2.1"));
    expect(again.status).toBe(200);
    expect(again.json.result).toEqual(first.json.result);
    expect(fake.mappings(zone)).toHaveLength(1);
    clock.advance(60_000);
    const changed = await put(zone, "192.0.2.1", mapping("192.0.2.1", "aws", "us-west-2"));
    expect(changed.json.result.region).toBe("us-west-2");
    expect(Date.parse(changed.json.result.modified_on) - Date.parse(first.json.result.modified_on)).toBe(120_000);
  });

  it("keeps a stable insertion order: replace keeps the position, delete + re-add moves to the end", async () => {
    const zone = newZone();
    for (const ip of ["192.0.2.1", "192.0.2.2", "192.0.2.3"]) await put(zone, ip, mapping(ip));
    await put(zone, "192.0.2.2", mapping("192.0.2.2", "gcp", "us-central1"));
    const order = async () =>
      (await call(fake, "GET", regionsPath(zone))).json.result.map((m: { origin_ip: string }) => m.origin_ip);
    expect(await order()).toEqual(["192.0.2.1", "192.0.2.2", "192.0.2.3"]);
    await call(fake, "DELETE", `${regionsPath(zone)}/192.0.2.1`);
    await put(zone, "192.0.2.1", mapping("192.0.2.1"));
    expect(await order()).toEqual(["192.0.2.2", "192.0.2.3", "192.0.2.1"]);
  });
});

describe("list", () => {
  const zone = newZone();
  const ips = Array.from({ length: 45 }, (_, i) => `198.51.100.${i + 1}`);
  beforeAll(() =>
    fake.seed(
      zone,
      ips.map((ip) => mapping(ip)),
    ),
  );
  const page = (query: string) => call(fake, "GET", `${regionsPath(zone)}${query}`);

  it("defaults to page 1, per_page 20", async () => {
    const res = await page("");
    expect(res.json.result.map((m: { origin_ip: string }) => m.origin_ip)).toEqual(ips.slice(0, 20));
    expect(res.json.result_info).toEqual({ count: 20, page: 1, per_page: 20, total_count: 45, total_pages: 3 });
    expect(res.json.result[0]).toEqual({ ...mapping(ips[0]), modified_on: expect.stringMatching(TIMESTAMP) });
  });

  it("returns a partial last page and an empty 200 page past the end", async () => {
    const last = await page("?page=3");
    expect(last.json.result.map((m: { origin_ip: string }) => m.origin_ip)).toEqual(ips.slice(40));
    expect(last.json.result_info).toEqual({ count: 5, page: 3, per_page: 20, total_count: 45, total_pages: 3 });
    const past = await page("?page=4");
    expect(past.status).toBe(200);
    expect(past.json.success).toBe(true);
    expect(past.json.result).toEqual([]);
    expect(past.json.result_info).toEqual({ count: 0, page: 4, per_page: 20, total_count: 45, total_pages: 3 });
    expect((await page("?page=999999")).json.result).toEqual([]);
  });

  it("accepts per_page 1 and 100 (the bounds)", async () => {
    const one = await page("?per_page=1&page=45");
    expect(one.json.result.map((m: { origin_ip: string }) => m.origin_ip)).toEqual([ips[44]]);
    expect(one.json.result_info).toEqual({ count: 1, page: 45, per_page: 1, total_count: 45, total_pages: 45 });
    const all = await page("?per_page=100");
    expect(all.json.result).toHaveLength(45);
    expect(all.json.result_info).toEqual({ count: 45, page: 1, per_page: 100, total_count: 45, total_pages: 1 });
  });

  it.each([
    "page=0",
    "page=-1",
    "page=abc",
    "page=1.5",
    "page=",
    "page=1&page=2",
    "per_page=0",
    "per_page=101",
    "per_page=abc",
    "per_page=",
    "per_page=+5",
    "page=1e3",
  ])("invalid pagination %s → 400 with the fake-defined code", async (query) => {
    expectError(await page(`?${query}`), 400, 1190, MESSAGES.INVALID_PAGINATION);
  });

  it("ignores unrelated query parameters", async () => {
    expect((await page("?order=origin_ip&direction=asc")).json.result_info.count).toBe(20);
  });
});

describe("get and delete one", () => {
  it("GET of an absent IP (and of an empty zone) → 404 1142 with the verbatim message", async () => {
    const zone = newZone();
    expectError(
      await call(fake, "GET", `${regionsPath(zone)}/192.0.2.1`),
      404,
      1142,
      "Unable to retrieve origin_public_cloud_region setting value. The zone setting does not exist.",
    );
    await put(zone, "192.0.2.2", mapping("192.0.2.2"));
    expectError(await call(fake, "GET", `${regionsPath(zone)}/192.0.2.1`), 404, 1142, MESSAGES.NOT_FOUND);
  });

  it("GET returns the stored entry", async () => {
    const zone = newZone();
    await put(zone, "2001:db8::1", mapping("2001:db8::1", "gcp", "us-central1"));
    const res = await call(fake, "GET", `${regionsPath(zone)}/2001:db8::1`);
    expect(res.json).toEqual({
      errors: [],
      messages: [],
      result: {
        origin_ip: "2001:db8::1",
        region: "us-central1",
        vendor: "gcp",
        modified_on: expect.stringMatching(TIMESTAMP),
      },
      success: true,
    });
  });

  it("DELETE returns the canonical IP; deleting the last mapping leaves an empty list and GET 404", async () => {
    const zone = newZone();
    await put(zone, "2001:db8::1", mapping("2001:db8::1"));
    const res = await call(fake, "DELETE", `${regionsPath(zone)}/2001:0DB8:0:0::1`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ errors: [], messages: [], result: { origin_ip: "2001:db8::1" }, success: true });
    expect((await call(fake, "GET", regionsPath(zone))).json.result).toEqual([]);
    expectError(await call(fake, "GET", `${regionsPath(zone)}/2001:db8::1`), 404, 1142, MESSAGES.NOT_FOUND);
    expectError(await call(fake, "DELETE", `${regionsPath(zone)}/2001:db8::1`), 404, 1142, MESSAGES.NOT_FOUND);
  });
});

describe("put one", () => {
  const zone = newZone();

  it("creates and replaces with 200 both times, one entry", async () => {
    const z = newZone();
    const created = await put(z, "192.0.2.1", mapping("192.0.2.1"));
    const replaced = await put(z, "192.0.2.1", mapping("192.0.2.1", "azure", "westeurope"));
    expect([created.status, replaced.status]).toEqual([200, 200]);
    expect(replaced.json.result).toMatchObject({ origin_ip: "192.0.2.1", vendor: "azure", region: "westeurope" });
    expect(fake.mappings(z)).toEqual([
      { ...mapping("192.0.2.1", "azure", "westeurope"), modified_on: expect.stringMatching(TIMESTAMP) },
    ]);
  });

  it.each([
    ["no body", undefined],
    ["an array", [mapping("192.0.2.1")]],
    ["a string", "192.0.2.1"],
    ["null", null],
    ["origin_ip missing", { vendor: "aws", region: "us-east-1" }],
    ["origin_ip a number", { origin_ip: 3221225985, vendor: "aws", region: "us-east-1" }],
    ["origin_ip invalid", mapping("192.0.2.001")],
    ["origin_ip empty", mapping("")],
  ])("body with %s → 400 1146 'Invalid or missing origin IP address.'", async (_label, body) => {
    const res = await call(fake, "PUT", `${regionsPath(zone)}/192.0.2.1`, body === undefined ? {} : { body });
    expectError(res, 400, 1146, "Invalid or missing origin IP address.");
  });

  it("body that is not JSON → 400 6007", async () => {
    const res = await call(fake, "PUT", `${regionsPath(zone)}/192.0.2.1`, { rawBody: "{origin_ip:" });
    expectError(res, 400, CODES.MALFORMED_JSON, "Malformed JSON in request body");
  });

  it("body IP different from the path IP → 400 1146 'body origin_ip does not match URL'", async () => {
    expectError(await put(zone, "192.0.2.1", mapping("192.0.2.2")), 400, 1146, "body origin_ip does not match URL");
    expectError(await put(zone, "2001:db8::1", mapping("2001:db8::2")), 400, 1146, "body origin_ip does not match URL");
    expect(fake.mappings(zone)).toEqual([]);
  });

  it("compares path and body IPs in canonical form", async () => {
    const z = newZone();
    const res = await put(z, "2001:DB8::1", mapping("2001:0db8:0:0:0:0:0:1"));
    expect(res.status).toBe(200);
    expect(res.json.result.origin_ip).toBe("2001:db8::1");
  });

  it.each([
    ["uppercase vendor", { vendor: "AWS", region: "us-east-1" }],
    ["unknown vendor", { vendor: "badvendor", region: "us-east-1" }],
    ["region of another vendor", { vendor: "aws", region: "us-central1" }],
    ["unknown region", { vendor: "gcp", region: "mars-north1" }],
    ["uppercase region", { vendor: "aws", region: "US-EAST-1" }],
    ["missing region", { vendor: "aws" }],
    ["missing vendor", { region: "us-east-1" }],
    ["non-string vendor", { vendor: 1, region: "us-east-1" }],
    ["prototype key as vendor", { vendor: "constructor", region: "us-east-1" }],
  ])("%s → 400 1157 with the verbatim message", async (_label, fields) => {
    const res = await put(zone, "192.0.2.9", { origin_ip: "192.0.2.9", ...fields });
    expectError(
      res,
      400,
      1157,
      "The vendor provided doesn't exist or the region provided does not exist for the specified cloud vendor",
    );
  });

  it("accepts every vendor/region pair of the default table", async () => {
    const z = newZone();
    let n = 0;
    for (const [vendor, regions] of Object.entries(DEFAULT_REGIONS)) {
      for (const { name } of regions) {
        n += 1;
        const ip = `203.0.113.${n}`;
        expect((await put(z, ip, { origin_ip: ip, vendor, region: name })).status).toBe(200);
      }
    }
    expect(fake.mappings(z)).toHaveLength(n);
  });

  it("checks the path IP first, then the body", async () => {
    expectError(
      await call(fake, "PUT", `${regionsPath(zone)}/nope`, { rawBody: "not json" }),
      400,
      1146,
      MESSAGES.INVALID_IP,
    );
  });
});

describe("Tiered Cache", () => {
  it("disabled → supported_regions and PUT fail with the fake-defined 400 naming Tiered Cache; reads and deletes still work", async () => {
    const zone = newZone();
    await put(zone, "192.0.2.1", mapping("192.0.2.1"));
    fake.setTieredCache(zone, false);
    const regions = await call(fake, "GET", `${regionsPath(zone)}/supported_regions`);
    expectError(regions, 400, 1191, MESSAGES.TIERED_CACHE_DISABLED);
    expect(regions.json.errors[0].message).toContain("Tiered Cache");
    expectError(await put(zone, "192.0.2.2", mapping("192.0.2.2")), 400, 1191, MESSAGES.TIERED_CACHE_DISABLED);
    expectError(
      await call(fake, "PUT", `${regionsPath(zone)}/batch`, { body: [mapping("192.0.2.3")] }),
      400,
      1191,
      MESSAGES.TIERED_CACHE_DISABLED,
    );
    expect((await call(fake, "GET", `${regionsPath(zone)}/192.0.2.1`)).status).toBe(200);
    expect((await call(fake, "GET", regionsPath(zone))).json.result).toHaveLength(1);
    expect((await call(fake, "DELETE", `${regionsPath(zone)}/192.0.2.1`)).status).toBe(200);
    fake.setTieredCache(zone, true);
    expect((await put(zone, "192.0.2.2", mapping("192.0.2.2"))).status).toBe(200);
    expect((await call(fake, "GET", `${regionsPath(zone)}/supported_regions`)).status).toBe(200);
  });

  it("is per zone", async () => {
    const off = newZone();
    fake.setTieredCache(off, false);
    expect((await call(fake, "GET", `${regionsPath(newZone())}/supported_regions`)).status).toBe(200);
  });
});

describe("mapping cap", () => {
  it("small cap: a new IP at the cap → 403 1164; replacing an existing one is allowed; other zones unaffected", async () => {
    const small = await FakeCloudflare.start({ maxMappingsPerZone: 2 });
    try {
      const zone = newZone();
      const p = (ip: string, region = "us-east-1") =>
        call(small, "PUT", `${regionsPath(zone)}/${ip}`, { body: mapping(ip, "aws", region) });
      expect((await p("192.0.2.1")).status).toBe(200);
      expect((await p("192.0.2.2")).status).toBe(200);
      expectError(await p("192.0.2.3"), 403, 1164, "Maximum number of IP mappings configured for zone.");
      expect((await p("192.0.2.2", "us-west-2")).status).toBe(200);
      expect(small.mappings(zone).map((m) => [m.origin_ip, m.region])).toEqual([
        ["192.0.2.1", "us-east-1"],
        ["192.0.2.2", "us-west-2"],
      ]);
      expect(
        (await call(small, "PUT", `${regionsPath(newZone())}/192.0.2.3`, { body: mapping("192.0.2.3") })).status,
      ).toBe(200);
      await call(small, "DELETE", `${regionsPath(zone)}/192.0.2.1`);
      expect((await p("192.0.2.3")).status).toBe(200);
    } finally {
      await small.stop();
    }
  });

  it("default cap is the real 3,500", async () => {
    const zone = newZone();
    const ips = Array.from({ length: 3500 }, (_, i) => `10.${(i >> 8) & 0xff}.${i & 0xff}.1`);
    fake.seed(
      zone,
      ips.map((ip) => mapping(ip)),
    );
    expect(fake.mappings(zone)).toHaveLength(3500);
    expectError(await put(zone, "10.200.0.1", mapping("10.200.0.1")), 403, 1164, MESSAGES.CAP_REACHED);
    expectError(
      await call(fake, "PUT", `${regionsPath(zone)}/batch`, { body: [mapping("10.200.0.1")] }),
      403,
      1164,
      MESSAGES.CAP_REACHED,
    );
    expect((await put(zone, ips[0], mapping(ips[0], "aws", "us-west-2"))).status).toBe(200);
    const list = await call(fake, "GET", `${regionsPath(zone)}?per_page=100&page=35`);
    expect(list.json.result_info).toEqual({ count: 100, page: 35, per_page: 100, total_count: 3500, total_pages: 35 });
    await call(fake, "DELETE", `${regionsPath(zone)}/${ips[1]}`);
    expect((await put(zone, "10.200.0.1", mapping("10.200.0.1"))).status).toBe(200);
    expect(fake.mappings(zone)).toHaveLength(3500);
  });
});

describe("supported_regions", () => {
  it("returns obtained_codes and the four vendors with the documented entries", async () => {
    const res = await call(fake, "GET", `${regionsPath(newZone())}/supported_regions`);
    expect(res.status).toBe(200);
    const { obtained_codes, vendors } = res.json.result;
    expect(obtained_codes).toBe(true);
    expect(Object.keys(vendors).sort()).toEqual(["aws", "azure", "gcp", "oci"]);
    expect(vendors.aws).toEqual(
      expect.arrayContaining([
        { name: "us-east-1", upper_tier_colos: ["IAD", "EWR"] },
        { name: "us-west-2", upper_tier_colos: ["SEA"] },
      ]),
    );
    expect(vendors.gcp).toEqual(
      expect.arrayContaining([
        { name: "us-central1", upper_tier_colos: ["ORD"] },
        expect.objectContaining({ name: "europe-west1" }),
      ]),
    );
    expect(vendors.azure.map((r: { name: string }) => r.name)).toEqual(
      expect.arrayContaining(["eastus", "westeurope"]),
    );
    expect(vendors.oci.map((r: { name: string }) => r.name)).toEqual(
      expect.arrayContaining(["us-ashburn-1", "eu-frankfurt-1"]),
    );
    for (const regions of Object.values(vendors) as { name: string; upper_tier_colos: string[] }[][]) {
      expect(regions.length).toBeGreaterThanOrEqual(10);
      for (const r of regions) {
        expect(r.name).toMatch(/^[a-z0-9-]+$/);
        expect(r.upper_tier_colos.length).toBeGreaterThan(0);
        for (const colo of r.upper_tier_colos) expect(colo).toMatch(/^[A-Z]{3}$/);
      }
    }
  });

  it("serves and validates against a configured table", async () => {
    const custom = await FakeCloudflare.start({
      regions: { aws: [{ name: "eu-south-9", upper_tier_colos: ["MXP"] }] },
    });
    try {
      const zone = newZone();
      const res = await call(custom, "GET", `${regionsPath(zone)}/supported_regions`);
      expect(res.json.result).toEqual({
        obtained_codes: true,
        vendors: { aws: [{ name: "eu-south-9", upper_tier_colos: ["MXP"] }] },
      });
      expect(
        (
          await call(custom, "PUT", `${regionsPath(zone)}/192.0.2.1`, {
            body: mapping("192.0.2.1", "aws", "eu-south-9"),
          })
        ).status,
      ).toBe(200);
      expect(
        (await call(custom, "PUT", `${regionsPath(zone)}/192.0.2.1`, { body: mapping("192.0.2.1") })).json.errors[0]
          .code,
      ).toBe(1157);
    } finally {
      await custom.stop();
    }
  });
});
