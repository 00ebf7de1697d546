/**
 * Retry timing, apart from the request loop: how long to wait before the next attempt, and when to stop.
 * Backoff doubles from `baseDelayMs` up to `maxDelayMs`, minus up to 25 % jitter; a server's `Retry-After` replaces
 * it (honoured even above `maxDelayMs`); nothing may run past `maxElapsedMs` from the first attempt.
 */
import type { RetryPolicy } from "./settings";

/** The next step after a retryable failure: wait and try again, or give up saying why. */
export type RetryDecision =
  { retry: true; waitMs: number; asked: boolean } | { retry: false; detail?: string; retryAfterMs?: number };

/**
 * @param attempt the attempt that just failed (1-based)
 * @param elapsedMs time since the first attempt began
 * @param retryAfterMs the server's Retry-After, when it sent one
 * @param random uniform in [0, 1), for jitter
 * @param nowMs the clock, for the "retry after <time>" hint
 */
export function decideRetry(
  policy: RetryPolicy,
  attempt: number,
  elapsedMs: number,
  retryAfterMs: number | undefined,
  random: () => number,
  nowMs: number,
): RetryDecision {
  const retryAt = (waitMs: number) => new Date(nowMs + waitMs).toISOString();
  if (attempt >= policy.maxAttempts) {
    if (retryAfterMs === undefined) return { retry: false };
    return {
      retry: false,
      retryAfterMs,
      detail: `Cloudflare asked to wait ${seconds(retryAfterMs)} before retrying (Retry-After); retry after ${retryAt(retryAfterMs)}`,
    };
  }
  const backoff = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  const waitMs = retryAfterMs ?? Math.round(backoff * (1 - 0.25 * random()));
  if (elapsedMs + waitMs > policy.maxElapsedMs) {
    if (retryAfterMs === undefined)
      return { retry: false, detail: `retry budget of ${seconds(policy.maxElapsedMs)} (maxElapsedMs) exhausted` };
    return {
      retry: false,
      retryAfterMs: waitMs,
      detail:
        `Cloudflare asked to wait ${seconds(waitMs)} before retrying (Retry-After), more than the ` +
        `${seconds(Math.max(0, policy.maxElapsedMs - elapsedMs))} left of the retry budget ` +
        `(maxElapsedMs ${policy.maxElapsedMs}); retry after ${retryAt(waitMs)}`,
    };
  }
  return { retry: true, waitMs, asked: retryAfterMs !== undefined };
}

/** `Retry-After`: delay-seconds (decimals tolerated) or an HTTP date; undefined when absent or unparseable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  // An HTTP-date's three forms (RFC 9110 §5.6.7) all begin with the day name; Date.parse alone would also read "-1"
  // or "+5" as dates in 2001, a wait of 0.
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)/.test(v)) return undefined;
  // The asctime form names no zone but means GMT; Date.parse would read it in the machine's zone.
  const date = Date.parse(v.endsWith(" GMT") ? v : `${v} GMT`);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** `250 ms`, `1.5 s`. */
export function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
