/**
 * The writes of one OriginCloudRegionSet operation: batch DELETEs, then batch PUTs of mappings the zone already holds
 * (rewrites), then batch PUTs of mappings it does not (additions), ≤ 100 items each. Only additions take room under
 * the zone's cap (Cloudflare error 1164 refuses a batch whole when its new IPs would pass it), so they go last and
 * alone: a refusal for the cap then costs no change to an existing mapping, and the additions that still fit are
 * written one at a time until the zone is full.
 */
import {
  isNotFound,
  isUncertainWrite,
  MAX_BATCH_ITEMS,
  type BatchItem,
  type OriginCloudRegionRecord,
  type OriginCloudRegionsClient,
  type Vendor,
} from "../../api";
import { batchItemError, CloudflareApiError } from "../../api/errors";
import { mappingPath } from "../../api/originCloudRegions";
import { describeFailure, failureError } from "../../shared/diagnostics";
import { tryCanonicalizeIp } from "../../api/ip";

/** Most mappings a zone can hold, so most entries a set can declare (Cloudflare's per-zone cap, error 1164). */
export const MAX_SET_ENTRIES = 3500;

/** One mapping of a set, keyed by its canonical IP. */
export interface SetEntry {
  vendor: Vendor;
  region: string;
}

/** The zone's mappings by canonical IP, from one paged listing. */
export type Listing = Map<string, OriginCloudRegionRecord>;

/** What one operation writes, by canonical IP. */
export interface SetWrites {
  /** The set's mappings to remove, that the zone holds. */
  deletes: string[];
  /** Mappings the zone holds with other values than declared: rewriting them takes no room. */
  rewrites: string[];
  /** Mappings the zone does not hold: each takes room under the cap. */
  additions: string[];
  /**
   * Whether the additions fit under the cap as the listing counts the zone: then rewrites and additions share
   * batches (fewer requests); else the additions go after the rewrites, in batches of their own.
   */
  fits: boolean;
}

/** One item that did not end as asked. */
export interface ItemFailure {
  ip: string;
  reason: string;
}

/** What the writes left: the set's mappings that exist now (as far as the answers and reads show), and the failures. */
export interface WriteOutcome {
  exists: Record<string, SetEntry>;
  failed: ItemFailure[];
}

export const entryOf = (m: OriginCloudRegionRecord): SetEntry => ({ vendor: m.vendor, region: m.region });
/** Whether a mapping (or none) already holds an entry's vendor and region. */
export const same = (m: OriginCloudRegionRecord | undefined, e: SetEntry) =>
  m !== undefined && m.vendor === e.vendor && m.region === e.region;

/** The zone's mappings by canonical IP (one paged listing); a failure is one diagnostic line naming `action`. */
export async function listZone(api: OriginCloudRegionsClient, zoneId: string, action: string): Promise<Listing> {
  let all: OriginCloudRegionRecord[];
  try {
    all = await api.list(zoneId);
  } catch (e) {
    throw failureError(action, e);
  }
  return new Map(all.map((m) => [tryCanonicalizeIp(m.origin_ip) ?? m.origin_ip, m]));
}

/**
 * What turns the zone as `listing` shows it into `desired`, plus the deletes of `removed` IPs the zone still holds:
 * entries the zone already holds as declared are written not at all.
 */
export function planWrites(desired: Record<string, SetEntry>, listing: Listing, removed: string[] = []): SetWrites {
  const puts = Object.keys(desired).filter((ip) => !same(listing.get(ip), desired[ip]));
  const deletes = removed.filter((ip) => listing.has(ip));
  const additions = puts.filter((ip) => !listing.has(ip));
  return {
    deletes,
    rewrites: puts.filter((ip) => listing.has(ip)),
    additions,
    fits: listing.size - deletes.length + additions.length <= MAX_SET_ENTRIES,
  };
}

/** Sends `writes` and returns what exists of the set afterwards, starting from `exists` (see the module comment). */
export function writeSet(
  api: OriginCloudRegionsClient,
  zoneId: string,
  desired: Record<string, SetEntry>,
  writes: SetWrites,
  exists: Record<string, SetEntry>,
): Promise<WriteOutcome> {
  return new SetWriter(api, zoneId, desired, { ...exists }).run(writes);
}

/** A write whose answer was lost (or did not list the item): settled by one listing at the end. */
interface Lost {
  ip: string;
  put: boolean;
  error: unknown;
}

class SetWriter {
  private readonly failed: ItemFailure[] = [];
  private readonly lost: Lost[] = [];
  /** Why the remaining batches are not sent: a batch call failed as a whole (credentials, a bad request …). */
  private stopped?: string;
  /** The addition the zone refused for its cap: no further addition is sent. */
  private full?: string;
  private additions = new Set<string>();

  constructor(
    private readonly api: OriginCloudRegionsClient,
    private readonly zoneId: string,
    private readonly desired: Record<string, SetEntry>,
    private readonly exists: Record<string, SetEntry>,
  ) {}

  async run(writes: SetWrites): Promise<WriteOutcome> {
    this.additions = new Set(writes.additions);
    for (const chunk of chunks(writes.deletes)) await this.send(false, chunk);
    // Together in the declared order where the additions fit; else the additions last, apart (module comment).
    const putChunks = writes.fits
      ? chunks(inOrder(this.desired, [...writes.rewrites, ...writes.additions]))
      : [...chunks(writes.rewrites), ...chunks(writes.additions)];
    for (const chunk of putChunks) await this.sendPuts(chunk);
    if (this.lost.length > 0) await this.settleLost();
    return { exists: this.exists, failed: this.failed };
  }

