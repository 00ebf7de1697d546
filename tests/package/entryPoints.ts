// The package's entry points and their pinned export lists (checked by exports.test.ts, and in every installed
// project of the version matrix by matrix.test.ts).

/** Entry points: the subpath users import, its source module, and its exports as `name kind`. */
export const ENTRY_POINTS = [
  {
    subpath: ".",
    source: "provider/index.ts",
    exports: [
      "InvalidIpError class",
      "MissingCredentialsError class",
      "OriginCloudRegion class",
      "OriginCloudRegionArgs interface",
      "OriginCloudRegionSet class",
      "OriginCloudRegionSetArgs interface",
      "OriginCloudRegionSetEntry interface",
      "OriginCloudRegionSetMapping interface",
      "VENDORS const",
      "Vendor type",
      "canonicalizeIp function",
      "GetOriginCloudRegionsArgs interface",
      "GetOriginCloudRegionsOutputArgs interface",
      "GetOriginCloudRegionsResult interface",
      "GetSupportedRegionsArgs interface",
      "GetSupportedRegionsOutputArgs interface",
      "GetSupportedRegionsResult interface",
      "getOriginCloudRegions function",
      "getOriginCloudRegionsOutput function",
      "getSupportedRegions function",
      "getSupportedRegionsOutput function",
      "OriginCloudRegionMapping interface",
      "providerRuntimeV1 const",
      "sameIp function",
      "SupportedRegion interface",
      "tryCanonicalizeIp function",
    ].sort(),
  },
  {
    subpath: "./api",
    source: "provider/api/public.ts",
    exports: [
      "BatchItem interface",
      "BatchResult interface",
      "CloudflareApiError class",
      "CloudflareApiErrorKind type",
      "CloudflareArgumentError class",
      "CloudflareConfigError class",
      "CloudflareErrorDetail interface",
      "Credentials type",
      "MAX_BATCH_ITEMS const",
      "OriginCloudRegionRecord interface",
      "OriginCloudRegionRecordInput interface",
      "OriginCloudRegionsApi class",
      "OriginCloudRegionsClient interface",
      "RetryPolicy interface",
      "SupportedRegions interface",
      "Vendor type",
      "ApiSettings interface",
      "isNotFound function",
      "settingsFromEnv function",
    ].sort(),
  },
  {
    subpath: "./testing",
    source: "provider/testing/index.ts",
    exports: [
      "DescribedMapping interface",
      "DescribedZone interface",
      "KNOWN_SUPPORTED_REGIONS const",
      "OriginCloudRegionMocks interface",
      "OriginCloudRegionMocksOptions interface",
      "RegionList type",
      "SupportedRegionsTable type",
      "originCloudRegionMocks function",
    ].sort(),
  },
];

/** The names of an entry point's value exports (what `Object.keys(require(entry))` lists), sorted. */
export function valueExports(exports: readonly string[]): string[] {
  return exports
    .filter((e) => !/ (interface|type)$/.test(e))
    .map((e) => e.split(" ")[0])
    .sort();
}
