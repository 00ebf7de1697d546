/**
 * Classifying one attempt's outcome: a Cloudflare envelope, an HTTP error, a non-JSON body, a network error or a
 * timeout, each as success or a {@link Failure} that says whether to retry and whether a write may have been applied.
 * Pure functions of what arrived; texts here are raw, {@link Redactor} scrubs them where they leave the client.
 */
import type { CloudflareApiErrorKind, CloudflareErrorDetail } from "./errors";
import { flattenErrors, isEnvelope, isObject, type RawEnvelope } from "./envelope";
import { parseRetryAfter, seconds } from "./retryTiming";

/** `result_info` of list endpoints. */
export interface ResultInfo {
  count?: number;
  page?: number;
  per_page?: number;
  total_count?: number;
  total_pages?: number;
}

/** A successful envelope, unwrapped. */
export interface Success<T> {
  status: number;
  result: T;
  resultInfo?: ResultInfo;
  messages: CloudflareErrorDetail[];
  rayId?: string;
}

/** One failed attempt, before it is known whether it will be retried. */
export interface Failure {
  kind: CloudflareApiErrorKind;
  status?: number;
  errors?: CloudflareErrorDetail[];
  rayId?: string;
  detail?: string;
  retryable: boolean;
  /**
   * The request may have been applied although no success came back: it may have reached Cloudflare (a connection
   * lost after sending, a timeout, a 5xx) or its success was garbled (an unparseable 2xx). False where Cloudflare
   * definitely did not apply it: a 4xx, a 429, `success: false`, a connection never made.
   */
  uncertain: boolean;
  retryAfterMs?: number;
  /** Short reason for the retry log line, e.g. "answered HTTP 429 (Cloudflare error 971)". */
  reason: string;
}

export type Outcome<T> = { ok: true; response: Success<T> } | { ok: false; failure: Failure };

/** 408, 409, 429 and 5xx; never other 4xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Error codes of a connection that was never made: nothing was sent, so nothing can have been applied. */
const NOT_SENT = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"];

/** A response with a status, headers and a (possibly empty or cut) body. */
export function classifyResponse<T>(
  status: number,
  headers: { get(name: string): string | null },
  text: string,
  nowMs: number,
): Outcome<T> {
  const answered: Answered = {
    status,
    rayId: headers.get("cf-ray") ?? undefined,
    retryAfterMs: isRetryableStatus(status) ? parseRetryAfter(headers.get("retry-after"), nowMs) : undefined,
  };
  if (status >= 300 && status < 400) return failed(redirected(answered, headers.get("location")));
  const { parsed, parseError } = parseJson(text);
  if (!isEnvelope(parsed)) {
    const contentType = headers.get("content-type") ?? "no content type";
    return failed(notAnEnvelope(answered, text, parseError, contentType));
  }
  if (is2xx(status) && parsed.success === true) return { ok: true, response: unwrapped<T>(answered, parsed) };
  return failed(refused(answered, parsed));
}

/** What every outcome of one response carries. */
interface Answered {
  status: number;
  rayId?: string;
  retryAfterMs?: number;
}

function is2xx(status: number): boolean {
  return status >= 200 && status < 300;
}

function failed<T>(failure: Failure): Outcome<T> {
  return { ok: false, failure };
}

function invalidResponse(
  { status, rayId, retryAfterMs }: Answered,
  detail: string,
  retryable: boolean,
  uncertain: boolean,
  reason: string,
): Failure {
  return { kind: "invalidResponse", status, rayId, detail, retryable, uncertain, retryAfterMs, reason };
}

/** A 3xx: not followed, since node-fetch would forward the credentials to wherever it points. */
function redirected(answered: Answered, location: string | null): Failure {
  const where = location ? ` to ${location}` : "";
  return invalidResponse(
    answered,
    `unexpected redirect${where} (not followed, it could leak credentials); check the base URL`,
    false,
    false,
    `answered HTTP ${answered.status}`,
  );
}

/** The body parsed as JSON, or why it is not JSON. */
function parseJson(text: string): { parsed?: unknown; parseError?: string } {
  try {
    return { parsed: JSON.parse(text) };
  } catch (err) {
    return { parseError: text.trim() === "" ? "empty body" : (err as SyntaxError).message };
  }
}

