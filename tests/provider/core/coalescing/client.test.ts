// CoalescingClient against the fake: concurrent calls of one zone share batch calls and listings, and every item
// still gets the answer the single endpoint would give it.
import { CoalescingClient } from "../../../../provider/core/coalescing/client";
import { CloudflareApiError, isNotFound } from "../../../../provider/api/errors";
import type { OriginCloudRegionRecord } from "../../../../provider/api/originCloudRegions";
import { FakeCloudflare } from "../../../fake/server";
import { scriptedClient } from "../../inProcessFake";
import { client, OTHER_ZONE, rejection, useFake, ZONE } from "../../api/helpers";

const fake = useFake({ maxMappingsPerZone: 5 });
const routes = () => fake().requests.map((r) => r.route);
const mapping = (ip: string, region = "us-east-1") => ({ origin_ip: ip, vendor: "aws" as const, region });
const held = () =>
  fake()
    .mappings(ZONE)
    .map((m) => `${m.origin_ip} ${m.region}`)
    .sort();

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
    const [good, bad] = await Promise.allSettled([
      api.put(ZONE, mapping("192.0.2.1")),
      api.put(ZONE, mapping("192.0.2.2", "mars-north-1")),
    ]);
    expect(good.status).toBe("fulfilled");
    expect(bad.status).toBe("rejected");
    const err = (bad as PromiseRejectedResult).reason as CloudflareApiError;
    expect(err).toMatchObject({ status: 400, method: "PUT", path: `/zones/${ZONE}/origin/cloud_regions/192.0.2.2` });
    expect(err.codes).toEqual([1157]);
    expect(routes()).toEqual(["batchPut"]);
    expect(held()).toEqual(["192.0.2.1 us-east-1"]);
  });

  test("a batch refused as a whole at the cap falls back to single calls: each gets its own answer", async () => {
    fake().seed(
      ZONE,
      ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"].map((ip) => mapping(ip)),
    );
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
    const outcomes = await Promise.allSettled(
      ["192.0.2.1", "192.0.2.2", "192.0.2.9"].map((ip) => api.delete(ZONE, ip)),
    );
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

    now += 9_999; // README: a listing answers a create's check for at most 10 s
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
    now += 15_000;
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
  const api = new CoalescingClient(
    client(fake(), { credentials: { apiToken: "Wr0ngTokenWr0ngTokenWr0ngTokenWr0ngToken" } }).api,
  );
  const outcomes = await Promise.allSettled(["192.0.2.1", "192.0.2.2"].map((ip) => api.put(ZONE, mapping(ip))));
  expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
  expect(((outcomes[0] as PromiseRejectedResult).reason as CloudflareApiError).codes).toEqual([10000]);
  expect(routes()).toEqual(["batchPut"]);
  await expect(rejection(api.get(ZONE, "192.0.2.1"))).resolves.toBeInstanceOf(CloudflareApiError);
});

