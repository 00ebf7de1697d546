/**
 * The writes of one OriginCloudRegionSet operation: batch DELETEs, then batch PUTs of mappings the zone already holds
 * (rewrites), then batch PUTs of mappings it does not (additions), ≤ 100 items each. Only additions take room under
 * the zone's cap (Cloudflare error 1164 refuses a batch whole when its new IPs would pass it), so they go last and
 * alone: a refusal for the cap then costs no change to an existing mapping, and the additions that still fit are
 * written one at a time until the zone is full.
 */
import { isNotFound, isUncertainWrite, type OriginCloudRegionsClient } from "../../api";
import { batchItemError, CloudflareApiError, isCloudflareApiError } from "../../api/errors";
import { mappingPath } from "../../api/originCloudRegions";
import { batchesOf, byCanonicalIp, sameValues, type BatchItem } from "../../api/records";
import { describeFailure } from "../../shared/diagnostics";
import { failureWording } from "../providerContext";
import { entryOf, listZone, type Listing, type SetEntry, type SetWrites } from "./plan";

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
    for (const chunk of batchesOf(writes.deletes)) await this.send(false, chunk);
    // Together in the declared order where the additions fit; else the additions last, apart (module comment).
    const putChunks = writes.fits
      ? batchesOf(inOrder(this.desired, [...writes.rewrites, ...writes.additions]))
      : [...batchesOf(writes.rewrites), ...batchesOf(writes.additions)];
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
    const refused = await this.send(true, this.sendable(chunk));
    if (!refused) return;
    // One at a time, each checked as it comes: the zone may fill up on the way.
    for (const ip of chunk) await this.send(true, this.sendable([ip]));
  }

  /**
   * The items of `chunk` that may be sent: all of them until the zone refuses an addition for its cap; after that, the
   * rewrites only (each addition held back is failed here).
   */
  private sendable(chunk: string[]): string[] {
    const full = this.full;
    if (full === undefined) return chunk;
    const heldBack = chunk.filter((ip) => this.additions.has(ip));
    this.failed.push(...heldBack.map((ip) => ({ ip, reason: zoneFull(this.what(ip, true), full) })));
    return chunk.filter((ip) => !this.additions.has(ip));
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
    this.record(put, chunk, byCanonicalIp(result.succeeded), byCanonicalIp(result.failed));
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
      this.failed.push({ ip: chunk[0], reason: describeFailure(this.what(chunk[0], put), e, failureWording()) });
      return undefined;
    }
    this.failed.push(...chunk.map((ip) => ({ ip, reason: describeFailure(this.what(ip, put), e, failureWording()) })));
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
      } else if (error) this.failed.push({ ip, reason: describeFailure(this.what(ip, put), error, failureWording()) });
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
        this.failed.push({ ip, reason: unsettled(describeFailure(this.what(ip, put), error, failureWording()), e) });
      }
      return;
    }
    for (const { ip, put, error } of this.lost) {
      const now = listing.get(ip);
      if (now) this.exists[ip] = entryOf(now);
      else delete this.exists[ip];
      if (put ? !sameValues(now, this.desired[ip]) : now !== undefined) {
        this.failed.push({ ip, reason: notApplied(describeFailure(this.what(ip, put), error, failureWording())) });
      }
    }
  }
}

/** Cloudflare's refusal of a whole batch PUT because its new IPs would pass the zone's cap (403, code 1164). */
function isCapRefusal(e: unknown): e is CloudflareApiError {
  return isCloudflareApiError(e) && e.kind === "api" && e.codes.includes(1164);
}

/** `ips` in the order of `desired`'s keys. */
function inOrder(desired: Record<string, SetEntry>, ips: string[]): string[] {
  const wanted = new Set(ips);
  return Object.keys(desired).filter((ip) => wanted.has(ip));
}

/** The failure of an addition held back once the zone refused `full` for its cap. */
function zoneFull(what: string, full: string): string {
  return `${what} was not sent: the zone is full (Cloudflare error 1164 for ${full})`;
}

/** The failure of a write whose answer was lost, when the listing to settle it failed too (`e`). */
function unsettled(failure: string, e: unknown): string {
  return `${failure}; the answer was lost and ${(e as Error).message}: run \`pulumi up\` again to settle it`;
}

/** The failure of a write whose answer was lost and that a listing showed was not applied. */
function notApplied(failure: string): string {
  return `${failure}; a listing of the zone showed it was not applied`;
}
