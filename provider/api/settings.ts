/**
 * Settings of the Cloudflare API client: credentials, base URL, timeouts and the retry policy.
 *
 * Nothing here holds state: every value is a plain object or a function, so Pulumi's closure serializer can capture
 * this module.
 */
import { CloudflareConfigError } from "./errors";

/** Either an API token (preferred) or the global API key with its account email. Exactly one scheme is sent. */
export type Credentials = { apiToken: string } | { apiKey: string; email: string };

/** How failed requests are retried. Every v2 origin-cloud-region call is idempotent, so all of them are retried. */
export interface RetryPolicy {
  /** Attempts in total, the first one included (default 5). */
  maxAttempts: number;
  /** Wait before the first retry; doubles on every further retry (default 500 ms). */
  baseDelayMs: number;
  /** Upper bound of one backoff wait (default 8 s); a server's `Retry-After` is honoured even when longer. */
  maxDelayMs: number;
  /** Bound on the whole call, waits and attempts included (default 300 s). */
  maxElapsedMs: number;
}

/** Settings of the API client; only `credentials` is required. */
export interface ApiSettings {
  /** The one credential scheme to send. */
  credentials: Credentials;
  /** Default {@link DEFAULT_BASE_URL}. https, or plain http to a loopback host only (a local fake). */
  baseUrl?: string;
  /** Per attempt, default 30000. */
  timeoutMs?: number;
  /** Overrides of the retry policy's defaults, field by field (see {@link RetryPolicy}). */
  retry?: Partial<RetryPolicy>;
  /** Receives one line per retry wait; default: console.warn. Lines never contain credentials. */
  log?: (line: string) => void;
}

export const DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4";
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxElapsedMs: 300_000,
});

/**
 * Validates and normalizes a base URL: it must parse as an absolute URL; `https:` is always accepted, `http:` only
 * for a loopback host (127.0.0.0/8, `localhost`, `[::1]`), since credentials would otherwise travel in clear text;
 * user info, query and fragment are rejected; a trailing slash is removed. `undefined` gives {@link DEFAULT_BASE_URL}.
 * `source`, when given, is named in every error (where the value was set).
 */
export function resolveBaseUrl(baseUrl?: string, source?: string): string {
  if (baseUrl === undefined) return DEFAULT_BASE_URL;
  // `source` says where the value was set (`cloudflare:baseUrl, stack config`), so the user knows what to change.
  const what = source ? `Cloudflare base URL (${source})` : "Cloudflare base URL";
  if (typeof baseUrl !== "string" || baseUrl.trim() === "") {
    throw new CloudflareConfigError(`${what} is empty; leave it unset to use ${DEFAULT_BASE_URL}`);
  }
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    // Echo the value only when it cannot carry user info.
    const shown = baseUrl.includes("@") ? "" : ` ${JSON.stringify(baseUrl)}`;
    throw new CloudflareConfigError(`${what}${shown} is not a valid absolute URL (expected e.g. ${DEFAULT_BASE_URL})`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new CloudflareConfigError(
      `${what} must not contain user info (user:password@); pass credentials in the credentials setting`,
    );
  }
  const shown = url.origin + url.pathname;
  if (url.protocol === "http:") {
    if (!isLoopbackHost(url.hostname)) {
      throw new CloudflareConfigError(
        `${what} ${shown} uses plain http to a non-loopback host: the API credentials would travel ` +
          "in clear text. Use https, or http only to 127.0.0.1, localhost or [::1] (a local fake API).",
      );
    }
  } else if (url.protocol !== "https:") {
    // An opaque origin ("null": file:, or user:password@host read as scheme "user:") leaves the rest unparsed, user
    // info included: name the scheme only.
    const where = url.origin === "null" ? "" : ` ${shown}`;
    throw new CloudflareConfigError(`${what}${where} must use https (got ${url.protocol})`);
  }
  if (url.search !== "" || url.hash !== "") {
    throw new CloudflareConfigError(`${what} ${shown} must not have a query string or a fragment`);
  }
  return shown.replace(/\/+$/, "");
}

