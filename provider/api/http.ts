/**
 * The request loop: sends one Cloudflare API request and returns the unwrapped envelope, retrying what can be retried.
 *
 * - Authentication: exactly one scheme (`Authorization: Bearer`, or `X-Auth-Email` + `X-Auth-Key`).
 * - Envelope: `{success, errors, messages, result, result_info?}`; `success: false` is an error even on HTTP 200
 *   (classification: response.ts).
 * - Retries (every v2 call is idempotent): 408, 409, 429 (honouring `Retry-After`), 5xx, connection errors,
 *   per-attempt timeouts and unparseable 2xx bodies (truncated JSON); never other 4xx nor a 200 `success: false`.
 *   Timing: retryTiming.ts.
 * - A write (any method but GET) that fails after *any* attempt that may have been applied says so
 *   (`CloudflareApiError.mayHaveBeenApplied`), so the endpoint methods can read back before reporting.
 * - Every text taken from a response or a network error is scrubbed of the credentials (redaction.ts) here, where it
 *   leaves the loop: errors, retry log lines and Cloudflare `messages`.
 * - Redirects are not followed: node-fetch would forward `X-Auth-Key` to another host.
 */
import fetch from "node-fetch";
import { agentFor } from "./agents";
import { CloudflareApiError, type CloudflareErrorDetail } from "./errors";
import { RateGate } from "./rateGate";
import { Redactor, secretsOf } from "./redaction";
import { classifyNoResponse, classifyResponse, type Failure, type Outcome, type ResultInfo } from "./response";
import { decideRetry, seconds } from "./retryTiming";
import {
  authHeaders,
  resolveBaseUrl,
  resolveRetryPolicy,
  resolveTimeoutMs,
  type ApiSettings,
  type RetryPolicy,
} from "./settings";

export { closeIdleConnections } from "./agents";
export type { ResultInfo } from "./response";

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

export class CloudflareHttp implements Transport {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly retry: Readonly<RetryPolicy>;
  private readonly log: (line: string) => void;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  /** Auth headers and the scrubber of their values; non-enumerable so `util.inspect(client)` does not show them. */
  declare private readonly auth: Record<string, string>;
  declare private readonly redactor: Redactor;
  private readonly gate: RateGate;

  constructor(settings: ApiSettings, internals: HttpInternals = {}) {
    if (settings === null || typeof settings !== "object") {
      throw new TypeError("Cloudflare API settings are required");
    }
    this.baseUrl = resolveBaseUrl(settings.baseUrl);
    this.timeoutMs = resolveTimeoutMs(settings.timeoutMs);
    this.retry = Object.freeze(resolveRetryPolicy(settings.retry));
    const auth = authHeaders(settings.credentials);
    Object.defineProperty(this, "auth", { value: auth, enumerable: false });
    Object.defineProperty(this, "redactor", { value: new Redactor(secretsOf(auth)), enumerable: false });
    const log = settings.log;
    this.log = log !== undefined ? (line) => log(line) : (line) => console.warn(line);
    this.sleep = internals.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = internals.random ?? Math.random;
    this.now = internals.now ?? Date.now;
    const redactor = this.redactor;
    const sink = this.log;
    this.gate = new RateGate(this.now, this.sleep, (line) => logSafely(sink, redactor.scrub(line)));
  }

  /** Sends the request, retrying per the policy; resolves with the unwrapped envelope or throws CloudflareApiError. */
  async request<T>(req: ApiRequest): Promise<ApiResponse<T>> {
    const query =
      req.query !== undefined
        ? new URLSearchParams(Object.entries(req.query).map(([k, v]): [string, string] => [k, String(v)])).toString()
        : "";
    const path = req.path + (query !== "" ? `?${query}` : "");
    const policy = this.retry;
    const started = this.now();
    let mayHaveBeenApplied = false;
    for (let attempt = 1; ; attempt++) {
      const remaining = policy.maxElapsedMs - (this.now() - started);
      const timeoutMs = Math.max(1, Math.min(this.timeoutMs, remaining));
      const outcome = await this.attempt<T>(req, path, timeoutMs);
      if (outcome.ok) {
        const messages = this.scrubDetails(outcome.response.messages);
        return { ...outcome.response, messages, attempts: attempt, method: req.method, path };
      }
      const f = outcome.failure;
      if (req.method !== "GET" && f.uncertain) mayHaveBeenApplied = true;
      const next = f.retryable
        ? decideRetry(policy, attempt, this.now() - started, f.retryAfterMs, this.random, this.now())
        : { retry: false as const };
      if (!next.retry) throw this.error(req, path, f, attempt, mayHaveBeenApplied, next);
      const limited = f.status === 429;
      this.logLine(
        `cloudflare: ${req.method} ${path} ${limited ? `rate limited by Cloudflare (${f.reason.replace(/^answered /, "")})` : f.reason}; ` +
          `${limited ? "waiting" : "retrying in"} ${seconds(next.waitMs)}${next.asked ? " as asked by Retry-After" : ""} ` +
          `(attempt ${attempt + 1} of ${policy.maxAttempts})`,
      );
      await this.sleep(next.waitMs);
    }
  }

  /** One attempt: never throws, classifies everything into success or a Failure. */
  private async attempt<T>(req: ApiRequest, path: string, timeoutMs: number): Promise<Outcome<T>> {
    const url = this.baseUrl + path;
    const headers: Record<string, string> = { ...this.auth, Accept: "application/json", "User-Agent": USER_AGENT };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers["Content-Type"] = "application/json";
    }
    await this.gate.admit();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const res = await fetch(url, {
        method: req.method,
        headers,
        body,
        redirect: "manual",
        agent: agentFor,
        signal: controller.signal as unknown as NonNullable<Parameters<typeof fetch>[1]>["signal"],
      });
      const text = await res.text();
      this.gate.release(res.headers);
      return classifyResponse<T>(res.status, res.headers, text, this.now());
    } catch (err) {
      this.gate.release();
      return { ok: false, failure: classifyNoResponse(err, timedOut, timeoutMs, url, this.baseUrl, path) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** The error a failed call throws: every text in it scrubbed. */
  private error(
    req: ApiRequest,
    path: string,
    f: Failure,
    attempts: number,
    mayHaveBeenApplied: boolean,
    stop: { detail?: string; retryAfterMs?: number },
  ): CloudflareApiError {
    const detail = [f.detail, stop.detail].filter((d) => d !== undefined).join("; ") || undefined;
    return new CloudflareApiError({
      kind: f.kind,
      method: req.method,
      path,
      status: f.status,
      errors: f.errors && this.scrubDetails(f.errors),
      rayId: f.rayId,
      attempts,
      detail: detail && this.redactor.scrub(detail),
      retryAfterMs: stop.retryAfterMs,
      mayHaveBeenApplied,
    });
  }

  private logLine(line: string): void {
    logSafely(this.log, this.redactor.scrub(line));
  }

  private scrubDetails(details: CloudflareErrorDetail[]): CloudflareErrorDetail[] {
    return details.map((d) => ({ code: d.code, message: this.redactor.scrub(d.message) }));
  }
}

/** Logs, ignoring a failing sink: a log line must never fail the call. */
function logSafely(log: (line: string) => void, line: string): void {
  try {
    log(line);
  } catch {
    // ignored on purpose
  }
}