/** A body that is no Cloudflare API envelope: invalid or cut JSON, an HTML error page, JSON of another shape. */
function notAnEnvelope(answered: Answered, text: string, parseError: string | undefined, contentType: string): Failure {
  const { status } = answered;
  const looksJson = /json/i.test(contentType) || /^\s*[[{]/.test(text);
  const what =
    parseError !== undefined
      ? looksJson
        ? `invalid or truncated JSON (${parseError})`
        : nonJsonBody(text, contentType)
      : "JSON that is not a Cloudflare API envelope";
  const baseHint = status === 404 ? "; check the base URL (it should end in /client/v4)" : "";
  // An unparseable 2xx is a damaged answer (cut-off body): worth another try, and the write may well have landed.
  const damaged2xx = is2xx(status) && parseError !== undefined;
  return invalidResponse(
    answered,
    `Cloudflare answered with ${what}, ${text.length} bytes${baseHint}`,
    isRetryableStatus(status) || damaged2xx,
    status >= 500 || is2xx(status),
    `answered HTTP ${status} with ${parseError === undefined ? "JSON that is not an API envelope" : looksJson ? "invalid JSON" : "a non-JSON body"}`,
  );
}

/** A non-JSON body described by its content type and, for an HTML page, its title. */
function nonJsonBody(text: string, contentType: string): string {
  const title = /<title>([^<]{1,120})<\/title>/i.exec(text)?.[1]?.trim();
  return `a non-JSON body (${contentType}${title ? `: "${title}"` : ""})`;
}

/** A 2xx envelope with `success: true`, unwrapped. */
function unwrapped<T>({ status, rayId }: Answered, env: RawEnvelope): Success<T> {
  return {
    status,
    result: env.result as T,
    resultInfo: isObject(env.result_info) ? (env.result_info as ResultInfo) : undefined,
    messages: flattenErrors(env.messages),
    rayId,
  };
}

/** An envelope saying Cloudflare refused: `success: false`, or an HTTP error status. */
function refused({ status, rayId, retryAfterMs }: Answered, env: RawEnvelope): Failure {
  const errors = flattenErrors(env.errors);
  const codes = errors.map((e) => e.code);
  const codeText = codes.length > 0 ? ` (Cloudflare error ${codes.join(", ")})` : "";
  return {
    kind: "api",
    status,
    errors,
    rayId,
    detail: is2xx(status) ? "success: false" : undefined,
    retryable: !is2xx(status) && isRetryableStatus(status),
    uncertain: status >= 500,
    retryAfterMs,
    reason: `answered HTTP ${status}${codeText}`,
  };
}

/**
 * An attempt that got no complete response: a timeout, or a network error (node-fetch's FetchError, whose message
 * names the URL: it is cut down to the reason, and the base URL removed).
 */
export function classifyNoResponse(
  err: unknown,
  timedOut: boolean,
  timeoutMs: number,
  url: string,
  baseUrl: string,
  path: string,
): Failure {
  if (timedOut) {
    return {
      kind: "timeout",
      detail: `no complete response within ${seconds(timeoutMs)} (timeout)`,
      retryable: true,
      uncertain: true,
      reason: `timed out after ${seconds(timeoutMs)}`,
    };
  }
  const e = err as { name?: unknown; type?: unknown; code?: unknown; message?: unknown };
  const code = typeof e.code === "string" ? e.code : undefined;
  let reason = typeof e.message === "string" ? e.message : String(err);
  // node-fetch: "request to <url> failed, reason: <why>" / "Invalid response body while trying to fetch <url>: <why>"
  reason = reason.replace(/^request to \S+ failed, reason: /, "").replace(/^.* while trying to fetch \S+: /, "");
  reason = reason.split(url).join(path).split(baseUrl).join("");
  const why = code !== undefined && !reason.includes(code) ? `${reason} (${code})` : reason;
  // Socket-level failures ("system") are retried; anything else (a bug, a bad argument) is not.
  const system = e.name === "FetchError" && e.type === "system";
  return {
    kind: "network",
    detail: `no response from Cloudflare: ${why}`,
    retryable: system,
    uncertain: system && !NOT_SENT.includes(code ?? ""),
    reason: `failed: ${why}`,
  };
}
