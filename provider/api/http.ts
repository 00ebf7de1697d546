/**
 * The transport: sends one Cloudflare API request and returns the unwrapped envelope, retrying what can be retried.
 *
 * - Authentication: exactly one scheme (`Authorization: Bearer`, or `X-Auth-Email` + `X-Auth-Key`).
 * - Envelope: `{success, errors, messages, result, result_info?}`; `success: false` is an error even on HTTP 200.
 * - Retries (every v2 call is idempotent): 408, 409, 429 (honouring `Retry-After`), 5xx, connection errors,
 *   per-attempt timeouts and unparseable 2xx bodies (truncated JSON); never other 4xx nor a 200 `success: false`.
 *   Exponential backoff with bounded jitter, at most `maxAttempts` attempts within `maxElapsedMs`.
 * - Redirects are not followed: node-fetch would forward `X-Auth-Key` to another host.
 *
 * Pulumi's closure serializer cannot capture an `http.Agent` instance, so the keep-alive agents are created lazily on
 * the first request; nothing but functions and plain data is held at module level when the module loads.
 */
import fetch from "node-fetch";
import * as http from "http";
import * as https from "https";
import { CloudflareApiError, type CloudflareApiErrorKind, type CloudflareErrorDetail } from "./errors";
import { authHeaders, resolveBaseUrl, resolveRetryPolicy, resolveTimeoutMs, type ApiSettings, type RetryPolicy } from "./settings";

export const USER_AGENT = "pulumi-cloudflare-origin-cloud-regions (node-fetch)";

export type HttpMethod = "GET" | "PUT" | "POST" | "PATCH" | "DELETE";

export interface ApiRequest {
  method: HttpMethod;
  /** Path below the base URL, starting with `/`, segments already encoded. */
  path: string;
  query?: Record<string, string | number>;
  /** Sent as JSON when defined. */
  body?: unknown;
}

/** `result_info` of list endpoints. */
export interface ResultInfo {
  count?: number;
  page?: number;
  per_page?: number;
  total_count?: number;
  total_pages?: number;
}

export interface ApiResponse<T> {
  status: number;
  result: T;
  resultInfo?: ResultInfo;
  messages: CloudflareErrorDetail[];
  rayId?: string;
  /** Attempts made, the first one included. */
  attempts: number;
  method: HttpMethod;
  /** Path below the base URL, query included (as in errors). */
  path: string;
}

/** What the endpoint methods need from a transport; a test double or a recording layer can implement it. */
export interface Transport {
  request<T>(req: ApiRequest): Promise<ApiResponse<T>>;
}

/** Test hooks: not part of the public settings. */
export interface HttpInternals {
  /** Waits between attempts; default a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Uniform in [0, 1) for jitter; default Math.random. */
  random?: () => number;
  /** Milliseconds clock for the retry budget and HTTP-date Retry-After; default Date.now. */
  now?: () => number;
}

/**
 * The keep-alive agents live on `globalThis` under a registered symbol, not in module variables: Pulumi's serializer
 * copies a module variable's *current* value, so an agent created by an earlier request in the same process would
 * make the provider unserializable. Created lazily on the first request.
 *
 * Module-level values must survive Pulumi's closure serializer, which copies them by value and handles only
 * primitives, plain objects/arrays, RegExps and functions faithfully: a module-level `Set`, `Map` or `Symbol` comes
 * out broken. Hence the symbol is made on use and status sets are written as functions.
 */
interface Agents {
  http?: http.Agent;
  https?: https.Agent;
}

function agents(): Agents {
  const g = globalThis as unknown as Record<symbol, Agents | undefined>;
  return (g[Symbol.for("pulumi-cloudflare-origin-cloud-regions/agents")] ??= {});
}

function agentFor(url: { protocol: string }): http.Agent {
  const a = agents();
  if (url.protocol === "http:") {
    a.http ??= new http.Agent({ keepAlive: true, maxSockets: 16 });
    return a.http;
  }
  a.https ??= new https.Agent({ keepAlive: true, maxSockets: 16 });
  return a.https;
}

/** Closes idle keep-alive sockets (tests, or a process about to exit). The agents are recreated on demand. */
export function closeIdleConnections(): void {
  const a = agents();
  a.http?.destroy();
  a.https?.destroy();
  delete a.http;
  delete a.https;
}

/** 408, 409, 429 and 5xx; never other 4xx. */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** One failed attempt, before it is known whether it will be retried. */
interface Failure {
  kind: CloudflareApiErrorKind;
  status?: number;
  errors?: CloudflareErrorDetail[];
  rayId?: string;
  detail?: string;
  retryable: boolean;
  retryAfterMs?: number;
  /** Short reason for the retry log line, e.g. "answered HTTP 429 (Cloudflare error 971)". */
  reason: string;
}

type Outcome<T> = { ok: true; response: Omit<ApiResponse<T>, "attempts" | "method" | "path"> } | { ok: false; failure: Failure };

