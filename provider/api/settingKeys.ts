/**
 * Where users set the credentials and base URL: stack config keys and environment variables. A leaf (no imports), so
 * the settings' readers and the errors that name these keys share one spelling.
 */

/** Stack config keys, in the `cloudflare:` namespace that @pulumi/cloudflare users already have. */
export const CONFIG_KEYS = {
  apiToken: "cloudflare:apiToken",
  apiKey: "cloudflare:apiKey",
  email: "cloudflare:email",
  baseUrl: "cloudflare:baseUrl",
} as const;

/** Environment variables, the same names as Cloudflare's SDKs, Terraform and @pulumi/cloudflare. */
export const ENV_KEYS = {
  apiToken: "CLOUDFLARE_API_TOKEN",
  apiKey: "CLOUDFLARE_API_KEY",
  email: "CLOUDFLARE_EMAIL",
  baseUrl: "CLOUDFLARE_BASE_URL",
} as const;
