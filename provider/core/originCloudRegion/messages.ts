/** What OriginCloudRegion's operations say when they refuse, warn, or cannot tell whether a write landed. */
import type { OriginCloudRegionRecord } from "../../api";
import type { Holder } from "../deployment";
import { withoutFinalStop } from "../../shared/diagnostics";
import { managedByAnother } from "../mappingChecks";
import { programWords } from "../providerContext";
import type { Target } from "./state";

/** Why a create without `adopt` leaves a mapping the zone already holds untouched, and the ways forward. */
export function alreadyMapped(action: string, target: Target, existing: OriginCloudRegionRecord): Error {
  const { zoneId, originIp, vendor, region } = target;
  const words = programWords();
  return new Error(
    `${action} failed: the zone already maps ${originIp} to vendor ${existing.vendor}, region ${existing.region}` +
      `${existing.modified_on ? ` (modified ${existing.modified_on})` : ""}, and it was left untouched. ` +
      `If you renamed this resource, ${words.alias} so Pulumi keeps managing the same mapping. ` +
      `To manage the mapping with this resource, set \`adopt: true\`: ` +
      `it will then be set to ${vendor}/${region} and deleted when the resource is destroyed. ` +
      "For `pulumi up --replace` of the resource that manages it (Pulumi then creates the new resource with nothing " +
      "of the old one's state), set `adopt: true` or give it the `deleteBeforeReplace: true` resource option. " +
      `To only read it, use ${words.readMapping(zoneId, originIp)}.`,
  );
}

/** Why a create or update that meets another resource's mapping fails. */
export function duplicate(action: string, originIp: string, holder: Holder): Error {
  return new Error(
    `${action} failed: ${managedByAnother(originIp, holder)}, and two resources cannot manage one mapping. ` +
      "Declare each origin IP once per zone (IPs are compared in canonical form: 2001:DB8:0::1 and 2001:db8::1 are one IP).",
  );
}

/** The warning of an adopting create that changed what the mapping held: taking over is never silent. */
export function adoptedOver(zoneId: string, originIp: string, was: OriginCloudRegionRecord, now: string): string {
  return (
    `warning: adopted origin cloud region mapping ${originIp} in zone ${zoneId}, which held ${was.vendor}/${was.region}: it is now ${now}. ` +
    "Once adopted, `adopt: true` can be dropped from the resource, so that a later create never takes over another mapping."
  );
}

/** A create's PUT whose outcome stayed unknown: state keeps the mapping (see PartialStateError). */
export function createMayHaveApplied(action: string, e: unknown): string {
  return (
    `${action} may have been applied: ${withoutFinalStop((e as Error).message)}. ` +
    "The mapping is kept in state so nothing is orphaned: run `pulumi up` again to settle it."
  );
}

/** An update's PUT whose outcome stayed unknown. */
export function updateMayHaveApplied(action: string, e: unknown): Error {
  return new Error(
    `${action} may have been applied: ${withoutFinalStop((e as Error).message)}. Run \`pulumi up\` again to settle it.`,
  );
}

/** The warning of a delete that leaves the mapping to the resource of this deployment that now holds it. */
export function leftToAnother(what: string, originIp: string, holder: Holder): string {
  return (
    `warning: ${what} was not deleted: ${managedByAnother(originIp, holder)}, as after a rename, swap or ` +
    "forced replacement; only this resource's old state is removed"
  );
}

/** The warning of a delete that found the mapping gone. */
export function alreadyDeleted(what: string): string {
  return `warning: ${what} was already deleted; nothing to do`;
}
