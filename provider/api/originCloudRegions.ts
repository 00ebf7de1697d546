/**
 * Typed methods for the seven v2 origin cloud region endpoints (`/zones/{zone_id}/origin/cloud_regions…`).
 *
 * The methods take plain arguments and return plain data (Cloudflare's snake_case wire shapes); sending, retrying and
 * error mapping live in the {@link Transport}. {@link OriginCloudRegionsClient} is the public surface, so a later
 * batching/coalescing layer can implement it too.
 *
 * The client does not validate IPs (provider/api/ip.ts canonicalizes them before they get here); it only rejects empty
 * zone ids and IPs, and batch sizes outside 1..100, before sending anything.
 *
 * Writes settle "did it land?" themselves: when an attempt's answer was lost or garbled (see
 * `CloudflareApiError.mayHaveBeenApplied`), or a 2xx answer does not say, for exactly the requested IP, what Cloudflare
 * now holds (a null result, missing fields, another IP, another vendor/region), `put` and `delete` read the mapping back
 * before reporting, so a write the read confirms is a success, and an error that still says `mayHaveBeenApplied` means
 * nobody can know yet.
 */
import { CloudflareApiError, CloudflareArgumentError, isNotFound, isUncertainWrite } from "./errors";
import { sameIp, tryCanonicalizeIp } from "./ip";
import { CloudflareHttp, type ApiResponse, type Transport } from "./http";
import type { ApiSettings } from "./settings";
import {
  MAX_BATCH_ITEMS,
  type BatchItem,
  type BatchResult,
  type OriginCloudRegionRecord,
  type OriginCloudRegionRecordInput,
  type ReadOptions,
  type SupportedRegions,
  type Vendor,
} from "./records";

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

/** Page size used by {@link OriginCloudRegionsApi.list} (Cloudflare's maximum). */
export const LIST_PAGE_SIZE = 100;
/** Safety stop for a server that never signals the last page (3,500 mappings fit in 35 pages). */
const MAX_LIST_PAGES = 1000;

/**
 * The public surface of the origin cloud regions client: one method per v2 endpoint, plain data in and out. Implemented
 * by {@link OriginCloudRegionsApi}; a test double or a batching layer can implement it too. `zoneId` is the zone's
 * 32-hex-character id. Every method rejects with a `CloudflareApiError` when Cloudflare refuses or cannot be reached
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
        return now && now.vendor === body.vendor && now.region === body.region ? { value: now } : undefined;
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
      const gone = expectObject(res, "deleted IP", ["origin_ip"], true);
      if (!sameIp(String(gone.origin_ip), originIp))
        throw invalid(res, `deleted IP is ${String(gone.origin_ip)}, not ${originIp}`, true);
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
    const path = zonePath(zoneId);
    const all: OriginCloudRegionRecord[] = [];
    for (let page = 1; ; page++) {
      const res = await this.transport.request<OriginCloudRegionRecord[]>({
        method: "GET",
        path,
        query: { page, per_page: LIST_PAGE_SIZE },
      });
      const items = expectArray(res, "mappings");
      if (items.length === 0) break;
      all.push(...items);
      const totalPages = res.resultInfo?.total_pages;
      if (typeof totalPages === "number" && page >= totalPages) break;
      if (page >= MAX_LIST_PAGES) {
        throw invalid(res, `still not at the last page after ${MAX_LIST_PAGES} pages`);
      }
    }
    return all;
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
    const path = `${zonePath(zoneId)}/batch`;
    checkBatchSize(items, "batchPut", "items");
    const body = items.map((item, i) => toInput(item, `items[${i}]`));
    const res = await this.transport.request<BatchResult>({ method: "PUT", path, body });
    return expectBatchResult(res, body);
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
    const path = `${zonePath(zoneId)}/batch`;
    checkBatchSize(originIps, "batchDelete", "originIps");
    originIps.forEach((ip, i) => {
      if (typeof ip !== "string") throw new CloudflareArgumentError(`batchDelete: originIps[${i}] must be a string`);
    });
    const res = await this.transport.request<BatchResult>({ method: "DELETE", path, body: [...originIps] });
    return expectBatchResult(
      res,
      originIps.map((origin_ip) => ({ origin_ip })),
    );
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
    const result = expectObject(res, "supported regions", ["vendors"]);
    if (result.vendors === null || typeof result.vendors !== "object") {
      throw invalid(res, "supported regions without a vendors object");
    }
    return result;
  }
}

/**
 * Settles a failed write: when `err` says it may have been applied, one read decides. `readBack` resolves to
 * `{ value }` when the read shows the write in place (the call's success), `undefined` when it shows it was not
 * applied (`err` is rethrown as definite). A read that fails too leaves the question open: `err` is rethrown with
 * `mayHaveBeenApplied` still true and the read's failure in its detail.
 */
async function readBack<T>(err: unknown, readBack: () => Promise<{ value: T } | undefined>): Promise<T> {
  if (!isUncertainWrite(err)) throw err;
  const uncertain = err as CloudflareApiError;
  const answer =
    uncertain.kind === "invalidResponse" && (uncertain.status ?? 0) >= 200 && (uncertain.status ?? 0) < 300
      ? "the answer was unusable"
      : "the answer was lost";
  let landed: { value: T } | undefined;
  try {
    landed = await readBack();
  } catch (readError) {
    const why = readError instanceof Error ? readError.message : String(readError);
    throw uncertain.afterReadBack(true, `${answer} and reading the mapping back failed too (${why})`);
  }
  if (landed) return landed.value;
  throw uncertain.afterReadBack(false, `${answer}; reading the mapping back showed the change was not applied`);
}

/** Percent-encodes a path segment like Cloudflare's SDK does for IPs: everything but `:` (IPv6 stays readable). */
export function encodePathSegment(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ":");
}

