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
import { tryCanonicalizeIp } from "../../api/ip";
import { batchItemError, CloudflareApiError, isUncertainWrite } from "../../api/errors";
import {
  LIST_PAGE_SIZE,
  mappingPath,
  MAX_BATCH_ITEMS,
  type ReadOptions,
  type BatchItem,
  type OriginCloudRegionRecord,
  type OriginCloudRegionRecordInput,
  type OriginCloudRegionsClient,
  type SupportedRegions,
  type BatchResult,
} from "../../api/originCloudRegions";

/** How long a zone's queue waits for company before sending (milliseconds): the most a lone operation is delayed. */
export const COALESCE_WINDOW_MS = 5;
/**
 * How old a zone listing may be and still answer a read (milliseconds), unless the caller allows more. It bounds how
 * long a mapping someone else creates outside this deployment can go unseen by a create's existence check.
 */
export const LISTING_MAX_AGE_MS = 10_000;

interface Pending<I, R> {
  item: I;
  resolve: (value: R) => void;
  reject: (reason: unknown) => void;
}

/** One kind of queued call on one zone: items wait for the window, and for the previous flush of their kind. */
class Lane<I, R> {
  private pending: Pending<I, R>[] = [];
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(private readonly flush: (batch: Pending<I, R>[]) => Promise<void>) {}

  add(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.busy || this.timer || this.pending.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, COALESCE_WINDOW_MS);
  }

  private async run(): Promise<void> {
    this.busy = true;
    const batch = this.pending.splice(0);
    try {
      await this.flush(batch);
    } catch (e) {
      for (const p of batch) p.reject(e);
    } finally {
      this.busy = false;
      this.schedule();
    }
  }
}

/** A queued read: its IP, the oldest listing it accepts, and the earliest time its read may have begun. */
interface Read {
  ip: string;
  maxAgeMs: number;
  notBefore: number;
}

/** A zone's mappings as of one listing, by canonical IP. */
interface Listing {
  at: number;
  byIp: Map<string, OriginCloudRegionRecord>;
}

class ZoneQueues {
  listing?: Listing;
  private listingInFlight?: Promise<Listing>;
  /** When the listing under way began. */
  private listingInFlightAt = 0;
  /** Mappings the last listing found: what another costs (pages). */
  private lastListingSize?: number;
  /** This client's writes while a listing is under way (which may or may not show them), to apply once it lands. */
  private writesDuringListing?: Map<string, OriginCloudRegionRecord | null | undefined>;
  readonly gets: Lane<Read, OriginCloudRegionRecord | undefined>;
  readonly puts: Lane<OriginCloudRegionRecordInput, OriginCloudRegionRecord>;
  readonly deletes: Lane<string, { origin_ip: string }>;

  constructor(
    private readonly api: OriginCloudRegionsClient,
    private readonly zoneId: string,
    private readonly now: () => number,
  ) {
    this.gets = new Lane((batch) => this.flushGets(batch));
    this.puts = new Lane((batch) => this.flushPuts(batch));
    this.deletes = new Lane((batch) => this.flushDeletes(batch));
  }

  /** A new listing of the zone, shared with concurrent callers: one already under way is joined. */
  private relist(): Promise<Listing> {
    this.listingInFlight ??= (async () => {
      const at = (this.listingInFlightAt = this.now());
      const writes = (this.writesDuringListing = new Map());
      try {
        const all = await this.api.list(this.zoneId);
        this.lastListingSize = all.length;
        const listing: Listing = { at, byIp: new Map() };
        for (const m of all) listing.byIp.set(tryCanonicalizeIp(m.origin_ip) ?? m.origin_ip, m);
        let known = true;
        for (const [ip, mapping] of writes) known = apply(listing, ip, mapping) && known;
        // A write of unknown outcome meanwhile: this listing answers the reads that asked for it, and no later ones.
        if (known) this.listing = listing;
        return listing;
      } finally {
        this.listingInFlight = undefined;
        this.writesDuringListing = undefined;
      }
    })();
    return this.listingInFlight;
  }

  /** Keeps the listing true to this client's own writes (`undefined`: the IP's state is unknown, forget the listing). */
  remember(ip: string, mapping: OriginCloudRegionRecord | null | undefined): void {
    this.writesDuringListing?.set(ip, mapping);
    if (this.listing && !apply(this.listing, ip, mapping)) this.listing = undefined;
  }

  /** A listing begun at or after `notBefore`: one under way that began earlier is waited out, not joined. */
  private async relistSince(notBefore: number): Promise<Listing> {
    while (this.listingInFlight && this.listingInFlightAt < notBefore)
      await this.listingInFlight.catch(() => undefined);
    return this.relist();
  }