  private what(ip: string, put: boolean): string {
    return put ? `putting ${ip} (${this.desired[ip].vendor}/${this.desired[ip].region})` : `deleting ${ip}`;
  }

  /**
   * PUTs a chunk; refused whole for the cap, its items go one at a time, so that every rewrite and the additions that
   * fit are written. Once an addition is refused for the cap, no further addition is sent.
   */
  private async sendPuts(chunk: string[]): Promise<void> {
    const refused = await this.send(
      true,
      chunk.filter((ip) => this.mayBeSent(ip)),
    );
    if (!refused) return;
    for (const ip of chunk)
      await this.send(
        true,
        [ip].filter((one) => this.mayBeSent(one)),
      );
  }

  /** False, with the item's failure recorded, for an addition after the zone refused one for its cap. */
  private mayBeSent(ip: string): boolean {
    if (this.full === undefined || !this.additions.has(ip)) return true;
    this.failed.push({
      ip,
      reason: `${this.what(ip, true)} was not sent: the zone is full (Cloudflare error 1164 for ${this.full})`,
    });
    return false;
  }

  /**
   * One batch call. Returns the error when the zone refused the whole PUT for its cap (the caller decides what
   * follows; a single item is failed here); every other outcome is recorded here.
   */
  private async send(put: boolean, chunk: string[]): Promise<CloudflareApiError | undefined> {
    if (chunk.length === 0) return undefined;
    if (this.stopped) {
      this.failed.push(
        ...chunk.map((ip) => ({ ip, reason: `${this.what(ip, put)} was not attempted: ${this.stopped}` })),
      );
      return undefined;
    }
    let result;
    try {
      result = put
        ? await this.api.batchPut(
            this.zoneId,
            chunk.map((ip) => ({ origin_ip: ip, ...this.desired[ip] })),
          )
        : await this.api.batchDelete(this.zoneId, chunk);
    } catch (e) {
      return this.afterFailedCall(put, chunk, e);
    }
    this.record(put, chunk, byIp(result.succeeded), byIp(result.failed));
    return undefined;
  }

  private afterFailedCall(put: boolean, chunk: string[], e: unknown): CloudflareApiError | undefined {
    if (isUncertainWrite(e)) {
      this.lost.push(...chunk.map((ip) => ({ ip, put, error: e })));
      return undefined;
    }
    if (put && isCapRefusal(e)) {
      if (chunk.length > 1) return e;
      if (this.additions.has(chunk[0])) this.full = chunk[0];
      this.failed.push({ ip: chunk[0], reason: describeFailure(this.what(chunk[0], put), e) });
      return undefined;
    }
    this.failed.push(...chunk.map((ip) => ({ ip, reason: describeFailure(this.what(ip, put), e) })));
    this.stopped = "an earlier batch call failed as a whole";
    return undefined;
  }

  /** Per-item results of a batch answer: items the answer does not name are settled by the final listing. */
  private record(
    put: boolean,
    chunk: string[],
    succeeded: Map<string, BatchItem>,
    refused: Map<string, BatchItem>,
  ): void {
    for (const ip of chunk) {
      const bad = refused.get(ip);
      const error = bad && batchItemError(put ? "PUT" : "DELETE", mappingPath(this.zoneId, ip), bad.error, 1);
      if (succeeded.has(ip) || (!put && isNotFound(error))) {
        if (put) this.exists[ip] = this.desired[ip];
        else delete this.exists[ip];
      } else if (error) this.failed.push({ ip, reason: describeFailure(this.what(ip, put), error) });
      else this.lost.push({ ip, put, error: new Error("the batch answer did not list it") });
    }
  }

  /**
   * One listing settles every write whose answer was lost. When it fails too, a PUT is kept in `exists` (it may have
   * landed: never orphaned) and a DELETE stays.
   */
  private async settleLost(): Promise<void> {
    let listing: Listing;
    try {
      listing = await listZone(this.api, this.zoneId, "listing the zone to settle batch calls whose answer was lost");
    } catch (e) {
      for (const { ip, put, error } of this.lost) {
        if (put) this.exists[ip] = this.desired[ip];
        this.failed.push({
          ip,
          reason: `${describeFailure(this.what(ip, put), error)}; the answer was lost and ${(e as Error).message}: run \`pulumi up\` again to settle it`,
        });
      }
      return;
    }
    for (const { ip, put, error } of this.lost) {
      const now = listing.get(ip);
      if (now) this.exists[ip] = entryOf(now);
      else delete this.exists[ip];
      if (put ? !same(now, this.desired[ip]) : now !== undefined) {
        this.failed.push({
          ip,
          reason: `${describeFailure(this.what(ip, put), error)}; a listing of the zone showed it was not applied`,
        });
      }
    }
  }
}

/** Cloudflare's refusal of a whole batch PUT because its new IPs would pass the zone's cap (403, code 1164). */
function isCapRefusal(e: unknown): e is CloudflareApiError {
  return e instanceof CloudflareApiError && e.kind === "api" && e.codes.includes(1164);
}

/** `ips` in the order of `desired`'s keys. */
function inOrder(desired: Record<string, SetEntry>, ips: string[]): string[] {
  const wanted = new Set(ips);
  return Object.keys(desired).filter((ip) => wanted.has(ip));
}

function chunks(ips: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ips.length; i += MAX_BATCH_ITEMS) out.push(ips.slice(i, i + MAX_BATCH_ITEMS));
  return out;
}

function byIp(items: BatchItem[]): Map<string, BatchItem> {
  return new Map(items.map((i) => [tryCanonicalizeIp(String(i.origin_ip)) ?? String(i.origin_ip), i]));
}
