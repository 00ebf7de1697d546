/**
 * Cloudflare v4 response envelopes (§2) and the error catalogue the fake speaks (§5, plus fake-defined codes).
 *
 * Messages are verbatim from the API doc where Cloudflare published them; clients match on codes, but tests
 * compare messages too, so they live in one place.
 */

/** One entry of `errors[]` / `messages[]`; gateway errors may add an `error_chain`. */
export interface ApiMessage {
  code: number;
  message: string;
  error_chain?: { code: number; message: string }[];
}

/** Codes the fake emits. Entries marked FAKE are fake-defined (Cloudflare publishes nothing for the case). */
export const CODES = {
  NOT_FOUND: 1142,
  INVALID_IP: 1146,
  INVALID_VENDOR_REGION: 1157,
  CAP_REACHED: 1164,
  INTERNAL: 1140,
  RATE_LIMITED: 971,
  MISSING_AUTH: 9106,
  INVALID_HEADERS: 6003,
  BAD_AUTHORIZATION_FORMAT: 6111,
  BAD_KEY_FORMAT: 6103,
  BAD_EMAIL_FORMAT: 6102,
  AUTH_ERROR: 10000,
  NO_ROUTE: 7000,
  COULD_NOT_ROUTE: 7003,
  /** Cloudflare's code for an unparseable JSON body elsewhere in the v4 API; reused here. */
  MALFORMED_JSON: 6007,
  /** FAKE: wrong HTTP method on an existing route (405). */
  METHOD_NOT_ALLOWED: 7001,
  /** FAKE: invalid `page` / `per_page` (400, §12 #4). */
  INVALID_PAGINATION: 1190,
  /** FAKE: Tiered Cache disabled for the zone (400, §12 #11). */
  TIERED_CACHE_DISABLED: 1191,
  /** FAKE: batch body is not a JSON array of 1..100 items (400, §12 #9). */
  INVALID_BATCH_BODY: 1192,
} as const;

/** Messages, verbatim where published (§5). */
export const MESSAGES = {
  NOT_FOUND: "Unable to retrieve origin_public_cloud_region setting value. The zone setting does not exist.",
  INVALID_IP: "Invalid or missing origin IP address.",
  IP_MISMATCH: "body origin_ip does not match URL",
  INVALID_VENDOR_REGION:
    "The vendor provided doesn't exist or the region provided does not exist for the specified cloud vendor",
  CAP_REACHED: "Maximum number of IP mappings configured for zone.",
  INTERNAL: "Unable to update origin_public_cloud_region setting value. Internal error.",
  RATE_LIMITED: "Please wait and consider throttling your request speed",
  MISSING_AUTH: "Missing X-Auth-Key, X-Auth-Email or Authorization headers",
  INVALID_HEADERS: "Invalid request headers",
  BAD_AUTHORIZATION_FORMAT: "Invalid format for Authorization header",
  BAD_KEY_FORMAT: "Invalid format for X-Auth-Key header",
  BAD_EMAIL_FORMAT: "Invalid format for X-Auth-Email header",
  AUTH_ERROR: "Authentication error",
  NO_ROUTE: "No route for that URI",
  MALFORMED_JSON: "Malformed JSON in request body",
  METHOD_NOT_ALLOWED: "Method not allowed for this route",
  INVALID_PAGINATION: "Invalid pagination: page must be an integer >= 1 and per_page an integer from 1 to 100",
  TIERED_CACHE_DISABLED: "Tiered Cache is not enabled for this zone; enable Tiered Cache to use origin cloud regions",
  INVALID_BATCH_BODY: "Request body must be a JSON array of 1 to 100 items",
} as const;

/** `result_info` of a list page (§4.1). */
export interface ResultInfo {
  count: number;
  page: number;
  per_page: number;
  total_count: number;
  total_pages: number;
}

/** What a handler decides: status, JSON body and any extra headers. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** 200 success envelope, with `result_info` for list endpoints. */
export function ok(result: unknown, resultInfo?: ResultInfo): Reply {
  const body: Record<string, unknown> = { errors: [], messages: [], success: true, result };
  if (resultInfo) body.result_info = resultInfo;
  return { status: 200, body };
}

/** Failure envelope in the full API shape (`messages: []`, `result: null`). */
export function fail(status: number, ...errors: ApiMessage[]): Reply {
  return { status, body: { errors, messages: [], result: null, success: false } };
}

/** Shorthand for a single-error failure. */
export function error(status: number, code: number, message: string): Reply {
  return fail(status, { code, message });
}

/** 9106 exactly as observed: a gateway body without `messages` / `result` keys (§7). */
export function missingAuth(): Reply {
  return {
    status: 400,
    body: { success: false, errors: [{ code: CODES.MISSING_AUTH, message: MESSAGES.MISSING_AUTH }] },
  };
}
