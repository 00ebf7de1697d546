/**
 * The single-mapping operations, list and supported_regions (§4.1-4.4, §4.7). Batch lives in batch.ts.
 */
import type { ApiRequest, ApiState } from "./context";
import { CODES, MESSAGES, error, ok, type Reply } from "./envelope";
import { cloneRegions } from "./regions";
import {
  badRequest,
  capReached,
  checkIp,
  checkVendorRegion,
  field,
  malformedJson,
  tieredCacheDisabled,
} from "./validation";

const notFound = (): Reply => error(404, CODES.NOT_FOUND, MESSAGES.NOT_FOUND);

/**
 * Reads one pagination parameter: absent → default; otherwise plain decimal digits within [min, max].
 * Repeated parameters, signs, decimals and empty values are all invalid (§12 #4).
 */
function pageParam(query: URLSearchParams, name: string, fallback: number, max: number): number | undefined {
  const values = query.getAll(name);
  if (values.length === 0) return fallback;
  if (values.length > 1 || !/^\d{1,15}$/.test(values[0])) return undefined;
  const n = Number(values[0]);
  return n >= 1 && n <= max ? n : undefined;
}

/** GET list: one page in insertion order; a page past the end is an empty 200, never an error (§4.1). */
export function list(state: ApiState, req: ApiRequest): Reply {
  const page = pageParam(req.query, "page", 1, Number.MAX_SAFE_INTEGER);
  const perPage = pageParam(req.query, "per_page", 20, 100);
  if (page === undefined || perPage === undefined)
    return error(400, CODES.INVALID_PAGINATION, MESSAGES.INVALID_PAGINATION);
  const all = state.store.list(req.zoneId);
  const result = all.slice((page - 1) * perPage, page * perPage);
  return ok(result, {
    count: result.length,
    page,
    per_page: perPage,
    total_count: all.length,
    total_pages: Math.ceil(all.length / perPage),
  });
}

/** GET one: the path IP is canonicalized before lookup (§4.2). */
export function get(state: ApiState, req: ApiRequest): Reply {
  const ip = checkIp(req.originIp, state);
  if (!ip.ok) return badRequest(ip);
  const found = state.store.get(req.zoneId, ip.value);
  return found ? ok(found) : notFound();
}

/** DELETE one: returns the canonical IP that was removed (§4.4, §12 #6). */
export function remove(state: ApiState, req: ApiRequest): Reply {
  const ip = checkIp(req.originIp, state);
  if (!ip.ok) return badRequest(ip);
  return state.store.delete(req.zoneId, ip.value) ? ok({ origin_ip: ip.value }) : notFound();
}

/**
 * PUT one (create or replace, §4.3). Checks in order: path IP, JSON, body IP, path/body match (canonical
 * comparison), Tiered Cache, vendor/region, cap (new IPs only).
 */
export function put(state: ApiState, req: ApiRequest): Reply {
  const pathIp = checkIp(req.originIp, state);
  if (!pathIp.ok) return badRequest(pathIp);
  if (req.body.kind === "invalid") return malformedJson();
  const body = req.body.kind === "json" ? req.body.value : undefined;
  const bodyIp = checkIp(field(body, "origin_ip"), state);
  if (!bodyIp.ok) return badRequest(bodyIp);
  if (bodyIp.value !== pathIp.value) return error(400, CODES.INVALID_IP, MESSAGES.IP_MISMATCH);
  if (!state.store.tieredCache(req.zoneId)) return tieredCacheDisabled();
  const pair = checkVendorRegion(field(body, "vendor"), field(body, "region"), state);
  if (!pair.ok) return badRequest(pair);
  if (state.store.wouldExceedCap(req.zoneId, [pathIp.value])) return capReached();
  return ok(state.store.upsert(req.zoneId, pathIp.value, pair.value.vendor, pair.value.region));
}

/** GET supported_regions: `{obtained_codes, vendors}`; requires Tiered Cache (§4.7). */
export function supportedRegions(state: ApiState, req: ApiRequest): Reply {
  if (!state.store.tieredCache(req.zoneId)) return tieredCacheDisabled();
  return ok({ obtained_codes: true, vendors: cloneRegions(state.regions) });
}
