/**
 * Errors raised before any request is sent: an unusable setting, no credential, an invalid IP, a bad command line.
 * Each message names the setting, input or flag and what is accepted, and never holds a secret.
 */
import { kindOf, valueText } from "../valueText";
import { CONFIG_KEYS, ENV_KEYS } from "../settingKeys";
import { OriginCloudRegionsError } from "./base";

/** A setting is unusable (bad base URL, malformed or ambiguous credentials, bad retry numbers). Never holds a secret. */
export class CloudflareConfigError extends OriginCloudRegionsError {
  constructor(message: string) {
    super("CloudflareConfigError", message);
  }
}

/** The config keys a {@link MissingCredentialsError} names (the dynamic provider's `cloudflare:*` by default). */
export type CredentialKeys = Readonly<Record<"apiToken" | "apiKey" | "email", string>>;

/** Thrown when no source supplies a complete credential; says every way to supply one. */
export class MissingCredentialsError extends OriginCloudRegionsError {
  constructor(detail?: string, keys: CredentialKeys = CONFIG_KEYS) {
    super(
      "MissingCredentialsError",
      (detail ? `${detail}. ` : "No Cloudflare credentials were found. ") +
        `Set an API token with \`pulumi config set --secret ${keys.apiToken} <token>\` ` +
        `(or ${keys.apiKey} with ${keys.email}), ` +
        `or export ${ENV_KEYS.apiToken} (or ${ENV_KEYS.apiKey} with ${ENV_KEYS.email}) in the environment that runs pulumi.`,
    );
  }
}

/** The IP forms {@link InvalidIpError} names. */
const ACCEPTED_IP_FORMS =
  "expected an IPv4 dotted quad such as 192.0.2.1 (four decimal parts 0-255, no leading zeros) " +
  "or an IPv6 address such as 2001:db8::1 (no brackets, prefix length, port or zone index)";

/** The longest value an IP error quotes whole. */
const MAX_QUOTED = 100;

/**
 * A value as an IP error quotes it: a string as JSON, an over-long one cut with its length, anything else as written.
 * Unlike the other inputs' `quote`, it names no type: its reason says "must be a string, not …". Never throws.
 */
function quoteIpValue(value: unknown): string {
  if (typeof value !== "string") {
    const text = value === undefined ? "undefined" : valueText(value, MAX_QUOTED);
    if (text === undefined) return `(${kindOf(value)} that cannot be shown)`;
    return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
  }
  if (value.length <= MAX_QUOTED) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, MAX_QUOTED))}… (${value.length} characters)`;
}

/** Thrown by `canonicalizeIp`; the message quotes the value and says which forms are accepted. */
export class InvalidIpError extends OriginCloudRegionsError {
  /** The rejected value, as text. */
  readonly value: string;
  /** The input it was given for, e.g. `originIp` (named at the start of the message). */
  readonly field: string;

  constructor(value: unknown, field: string, reason?: string) {
    super(
      "InvalidIpError",
      `${field} ${quoteIpValue(value)} is not a valid IP address: ${reason ? `${reason}; ` : ""}${ACCEPTED_IP_FORMS}`,
    );
    this.value = typeof value === "string" ? value : quoteIpValue(value);
    this.field = field;
  }
}

/** A bad command line; its message is one line that names the flag or argument and what is accepted. */
export class UsageError extends OriginCloudRegionsError {
  constructor(message: string) {
    super("UsageError", message);
  }
}
