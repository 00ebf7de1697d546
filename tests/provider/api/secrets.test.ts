/**
 * No credential may appear in an error (message, stack, JSON, inspect), a thrown value or a log line. Every failure
 * mode is provoked with distinctive canary credentials, and everything the caller can see is searched for them.
 */
import { inspect } from "util";
import { FakeCloudflare, type Fault, type Route } from "../../fake/server";
import { CloudflareApiError } from "../../../provider/api/errors";
import { CloudflareHttp, closeIdleConnections } from "../../../provider/api/http";
import { OriginCloudRegionsApi } from "../../../provider/api/originCloudRegions";
import type { ApiSettings, Credentials } from "../../../provider/api/settings";
import { rejection, virtualClock, ZONE } from "./helpers";

const CANARY_TOKEN = "CANARYtokenCANARYtokenCANARYtokenCANARY1";
const CANARY_WRONG_TOKEN = "CANARYwrongCANARYwrongCANARYwrongCANARY2";
const CANARY_MALFORMED_TOKEN = "CANARY-malformed-token";
const CANARY_KEY = "5ec2e7c0ffee5ec2e7c0ffee5ec2e7c0ffee5";
const CANARY_EMAIL = "leaky.canary@secret-domain.example";
const CANARIES = [
  CANARY_TOKEN,
  CANARY_WRONG_TOKEN,
  CANARY_MALFORMED_TOKEN,
  CANARY_KEY,
  CANARY_EMAIL,
  "secret-domain",
  "CANARY",
];

let fake: FakeCloudflare;
beforeEach(async () => {
  fake = await FakeCloudflare.start({ tokens: [CANARY_TOKEN], apiKeys: [{ email: CANARY_EMAIL, key: CANARY_KEY }] });
});
afterEach(async () => {
  await fake.stop();
  closeIdleConnections();
});

/** Everything a caller could print about a thrown value. */
function surfaces(err: unknown): string[] {
  const e = err as Error;
  return [
    String(e),
    e.message,
    e.stack ?? "",
    JSON.stringify(e),
    JSON.stringify(e, Object.getOwnPropertyNames(e)),
    inspect(e),
    inspect(e, { showHidden: true, depth: null, getters: true }),
  ];
}

function expectClean(texts: string[]): void {
  for (const text of texts) for (const canary of CANARIES) expect(text).not.toContain(canary);
}

const schemes: [string, Credentials][] = [
  ["token", { apiToken: CANARY_TOKEN }],
  ["key", { apiKey: CANARY_KEY, email: CANARY_EMAIL }],
];

const FAULTS: [Route, Fault][] = [
  ["put", { kind: "status", status: 500 }],
  ["put", { kind: "status", status: 503 }],
  ["put", { kind: "html502" }],
  ["put", { kind: "rateLimit", retryAfterSeconds: 1 }],
  ["put", { kind: "reset" }],
  ["put", { kind: "truncatedJson" }],
  ["put", { kind: "successFalse" }],
];

