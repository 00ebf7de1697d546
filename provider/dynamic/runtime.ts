import { originCloudRegionProvider } from "../core/originCloudRegion/provider";
import { originCloudRegionSetProvider } from "../core/originCloudRegionSet/provider";

/**
 * What the serialized provider shims call inside the Pulumi provider host. A stable contract: state written by any
 * earlier version of this package calls it, so its name and method signatures never change; a breaking change gets
 * a new `providerRuntimeV2` next to it.
 */
export const providerRuntimeV1 = {
  originCloudRegion: originCloudRegionProvider,
  originCloudRegionSet: originCloudRegionSetProvider,
} as const;
