/**
 * Checks of what an endpoint answered: a result the endpoint does not promise becomes an `invalidResponse` error,
 * `mayHaveBeenApplied` when it answers a write (a 2xx that may well have landed; the write settles it by reading back).
 */
import { CloudflareApiError } from "./errors";
import { sameIp } from "./ip";
import type { ApiResponse } from "./http";
import {
  byCanonicalIp,
  ipKey,
  sameValues,
  type BatchItem,
  type BatchResult,
  type OriginCloudRegionRecord,
  type OriginCloudRegionRecordInput,
  type SupportedRegions,
} from "./records";

/** An answer the endpoint does not promise; `mayHaveBeenApplied` for a write's 2xx, which may well have landed. */
export function invalid(res: ApiResponse<unknown>, detail: string, mayHaveBeenApplied = false): CloudflareApiError {
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

/** A page of a listing: an array. */
export function expectArray<T>(res: ApiResponse<T[]>, what: string): T[] {
  if (!Array.isArray(res.result)) throw invalid(res, `${what} is not an array`);
  return res.result;
}

/**
 * The mapping of `originIp` an answer carries, or an invalid response: an answer about another IP (or, for a PUT,
 * holding another vendor/region than `sent`) says nothing about this call's mapping. A write's is uncertain (settled).
 */
export function expectMapping(
  res: ApiResponse<OriginCloudRegionRecord>,
  originIp: string,
  sent?: OriginCloudRegionRecordInput,
): OriginCloudRegionRecord {
  const write = sent !== undefined;
  const m = expectObject(res, "mapping", ["origin_ip", "vendor", "region"], write);
  if (!sameIp(String(m.origin_ip), originIp))
    throw invalid(res, `mapping is about ${String(m.origin_ip)}, not ${originIp}`, write);
  if (sent && !sameValues(m, sent)) {
    throw invalid(
      res,
      `mapping holds ${String(m.vendor)}/${String(m.region)}, not the ${sent.vendor}/${sent.region} sent`,
      true,
    );
  }
  return m;
}

/** A DELETE's answer: it must name `originIp` as the IP deleted, else the delete is uncertain (settled). */
export function expectDeleted(res: ApiResponse<{ origin_ip: string }>, originIp: string): void {
  const gone = expectObject(res, "deleted IP", ["origin_ip"], true);
  if (!sameIp(String(gone.origin_ip), originIp))
    throw invalid(res, `deleted IP is ${String(gone.origin_ip)}, not ${originIp}`, true);
}

/** The supported regions an answer carries: an object with a `vendors` object. */
export function expectSupportedRegions(res: ApiResponse<SupportedRegions>): SupportedRegions {
  const result = expectObject(res, "supported regions", ["vendors"]);
  if (result.vendors === null || typeof result.vendors !== "object") {
    throw invalid(res, "supported regions without a vendors object");
  }
  return result;
}

/** A batch PUT's answer: a succeeded item counts only when it holds the vendor/region sent for its IP. */
export function batchPutAnswer(res: ApiResponse<BatchResult>, sent: OriginCloudRegionRecordInput[]): BatchResult {
  // A JavaScript caller may leave vendor out: then the item's answer is taken as it comes.
  return batchAnswer(res, sent, (item, asked) => asked.vendor === undefined || sameValues(item, asked));
}

/** A batch DELETE's answer: items about the IPs sent. */
export function batchDeleteAnswer(res: ApiResponse<BatchResult>, originIps: string[]): BatchResult {
  return batchAnswer(
    res,
    originIps.map((origin_ip) => ({ origin_ip })),
    () => true,
  );
}

/**
 * A batch answer, its lists kept to items about the IPs `sent` (see {@link BatchResult}), a succeeded one only when it
 * `holds` what was asked; an answer without either list says nothing of what was applied, so it is an uncertain outcome.
 */
function batchAnswer<S extends { origin_ip: string }>(
  res: ApiResponse<BatchResult>,
  sent: S[],
  holds: (item: BatchItem, asked: S) => boolean,
): BatchResult {
  const r = expectObject(res, "batch result", [], true);
  if (!Array.isArray(r.succeeded) && !Array.isArray(r.failed))
    throw invalid(res, "batch result lacks succeeded/failed", true);
  const byIp = byCanonicalIp(sent);
  const askedFor = (item: unknown): S | undefined => {
    const ip = item !== null && typeof item === "object" ? (item as BatchItem).origin_ip : undefined;
    return typeof ip === "string" ? byIp.get(ipKey(ip)) : undefined;
  };
  const succeeded = (Array.isArray(r.succeeded) ? r.succeeded : []).filter((item) => {
    const asked = askedFor(item);
    return asked !== undefined && holds(item, asked);
  });
  return {
    succeeded,
    failed: (Array.isArray(r.failed) ? r.failed : []).filter((item) => askedFor(item) !== undefined),
  };
}
