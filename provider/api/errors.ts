/**
 * Errors of the Cloudflare API client.
 *
 * A {@link CloudflareApiError} carries what a person needs to act (method, path, HTTP status, Cloudflare's error codes
 * and messages, the cf-ray id, how many attempts were made) and nothing else: never request headers, never the
 * settings, never a credential. Foreign errors (node-fetch's FetchError carries the request URL) are wrapped, not
 * attached.
 */

/** One entry of Cloudflare's `errors[]` (or of a gateway error's `error_chain`, flattened in after its parent). */
export interface CloudflareErrorDetail {
  /** Cloudflare's error code, e.g. 1142 (no such mapping) or 971 (rate limited). */
  code: number;
  /** Cloudflare's message for it. */
  message: string;
}

/**
 * - `api`: Cloudflare answered with an HTTP error status or `success: false` (the usual case);
 * - `network`: no answer: connection refused or reset, DNS failure, socket closed mid-body;
 * - `timeout`: no complete answer within the per-attempt timeout;
 * - `invalidResponse`: an answer that is not a Cloudflare JSON envelope (an HTML error page, truncated JSON, a
 *   redirect).
 */
export type CloudflareApiErrorKind = "api" | "network" | "timeout" | "invalidResponse";

export interface CloudflareApiErrorInit {
  kind: CloudflareApiErrorKind;
  method: string;
  /** Request path below the base URL, query included. */
  path: string;
  status?: number;
  errors?: CloudflareErrorDetail[];
  rayId?: string;
  attempts: number;
  /** What went wrong, when `errors` does not say it (network reason, non-JSON body, budget overrun ...). */
  detail?: string;
  /** The server asked to wait this long before retrying (Retry-After), when the client gave up instead. */
  retryAfterMs?: number;
}

/**
 * A request to Cloudflare failed: it answered with an error, or not usably, or not at all (after the retries). The
 * message is one line: method, path, HTTP status, Cloudflare's codes and messages, attempts, cf-ray id and a fix hint.
 */
export class CloudflareApiError extends Error {
  /** Which way the request failed; see {@link CloudflareApiErrorKind}. */
  readonly kind: CloudflareApiErrorKind;
  /** HTTP method of the request, e.g. `PUT`. */
  readonly method: string;
  /** Path without the base URL (query included); never contains credentials. */
  readonly path: string;
  /** HTTP status; undefined for network errors and timeouts. */
  readonly status?: number;
  /** Cloudflare's `errors[]`, each gateway `error_chain` entry flattened in right after its parent. */
  readonly errors: CloudflareErrorDetail[];
  /** The `cf-ray` response header, for Cloudflare support. */
  readonly rayId?: string;
  /** Attempts made, the first one included. */
  readonly attempts: number;
  /** Set when the client stopped because the server's Retry-After would overrun the retry budget. */
  readonly retryAfterMs?: number;

  constructor(init: CloudflareApiErrorInit) {
    const message = formatMessage(init);
    super(message);
    this.name = "CloudflareApiError";
    ensureMessageAndStack(this, message, CloudflareApiError);
    this.kind = init.kind;
    this.method = init.method;
    this.path = init.path;
    if (init.status !== undefined) this.status = init.status;
    this.errors = (init.errors ?? []).map((e) => ({ code: e.code, message: e.message }));
    if (init.rayId !== undefined) this.rayId = init.rayId;
    this.attempts = init.attempts;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }

  /** Cloudflare error codes, in order (gateway chains included). */
  get codes(): number[] {
    return this.errors.map((e) => e.code);
  }

  /** The fields above as a plain object (what `JSON.stringify` writes); never a credential. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      kind: this.kind,
      method: this.method,
      path: this.path,
      status: this.status,
      errors: this.errors,
      rayId: this.rayId,
      attempts: this.attempts,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

/** A call was made with unusable arguments (empty zone id or IP, batch size out of 1..100); nothing was sent. */
export class CloudflareArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CloudflareArgumentError";
    ensureMessageAndStack(this, message, CloudflareArgumentError);
  }
}