describe("queueing", () => {
  test("calls that arrive while a batch is in flight wait for it, then go out together as the next batch", async () => {
    const sent: string[][] = [];
    const answers: (() => void)[] = [];
    const api = new CoalescingClient(
      scriptedClient({
        batchPut: (_zone, items) => {
          sent.push(items.map((i) => i.origin_ip));
          return new Promise((resolve) => answers.push(() => resolve({ succeeded: items, failed: [] })));
        },
      }),
    );
    const first = Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.put(ZONE, mapping(ip))));
    await until(() => sent.length === 1);
    const second = Promise.all(["192.0.2.3", "192.0.2.4"].map((ip) => api.put(ZONE, mapping(ip))));
    await new Promise((r) => setTimeout(r, 30));
    expect(sent).toEqual([["192.0.2.1", "192.0.2.2"]]);
    answers[0]();
    await first;
    await until(() => sent.length === 2);
    expect(sent[1]).toEqual(["192.0.2.3", "192.0.2.4"]);
    answers[1]();
    await expect(second).resolves.toHaveLength(2);
  });

  test("a lone call waits 5 ms for company, no more (README), and an idle client leaves no timer behind", async () => {
    jest.useFakeTimers();
    try {
      const sent: string[] = [];
      const api = new CoalescingClient(scriptedClient({ put: async (_zone, m) => (sent.push(m.origin_ip), { ...m }) }));
      const done = api.put(ZONE, mapping("192.0.2.1"));
      await jest.advanceTimersByTimeAsync(4);
      expect(sent).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(sent).toEqual(["192.0.2.1"]);
      await expect(done).resolves.toMatchObject({ origin_ip: "192.0.2.1" });
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  test("a read the listing at hand answers does not wait for the window: it needs no request", async () => {
    const api = new CoalescingClient(scriptedClient({ list: async () => [mapping("192.0.2.1")] }));
    await Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.get(ZONE, ip)));
    jest.useFakeTimers();
    try {
      const read = api.get(ZONE, "192.0.2.1");
      await jest.advanceTimersByTimeAsync(0);
      expect(jest.getTimerCount()).toBe(0);
      await expect(read).resolves.toMatchObject({ region: "us-east-1" });
    } finally {
      jest.useRealTimers();
    }
  });

  test("calls queued when a batch is answered wait for its callers' next calls, 250 ms at most, then go", async () => {
    jest.useFakeTimers();
    try {
      const sent: string[][] = [];
      let answer: () => void = () => {};
      const api = new CoalescingClient(
        scriptedClient({
          batchPut: (_zone, items) => (
            sent.push(items.map((i) => i.origin_ip)),
            new Promise((resolve) => (answer = () => resolve({ succeeded: items, failed: [] })))
          ),
          put: async (_zone, m) => (sent.push([m.origin_ip]), { ...m }),
        }),
      );
      const first = Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.put(ZONE, mapping(ip))));
      await jest.advanceTimersByTimeAsync(5);
      const queued = api.put(ZONE, mapping("192.0.2.3"));
      answer();
      await first;
      await jest.advanceTimersByTimeAsync(249);
      expect(sent).toHaveLength(1); // waiting for the two callers just answered
      await jest.advanceTimersByTimeAsync(1);
      expect(sent).toEqual([["192.0.2.1", "192.0.2.2"], ["192.0.2.3"]]);
      await expect(queued).resolves.toMatchObject({ origin_ip: "192.0.2.3" });

      // Company that does not come is no longer expected: a call to the idle queue waits its 5 ms, no more.
      await jest.advanceTimersByTimeAsync(1000);
      const lone = api.put(ZONE, mapping("192.0.2.4"));
      await jest.advanceTimersByTimeAsync(4);
      expect(sent).toHaveLength(2);
      await jest.advanceTimersByTimeAsync(1);
      expect(sent[2]).toEqual(["192.0.2.4"]);
      await lone;
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  test("the callers a batch answered, back within 10 ms of each other, go out together as one batch", async () => {
    jest.useFakeTimers();
    try {
      const sent: number[] = [];
      const api = new CoalescingClient(
        scriptedClient({
          batchPut: async (_zone, items) => (sent.push(items.length), { succeeded: items, failed: [] }),
        }),
      );
      const ips = (from: number) => Array.from({ length: 4 }, (_, i) => `192.0.2.${from + i}`);
      await Promise.all([
        Promise.all(ips(1).map((ip) => api.put(ZONE, mapping(ip)))),
        jest.advanceTimersByTimeAsync(5),
      ]);
      const next: Promise<unknown>[] = [];
      for (const ip of ips(10)) {
        await jest.advanceTimersByTimeAsync(9); // each alone would have gone after 5 ms
        next.push(api.put(ZONE, mapping(ip)));
      }
      await jest.advanceTimersByTimeAsync(0);
      await Promise.all(next);
      expect(sent).toEqual([4, 4]);
    } finally {
      jest.useRealTimers();
    }
  });

  test("expected calls that keep trickling in are waited for 500 ms at most after the batch that answered their callers", async () => {
    jest.useFakeTimers();
    try {
      const sent: number[] = [];
      const api = new CoalescingClient(
        scriptedClient({
          batchPut: async (_zone, items) => (sent.push(items.length), { succeeded: items, failed: [] }),
        }),
      );
      const ip = (i: number) => `10.0.${i >> 8}.${i & 255}`;
      const first = Array.from({ length: 80 }, (_, i) => api.put(ZONE, mapping(ip(i))));
      await jest.advanceTimersByTimeAsync(5);
      await Promise.all(first);
      const next: Promise<unknown>[] = [];
      for (let i = 0; i < 60; i++) {
        next.push(api.put(ZONE, mapping(ip(100 + i))));
        await jest.advanceTimersByTimeAsync(9); // 60 calls, 9 ms apart: 540 ms
      }
      expect(sent.slice(0, 2)).toEqual([80, 56]); // the calls of the first 500 ms
      await jest.advanceTimersByTimeAsync(500);
      await Promise.all(next);
    } finally {
      jest.useRealTimers();
    }
  });

  test("200 concurrent puts are two batch PUTs of 100, 200 deletes two batch DELETEs of 100", async () => {
    const sizes: string[] = [];
    const api = new CoalescingClient(
      scriptedClient({
        batchPut: async (_zone, items) => (sizes.push(`put ${items.length}`), { succeeded: items, failed: [] }),
        batchDelete: async (_zone, ips) => (
          sizes.push(`delete ${ips.length}`),
          { succeeded: ips.map((origin_ip) => ({ origin_ip })), failed: [] }
        ),
      }),
    );
    const ips = Array.from({ length: 200 }, (_, i) => `10.0.${i >> 8}.${i & 255}`);
    await Promise.all(ips.map((ip) => api.put(ZONE, mapping(ip))));
    await Promise.all(ips.map((ip) => api.delete(ZONE, ip)));
    await new Promise((r) => setTimeout(r, 20)); // a third, empty chunk would go out after the callers have their answers
    expect(sizes).toEqual(["put 100", "put 100", "delete 100", "delete 100"]);
  });

  test("each zone has its own queue", async () => {
    const api = new CoalescingClient(client(fake()).api);
    await Promise.all([api.put(ZONE, mapping("192.0.2.1")), api.put(OTHER_ZONE, mapping("192.0.2.1"))]);
    expect(fake().requests.map((r) => `${r.route} ${r.zoneId}`)).toEqual(
      expect.arrayContaining([`put ${ZONE}`, `put ${OTHER_ZONE}`]),
    );
    expect(fake().requestCount()).toBe(2);
  });

  test("the calls it does not coalesce pass straight through", async () => {
    fake().seed(ZONE, [mapping("192.0.2.1")]);
    const api = coalescing();
    await expect(api.list(ZONE)).resolves.toEqual([expect.objectContaining(mapping("192.0.2.1"))]);
    await expect(api.batchPut(ZONE, [mapping("192.0.2.2")])).resolves.toMatchObject({
      succeeded: [{ origin_ip: "192.0.2.2" }],
      failed: [],
    });
    await expect(api.batchDelete(ZONE, ["192.0.2.1"])).resolves.toMatchObject({
      succeeded: [{ origin_ip: "192.0.2.1" }],
      failed: [],
    });
    await expect(api.supportedRegions(ZONE)).resolves.toHaveProperty("vendors");
    expect(routes()).toEqual(["list", "batchPut", "batchDelete", "supportedRegions"]);
  });
});

