/**
 * The plugin's configuration, in its own namespace (`cloudflare-origin-cloud-regions:apiToken`, …): what
 * `CheckConfig` accepts (every value checked as the client will check it, no request sent), what `DiffConfig`
 * calls a change (any value but `version`; nothing replaces the provider), and what `Configure` hands to core.
 * Values arrive as the engine sends them: strings from stack config, JSON text or plain values from SDKs, secrets
 * wrapped or plain. Credentials stay in this process's memory and in the engine's encrypted provider state.
 */
import { resolveBaseUrl } from "../api/settings";
import { settingsFromSources, type SettingName } from "../api/settingsSources";
import { quote } from "../api/valueText";
import { configureFromStack } from "../core/providerContext";
import { MissingCredentialsError, resolveTuning, TUNING_CONFIG_KEYS, type ConfigKeys } from "../shared/credentials";
import { suggest } from "../shared/validation";
import { isSecret, reveal, secret, type Props } from "./values";

/** The Pulumi package name, the namespace of the plugin's config keys and of its tokens. */
export const PACKAGE = "cloudflare-origin-cloud-regions";

const CREDENTIAL_NAMES: readonly SettingName[] = ["apiToken", "apiKey", "email", "baseUrl"];
const TUNING_NAMES = Object.keys(TUNING_CONFIG_KEYS) as (keyof typeof TUNING_CONFIG_KEYS)[];
/** Every config key the plugin takes, without its namespace. */
export const CONFIG_NAMES: readonly string[] = [...CREDENTIAL_NAMES, ...TUNING_NAMES];
/** Keys whose values are secret in the schema, and kept secret in what CheckConfig returns. */
const SECRET_NAMES = new Set(["apiToken", "apiKey"]);
/** Keys the engine adds beside the configuration. */
const ENGINE_KEYS = new Set(["version"]);

const keyed = <K extends string>(names: readonly K[]) =>
  Object.fromEntries(names.map((n) => [n, `${PACKAGE}:${n}`])) as Record<K, string>;

/** The plugin's keys, for core's settings reading and its messages. */
export const PLUGIN_CONFIG_KEYS: ConfigKeys = {
  credentials: keyed(CREDENTIAL_NAMES),
  tuning: keyed(TUNING_NAMES),
  label: "provider config",
  where: "provider config",
  program: "any language",
};

/** The value the engine sends for what is not known yet. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** One config value as text, as stack config holds it; undefined when absent, null when not a plain value. */
function textOf(value: unknown): string | undefined | null {
  const v = reveal(value);
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}

/** The known config values as text, by key without namespace; `fail` hears the ones that cannot be text. */
function textValues(config: Props, fail?: (key: string, reason: string) => void): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (ENGINE_KEYS.has(key) || reveal(value) === UNKNOWN) continue;
    const text = textOf(value);
    if (text === null) fail?.(key, `${PACKAGE}:${key} must be a string, a number or a boolean`);
    else if (text !== undefined) values[key] = text;
  }
  return values;
}

export interface ConfigCheck {
  inputs: Props;
  failures: { property: string; reason: string }[];
}

/** CheckConfig: every failure names its key; the inputs are what was given, credentials made secret. */
export function checkConfig(news: Props): ConfigCheck {
  const failures: ConfigCheck["failures"] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  for (const key of Object.keys(news)) {
    if (ENGINE_KEYS.has(key) || CONFIG_NAMES.includes(key)) continue;
    fail(
      key,
      `unknown config key ${quote(`${PACKAGE}:${key}`)}: ${PACKAGE} takes ${CONFIG_NAMES.join(", ")}${suggest(key, CONFIG_NAMES)}`,
    );
  }
  const values = textValues(news, fail);
  checkTuning(values, fail);
  checkCredentials(values, fail);
  const inputs: Props = {};
  for (const [key, value] of Object.entries(news)) {
    inputs[key] = SECRET_NAMES.has(key) && !isSecret(value) && value !== null ? secret(value) : value;
  }
  return { inputs, failures };
}

function checkTuning(values: Record<string, string>, fail: (key: string, reason: string) => void): void {
  for (const name of TUNING_NAMES) {
    if (values[name] === undefined) continue;
    try {
      resolveTuning({ [name]: values[name].trim() }, {}, PLUGIN_CONFIG_KEYS.tuning);
    } catch (e) {
      fail(name, (e as Error).message);
    }
  }
}

/** Credentials and base URL, checked as the client checks them; the failure names the key its message names. */
function checkCredentials(values: Record<string, string>, fail: (key: string, reason: string) => void): void {
  const trimmed = (name: SettingName) => values[name]?.trim() || undefined;
  const baseUrl = trimmed("baseUrl");
  if (baseUrl !== undefined) {
    try {
      resolveBaseUrl(baseUrl, `${PLUGIN_CONFIG_KEYS.credentials.baseUrl}, provider config`);
    } catch (e) {
      fail("baseUrl", (e as Error).message);
    }
  }
  const credentials = { apiToken: trimmed("apiToken"), apiKey: trimmed("apiKey"), email: trimmed("email") };
  if (Object.values(credentials).every((v) => v === undefined)) return;
  const { credentials: keys, label, where } = PLUGIN_CONFIG_KEYS;
  try {
    settingsFromSources([{ keys, label, where, values: credentials }], (d) => new MissingCredentialsError(d, keys));
  } catch (e) {
    const message = (e as Error).message;
    const named = (["apiToken", "apiKey", "email"] as const).find((n) => message.startsWith(keys[n]));
    const mentioned = (["apiToken", "apiKey", "email"] as const).find((n) => message.includes(keys[n]));
    fail(named ?? mentioned ?? "apiToken", message);
  }
}

/** DiffConfig: the keys whose values changed (`version` aside); none of them replaces the provider. */
export function diffConfig(olds: Props, news: Props): string[] {
  const a = textValues(olds);
  const b = textValues(news);
  const unknown = Object.keys(news).filter((k) => !ENGINE_KEYS.has(k) && reveal(news[k]) === UNKNOWN);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...new Set([...[...keys].filter((k) => a[k] !== b[k]), ...unknown])].sort();
}

/** Configure: core reads the given values under the plugin's keys (nothing from earlier configurations). */
export function configure(args: Props): void {
  const values = textValues(args);
  configureFromStack((key) => {
    const name = key.startsWith(`${PACKAGE}:`) ? key.slice(PACKAGE.length + 1) : undefined;
    return name === undefined ? undefined : values[name];
  }, PLUGIN_CONFIG_KEYS);
}
