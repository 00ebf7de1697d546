// Pacing by Cloudflare's Ratelimit headers: requests wait for the window instead of running into 429s.
import { OriginCloudRegionsApi } from "../../../provider/api/originCloudRegions";
import { parseRatelimit, RateGate } from "../../../provider/api/rateGate";
import { FAKE_TOKEN } from "../../fake/server";
import { useFake, virtualClock, ZONE } from "./helpers";

const headers = (value?: string) => ({
  get: (name: string) => (name === "ratelimit" && value !== undefined ? value : null),
});
const tick = () => new Promise((r) => setImmediate(r));
const T0 = Date.parse("2026-03-01T12:00:00Z");
const BUDGET_LINE = (left: number, inFlight: number, wait: string) =>
  `cloudflare: Cloudflare's rate-limit budget is used up (${left} left, ${inFlight} in flight); waiting ${wait} for the window to reset before sending more`;

/**
 * A clock the test moves by hand (`at`); `sleep` records the wait and moves it on. `reads`, when given, are what the
 * next reads of `now` return, one each, before it goes back to `at`.
 */
function handClock() {
  const clock = {
    at: T0,
    reads: [] as number[],
    sleeps: [] as number[],
    now: () => clock.reads.shift() ?? clock.at,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.at += ms;
    },
  };
  return clock;
}

/** A gate on `clock` whose first request was answered, now, with the `Ratelimit` value `first`. */
async function answeredGate(clock: ReturnType<typeof handClock>, first: string, logs: string[]): Promise<RateGate> {
  const gate = new RateGate(clock.now, clock.sleep, (l) => logs.push(l));
  await gate.admit();
  gate.release(headers(first));
  return gate;
}

test("parseRatelimit reads r (remaining) and t (seconds to reset)", () => {
  expect(parseRatelimit('"default";r=50;t=30')).toEqual({ remaining: 50, resetSeconds: 30 });
  expect(parseRatelimit('"burst";t=7;r=0')).toEqual({ remaining: 0, resetSeconds: 7 });
  expect(parseRatelimit(null)).toBeUndefined();
  expect(parseRatelimit('"default";q=100;w=60')).toBeUndefined();
});

test("parseRatelimit allows spaces after each ';' (RFC 9651 parameters: \";\" *SP parameter)", () => {
  expect(parseRatelimit('"default"; r=50; t=30')).toEqual({ remaining: 50, resetSeconds: 30 });
});

