/**
 * Classifying one attempt's outcome: a Cloudflare envelope, an HTTP error, a non-JSON body, a network error or a
 * timeout, each as success or a {@link Failure} that says whether to retry and whether a write may have been applied.
 * Pure functions of what arrived; texts here are raw, {@link Redactor} scrubs them where they leave the client.
 */
import type { CloudflareApiErrorKind, CloudflareErrorDetail } from "./errors";
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
  const rayId = headers.get("cf-ray") ?? undefined;
  const contentType = headers.get("content-type") ?? "no content type";
  const retryAfterMs = isRetryableStatus(status) ? parseRetryAfter(headers.get("retry-after"), nowMs) : undefined;
  const ok2xx = status >= 200 && status < 300;
  const invalid = (detail: string, retryable: boolean, uncertain: boolean, reason: string): Outcome<T> => ({
    ok: false,
    failure: { kind: "invalidResponse", status, rayId, detail, retryable, uncertain, retryAfterMs, reason },
  });

  if (status >= 300 && status < 400) {
    const location = headers.get("location");
    const where = location ? ` to ${location}` : "";
    return invalid(
      `unexpected redirect${where} (not followed, it could leak credentials); check the base URL`,
      false,
      false,
      `answered HTTP ${status}`,
    );
  }

  let parsed: unknown;
  let parseError: string | undefined;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    parseError = text.trim() === "" ? "empty body" : (err as SyntaxError).message;
  }
  if (!isEnvelope(parsed)) {
    const title = /<title>([^<]{1,120})<\/title>/i.exec(text)?.[1]?.trim();
    const looksJson = /json/i.test(contentType) || /^\s*[[{]/.test(text);
    const what =
      parseError !== undefined
        ? looksJson
          ? `invalid or truncated JSON (${parseError})`
          : `a non-JSON body (${contentType}${title ? `: "${title}"` : ""})`
        : "JSON that is not a Cloudflare API envelope";
    const baseHint = status === 404 ? "; check the base URL (it should end in /client/v4)" : "";
    // An unparseable 2xx is a damaged answer (cut-off body): worth another try, and the write may well have landed.
    const damaged2xx = ok2xx && parseError !== undefined;
    return invalid(
      `Cloudflare answered with ${what}, ${text.length} bytes${baseHint}`,
      isRetryableStatus(status) || damaged2xx,
      status >= 500 || ok2xx,
      `answered HTTP ${status} with ${parseError === undefined ? "JSON that is not an API envelope" : looksJson ? "invalid JSON" : "a non-JSON body"}`,
    );
  }

  const env = parsed as RawEnvelope;
  const errors = flattenErrors(env.errors);
  if (ok2xx && env.success === true) {
    return {
      ok: true,
      response: {
        status,
        result: env.result as T,
        resultInfo: isObject(env.result_info) ? (env.result_info as ResultInfo) : undefined,
        messages: flattenErrors(env.messages),
        rayId,
      },
    };
  }
  const codes = errors.map((e) => e.code);
  const codeText = codes.length > 0 ? ` (Cloudflare error ${codes.join(", ")})` : "";
  return {
    ok: false,
    failure: {
      kind: "api",
      status,
      errors,
      rayId,
      detail: ok2xx ? "success: false" : undefined,
      retryable: !ok2xx && isRetryableStatus(status),
      uncertain: status >= 500,
      retryAfterMs,
      reason: `answered HTTP ${status}${codeText}`,
    },
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

interface RawEnvelope {
  success: unknown;
  errors?: unknown;
  messages?: unknown;
  result?: unknown;
  result_info?: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function isEnvelope(v: unknown): v is RawEnvelope {
  return isObject(v) && typeof v.success === "boolean";
}

/** `errors[]` with each `error_chain` entry (recursively) right after its parent. */
function flattenErrors(list: unknown): CloudflareErrorDetail[] {
  const out: CloudflareErrorDetail[] = [];
  const walk = (items: unknown): void => {
    if (!Array.isArray(items)) return;
    for (const item of items) {
      if (!isObject(item)) continue;
      const code = Number(item.code);
      out.push({
        code: Number.isFinite(code) ? code : 0,
        message: typeof item.message === "string" ? item.message : "",
      });
      walk(item.error_chain);
    }
  };
  walk(list);
  return out;
}