/**
 * True for Cloudflare's "no such mapping" answer: HTTP 404 with a Cloudflare error envelope (code 1142 on v2).
 * A 404 that is not about the mapping is *not* "not found", so a misconfiguration can never make a mapping look
 * deleted: an HTML or otherwise non-envelope 404 (wrong host), or Cloudflare's routing errors 7000/7001/7003 (wrong
 * base URL path). Any other 404 envelope counts, since Cloudflare does not document the GET-one 404 code. Duck-typed
 * so that it also recognizes errors from another copy of this module (Pulumi serializes local modules by value).
 */
export function isNotFound(e: unknown): boolean {
  if (e === null || typeof e !== "object") return false;
  const err = e as { name?: unknown; status?: unknown; kind?: unknown; errors?: unknown };
  if (!(e instanceof CloudflareApiError) && err.name !== "CloudflareApiError") return false;
  if (err.status !== 404 || err.kind !== "api") return false;
  const errors = Array.isArray(err.errors) ? (err.errors as { code?: unknown }[]) : [];
  return !errors.some((x) => x.code === 7000 || x.code === 7001 || x.code === 7003);
}

/**
 * Pulumi's closure serializer rewrites classes as ES5 constructor functions, where `super(message)` becomes
 * `Error.call(this, message)`: that sets neither `message` nor `stack` on `this`. Set them when missing.
 */
export function ensureMessageAndStack(err: Error, message: string, ctor: abstract new (...args: never[]) => unknown): void {
  if (err.message !== message) {
    Object.defineProperty(err, "message", { value: message, writable: true, configurable: true, enumerable: false });
  }
  if (!Object.prototype.hasOwnProperty.call(err, "stack")) Error.captureStackTrace(err, ctor);
}

/** What to do about each Cloudflare error code this API can answer with; shared by every layer that reports errors. */
export const FIX_HINTS: Readonly<Record<number, string>> = {
  1142: "the mapping does not exist (it may have been deleted outside this tool)",
  1146: "the origin IP must be a single IPv4 address (192.0.2.1) or IPv6 address (2001:db8::1), without prefix length, port or zone index",
  1157: "vendor must be one of aws, azure, gcp, oci (lower case) and region one that supported_regions lists for that vendor",
  1164: "the zone already holds Cloudflare's maximum of 3,500 origin cloud region mappings; remove mappings you no longer need before adding new ones",
  9106: "no credentials reached Cloudflare; set apiToken, or apiKey and email",
  6003: "a credential is malformed: the bare API token (no \"Bearer \" prefix or whitespace), or a valid API key and email pair",
  10000: "Cloudflare rejected the credentials for this zone; check the token is valid, not expired, and allowed to edit this zone's settings",
  9109: "the API token is restricted to other client IP addresses",
  7003: "Cloudflare cannot route to this zone id; use the 32-character zone id from the zone's Overview page",
  7000: "Cloudflare has no such route: check the base URL (it should end in /client/v4) and the zone id",
  971: "Cloudflare's API rate limit (1,200 requests per 5 minutes per user) was reached; wait five minutes or send fewer requests at once",
  10100: "Cloudflare's API rate limit (1,200 requests per 5 minutes per user) was reached; wait five minutes or send fewer requests at once",
};

function formatMessage(init: CloudflareApiErrorInit): string {
  const what: string[] = [];
  if (init.status !== undefined) what.push(`HTTP ${init.status}`);
  const errors = init.errors ?? [];
  if (errors.length > 0) {
    what.push(errors.map((e, i) => `${i === 0 ? "Cloudflare error" : "error"} ${e.code}: ${e.message}`).join("; "));
  }
  if (init.detail !== undefined) what.push(init.detail);
  if (what.length === 0) what.push("unknown error");
  const after = init.attempts > 1 ? ` after ${init.attempts} attempts` : "";
  const ray = init.rayId !== undefined ? ` (cf-ray ${init.rayId})` : "";
  const hints = [...new Set(errors.map((e) => FIX_HINTS[e.code]).filter((h): h is string => h !== undefined))];
  const hint = hints.length > 0 ? ` — ${hints.join("; ")}` : "";
  return `${init.method} ${init.path} failed${after}: ${what.join(", ")}${ray}${hint}`;
}