test("parseRatelimit: a value with r but no t, or t but no r, is unreadable", () => {
  expect(parseRatelimit('"default";r=50')).toBeUndefined();
  expect(parseRatelimit('"default";t=30')).toBeUndefined();
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
    gate.release(headers('"default";r=10;t=30'));
    await waiting;
    await Promise.all([gate.admit(), gate.admit(), gate.admit()]);
    expect(clock.sleeps).toEqual([]);
  });

  test("a used-up budget holds requests until the window resets (one log line per wait), then one probes the new window", async () => {
    const clock = virtualClock();
    const logs: string[] = [];
    const gate = new RateGate(clock.now, clock.sleep, (l) => logs.push(l));
    await gate.admit();
    gate.release(headers('"default";r=2;t=12'));
    await gate.admit();
    await gate.admit(); // 2 in flight: the budget's 2 are taken
    const start = clock.now();
    let admitted = 0;
    const next = [gate.admit(), gate.admit()].map((p) => p.then(() => admitted++));
    await new Promise((r) => setImmediate(r));
    expect(clock.now() - start).toBe(12_000);
    expect(admitted).toBe(0); // the new window's budget is unknown while the old requests are out
    gate.release(headers('"default";r=5;t=60'));
    await Promise.all(next);
    expect(admitted).toBe(2);
    expect(logs).toEqual([
      "cloudflare: Cloudflare's rate-limit budget is used up (2 left, 2 in flight); waiting 12.0 s for the window to reset before sending more",
    ]);
  });

  test("requests held for the same reset log one line between them", async () => {
    const logs: string[] = [];
    const sleeps: number[] = [];
    // A sleep that never ends keeps both requests waiting in the same window.
    const gate = new RateGate(
      () => T0,
      (ms) => (sleeps.push(ms), new Promise<void>(() => {})),
      (l) => logs.push(l),
    );
    await gate.admit();
    gate.release(headers('"default";r=1;t=12'));
    await gate.admit(); // the budget's last request
    void gate.admit();
    void gate.admit();
    await tick();
    expect(sleeps).toEqual([12_000, 12_000]);
    expect(logs).toEqual([BUDGET_LINE(1, 1, "12.0 s")]);
  });

  test("a request that got no answer tells nothing of the budget: the next ones still go one at a time", async () => {
    const clock = handClock();
    const gate = new RateGate(clock.now, clock.sleep, () => {});
    await gate.admit();
    let secondIn = false;
    const second = gate.admit().then(() => (secondIn = true));
    await tick();
    expect(secondIn).toBe(false);
    gate.release(); // the first request failed without an answer (a reset connection, a timeout)
    await second;
    let thirdIn = false;
    void gate.admit().then(() => (thirdIn = true));
    await tick();
    expect(thirdIn).toBe(false);
    expect(clock.sleeps).toEqual([]);
  });

  test("answers that overtake each other: within one window the lowest count is the latest", async () => {
    const clock = handClock();
    const logs: string[] = [];
    const gate = await answeredGate(clock, '"default";r=5;t=30', logs);
    await gate.admit(); // B
    await gate.admit(); // C
    gate.release(headers('"default";r=3;t=30')); // C's answer, counted last by Cloudflare, arrives first
    gate.release(headers('"default";r=4;t=30')); // B's older answer arrives after it
    void Promise.all(Array.from({ length: 4 }, () => gate.admit()));
    await tick();
    expect(clock.sleeps).toEqual([30_000]);
    expect(logs).toEqual([BUDGET_LINE(3, 3, "30.0 s")]);
  });

  test("a later answer in the same window, its t rounded up to a whole second, does not push the reset later", async () => {
    const clock = handClock();
    const logs: string[] = [];
    const gate = await answeredGate(clock, '"default";r=2;t=30', logs); // resets at 12:00:30
    await gate.admit();
    clock.at = T0 + 600;
    gate.release(headers('"default";r=1;t=30')); // 29.4 s left, rounded up to 30
    await gate.admit(); // the budget's last request
    void gate.admit();
    await tick();
    expect(clock.sleeps).toEqual([29_400]);
    expect(logs).toEqual([BUDGET_LINE(1, 1, "29.4 s")]);
  });

  test("an answer whose reset is 1.5 s or more later starts a new window with its own count", async () => {
    const clock = handClock();
    const logs: string[] = [];
    const gate = await answeredGate(clock, '"default";r=1;t=30', logs); // resets at 12:00:30
    await gate.admit();
    clock.at = T0 + 500;
    gate.release(headers('"default";r=3;t=31')); // resets at 12:00:31.5: a new window, 3 left
    void Promise.all(Array.from({ length: 4 }, () => gate.admit()));
    await tick();
    expect(clock.sleeps).toEqual([31_000]);
    expect(logs).toEqual([BUDGET_LINE(3, 3, "31.0 s")]);
  });

  test("a request reaching the gate just as the window resets is sent at once, with no zero-length wait", async () => {
    const clock = handClock();
    const logs: string[] = [];
    const gate = await answeredGate(clock, '"default";r=0;t=1', logs); // used up until 12:00:01
    // The clock ticks from 12:00:00.999 to 12:00:01 between the gate's looks at it, as a real one can.
    clock.reads.push(T0 + 999, T0 + 1000);
    clock.at = T0 + 1000;
    await gate.admit();
    expect(clock.sleeps).toEqual([]);
    expect(logs).toEqual([]);
  });

  test("answers without Ratelimit headers never pace", async () => {
    const clock = virtualClock();
    const gate = new RateGate(clock.now, clock.sleep, () => {});
    await gate.admit();
    gate.release(headers());
    await Promise.all(Array.from({ length: 50 }, () => gate.admit()));
    expect(clock.sleeps).toEqual([]);
  });
});

describe("against the fake's rate limit (5 requests per second, real time)", () => {
  const fake = useFake({ rateLimit: { count: 5, windowSeconds: 1 } });

  test("12 concurrent calls all succeed with no 429: the client waits for the window", async () => {
    const logs: string[] = [];
    const api = new OriginCloudRegionsApi({
      credentials: { apiToken: FAKE_TOKEN },
      baseUrl: fake().baseUrl,
      log: (l) => logs.push(l),
    });
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => api.get(ZONE, `192.0.2.${i + 1}`)));
    expect(results).toEqual(Array(12).fill(undefined));
    expect(fake().requests.map((r) => r.status)).toEqual(Array(12).fill(404));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // 12 requests need three windows of 5
    expect(logs.length).toBeGreaterThanOrEqual(1);
    expect(logs.every((l) => /rate-limit budget is used up/.test(l))).toBe(true);
  });
});
