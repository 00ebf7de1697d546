import { CloudflareConfigError, DEFAULT_RETRY_POLICY, DEFAULT_TIMEOUT_MS, resolveBaseUrl, type ApiSettings, type Credentials } from "./api";
import { authHeaders } from "./api/settings";

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

/** The four settings this provider reads, whichever source they came from. */
export type SettingValues = Partial<Record<keyof typeof CONFIG_KEYS, string>>;

/**
 * Time limits, in the provider's own stack-config namespace (the `cloudflare:` one belongs to @pulumi/cloudflare,
 * which would not know these keys).
 */
export const TUNING_CONFIG_KEYS = {
  requestTimeoutSeconds: "originCloudRegions:requestTimeoutSeconds",
  retryBudgetSeconds: "originCloudRegions:retryBudgetSeconds",
  maxAttempts: "originCloudRegions:maxAttempts",
  batching: "originCloudRegions:batching",
} as const;

/** The same limits as environment variables. */
export const TUNING_ENV_KEYS = {
  requestTimeoutSeconds: "ORIGIN_CLOUD_REGIONS_REQUEST_TIMEOUT_SECONDS",
  retryBudgetSeconds: "ORIGIN_CLOUD_REGIONS_RETRY_BUDGET_SECONDS",
  maxAttempts: "ORIGIN_CLOUD_REGIONS_MAX_ATTEMPTS",
  batching: "ORIGIN_CLOUD_REGIONS_BATCHING",
} as const;

export type TuningValues = Partial<Record<keyof typeof TUNING_CONFIG_KEYS, string>>;

/** Allowed values of each limit: inclusive range, whole numbers only where `integer`, and the default. */
export const TUNING_RANGES: Readonly<Record<Exclude<keyof typeof TUNING_CONFIG_KEYS, "batching">, { min: number; max: number; integer: boolean; default: number; unit: string }>> = {
  requestTimeoutSeconds: { min: 1, max: 300, integer: false, default: DEFAULT_TIMEOUT_MS / 1000, unit: "seconds" },
  retryBudgetSeconds: { min: 1, max: 3600, integer: false, default: DEFAULT_RETRY_POLICY.maxElapsedMs / 1000, unit: "seconds" },
  maxAttempts: { min: 1, max: 10, integer: true, default: DEFAULT_RETRY_POLICY.maxAttempts, unit: "attempts" },
};

/** Thrown when no source supplies a complete credential; says every way to supply one. */
export class MissingCredentialsError extends Error {
  constructor(detail?: string) {
    super(
      (detail ? `${detail}. ` : "No Cloudflare credentials were found. ") +
        `Set an API token with \`pulumi config set --secret ${CONFIG_KEYS.apiToken} <token>\` ` +
        `(or ${CONFIG_KEYS.apiKey} with ${CONFIG_KEYS.email}), ` +
        `or export ${ENV_KEYS.apiToken} (or ${ENV_KEYS.apiKey} with ${ENV_KEYS.email}) in the environment that runs pulumi.`,
    );
    this.name = "MissingCredentialsError";
  }
}

/** Picks the settings named by `keys` out of stack config (as `configure` receives it) or an environment. */
export function readSettings<K extends string>(lookup: (key: string) => string | undefined, keys: Record<K, string>): Partial<Record<K, string>> {
  const values: Partial<Record<K, string>> = {};
  for (const name of Object.keys(keys) as K[]) {
    const value = lookup(keys[name])?.trim();
    if (value) values[name] = value;
  }
  return values;
}

/**
 * The per-attempt timeout and retry policy from stack config, falling back to the environment, each checked against
 * {@link TUNING_RANGES}: a bad value is an error naming the key and the allowed range (nothing is sent).
 */
