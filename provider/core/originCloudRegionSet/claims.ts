/**
 * The set and this deployment's claims on mappings (deployment.ts): the create-only guarantee, the mappings it leaves
 * to another resource, and the mappings it holds.
 */
import { heldByAnother, viewOf, type Claimant, type Holder } from "../deployment";
import { nameOf, recordHolder } from "../mappingChecks";
import { canonicalZoneId } from "../../shared/validation";
import { alreadyMapped, heldByOthers, notDeleted } from "./messages";
import type { Listing } from "./plan";
import type { OriginCloudRegionSetInputs, OriginCloudRegionSetOutputs } from "./state";

/**
 * The create-only guarantee, before anything is written: refuses IPs that another resource of this deployment manages,
 * and IPs the zone already maps unless `adopt` is true (they are left untouched).
 */
export function refuseTakeovers(
  action: string,
  zoneId: string,
  ips: string[],
  listing: Listing,
  adopt: boolean,
  who: Claimant,
): void {
  const held = ips.filter((ip) => heldByAnother(viewOf(zoneId, ip), who));
  if (held.length > 0)
    throw heldByOthers(
      action,
      held.map((ip) => ({ ip, holder: viewOf(zoneId, ip).holder! })),
    );
  const existing = adopt ? [] : ips.filter((ip) => listing.has(ip));
  if (existing.length > 0) throw alreadyMapped(action, existing, listing);
}

/**
 * A mapping the set no longer manages (removed from it, or the set deleted) that another resource of this deployment
 * now holds: left in place, with a warning that ends with `consequence`.
 */
export function leftToAnother(zoneId: string, ip: string, who: Claimant, consequence: string): boolean {
  const view = viewOf(zoneId, ip);
  if (!heldByAnother(view, who)) return false;
  console.warn(notDeleted(zoneId, ip, view.holder!, consequence));
  return true;
}

/** Records the set as the holder of its mappings for this deployment. */
export function claim(zoneId: string, ips: string[], who: Claimant, how: Holder["how"]): void {
  for (const ip of ips) viewOf(zoneId, ip).holder = { ...who, how };
}

/** A diff that keeps the set on its mappings: it holds each for this deployment (see recordHolder). */
export function recordHolderOf(olds: OriginCloudRegionSetOutputs, news: OriginCloudRegionSetInputs): void {
  const zoneId = canonicalZoneId(olds.zoneId);
  if (zoneId === undefined) return;
  const who: Claimant = { claimId: olds.claimId, name: nameOf(news.__resourceName) };
  for (const ip of Object.keys(olds.mappings ?? {})) recordHolder(zoneId, ip, who);
}

/** Forgets the holder of mappings the set deleted. */
export function release(zoneId: string, ips: string[]): void {
  for (const ip of ips) viewOf(zoneId, ip).holder = undefined;
}
