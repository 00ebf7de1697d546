// CoalescingClient against the fake: concurrent calls of one zone share batch calls and listings, and every item
// still gets the answer the single endpoint would give it.
import { CoalescingClient, LISTING_MAX_AGE_MS } from "../../../provider/api/coalescingClient";
import { CloudflareApiError, isNotFound } from "../../../provider/api/errors";
import { client, rejection, useFake, ZONE } from "./helpers";

const fake = useFake({ maxMappingsPerZone: 5 });
const routes = () => fake().requests.map((r) => r.route);
const mapping = (ip: string, region = "us-east-1") => ({ origin_ip: ip, vendor: "aws" as const, region });
const held = () => fake().mappings(ZONE).map((m) => `${m.origin_ip} ${m.region}`).sort();

function coalescing(now?: () => number) {
  const c = client(fake());
  return new CoalescingClient(c.api, now);
}

describe("writes", () => {
  test("a lone put is the single PUT it always was", async () => {
    await expect(coalescing().put(ZONE, mapping("192.0.2.1"))).resolves.toMatchObject(mapping("192.0.2.1"));
    expect(routes()).toEqual(["put"]);
  });

  test("concurrent puts go out as one batch PUT, and each caller gets its own mapping", async () => {
    const api = coalescing();
    const ips = ["192.0.2.1", "192.0.2.2", "2001:db8::1", "192.0.2.3"];
    const results = await Promise.all(ips.map((ip) => api.put(ZONE, mapping(ip))));
    expect(results.map((r) => r.origin_ip)).toEqual(ips);
    expect(routes()).toEqual(["batchPut"]);
    expect(held()).toHaveLength(4);
  });

  test("a failed item gets the single endpoint's error (1157), the others succeed", async () => {
    const api = coalescing();
    const [good, bad] = await Promise.allSettled([api.put(ZONE, mapping("192.0.2.1")), api.put(ZONE, mapping("192.0.2.2", "mars-north-1"))]);
    expect(good.status).toBe("fulfilled");
    expect(bad.status).toBe("rejected");
    const err = (bad as PromiseRejectedResult).reason as CloudflareApiError;
    expect(err).toMatchObject({ status: 400, method: "PUT", path: `/zones/${ZONE}/origin/cloud_regions/192.0.2.2` });
    expect(err.codes).toEqual([1157]);
    expect(held()).toEqual(["192.0.2.1 us-east-1"]);
  });

  test("a batch refused as a whole at the cap falls back to single calls: each gets its own answer", async () => {
    fake().seed(ZONE, ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"].map((ip) => mapping(ip)));
    const api = coalescing();
    const outcomes = await Promise.allSettled([
      api.put(ZONE, mapping("10.0.0.1", "us-west-2")), // an update: allowed at the cap
      api.put(ZONE, mapping("192.0.2.1")),
      api.put(ZONE, mapping("192.0.2.2")),
    ]);
    expect(outcomes[0].status).toBe("fulfilled");
    const news = outcomes.slice(1);
    expect(news.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = news.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect((refused.reason as CloudflareApiError).codes).toEqual([1164]);
    expect(routes()).toEqual(["batchPut", "put", "put", "put"]);
    expect(held()).toHaveLength(5);
    expect(held()).toContain("10.0.0.1 us-west-2");
  });

  test("a batch whose answer was lost after it landed is settled by one listing", async () => {
    fake().injectFault("batchPut", { kind: "reset", applied: true });
    fake().injectFault("batchPut", { kind: "rateLimit", retryAfterSeconds: 301 });
    const api = coalescing();
    await Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.put(ZONE, mapping(ip))));
    expect(routes()).toEqual(["batchPut", "batchPut", "list"]);
  });

  test("a batch whose answer was lost before it landed: the listing shows it, each item goes alone", async () => {
    fake().injectFault("batchPut", { kind: "status", status: 503 }, 5);
    const api = coalescing();
    await Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.put(ZONE, mapping(ip))));
    expect(routes()).toEqual(["batchPut", "batchPut", "batchPut", "batchPut", "batchPut", "list", "put", "put"]);
    expect(held()).toHaveLength(2);
  });

  test("concurrent deletes go out as one batch DELETE; a missing one is not-found, as alone", async () => {
    fake().seed(ZONE, [mapping("192.0.2.1"), mapping("192.0.2.2")]);
    const api = coalescing();
    const outcomes = await Promise.allSettled(["192.0.2.1", "192.0.2.2", "192.0.2.9"].map((ip) => api.delete(ZONE, ip)));
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
    expect(isNotFound((outcomes[2] as PromiseRejectedResult).reason)).toBe(true);
    expect(routes()).toEqual(["batchDelete"]);
    expect(held()).toEqual([]);
  });
});

