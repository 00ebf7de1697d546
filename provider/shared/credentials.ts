import { CloudflareConfigError, DEFAULT_RETRY_POLICY, DEFAULT_TIMEOUT_MS, type ApiSettings } from "../api";
import { MissingCredentialsError } from "../api/errors";
import { CONFIG_KEYS } from "../api/settingKeys";
import {
  ENV_KEYS,
  ENV_SOURCE,
  pickSettings,
  readValues,
  settingsFromSources,
  type SettingName,
  type SettingsSource,
} from "../api/settingsSources";

export { CONFIG_KEYS, ENV_KEYS, MissingCredentialsError };

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

/**
 * The config keys a provider reads and the words its messages use for where they came from: the dynamic provider's
 * stack config (`cloudflare:*`, `originCloudRegions:*`) by default, the provider plugin's own namespace otherwise.
 */
export interface ConfigKeys {
  credentials: Readonly<Record<SettingName, string>>;
  tuning: Readonly<Record<keyof typeof TUNING_CONFIG_KEYS, string>>;
  /** What a key is, after its name (`stack config`). */
  label: string;
  /** The source in a sentence (`stack config`). */
  where: string;
  /**
   * How messages spell program code: in TypeScript (the dynamic provider serves TypeScript programs only), or by the
   * schema's names, which each language spells its own way (the plugin).
   */
  program: "typescript" | "any language";
}

/** The dynamic provider's keys: stack config `cloudflare:*` and `originCloudRegions:*`. */
export const STACK_CONFIG_KEYS: ConfigKeys = {
  credentials: CONFIG_KEYS,
  tuning: TUNING_CONFIG_KEYS,
  label: "stack config",
  where: "stack config",
  program: "typescript",
};

/** Allowed values of each limit: inclusive range, whole numbers only where `integer`, and the default. */
export const TUNING_RANGES: Readonly<
  Record<
    Exclude<keyof typeof TUNING_CONFIG_KEYS, "batching">,
    { min: number; max: number; integer: boolean; default: number; unit: string }
  >
> = {
  requestTimeoutSeconds: { min: 1, max: 300, integer: false, default: DEFAULT_TIMEOUT_MS / 1000, unit: "seconds" },
  retryBudgetSeconds: {
    min: 1,
    max: 3600,
    integer: false,
    default: DEFAULT_RETRY_POLICY.maxElapsedMs / 1000,
    unit: "seconds",
  },
  maxAttempts: { min: 1, max: 10, integer: true, default: DEFAULT_RETRY_POLICY.maxAttempts, unit: "attempts" },
};

/**
 * Picks the settings named by `keys` out of stack config (as `configure` receives it) or an environment, trimmed, empty
 * ones left out: the `/api` client's reading ({@link readValues}), so every entry point trims alike.
 */
export const readSettings = readValues;

/**
 * The per-attempt timeout and retry policy from stack config, falling back to the environment, each checked against
 * {@link TUNING_RANGES}: a bad value is an error naming the key and the allowed range (nothing is sent).
 */
export function resolveTuning(
  stack: TuningValues,
  env: TuningValues,
  keys: ConfigKeys["tuning"] = TUNING_CONFIG_KEYS,
): Pick<ApiSettings, "timeoutMs" | "retry"> & { batching?: boolean } {
  const setting = (name: keyof typeof TUNING_CONFIG_KEYS): [string | undefined, string] =>
    stack[name] !== undefined ? [stack[name], keys[name]] : [env[name], TUNING_ENV_KEYS[name]];
  const value = (name: keyof typeof TUNING_RANGES) => checkedNumber(name, ...setting(name));
  const timeout = value("requestTimeoutSeconds");
  const budget = value("retryBudgetSeconds");
  const attempts = value("maxAttempts");
  const tuning: Pick<ApiSettings, "timeoutMs" | "retry"> & { batching?: boolean } = {};
  const [batching, batchingKey] = setting("batching");
  if (batching !== undefined) {
    if (batching !== "true" && batching !== "false") {
      throw new CloudflareConfigError(
        `${batchingKey} ${JSON.stringify(batching)} is not allowed: expected true or false (default true)`,
      );
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

/** A limit's value from `raw` (set at `key`), checked against its range in {@link TUNING_RANGES}. */
function checkedNumber(name: keyof typeof TUNING_RANGES, raw: string | undefined, key: string): number | undefined {
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
}

const missingCredentials =
  ({ credentials }: ConfigKeys = STACK_CONFIG_KEYS) =>
  (detail?: string) =>
    new MissingCredentialsError(detail, credentials);
const sources = (stack: SettingValues, env: SettingValues, config = STACK_CONFIG_KEYS): SettingsSource[] => [
  { keys: config.credentials, label: config.label, where: config.where, values: stack },
  { ...ENV_SOURCE, values: env },
];

/**
 * API settings from stack config, falling back to the environment, unchecked. A source that names a credential at all
 * decides the credential: a half-set key/email pair in stack config is an error, not a silent fall-through.
 * Exactly one auth scheme is returned, since Cloudflare rejects requests that carry two.
 */
export function resolveApiSettings(stack: SettingValues, env: SettingValues): ApiSettings {
  return pickSettings(sources(stack, env), missingCredentials()).settings;
}

/**
 * Everything a client is built from, as the provider host builds its own: credentials and base URL from stack config
 * (`stack` looks up full keys such as `cloudflare:apiToken`), else the environment; the time limits and `batching`
 * (`originCloudRegions:*`, else `ORIGIN_CLOUD_REGIONS_*`). Throws `MissingCredentialsError` or `CloudflareConfigError`.
 * `config` names other keys (the provider plugin's namespace), which messages then name.
 */
export function resolveClientSettings(
  stack: (key: string) => string | undefined,
  env: (key: string) => string | undefined,
  config: ConfigKeys = STACK_CONFIG_KEYS,
): { settings: ApiSettings; batching?: boolean } {
  const { batching, ...tuning } = resolveTuning(
    readSettings(stack, config.tuning),
    readSettings(env, TUNING_ENV_KEYS),
    config.tuning,
  );
  // The /api client's reading (settingsFromEnv's), with stack config before the environment.
  const api = settingsFromSources(
    sources(readSettings(stack, config.credentials), readSettings(env, ENV_KEYS), config),
    missingCredentials(config),
  );
  return { settings: { ...api, ...tuning }, batching };
}
