/**
 * Typed methods for the seven v2 origin cloud region endpoints (`/zones/{zone_id}/origin/cloud_regions…`).
 *
 * The methods take plain arguments and return plain data (Cloudflare's snake_case wire shapes); sending, retrying and
 * error mapping live in the {@link Transport}, paths and argument checks in requests.ts, the checks of an answer in
 * answers.ts, and a write whose outcome is uncertain settles by reading back (readBack.ts).
 * {@link OriginCloudRegionsClient} (client.ts) is the public surface, which the coalescing layer implements too.
 */
import { isNotFound, isUncertainWrite } from "./errors";
import type { OriginCloudRegionsClient } from "./client";
import { CloudflareHttp, type Transport } from "./http";
import type { ApiSettings } from "./settings";
import {
  sameValues,
  type BatchResult,
  type OriginCloudRegionRecord,
  type OriginCloudRegionRecordInput,
  type SupportedRegions,
} from "./records";
import { batchPath, checkBatchSize, checkOriginIps, mappingPath, toInput, zonePath } from "./requests";
import { batchDeleteAnswer, batchPutAnswer, expectDeleted, expectMapping, expectSupportedRegions } from "./answers";
import { everyPage } from "./paging";
import { readBack } from "./readBack";

export {
  MAX_BATCH_ITEMS,
  type BatchItem,
  type BatchResult,
  type OriginCloudRegionRecord,
  type OriginCloudRegionRecordInput,
  type ReadOptions,
  type SupportedRegions,
  type Vendor,
} from "./records";
export { mappingPath } from "./requests";
export { LIST_PAGE_SIZE } from "./paging";
export type { OriginCloudRegionsClient } from "./client";

/**
 * Client of Cloudflare's v2 origin cloud region endpoints (`/zones/{zone_id}/origin/cloud_regions…` below the base
 * URL, by default `https://api.cloudflare.com/client/v4`). Sends exactly one credential scheme, retries rate limits
 * (honouring `Retry-After`), 5xx answers, timeouts and dropped connections with backoff, and never puts a credential
 * in an error or a log line. See {@link OriginCloudRegionsClient} for the methods' contracts.
 *
 * @example
 * ```ts
 * const api = new OriginCloudRegionsApi({ credentials: { apiToken: process.env.CLOUDFLARE_API_TOKEN! } });
 * const mappings = await api.list("023e105f4ecef8ad9ca31a8372d0c353");
 * ```
 */
export class OriginCloudRegionsApi implements OriginCloudRegionsClient {
  private readonly transport: Transport;

  /**
   * @param settings credentials, base URL, timeout, retry policy and log sink (validated here: a bad base URL or
   *   malformed credentials throw at once).
   * @param transport replaces the HTTP transport built from `settings` (tests, recording or batching layers).
   */
  constructor(settings: ApiSettings, transport?: Transport) {
    this.transport = transport ?? new CloudflareHttp(settings);
  }

