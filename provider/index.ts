/**
 * Pulumi dynamic provider for Cloudflare origin cloud region mappings.
 *
 * Program-side API: {@link OriginCloudRegion}. The API client and IP helpers are exported for tools and tests.
 */
export { OriginCloudRegion, type OriginCloudRegionArgs } from "./originCloudRegion";
export type { OriginCloudRegionInputs, OriginCloudRegionOutputs } from "./originCloudRegionProvider";
export { OriginCloudRegionSet, type OriginCloudRegionSetArgs, type OriginCloudRegionSetMapping, type OriginCloudRegionSetEntry } from "./originCloudRegionSet";
export type { OriginCloudRegionSetInputs, OriginCloudRegionSetOutputs } from "./originCloudRegionSetProvider";
export { canonicalizeIp, sameIp, tryCanonicalizeIp, InvalidIpError } from "./ip";
export { VENDORS } from "./validation";
export { MissingCredentialsError } from "./credentials";
export * from "./api";

import { originCloudRegionProvider } from "./originCloudRegionProvider";
import { originCloudRegionSetProvider } from "./originCloudRegionSetProvider";

/**
 * What the serialized provider shims call inside the Pulumi provider host. A stable contract: state written by any
 * earlier version of this package calls it, so its name and method signatures never change; a breaking change gets
 * a new `providerRuntimeV2` next to it.
 */
export const providerRuntimeV1 = {
  originCloudRegion: originCloudRegionProvider,
  originCloudRegionSet: originCloudRegionSetProvider,
} as const;
