// When a zone's reads are answered by the listing at hand, by one under way, by a new one, or by single GETs: the
// bounds (notBefore, the listing's age, its pages) at their edges, seen through the requests a scripted client gets.
import { CoalescingClient, LISTING_MAX_AGE_MS } from "../../../../provider/core/coalescing/client";
import { CloudflareApiError } from "../../../../provider/api/errors";
import type { OriginCloudRegionRecord } from "../../../../provider/api/originCloudRegions";
import { scriptedClient } from "../../inProcessFake";
import { ZONE } from "../../api/helpers";

const mapping = (ip: string, region = "us-east-1") => ({ origin_ip: ip, vendor: "aws" as const, region });

test("a listing begun exactly at a read's notBefore answers it", async () => {
  const now = 1_000_000;
  const calls: string[] = [];
  const api = new CoalescingClient(
    scriptedClient({
      list: async () => (calls.push("list"), [mapping("192.0.2.1")]),
      get: async (_zone, ip) => (calls.push(`get ${ip}`), undefined),
    }),
    () => now,
  );
  await Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.get(ZONE, ip)));
  await expect(api.get(ZONE, "192.0.2.1", { notBefore: now })).resolves.toMatchObject({ region: "us-east-1" });
  expect(calls).toEqual(["list"]);
});

test("with a listing of three pages too old: unbounded reads still share a new listing; reads of which one must be new, fewer than its pages, are single GETs", async () => {
  let now = 1_000_000;
  const calls: string[] = [];
  const zone = Array.from({ length: 250 }, (_, i) => mapping(`10.9.${i >> 8}.${i & 255}`)); // three pages
  const api = new CoalescingClient(
    scriptedClient({
      list: async () => (calls.push("list"), zone),
      get: async (_zone, ip) => (calls.push(`get ${ip}`), mapping(ip)),
    }),
    () => now,
  );
  const twoReads = (notBefore?: number) =>
    Promise.all([api.get(ZONE, "10.9.0.1"), api.get(ZONE, "10.9.0.2", { notBefore })]);
  await twoReads();
  now += LISTING_MAX_AGE_MS;
  await twoReads(); // no bound: the listing's cost in pages does not matter
  expect(calls).toEqual(["list", "list"]);
  now += LISTING_MAX_AGE_MS;
  await twoReads(now); // the later bound of the two decides: these must be new
  expect(calls.slice(2)).toEqual(["get 10.9.0.1", "get 10.9.0.2"]);
});

test("a listing under way that began exactly at the reads' notBefore is joined, not waited out", async () => {
  const now = 1_000_000;
  const calls: string[] = [];
  let firstListing: ((all: OriginCloudRegionRecord[]) => void) | undefined;
  const lost = new CloudflareApiError({
    kind: "network",
    method: "PUT",
    path: `/zones/${ZONE}/origin/cloud_regions/batch`,
    attempts: 1,
    mayHaveBeenApplied: true,
  });
  const api = new CoalescingClient(
    scriptedClient({
      batchPut: async () => (calls.push("batchPut"), Promise.reject(lost)),
      list: () => {
        calls.push("list");
        if (firstListing) return Promise.resolve([]); // a second listing would see nothing
        return new Promise((resolve) => (firstListing = resolve));
      },
    }),
    () => now,
  );
  const puts = Promise.all(["192.0.2.1", "192.0.2.2"].map((ip) => api.put(ZONE, mapping(ip))));
  await until(() => firstListing !== undefined); // the listing that settles the lost batch, begun at `now`
  const reads = Promise.all(["192.0.2.1", "192.0.2.3"].map((ip) => api.get(ZONE, ip, { notBefore: now })));
  await new Promise((resolve) => setTimeout(resolve, 20)); // past the reads' window
  firstListing?.([mapping("192.0.2.1"), mapping("192.0.2.2")]);
  const [stored, read] = await Promise.all([puts, reads]); // both awaited at once: neither rejection goes unhandled
  expect(stored).toHaveLength(2);
  expect(read.map((m) => m?.origin_ip)).toEqual(["192.0.2.1", undefined]);
  expect(calls).toEqual(["batchPut", "list"]);
});

/** Resolves once `condition` holds (polling the event loop), failing after a second. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!condition()) throw new Error("condition not met within a second");
}
