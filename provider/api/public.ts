/**
 * `pulumi-cloudflare-origin-cloud-regions/api`: the Cloudflare API client the provider uses, for tools and scripts
 * that talk to the v2 origin cloud region endpoints directly (`/zones/{zone_id}/origin/cloud_regions…`).
 *
 * Shapes are Cloudflare's wire shapes (snake_case), named `…Record` so they never collide with the `OriginCloudRegion`
 * resource of the main entry. Pulumi programs usually want the main entry instead: the resource and the
 * `getOriginCloudRegions` / `getSupportedRegions` lookups. `new OriginCloudRegionsApi(settingsFromEnv())` reads the
 * credentials and base URL from the environment as the provider and the `export` command do.
 */
export {
  OriginCloudRegionsApi,
  MAX_BATCH_ITEMS,
  type OriginCloudRegionsClient,
  type Vendor,
  type OriginCloudRegionRecord,
  type OriginCloudRegionRecordInput,
  type BatchItem,
  type BatchResult,
  type SupportedRegions,
} from "./originCloudRegions";
export {
  CloudflareApiError,
  CloudflareArgumentError,
  CloudflareConfigError,
  isNotFound,
  type CloudflareApiErrorKind,
  type CloudflareErrorDetail,
} from "./errors";
export { type ApiSettings, type Credentials, type RetryPolicy } from "./settings";
export { settingsFromEnv } from "./settingsSources";
