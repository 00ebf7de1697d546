/**
 * Wire details the fake Cloudflare cannot produce or observe (request headers, 408/409, an HTTP-date Retry-After,
 * redirects, odd bodies). A scripted responder answers each request with the next canned reply: it models nothing
 * of Cloudflare, it only replays bytes.
 */
import http, { type IncomingHttpHeaders } from "http";
import type { AddressInfo } from "net";
import { CloudflareApiError, isNotFound } from "../../../provider/api/errors";
import { CloudflareHttp, closeIdleConnections, USER_AGENT } from "../../../provider/api/http";
import { OriginCloudRegionsApi } from "../../../provider/api/originCloudRegions";
import { DEFAULT_TIMEOUT_MS, type ApiSettings, type Credentials } from "../../../provider/api/settings";
import { rejection, virtualClock, ZONE, type VirtualClock } from "./helpers";

interface Canned {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}
interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const ok = (result: unknown, extra: Record<string, unknown> = {}): Canned => ({
  status: 200,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ success: true, errors: [], messages: [], result, ...extra }),
});
const failure = (status: number, code: number, message: string, headers: Record<string, string> = {}): Canned => ({
  status,
  headers: { "Content-Type": "application/json", ...headers },
  body: JSON.stringify({ success: false, errors: [{ code, message }], messages: [], result: null }),
});

let server: http.Server;
let baseUrl: string;
let script: Canned[];
let seen: Seen[];

