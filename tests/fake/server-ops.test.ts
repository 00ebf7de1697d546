/**
 * The fake's operational behaviour: rate limiting (§8), fault and latency injection, the request log, the test
 * hooks and shutdown.
 */
import http from "http";
import { FAKE_API_KEY, FAKE_EMAIL, FAKE_TOKEN, FakeCloudflare, MESSAGES, type Fault } from "./server";
import { bearer, call, ManualClock, newZone, regionsPath } from "./test-helpers";

const ALT_TOKEN = "Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe_Dc-BaQq";
const mapping = (origin_ip: string, vendor = "aws", region = "us-east-1") => ({ origin_ip, vendor, region });
const started: FakeCloudflare[] = [];
const start = async (options: Parameters<typeof FakeCloudflare.start>[0] = {}) => {
  const fake = await FakeCloudflare.start(options);
  started.push(fake);
  return fake;
};
afterEach(async () => {
  await Promise.all(started.splice(0).map((f) => f.stop()));
});

describe("rate limiting", () => {
  it("puts Ratelimit and Ratelimit-Policy headers on every response, with the default 1200/300 policy", async () => {
    const fake = await start();
    const zone = newZone();
    const ok = await call(fake, "GET", regionsPath(zone));
    expect(ok.headers["ratelimit-policy"]).toBe('"default";q=1200;w=300');
    expect(ok.headers.ratelimit).toBe('"default";r=1199;t=300');
    const notFound = await call(fake, "GET", `${regionsPath(zone)}/192.0.2.1`);
    expect(notFound.status).toBe(404);
    expect(notFound.headers.ratelimit).toMatch(/^"default";r=1198;t=(299|300)$/);
    // Responses not attributable to a credential still carry the headers (an untouched budget).
    const unauth = await call(fake, "GET", regionsPath(zone), { auth: null });
    expect(unauth.status).toBe(400);
    expect(unauth.headers.ratelimit).toBe('"default";r=1200;t=300');
    const noRoute = await call(fake, "GET", "/nowhere");
    expect(noRoute.headers["ratelimit-policy"]).toBe('"default";q=1200;w=300');
  });

  it("answers 429 971 with Retry-After (whole seconds, rounded up) once the budget is spent, until the window ends", async () => {
    const clock = new ManualClock();
    const fake = await start({ rateLimit: { count: 3, windowSeconds: 60 }, now: clock.now });
    const path = regionsPath(newZone());
    const remaining = [];
    for (let i = 0; i < 3; i++) {
      const res = await call(fake, "GET", path);
      expect(res.status).toBe(200);
      remaining.push(res.headers.ratelimit);
    }
    expect(remaining).toEqual(['"default";r=2;t=60', '"default";r=1;t=60', '"default";r=0;t=60']);
    clock.advance(30_500);
    const limited = await call(fake, "GET", path);
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({
      errors: [{ code: 971, message: "Please wait and consider throttling your request speed" }],
      messages: [],
      result: null,
      success: false,
    });
    expect(limited.headers["retry-after"]).toBe("30");
    expect(limited.headers.ratelimit).toBe('"default";r=0;t=30');
    expect(limited.headers["ratelimit-policy"]).toBe('"default";q=3;w=60');
    clock.advance(29_400);
    expect((await call(fake, "GET", path)).headers["retry-after"]).toBe("1");
    clock.advance(100);
    const fresh = await call(fake, "GET", path);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.ratelimit).toBe('"default";r=2;t=60');
    expect(fresh.headers["retry-after"]).toBeUndefined();
  });

  it("keeps a separate budget per credential (token, other token, email+key)", async () => {
    const fake = await start({ tokens: [FAKE_TOKEN, ALT_TOKEN], rateLimit: { count: 2, windowSeconds: 300 } });
    const path = regionsPath(newZone());
    await call(fake, "GET", path);
    await call(fake, "GET", path);
    expect((await call(fake, "GET", path)).status).toBe(429);
    expect((await call(fake, "GET", path, { auth: bearer(ALT_TOKEN) })).status).toBe(200);
    expect(
      (await call(fake, "GET", path, { auth: { "X-Auth-Email": FAKE_EMAIL, "X-Auth-Key": FAKE_API_KEY } })).status,
    ).toBe(200);
    // Failed authentication does not spend anyone's budget.
    for (let i = 0; i < 5; i++)
      expect((await call(fake, "GET", path, { auth: { Authorization: "Bearer x" } })).status).toBe(400);
    expect((await call(fake, "GET", path, { auth: bearer(ALT_TOKEN) })).status).toBe(200);
    expect((await call(fake, "GET", path, { auth: bearer(ALT_TOKEN) })).status).toBe(429);
  });

  it("rateLimit: false disables the budget and the headers", async () => {
    const fake = await start({ rateLimit: false });
    let last;
    for (let i = 0; i < 30; i++) last = await call(fake, "GET", regionsPath(newZone()));
    expect(last!.status).toBe(200);
    expect(last!.headers.ratelimit).toBeUndefined();
  });

  it("rejects a nonsensical budget", async () => {
    await expect(FakeCloudflare.start({ rateLimit: { count: 0, windowSeconds: 10 } })).rejects.toThrow(
      /positive integers/,
    );
  });
});