describe("batch answers", () => {
  test("an item a batch answer leaves out is settled by a listing; not in place, it goes alone, and its answer is that call's", async () => {
    const calls: string[] = [];
    const api = new CoalescingClient(
      scriptedClient({
        list: async () => (calls.push("list"), [{ origin_ip: "192.0.2.2", vendor: "gcp", region: "us-central1" }]),
        batchPut: async (_zone, items) => (calls.push("batchPut"), { succeeded: [items[0]], failed: [] }),
        put: async (_zone, m) => (calls.push(`put ${m.origin_ip}`), { ...m, region: "as stored" }),
        batchDelete: async (_zone, ips) => (
          calls.push("batchDelete"),
          { succeeded: [{ origin_ip: ips[0] }], failed: [] }
        ),
        delete: async (_zone, ip) => (calls.push(`delete ${ip}`), { origin_ip: ip }),
      }),
    );
    const puts = await Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.put(ZONE, mapping(ip))));
    expect(puts.map((m) => m.region)).toEqual(["us-east-1", "as stored"]);
    const deletes = await Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.delete(ZONE, ip)));
    expect(deletes).toEqual([{ origin_ip: "192.0.2.1" }, { origin_ip: "192.0.2.2" }]);
    expect(calls).toEqual(["batchPut", "list", "put 192.0.2.2", "batchDelete", "list", "delete 192.0.2.2"]);
  });

  test("an item a batch answer gives without its vendor and region is settled by a listing, then goes alone", async () => {
    const calls: string[] = [];
    const api = new CoalescingClient(
      scriptedClient({
        list: async () => (calls.push("list"), []),
        batchPut: async (_zone, items) => (
          calls.push("batchPut"),
          {
            succeeded: [
              { origin_ip: items[0].origin_ip, vendor: "aws" },
              { origin_ip: items[1].origin_ip, region: "us-east-1" },
            ],
            failed: [],
          }
        ),
        put: async (_zone, m) => (calls.push(`put ${m.origin_ip}`), { ...m }),
      }),
    );
    await Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.put(ZONE, mapping(ip))));
    expect(calls).toEqual(["batchPut", "list", "put 192.0.2.1", "put 192.0.2.2"]);
  });

  test("a batch DELETE's failed item gets the single endpoint's error, without a second request", async () => {
    fake().seed(ZONE, [mapping("192.0.2.1")]);
    const api = coalescing();
    const [gone, missing] = await Promise.allSettled(["192.0.2.1", "192.0.2.9"].map((ip) => api.delete(ZONE, ip)));
    expect(gone).toEqual({ status: "fulfilled", value: { origin_ip: "192.0.2.1" } });
    expect((missing as PromiseRejectedResult).reason).toMatchObject({
      method: "DELETE",
      path: `/zones/${ZONE}/origin/cloud_regions/192.0.2.9`,
      status: 404,
    });
    expect(routes()).toEqual(["batchDelete"]);
  });

  test("a batch refused as a whole with a 400 falls back to single calls", async () => {
    fake().injectFault("batchPut", {
      kind: "cloudflareError",
      status: 400,
      errors: [{ code: 1146, message: "Invalid IP address." }],
    });
    const api = coalescing();
    await Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.put(ZONE, mapping(ip))));
    expect(routes()).toEqual(["batchPut", "put", "put"]);
    expect(held()).toHaveLength(2);
  });

  test("a 400 that is not Cloudflare's answer (a proxy's page) reaches every caller, without single calls", async () => {
    const calls: string[] = [];
    const page = new CloudflareApiError({
      kind: "invalidResponse",
      method: "PUT",
      path: "/batch",
      status: 400,
      attempts: 1,
      detail: "a non-JSON body",
    });
    const api = new CoalescingClient(
      scriptedClient({
        batchPut: async () => (calls.push("batchPut"), Promise.reject(page)),
        put: async (_z, m) => (calls.push("put"), { ...m }),
      }),
    );
    const outcomes = await Promise.allSettled(["192.0.2.1", "192.0.2.2"].map((ip) => api.put(ZONE, mapping(ip))));
    expect(outcomes.map((o) => (o as PromiseRejectedResult).reason)).toEqual([page, page]);
    expect(calls).toEqual(["batchPut"]);
  });

  test("answers in the hexadecimal IPv4-mapped form are matched to the canonical IPs asked for", async () => {
    const hex = await FakeCloudflare.start({ ipv4MappedForm: "hex" });
    try {
      const api = new CoalescingClient(client(hex).api);
      const ips = ["::ffff:192.0.2.1", "::ffff:192.0.2.2"];
      const stored = await Promise.all(ips.map((ip) => api.put(ZONE, mapping(ip))));
      expect(stored.map((m) => m.origin_ip)).toEqual(ips);
      const read = await Promise.all([...ips, "::ffff:192.0.2.3"].map((ip) => api.get(ZONE, ip)));
      expect(read.map((m) => m?.region)).toEqual(["us-east-1", "us-east-1", undefined]);
      expect(hex.requests.map((r) => r.route)).toEqual(["batchPut", "list"]);
    } finally {
      await hex.stop();
    }
  });
});