/** 127.0.0.0/8, `localhost` (and `*.localhost`), `[::1]`. `hostname` as given by WHATWG `URL` (IPv4 normalized). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (host === "[::1]") return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Visible ASCII only: no whitespace, control or non-ASCII characters (a stray newline from a file, say). */
const HEADER_SAFE = /^[\x21-\x7e]+$/;
/** A value copied with its header scheme, as in `Authorization: Bearer <token>` or a curl command. */
const BEARER_PREFIX = /^\s*bearer\s/i;
/** A value with the quotes of the file it came from (`TOKEN="…"` in a .env file read by a tool that keeps them). */
const QUOTED = /^\s*["']|["']\s*$/;

/**
 * Checks the credentials and builds the authentication headers: `Authorization: Bearer <token>`, or
 * `X-Auth-Email` + `X-Auth-Key`. Exactly one scheme must be configured (Cloudflare rejects a request that carries
 * both). Error messages name the offending field (as `names` says, where it was set), never its value.
 */
export function authHeaders(credentials: Credentials, names: CredentialNames = {}): Record<string, string> {
  if (credentials === null || typeof credentials !== "object") {
    throw new CloudflareConfigError("Cloudflare credentials are missing: set apiToken, or apiKey and email");
  }
  const c = credentials as { apiToken?: unknown; apiKey?: unknown; email?: unknown };
  const hasToken = c.apiToken !== undefined && c.apiToken !== null;
  const hasKey = (c.apiKey !== undefined && c.apiKey !== null) || (c.email !== undefined && c.email !== null);
  if (hasToken && hasKey) {
    throw new CloudflareConfigError(
      "Cloudflare credentials: set either apiToken or apiKey + email, not both (Cloudflare rejects a request " +
        "that carries both schemes)",
    );
  }
  if (hasToken) {
    return { Authorization: `Bearer ${checkSecret(c.apiToken, "apiToken", names)}` };
  }
  if (hasKey) {
    const key = checkSecret(c.apiKey, "apiKey", names);
    const email = checkSecret(c.email, "email", names);
    return { "X-Auth-Email": email, "X-Auth-Key": key };
  }
  throw new CloudflareConfigError("Cloudflare credentials are missing: set apiToken, or apiKey and email");
}

/** How each credential field is named in messages, e.g. `CLOUDFLARE_API_TOKEN (environment variable)`; default its own name. */
export type CredentialNames = Partial<Record<"apiToken" | "apiKey" | "email", string>>;

function checkSecret(value: unknown, key: keyof CredentialNames, names: CredentialNames): string {
  const field = names[key] ?? key;
  if (typeof value !== "string" || value === "") {
    throw new CloudflareConfigError(`Cloudflare credentials: ${field} must be a non-empty string`);
  }
  if (QUOTED.test(value)) {
    // Cloudflare tokens, keys and account emails hold no quotes at their ends: these came from a file's quoting.
    throw new CloudflareConfigError(
      `Cloudflare credentials: ${field} is in quotes (it starts or ends with " or '), which are not part of the value: ` +
        "set it without them (a .env file or a shell that kept its quotes?)",
    );
  }
  if (BEARER_PREFIX.test(value)) {
    throw new CloudflareConfigError(
      key === "apiToken"
        ? `Cloudflare credentials: ${field} starts with "Bearer ", the header's scheme, not part of the token: set the ` +
            "token alone (the provider sends Authorization: Bearer <token> itself)"
        : `Cloudflare credentials: ${field} starts with "Bearer ": set the ${key} alone, without a scheme`,
    );
  }
  if (!HEADER_SAFE.test(value)) {
    throw new CloudflareConfigError(
      `Cloudflare credentials: ${field} contains whitespace, control or non-ASCII characters ` +
        "(a trailing newline from a file or an environment variable?)",
    );
  }
  return value;
}

/** Fills in defaults and checks the numbers. */
export function resolveRetryPolicy(retry: Partial<RetryPolicy> | undefined): RetryPolicy {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY };
  for (const key of Object.keys(DEFAULT_RETRY_POLICY) as (keyof RetryPolicy)[]) {
    const value = retry?.[key];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new CloudflareConfigError(`Cloudflare retry.${key} must be a finite number >= 0`);
    }
    policy[key] = value;
  }
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new CloudflareConfigError("Cloudflare retry.maxAttempts must be an integer >= 1");
  }
  return policy;
}

export function resolveTimeoutMs(timeoutMs: number | undefined): number {
  if (timeoutMs === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== "number" || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new CloudflareConfigError("Cloudflare timeoutMs must be a finite number > 0");
  }
  return timeoutMs;
}