describe("fault injection", () => {
  const zone = newZone();
  const putOne = (fake: FakeCloudflare, ip = "192.0.2.1") =>
    call(fake, "PUT", `${regionsPath(zone)}/${ip}`, { body: mapping(ip) });

  it.each([500, 503] as const)(
    "status %d: Cloudflare envelope with 1140, nothing applied, then back to normal",
    async (status) => {
      const fake = await start();
      fake.injectFault("put", { kind: "status", status }, 2);
      for (let i = 0; i < 2; i++) {
        const res = await putOne(fake);
        expect(res.status).toBe(status);
        expect(res.json).toEqual({
          errors: [
            { code: 1140, message: "Unable to update origin_public_cloud_region setting value. Internal error." },
          ],
          messages: [],
          result: null,
          success: false,
        });
        expect(res.headers.ratelimit).toBeDefined();
      }
      expect(fake.mappings(zone)).toEqual([]);
      expect((await putOne(fake)).status).toBe(200);
      expect(fake.mappings(zone)).toHaveLength(1);
      expect(fake.requests.map((r) => r.status)).toEqual([status, status, 200]);
    },
  );

  it("html502: 502 with an HTML body", async () => {
    const fake = await start();
    fake.injectFault("list", { kind: "html502" });
    const res = await call(fake, "GET", regionsPath(zone));
    expect(res.status).toBe(502);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.text).toContain("<title>502 Bad Gateway</title>");
    expect(res.json).toBeUndefined();
  });

  it("rateLimit: 429 971 with the requested Retry-After", async () => {
    const fake = await start();
    fake.injectFault("get", { kind: "rateLimit", retryAfterSeconds: 7 });
    const res = await call(fake, "GET", `${regionsPath(zone)}/192.0.2.1`);
    expect(res.status).toBe(429);
    expect(res.headers["retry-after"]).toBe("7");
    expect(res.json.errors).toEqual([{ code: 971, message: MESSAGES.RATE_LIMITED }]);
  });

  it("reset: the connection drops without a response", async () => {
    const fake = await start();
    fake.injectFault("delete", { kind: "reset" });
    await expect(call(fake, "DELETE", `${regionsPath(zone)}/192.0.2.1`)).rejects.toThrow(/ECONNRESET|socket hang up/);
    expect(fake.requests[0]).toMatchObject({ method: "DELETE", route: "delete", status: 0 });
    expect((await call(fake, "DELETE", `${regionsPath(zone)}/192.0.2.1`)).status).toBe(404);
  });

  it("hang: never answers, and stop() still closes promptly", async () => {
    const fake = await start();
    fake.injectFault("list", { kind: "hang" });
    const pending = call(fake, "GET", regionsPath(zone));
    const outcome = await Promise.race([
      pending.then(
        () => "answered",
        () => "failed",
      ),
      new Promise((r) => setTimeout(() => r("still waiting"), 300)),
    ]);
    expect(outcome).toBe("still waiting");
    expect(fake.requestCount("list")).toBe(1);
    const t0 = Date.now();
    await fake.stop();
    expect(Date.now() - t0).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
  });

  it("truncatedJson: 200 whose Content-Length matches a body cut mid-JSON", async () => {
    const fake = await start();
    fake.injectFault("get", { kind: "truncatedJson" });
    const res = await call(fake, "GET", `${regionsPath(zone)}/192.0.2.1`);
    expect(res.status).toBe(200);
    expect(Number(res.headers["content-length"])).toBe(Buffer.byteLength(res.text));
    expect(res.text.startsWith('{"errors":[]')).toBe(true);
    expect(() => JSON.parse(res.text)).toThrow();
  });

  it("successFalse: 200 with success:false and an error", async () => {
    const fake = await start();
    fake.injectFault("supportedRegions", { kind: "successFalse" });
    const res = await call(fake, "GET", `${regionsPath(zone)}/supported_regions`);
    expect(res.status).toBe(200);
    expect(res.json.success).toBe(false);
    expect(res.json.errors[0].code).toBe(1140);
    expect(res.json.result).toBeNull();
  });

  it("cloudflareError: the given status and error entries in Cloudflare's envelope, nothing applied", async () => {
    const fake = await start();
    fake.injectFault("put", {
      kind: "cloudflareError",
      status: 400,
      errors: [{ code: 1146, message: "Invalid or missing origin IP address." }],
    });
    const res = await call(fake, "PUT", `${regionsPath(zone)}/192.0.2.1`, {
      body: { origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" },
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      errors: [{ code: 1146, message: "Invalid or missing origin IP address." }],
      messages: [],
      result: null,
      success: false,
    });
    expect(fake.mappings(zone)).toEqual([]);
  });

  it("'*' matches any route; a route-specific fault leaves other routes alone; faults queue in order", async () => {
    const fake = await start();
    fake.injectFault("batchPut", { kind: "status", status: 503 });
    fake.injectFault("*", { kind: "status", status: 500 }, 2);
    expect((await call(fake, "GET", regionsPath(zone))).status).toBe(500);
    expect((await call(fake, "PUT", `${regionsPath(zone)}/batch`, { body: [mapping("192.0.2.1")] })).status).toBe(503);
    expect((await call(fake, "GET", `${regionsPath(zone)}/supported_regions`)).status).toBe(500);
    expect((await call(fake, "GET", regionsPath(zone))).status).toBe(200);
    expect((await call(fake, "PUT", `${regionsPath(zone)}/batch`, { body: [mapping("192.0.2.1")] })).status).toBe(200);
  });

  it("faults are consumed only by requests that pass routing and auth", async () => {
    const fake = await start();
    fake.injectFault("*", { kind: "status", status: 500 });
    expect((await call(fake, "GET", "/nowhere")).status).toBe(404);
    expect((await call(fake, "GET", regionsPath(zone), { auth: null })).status).toBe(400);
    expect((await call(fake, "GET", regionsPath(zone))).status).toBe(500);
    expect((await call(fake, "GET", regionsPath(zone))).status).toBe(200);
  });

  it.each([
    ["reset", { kind: "reset" }],
    ["status 500", { kind: "status", status: 500 }],
    ["truncatedJson", { kind: "truncatedJson" }],
  ] as const)("applied %s: the write lands, only the answer is lost or garbled", async (_name, kind) => {
    const fake = await start();
    fake.injectFault("put", { ...kind, applied: true });
    const answer = await putOne(fake).then(
      (r) => (r.json?.success === true ? "success" : `HTTP ${r.status}, unusable`),
      () => "no answer",
    );
    expect(answer).not.toBe("success");
    expect(fake.mappings(zone)).toEqual([expect.objectContaining(mapping("192.0.2.1"))]);
  });

  it.each([
    ["put", null],
    ["put", { origin_ip: "203.0.113.99", vendor: "aws", region: "us-east-1" }],
    ["batchPut", {}],
  ] as const)(
    "applied successResult on %s: the write lands and the answer is 200 success:true with result %j",
    async (route, result) => {
      const fake = await start();
      fake.injectFault(route, { kind: "successResult", result, applied: true });
      const res =
        route === "put"
          ? await putOne(fake)
          : await call(fake, "PUT", `${regionsPath(zone)}/batch`, { body: [mapping("192.0.2.1")] });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ errors: [], messages: [], result, success: true });
      expect(fake.mappings(zone)).toEqual([expect.objectContaining(mapping("192.0.2.1"))]);
    },
  );

  it("successResult without applied: the answer claims success, nothing is written", async () => {
    const fake = await start();
    fake.injectFault("put", { kind: "successResult", result: mapping("192.0.2.1") });
    expect((await putOne(fake)).json).toMatchObject({ success: true, result: mapping("192.0.2.1") });
    expect(fake.mappings(zone)).toEqual([]);
  });

  it("applied delete: the mapping is gone although the connection dropped", async () => {
    const fake = await start();
    fake.seed(zone, [mapping("192.0.2.1")]);
    fake.injectFault("delete", { kind: "reset", applied: true });
    await expect(call(fake, "DELETE", `${regionsPath(zone)}/192.0.2.1`)).rejects.toThrow(/ECONNRESET|socket hang up/);
    expect(fake.mappings(zone)).toEqual([]);
  });

  it("'after' lets that many matching requests through before the fault starts", async () => {
    const fake = await start();
    fake.injectFault("list", { kind: "status", status: 503 }, 1, { after: 2 });
    expect((await call(fake, "GET", `${regionsPath(zone)}/192.0.2.1`)).status).toBe(404);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(fake, "GET", regionsPath(zone))).status);
    expect(statuses).toEqual([200, 200, 503, 200]);
  });

  it("a zone-scoped fault hits only that zone's requests", async () => {
    const fake = await start();
    const other = newZone();
    fake.injectFault("*", { kind: "status", status: 503 }, 1, { zoneId: other });
    expect((await call(fake, "GET", regionsPath(zone))).status).toBe(200);
    expect((await call(fake, "GET", regionsPath(other))).status).toBe(503);
    expect((await call(fake, "GET", regionsPath(other))).status).toBe(200);
  });

  it.each([
    ["html", 403, /<title>403 Forbidden \(authorization: Bearer [^)]+\)<\/title>/],
    ["json", 403, /"message":"Authentication error for authorization: Bearer /],
    ["text", 403, /^forbidden: authorization: Bearer /],
  ] as const)(
    "echoCredentials %s: the answer copies the request's credential headers",
    async (form, status, pattern) => {
      const fake = await start();
      fake.injectFault("get", { kind: "echoCredentials", form });
      const res = await call(fake, "GET", `${regionsPath(zone)}/192.0.2.1`);
      expect(res.status).toBe(status);
      expect(res.text).toMatch(pattern);
      expect(res.text).toContain(FAKE_TOKEN);
    },
  );

  it("echoCredentials location: a redirect whose Location carries the API key", async () => {
    const fake = await start();
    fake.injectFault("get", { kind: "echoCredentials", form: "location" });
    const res = await call(fake, "GET", `${regionsPath(zone)}/192.0.2.1`, {
      auth: { "X-Auth-Key": FAKE_API_KEY, "X-Auth-Email": FAKE_EMAIL },
    });
    expect(res.status).toBe(302);
    expect(decodeURIComponent(String(res.headers.location))).toContain(`x-auth-key: ${FAKE_API_KEY}`);
  });

  it("rejects a non-positive repeat count", async () => {
    const fake = await start();
    const fault: Fault = { kind: "reset" };
    expect(() => fake.injectFault("get", fault, 0)).toThrow();
  });
});

