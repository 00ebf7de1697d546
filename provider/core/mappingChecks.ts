/**
 * What OriginCloudRegion and OriginCloudRegionSet check and say alike: unknown values, misspelt properties, one
 * mapping's fields (IP, vendor, region), zone ids, region verification, and the words for a mapping that another
 * resource of this deployment manages.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { SupportedRegions, Vendor } from "../api";
import { isCloudflareConfigError, isInvalidIpError } from "../api/errors";
import { isSameResource, viewOf, type Claimant, type Holder } from "./deployment";
import { describeFailure, withoutFinalStop } from "../shared/diagnostics";
import { canonicalizeIp } from "../api/ip";
import { failureWording, supportedRegions } from "./providerContext";
import { quote } from "../api/valueText";
import { canonicalZoneId, regionProblem, suggest, vendorProblem, zoneIdProblem } from "../shared/validation";

/** The value Pulumi sends for inputs that are not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const isUnknown = (value: unknown): boolean => value === UNKNOWN;

/** Records one check failure. */
export type Fail = (property: string, reason: string) => void;

/**
 * The start every `check` shares: a failure list, the inputs to return (a copy of `news`), misspelt properties
 * refused, and the zone id checked and made canonical (returned when known and valid).
 */
export function startCheck(
  news: Record<string, unknown>,
  inputNames: readonly string[],
  passedThrough: readonly string[],
  owner: string,
): {
  failures: pulumi.dynamic.CheckFailure[];
  fail: Fail;
  inputs: Record<string, unknown>;
  zoneId: string | undefined;
} {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const fail: Fail = (property, reason) => failures.push({ property, reason });
  const inputs: Record<string, unknown> = { ...news };
  checkPropertyNames(news, inputNames, passedThrough, owner, fail);
  const zoneId = checkZoneId(news.zoneId, fail);
  if (zoneId !== undefined) inputs.zoneId = zoneId;
  return { failures, fail, inputs, zoneId };
}

/**
 * Refuses properties that are neither inputs nor passed through (a misspelt input, from JavaScript or `as any`, would
 * otherwise be silently ignored). `prefix` names where they sit (`mappings[2].`).
 */
export function checkPropertyNames(
  values: Record<string, unknown>,
  inputs: readonly string[],
  passedThrough: readonly string[],
  owner: string,
  fail: Fail,
  prefix = "",
): void {
  for (const name of Object.keys(values)) {
    if (inputs.includes(name) || passedThrough.includes(name)) continue;
    fail(
      `${prefix}${name}`,
      `unknown property ${quote(name)}: ${owner} takes ${inputs.join(", ")}${suggest(name, inputs)}`,
    );
  }
}

/**
 * Checks one mapping's `originIp`, `vendor` and `region` (unknown values pass). `property(name)` gives the failure's
 * property, `label` starts each reason (`mappings[3] (192.0.2.4): `). Returns the canonical IP when it is known and
 * valid.
 */
export function checkMappingFields(
  values: Record<string, unknown>,
  fail: Fail,
  property: (name: string) => string = (name) => name,
  label = "",
): string | undefined {
  let originIp: string | undefined;
  if (!isUnknown(values.originIp)) {
    try {
      originIp = canonicalizeIp(values.originIp as string, "originIp");
    } catch (e) {
      if (!isInvalidIpError(e)) throw e;
      fail(property("originIp"), `${label}${e.message}`);
    }
  }
  const vendorIssue = isUnknown(values.vendor) ? undefined : vendorProblem(values.vendor);
  if (vendorIssue) fail(property("vendor"), `${label}${vendorIssue}`);
  if (!isUnknown(values.region) && (typeof values.region !== "string" || values.region === "")) {
    fail(
      property("region"),
      `${label}region ${quote(values.region)} must be a non-empty string naming one of the vendor's regions, such as us-east-1 for aws`,
    );
  }
  return originIp;
}

/** Checks `adopt` (optional boolean; unknown passes). */
export function checkAdopt(adopt: unknown, fail: Fail): void {
  if (adopt !== undefined && !isUnknown(adopt) && typeof adopt !== "boolean")
    fail("adopt", `adopt ${quote(adopt)} must be true or false`);
}

/** Checks `zoneId`; returns it in canonical form when known and valid. */
function checkZoneId(zoneId: unknown, fail: Fail): string | undefined {
  if (isUnknown(zoneId)) return undefined;
  const canonical = canonicalZoneId(zoneId);
  if (canonical === undefined) fail("zoneId", zoneIdProblem(zoneId)!);
  return canonical;
}

/**
 * The zone's supported regions, or undefined with a warning when the lookup fails: a preview is never blocked on it,
 * since Cloudflare still validates the region (error 1157) when it is written. `what` names what was being verified.
 */
export async function supportedRegionsOrWarn(zoneId: string, what: string): Promise<SupportedRegions | undefined> {
  try {
    return await supportedRegions(zoneId);
  } catch (e) {
    // A malformed setting (time limits, base URL, a credential's format) will not mend itself: fail now, naming it.
    if (isCloudflareConfigError(e)) throw new Error(`checking origin cloud region mapping inputs failed: ${e.message}`);
    console.warn(
      `warning: ${withoutFinalStop(describeFailure(`verifying ${what} in zone ${zoneId}`, e, failureWording()))}; the region was not verified`,
    );
    return undefined;
  }
}

/** Why a region is not one the zone supports for the vendor; undefined when it is, or when it could not be verified. */
export async function verifyRegion(zoneId: string, vendor: Vendor, region: string): Promise<string | undefined> {
  // A huge region is named short in the warning (check lets any non-empty string through to this lookup).
  const supported = await supportedRegionsOrWarn(
    zoneId,
    `region ${region.length > 80 ? quote(region) : region} for ${vendor}`,
  );
  return supported && regionProblem(vendor, region, supported);
}

/** "another resource in this deployment manages it (it adopted 192.0.2.1)". */
export function managedByAnother(originIp: string, holder: Holder): string {
  const how = { created: "created", adopted: "adopted", updated: "updated", kept: "keeps" }[holder.how];
  return `another resource in this deployment manages it (it ${how} ${originIp})`;
}

/** The resource name a program sent (`__resourceName`), if it is one. */
export function nameOf(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * A diff that keeps a resource on a mapping: the resource holds it for this deployment, unless another already does.
 * Then two resources manage one mapping (possible in state written by 0.1.0, or by adopting one another's mapping),
 * and the `up` says so: neither delete will remove the mapping while the other holds it in the same deployment.
 */
export function recordHolder(zoneId: string, originIp: string, who: Claimant): void {
  const view = viewOf(zoneId, originIp);
  if (!view.holder) {
    view.holder = { ...who, how: "kept" };
    return;
  }
  if (isSameResource(view.holder, who)) return;
  console.warn(
    `warning: origin cloud region mapping ${originIp} in zone ${zoneId} is managed by two resources of this deployment${bothNames(view.holder, who)}. ` +
      "Keep one: remove the other from the program, or give it the origin IP it was meant for. " +
      "While one of them still declares the mapping, the other's delete leaves it in place.",
  );
}

function bothNames(a: Claimant, b: Claimant): string {
  const named = (c: Claimant) => (c.name === undefined ? "one without a name in its state" : quote(c.name));
  return a.name === undefined && b.name === undefined ? "" : `, ${named(a)} and ${named(b)}`;
}