describe.each(schemes)("with the %s scheme", (_name, credentials) => {
  function api(overrides: Partial<ApiSettings> = {}): { api: OriginCloudRegionsApi; logs: string[] } {
    const logs: string[] = [];
    const settings: ApiSettings = {
      credentials,
      baseUrl: fake.baseUrl,
      log: (l) => logs.push(l),
      retry: { maxAttempts: 3 },
      ...overrides,
    };
    return { api: new OriginCloudRegionsApi(settings, new CloudflareHttp(settings, virtualClock())), logs };
  }

  test.each(FAULTS)("fault on %s: %p (retried to exhaustion)", async (route, fault) => {
    fake.injectFault(route, fault, 3);
    const { api: client, logs } = api();
    const err = await rejection(client.put(ZONE, { origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" }));
    expect(err).toBeInstanceOf(CloudflareApiError);
    expectClean([...surfaces(err), ...logs]);
  });

  test("hang → timeout", async () => {
    fake.injectFault("get", { kind: "hang" }, 2);
    const { api: client, logs } = api({ timeoutMs: 100, retry: { maxAttempts: 2 } });
    const err = await rejection(client.get(ZONE, "192.0.2.1"));
    expect(err).toMatchObject({ kind: "timeout" });
    expectClean([...surfaces(err), ...logs]);
  });

  test("a Retry-After beyond the budget", async () => {
    fake.injectFault("list", { kind: "rateLimit", retryAfterSeconds: 3600 });
    const { api: client, logs } = api();
    expectClean([...surfaces(await rejection(client.list(ZONE))), ...logs]);
  });

  test("4xx answers: 1157, 404, 400 7003", async () => {
    const { api: client, logs } = api();
    const errors = [
      await rejection(client.put(ZONE, { origin_ip: "192.0.2.1", vendor: "aws", region: "nowhere" })),
      await rejection(client.delete(ZONE, "192.0.2.1")),
      await rejection(client.get("bad-zone", "192.0.2.1")),
    ];
    expect(errors.every((e) => e instanceof CloudflareApiError)).toBe(true);
    expectClean([...errors.flatMap(surfaces), ...logs]);
  });

  test("connection refused", async () => {
    const { api: client, logs } = api();
    await fake.stop();
    const err = await rejection(client.list(ZONE));
    expect(err).toMatchObject({ kind: "network" });
    expectClean([...surfaces(err), ...logs]);
  });

  test("the client object does not show the credentials when inspected", () => {
    const { api: client } = api();
    expectClean([inspect(client, { depth: null }), JSON.stringify(client)]);
  });
});

test("rejected credentials are not echoed: wrong token (403 10000) and malformed token (400 6003)", async () => {
  const errors: unknown[] = [];
  for (const apiToken of [CANARY_WRONG_TOKEN, CANARY_MALFORMED_TOKEN]) {
    const logs: string[] = [];
    const client = new OriginCloudRegionsApi({
      credentials: { apiToken },
      baseUrl: fake.baseUrl,
      log: (l) => logs.push(l),
    });
    errors.push(await rejection(client.list(ZONE)));
    expect(logs).toEqual([]);
  }
  expect(errors.map((e) => (e as CloudflareApiError).codes)).toEqual([[10000], [6003, 6111]]);
  expectClean(errors.flatMap(surfaces));
});

test("credential validation errors do not echo the value", () => {
  const attempts: Credentials[] = [
    { apiToken: `${CANARY_TOKEN}\n` },
    { apiKey: `${CANARY_KEY} `, email: CANARY_EMAIL },
    { apiKey: CANARY_KEY, email: `${CANARY_EMAIL}\r\n` },
    { apiToken: CANARY_TOKEN, apiKey: CANARY_KEY, email: CANARY_EMAIL } as unknown as Credentials,
  ];
  for (const credentials of attempts) {
    let err: unknown;
    try {
      new OriginCloudRegionsApi({ credentials });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Error);
    expectClean(surfaces(err));
  }
});

test("the default log sink is console.warn, and its lines are clean", async () => {
  const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
  try {
    fake.injectFault("list", { kind: "status", status: 500 });
    const settings: ApiSettings = { credentials: { apiToken: CANARY_TOKEN }, baseUrl: fake.baseUrl };
    await new OriginCloudRegionsApi(settings, new CloudflareHttp(settings, virtualClock())).list(ZONE);
    expect(warn).toHaveBeenCalledTimes(1);
    const line = String(warn.mock.calls[0][0]);
    expect(line).toMatch(
      /^cloudflare: GET \/zones\/\S+ answered HTTP 500 \(Cloudflare error 1140\); retrying in 500 ms \(attempt 2 of 5\)$/,
    );
    expectClean([line]);
  } finally {
    warn.mockRestore();
  }
});
