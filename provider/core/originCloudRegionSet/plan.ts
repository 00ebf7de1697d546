/**
 * What one OriginCloudRegionSet operation starts from and decides: the set's entries, the zone's mappings as one
 * listing shows them, and the writes that turn one into the other (sent by writes.ts).
 */
import type { OriginCloudRegionRecord, OriginCloudRegionsClient, Vendor } from "../../api";
import { byCanonicalIp, sameValues } from "../../api/records";
import { failureError } from "../../shared/diagnostics";
import { failureWording } from "../providerContext";

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

/** What turns one set of entries into another, by canonical IP. */
export interface SetChanges {
  added: string[];
  changed: string[];
  removed: string[];
  /** Entries in both, with the same values. */
  unchanged: string[];
  /** Whether it is something. */
  any: boolean;
}

/** A mapping's vendor and region: the set's entry for it. */
export const entryOf = (m: OriginCloudRegionRecord): SetEntry => ({ vendor: m.vendor, region: m.region });

/** The zone's mappings by canonical IP (one paged listing); a failure is one diagnostic line naming `action`. */
export async function listZone(api: OriginCloudRegionsClient, zoneId: string, action: string): Promise<Listing> {
  let all: OriginCloudRegionRecord[];
  try {
    all = await api.list(zoneId);
  } catch (e) {
    throw failureError(action, e, failureWording());
  }
  return byCanonicalIp(all);
}

/** The entries among `ips` that the zone holds, as it holds them (adopted ones included, as they are). */
export function existingOf(ips: string[], listing: Listing): Record<string, SetEntry> {
  const exists: Record<string, SetEntry> = {};
  for (const ip of ips) {
    const now = listing.get(ip);
    if (now) exists[ip] = entryOf(now);
  }
  return exists;
}

/** What turns `olds` into `news`, by canonical IP. */
export function changesOf(olds: Record<string, SetEntry>, news: Record<string, SetEntry>): SetChanges {
  const added = Object.keys(news).filter((ip) => !(ip in olds));
  const changed = Object.keys(news).filter((ip) => ip in olds && !sameValues(olds[ip], news[ip]));
  const removed = Object.keys(olds).filter((ip) => !(ip in news));
  const unchanged = Object.keys(news).filter((ip) => ip in olds && sameValues(olds[ip], news[ip]));
  return { added, changed, removed, unchanged, any: added.length + changed.length + removed.length > 0 };
}

/**
 * What turns the zone as `listing` shows it into `desired`, plus the deletes of `removed` IPs the zone still holds:
 * entries the zone already holds as declared are written not at all.
 */
export function planWrites(desired: Record<string, SetEntry>, listing: Listing, removed: string[] = []): SetWrites {
  const puts = Object.keys(desired).filter((ip) => !sameValues(listing.get(ip), desired[ip]));
  const deletes = removed.filter((ip) => listing.has(ip));
  const additions = puts.filter((ip) => !listing.has(ip));
  return {
    deletes,
    rewrites: puts.filter((ip) => listing.has(ip)),
    additions,
    fits: listing.size - deletes.length + additions.length <= MAX_SET_ENTRIES,
  };
}
