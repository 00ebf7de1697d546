/**
 * Writes on one zone coalesced into batch calls (≤ 100 items each), every item still answered as its single call
 * would be: per-item failures become that item's error, a batch refused as a whole falls back to single calls, and a
 * lost answer, or items an answer does not account for, are settled with one listing.
 */
import { batchItemError, CloudflareApiError, isCloudflareApiError, isUncertainWrite } from "../../api/errors";
import { mappingPath, type OriginCloudRegionsClient } from "../../api/originCloudRegions";
import {
  batchesOf,
  byCanonicalIp,
  sameValues,
  type BatchItem,
  type BatchResult,
  type OriginCloudRegionRecord,
  type OriginCloudRegionRecordInput,
} from "../../api/records";
import type { Pending } from "./lane";
import type { Listing, Written, ZoneListings } from "./listings";

/** What sets one kind of write apart (PUT a mapping, DELETE an IP), for the code they share. */
export interface WriteKind<I, R> {
  method: "PUT" | "DELETE";
  ipOf(item: I): string;
  batch(api: OriginCloudRegionsClient, zoneId: string, items: I[]): Promise<BatchResult>;
  single(api: OriginCloudRegionsClient, zoneId: string, item: I): Promise<R>;
  /** The item's answer from its entry in a batch's `succeeded` (undefined: that entry does not show it done). */
  done(item: I, succeeded: BatchItem | undefined): R | undefined;
  /** The item's answer from a listing (`now`: what it shows at the IP) that shows it in place, else undefined. */
  landed(item: I, now: OriginCloudRegionRecord | undefined): R | undefined;
  /** What the zone holds at the IP after the write. */
  left(result: R): Written;
}

/** Upserts: done when the batch or a listing shows the vendor and region sent, answered under the IP asked for. */
export const PUTS: WriteKind<OriginCloudRegionRecordInput, OriginCloudRegionRecord> = {
  method: "PUT",
  ipOf: (item) => item.origin_ip,
  batch: (api, zoneId, items) => api.batchPut(zoneId, items),
  single: (api, zoneId, item) => api.put(zoneId, item),
  done: (item, succeeded) =>
    sameValues(succeeded, item) ? { origin_ip: item.origin_ip, vendor: item.vendor, region: item.region } : undefined,
  landed: (item, now) => (now && sameValues(now, item) ? { ...now, origin_ip: item.origin_ip } : undefined),
  left: (stored) => stored,
};

/** Deletes: done when the batch lists the IP as deleted, or a listing no longer shows it. */
export const DELETES: WriteKind<string, { origin_ip: string }> = {
  method: "DELETE",
  ipOf: (ip) => ip,
  batch: (api, zoneId, ips) => api.batchDelete(zoneId, ips),
  single: (api, zoneId, ip) => api.delete(zoneId, ip),
  done: (ip, succeeded) => (succeeded ? { origin_ip: ip } : undefined),
  landed: (ip, now) => (now === undefined ? { origin_ip: ip } : undefined),
  left: () => null,
};

/** One kind of write on one zone, sent in batches; the zone's listings are kept true to what it writes. */
export class BatchWrites<I, R> {
  constructor(
    private readonly kind: WriteKind<I, R>,
    private readonly api: OriginCloudRegionsClient,
    private readonly zoneId: string,
    private readonly listings: ZoneListings,
  ) {}

  /** Sends a lane's batch, at most 100 items a request, one request at a time. */
  async flush(batch: Pending<I, R>[]): Promise<void> {
    for (const chunk of batchesOf(batch)) await this.send(chunk);
  }

  private async send(chunk: Pending<I, R>[]): Promise<void> {
    if (chunk.length === 1) return this.alone(chunk[0]);
    let result: BatchResult;
    try {
      result = await this.kind.batch(
        this.api,
        this.zoneId,
        chunk.map((p) => p.item),
      );
    } catch (e) {
      return this.afterBatchFailure(e, chunk);
    }
    const unlisted = this.settle(chunk, result);
    if (unlisted.length > 0)
      await this.settleByListing(unaccounted(this.kind.method, this.zoneId, unlisted.length), unlisted, UNACCOUNTED);
  }

