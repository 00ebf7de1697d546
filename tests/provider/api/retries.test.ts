import { CloudflareApiError } from "../../../provider/api/errors";
import type { Transport } from "../../../provider/api/http";
import { OriginCloudRegionsApi } from "../../../provider/api/originCloudRegions";
import { client, mappings, rejection, useFake, ZONE } from "./helpers";

const fake = useFake();
const MAPPING = { origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" } as const;
const PUT_PATH = `/zones/${ZONE}/origin/cloud_regions/192.0.2.1`;
const RETRY_LINE = (reason: string, wait: string, next: number, of = 5): string =>
  `cloudflare: PUT ${PUT_PATH} ${reason}; retrying in ${wait} (attempt ${next} of ${of})`;

describe("retried faults, then success", () => {
  test("500 (1140) once: retried after the base delay, one log line, applied once", async () => {
    fake().injectFault("put", { kind: "status", status: 500 });
    const { api, logs, clock } = client(fake());
    const stored = await api.put(ZONE, MAPPING);
    expect(stored).toMatchObject(MAPPING);
    expect(fake().requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ["PUT", `/client/v4${PUT_PATH}`, 500],
      ["PUT", `/client/v4${PUT_PATH}`, 200],
    ]);
    expect(fake().requests[0].body).toEqual(fake().requests[1].body);
    expect(clock.sleeps).toEqual([500]);
    expect(logs).toEqual([RETRY_LINE("answered HTTP 500 (Cloudflare error 1140)", "500 ms", 2)]);
    expect(fake().mappings(ZONE)).toHaveLength(1);
  });

  test("503 twice: exponential backoff 500 ms, 1.0 s", async () => {
    fake().injectFault("put", { kind: "status", status: 503 }, 2);
    const { api, logs, clock } = client(fake());
    await api.put(ZONE, MAPPING);
    expect(fake().requestCount("put")).toBe(3);
    expect(clock.sleeps).toEqual([500, 1000]);
    expect(logs).toEqual([
      RETRY_LINE("answered HTTP 503 (Cloudflare error 1140)", "500 ms", 2),
      RETRY_LINE("answered HTTP 503 (Cloudflare error 1140)", "1.0 s", 3),
    ]);
  });

  test("502 with an HTML body is retried", async () => {
    fake().injectFault("get", { kind: "html502" });
    fake().seed(ZONE, [MAPPING]);
    const { api, logs } = client(fake());
    expect(await api.get(ZONE, "192.0.2.1")).toMatchObject(MAPPING);
    expect(fake().requestCount("get")).toBe(2);
    expect(logs).toEqual([
      `cloudflare: GET ${PUT_PATH} answered HTTP 502 with a non-JSON body; retrying in 500 ms (attempt 2 of 5)`,
    ]);
  });

  test("429 (971) honours Retry-After instead of the backoff", async () => {
    fake().injectFault("put", { kind: "rateLimit", retryAfterSeconds: 2 });
    const { api, logs, clock } = client(fake());
    await api.put(ZONE, MAPPING);
    expect(fake().requests.map((r) => r.status)).toEqual([429, 200]);
    expect(clock.sleeps).toEqual([2000]);
    expect(logs).toEqual([
      `cloudflare: PUT ${PUT_PATH} rate limited by Cloudflare (HTTP 429 (Cloudflare error 971)); waiting 2.0 s as asked by Retry-After (attempt 2 of 5)`,
    ]);
  });

  test("a reset connection is retried", async () => {
    fake().injectFault("delete", { kind: "reset" });
    fake().seed(ZONE, [MAPPING]);
    const { api, logs } = client(fake());
    expect(await api.delete(ZONE, "192.0.2.1")).toEqual({ origin_ip: "192.0.2.1" });
    expect(fake().requestCount("delete")).toBe(2);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(
      new RegExp(
        `^cloudflare: DELETE ${PUT_PATH} failed: .*(ECONNRESET|socket hang up).*; retrying in 500 ms \\(attempt 2 of 5\\)$`,
      ),
    );
    expect(logs[0]).not.toContain("http://");
  });

  test("a truncated JSON body on 200 is retried", async () => {
    fake().injectFault("put", { kind: "truncatedJson" });
    const { api, logs } = client(fake());
    expect(await api.put(ZONE, MAPPING)).toMatchObject(MAPPING);
    expect(fake().requestCount("put")).toBe(2);
    expect(logs).toEqual([RETRY_LINE("answered HTTP 200 with invalid JSON", "500 ms", 2)]);
  });

  test("list: a fault on page 2 retries page 2 only", async () => {
    fake().seed(ZONE, mappings(150));
    const { http } = client(fake());
    // A transport wrapper queues the fault just before page 2 is requested.
    const transport: Transport = {
      request: (req) => {
        if (req.query?.page === 2) fake().injectFault("list", { kind: "status", status: 500 });
        return http.request(req);
      },
    };
    const api = new OriginCloudRegionsApi({ credentials: { apiToken: "unused" } }, transport);
    expect(await api.list(ZONE)).toHaveLength(150);
    expect(fake().requests.map((r) => [r.path.replace(/^.*\?/, ""), r.status])).toEqual([
      ["page=1&per_page=100", 200],
      ["page=2&per_page=100", 500],
      ["page=2&per_page=100", 200],
    ]);
  });
});