export function resolveTuning(stack: TuningValues, env: TuningValues): Pick<ApiSettings, "timeoutMs" | "retry"> & { batching?: boolean } {
  const setting = (name: keyof typeof TUNING_CONFIG_KEYS): [string | undefined, string] =>
    stack[name] !== undefined ? [stack[name], TUNING_CONFIG_KEYS[name]] : [env[name], TUNING_ENV_KEYS[name]];
  const value = (name: keyof typeof TUNING_RANGES): number | undefined => {
    const [raw, key] = setting(name);
    if (raw === undefined) return undefined;
    const range = TUNING_RANGES[name];
    const n = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || n < range.min || n > range.max || (range.integer && !Number.isInteger(n))) {
      throw new CloudflareConfigError(
        `${key} ${JSON.stringify(raw)} is not allowed: expected ${range.integer ? "a whole number" : "a number"} of ${range.unit} ` +
          `from ${range.min} to ${range.max} (default ${range.default})`,
      );
    }
    return n;
  };
  const timeout = value("requestTimeoutSeconds");
  const budget = value("retryBudgetSeconds");
  const attempts = value("maxAttempts");
  const tuning: Pick<ApiSettings, "timeoutMs" | "retry"> & { batching?: boolean } = {};
  const [batching, batchingKey] = setting("batching");
  if (batching !== undefined) {
    if (batching !== "true" && batching !== "false") {
      throw new CloudflareConfigError(`${batchingKey} ${JSON.stringify(batching)} is not allowed: expected true or false (default true)`);
    }
    tuning.batching = batching === "true";
  }
  if (timeout !== undefined) tuning.timeoutMs = timeout * 1000;
  if (budget !== undefined || attempts !== undefined) {
    tuning.retry = {};
    if (budget !== undefined) tuning.retry.maxElapsedMs = budget * 1000;
    if (attempts !== undefined) tuning.retry.maxAttempts = attempts;
  }
  return tuning;
}

/**
 * API settings from stack config, falling back to the environment. A source that names a credential at all
 * decides the credential: a half-set key/email pair in stack config is an error, not a silent fall-through.
 * Exactly one auth scheme is returned, since Cloudflare rejects requests that carry two.
 */
export function resolveApiSettings(stack: SettingValues, env: SettingValues): ApiSettings {
  const credentials = credentialsFrom(stack, "stack config", CONFIG_KEYS) ?? credentialsFrom(env, "the environment", ENV_KEYS);
  if (!credentials) throw new MissingCredentialsError();
  return { credentials, baseUrl: stack.baseUrl ?? env.baseUrl };
}

const STACK = { keys: CONFIG_KEYS, label: "stack config" };
const ENV = { keys: ENV_KEYS, label: "environment variable" };

/**
 * {@link resolveApiSettings}, with the credential's format and the base URL checked as the client will check them, but
 * each refusal naming the key it was set in (`cloudflare:apiToken (stack config)`), never the value.
 */
function checkedApiSettings(stack: SettingValues, env: SettingValues): ApiSettings {
  const settings = resolveApiSettings(stack, env);
  const credentialSource = credentialsFrom(stack, "stack config", CONFIG_KEYS) ? STACK : ENV;
  const name = (key: keyof typeof CONFIG_KEYS) => `${credentialSource.keys[key]} (${credentialSource.label})`;
  authHeaders(settings.credentials, { apiToken: name("apiToken"), apiKey: name("apiKey"), email: name("email") });
  const urlSource = stack.baseUrl !== undefined ? STACK : ENV;
  resolveBaseUrl(settings.baseUrl, `${urlSource.keys.baseUrl}, ${urlSource.label}`);
  return settings;
}

function credentialsFrom(
  values: SettingValues,
  source: string,
  keys: Record<keyof typeof CONFIG_KEYS, string>,
): Credentials | undefined {
  if (values.apiToken) return { apiToken: values.apiToken };
  if (values.apiKey && values.email) return { apiKey: values.apiKey, email: values.email };
  if (values.apiKey) throw new MissingCredentialsError(`${keys.apiKey} is set in ${source} but ${keys.email} is not`);
  if (values.email) throw new MissingCredentialsError(`${keys.email} is set in ${source} but ${keys.apiKey} is not`);
  return undefined;
}

/**
 * Everything a client is built from, as the provider host builds its own: credentials and base URL from stack config
 * (`stack` looks up full keys such as `cloudflare:apiToken`), else the environment; the time limits and `batching`
 * (`originCloudRegions:*`, else `ORIGIN_CLOUD_REGIONS_*`). Throws `MissingCredentialsError` or `CloudflareConfigError`.
 */
export function resolveClientSettings(
  stack: (key: string) => string | undefined,
  env: (key: string) => string | undefined,
): { settings: ApiSettings; batching?: boolean } {
  const { batching, ...tuning } = resolveTuning(readSettings(stack, TUNING_CONFIG_KEYS), readSettings(env, TUNING_ENV_KEYS));
  return { settings: { ...checkedApiSettings(readSettings(stack, CONFIG_KEYS), readSettings(env, ENV_KEYS)), ...tuning }, batching };
}
