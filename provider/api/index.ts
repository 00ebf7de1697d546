/** The Cloudflare origin cloud regions API client: settings, transport, errors and the typed v2 endpoints. */
export {
  DEFAULT_BASE_URL,
  DEFAULT_RETRY_POLICY,
  DEFAULT_TIMEOUT_MS,
  resolveBaseUrl,
  isLoopbackHost,
  type ApiSettings,
  type Credentials,
  type RetryPolicy,
} from "./settings";
export {
  CloudflareApiError,
  CloudflareArgumentError,
  CloudflareConfigError,
  FIX_HINTS,
  isNotFound,
  isUncertainWrite,
  type CloudflareApiErrorKind,
  type CloudflareErrorDetail,
} from "./errors";
export {
  CloudflareHttp,
  closeIdleConnections,
  USER_AGENT,
  type ApiRequest,
  type ApiResponse,
  type HttpMethod,
  type ResultInfo,
  type Transport,
} from "./http";
export {
  OriginCloudRegionsApi,
  MAX_BATCH_ITEMS,
  LIST_PAGE_SIZE,
  type OriginCloudRegionsClient,
  type Vendor,
  type OriginCloudRegionRecord,
  type OriginCloudRegionRecordInput,
  type BatchItem,
  type BatchResult,
  type SupportedRegions,
} from "./originCloudRegions";