export class CloudflareHttp implements Transport {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly retry: Readonly<RetryPolicy>;
  private readonly log: (line: string) => void;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  /** Auth headers and the secret values to scrub; non-enumerable so `util.inspect(client)` does not show them. */
  private declare readonly auth: Record<string, string>;
  private declare readonly secrets: string[];

  constructor(settings: ApiSettings, internals: HttpInternals = {}) {
    if (settings === null || typeof settings !== "object") {
      throw new TypeError("Cloudflare API settings are required");
    }
    this.baseUrl = resolveBaseUrl(settings.baseUrl);
    this.timeoutMs = resolveTimeoutMs(settings.timeoutMs);
    this.retry = Object.freeze(resolveRetryPolicy(settings.retry));
    const auth = authHeaders(settings.credentials);
    const secrets = Object.values(auth)
      .map((v) => v.replace(/^Bearer /, ""))
      .filter((v) => v.length >= 4);
    Object.defineProperty(this, "auth", { value: auth, enumerable: false });
    Object.defineProperty(this, "secrets", { value: secrets, enumerable: false });
    const log = settings.log;
    this.log = log !== undefined ? (line) => log(line) : (line) => console.warn(line);
    this.sleep = internals.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = internals.random ?? Math.random;
    this.now = internals.now ?? Date.now;
  }

  /** Sends the request, retrying per the policy; resolves with the unwrapped envelope or throws CloudflareApiError. */
  async request<T>(req: ApiRequest): Promise<ApiResponse<T>> {
    const query =
      req.query !== undefined
        ? new URLSearchParams(Object.entries(req.query).map(([k, v]): [string, string] => [k, String(v)])).toString()
        : "";
    const path = req.path + (query !== "" ? `?${query}` : "");
    const label = `${req.method} ${path}`;
    const policy = this.retry;
    const started = this.now();
    for (let attempt = 1; ; attempt++) {
      const remaining = policy.maxElapsedMs - (this.now() - started);
      const timeoutMs = Math.max(1, Math.min(this.timeoutMs, remaining));
      const outcome = await this.attempt<T>(req, path, timeoutMs);
      if (outcome.ok) return { ...outcome.response, attempts: attempt, method: req.method, path };

      const f = outcome.failure;
      const fail = (extra: { detail?: string; retryAfterMs?: number } = {}): CloudflareApiError =>
        new CloudflareApiError({
          kind: f.kind,
          method: req.method,
          path,
          status: f.status,
          errors: f.errors,
          rayId: f.rayId,
          attempts: attempt,
          detail: [f.detail, extra.detail].filter((d) => d !== undefined).join("; ") || undefined,
          retryAfterMs: extra.retryAfterMs,
        });
      if (!f.retryable) throw fail();
      if (attempt >= policy.maxAttempts) {
        if (f.retryAfterMs === undefined) throw fail();
        const at = new Date(this.now() + f.retryAfterMs).toISOString();
        throw fail({
          detail: `Cloudflare asked to wait ${seconds(f.retryAfterMs)} before retrying (Retry-After); retry after ${at}`,
          retryAfterMs: f.retryAfterMs,
        });
      }

      const backoff = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
      const waitMs = f.retryAfterMs ?? Math.round(backoff * (1 - 0.25 * this.random()));
      const elapsed = this.now() - started;
      if (elapsed + waitMs > policy.maxElapsedMs) {
        if (f.retryAfterMs !== undefined) {
          const at = new Date(this.now() + waitMs).toISOString();
          throw fail({
            detail:
              `Cloudflare asked to wait ${seconds(waitMs)} before retrying (Retry-After), more than the ` +
              `${seconds(Math.max(0, policy.maxElapsedMs - elapsed))} left of the retry budget ` +
              `(maxElapsedMs ${policy.maxElapsedMs}); retry after ${at}`,
            retryAfterMs: waitMs,
          });
        }
        throw fail({ detail: `retry budget of ${seconds(policy.maxElapsedMs)} (maxElapsedMs) exhausted` });
      }
      const why = f.retryAfterMs !== undefined ? " as asked by Retry-After" : "";
      try {
        this.log(
          this.scrub(
            `cloudflare: ${label} ${f.reason}; retrying in ${seconds(waitMs)}${why} ` +
              `(attempt ${attempt + 1} of ${policy.maxAttempts})`,
          ),
        );
      } catch {
        // A failing log sink must not fail the call.
      }
      await this.sleep(waitMs);
    }
  }