  /**
   * `GET /zones/{zone_id}/origin/cloud_regions/{origin_ip}`
   *
   * Fetches the cloud region mapping for a single origin IP address. The IP path parameter is normalized before
   * lookup (RFC 5952 for IPv6). Resolves to `undefined` when the zone has no mapping for that IP (HTTP 404, code
   * 1142).
   *
   * @example
   * ```ts
   * const mapping = await api.get('023e105f4ecef8ad9ca31a8372d0c353', '192.0.2.1');
   * ```
   */
  async get(zoneId: string, originIp: string): Promise<OriginCloudRegionRecord | undefined> {
    try {
      const res = await this.transport.request<OriginCloudRegionRecord>({
        method: "GET",
        path: mappingPath(zoneId, originIp),
      });
      return expectMapping(res, originIp);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /**
   * `PUT /zones/{zone_id}/origin/cloud_regions/{origin_ip}`
   *
   * Creates a new IP-to-cloud-region mapping or replaces the existing mapping for the specified IP. PUT is
   * idempotent. The IP is normalized to canonical form (RFC 5952 for IPv6) before storage and the stored entry is
   * returned. The vendor and region are validated against {@link supportedRegions} (400, code 1157). The same
   * `origin_ip` string is sent in the path and the body (a mismatch is 400, code 1146). Returns 403 (code 1164) when
   * the zone has reached the limit of 3,500 IP mappings.
   *
   * @example
   * ```ts
   * const mapping = await api.put('023e105f4ecef8ad9ca31a8372d0c353', {
   *   origin_ip: '192.0.2.1',
   *   vendor: 'aws',
   *   region: 'us-east-1',
   * });
   * ```
   */
  async put(zoneId: string, mapping: OriginCloudRegionRecordInput): Promise<OriginCloudRegionRecord> {
    const body = toInput(mapping, "mapping");
    try {
      const res = await this.transport.request<OriginCloudRegionRecord>({
        method: "PUT",
        path: mappingPath(zoneId, body.origin_ip),
        body,
      });
      return expectMapping(res, body.origin_ip, body);
    } catch (err) {
      return readBack(err, async () => {
        const now = await this.get(zoneId, body.origin_ip);
        return now && sameValues(now, body) ? { value: now } : undefined;
      });
    }
  }

  /**
   * `DELETE /zones/{zone_id}/origin/cloud_regions/{origin_ip}`
   *
   * Removes the cloud region mapping for a single origin IP address. The IP path parameter is normalized before
   * lookup. Resolves to the deleted IP. Throws a {@link CloudflareApiError} with status 404 (code 1142, see
   * `isNotFound`) if no mapping exists for the IP, unless an earlier attempt of this call may have deleted it (its
   * answer lost): then that 404 is this call's success. When the last mapping of the zone is removed the underlying
   * rule record is also deleted.
   *
   * @example
   * ```ts
   * const { origin_ip } = await api.delete('023e105f4ecef8ad9ca31a8372d0c353', '192.0.2.1');
   * ```
   */
  async delete(zoneId: string, originIp: string): Promise<{ origin_ip: string }> {
    const path = mappingPath(zoneId, originIp);
    try {
      const res = await this.transport.request<{ origin_ip: string }>({ method: "DELETE", path });
      expectDeleted(res, originIp);
      return { origin_ip: originIp };
    } catch (err) {
      if (isNotFound(err) && isUncertainWrite(err)) return { origin_ip: originIp };
      return readBack(err, async () =>
        (await this.get(zoneId, originIp)) === undefined ? { value: { origin_ip: originIp } } : undefined,
      );
    }
  }

  /**
   * `GET /zones/{zone_id}/origin/cloud_regions?page=N&per_page=100`
   *
   * Returns all IP-to-cloud-region mappings configured for the zone (an empty array when there are none), fetching
   * every page with `per_page=100`. Paging stops on the last page announced by `result_info.total_pages` (no extra
   * request) or on an empty page. Order is not meaningful.
   *
   * @example
   * ```ts
   * const mappings = await api.list('023e105f4ecef8ad9ca31a8372d0c353');
   * ```
   */
  async list(zoneId: string): Promise<OriginCloudRegionRecord[]> {
    return everyPage<OriginCloudRegionRecord>(this.transport, zonePath(zoneId), "mappings");
  }

  /**
   * `PUT /zones/{zone_id}/origin/cloud_regions/batch`
   *
   * Upserts 1 to 100 IP-to-cloud-region mappings in a single request. Items in the request body are created or
   * replaced; mappings not included are preserved unchanged (a merge, not a full replacement). Each item is validated
   * independently: valid items are applied and listed in `succeeded`, invalid ones are returned in `failed` with an
   * `error`. A batch size outside 1..100 throws a {@link CloudflareArgumentError} before anything is sent.
   *
   * @example
   * ```ts
   * const { succeeded, failed } = await api.batchPut('023e105f4ecef8ad9ca31a8372d0c353', [
   *   { origin_ip: '192.0.2.1', vendor: 'aws', region: 'us-east-1' },
   *   { origin_ip: '2001:db8::1', vendor: 'gcp', region: 'us-central1' },
   * ]);
   * ```
   */
  async batchPut(zoneId: string, items: OriginCloudRegionRecordInput[]): Promise<BatchResult> {
    const path = batchPath(zoneId);
    checkBatchSize(items, "batchPut", "items");
    const body = items.map((item, i) => toInput(item, `items[${i}]`));
    const res = await this.transport.request<BatchResult>({ method: "PUT", path, body });
    return batchPutAnswer(res, body);
  }

  /**
   * `DELETE /zones/{zone_id}/origin/cloud_regions/batch`
   *
   * Removes 1 to 100 IP-to-cloud-region mappings in a single request; the IPs are sent as a JSON array body. Each IP
   * is validated independently: deleted items are returned in `succeeded` (with their former vendor and region), IPs
   * that could not be found or are invalid in `failed`. A batch size outside 1..100 throws a
   * {@link CloudflareArgumentError} before anything is sent.
   *
   * @example
   * ```ts
   * const { succeeded, failed } = await api.batchDelete('023e105f4ecef8ad9ca31a8372d0c353', [
   *   '192.0.2.1',
   *   '2001:db8::1',
   * ]);
   * ```
   */
  async batchDelete(zoneId: string, originIps: string[]): Promise<BatchResult> {
    const path = batchPath(zoneId);
    checkBatchSize(originIps, "batchDelete", "originIps");
    checkOriginIps(originIps);
    const res = await this.transport.request<BatchResult>({ method: "DELETE", path, body: [...originIps] });
    return batchDeleteAnswer(res, originIps);
  }

  /**
   * `GET /zones/{zone_id}/origin/cloud_regions/supported_regions`
   *
   * Returns the cloud vendors and regions that are valid values for this zone's mappings. Each region includes the
   * Tiered Cache upper-tier colocation codes (`upper_tier_colos`); `obtained_codes` is false when they could not be
   * resolved. Requires the zone to have Tiered Cache enabled.
   *
   * @example
   * ```ts
   * const { vendors } = await api.supportedRegions('023e105f4ecef8ad9ca31a8372d0c353');
   * const awsRegions = (vendors.aws ?? []).map((r) => r.name);
   * ```
   */
  async supportedRegions(zoneId: string): Promise<SupportedRegions> {
    const res = await this.transport.request<SupportedRegions>({
      method: "GET",
      path: `${zonePath(zoneId)}/supported_regions`,
    });
    return expectSupportedRegions(res);
  }
}
