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
  /** A write whose outcome is unknown: some attempt may have been applied (see {@link CloudflareApiError.mayHaveBeenApplied}). */
  mayHaveBeenApplied?: boolean;
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
  /**
   * True when this failed write may nevertheless have been applied: an attempt's answer was lost or garbled (connection
   * reset, timeout, 5xx, a cut-off 200) and reading the mapping back could not settle it. False for reads, and for
   * writes Cloudflare definitely refused or that a read-back showed were not applied.
   */
  readonly mayHaveBeenApplied: boolean;
  /** What went wrong beyond Cloudflare's errors (network reason, non-JSON body, budget overrun, read-back result). */
  readonly detail?: string;

  constructor(init: CloudflareApiErrorInit) {
    const message = formatMessage(init);
    super(message);
    this.name = "CloudflareApiError";
    ensureMessageAndStack(this, message, CloudflareApiError);
    this.kind = init.kind;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.errors = (init.errors ?? []).map((e) => ({ code: e.code, message: e.message }));
    this.rayId = init.rayId;
    this.attempts = init.attempts;
    this.retryAfterMs = init.retryAfterMs;
    this.mayHaveBeenApplied = init.mayHaveBeenApplied === true;
    this.detail = init.detail;
  }

  /** This error once a read-back has settled (or failed to settle) whether the write landed; `note` says how. */
  afterReadBack(mayHaveBeenApplied: boolean, note: string): CloudflareApiError {
    const detail = [this.detail, note].filter((d) => d !== undefined).join("; ");
    return new CloudflareApiError({ ...this.init(), detail, mayHaveBeenApplied });
  }

  /** The fields this error was made from. */
  private init(): CloudflareApiErrorInit {
    const { kind, method, path, status, errors, rayId, attempts, detail, retryAfterMs, mayHaveBeenApplied } = this;
    return { kind, method, path, status, errors, rayId, attempts, detail, retryAfterMs, mayHaveBeenApplied };
  }

  /** Cloudflare error codes, in order (gateway chains included). */
  get codes(): number[] {
    return this.errors.map((e) => e.code);
  }

  /** The fields above as a plain object (what `JSON.stringify` writes); never a credential. */
  toJSON(): Record<string, unknown> {
    const { detail: _detail, ...fields } = this.init();
    return { name: this.name, message: this.message, ...fields };
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
  return !(
    Array.isArray(err.errors) &&
    (err.errors as { code?: unknown }[]).some((x) => x.code === 7000 || x.code === 7001 || x.code === 7003)
  );
}

/**
 * True for a failed write that may nevertheless have been applied ({@link CloudflareApiError.mayHaveBeenApplied}):
 * its caller must not report "nothing happened". Duck-typed like {@link isNotFound}.
 */
export function isUncertainWrite(e: unknown): boolean {
  if (e === null || typeof e !== "object") return false;
  const err = e as { name?: unknown; mayHaveBeenApplied?: unknown };
  return (e instanceof CloudflareApiError || err.name === "CloudflareApiError") && err.mayHaveBeenApplied === true;
}

/**
 * Pulumi's closure serializer rewrites classes as ES5 constructor functions, where `super(message)` becomes
 * `Error.call(this, message)`: that sets neither `message` nor `stack` on `this`. Set them when missing.
 */
export function ensureMessageAndStack(
  err: Error,
  message: string,
  ctor: abstract new (...args: never[]) => unknown,
): void {
  if (err.message !== message) {
    Object.defineProperty(err, "message", { value: message, writable: true, configurable: true, enumerable: false });
  }
  if (!Object.prototype.hasOwnProperty.call(err, "stack")) Error.captureStackTrace(err, ctor);
}

/**
 * Batch results name a failed item's problem only in words (`failed[].error`); these are the single endpoints'
 * verbatim messages for it (API doc §5), so an item's failure gets the code and status it would get alone.
 */
const BATCH_ITEM_CODES: readonly { message: string; code: number; status: number }[] = [
  {
    message: "Unable to retrieve origin_public_cloud_region setting value. The zone setting does not exist.",
    code: 1142,
    status: 404,
  },
  { message: "Invalid or missing origin IP address.", code: 1146, status: 400 },
  {
    message: "The vendor provided doesn't exist or the region provided does not exist for the specified cloud vendor",
    code: 1157,
    status: 400,
  },
];

/**
 * The error one failed item of a batch call stands for, shaped as the single endpoint would have answered for that
 * item (`method` and `path` of the single call): a not-found item is {@link isNotFound}, a bad region is 1157.
 * An unknown message keeps its words, without a code.
 */
