/** The contract every origin cloud regions client keeps: the HTTP one, the coalescing layer, the in-memory double. */
import type {
  BatchResult,
  OriginCloudRegionRecord,
  OriginCloudRegionRecordInput,
  ReadOptions,
  SupportedRegions,
} from "./records";

/**
 * The public surface of the origin cloud regions client: one method per v2 endpoint, plain data in and out. Implemented
 * by `OriginCloudRegionsApi` (originCloudRegions.ts); a test double or a batching layer can implement it too.
 * `zoneId` is the zone's 32-hex-character id. Every method rejects with a `CloudflareApiError` when Cloudflare refuses or cannot be reached
 * (after retries), and with a `CloudflareArgumentError`, before sending anything, for an empty zone id or IP.
 */
export interface OriginCloudRegionsClient {
  /**
   * `GET /zones/{zone_id}/origin/cloud_regions/{origin_ip}`: the mapping of one IP, `undefined` when there is none.
   * `options.maxAgeMs`: a client that shares zone listings may answer from one at most this old; `options.notBefore`
   * (milliseconds since the epoch, on the client's clock): only from a read begun at or after it, e.g. when the caller
   * began its operation, for a decision to write nothing. A plain client always asks Cloudflare, satisfying both.
   */
  get(zoneId: string, originIp: string, options?: ReadOptions): Promise<OriginCloudRegionRecord | undefined>;
  /** `PUT /zones/{zone_id}/origin/cloud_regions/{origin_ip}`: creates or replaces one mapping; resolves to it, stored. */
  put(zoneId: string, mapping: OriginCloudRegionRecordInput): Promise<OriginCloudRegionRecord>;
  /** `DELETE /zones/{zone_id}/origin/cloud_regions/{origin_ip}`: removes one mapping; a 404 rejects (`isNotFound`). */
  delete(zoneId: string, originIp: string): Promise<{ origin_ip: string }>;
  /** `GET /zones/{zone_id}/origin/cloud_regions`, every page: all mappings of the zone, in no meaningful order. */
  list(zoneId: string): Promise<OriginCloudRegionRecord[]>;
  /** `PUT /zones/{zone_id}/origin/cloud_regions/batch`: upserts 1 to 100 mappings, merging with the rest. */
  batchPut(zoneId: string, items: OriginCloudRegionRecordInput[]): Promise<BatchResult>;
  /** `DELETE /zones/{zone_id}/origin/cloud_regions/batch`: removes 1 to 100 mappings. */
  batchDelete(zoneId: string, originIps: string[]): Promise<BatchResult>;
  /** `GET /zones/{zone_id}/origin/cloud_regions/supported_regions`: the vendors and regions valid for this zone. */
  supportedRegions(zoneId: string): Promise<SupportedRegions>;
}