describe("batch answers that do not say what Cloudflare holds (applied, answered 200)", () => {
  const asked = ["192.0.2.1", "192.0.2.2", "192.0.2.3"];
  test.each([
    ["{}", {}],
    ["items in another region", { succeeded: asked.map((ip) => mapping(ip, "us-west-2")), failed: [] }],
    ["only another IP", { succeeded: [mapping("203.0.113.99")], failed: [] }],
  ])(
    "a batch PUT answered %s is settled by one listing: each caller gets its requested mapping",
    async (_what, result) => {
      fake().injectFault("batchPut", { kind: "successResult", result, applied: true });
      const api = coalescing();
      const stored = await Promise.all(asked.map((ip) => api.put(ZONE, mapping(ip))));
      expect(stored).toEqual(asked.map((ip) => expect.objectContaining(mapping(ip))));
      expect(routes()).toEqual(["batchPut", "list"]);
      expect(held()).toEqual(asked.map((ip) => `${ip} us-east-1`));
    },
  );

  test.each([
    ["{}", {}],
    ["only another IP", { succeeded: [{ origin_ip: "203.0.113.99" }], failed: [] }],
  ])("a batch DELETE answered %s is settled by one listing: each caller's delete succeeds", async (_what, result) => {
    fake().seed(
      ZONE,
      asked.map((ip) => mapping(ip)),
    );
    fake().injectFault("batchDelete", { kind: "successResult", result, applied: true });
    const api = coalescing();
    await expect(Promise.all(asked.map((ip) => api.delete(ZONE, ip)))).resolves.toEqual(
      asked.map((ip) => ({ origin_ip: ip })),
    );
    expect(routes()).toEqual(["batchDelete", "list"]);
    expect(held()).toEqual([]);
  });

  test("a batch PUT answered {} that did not land: the listing shows it, each item goes alone", async () => {
    fake().injectFault("batchPut", { kind: "successResult", result: {} });
    const api = coalescing();
    await Promise.all(asked.slice(0, 2).map((ip) => api.put(ZONE, mapping(ip))));
    expect(routes()).toEqual(["batchPut", "list", "put", "put"]);
    expect(held()).toEqual(["192.0.2.1 us-east-1", "192.0.2.2 us-east-1"]);
  });
});

