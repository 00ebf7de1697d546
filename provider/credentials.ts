import type { ApiSettings, Credentials } from "./api";

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

/** Picks the four settings out of stack config (as `configure` receives it) or an environment. */
export function readSettings(lookup: (key: string) => string | undefined, keys: Record<keyof typeof CONFIG_KEYS, string>): SettingValues {
  const values: SettingValues = {};
  for (const name of Object.keys(keys) as (keyof typeof CONFIG_KEYS)[]) {
    const value = lookup(keys[name])?.trim();
    if (value) values[name] = value;
  }
  return values;
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
