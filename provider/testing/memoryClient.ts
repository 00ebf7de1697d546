/**
 * An in-memory Cloudflare zone store behind the API client's interface, for the test kit: the provider's own
 * operations and the lookups run against it unchanged, with no network. It answers as Cloudflare does where the
 * provider relies on it: a GET of a missing mapping is `undefined`, a DELETE of one is a 404 (code 1142), a region the
 * zone does not support is refused (code 1157), IPs are keyed in canonical form.
 */
import {
  CloudflareApiError,
  type BatchResult,
  type OriginCloudRegionRecord,
  type OriginCloudRegionRecordInput,
  type OriginCloudRegionsClient,
  type SupportedRegions,
} from "../api";
import { mappingPath } from "../api/originCloudRegions";
import { canonicalizeIp, compareIps } from "../api/ip";

/** What the store needs besides its zones: each zone's supported regions, and the clock for `modified_on`. */
export interface MemoryZoneOptions {
  regionsOf: (zoneId: string) => SupportedRegions;
  now: () => Date;
}

/** Zones held in memory (zone id → canonical IP → mapping); a zone never described is empty. */
export class MemoryClient implements OriginCloudRegionsClient {
  private readonly zones = new Map<string, Map<string, OriginCloudRegionRecord>>();

  constructor(private readonly options: MemoryZoneOptions) {}

  /** Puts a mapping as it already stands in the zone (the test's description), keeping its `modified_on`. */
  seed(zoneId: string, mapping: OriginCloudRegionRecord): void {
    const ip = canonicalizeIp(mapping.origin_ip);
    this.zone(zoneId).set(ip, { ...mapping, origin_ip: ip });
  }

  /** The zone's mappings now, in address order (IPv4 first, then IPv6, each numerically). */
  snapshot(zoneId: string): OriginCloudRegionRecord[] {
    return [...this.zone(zoneId).values()].map((m) => ({ ...m })).sort((a, b) => compareIps(a.origin_ip, b.origin_ip));
  }

  /** `GET /zones/{zone_id}/origin/cloud_regions/{origin_ip}` in memory. */
  async get(zoneId: string, originIp: string): Promise<OriginCloudRegionRecord | undefined> {
    const found = this.zone(zoneId).get(canonicalizeIp(originIp));
    return found && { ...found };
  }

  /** `PUT /zones/{zone_id}/origin/cloud_regions/{origin_ip}` in memory. */
  async put(zoneId: string, mapping: OriginCloudRegionRecordInput): Promise<OriginCloudRegionRecord> {
    const problem = this.refusal(zoneId, mapping);
    if (problem) throw apiError("PUT", mappingPath(zoneId, mapping.origin_ip), 400, 1157, problem);
    return { ...this.write(zoneId, mapping) };
  }

  /** `DELETE /zones/{zone_id}/origin/cloud_regions/{origin_ip}` in memory. */
  async delete(zoneId: string, originIp: string): Promise<{ origin_ip: string }> {
    const ip = canonicalizeIp(originIp);
    if (!this.zone(zoneId).delete(ip)) throw apiError("DELETE", mappingPath(zoneId, originIp), 404, 1142, NOT_FOUND);
    return { origin_ip: ip };
  }

  /** `GET /zones/{zone_id}/origin/cloud_regions` in memory (all of the zone). */
  async list(zoneId: string): Promise<OriginCloudRegionRecord[]> {
    return [...this.zone(zoneId).values()].map((m) => ({ ...m }));
  }

  /** `PUT /zones/{zone_id}/origin/cloud_regions/batch` in memory: each item succeeds or fails on its own. */
  async batchPut(zoneId: string, items: OriginCloudRegionRecordInput[]): Promise<BatchResult> {
    const result: BatchResult = { succeeded: [], failed: [] };
    for (const item of items) {
      const problem = this.refusal(zoneId, item);
      if (problem) result.failed.push({ ...item, error: problem });
      else result.succeeded.push(this.write(zoneId, item));
    }
    return result;
  }

  /** `DELETE /zones/{zone_id}/origin/cloud_regions/batch` in memory. */
  async batchDelete(zoneId: string, originIps: string[]): Promise<BatchResult> {
    const result: BatchResult = { succeeded: [], failed: [] };
    for (const ip of originIps) {
      if (this.zone(zoneId).delete(canonicalizeIp(ip))) result.succeeded.push({ origin_ip: ip });
      else result.failed.push({ origin_ip: ip, error: NOT_FOUND });
    }
    return result;
  }

  /** `GET /zones/{zone_id}/origin/cloud_regions/supported_regions`: the zone's table. */
  async supportedRegions(zoneId: string): Promise<SupportedRegions> {
    return this.options.regionsOf(zoneId);
  }

  private zone(zoneId: string): Map<string, OriginCloudRegionRecord> {
    const id = zoneId.toLowerCase();
    let zone = this.zones.get(id);
    if (!zone) this.zones.set(id, (zone = new Map()));
    return zone;
  }

  private write(zoneId: string, mapping: OriginCloudRegionRecordInput): OriginCloudRegionRecord {
    const ip = canonicalizeIp(mapping.origin_ip);
    // RFC 3339 in whole seconds, as Cloudflare writes modified_on.
    const stored = {
      origin_ip: ip,
      vendor: mapping.vendor,
      region: mapping.region,
      modified_on: this.options
        .now()
        .toISOString()
        .replace(/\.\d+Z$/, "Z"),
    };
    this.zone(zoneId).set(ip, stored);
    return stored;
  }

  /** Cloudflare's words when the zone does not support the vendor/region (error 1157), else undefined. */
  private refusal(zoneId: string, mapping: OriginCloudRegionRecordInput): string | undefined {
    const regions = this.options.regionsOf(zoneId).vendors[mapping.vendor] ?? [];
    if (regions.some((r) => r.name === mapping.region)) return undefined;
    return "The vendor provided doesn't exist or the region provided does not exist for the specified cloud vendor";
  }
}

const NOT_FOUND = "Unable to retrieve origin_public_cloud_region setting value. The zone setting does not exist.";

function apiError(method: string, path: string, status: number, code: number, message: string): CloudflareApiError {
  return new CloudflareApiError({ kind: "api", method, path, status, errors: [{ code, message }], attempts: 1 });
}