  /** Answers the items the batch answer accounts for (succeeded or failed); returns the others. */
  private settle(chunk: Pending<I, R>[], result: BatchResult): Pending<I, R>[] {
    const succeeded = byCanonicalIp(result.succeeded);
    const failed = byCanonicalIp(result.failed);
    const unlisted: Pending<I, R>[] = [];
    for (const p of chunk) {
      const ip = this.kind.ipOf(p.item);
      const done = this.kind.done(p.item, succeeded.get(ip));
      const bad = failed.get(ip);
      if (done !== undefined) {
        this.listings.remember(ip, this.kind.left(done));
        p.resolve(done);
      } else if (bad) p.reject(batchItemError(this.kind.method, mappingPath(this.zoneId, ip), bad.error, 1));
      else unlisted.push(p);
    }
    return unlisted;
  }

  /** One item as its single call. */
  private async alone(p: Pending<I, R>): Promise<void> {
    const ip = this.kind.ipOf(p.item);
    try {
      const result = await this.kind.single(this.api, this.zoneId, p.item);
      this.listings.remember(ip, this.kind.left(result));
      p.resolve(result);
    } catch (e) {
      if (isUncertainWrite(e)) this.listings.remember(ip, undefined);
      p.reject(e);
    }
  }

  /**
   * A batch call that failed as a whole. Its answer lost: one listing settles every item. Refused as a whole (the
   * cap, a bad request): every item alone, so each gets its own answer. Anything else (credentials, rate limit past
   * the budget): every item gets the error.
   */
  private async afterBatchFailure(error: unknown, chunk: Pending<I, R>[]): Promise<void> {
    if (isUncertainWrite(error)) return this.settleByListing(error as CloudflareApiError, chunk, LOST);
    if (refusedAsAWhole(error)) {
      await Promise.all(chunk.map((p) => this.alone(p)));
      return;
    }
    for (const p of chunk) p.reject(error);
  }

  /** Items a batch answer did not settle (lost, or left out): in place in a new listing → that item's success; not → alone. */
  private async settleByListing(error: CloudflareApiError, chunk: Pending<I, R>[], why: Unsettled): Promise<void> {
    let listing: Listing;
    try {
      listing = await this.listings.relistAfterLostAnswer();
    } catch (readError) {
      const unsettled = listingFailedToo(error, readError, why);
      for (const p of chunk) p.reject(unsettled);
      return;
    }
    await Promise.all(
      chunk.map((p) => {
        const value = this.kind.landed(p.item, listing.byIp.get(this.kind.ipOf(p.item)));
        return value !== undefined ? Promise.resolve(p.resolve(value)) : this.alone(p);
      }),
    );
  }
}

/** Whether a batch was refused as a whole (1164 at the cap, a 400), so that its items alone may fare differently. */
function refusedAsAWhole(error: unknown): boolean {
  return isCloudflareApiError(error) && error.kind === "api" && (error.codes.includes(1164) || error.status === 400);
}

/** The uncertain outcome of the items a batch answer put in neither list: they may have been applied. */
function unaccounted(method: "PUT" | "DELETE", zoneId: string, items: number): CloudflareApiError {
  const detail = `the batch answer did not say what became of ${items === 1 ? "this item" : `${items} of its items`}`;
  return new CloudflareApiError({
    kind: "invalidResponse",
    method,
    path: mappingPath(zoneId, "batch"),
    status: 200,
    attempts: 1,
    detail,
    mayHaveBeenApplied: true,
  });
}

/** Why items need settling by a listing, in the words of the note when the listing fails too. */
type Unsettled = "the answer was lost and listing the zone" | "listing the zone to settle it";
const LOST: Unsettled = "the answer was lost and listing the zone";
const UNACCOUNTED: Unsettled = "listing the zone to settle it";

/** Items a batch answer did not settle (lost, or left out), when listing the zone could not settle them either. */
function listingFailedToo(error: CloudflareApiError, readError: unknown, why: Unsettled): CloudflareApiError {
  const reason = readError instanceof Error ? readError.message : String(readError);
  return error.afterReadBack(true, `${why} failed too (${reason})`);
}
