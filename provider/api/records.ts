/**
 * Cloudflare's wire shapes for origin cloud region mappings (snake_case, exactly as the v2 API sends them), and the
 * few operations every layer performs on them: index by canonical IP, compare values, cut into batches.
 */
import { tryCanonicalizeIp } from "./ip";

/** A cloud vendor Cloudflare can map an origin to, in the lower-case spelling the API requires. */
export type Vendor = "aws" | "azure" | "gcp" | "oci";

/** A stored mapping, exactly as Cloudflare returns it (snake_case wire shape). */
export interface OriginCloudRegionRecord {
  /** The origin IP in canonical form: dotted quad for IPv4, RFC 5952 for IPv6 (`2001:db8::1`). */
  origin_ip: string;
  /** The cloud hosting the origin. */
  vendor: Vendor;
  /** The vendor's region, e.g. `us-east-1`. */
  region: string;
  /** When Cloudflare last changed the mapping: RFC 3339, UTC (`2026-03-01T12:00:00Z`). */
  modified_on?: string;
}

/** Body of a PUT, or one item of a batch PUT (snake_case wire shape). */
export interface OriginCloudRegionRecordInput {
  /** The origin IP, any valid spelling; Cloudflare stores it canonical. The same text goes in the path and the body. */
  origin_ip: string;
  /** The cloud hosting the origin. */
  vendor: Vendor;
  /** One of the vendor's regions that `supported_regions` lists. */
  region: string;
}

/** One item of a batch result: `vendor`/`region` on succeeded items, `error` on failed ones. */
export interface BatchItem {
  /** The item's IP, canonical on succeeded items. */
  origin_ip: string;
  /** The vendor written (batch PUT) or removed (batch DELETE). */
  vendor?: Vendor;
  /** The region written (batch PUT) or removed (batch DELETE). */
  region?: string;
  /** Why the item failed, in Cloudflare's words. */
  error?: string;
}

/**
 * Answer of a batch call: every item lands in exactly one of the two lists, in request order. The client keeps only
 * items about IPs it sent (a succeeded PUT item only when it holds the vendor/region sent): an IP in neither list is one
 * the answer did not account for, which may have been applied; settle it by reading.
 */
export interface BatchResult {
  /** Items applied. */
  succeeded: BatchItem[];
  /** Items refused, each with its `error`; the others were applied all the same. */
  failed: BatchItem[];
}

/** Answer of `GET /zones/{zone_id}/origin/cloud_regions/supported_regions` (snake_case wire shape). */
export interface SupportedRegions {
  /** Whether the IATA colo codes were resolved; when false `upper_tier_colos` may be empty or incomplete. */
  obtained_codes: boolean;
  /** Per vendor, its regions and the Tiered Cache upper-tier colos (IATA codes such as `IAD`) serving each. */
  vendors: Partial<Record<Vendor, { name: string; upper_tier_colos: string[] }[]>>;
}

/** How fresh the answer of {@link OriginCloudRegionsClient.get} must be. */
export interface ReadOptions {
  /** A shared listing at most this old (milliseconds) may answer. */
  maxAgeMs?: number;
  /** Only a read begun at or after this time (milliseconds since the epoch, on the client's clock) may answer. */
  notBefore?: number;
}

/** Most items in one batch request (Cloudflare's `maxItems`). */
export const MAX_BATCH_ITEMS = 100;

/** The key an IP is compared by: its canonical form (RFC 5952), or its text as written when it does not parse. */
export function ipKey(ip: string): string {
  return tryCanonicalizeIp(ip) ?? ip;
}

/** Records keyed by {@link ipKey} of their origin IP. */
export function byCanonicalIp<T extends { origin_ip: string }>(items: Iterable<T>): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) map.set(ipKey(item.origin_ip), item);
  return map;
}

/** Whether a stored record holds the vendor and region of `wanted` (false when there is no record). */
export function sameValues(
  record: { vendor?: string; region?: string } | undefined,
  wanted: { vendor: string; region: string },
): boolean {
  return record !== undefined && record.vendor === wanted.vendor && record.region === wanted.region;
}

/** `items` cut into consecutive batches of at most `size` (Cloudflare's batch endpoints take 1..100 items). */
export function batchesOf<T>(items: readonly T[], size: number = MAX_BATCH_ITEMS): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}
