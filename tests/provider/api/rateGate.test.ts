// Pacing by Cloudflare's Ratelimit headers: requests wait for the window instead of running into 429s.
import { OriginCloudRegionsApi } from "../../../provider/api/originCloudRegions";
import { parseRatelimit, RateGate } from "../../../provider/api/rateGate";
import { FAKE_TOKEN } from "../../fake/server";
import { useFake, virtualClock, ZONE } from "./helpers";

const headers = (value?: string) => ({ get: (name: string) => (name === "ratelimit" && value !== undefined ? value : null) });

test("parseRatelimit reads r (remaining) and t (seconds to reset)", () => {
  expect(parseRatelimit('"default";r=50;t=30')).toEqual({ remaining: 50, resetSeconds: 30 });
  expect(parseRatelimit('"burst";t=7;r=0')).toEqual({ remaining: 0, resetSeconds: 7 });
  expect(parseRatelimit(null)).toBeUndefined();
  expect(parseRatelimit('"default";q=100;w=60')).toBeUndefined();
});

describe("RateGate", () => {
  test("until the first answer, one request at a time; then as many as the budget allows", async () => {
    const clock = virtualClock();
    const gate = new RateGate(clock.now, clock.sleep, () => {});
    await gate.admit();
    let second = false;
    const waiting = gate.admit().then(() => (second = true));
    await new Promise((r) => setImmediate(r));
    expect(second).toBe(false);
    gate.settle(headers('"default";r=10;t=30'));
    await waiting;
    await Promise.all([gate.admit(), gate.admit(), gate.admit()]);
    expect(clock.sleeps).toEqual([]);
  });

  test("a used-up budget holds requests until the window resets (one log line per wait), then one probes the new window", async () => {
    const clock = virtualClock();
    const logs: string[] = [];
    const gate = new RateGate(clock.now, clock.sleep, (l) => logs.push(l));
    await gate.admit();
    gate.settle(headers('"default";r=2;t=12'));
    await gate.admit();
    await gate.admit(); // 2 in flight: the budget's 2 are taken
    const start = clock.now();
    let admitted = 0;
    const next = [gate.admit(), gate.admit()].map((p) => p.then(() => admitted++));
    await new Promise((r) => setImmediate(r));
    expect(clock.now() - start).toBe(12_000);
    expect(admitted).toBe(0); // the new window's budget is unknown while the old requests are out
    gate.settle(headers('"default";r=5;t=60'));
    await Promise.all(next);
    expect(admitted).toBe(2);
    expect(logs).toEqual(["cloudflare: Cloudflare's rate-limit budget is used up (2 left, 2 in flight); waiting 12.0 s for the window to reset before sending more"]);
  });

  test("answers without Ratelimit headers never pace", async () => {
    const clock = virtualClock();
    const gate = new RateGate(clock.now, clock.sleep, () => {});
    await gate.admit();
    gate.settle(headers());
    await Promise.all(Array.from({ length: 50 }, () => gate.admit()));
    expect(clock.sleeps).toEqual([]);
  });
});

describe("against the fake's rate limit (5 requests per second, real time)", () => {
  const fake = useFake({ rateLimit: { count: 5, windowSeconds: 1 } });

  test("12 concurrent calls all succeed with no 429: the client waits for the window", async () => {
    const logs: string[] = [];
    const api = new OriginCloudRegionsApi({ credentials: { apiToken: FAKE_TOKEN }, baseUrl: fake().baseUrl, log: (l) => logs.push(l) });
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => api.get(ZONE, `192.0.2.${i + 1}`)));
    expect(results).toEqual(Array(12).fill(undefined));
    expect(fake().requests.map((r) => r.status)).toEqual(Array(12).fill(404));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // 12 requests need three windows of 5
    expect(logs.length).toBeGreaterThanOrEqual(1);
    expect(logs.every((l) => /rate-limit budget is used up/.test(l))).toBe(true);
  });
});