  /**
   * Reads from the listing where it is young enough and began late enough; the rest from one new listing shared by
   * all, or single GETs for one read, or for reads that must be new and are fewer than a listing's pages (so an
   * adopting create costs at most one GET, as without batching).
   */
  private async flushGets(batch: Pending<Read, OriginCloudRegionRecord | undefined>[]): Promise<void> {
    const listing = this.listing;
    const open: typeof batch = [];
    for (const p of batch) {
      if (listing && this.now() - listing.at < p.item.maxAgeMs && listing.at >= p.item.notBefore)
        p.resolve(listing.byIp.get(p.item.ip));
      else open.push(p);
    }
    if (open.length === 0) return;
    const notBefore = Math.max(...open.map((p) => p.item.notBefore));
    const pages = Math.max(1, Math.ceil((this.lastListingSize ?? 0) / LIST_PAGE_SIZE));
    if (open.length === 1 || (notBefore > -Infinity && open.length < pages)) {
      await Promise.all(open.map((p) => this.api.get(this.zoneId, p.item.ip).then(p.resolve, p.reject)));
      return;
    }
    const fresh = await this.relistSince(notBefore);
    for (const p of open) p.resolve(fresh.byIp.get(p.item.ip));
  }

  private async flushPuts(batch: Pending<OriginCloudRegionRecordInput, OriginCloudRegionRecord>[]): Promise<void> {
    for (let i = 0; i < batch.length; i += MAX_BATCH_ITEMS) await this.putChunk(batch.slice(i, i + MAX_BATCH_ITEMS));
  }

  private async putChunk(chunk: Pending<OriginCloudRegionRecordInput, OriginCloudRegionRecord>[]): Promise<void> {
    if (chunk.length === 1) return this.putOne(chunk[0]);
    let result: BatchResult;
    try {
      result = await this.api.batchPut(
        this.zoneId,
        chunk.map((p) => p.item),
      );
    } catch (e) {
      return this.afterBatchFailure(e, chunk, putLanded, (p) => this.putOne(p));
    }
    const succeeded = byIp(result.succeeded);
    const failed = byIp(result.failed);
    const unlisted: typeof chunk = [];
    for (const p of chunk) {
      const ip = p.item.origin_ip;
      const ok = succeeded.get(ip);
      const bad = failed.get(ip);
      if (ok && ok.vendor === p.item.vendor && ok.region === p.item.region) {
        const stored: OriginCloudRegionRecord = { origin_ip: ip, vendor: ok.vendor, region: ok.region };
        this.remember(ip, stored);
        p.resolve(stored);
      } else if (bad) p.reject(batchItemError("PUT", mappingPath(this.zoneId, ip), bad.error, 1));
      else unlisted.push(p);
    }
    if (unlisted.length > 0)
      await this.afterBatchFailure(this.unaccounted("PUT", unlisted.length), unlisted, putLanded, (p) =>
        this.putOne(p),
      );
  }

  private async putOne(p: Pending<OriginCloudRegionRecordInput, OriginCloudRegionRecord>): Promise<void> {
    try {
      const stored = await this.api.put(this.zoneId, p.item);
      this.remember(p.item.origin_ip, stored);
      p.resolve(stored);
    } catch (e) {
      if (isUncertainWrite(e)) this.remember(p.item.origin_ip, undefined);
      p.reject(e);
    }
  }

  private async flushDeletes(batch: Pending<string, { origin_ip: string }>[]): Promise<void> {
    for (let i = 0; i < batch.length; i += MAX_BATCH_ITEMS) await this.deleteChunk(batch.slice(i, i + MAX_BATCH_ITEMS));
  }

  private async deleteChunk(chunk: Pending<string, { origin_ip: string }>[]): Promise<void> {
    if (chunk.length === 1) return this.deleteOne(chunk[0]);
    let result: BatchResult;
    try {
      result = await this.api.batchDelete(
        this.zoneId,
        chunk.map((p) => p.item),
      );
    } catch (e) {
      return this.afterBatchFailure(e, chunk, deleteLanded, (p) => this.deleteOne(p));
    }
    const succeeded = byIp(result.succeeded);
    const failed = byIp(result.failed);
    const unlisted: typeof chunk = [];
    for (const p of chunk) {
      const bad = failed.get(p.item);
      if (succeeded.has(p.item)) {
        this.remember(p.item, null);
        p.resolve({ origin_ip: p.item });
      } else if (bad) p.reject(batchItemError("DELETE", mappingPath(this.zoneId, p.item), bad.error, 1));
      else unlisted.push(p);
    }
    if (unlisted.length > 0)
      await this.afterBatchFailure(this.unaccounted("DELETE", unlisted.length), unlisted, deleteLanded, (p) =>
        this.deleteOne(p),
      );
  }

  /** The uncertain outcome of the items a batch answer put in neither list: they may have been applied. */
  private unaccounted(method: "PUT" | "DELETE", items: number): CloudflareApiError {
    const detail = `the batch answer did not say what became of ${items === 1 ? "this item" : `${items} of its items`}`;
    return new CloudflareApiError({
      kind: "invalidResponse",
      method,
      path: mappingPath(this.zoneId, "batch"),
      status: 200,
      attempts: 1,
      detail,
      mayHaveBeenApplied: true,
    });
  }

