/**
 * Batch upsert and batch delete (§4.5, §4.6) with the fake's decisions for the unpublished parts (§12 #9, #10):
 * the whole request is refused (nothing applied) for a bad body shape or when the cap would be exceeded; otherwise
 * each item is judged on its own, in order, and duplicates simply apply in turn (last one wins).
 */
import type { ApiRequest, ApiState } from "./context";
import { CODES, MESSAGES, error, ok, type Reply } from "./envelope";
import { capReached, checkIp, checkVendorRegion, field, malformedJson, tieredCacheDisabled } from "./validation";

/** Maximum items in one batch body (OpenAPI `maxItems`). */
export const MAX_BATCH_ITEMS = 100;

/** One entry of `succeeded` / `failed`. */
export interface BatchItem {
  origin_ip: string;
  vendor?: string;
  region?: string;
  error?: string;
}

/** The body as a 1..100 item array, or the whole-request 400 to send. */
function batchArray(req: ApiRequest): { ok: true; items: unknown[] } | { ok: false; reply: Reply } {
  if (req.body.kind === "invalid") return { ok: false, reply: malformedJson() };
  const value = req.body.kind === "json" ? req.body.value : undefined;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_BATCH_ITEMS) {
    return { ok: false, reply: error(400, CODES.INVALID_BATCH_BODY, MESSAGES.INVALID_BATCH_BODY) };
  }
  return { ok: true, items: value };
}

/** The IP to echo in a failed item: the value as sent when it is printable, else "". */
const echoIp = (value: unknown): string =>
  typeof value === "string" || typeof value === "number" ? String(value) : "";

/** PUT batch: merge upsert; omitted IPs are never touched. */
export function batchPut(state: ApiState, req: ApiRequest): Reply {
  const body = batchArray(req);
  if (!body.ok) return body.reply;
  // Validation needs the supported-regions list, which needs Tiered Cache — same rule as PUT one.
  if (!state.store.tieredCache(req.zoneId)) return tieredCacheDisabled();

  const failed: BatchItem[] = [];
  const valid: { ip: string; vendor: string; region: string }[] = [];
  for (const item of body.items) {
    const rawIp = field(item, "origin_ip");
    const ip = checkIp(rawIp, state);
    if (!ip.ok) {
      failed.push({ origin_ip: echoIp(rawIp), error: ip.message });
      continue;
    }
    const pair = checkVendorRegion(field(item, "vendor"), field(item, "region"), state);
    if (!pair.ok) {
      failed.push({ origin_ip: ip.value, error: pair.message });
      continue;
    }
    valid.push({ ip: ip.value, ...pair.value });
  }

  // The cap is judged for the batch as a whole, before anything is written.
  if (
    state.store.wouldExceedCap(
      req.zoneId,
      valid.map((v) => v.ip),
    )
  )
    return capReached();
  const succeeded = valid.map(({ ip, vendor, region }): BatchItem => {
    const stored = state.store.upsert(req.zoneId, ip, vendor, region);
    return { origin_ip: stored.origin_ip, region: stored.region, vendor: stored.vendor };
  });
  return ok({ failed, succeeded });
}

/** DELETE batch: each IP deleted independently; invalid or absent IPs are reported in `failed`. */
export function batchDelete(state: ApiState, req: ApiRequest): Reply {
  const body = batchArray(req);
  if (!body.ok) return body.reply;
  const failed: BatchItem[] = [];
  const succeeded: BatchItem[] = [];
  for (const item of body.items) {
    const ip = checkIp(item, state);
    if (!ip.ok) {
      failed.push({ origin_ip: echoIp(item), error: ip.message });
      continue;
    }
    const removed = state.store.delete(req.zoneId, ip.value);
    if (removed) succeeded.push({ origin_ip: removed.origin_ip, region: removed.region, vendor: removed.vendor });
    else failed.push({ origin_ip: ip.value, error: MESSAGES.NOT_FOUND });
  }
  return ok({ failed, succeeded });
}
