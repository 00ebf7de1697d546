/**
 * Field checks shared by the single and batch endpoints, so both report the same codes and messages (§12 #10).
 */
import type { ApiState } from "./context";
import { CODES, MESSAGES, error, type Reply } from "./envelope";
import { canonicalizeIp } from "./ip";
import { isSupportedRegion } from "./regions";

/** A field check result: the accepted value, or a code + message. */
export type Check<T> = { ok: true; value: T } | { ok: false; code: number; message: string };

/** Canonicalizes an origin IP (path segment or body field); anything else is 1146 (§12 #2, #12). */
export function checkIp(value: unknown, state: ApiState): Check<string> {
  const ip = canonicalizeIp(value, state.ipv4MappedForm);
  return ip === undefined
    ? { ok: false, code: CODES.INVALID_IP, message: MESSAGES.INVALID_IP }
    : { ok: true, value: ip };
}

/** Vendor (lowercase only) and region must be a pair from the supported-regions table (1157). */
export function checkVendorRegion(
  vendor: unknown,
  region: unknown,
  state: ApiState,
): Check<{ vendor: string; region: string }> {
  return isSupportedRegion(state.regions, vendor, region)
    ? { ok: true, value: { vendor: vendor as string, region: region as string } }
    : { ok: false, code: CODES.INVALID_VENDOR_REGION, message: MESSAGES.INVALID_VENDOR_REGION };
}

/** A failed check as a 400 reply (1157's status is unconfirmed; the fake uses 400, §12 #1). */
export function badRequest(check: { code: number; message: string }): Reply {
  return error(400, check.code, check.message);
}

/** Field of a JSON object, or undefined when the value is not a plain object. */
export function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

/** 400 for a zone without Tiered Cache: supported_regions needs it, and PUTs validate against that list (§12 #11). */
export function tieredCacheDisabled(): Reply {
  return error(400, CODES.TIERED_CACHE_DISABLED, MESSAGES.TIERED_CACHE_DISABLED);
}

/** 403 1164: the zone is at its mapping cap. */
export function capReached(): Reply {
  return error(403, CODES.CAP_REACHED, MESSAGES.CAP_REACHED);
}

/** 400 6007 for a body that is not JSON at all. */
export function malformedJson(): Reply {
  return error(400, CODES.MALFORMED_JSON, MESSAGES.MALFORMED_JSON);
}