  private async deleteOne(p: Pending<string, { origin_ip: string }>): Promise<void> {
    try {
      const gone = await this.api.delete(this.zoneId, p.item);
      this.remember(p.item, null);
      p.resolve(gone);
    } catch (e) {
      if (isUncertainWrite(e)) this.remember(p.item, undefined);
      p.reject(e);
    }
  }

  /**
   * A batch call that failed as a whole. Its answer lost: one listing settles every item (in place → that item's
   * success; not → the item alone, as a single call). Refused as a whole (the cap, a bad request): every item alone,
   * so each gets its own answer. Anything else (credentials, rate limit past the budget): every item gets the error.
   */
  private async afterBatchFailure<I extends { origin_ip: string } | string, R>(
    error: unknown,
    chunk: Pending<I, R>[],
    landed: (p: Pending<I, R>, now: OriginCloudRegionRecord | undefined) => R | undefined,
    alone: (p: Pending<I, R>) => Promise<void>,
  ): Promise<void> {
    const ipOf = (p: Pending<I, R>) => (typeof p.item === "string" ? p.item : p.item.origin_ip);
    if (isUncertainWrite(error)) {
      this.listing = undefined;
      let listing: Listing;
      try {
        // A listing under way may have begun before this batch was sent, and not show what it wrote: wait it out.
        await this.listingInFlight?.catch(() => undefined);
        listing = await this.relist();
      } catch (readError) {
        const why = readError instanceof Error ? readError.message : String(readError);
        const unsettled = (error as CloudflareApiError).afterReadBack(
          true,
          `the answer was lost and listing the zone failed too (${why})`,
        );
        for (const p of chunk) p.reject(unsettled);
        return;
      }
      await Promise.all(
        chunk.map((p) => {
          const value = landed(p, listing.byIp.get(ipOf(p)));
          return value !== undefined ? Promise.resolve(p.resolve(value)) : alone(p);
        }),
      );
      return;
    }
    const refusedAsAWhole =
      error instanceof CloudflareApiError &&
      error.kind === "api" &&
      (error.codes.includes(1164) || error.status === 400);
    if (refusedAsAWhole) {
      await Promise.all(chunk.map(alone));
      return;
    }
    for (const p of chunk) p.reject(error);
  }
}

/** A PUT a listing shows in place: the mapping as listed, under the IP asked for. */
function putLanded(
  p: Pending<OriginCloudRegionRecordInput, OriginCloudRegionRecord>,
  now: OriginCloudRegionRecord | undefined,
): OriginCloudRegionRecord | undefined {
  return now && now.vendor === p.item.vendor && now.region === p.item.region
    ? { ...now, origin_ip: p.item.origin_ip }
    : undefined;
}

/** A DELETE a listing shows done. */
function deleteLanded(
  p: Pending<string, { origin_ip: string }>,
  now: OriginCloudRegionRecord | undefined,
): { origin_ip: string } | undefined {
  return now === undefined ? { origin_ip: p.item } : undefined;
}

/** Applies one write to a listing: `null` deleted, `undefined` unknown (returns false: the listing no longer holds). */
function apply(listing: Listing, ip: string, mapping: OriginCloudRegionRecord | null | undefined): boolean {
  if (mapping === undefined) return false;
  if (mapping === null) listing.byIp.delete(ip);
  else listing.byIp.set(ip, mapping);
  return true;
}

function byIp(items: BatchItem[]): Map<string, BatchItem> {
  return new Map(items.map((i) => [tryCanonicalizeIp(String(i.origin_ip)) ?? String(i.origin_ip), i]));
}

/**
 * An {@link OriginCloudRegionsClient} that coalesces the concurrent calls of each zone (see the module comment).
 * `get`, `put` and `delete` expect canonical IPs (the provider canonicalizes them first); `list`, the batch calls and
 * `supportedRegions` pass straight through.
 */
export class CoalescingClient implements OriginCloudRegionsClient {
  private readonly zones = new Map<string, ZoneQueues>();

  constructor(
    private readonly api: OriginCloudRegionsClient,
    private readonly now: () => number = Date.now,
  ) {}

  private zone(zoneId: string): ZoneQueues {
    let z = this.zones.get(zoneId);
    if (!z) this.zones.set(zoneId, (z = new ZoneQueues(this.api, zoneId, this.now)));
    return z;
  }

  /**
   * The mapping, from a listing of the zone younger than `options.maxAgeMs` (default {@link LISTING_MAX_AGE_MS}) and
   * begun at or after `options.notBefore` (this client's clock) when one is at hand or concurrent reads share one, else
   * from a single GET.
   */
  get(zoneId: string, originIp: string, options: ReadOptions = {}): Promise<OriginCloudRegionRecord | undefined> {
    return this.zone(zoneId).gets.add({
      ip: originIp,
      maxAgeMs: options.maxAgeMs ?? LISTING_MAX_AGE_MS,
      notBefore: options.notBefore ?? -Infinity,
    });
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