  /** One attempt: never throws, classifies everything into success or a Failure. */
  private async attempt<T>(req: ApiRequest, path: string, timeoutMs: number): Promise<Outcome<T>> {
    const url = this.baseUrl + path;
    const headers: Record<string, string> = {
      ...this.auth,
      Accept: "application/json",
      "User-Agent": USER_AGENT,
    };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers["Content-Type"] = "application/json";
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    let status: number;
    let responseHeaders: { get(name: string): string | null };
    let text: string;
    try {
      const res = await fetch(url, {
        method: req.method,
        headers,
        body,
        redirect: "manual",
        agent: agentFor,
        signal: controller.signal as unknown as NonNullable<Parameters<typeof fetch>[1]>["signal"],
      });
      status = res.status;
      responseHeaders = res.headers;
      text = await res.text();
    } catch (err) {
      if (timedOut) {
        return {
          ok: false,
          failure: {
            kind: "timeout",
            detail: `no complete response within ${seconds(timeoutMs)} (timeout)`,
            retryable: true,
            reason: `timed out after ${seconds(timeoutMs)}`,
          },
        };
      }
      const e = err as { name?: unknown; type?: unknown; code?: unknown; message?: unknown };
      const code = typeof e.code === "string" ? e.code : undefined;
      let reason = typeof e.message === "string" ? e.message : String(err);
      // node-fetch: "request to <url> failed, reason: <why>" / "Invalid response body while trying to fetch <url>: <why>"
      reason = reason.replace(/^request to \S+ failed, reason: /, "").replace(/^.* while trying to fetch \S+: /, "");
      reason = this.scrub(reason.split(url).join(path).split(this.baseUrl).join(""));
      const isFetchError = e.name === "FetchError";
      const why = code !== undefined && !reason.includes(code) ? `${reason} (${code})` : reason;
      return {
        ok: false,
        failure: {
          kind: "network",
          detail: `no response from Cloudflare: ${why}`,
          // Socket-level failures ("system") are retried; anything else (a bug, a bad argument) is not.
          retryable: isFetchError && e.type === "system",
          reason: `failed: ${why}`,
        },
      };
    } finally {
      clearTimeout(timer);
    }
    return this.classify<T>(status, responseHeaders, text);
  }

  private classify<T>(status: number, headers: { get(name: string): string | null }, text: string): Outcome<T> {
    const rayId = headers.get("cf-ray") ?? undefined;
    const contentType = headers.get("content-type") ?? "no content type";
    const retryAfterMs = isRetryableStatus(status) ? parseRetryAfter(headers.get("retry-after"), this.now()) : undefined;
    const ok2xx = status >= 200 && status < 300;
    const invalid = (detail: string, retryable: boolean, reason: string): Outcome<T> => ({
      ok: false,
      failure: { kind: "invalidResponse", status, rayId, detail, retryable, retryAfterMs, reason },
    });

    if (status >= 300 && status < 400) {
      const location = headers.get("location");
      const where = location ? ` to ${location}` : "";
      return invalid(`unexpected redirect${where} (not followed, it could leak credentials); check the base URL`, false, `answered HTTP ${status}`);
    }

    let parsed: unknown;
    let parseError: string | undefined;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      parseError = text.trim() === "" ? "empty body" : err instanceof Error ? err.message : String(err);
    }
    if (parseError !== undefined || !isEnvelope(parsed)) {
      const title = /<title>([^<]{1,120})<\/title>/i.exec(text)?.[1]?.trim();
      const looksJson = /json/i.test(contentType) || /^\s*[[{]/.test(text);
      const what =
        parseError !== undefined
          ? looksJson
            ? `invalid or truncated JSON (${parseError})`
            : `a non-JSON body (${contentType}${title ? `: "${title}"` : ""})`
          : "JSON that is not a Cloudflare API envelope";
      const baseHint = status === 404 ? "; check the base URL (it should end in /client/v4)" : "";
      return invalid(
        `Cloudflare answered with ${what}, ${text.length} bytes${baseHint}`,
        // An unparseable 2xx is a damaged answer (cut-off body): worth another try. A 4xx is not.
        isRetryableStatus(status) || (ok2xx && parseError !== undefined),
        `answered HTTP ${status} with ${parseError !== undefined && looksJson ? "invalid JSON" : "a non-JSON body"}`,
      );
    }

    const env = parsed as RawEnvelope;
    const errors = this.scrubDetails(flattenErrors(env.errors));
    if (ok2xx && env.success === true) {
      return {
        ok: true,
        response: {
          status,
          result: env.result as T,
          resultInfo: isObject(env.result_info) ? (env.result_info as ResultInfo) : undefined,
          messages: this.scrubDetails(flattenErrors(env.messages)),
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
        retryAfterMs,
        reason: `answered HTTP ${status}${codeText}`,
      },
    };
  }

  private scrub(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join("[redacted]");
    return out;
  }

  private scrubDetails(details: CloudflareErrorDetail[]): CloudflareErrorDetail[] {
    return details.map((d) => ({ code: d.code, message: this.scrub(d.message) }));
  }
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
      const code = typeof item.code === "number" ? item.code : Number(item.code);
      out.push({ code: Number.isFinite(code) ? code : 0, message: typeof item.message === "string" ? item.message : "" });
      walk(item.error_chain);
    }
  };
  walk(list);
  return out;
}

/** `Retry-After`: delay-seconds (decimals tolerated) or an HTTP date; undefined when absent or unparseable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
