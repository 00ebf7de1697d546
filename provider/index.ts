/**
 * Pulumi dynamic provider for Cloudflare origin cloud region mappings, for TypeScript/JavaScript Pulumi programs.
 *
 * - {@link OriginCloudRegion}: the resource (one mapping of an origin IP to a cloud vendor and region in a zone);
 * - {@link OriginCloudRegionSet}: a zone's mappings as one resource (batch calls);
 * - {@link getOriginCloudRegions} and {@link getSupportedRegions} (and their `…Output` forms): lookups of a zone;
 * - {@link canonicalizeIp} and friends: the canonical IP form the resource stores and compares;
 * - {@link providerRuntimeV1}: what the provider code stored in state calls; a stable contract, not for programs.
 *
 * The Cloudflare API client is at the subpath `pulumi-cloudflare-origin-cloud-regions/api`.
 */
export { OriginCloudRegion, type OriginCloudRegionArgs } from "./dynamic/originCloudRegion";
export {
  OriginCloudRegionSet,
  type OriginCloudRegionSetArgs,
  type OriginCloudRegionSetMapping,
  type OriginCloudRegionSetEntry,
} from "./dynamic/originCloudRegionSet";
export {
  getOriginCloudRegions,
  getOriginCloudRegionsOutput,
  getSupportedRegions,
  getSupportedRegionsOutput,
  type GetOriginCloudRegionsArgs,
  type GetOriginCloudRegionsOutputArgs,
  type GetOriginCloudRegionsResult,
  type GetSupportedRegionsArgs,
  type GetSupportedRegionsOutputArgs,
  type GetSupportedRegionsResult,
  type OriginCloudRegionMapping,
  type SupportedRegion,
} from "./lookups";
export { canonicalizeIp, sameIp, tryCanonicalizeIp } from "./api/ip";
export { InvalidIpError, MissingCredentialsError } from "./api/errors";
export { VENDORS } from "./shared/validation";
export type { Vendor } from "./api";

export { providerRuntimeV1 } from "./dynamic/runtime";