describe("latency", () => {
  it("delays responses by latencyMs, adjustable with setLatency", async () => {
    const fake = await start({ latencyMs: 250 });
    let t0 = Date.now();
    expect((await call(fake, "GET", regionsPath(newZone()))).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
    fake.setLatency(0);
    t0 = Date.now();
    await call(fake, "GET", regionsPath(newZone()));
    expect(Date.now() - t0).toBeLessThan(200);
    expect(() => fake.setLatency(-1)).toThrow();
  });

  it("stop() does not wait for delayed responses", async () => {
    const fake = await start({ latencyMs: 10_000 });
    const pending = call(fake, "GET", regionsPath(newZone()));
    await new Promise((r) => setTimeout(r, 100));
    // Logged (and routed) on arrival, before the delay; status 0 until answered.
    expect(fake.requestCount("list")).toBe(1);
    expect(fake.requests[0].status).toBe(0);
    const t0 = Date.now();
    await fake.stop();
    expect(Date.now() - t0).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
  });
});

describe("request log", () => {
  it("records method, raw path, route, zone, status and parsed body; counts per route; resets", async () => {
    const fake = await start();
    const zone = newZone();
    await call(fake, "PUT", `${regionsPath(zone)}/2001%3Adb8%3A%3A1`, { body: mapping("2001:db8::1") });
    await call(fake, "GET", `${regionsPath(zone)}?page=2&per_page=5`);
    await call(fake, "DELETE", `${regionsPath(zone)}/batch`, { body: ["2001:db8::1"] });
    await call(fake, "PUT", `${regionsPath(zone)}/batch`, { rawBody: "not json" });
    await call(fake, "GET", "/zones/bad/origin/cloud_regions");
    expect(fake.requests).toEqual([
      {
        method: "PUT",
        path: `/client/v4${regionsPath(zone)}/2001%3Adb8%3A%3A1`,
        route: "put",
        zoneId: zone,
        status: 200,
        body: mapping("2001:db8::1"),
      },
      {
        method: "GET",
        path: `/client/v4${regionsPath(zone)}?page=2&per_page=5`,
        route: "list",
        zoneId: zone,
        status: 200,
      },
      {
        method: "DELETE",
        path: `/client/v4${regionsPath(zone)}/batch`,
        route: "batchDelete",
        zoneId: zone,
        status: 200,
        body: ["2001:db8::1"],
      },
      {
        method: "PUT",
        path: `/client/v4${regionsPath(zone)}/batch`,
        route: "batchPut",
        zoneId: zone,
        status: 400,
        body: "not json",
      },
      { method: "GET", path: "/client/v4/zones/bad/origin/cloud_regions", status: 400 },
    ]);
    expect(fake.requestCount()).toBe(5);
    expect(fake.requestCount("put")).toBe(1);
    expect(fake.requestCount("batchPut")).toBe(1);
    expect(fake.requestCount("get")).toBe(0);
    fake.resetRequests();
    expect(fake.requests).toEqual([]);
    expect(fake.requestCount()).toBe(0);
  });
});

describe("test hooks", () => {
  it("seed canonicalizes, keeps a given modified_on, bypasses auth and the region table; mappings() returns copies", async () => {
    const fake = await start({ zones: [] });
    const zone = newZone();
    fake.seed(zone, [
      { origin_ip: "2001:DB8::1", vendor: "gcp", region: "us-central1", modified_on: "2025-01-02T03:04:05Z" },
      { origin_ip: "192.0.2.1", vendor: "aws", region: "legacy-region" },
    ]);
    const seeded = fake.mappings(zone);
    expect(seeded).toEqual([
      { origin_ip: "2001:db8::1", vendor: "gcp", region: "us-central1", modified_on: "2025-01-02T03:04:05Z" },
      { origin_ip: "192.0.2.1", vendor: "aws", region: "legacy-region", modified_on: expect.stringMatching(/Z$/) },
    ]);
    seeded[0].region = "mutated";
    expect(fake.mappings(zone)[0].region).toBe("us-central1");
    expect(fake.mappings(newZone())).toEqual([]);
    expect(fake.requestCount()).toBe(0);
  });

  it("seed refuses invalid IPs and overfilling a zone", async () => {
    const fake = await start({ maxMappingsPerZone: 1 });
    const zone = newZone();
    expect(() => fake.seed(zone, [mapping("192.0.2.01")])).toThrow(/invalid IP/);
    expect(() => fake.seed(zone, [mapping("192.0.2.1"), mapping("192.0.2.2")])).toThrow(/maxMappingsPerZone/);
    expect(fake.mappings(zone)).toEqual([]);
    fake.seed(zone, [mapping("192.0.2.1"), mapping("192.0.2.1", "aws", "us-west-2")]);
    expect(fake.mappings(zone)).toHaveLength(1);
  });

  it("start() rejects a port in use; stop() is idempotent", async () => {
    const fake = await start();
    const port = Number(new URL(fake.baseUrl).port);
    await expect(FakeCloudflare.start({ port })).rejects.toThrow(/EADDRINUSE/);
    await fake.stop();
    await fake.stop();
  });

  it("stop() closes idle keep-alive connections promptly", async () => {
    const fake = await start();
    const agent = new http.Agent({ keepAlive: true });
    try {
      expect((await call(fake, "GET", regionsPath(newZone()), { agent })).status).toBe(200);
      const t0 = Date.now();
      await fake.stop();
      expect(Date.now() - t0).toBeLessThan(1000);
      await expect(call(fake, "GET", regionsPath(newZone()), { agent })).rejects.toThrow();
    } finally {
      agent.destroy();
    }
  });
});
