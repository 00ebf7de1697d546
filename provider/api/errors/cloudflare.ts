/**
 * Errors of the Cloudflare API client.
 *
 * A {@link CloudflareApiError} carries what a person needs to act (method, path, HTTP status, Cloudflare's error codes
 * and messages, the cf-ray id, how many attempts were made) and nothing else: never request headers, never the
 * settings, never a credential. Foreign errors (node-fetch's FetchError carries the request URL) are wrapped, not
 * attached.
 */
import { OriginCloudRegionsError } from "./base";
import { BATCH_ITEM_CODES, fixHints, type CloudflareErrorDetail } from "./codes";

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
export class CloudflareApiError extends OriginCloudRegionsError {
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
    super("CloudflareApiError", formatMessage(init));
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
export class CloudflareArgumentError extends OriginCloudRegionsError {
  constructor(message: string) {
    super("CloudflareArgumentError", message);
  }
}

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