describe("lost batch answers", () => {
  test("a batch update lost before it landed: items the listing shows in another region or vendor go alone", async () => {
    fake().seed(ZONE, [
      mapping("192.0.2.1", "us-east-1"),
      { origin_ip: "192.0.2.2", vendor: "gcp", region: "us-west-2" },
    ]);
    fake().injectFault("batchPut", { kind: "status", status: 503 }, 5);
    const api = coalescing();
    await Promise.all([
      api.put(ZONE, mapping("192.0.2.1", "us-west-2")),
      api.put(ZONE, mapping("192.0.2.2", "us-west-2")),
    ]);
    expect(routes().slice(5)).toEqual(["list", "put", "put"]);
    expect(held()).toEqual(["192.0.2.1 us-west-2", "192.0.2.2 us-west-2"]);
    expect(
      fake()
        .mappings(ZONE)
        .map((m) => m.vendor),
    ).toEqual(["aws", "aws"]);
  });

  test("a batch DELETE whose answer was lost after it landed is settled by one listing", async () => {
    fake().seed(ZONE, [mapping("192.0.2.1"), mapping("192.0.2.2")]);
    fake().injectFault("batchDelete", { kind: "reset", applied: true });
    fake().injectFault("batchDelete", { kind: "rateLimit", retryAfterSeconds: 301 });
    const api = coalescing();
    const gone = await Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.delete(ZONE, ip)));
    expect(gone).toEqual([{ origin_ip: "192.0.2.1" }, { origin_ip: "192.0.2.2" }]);
    expect(routes()).toEqual(["batchDelete", "batchDelete", "list"]);
  });

  test("a batch DELETE lost before it landed: the listing still shows the mappings, each goes alone", async () => {
    fake().seed(ZONE, [mapping("192.0.2.1"), mapping("192.0.2.2")]);
    fake().injectFault("batchDelete", { kind: "status", status: 500 }, 5);
    const api = coalescing();
    await Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.delete(ZONE, ip)));
    expect(routes().slice(5)).toEqual(["list", "delete", "delete"]);
    expect(held()).toEqual([]);
  });

  test("a lost batch settles with a listing begun after it, not one already under way", async () => {
    const lists: ((all: OriginCloudRegionRecord[]) => void)[] = [];
    const calls: string[] = [];
    const api = new CoalescingClient(
      scriptedClient({
        list: () => new Promise((resolve) => (calls.push("list"), lists.push(resolve))),
        batchDelete: async () => {
          calls.push("batchDelete");
          throw new CloudflareApiError({
            kind: "network",
            method: "DELETE",
            path: "/batch",
            attempts: 1,
            mayHaveBeenApplied: true,
          });
        },
      }),
    );
    const reads = Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.get(ZONE, ip)));
    await until(() => lists.length === 1);
    const deletes = Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.delete(ZONE, ip)));
    await until(() => calls.includes("batchDelete"));
    lists[0]([mapping("192.0.2.1"), mapping("192.0.2.2")]); // begun before the batch: both still there
    await expect(reads).resolves.toHaveLength(2);
    await until(() => lists.length === 2);
    lists[1]([]);
    await expect(deletes).resolves.toEqual([{ origin_ip: "192.0.2.1" }, { origin_ip: "192.0.2.2" }]);
    expect(calls).toEqual(["list", "batchDelete", "list"]);
  });

  test("a lost batch whose settling listing fails too: every item may have been applied, and the error says why", async () => {
    fake().injectFault("batchPut", { kind: "reset", applied: true });
    fake().injectFault("*", { kind: "rateLimit", retryAfterSeconds: 301 }, 2);
    const api = coalescing();
    const outcomes = await Promise.allSettled(["192.0.2.1", "192.0.2.2"].map((ip) => api.put(ZONE, mapping(ip))));
    for (const o of outcomes) {
      const err = (o as PromiseRejectedResult).reason as CloudflareApiError;
      expect(err.mayHaveBeenApplied).toBe(true);
      expect(err.message).toContain("the answer was lost and listing the zone failed too (GET /zones/");
    }
    expect(routes()).toEqual(["batchPut", "batchPut", "list"]);
  });
});

