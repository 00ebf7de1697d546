/**
 * In-memory state of the fake: per zone, canonical IP → mapping, plus the zone's Tiered Cache flag.
 *
 * Keys are always canonical IPs (callers canonicalize first). A JavaScript Map keeps insertion order, which is
 * the fake's list order (§12 #5); replacing an entry keeps its position, delete + re-add moves it to the end.
 */

/** A stored mapping, in wire shape. */
export interface StoredMapping {
  origin_ip: string;
  vendor: string;
  region: string;
  modified_on: string;
}

interface Zone {
  mappings: Map<string, StoredMapping>;
  tieredCache: boolean;
}

/** RFC 3339, UTC, whole seconds, `Z` suffix — the shape of every documented `modified_on` example. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Zones, their mappings and their Tiered Cache flags. */
export class MappingStore {
  private readonly zones = new Map<string, Zone>();

  /** @param cap maximum mappings per zone; only NEW IPs are refused at the cap (§12 #7). */
  constructor(
    readonly cap: number,
    private readonly now: () => Date,
  ) {}

  /** All mappings of a zone, copied, in insertion order. */
  list(zoneId: string): StoredMapping[] {
    return [...(this.zones.get(zoneId)?.mappings.values() ?? [])].map((m) => ({ ...m }));
  }

  /** Number of mappings in a zone. */
  count(zoneId: string): number {
    return this.zones.get(zoneId)?.mappings.size ?? 0;
  }

  /** The mapping for a canonical IP, copied. */
  get(zoneId: string, ip: string): StoredMapping | undefined {
    const found = this.zones.get(zoneId)?.mappings.get(ip);
    return found && { ...found };
  }

  /** Whether adding these canonical IPs (duplicates and existing ones count once/not at all) would pass the cap. */
  wouldExceedCap(zoneId: string, ips: Iterable<string>): boolean {
    const existing = this.zones.get(zoneId)?.mappings;
    const fresh = new Set([...ips].filter((ip) => !existing?.has(ip)));
    return this.count(zoneId) + fresh.size > this.cap;
  }

  /**
   * Creates or replaces a mapping. `modified_on` moves only when vendor or region change (§12 #8), unless
   * `modifiedOn` is given (seeding). The cap is the caller's job, so a whole batch can be checked up front.
   */
  upsert(zoneId: string, ip: string, vendor: string, region: string, modifiedOn?: string): StoredMapping {
    const zone = this.zone(zoneId);
    const previous = zone.mappings.get(ip);
    const unchanged = previous && previous.vendor === vendor && previous.region === region;
    const modified_on = modifiedOn ?? (unchanged ? previous.modified_on : formatTimestamp(this.now()));
    const entry = { origin_ip: ip, vendor, region, modified_on };
    zone.mappings.set(ip, entry);
    return { ...entry };
  }

  /** Removes a mapping; returns what was removed. */
  delete(zoneId: string, ip: string): StoredMapping | undefined {
    const zone = this.zones.get(zoneId);
    const found = zone?.mappings.get(ip);
    if (found) zone!.mappings.delete(ip);
    return found;
  }

  /** Tiered Cache flag; zones start enabled (§13). */
  tieredCache(zoneId: string): boolean {
    return this.zones.get(zoneId)?.tieredCache ?? true;
  }

  /** Turns Tiered Cache on or off for a zone. */
  setTieredCache(zoneId: string, enabled: boolean): void {
    this.zone(zoneId).tieredCache = enabled;
  }

  private zone(zoneId: string): Zone {
    let zone = this.zones.get(zoneId);
    if (!zone) {
      zone = { mappings: new Map(), tieredCache: true };
      this.zones.set(zoneId, zone);
    }
    return zone;
  }
}
