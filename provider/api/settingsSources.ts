/**
 * The one reading of credentials and base URL from where users set them (the environment; stack config in the
 * provider): trimmed, picked by precedence and checked as the client will check them, each refusal naming the key and
 * its source. The provider, the export command and the `/api` subpath's {@link settingsFromEnv} all read through it.
 *
 * Plain functions and constants only, so Pulumi's closure serializer can capture a program that calls them.
 */
import { authHeaders, resolveBaseUrl, type ApiSettings, type CredentialNames, type Credentials } from "./settings";

import { CloudflareConfigError } from "./errors";
import { ENV_KEYS } from "./settingKeys";

export { ENV_KEYS };

/** The settings a source can hold. */
export type SettingName = "apiToken" | "apiKey" | "email" | "baseUrl";

/** One place settings were read from, with the words messages use for it. */
export interface SettingsSource {
  /** The values it holds, as {@link readValues} returns them. */
  values: Partial<Record<SettingName, string>>;
  /** The key of each setting there (`CLOUDFLARE_API_TOKEN`, `cloudflare:apiToken`). */
  keys: Readonly<Record<SettingName, string>>;
  /** What a key is, after its name: `environment variable`, `stack config`. */
  label: string;
  /** The source in a sentence: `the environment`, `stack config`. */
  where: string;
}

/** The source {@link settingsFromEnv} reads, without its values. */
export const ENV_SOURCE: Omit<SettingsSource, "values"> = {
  keys: ENV_KEYS,
  label: "environment variable",
  where: "the environment",
};

/**
 * The values of `keys` that `lookup` finds, trimmed (a trailing newline from a file or `$(…)`); values empty after
 * trimming are left out, as if unset.
 */
export function readValues<K extends string>(
  lookup: (key: string) => string | undefined,
  keys: Readonly<Record<K, string>>,
): Partial<Record<K, string>> {
  const values: Partial<Record<K, string>> = {};
  for (const name of Object.keys(keys) as K[]) {
    const value = lookup(keys[name])?.trim();
    if (value) values[name] = value;
  }
  return values;
}

/** What {@link pickSettings} chose, and where each part came from (for messages). */
export interface PickedSettings {
  settings: ApiSettings;
  /** Each credential field as `KEY (label)`, from the source that gave the credential. */
  names: CredentialNames;
  /** The base URL's `KEY, label`, when a source set it. */
  urlSource?: string;
}

/**
 * Credentials and base URL from `sources`, first one first, unchecked. The first source that names a credential at
 * all decides it: half a key/email pair there is an error (`missing(detail)`), not a fall-through to the next source.
 * A token wins over a key in one source, since Cloudflare rejects a request that carries both schemes.
 */
export function pickSettings(sources: readonly SettingsSource[], missing: (detail?: string) => Error): PickedSettings {
  for (const source of sources) {
    const credentials = credentialsIn(source, missing);
    if (!credentials) continue;
    const named = (key: keyof CredentialNames) => `${source.keys[key]} (${source.label})`;
    const urlFrom = sources.find((s) => s.values.baseUrl !== undefined);
    return {
      settings: { credentials, baseUrl: urlFrom?.values.baseUrl },
      names: { apiToken: named("apiToken"), apiKey: named("apiKey"), email: named("email") },
      urlSource: urlFrom && `${urlFrom.keys.baseUrl}, ${urlFrom.label}`,
    };
  }
  throw missing();
}

/**
 * {@link pickSettings}, then the credential (quotes, a `Bearer ` prefix, whitespace) and the base URL checked as the
 * client checks them, each refusal naming the key and its source, never the value.
 */
export function settingsFromSources(
  sources: readonly SettingsSource[],
  missing: (detail?: string) => Error,
): ApiSettings {
  const { settings, names, urlSource } = pickSettings(sources, missing);
  authHeaders(settings.credentials, names);
  resolveBaseUrl(settings.baseUrl, urlSource);
  return settings;
}

/**
 * Settings for `new OriginCloudRegionsApi(…)` from the environment, read as the provider and the export command read
 * it: `CLOUDFLARE_API_TOKEN` (or `CLOUDFLARE_API_KEY` with `CLOUDFLARE_EMAIL`) and `CLOUDFLARE_BASE_URL`, each trimmed.
 * Throws `CloudflareConfigError`, naming the variable, when no credential is set or a value is unusable (in quotes,
 * with a `Bearer ` prefix, with whitespace inside; a base URL the client refuses). Add other settings by spreading:
 * `{ ...settingsFromEnv(), timeoutMs: 10_000 }`. The returned object holds the credential itself: hand it to the
 * client, never to a log.
 */
export function settingsFromEnv(env: Record<string, string | undefined> = process.env): ApiSettings {
  const values = readValues((key) => env[key], ENV_KEYS);
  return settingsFromSources([{ ...ENV_SOURCE, values }], (detail) => {
    const set = `set ${ENV_KEYS.apiToken} (or ${ENV_KEYS.apiKey} with ${ENV_KEYS.email})`;
    return new CloudflareConfigError(`${detail ?? "No Cloudflare credentials in the environment"}: ${set}`);
  });
}

function credentialsIn(
  { values, keys, where }: SettingsSource,
  missing: (detail?: string) => Error,
): Credentials | undefined {
  if (values.apiToken) return { apiToken: values.apiToken };
  if (values.apiKey && values.email) return { apiKey: values.apiKey, email: values.email };
  if (values.apiKey) throw missing(`${keys.apiKey} is set in ${where} but ${keys.email} is not`);
  if (values.email) throw missing(`${keys.email} is set in ${where} but ${keys.apiKey} is not`);
  return undefined;
}