describe("reads", () => {
  test("a lone read with no listing at hand is the single GET", async () => {
    await expect(coalescing().get(ZONE, "192.0.2.1")).resolves.toBeUndefined();
    expect(routes()).toEqual(["get"]);
  });

  test("concurrent reads share one listing, which answers later reads until it is too old", async () => {
    fake().seed(ZONE, [mapping("192.0.2.1")]);
    let now = 1_000_000;
    const api = coalescing(() => now);
    const first = await Promise.all(["192.0.2.1", "192.0.2.2", "192.0.2.3"].map((ip) => api.get(ZONE, ip)));
    expect(first.map((m) => m?.region)).toEqual(["us-east-1", undefined, undefined]);
    expect(routes()).toEqual(["list"]);

    now += LISTING_MAX_AGE_MS - 1;
    expect(await api.get(ZONE, "192.0.2.1")).toMatchObject({ region: "us-east-1" });
    expect(routes()).toEqual(["list"]);

    now += 1;
    expect(await api.get(ZONE, "192.0.2.1")).toMatchObject({ region: "us-east-1" });
    expect(routes()).toEqual(["list", "get"]);
  });

  test("a caller may accept an older listing (refresh), a create's check may not", async () => {
    let now = 1_000_000;
    const api = coalescing(() => now);
    await Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.get(ZONE, ip)));
    now += LISTING_MAX_AGE_MS + 5_000;
    expect(await api.get(ZONE, "192.0.2.1", { maxAgeMs: 60_000 })).toBeUndefined();
    expect(routes()).toEqual(["list"]);
    expect(await api.get(ZONE, "192.0.2.1")).toBeUndefined();
    expect(routes()).toEqual(["list", "get"]);
  });

  test("the listing follows this client's own writes", async () => {
    const api = coalescing();
    await Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.get(ZONE, ip)));
    await api.put(ZONE, mapping("192.0.2.1"));
    expect(await api.get(ZONE, "192.0.2.1")).toMatchObject({ origin_ip: "192.0.2.1" });
    await api.delete(ZONE, "192.0.2.1");
    expect(await api.get(ZONE, "192.0.2.1")).toBeUndefined();
    expect(routes()).toEqual(["list", "put", "delete"]);
  });
});

test("a failure of a call the whole batch shares (credentials) reaches every caller, without retrying each alone", async () => {
  const api = new CoalescingClient(client(fake(), { credentials: { apiToken: "Wr0ngTokenWr0ngTokenWr0ngTokenWr0ngToken" } }).api);
  const outcomes = await Promise.allSettled(["192.0.2.1", "192.0.2.2"].map((ip) => api.put(ZONE, mapping(ip))));
  expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
  expect(((outcomes[0] as PromiseRejectedResult).reason as CloudflareApiError).codes).toEqual([10000]);
  expect(routes()).toEqual(["batchPut"]);
  await expect(rejection(api.get(ZONE, "192.0.2.1"))).resolves.toBeInstanceOf(CloudflareApiError);
});