beforeEach(async () => {
  script = [];
  seen = [];
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const reply = script.shift() ?? failure(500, 1, "script exhausted");
      res.writeHead(reply.status, { "cf-ray": "8a1b2c3d4e5f6a7b-AMS", ...reply.headers });
      res.end(reply.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`;
});

afterEach(async () => {
  closeIdleConnections();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function api(credentials: Credentials = { apiToken: "wire-test-token" }, retry: ApiSettings["retry"] = {}) {
  const logs: string[] = [];
  const clock: VirtualClock = virtualClock();
  const settings: ApiSettings = { credentials, baseUrl, log: (l) => logs.push(l), retry };
  return { api: new OriginCloudRegionsApi(settings, new CloudflareHttp(settings, clock)), logs, clock };
}

describe("request headers", () => {
  test("token scheme: Bearer, Accept, User-Agent; Content-Type only with a body", async () => {
    script.push(ok({ origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" }));
    script.push(ok({ origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" }));
    const { api: client } = api();
    await client.get(ZONE, "192.0.2.1");
    await client.put(ZONE, { origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" });
    const [get, put] = seen;
    expect(get.headers).toMatchObject({
      authorization: "Bearer wire-test-token",
      accept: "application/json",
      "user-agent": USER_AGENT,
    });
    expect(get.headers["content-type"]).toBeUndefined();
    expect(get.headers["x-auth-key"]).toBeUndefined();
    expect(get.headers["x-auth-email"]).toBeUndefined();
    expect(get.body).toBe("");
    expect(put.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(put.body)).toEqual({ origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" });
    expect(USER_AGENT).toMatch(/^pulumi-cloudflare-origin-cloud-regions\b/);
  });

  test("key scheme: X-Auth-Email + X-Auth-Key and no Authorization", async () => {
    script.push(ok([], { result_info: { page: 1, per_page: 100, count: 0, total_count: 0, total_pages: 0 } }));
    await api({ apiKey: "144c9defac04969c7bfad8efaa8ea194", email: "me@example.com" }).api.list(ZONE);
    expect(seen[0].headers).toMatchObject({
      "x-auth-email": "me@example.com",
      "x-auth-key": "144c9defac04969c7bfad8efaa8ea194",
    });
    expect(seen[0].headers.authorization).toBeUndefined();
  });

  test("batch delete sends a JSON array body with Content-Type", async () => {
    script.push(ok({ succeeded: [], failed: [{ origin_ip: "192.0.2.1", error: "nope" }] }));
    const result = await api().api.batchDelete(ZONE, ["192.0.2.1"]);
    expect(result).toEqual({ succeeded: [], failed: [{ origin_ip: "192.0.2.1", error: "nope" }] });
    expect(seen[0]).toMatchObject({
      method: "DELETE",
      url: `/client/v4/zones/${ZONE}/origin/cloud_regions/batch`,
      body: '["192.0.2.1"]',
    });
    expect(seen[0].headers["content-type"]).toBe("application/json");
  });
});

describe("status handling", () => {
  test.each([408, 409, 504])("%i is retried", async (status) => {
    script.push(failure(status, 1000, "try again"), ok({ origin_ip: "192.0.2.1" }));
    const { api: client, logs } = api();
    expect(await client.delete(ZONE, "192.0.2.1")).toEqual({ origin_ip: "192.0.2.1" });
    expect(seen).toHaveLength(2);
    expect(logs[0]).toContain(`answered HTTP ${status} (Cloudflare error 1000)`);
  });

  test.each([
    [400, 1146],
    [401, 10001],
    [403, 9109],
    [404, 1142],
    [405, 7001],
    [422, 1000],
  ])("%i is not retried", async (status, code) => {
    script.push(failure(status, code, "no"));
    const { api: client, logs } = api();
    const err = await rejection<CloudflareApiError>(client.delete(ZONE, "192.0.2.1"));
    expect(err).toMatchObject({ status, attempts: 1, rayId: "8a1b2c3d4e5f6a7b-AMS" });
    expect(seen).toHaveLength(1);
    expect(logs).toEqual([]);
  });

  test("Retry-After as an HTTP date", async () => {
    const { api: client, logs, clock } = api();
    const at = new Date(clock.now() + 7000).toUTCString();
    script.push(failure(429, 971, "slow down", { "Retry-After": at }), ok({ origin_ip: "192.0.2.1" }));
    await client.delete(ZONE, "192.0.2.1");
    expect(clock.sleeps).toEqual([7000]);
    expect(logs[0]).toContain(
      "rate limited by Cloudflare (HTTP 429 (Cloudflare error 971)); waiting 7.0 s as asked by Retry-After (attempt 2 of 5)",
    );
  });

  test("Retry-After on a 503 is honoured too; an unparseable one falls back to backoff", async () => {
    script.push(
      failure(503, 1140, "busy", { "Retry-After": "3" }),
      failure(503, 1140, "busy", { "Retry-After": "soon" }),
      ok({ origin_ip: "192.0.2.1" }),
    );
    const { api: client, clock } = api();
    await client.delete(ZONE, "192.0.2.1");
    expect(clock.sleeps).toEqual([3000, 1000]);
  });

  test("a negative Retry-After falls back to backoff, not to retrying at once", async () => {
    script.push(failure(503, 1140, "busy", { "Retry-After": "-1" }), ok({ origin_ip: "192.0.2.1" }));
    const { api: client, clock, logs } = api();
    await client.delete(ZONE, "192.0.2.1");
    expect(clock.sleeps).toEqual([500]);
    expect(logs).toEqual([
      `cloudflare: DELETE /zones/${ZONE}/origin/cloud_regions/192.0.2.1 answered HTTP 503 (Cloudflare error 1140); retrying in 500 ms (attempt 2 of 5)`,
    ]);
  });

  test("a 429 without Retry-After uses the backoff", async () => {
    script.push(failure(429, 971, "slow down"), ok({ origin_ip: "192.0.2.1" }));
    const { api: client, clock } = api();
    await client.delete(ZONE, "192.0.2.1");
    expect(clock.sleeps).toEqual([500]);
  });
});

describe("odd responses", () => {
  test("a redirect is not followed (it could carry X-Auth-Key elsewhere)", async () => {
    script.push({ status: 301, headers: { Location: "https://evil.example/steal" } });
    const { api: client, logs } = api({ apiKey: "144c9defac04969c7bfad8efaa8ea194", email: "me@example.com" });
    const err = await rejection<CloudflareApiError>(client.get(ZONE, "192.0.2.1"));
    expect(err).toMatchObject({ kind: "invalidResponse", status: 301, attempts: 1 });
    expect(err.message).toContain(
      "unexpected redirect to https://evil.example/steal (not followed, it could leak credentials)",
    );
    expect(seen).toHaveLength(1);
    expect(logs).toEqual([]);
  });

  test("a 404 HTML page (wrong base URL) is an error, not 'not found'", async () => {
    script.push({
      status: 404,
      headers: { "Content-Type": "text/html" },
      body: "<html><title>404 Not Found</title></html>",
    });
    const err = await rejection<CloudflareApiError>(api().api.get(ZONE, "192.0.2.1"));
    expect(err).toMatchObject({ kind: "invalidResponse", status: 404, attempts: 1 });
    expect(isNotFound(err)).toBe(false);
    expect(err.message).toContain('non-JSON body (text/html: "404 Not Found")');
    expect(err.message).toContain("check the base URL (it should end in /client/v4)");
  });

  test("JSON that is not an envelope is an invalid response, not retried", async () => {
    script.push({ status: 200, headers: { "Content-Type": "application/json" }, body: '{"hello":"world"}' });
    const err = await rejection<CloudflareApiError>(api().api.list(ZONE));
    expect(err).toMatchObject({ kind: "invalidResponse", status: 200, attempts: 1 });
    expect(err.message).toContain("JSON that is not a Cloudflare API envelope");
  });

  test("an empty 200 body is retried as a damaged answer", async () => {
    script.push({ status: 200, body: "" }, ok({ origin_ip: "192.0.2.1" }));
    expect(await api().api.delete(ZONE, "192.0.2.1")).toEqual({ origin_ip: "192.0.2.1" });
    expect(seen).toHaveLength(2);
  });

  test("a success envelope with the wrong result shape is reported, not returned", async () => {
    script.push(ok({ unexpected: true }));
    const err = await rejection<CloudflareApiError>(api().api.get(ZONE, "192.0.2.1"));
    expect(err).toMatchObject({ kind: "invalidResponse", status: 200 });
    expect(err.message).toContain("unexpected result: mapping lacks origin_ip, vendor, region");
  });

  test.each([
    [
      "put",
      (a: OriginCloudRegionsApi) => a.put(ZONE, { origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" }),
      { origin_ip: "192.0.2.1" },
      "mapping lacks vendor, region",
    ],
    ["delete", (a: OriginCloudRegionsApi) => a.delete(ZONE, "192.0.2.1"), {}, "deleted IP lacks origin_ip"],
  ])(
    "a %s answered with a result that lacks fields names them, and is settled by a read-back (here failing too)",
    async (_call, call, result, detail) => {
      script.push(ok(result));
      const err = await rejection<CloudflareApiError>(call(api().api));
      expect(err).toMatchObject({ kind: "invalidResponse", status: 200, mayHaveBeenApplied: true });
      expect(err.detail).toMatch(
        new RegExp(
          `^unexpected result: ${detail}; the answer was unusable and reading the mapping back failed too \\(GET `,
        ),
      );
    },
  );

  test("a gateway error without messages/result, with a nested error_chain, is flattened in order", async () => {
    script.push({
      status: 400,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        success: false,
        errors: [
          {
            code: 6003,
            message: "Invalid request headers",
            error_chain: [
              { code: 6103, message: "a", error_chain: [{ code: 1, message: "deep" }] },
              { code: 6102, message: "b" },
            ],
          },
          { code: 9999, message: "second" },
        ],
      }),
    });
    const err = await rejection<CloudflareApiError>(api().api.list(ZONE));
    expect(err.codes).toEqual([6003, 6103, 1, 6102, 9999]);
  });

  test("a credential echoed by the server is redacted from errors and logs", async () => {
    const token = "EchoedSecretToken_0123456789";
    script.push(failure(503, 1, `bad token ${token}`), failure(400, 2, `still ${token}`));
    const { api: client, logs } = api({ apiToken: token });
    const err = await rejection<CloudflareApiError>(client.list(ZONE));
    expect(err.errors).toEqual([{ code: 2, message: "still [redacted]" }]);
    expect(`${err.message}${err.stack}${JSON.stringify(err)}${logs.join("\n")}`).not.toContain(token);
  });
});

describe("list paging", () => {
  const page = (n: number, items: unknown[], info?: Record<string, number>): Canned =>
    ok(items, info ? { result_info: { page: n, per_page: 100, count: items.length, ...info } } : {});

  test("without result_info it pages until an empty page", async () => {
    const a = { origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" };
    script.push(page(1, [a]), page(2, [a]), page(3, []));
    expect(await api().api.list(ZONE)).toHaveLength(2);
    expect(seen.map((s) => s.url.replace(/^.*\?/, ""))).toEqual([
      "page=1&per_page=100",
      "page=2&per_page=100",
      "page=3&per_page=100",
    ]);
  });

  test("an empty page stops paging even when total_pages claims more", async () => {
    script.push(
      page(1, [{ origin_ip: "192.0.2.1" }], { total_pages: 9, total_count: 900 }),
      page(2, [], { total_pages: 9, total_count: 900 }),
    );
    expect(await api().api.list(ZONE)).toHaveLength(1);
    expect(seen).toHaveLength(2);
  });

  test("a non-array result is an invalid response", async () => {
    script.push(ok({ not: "an array" }));
    await expect(api().api.list(ZONE)).rejects.toThrow(/unexpected result: mappings is not an array/);
  });
});

describe("the transport itself", () => {
  test.each([null, "token"])("settings of %j are refused with a TypeError", (settings) => {
    expect(() => new CloudflareHttp(settings as never)).toThrow(TypeError);
    expect(() => new CloudflareHttp(settings as never)).toThrow("Cloudflare API settings are required");
  });

  test("the credentials' headers and their scrubber are not enumerable properties", () => {
    const transport = new CloudflareHttp({ credentials: { apiToken: "wire-test-token" }, baseUrl });
    expect(Object.keys(transport)).not.toEqual(expect.arrayContaining(["auth"]));
    expect(Object.keys(transport)).not.toEqual(expect.arrayContaining(["redactor"]));
    expect(JSON.stringify(transport)).not.toContain("wire-test-token");
    expect(JSON.stringify(Object.values(transport))).not.toContain("wire-test-token");
  });

  test("an answered request leaves no timer behind (the per-attempt timeout is cleared)", async () => {
    // Counting the process's active timers flaked under load (sockets and jest add their own), so this follows the
    // one timer armed with the per-attempt timeout, the only real timer the transport sets (its sleeps are virtual).
    script.push(ok([]));
    const armed = jest.spyOn(globalThis, "setTimeout");
    const cleared = jest.spyOn(globalThis, "clearTimeout");
    try {
      const { api: client } = api();
      await client.list(ZONE);
      const perAttempt = armed.mock.calls.flatMap((call, i) =>
        call[1] === DEFAULT_TIMEOUT_MS ? [armed.mock.results[i].value] : [],
      );
      expect(perAttempt).toHaveLength(1);
      expect(cleared.mock.calls.some(([handle]) => handle === perAttempt[0])).toBe(true);
    } finally {
      armed.mockRestore();
      cleared.mockRestore();
    }
  });

  test("an error gives the failure's detail and why the client stopped, joined by '; '", async () => {
    const html = {
      status: 502,
      headers: { "Content-Type": "text/html" },
      body: "<html><title>502 Bad Gateway</title></html>",
    };
    script.push(html, html);
    const { api: client } = api(undefined, { maxAttempts: 5, baseDelayMs: 800, maxElapsedMs: 1000 });
    const err = await rejection<CloudflareApiError>(client.list(ZONE));
    expect(err.message).toMatch(/ \d+ bytes; retry budget of 1\.0 s \(maxElapsedMs\) exhausted/);
    expect(seen).toHaveLength(2);
  });
});