describe("reads that must have begun after the caller's operation (notBefore)", () => {
  test("a listing taken before notBefore does not answer: a mapping deleted since is seen gone", async () => {
    fake().seed(ZONE, [mapping("192.0.2.1")]);
    let now = 1_000_000;
    const api = coalescing(() => now);
    await Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.get(ZONE, ip)));
    await client(fake()).api.delete(ZONE, "192.0.2.1"); // out of band
    now += 1;
    expect(await api.get(ZONE, "192.0.2.1", { notBefore: now })).toBeUndefined();
    expect(routes()).toEqual(["list", "delete", "get"]);
  });

  test("a listing under way that began before notBefore is not joined: the reads wait for one begun after", async () => {
    let now = 1_000_000;
    const lists: ((all: OriginCloudRegionRecord[]) => void)[] = [];
    const lost = new CloudflareApiError({
      kind: "network",
      method: "PUT",
      path: `/zones/${ZONE}/origin/cloud_regions/batch`,
      attempts: 1,
      mayHaveBeenApplied: true,
    });
    const api = new CoalescingClient(
      scriptedClient({
        batchPut: () => Promise.reject(lost),
        list: () => new Promise((resolve) => lists.push(resolve)),
      }),
      () => now,
    );
    const puts = Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.put(ZONE, mapping(ip))));
    await until(() => lists.length === 1); // the listing that settles the lost batch, under way
    now += 1;
    const reads = Promise.all(["192.0.2.1", "192.0.2.3"].map((ip) => api.get(ZONE, ip, { notBefore: now })));
    await new Promise((resolve) => setTimeout(resolve, 20)); // past the reads' window
    lists[0]([mapping("192.0.2.1"), mapping("192.0.2.2"), mapping("192.0.2.3")]); // 192.0.2.3 deleted out of band since
    await puts;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lists).toHaveLength(2);
    lists[1]([mapping("192.0.2.1"), mapping("192.0.2.2")]);
    expect((await reads).map((m) => m?.origin_ip)).toEqual(["192.0.2.1", undefined]);
  });
});