export function batchItemError(
  method: string,
  path: string,
  message: string | undefined,
  attempts: number,
): CloudflareApiError {
  const text = message ?? "the batch answer gave no reason";
  const known = BATCH_ITEM_CODES.find((k) => k.message === text.trim());
  if (known)
    return new CloudflareApiError({
      kind: "api",
      method,
      path,
      status: known.status,
      errors: [{ code: known.code, message: text }],
      attempts,
    });
  return new CloudflareApiError({
    kind: "api",
    method,
    path,
    status: 400,
    attempts,
    detail: `refused in a batch call: ${text}`,
  });
}

/** What to do about each Cloudflare error code this API can answer with; shared by every layer that reports errors. */
export const FIX_HINTS: Readonly<Record<number, string>> = {
  1142: "the mapping does not exist (it may have been deleted outside this tool)",
  1146: "the origin IP must be a single IPv4 address (192.0.2.1) or IPv6 address (2001:db8::1), without prefix length, port or zone index",
  1157: "vendor must be one of aws, azure, gcp, oci (lower case) and region one that supported_regions lists for that vendor",
  1164: "the zone already holds Cloudflare's maximum of 3,500 origin cloud region mappings; remove mappings you no longer need before adding new ones",
  9106: "no credentials reached Cloudflare; set apiToken, or apiKey and email",
  6003: 'a credential is malformed: the bare API token (no "Bearer " prefix or whitespace), or a valid API key and email pair',
  10000:
    "Cloudflare rejected the credentials for this zone; check the token (or API key and email) is valid, not expired, and allowed to edit this zone's settings, and that the zone id belongs to that account",
  9109: "Cloudflare refused the API token: it is invalid, expired or revoked (create a new one), or restricted to other client IP addresses (run from an allowed address, or widen the token's IP filter)",
  7003: "Cloudflare cannot route to this zone id; use the 32-character zone id from the zone's Overview page",
  7000: "Cloudflare has no such route: check the base URL (it should end in /client/v4) and the zone id",
  971: "Cloudflare's API rate limit (1,200 requests per 5 minutes per user) was reached; wait five minutes or send fewer requests at once",
  10100:
    "Cloudflare's API rate limit (1,200 requests per 5 minutes per user) was reached; wait five minutes or send fewer requests at once",
};

/** A hint for one of the causes of a code Cloudflare gives for several, recognized by the words of its message. */
export interface FixHintVariant {
  code: number;
  /** Which cause: lets another layer word the same cause its own way. */
  cause: "ipRestricted" | "tokenInvalid" | "ipMismatch";
  message: RegExp;
  hint: string;
}

/**
 * Codes Cloudflare gives for more than one cause, told apart by the message (the code alone would send the user the
 * wrong way); {@link FIX_HINTS} holds, for each, a hint covering every cause, for words not listed here.
 */
export const FIX_HINT_VARIANTS: readonly FixHintVariant[] = [
  {
    code: 9109,
    cause: "ipRestricted",
    message: /\blocation\b/i,
    hint: "the API token is restricted to other client IP addresses; run from an address the token allows, or widen its Client IP Address Filtering",
  },
  {
    code: 9109,
    cause: "tokenInvalid",
    message: /invalid|expired|revoked/i,
    hint: "the API token is invalid, expired or revoked; create a new one (dashboard: My Profile, API Tokens) that may edit this zone's settings, and use it instead",
  },
  {
    code: 1146,
    cause: "ipMismatch",
    message: /does not match/i,
    hint: "Cloudflare read the origin IP in the URL and in the body as different addresses; this client sends one canonical form in both, so report it with the cf-ray id",
  },
];

/**
 * The fix hints for Cloudflare's errors, in order, each once: the variant whose words match an error's message, else
 * the code's hint. `hints` and `variants` let a caller word them its own way (diagnostics.ts, for Pulumi users).
 */
export function fixHints(
  errors: readonly CloudflareErrorDetail[],
  hints: Readonly<Record<number, string>> = FIX_HINTS,
  variants: readonly FixHintVariant[] = FIX_HINT_VARIANTS,
): string[] {
  const chosen = errors.map(
    (e) => variants.find((v) => v.code === e.code && v.message.test(e.message))?.hint ?? hints[e.code],
  );
  return [...new Set(chosen.filter((h): h is string => h !== undefined))];
}

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
  const hints = fixHints(errors);
  const hint = hints.length > 0 ? ` — ${hints.join("; ")}` : "";
  return `${init.method} ${init.path} failed${after}: ${what.join(", ")}${ray}${hint}`;
}