describe("real-time retries (small delays)", () => {
  test("429 with Retry-After: 1 waits about a second of wall time", async () => {
    fake().injectFault("put", { kind: "rateLimit", retryAfterSeconds: 1 });
    const { api, logs } = client(fake(), {}, { realTime: true });
    const started = Date.now();
    await api.put(ZONE, MAPPING);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(990);
    expect(elapsed).toBeLessThan(5000);
    expect(logs).toEqual([
      `cloudflare: PUT ${PUT_PATH} rate limited by Cloudflare (HTTP 429 (Cloudflare error 971)); waiting 1.0 s as asked by Retry-After (attempt 2 of 5)`,
    ]);
  });

  test("a hung request times out per attempt and the retry succeeds", async () => {
    fake().injectFault("get", { kind: "hang" });
    fake().seed(ZONE, [MAPPING]);
    // 600 ms leaves the healthy second attempt room on a loaded machine.
    const { api, logs } = client(fake(), { timeoutMs: 600, retry: { baseDelayMs: 50 } }, { realTime: true });
    const started = Date.now();
    expect(await api.get(ZONE, "192.0.2.1")).toMatchObject(MAPPING);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(600 + 37);
    expect(elapsed).toBeLessThan(5000);
    expect(fake().requestCount("get")).toBe(2);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(
      new RegExp(`^cloudflare: GET ${PUT_PATH} timed out after 600 ms; retrying in \\d+ ms \\(attempt 2 of 5\\)$`),
    );
  });

  test("hangs until the attempts run out: a timeout error", async () => {
    fake().injectFault("get", { kind: "hang" }, 2);
    const { api, logs } = client(
      fake(),
      { timeoutMs: 200, retry: { maxAttempts: 2, baseDelayMs: 20 } },
      { realTime: true },
    );
    const err = await rejection<CloudflareApiError>(api.get(ZONE, "192.0.2.1"));
    expect(err).toBeInstanceOf(CloudflareApiError);
    expect(err).toMatchObject({ kind: "timeout", status: undefined, attempts: 2, errors: [] });
    expect(err.message).toBe(`GET ${PUT_PATH} failed after 2 attempts: no complete response within 200 ms (timeout)`);
    expect(logs).toHaveLength(1);
  });
});