/**
 * One path segment for `name`, refused locally when empty or made only of dots: URL parsing resolves `.`/`..`
 * (even as `%2E%2E`), so such a value would aim the request at another endpoint.
 */
function segment(value: unknown, name: string): string {
  if (typeof value !== "string" || value.trim() === "")
    throw new CloudflareArgumentError(`${name} must be a non-empty string`);
  if (/^\.+$/.test(value))
    throw new CloudflareArgumentError(`${name} ${JSON.stringify(value)} is not a usable path segment`);
  return encodePathSegment(value);
}

function zonePath(zoneId: string): string {
  return `/zones/${segment(zoneId, "zoneId")}/origin/cloud_regions`;
}

/** `/zones/{zone_id}/origin/cloud_regions/{origin_ip}`, segments encoded. */
export function mappingPath(zoneId: string, originIp: string): string {
  return `${zonePath(zoneId)}/${segment(originIp, "originIp")}`;
}

function toInput(mapping: OriginCloudRegionRecordInput, what: string): OriginCloudRegionRecordInput {
  if (mapping === null || typeof mapping !== "object") {
    throw new CloudflareArgumentError(`${what} must be an object with origin_ip, vendor and region`);
  }
  if (typeof mapping.origin_ip !== "string" || mapping.origin_ip.trim() === "") {
    throw new CloudflareArgumentError(`${what}.origin_ip must be a non-empty string`);
  }
  // Only the three request fields: extra properties (modified_on from a previous read ...) are not sent.
  return { origin_ip: mapping.origin_ip, vendor: mapping.vendor, region: mapping.region };
}

function checkBatchSize(items: unknown, method: string, what: string): void {
  if (!Array.isArray(items)) throw new CloudflareArgumentError(`${method}: ${what} must be an array`);
  if (items.length < 1 || items.length > MAX_BATCH_ITEMS) {
    throw new CloudflareArgumentError(
      `${method}: ${what} must hold 1 to ${MAX_BATCH_ITEMS} entries (got ${items.length}); ` +
        `split larger sets into chunks of ${MAX_BATCH_ITEMS}`,
    );
  }
}

/** An answer the endpoint does not promise; `mayHaveBeenApplied` for a write's 2xx, which may well have landed. */
function invalid(res: ApiResponse<unknown>, detail: string, mayHaveBeenApplied = false): CloudflareApiError {
  return new CloudflareApiError({
    mayHaveBeenApplied,
    kind: "invalidResponse",
    method: res.method,
    path: res.path,
    status: res.status,
    rayId: res.rayId,
    attempts: res.attempts,
    detail: `unexpected result: ${detail}`,
  });
}

function expectObject<T>(res: ApiResponse<T>, what: string, fields: string[], write = false): T {
  const r = res.result as unknown;
  if (r === null || typeof r !== "object" || Array.isArray(r)) throw invalid(res, `${what} is not an object`, write);
  const missing = fields.filter((f) => !(f in r));
  if (missing.length > 0) throw invalid(res, `${what} lacks ${missing.join(", ")}`, write);
  return res.result;
}

/**
 * The mapping of `originIp` an answer carries, or an invalid response: an answer about another IP (or, for a PUT,
 * holding another vendor/region than `sent`) says nothing about this call's mapping. A write's is uncertain (settled).
 */
function expectMapping(
  res: ApiResponse<OriginCloudRegionRecord>,
  originIp: string,
  sent?: OriginCloudRegionRecordInput,
): OriginCloudRegionRecord {
  const write = sent !== undefined;
  const m = expectObject(res, "mapping", ["origin_ip", "vendor", "region"], write);
  if (!sameIp(String(m.origin_ip), originIp))
    throw invalid(res, `mapping is about ${String(m.origin_ip)}, not ${originIp}`, write);
  if (sent && (m.vendor !== sent.vendor || m.region !== sent.region)) {
    throw invalid(
      res,
      `mapping holds ${String(m.vendor)}/${String(m.region)}, not the ${sent.vendor}/${sent.region} sent`,
      true,
    );
  }
  return m;
}

function expectArray<T>(res: ApiResponse<T[]>, what: string): T[] {
  if (!Array.isArray(res.result)) throw invalid(res, `${what} is not an array`);
  return res.result;
}

/**
 * A batch answer, its lists kept to items about the IPs `sent` (see {@link BatchResult}); an answer without either list
 * says nothing of what was applied, so it is an uncertain outcome.
 */
function expectBatchResult(
  res: ApiResponse<BatchResult>,
  sent: { origin_ip: string; vendor?: Vendor; region?: string }[],
): BatchResult {
  const r = expectObject(res, "batch result", [], true);
  if (!Array.isArray(r.succeeded) && !Array.isArray(r.failed))
    throw invalid(res, "batch result lacks succeeded/failed", true);
  const byIp = new Map(sent.map((item) => [ipKey(item.origin_ip), item]));
  const askedFor = (item: unknown) =>
    item !== null && typeof item === "object" && typeof (item as BatchItem).origin_ip === "string"
      ? byIp.get(ipKey((item as BatchItem).origin_ip))
      : undefined;
  const succeeded = (Array.isArray(r.succeeded) ? r.succeeded : []).filter((item) => {
    const asked = askedFor(item);
    return (
      asked !== undefined &&
      (asked.vendor === undefined || (item.vendor === asked.vendor && item.region === asked.region))
    );
  });
  return {
    succeeded,
    failed: (Array.isArray(r.failed) ? r.failed : []).filter((item) => askedFor(item) !== undefined),
  };
}

/** An IP as a key: canonical when valid, else as written. */
function ipKey(ip: string): string {
  return tryCanonicalizeIp(ip) ?? ip;
}
