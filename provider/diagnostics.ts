import { CloudflareApiError } from "./api";
import { CONFIG_KEYS, ENV_KEYS } from "./credentials";

/** What to do about each Cloudflare error code a user can meet with this resource. */
export const FIX_HINTS: Readonly<Record<number, string>> = {
  1142: "the mapping does not exist (it may have been deleted outside Pulumi); run `pulumi refresh` to bring state in line",
  1146: "originIp must be a single IPv4 address (192.0.2.1) or IPv6 address (2001:db8::1), without prefix length, port or zone index",
  1157: "vendor must be one of aws, azure, gcp, oci (lower case) and region one that supported_regions lists for that vendor",
  1164: "the zone already holds Cloudflare's maximum of 3,500 origin cloud region mappings; remove mappings you no longer need before adding new ones",
  9106: `no credentials reached Cloudflare; set ${CONFIG_KEYS.apiToken} (pulumi config set --secret) or ${ENV_KEYS.apiToken}`,
  6003: `a credential is malformed; check ${CONFIG_KEYS.apiToken} / ${ENV_KEYS.apiToken} (the bare token, no "Bearer " prefix or whitespace) or the ${CONFIG_KEYS.apiKey} + ${CONFIG_KEYS.email} pair`,
  10000: "Cloudflare rejected the credentials for this zone; check the token is valid, not expired, and allowed to edit this zone's settings",
  971: "Cloudflare's API rate limit (1,200 requests per 5 minutes per user) was reached; wait five minutes, or run pulumi with a lower --parallel",
  10100: "Cloudflare's API rate limit (1,200 requests per 5 minutes per user) was reached; wait five minutes, or run pulumi with a lower --parallel",
  7003: "zoneId is not a zone this API can route to; use the 32-character zone id from the zone's Overview page",
};

/**
 * One line for the Pulumi diagnostic: what was attempted, Cloudflare's codes and messages, the HTTP status, and a fix
 * when the code is known. Only fields of the error are used, never request headers, so no credential can leak.
 */
export function describeFailure(action: string, error: unknown): string {
  if (!(error instanceof CloudflareApiError)) {
    return `${action} failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  const what =
    error.errors.length > 0 ? error.errors.map((e) => `Cloudflare error ${e.code}: ${e.message}`).join("; ") : error.message;
  const where = [error.status !== undefined ? `HTTP ${error.status}` : undefined, error.rayId && `cf-ray ${error.rayId}`]
    .filter(Boolean)
    .join(", ");
  const hints = [...new Set(error.codes.map((c) => FIX_HINTS[c]).filter((h): h is string => h !== undefined))];
  return `${action} failed: ${what}${where && ` [${where}]`}${hints.length > 0 ? `. Fix: ${hints.join("; ")}` : ""}`;
}

/** An Error carrying {@link describeFailure}'s line, so the provider host reports exactly that text. */
export function failure(action: string, error: unknown): Error {
  return new Error(describeFailure(action, error));
}
