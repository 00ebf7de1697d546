/** What OriginCloudRegionSet's operations say when they refuse, warn, or end with some of their items failed. */
import { sameValues } from "../../api/records";
import type { Holder } from "../deployment";
import { managedByAnother } from "../mappingChecks";
import { programWords } from "../providerContext";
import type { Listing, SetEntry } from "./plan";
import type { ItemFailure } from "./writes";

/** What state holds after a failed set operation: the mappings that exist (create, update), nothing, or the set as it was (delete). */
export const EXISTING_KEPT =
  "State records exactly the set's mappings that exist now; fix the entries and run `pulumi up` again to finish.";
export const NOTHING_KEPT = "Nothing of it is in state.";
export const SET_KEPT = "The set stays in state; fix the cause and run the command again to delete the rest.";

/** "1 mapping", "2 mappings". */
export function count(mappings: Record<string, unknown>): string {
  const n = Object.keys(mappings).length;
  return `${n} mapping${n === 1 ? "" : "s"}`;
}

/** Items named in a message: the first 20, then how many more. */
function listed(items: string[], most = 20): string {
  const shown = items.slice(0, most).join(", ");
  return items.length > most ? `${shown} and ${items.length - most} more` : shown;
}

/** Each of `ips` with the values the listing showed it held: `192.0.2.1 (was aws/us-east-1)`. */
function wasListed(ips: string[], listing: Listing): string {
  return listed(ips.map((ip) => `${ip} (was ${listing.get(ip)!.vendor}/${listing.get(ip)!.region})`));
}

/** Why a set operation that meets mappings other resources of this deployment manage writes nothing. */
export function heldByOthers(action: string, held: { ip: string; holder: Holder }[]): Error {
  return new Error(
    `${action} failed, and nothing was written: ${listed(held.map(({ ip, holder }) => `${ip}: ${managedByAnother(ip, holder)}`))}. ` +
      "Two resources cannot manage one mapping: declare each origin IP once per zone, in one set or one OriginCloudRegion.",
  );
}

/** Why a set operation without `adopt` that meets mappings the zone already holds writes nothing. */
export function alreadyMapped(action: string, existing: string[], listing: Listing): Error {
  return new Error(
    `${action} failed, and nothing was written: the zone already maps ${listed(existing.map((ip) => `${ip} (${listing.get(ip)!.vendor}/${listing.get(ip)!.region})`))}, ` +
      "and they were left untouched. To manage them with this set, set `adopt: true`: they will then be set to the declared " +
      `vendor and region and deleted when the set is. To only read the zone, use ${programWords().readZone}.`,
  );
}

/** The warning for a mapping the set no longer manages, left to the resource of this deployment that holds it. */
export function notDeleted(zoneId: string, ip: string, holder: Holder, consequence: string): string {
  return `warning: origin cloud region mapping ${ip} in zone ${zoneId} was not deleted: ${managedByAnother(ip, holder)}; ${consequence}`;
}

/**
 * Says which of the set's unchanged entries the update wrote back because the zone had lost them or held other
 * values (changed outside Pulumi): they are the set's own, so they are restored, never silently.
 */
export function warnRestored(
  zoneId: string,
  unchanged: string[],
  listing: Listing,
  desired: Record<string, SetEntry>,
  exists: Record<string, SetEntry>,
): void {
  const restored = unchanged.filter((ip) => sameValues(exists[ip], desired[ip]));
  const missing = restored.filter((ip) => !listing.has(ip));
  const drifted = restored.filter((ip) => listing.has(ip) && !sameValues(listing.get(ip), desired[ip]));
  const where = `in zone ${zoneId}`;
  if (missing.length > 0)
    console.warn(
      `warning: restored ${missing.length} of the set's mappings that were deleted outside Pulumi: ${listed(missing)} (${where})`,
    );
  if (drifted.length > 0)
    console.warn(
      `warning: set ${drifted.length} of the set's mappings back to their declared vendor and region, changed outside Pulumi: ${wasListed(drifted, listing)} (${where})`,
    );
}

/** Says which mappings an adopting set took over from other values, and what they held: never silently. */
export function warnAdoptedOver(
  zoneId: string,
  ips: string[],
  listing: Listing,
  desired: Record<string, SetEntry>,
  exists: Record<string, SetEntry>,
): void {
  // `ips` are rewrites: the listing held them with other values; name those that now hold the declared ones.
  const taken = ips.filter((ip) => sameValues(exists[ip], desired[ip]));
  if (taken.length === 0) return;
  console.warn(
    `warning: adopted ${taken.length} origin cloud region mapping${taken.length === 1 ? "" : "s"} in zone ${zoneId} that held other values, now as declared: ${wasListed(taken, listing)}. ` +
      "Once adopted, `adopt: true` can be dropped from the set, so that a later change never takes over another mapping.",
  );
}

/** The message of a set operation some of whose items failed: each failed IP with its reason, out of the `written` it wrote or tried to. */
export function partialMessage(action: string, failed: ItemFailure[], written: number, after: string): string {
  const lines = failed.slice(0, 50).map((f) => `\n  - ${f.reason}`);
  if (failed.length > 50) lines.push(`\n  - and ${failed.length - 50} more`);
  // "1 mapping", "2 mappings", "1 of 2 mappings": the noun agrees with the last number.
  return `${action} failed for ${failed.length}${written > failed.length ? ` of ${written}` : ""} mapping${written === 1 ? "" : "s"}:${lines.join("")}\n${after}`;
}
