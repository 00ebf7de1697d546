// The read-back (readBack.ts): writes settle "did it land?" in the client: any attempt whose answer was lost or garbled makes the call read the
// mapping back before it reports. Staged with the fake's `applied` faults (the write lands, the answer does not).
import { CloudflareApiError } from "../../../provider/api/errors";
import { OriginCloudRegionsApi } from "../../../provider/api/originCloudRegions";
import { FAKE_TOKEN } from "../../fake/server";
import { client, rejection, useFake, ZONE } from "./helpers";

const fake = useFake();
const MAPPING = { origin_ip: "192.0.2.1", vendor: "aws" as const, region: "us-east-1" };
const routes = () => fake().requests.map((r) => `${r.method} ${r.route}`);
const held = () =>
  fake()
    .mappings(ZONE)
    .map((m) => `${m.origin_ip} ${m.vendor}/${m.region}`);

describe("put", () => {
  test.each([
    ["reset", { kind: "reset" }],
    ["a 500", { kind: "status", status: 500 }],
    ["a 502 HTML page", { kind: "html502" }],
    ["a 200 cut mid-JSON", { kind: "truncatedJson" }],
  ] as const)(
    "applied, answer lost as %s, then a Retry-After past the budget: one GET confirms it, success",
    async (_name, lost) => {
      fake().injectFault("put", { ...lost, applied: true });
      fake().injectFault("put", { kind: "rateLimit", retryAfterSeconds: 301 });
      const { api } = client(fake());
      await expect(api.put(ZONE, MAPPING)).resolves.toMatchObject(MAPPING);
      expect(routes()).toEqual(["PUT put", "PUT put", "GET get"]);
    },
  );

  test("applied, reset, then 429 until the attempts run out: the read-back confirms it", async () => {
    fake().injectFault("put", { kind: "reset", applied: true });
    fake().injectFault("put", { kind: "rateLimit", retryAfterSeconds: 2 }, 4);
    const { api, clock } = client(fake());
    await expect(api.put(ZONE, MAPPING)).resolves.toMatchObject(MAPPING);
    expect(routes()).toEqual(["PUT put", "PUT put", "PUT put", "PUT put", "PUT put", "GET get"]);
    expect(clock.sleeps).toEqual([500, 2000, 2000, 2000]);
  });

  test("lost but not applied: the read-back shows it, and the error says it was not applied", async () => {
    fake().injectFault("put", { kind: "reset" });
    fake().injectFault("put", { kind: "rateLimit", retryAfterSeconds: 301 });
    const err = await rejection<CloudflareApiError>(client(fake()).api.put(ZONE, MAPPING));
    expect(err.mayHaveBeenApplied).toBe(false);
    expect(err.message).toContain("reading the mapping back showed the change was not applied");
    expect(held()).toEqual([]);
  });

  test.each([
    ["another region", { region: "us-west-2" }, "192.0.2.1 aws/us-west-2"],
    ["another vendor", { vendor: "gcp" as const }, "192.0.2.1 gcp/us-east-1"],
  ])("a read-back that shows %s (someone else's write) is not this write", async (_what, other, stays) => {
    fake().seed(ZONE, [{ ...MAPPING, ...other }]);
    fake().injectFault("put", { kind: "status", status: 503 }, 5);
    const err = await rejection<CloudflareApiError>(client(fake()).api.put(ZONE, MAPPING));
    expect(err.mayHaveBeenApplied).toBe(false);
    expect(held()).toEqual([stays]);
  });

  test("applied, and the read-back fails too: the error still says it may have been applied, and why", async () => {
    fake().injectFault("put", { kind: "reset", applied: true });
    fake().injectFault("*", { kind: "rateLimit", retryAfterSeconds: 301 }, 2);
    const err = await rejection<CloudflareApiError>(client(fake()).api.put(ZONE, MAPPING));
    expect(err.mayHaveBeenApplied).toBe(true);
    expect(err.message).toMatch(
      /the answer was lost and reading the mapping back failed too \(GET .* failed: HTTP 429/,
    );
    expect(routes()).toEqual(["PUT put", "PUT put", "GET get"]);
  });

  test.each([
    ["a 4xx", { kind: "rateLimit", retryAfterSeconds: 301 }],
    ["200 success:false", { kind: "successFalse" }],
  ] as const)("a definite refusal (%s) after no lost answer: no read-back", async (_name, refusal) => {
    fake().injectFault("put", refusal);
    const err = await rejection<CloudflareApiError>(client(fake()).api.put(ZONE, MAPPING));
    expect(err.mayHaveBeenApplied).toBe(false);
    expect(routes()).toEqual(["PUT put"]);
  });

  test("a connection that was never made (refused) cannot have been applied: no read-back", async () => {
    const closed = new OriginCloudRegionsApi({
      credentials: { apiToken: FAKE_TOKEN },
      baseUrl: "http://127.0.0.1:9/client/v4",
      retry: { maxAttempts: 1 },
      log: () => {},
    });
    const err = await rejection<CloudflareApiError>(closed.put(ZONE, MAPPING));
    expect(err).toMatchObject({ kind: "network", mayHaveBeenApplied: false });
    expect(err.message).not.toContain("reading the mapping back");
  });
});

describe("delete", () => {
  beforeEach(() => fake().seed(ZONE, [MAPPING]));

  test("applied, reset, then the retry finds nothing (404): that 404 is this call's success", async () => {
    fake().injectFault("delete", { kind: "reset", applied: true });
    await expect(client(fake()).api.delete(ZONE, "192.0.2.1")).resolves.toEqual({ origin_ip: "192.0.2.1" });
    expect(routes()).toEqual(["DELETE delete", "DELETE delete"]);
    expect(held()).toEqual([]);
  });

  test("applied, reset, then a Retry-After past the budget: the read-back finds it gone, success", async () => {
    fake().injectFault("delete", { kind: "reset", applied: true });
    fake().injectFault("delete", { kind: "rateLimit", retryAfterSeconds: 301 });
    await expect(client(fake()).api.delete(ZONE, "192.0.2.1")).resolves.toEqual({ origin_ip: "192.0.2.1" });
    expect(routes()).toEqual(["DELETE delete", "DELETE delete", "GET get"]);
  });

  test("lost but not applied: the read-back finds the mapping, the error says it was not applied", async () => {
    fake().injectFault("delete", { kind: "status", status: 500 }, 5);
    const err = await rejection<CloudflareApiError>(client(fake()).api.delete(ZONE, "192.0.2.1"));
    expect(err).toMatchObject({ status: 500, mayHaveBeenApplied: false });
    expect(held()).toEqual(["192.0.2.1 aws/us-east-1"]);
  });

  test("a plain 404 (no earlier lost answer) is still not-found", async () => {
    const err = await rejection<CloudflareApiError>(client(fake()).api.delete(ZONE, "192.0.2.99"));
    expect(err).toMatchObject({ status: 404, mayHaveBeenApplied: false });
  });
});

test("a read never says it may have been applied, whatever failed", async () => {
  fake().injectFault("get", { kind: "status", status: 500 }, 5);
  const err = await rejection<CloudflareApiError>(client(fake()).api.get(ZONE, "192.0.2.1"));
  expect(err).toMatchObject({ status: 500, mayHaveBeenApplied: false });
  expect(routes()).toEqual(Array(5).fill("GET get"));
});

describe("a 2xx answer that does not say what Cloudflare now holds for the requested IP is settled by reading back", () => {
  const OTHER = { origin_ip: "203.0.113.99", vendor: "aws", region: "us-east-1" };
  const answered = (route: "put" | "delete", result: unknown, applied: boolean) =>
    fake().injectFault(route, { kind: "successResult", result, applied });

  test.each([
    ["result null", null],
    ["a non-object", "192.0.2.1"],
    ["a mapping without region", { origin_ip: "192.0.2.1", vendor: "aws" }],
    ["a mapping of another IP", OTHER],
    ["the IP with another region", { ...MAPPING, region: "us-west-2" }],
    ["an IP that is not one", { ...MAPPING, origin_ip: "192.0.2.1/32" }],
  ])(
    "put applied, answered with %s: one GET confirms it, the mapping returned is the requested IP's",
    async (_what, result) => {
      answered("put", result, true);
      const stored = await client(fake()).api.put(ZONE, MAPPING);
      expect(stored).toMatchObject(MAPPING);
      expect(routes()).toEqual(["PUT put", "GET get"]);
    },
  );

  test("put not applied, answered with another IP's mapping: the read-back shows it was not applied", async () => {
    answered("put", OTHER, false);
    const err = await rejection<CloudflareApiError>(client(fake()).api.put(ZONE, MAPPING));
    expect(err).toMatchObject({ kind: "invalidResponse", status: 200, mayHaveBeenApplied: false });
    expect(err.message).toContain("unexpected result: mapping is about 203.0.113.99, not 192.0.2.1");
    expect(err.message).toContain("reading the mapping back showed the change was not applied");
    expect(held()).toEqual([]);
  });

  test("put answered for the IP in another spelling (IPv6 upper case) is its answer: no read-back", async () => {
    const v6 = { origin_ip: "2001:db8::1", vendor: "aws" as const, region: "us-east-1" };
    await expect(client(fake()).api.put(ZONE, { ...v6, origin_ip: "2001:DB8:0::1" })).resolves.toMatchObject(v6);
    expect(routes()).toEqual(["PUT put"]);
  });

  test.each([
    ["result null", null],
    ["an empty object", {}],
    ["another IP", { origin_ip: "203.0.113.99" }],
  ])("delete applied, answered with %s: one GET finds it gone, success", async (_what, result) => {
    fake().seed(ZONE, [MAPPING]);
    answered("delete", result, true);
    await expect(client(fake()).api.delete(ZONE, "192.0.2.1")).resolves.toEqual({ origin_ip: "192.0.2.1" });
    expect(routes()).toEqual(["DELETE delete", "GET get"]);
  });

  test("delete not applied, answered about another IP: the read-back finds the mapping, not applied", async () => {
    fake().seed(ZONE, [MAPPING]);
    answered("delete", { origin_ip: "203.0.113.99" }, false);
    const err = await rejection<CloudflareApiError>(client(fake()).api.delete(ZONE, "192.0.2.1"));
    expect(err).toMatchObject({ kind: "invalidResponse", mayHaveBeenApplied: false });
    expect(held()).toEqual(["192.0.2.1 aws/us-east-1"]);
  });

  test("a read answered with another IP's mapping is an invalid response, never that IP's mapping", async () => {
    fake().injectFault("get", { kind: "successResult", result: OTHER });
    const err = await rejection<CloudflareApiError>(client(fake()).api.get(ZONE, "192.0.2.1"));
    expect(err).toMatchObject({ kind: "invalidResponse", mayHaveBeenApplied: false });
    expect(err.message).toContain("unexpected result: mapping is about 203.0.113.99, not 192.0.2.1");
  });
});
