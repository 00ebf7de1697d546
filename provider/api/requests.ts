/**
 * What the client sends: the endpoints' paths, their segments encoded and refused when unusable, and the argument
 * checks made before anything is sent. The client does not validate IPs (provider/api/ip.ts canonicalizes them before
 * they get here); it only rejects empty zone ids and IPs, and batch sizes outside 1..100.
 */
import { CloudflareArgumentError } from "./errors";
import { MAX_BATCH_ITEMS, type OriginCloudRegionRecordInput } from "./records";

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

/** `/zones/{zone_id}/origin/cloud_regions`, the zone id encoded. */
export function zonePath(zoneId: string): string {
  return `/zones/${segment(zoneId, "zoneId")}/origin/cloud_regions`;
}

/** `/zones/{zone_id}/origin/cloud_regions/batch`, the zone id encoded. */
export function batchPath(zoneId: string): string {
  return `${zonePath(zoneId)}/batch`;
}

/** `/zones/{zone_id}/origin/cloud_regions/{origin_ip}`, segments encoded. */
export function mappingPath(zoneId: string, originIp: string): string {
  return `${zonePath(zoneId)}/${segment(originIp, "originIp")}`;
}

/** The body of a PUT (or one item of a batch PUT), refused when it is not an object with an origin IP. */
export function toInput(mapping: OriginCloudRegionRecordInput, what: string): OriginCloudRegionRecordInput {
  if (mapping === null || typeof mapping !== "object") {
    throw new CloudflareArgumentError(`${what} must be an object with origin_ip, vendor and region`);
  }
  if (typeof mapping.origin_ip !== "string" || mapping.origin_ip.trim() === "") {
    throw new CloudflareArgumentError(`${what}.origin_ip must be a non-empty string`);
  }
  // Only the three request fields: extra properties (modified_on from a previous read ...) are not sent.
  return { origin_ip: mapping.origin_ip, vendor: mapping.vendor, region: mapping.region };
}

/** Refuses a batch that is not an array of 1 to 100 entries (Cloudflare's limits), before anything is sent. */
export function checkBatchSize(items: unknown, method: string, what: string): void {
  if (!Array.isArray(items)) throw new CloudflareArgumentError(`${method}: ${what} must be an array`);
  if (items.length < 1 || items.length > MAX_BATCH_ITEMS) {
    throw new CloudflareArgumentError(
      `${method}: ${what} must hold 1 to ${MAX_BATCH_ITEMS} entries (got ${items.length}); ` +
        `split larger sets into chunks of ${MAX_BATCH_ITEMS}`,
    );
  }
}

/** Refuses a batch DELETE's IP that is not a string, before anything is sent. */
export function checkOriginIps(originIps: string[]): void {
  originIps.forEach((ip, i) => {
    if (typeof ip !== "string") throw new CloudflareArgumentError(`batchDelete: originIps[${i}] must be a string`);
  });
}
