/**
 * Coalescing: the operations in flight on one zone share requests. Pulumi's engine runs up to `--parallel` resource
 * operations at once, all in one provider host process; this client, shared by them, turns
 *  - concurrent upserts into batch PUTs and concurrent deletes into batch DELETEs (≤ 100 items each), and
 *  - concurrent reads (the existence check before a create, refresh) into one paged listing of the zone, which then
 *    answers later reads too while it is younger than {@link LISTING_MAX_AGE_MS} (kept up to date with this client's
 *    own writes).
 * A lone operation goes out as the single call it always was, after a window of {@link COALESCE_WINDOW_MS}.
 * Every item still gets its own answer, as the single endpoint would give it: per-item batch failures become that
 * item's error (`batchItemError`), and a batch refused as a whole (1164 at the cap, a 400) falls back to single calls,
 * so nothing is written for an item whose own operation fails. A batch whose answer was lost, and the items an answer
 * does not account for (in neither list), are settled with one listing.
 */
import type {
  OriginCloudRegionRecord,
  OriginCloudRegionRecordInput,
  OriginCloudRegionsClient,
  ReadOptions,
  SupportedRegions,
  BatchResult,
} from "../../api/originCloudRegions";
import { COALESCE_WINDOW_MS, Lane } from "./lane";
import { LISTING_MAX_AGE_MS, ZoneListings, type Read } from "./listings";
import { BatchWrites, DELETES, PUTS } from "./writes";

export { COALESCE_WINDOW_MS, LISTING_MAX_AGE_MS };

/** One zone's lanes: reads answered by its shared listings, upserts and deletes sent in batches. */
interface ZoneLanes {
  listings: ZoneListings;
  gets: Lane<Read, OriginCloudRegionRecord | undefined>;
  puts: Lane<OriginCloudRegionRecordInput, OriginCloudRegionRecord>;
  deletes: Lane<string, { origin_ip: string }>;
}

/** The lanes of a new zone, sharing its listings. */
function zoneLanes(api: OriginCloudRegionsClient, zoneId: string, now: () => number): ZoneLanes {
  const listings = new ZoneListings(api, zoneId, now);
  const puts = new BatchWrites(PUTS, api, zoneId, listings);
  const deletes = new BatchWrites(DELETES, api, zoneId, listings);
  return {
    listings,
    gets: new Lane((batch) => listings.read(batch)),
    puts: new Lane((batch) => puts.flush(batch), true),
    deletes: new Lane((batch) => deletes.flush(batch), true),
  };
}

/**
 * An {@link OriginCloudRegionsClient} that coalesces the concurrent calls of each zone (see the module comment).
 * `get`, `put` and `delete` expect canonical IPs (the provider canonicalizes them first); `list`, the batch calls and
 * `supportedRegions` pass straight through.
 */
export class CoalescingClient implements OriginCloudRegionsClient {
  private readonly zones = new Map<string, ZoneLanes>();

  constructor(
    private readonly api: OriginCloudRegionsClient,
    private readonly now: () => number = Date.now,
  ) {}

  private zone(zoneId: string): ZoneLanes {
    let z = this.zones.get(zoneId);
    if (!z) this.zones.set(zoneId, (z = zoneLanes(this.api, zoneId, this.now)));
    return z;
  }

  /**
   * The mapping, from a listing of the zone younger than `options.maxAgeMs` (default {@link LISTING_MAX_AGE_MS}) and
   * begun at or after `options.notBefore` (this client's clock) when one is at hand or concurrent reads share one, else
   * from a single GET.
   */
  get(zoneId: string, originIp: string, options: ReadOptions = {}): Promise<OriginCloudRegionRecord | undefined> {
    const zone = this.zone(zoneId);
    const read = {
      ip: originIp,
      maxAgeMs: options.maxAgeMs ?? LISTING_MAX_AGE_MS,
      notBefore: options.notBefore ?? -Infinity,
    };
    const atHand = zone.listings.atHand(read);
    return atHand ? Promise.resolve(atHand.mapping) : zone.gets.add(read);
  }

  put(zoneId: string, mapping: OriginCloudRegionRecordInput): Promise<OriginCloudRegionRecord> {
    return this.zone(zoneId).puts.add({ origin_ip: mapping.origin_ip, vendor: mapping.vendor, region: mapping.region });
  }

  delete(zoneId: string, originIp: string): Promise<{ origin_ip: string }> {
    return this.zone(zoneId).deletes.add(originIp);
  }

  list(zoneId: string): Promise<OriginCloudRegionRecord[]> {
    return this.api.list(zoneId);
  }

  batchPut(zoneId: string, items: OriginCloudRegionRecordInput[]): Promise<BatchResult> {
    return this.api.batchPut(zoneId, items);
  }

  batchDelete(zoneId: string, originIps: string[]): Promise<BatchResult> {
    return this.api.batchDelete(zoneId, originIps);
  }

  supportedRegions(zoneId: string): Promise<SupportedRegions> {
    return this.api.supportedRegions(zoneId);
  }
}