describe("not retried", () => {
  test("200 with success:false is an error on the first attempt", async () => {
    fake().injectFault("put", { kind: "successFalse" });
    const { api, logs, clock } = client(fake());
    const err = await rejection<CloudflareApiError>(api.put(ZONE, MAPPING));
    expect(err).toMatchObject({ kind: "api", status: 200, attempts: 1 });
    expect(err.codes).toEqual([1140]);
    expect(err.message).toMatch(
      new RegExp(
        `^PUT ${PUT_PATH} failed: HTTP 200, Cloudflare error 1140: Unable to update origin_public_cloud_region ` +
          "setting value\\. Internal error\\., success: false \\(cf-ray \\S+\\)$",
      ),
    );
    expect(fake().requestCount("put")).toBe(1);
    expect(clock.sleeps).toEqual([]);
    expect(logs).toEqual([]);
    expect(fake().mappings(ZONE)).toEqual([]);
  });
});

describe("giving up", () => {
  test("retries exhausted: 5 attempts, 4 waits, the last error reported", async () => {
    fake().injectFault("put", { kind: "status", status: 503 }, 10);
    const { api, logs, clock } = client(fake());
    const err = await rejection<CloudflareApiError>(api.put(ZONE, MAPPING));
    expect(err).toMatchObject({ kind: "api", status: 503, attempts: 5, method: "PUT", path: PUT_PATH });
    expect(err.codes).toEqual([1140]);
    expect(err.rayId).toMatch(/^[0-9a-f]{16}-SFO$/);
    // A 503 may hide an applied write: one GET settled that this one was not applied.
    expect(err.message).toBe(
      `PUT ${PUT_PATH} failed after 5 attempts: HTTP 503, Cloudflare error 1140: ` +
        `Unable to update origin_public_cloud_region setting value. Internal error., the answer was lost; ` +
        `reading the mapping back showed the change was not applied (cf-ray ${err.rayId})`,
    );
    expect(err.mayHaveBeenApplied).toBe(false);
    expect(fake().requestCount("put")).toBe(5);
    expect(fake().requestCount("get")).toBe(1);
    expect(clock.sleeps).toEqual([500, 1000, 2000, 4000]);
    expect(logs.map((l) => l.replace(/^.*\(attempt /, ""))).toEqual(["2 of 5)", "3 of 5)", "4 of 5)", "5 of 5)"]);
  });

  // README and the API document (§9, the TS SDK's policy): min(0.5·2^n, 8) s, minus at most 25 % jitter.
  test("backoff doubles from 0.5 s and is capped at 8 s", async () => {
    fake().injectFault("list", { kind: "status", status: 500 }, 10);
    const { api, clock } = client(fake(), { retry: { maxAttempts: 7 } });
    await rejection(api.list(ZONE));
    expect(clock.sleeps).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
  });

  test("jitter takes at most 25 % off each wait", async () => {
    fake().injectFault("list", { kind: "status", status: 500 }, 10);
    const { api, clock } = client(fake(), { retry: { maxAttempts: 7 } });
    clock.jitter = 0.999; // the largest jitter the random source can give
    await rejection(api.list(ZONE));
    expect(clock.sleeps).toEqual([375, 750, 1501, 3001, 6002, 6002]);
    const nominal = [500, 1000, 2000, 4000, 8000, 8000];
    clock.sleeps.forEach((ms, i) => expect([i, ms >= 0.75 * nominal[i] && ms < nominal[i]]).toEqual([i, true]));
  });

  test("retries of an HTML 502 exhausted: an invalid-response error that quotes the page title", async () => {
    fake().injectFault("get", { kind: "html502" }, 5);
    const { api } = client(fake());
    const err = await rejection<CloudflareApiError>(api.get(ZONE, "192.0.2.1"));
    expect(err).toMatchObject({ kind: "invalidResponse", status: 502, attempts: 5, errors: [] });
    expect(err.message).toMatch(
      new RegExp(
        `^GET ${PUT_PATH} failed after 5 attempts: HTTP 502, Cloudflare answered with a non-JSON body ` +
          '\\(text/html: "502 Bad Gateway"\\), \\d+ bytes \\(cf-ray \\S+\\)$',
      ),
    );
  });

  test("truncated JSON every time: an invalid-response error", async () => {
    fake().injectFault("put", { kind: "truncatedJson" }, 3);
    const { api } = client(fake(), { retry: { maxAttempts: 3 } });
    const err = await rejection<CloudflareApiError>(api.put(ZONE, MAPPING));
    expect(err).toMatchObject({ kind: "invalidResponse", status: 200, attempts: 3 });
    expect(err.message).toContain("Cloudflare answered with invalid or truncated JSON");
  });

  test("a Retry-After beyond the retry budget fails at once, saying when to retry", async () => {
    fake().injectFault("put", { kind: "rateLimit", retryAfterSeconds: 600 });
    const { api, logs, clock } = client(fake());
    const err = await rejection<CloudflareApiError>(api.put(ZONE, MAPPING));
    expect(fake().requestCount("put")).toBe(1);
    expect(clock.sleeps).toEqual([]);
    expect(logs).toEqual([]);
    expect(err).toMatchObject({ kind: "api", status: 429, attempts: 1, retryAfterMs: 600_000 });
    expect(err.codes).toEqual([971]);
    const retryAt = new Date(clock.now() + 600_000).toISOString();
    expect(err.message).toContain(
      "HTTP 429, Cloudflare error 971: Please wait and consider throttling your request speed",
    );
    expect(err.message).toContain(
      "Cloudflare asked to wait 600.0 s before retrying (Retry-After), more than the 300.0 s left of the retry budget " +
        `(maxElapsedMs 300000); retry after ${retryAt}`,
    );
    expect(err.message).toContain("rate limit");
  });

  test("the budget overrun is fast in wall time too", async () => {
    fake().injectFault("put", { kind: "rateLimit", retryAfterSeconds: 60 });
    const { api } = client(fake(), { retry: { maxElapsedMs: 10_000 } }, { realTime: true });
    const started = Date.now();
    const err = await rejection<CloudflareApiError>(api.put(ZONE, MAPPING));
    expect(Date.now() - started).toBeLessThan(3000); // no 60 s wait
    expect(err.retryAfterMs).toBe(60_000);
  });

  test("a hanging attempt is cut short by the retry budget, not only by the per-attempt timeout", async () => {
    fake().injectFault("get", { kind: "hang" }, 5);
    const { api } = client(fake(), { timeoutMs: 20_000, retry: { maxElapsedMs: 700 } }, { realTime: true });
    const started = Date.now();
    const err = await rejection<CloudflareApiError>(api.get(ZONE, "192.0.2.1"));
    expect(Date.now() - started).toBeLessThan(5000); // not the 20 s timeout
    expect(err.kind).toBe("timeout");
    expect(err.message).toMatch(/no complete response within 700 ms/);
  });

  test("a later attempt's timeout is what is left of the budget, after the earlier attempts and waits", async () => {
    fake().injectFault("get", { kind: "status", status: 500 });
    fake().injectFault("get", { kind: "hang" }, 4);
    const { api } = client(
      fake(),
      { timeoutMs: 20_000, retry: { maxElapsedMs: 1_000, baseDelayMs: 300, maxDelayMs: 300 } },
      { realTime: true },
    );
    const err = await rejection<CloudflareApiError>(api.get(ZONE, "192.0.2.1"));
    // 1,000 ms less the first attempt and a 225-300 ms wait (jitter): not the whole budget again. (How long the first
    // attempt took depends on the machine's load, so only the upper bound is exact.)
    const within = Number(/no complete response within (\d+) ms/.exec(err.message)?.[1]);
    expect(within).toBeGreaterThan(0);
    expect(within).toBeLessThanOrEqual(775);
  });

  test("a Retry-After that fits after earlier waits counts them against the budget", async () => {
    fake().injectFault("put", { kind: "status", status: 500 });
    fake().injectFault("put", { kind: "rateLimit", retryAfterSeconds: 10 });
    const { api, clock } = client(fake(), { retry: { maxElapsedMs: 10_000 } });
    const err = await rejection<CloudflareApiError>(api.put(ZONE, MAPPING));
    expect(clock.sleeps).toEqual([500]);
    expect(err).toMatchObject({ status: 429, attempts: 2, retryAfterMs: 10_000 });
    expect(err.message).toContain("more than the 9.5 s left of the retry budget");
  });

  test("backoff that would overrun maxElapsedMs stops retrying", async () => {
    fake().injectFault("put", { kind: "status", status: 500 }, 10);
    const { api, clock } = client(fake(), { retry: { maxElapsedMs: 1200 } });
    const err = await rejection<CloudflareApiError>(api.put(ZONE, MAPPING));
    expect(clock.sleeps).toEqual([500]);
    expect(err).toMatchObject({ status: 500, attempts: 2 });
    expect(err.message).toContain("retry budget of 1.2 s (maxElapsedMs) exhausted");
  });

  test("rate-limited on every attempt: the error still says when to retry", async () => {
    fake().injectFault("put", { kind: "rateLimit", retryAfterSeconds: 3 }, 2);
    const { api, clock } = client(fake(), { retry: { maxAttempts: 2 } });
    const err = await rejection<CloudflareApiError>(api.put(ZONE, MAPPING));
    expect(clock.sleeps).toEqual([3000]);
    expect(err).toMatchObject({ status: 429, attempts: 2, retryAfterMs: 3000 });
    expect(err.message).toContain(
      `failed after 2 attempts: HTTP 429, Cloudflare error 971: Please wait and consider throttling your request speed, ` +
        `Cloudflare asked to wait 3.0 s before retrying (Retry-After); retry after ${new Date(clock.now() + 3000).toISOString()}`,
    );
  });

  test("a throwing log sink does not fail the call", async () => {
    fake().injectFault("put", { kind: "status", status: 500 });
    const { api } = client(fake(), {
      log: () => {
        throw new Error("log sink down");
      },
    });
    await expect(api.put(ZONE, MAPPING)).resolves.toMatchObject(MAPPING);
  });

  test("maxAttempts: 1 disables retries", async () => {
    fake().injectFault("put", { kind: "status", status: 500 });
    const { api, logs } = client(fake(), { retry: { maxAttempts: 1 } });
    const err = await rejection<CloudflareApiError>(api.put(ZONE, MAPPING));
    expect(err.attempts).toBe(1);
    expect(err.message).toMatch(new RegExp(`^PUT ${PUT_PATH} failed: HTTP 500`));
    expect(logs).toEqual([]);
  });

  test("connection refused: retried, then a network error without the raw FetchError", async () => {
    const { api, logs, clock } = client(fake(), { retry: { maxAttempts: 3 } });
    const url = fake().baseUrl;
    await fake().stop();
    const err = await rejection<CloudflareApiError>(api.list(ZONE));
    expect(err).toBeInstanceOf(CloudflareApiError);
    expect(err).toMatchObject({ kind: "network", status: undefined, attempts: 3, errors: [] });
    expect(err.message).toMatch(
      new RegExp(
        `^GET /zones/${ZONE}/origin/cloud_regions\\?page=1&per_page=100 failed after 3 attempts: no response from Cloudflare: .*ECONNREFUSED`,
      ),
    );
    expect(err.message).not.toContain(url);
    expect(err.stack).not.toContain(url);
    expect((err as { cause?: unknown }).cause).toBeUndefined();
    expect(clock.sleeps).toEqual([500, 1000]);
    expect(logs).toHaveLength(2);
    for (const line of logs) expect(line).not.toContain(url);
  });
});
