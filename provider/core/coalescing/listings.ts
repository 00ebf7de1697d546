/**
 * Reads on one zone coalesced into listings: one paged listing answers every concurrent read, and later reads too while
 * it is young enough, kept true to this client's own writes.
 */
import { LIST_PAGE_SIZE, type OriginCloudRegionsClient } from "../../api/originCloudRegions";
import { byCanonicalIp, type OriginCloudRegionRecord } from "../../api/records";
import type { Pending } from "./lane";

/**
 * How old a zone listing may be and still answer a read (milliseconds), unless the caller allows more. It bounds how
 * long a mapping someone else creates outside this deployment can go unseen by a create's existence check.
 */
export const LISTING_MAX_AGE_MS = 10_000;

/** A queued read: its IP, the oldest listing it accepts, and the earliest time its read may have begun. */
export interface Read {
  ip: string;
  maxAgeMs: number;
  notBefore: number;
}

/** A zone's mappings as of one listing, by canonical IP. */
export interface Listing {
  at: number;
  byIp: Map<string, OriginCloudRegionRecord>;
}

/** What this client's own write left at an IP: the mapping, `null` none, `undefined` unknown (an answer lost). */
export type Written = OriginCloudRegionRecord | null | undefined;

/** One zone's listings: the one at hand, the one under way, and the reads they answer. */
export class ZoneListings {
  private listing?: Listing;
  private listingInFlight?: Promise<Listing>;
  /** When the listing under way began. */
  private listingInFlightAt = 0;
  /** Mappings the last listing found: what another costs (pages). */
  private lastListingSize?: number;
  /** This client's writes while a listing is under way (which may or may not show them), to apply once it lands. */
  private writesDuringListing?: Map<string, Written>;

  constructor(
    private readonly api: OriginCloudRegionsClient,
    private readonly zoneId: string,
    private readonly now: () => number,
  ) {}

  /**
   * Reads from the listing where it is young enough and began late enough; the rest from one new listing shared by
   * all, or single GETs for one read, or for reads that must be new and are fewer than a listing's pages (so an
   * adopting create costs at most one GET, as without batching).
   */
  async read(batch: Pending<Read, OriginCloudRegionRecord | undefined>[]): Promise<void> {
    const open = this.answerFromListing(batch);
    if (open.length === 0) return;
    const notBefore = Math.max(...open.map((p) => p.item.notBefore));
    if (this.singleGetsFor(open.length, notBefore)) {
      await Promise.all(open.map((p) => this.api.get(this.zoneId, p.item.ip).then(p.resolve, p.reject)));
      return;
    }
    const fresh = await this.relistSince(notBefore);
    for (const p of open) p.resolve(fresh.byIp.get(p.item.ip));
  }

  /**
   * The listing at hand's answer to `read` (`{ mapping }`, undefined where it shows none) if it is young enough and
   * began late enough to give one; undefined if it may not answer. Such a read needs no request: it need not wait.
   */
  atHand(read: Read): { mapping: OriginCloudRegionRecord | undefined } | undefined {
    const listing = this.listing;
    if (listing && this.now() - listing.at < read.maxAgeMs && listing.at >= read.notBefore)
      return { mapping: listing.byIp.get(read.ip) };
    return undefined;
  }

  /** Answers the reads the listing at hand may answer; returns the others. */
  private answerFromListing<P extends Pending<Read, OriginCloudRegionRecord | undefined>>(batch: P[]): P[] {
    const open: P[] = [];
    for (const p of batch) {
      const answer = this.atHand(p.item);
      if (answer) p.resolve(answer.mapping);
      else open.push(p);
    }
    return open;
  }

  /** Whether single GETs answer `reads` reads, rather than a listing (see {@link read}). */
  private singleGetsFor(reads: number, notBefore: number): boolean {
    const pages = Math.max(1, Math.ceil((this.lastListingSize ?? 0) / LIST_PAGE_SIZE));
    return reads === 1 || (notBefore > -Infinity && reads < pages);
  }

  /** Keeps the listing true to this client's own writes (`undefined`: the IP's state is unknown, forget the listing). */
  remember(ip: string, mapping: Written): void {
    this.writesDuringListing?.set(ip, mapping);
    if (this.listing && !apply(this.listing, ip, mapping)) this.listing = undefined;
  }

  /** A listing sure to show a write whose answer was lost: none at hand, nor one under way (begun perhaps before it). */
  async relistAfterLostAnswer(): Promise<Listing> {
    this.listing = undefined;
    await this.listingInFlight?.catch(() => undefined);
    return this.relist();
  }

  /** A listing begun at or after `notBefore`: one under way that began earlier is waited out, not joined. */
  private async relistSince(notBefore: number): Promise<Listing> {
    while (this.listingInFlight && this.listingInFlightAt < notBefore)
      await this.listingInFlight.catch(() => undefined);
    return this.relist();
  }

  /** A new listing of the zone, shared with concurrent callers: one already under way is joined. */
  private relist(): Promise<Listing> {
    this.listingInFlight ??= (async () => {
      const at = (this.listingInFlightAt = this.now());
      const writes = (this.writesDuringListing = new Map<string, Written>());
      try {
        return this.landed(at, await this.api.list(this.zoneId), writes);
      } finally {
        this.listingInFlight = undefined;
        this.writesDuringListing = undefined;
      }
    })();
    return this.listingInFlight;
  }

  /** The listing begun at `at`, with this client's writes meanwhile; kept to answer later reads if they are known. */
  private landed(at: number, all: OriginCloudRegionRecord[], writes: Map<string, Written>): Listing {
    this.lastListingSize = all.length;
    const listing: Listing = { at, byIp: byCanonicalIp(all) };
    let known = true;
    for (const [ip, mapping] of writes) known = apply(listing, ip, mapping) && known;
    // A write of unknown outcome meanwhile: this listing answers the reads that asked for it, and no later ones.
    if (known) this.listing = listing;
    return listing;
  }
}

/** Applies one write to a listing: `null` deleted, `undefined` unknown (returns false: the listing no longer holds). */
function apply(listing: Listing, ip: string, mapping: Written): boolean {
  if (mapping === undefined) return false;
  if (mapping === null) listing.byIp.delete(ip);
  else listing.byIp.set(ip, mapping);
  return true;
}
