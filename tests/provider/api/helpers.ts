/** Shared test helpers for the API client tests (not a test file itself). */
import { FakeCloudflare, FAKE_TOKEN, type FakeOptions } from "../../fake/server";
import { CloudflareHttp, closeIdleConnections, type HttpInternals } from "../../../provider/api/http";
import { OriginCloudRegionsApi } from "../../../provider/api/originCloudRegions";
import type { ApiSettings } from "../../../provider/api/settings";

export const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
export const OTHER_ZONE = "353c0d2a7381a3c9da8fece4f501e320";

/**
 * A virtual clock: `sleep` records the wait, returns at once and advances `now`. `random` returns `jitter`
 * (default 0, which makes backoff waits exact).
 */
export interface VirtualClock extends Required<HttpInternals> {
  sleeps: number[];
  jitter: number;
}

export function virtualClock(start = Date.parse("2026-03-01T12:00:00Z")): VirtualClock {
  let t = start;
  const clock: VirtualClock = {
    sleeps: [],
    jitter: 0,
    now: () => t,
    random: () => clock.jitter,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      t += ms;
    },
  };
  return clock;
}

export interface Client {
  api: OriginCloudRegionsApi;
  http: CloudflareHttp;
  logs: string[];
  clock: VirtualClock;
}

/** An API client on the fake, logging into `logs`, with a virtual clock unless `realTime`. */
export function client(
  fake: FakeCloudflare,
  overrides: Partial<ApiSettings> = {},
  options: { realTime?: boolean } = {},
): Client {
  const logs: string[] = [];
  const clock = virtualClock();
  const settings: ApiSettings = {
    credentials: { apiToken: FAKE_TOKEN },
    baseUrl: fake.baseUrl,
    log: (line) => logs.push(line),
    ...overrides,
  };
  const http = new CloudflareHttp(settings, options.realTime ? {} : clock);
  return { api: new OriginCloudRegionsApi(settings, http), http, logs, clock };
}

/** Starts a fake per test file; stops it and drops keep-alive sockets afterwards. */
export function useFake(options: FakeOptions = {}): () => FakeCloudflare {
  let fake: FakeCloudflare | undefined;
  beforeEach(async () => {
    fake = await FakeCloudflare.start(options);
  });
  afterEach(async () => {
    await fake?.stop();
    fake = undefined;
    closeIdleConnections();
  });
  return () => {
    if (!fake) throw new Error("fake not started");
    return fake;
  };
}

/** The rejection of `p`, failing the test when it resolves. */
export async function rejection<E = unknown>(p: Promise<unknown>): Promise<E> {
  try {
    await p;
  } catch (e) {
    return e as E;
  }
  throw new Error("expected the promise to reject");
}

/** `count` distinct documentation-range IPv4 mappings (198.18.0.0/15 benchmark range). */
export function mappings(count: number): { origin_ip: string; vendor: "aws"; region: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    origin_ip: `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`,
    vendor: "aws" as const,
    region: "us-east-1",
  }));
}

/** Asserts `err` holds `message` as a native Error holds its own: writable, configurable, not enumerable. */
export function expectOwnMessage(err: Error, message: string): void {
  expect(err.message).toBe(message);
  expect(Object.getOwnPropertyDescriptor(err, "message")).toEqual({
    value: message,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}