test("new reads fewer than a listing's pages are single GETs; as many as its pages share one listing", async () => {
  let now = 1_000_000;
  const calls: string[] = [];
  const zone = Array.from({ length: 250 }, (_, i) => mapping(`10.9.${i >> 8}.${i & 255}`)); // three pages
  const api = new CoalescingClient(
    scriptedClient({
      list: async () => (calls.push("list"), zone),
      get: async (_z, ip) => (calls.push(`get ${ip}`), mapping(ip)),
    }),
    () => now,
  );
  await Promise.all(["10.9.0.1", "10.9.0.2"].map((ip) => api.get(ZONE, ip)));
  now += 1;
  await Promise.all(["10.9.0.1", "10.9.0.2"].map((ip) => api.get(ZONE, ip, { notBefore: now })));
  expect(calls).toEqual(["list", "get 10.9.0.1", "get 10.9.0.2"]);
  now += 1;
  await Promise.all(["10.9.0.1", "10.9.0.2", "10.9.0.3"].map((ip) => api.get(ZONE, ip, { notBefore: now })));
  expect(calls.slice(3)).toEqual(["list"]);
});

describe("the listing and single writes", () => {
  async function withListing() {
    fake().seed(ZONE, [mapping("192.0.2.1")]);
    const api = coalescing();
    await Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.get(ZONE, ip)));
    fake().resetRequests();
    return api;
  }

  test("a write whose outcome is unknown makes the next read ask Cloudflare", async () => {
    const api = await withListing();
    fake().injectFault("put", { kind: "reset", applied: true });
    fake().injectFault("*", { kind: "rateLimit", retryAfterSeconds: 301 }, 2);
    await expect(rejection(api.put(ZONE, mapping("192.0.2.2")))).resolves.toMatchObject({ mayHaveBeenApplied: true });
    expect(await api.get(ZONE, "192.0.2.2")).toMatchObject({ region: "us-east-1" });
    expect(routes()).toEqual(["put", "put", "get", "get"]);
  });

  test("a delete whose outcome is unknown makes the next read ask Cloudflare", async () => {
    const api = await withListing();
    fake().injectFault("delete", { kind: "reset", applied: true });
    fake().injectFault("*", { kind: "rateLimit", retryAfterSeconds: 301 }, 2);
    await expect(rejection(api.delete(ZONE, "192.0.2.1"))).resolves.toMatchObject({ mayHaveBeenApplied: true });
    expect(await api.get(ZONE, "192.0.2.1")).toBeUndefined();
    expect(routes()).toEqual(["delete", "delete", "get", "get"]);
  });

  test("a write Cloudflare definitely refused keeps the listing", async () => {
    const api = await withListing();
    await expect(rejection(api.put(ZONE, mapping("192.0.2.2", "mars-north-1")))).resolves.toMatchObject({
      status: 400,
    });
    await expect(rejection(api.delete(ZONE, "192.0.2.2"))).resolves.toMatchObject({ status: 404 });
    expect(await api.get(ZONE, "192.0.2.1")).toMatchObject({ region: "us-east-1" });
    expect(routes()).toEqual(["put", "delete"]);
  });

  test("concurrent reads once the listing is too old list the zone again, and see what changed meanwhile", async () => {
    let now = 1_000_000;
    const api = coalescing(() => now);
    await Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.get(ZONE, ip)));
    fake().seed(ZONE, [mapping("192.0.2.1")]);
    now += 10_000;
    const read = await Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.get(ZONE, ip)));
    expect(read.map((m) => m?.region)).toEqual(["us-east-1", undefined]);
    now += 10_000;
    await Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.get(ZONE, ip)));
    expect(routes()).toEqual(["list", "list", "list"]);
  });

  /** Two reads whose listing waits for the test (`listed`), so the test's writes happen meanwhile; `putsFail` makes PUTs fail. */
  function slowListing(putsFail?: unknown) {
    const lists: ((all: OriginCloudRegionRecord[]) => void)[] = [];
    const calls: string[] = [];
    const api = new CoalescingClient(
      scriptedClient({
        list: () => new Promise((resolve) => (calls.push("list"), lists.push(resolve))),
        put: async (_zone, m) => {
          if (putsFail) throw putsFail;
          return (calls.push(`put ${m.origin_ip}`), { ...m });
        },
        delete: async (_zone, ip) => (calls.push(`delete ${ip}`), { origin_ip: ip }),
        get: async (_zone, ip) => (calls.push(`get ${ip}`), { ...mapping(ip, "from a GET") }),
      }),
    );
    const reads = Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.get(ZONE, ip)));
    return {
      api,
      calls,
      reads,
      listed: (all: OriginCloudRegionRecord[]) => until(() => lists.length === 1).then(() => lists[0](all)),
    };
  }

  test("a listing under way while this client writes lands with those writes applied", async () => {
    const { api, calls, reads, listed } = slowListing();
    await until(() => calls.length === 1);
    await api.put(ZONE, mapping("192.0.2.1"));
    await api.delete(ZONE, "192.0.2.2");
    await listed([mapping("192.0.2.2")]); // begun before the writes landed
    await expect(reads).resolves.toEqual([expect.objectContaining({ region: "us-east-1" }), undefined]);
    await expect(api.get(ZONE, "192.0.2.1")).resolves.toMatchObject({ region: "us-east-1" });
    await expect(api.get(ZONE, "192.0.2.2")).resolves.toBeUndefined();
    expect(calls).toEqual(["list", "put 192.0.2.1", "delete 192.0.2.2"]);
  });

  test("a listing under way while a write's outcome is lost answers only the reads that asked for it", async () => {
    const lost = new CloudflareApiError({
      kind: "network",
      method: "PUT",
      path: "/x",
      attempts: 1,
      mayHaveBeenApplied: true,
    });
    const { api, calls, reads, listed } = slowListing(lost);
    await until(() => calls.length === 1);
    await expect(rejection(api.put(ZONE, mapping("192.0.2.1")))).resolves.toBe(lost);
    await listed([]);
    await expect(reads).resolves.toEqual([undefined, undefined]);
    await expect(api.get(ZONE, "192.0.2.1")).resolves.toMatchObject({ region: "from a GET" });
    expect(calls).toEqual(["list", "get 192.0.2.1"]);
  });

  test("concurrent reads that a listing cannot answer all get its error", async () => {
    fake().injectFault("list", { kind: "status", status: 500 }, 5);
    const api = coalescing();
    const outcomes = await Promise.allSettled(["192.0.2.1", "192.0.2.2"].map((ip) => api.get(ZONE, ip)));
    expect(outcomes.map((o) => ((o as PromiseRejectedResult).reason as CloudflareApiError).status)).toEqual([500, 500]);
    expect(routes()).toEqual(Array(5).fill("list")); // one listing for both, its 5 attempts
  });
});

/** Resolves once `condition` holds (polling the event loop), failing after a second. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!condition()) throw new Error("condition not met within a second");
}
