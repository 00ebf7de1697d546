/**
 * Per-credential request budget (§8): 1,200 requests per 300 s by default.
 *
 * FIXED window, started by a credential's first request: Cloudflare says exceeding the budget "blocks all API
 * calls for the next five minutes", which a fixed window models directly, and it makes `t` (seconds to reset)
 * and `Retry-After` exact and easy to assert. Requests refused with 429 do not spend budget.
 */

/** Budget: `count` requests per `windowSeconds`. */
export interface RateLimitConfig {
  count: number;
  windowSeconds: number;
}

/** Result of admitting one request: whether it may proceed, and the headers every response carries. */
export interface RateLimitDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

interface Window {
  startMs: number;
  used: number;
}

/** Fixed-window counter keyed by an opaque credential id (never logged). */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  /** @param now clock shared with the rest of the fake, so tests can move time instead of sleeping. */
  constructor(
    private readonly config: RateLimitConfig,
    private readonly now: () => Date,
  ) {
    if (!(
      Number.isInteger(config.count) &&
      config.count > 0 &&
      Number.isInteger(config.windowSeconds) &&
      config.windowSeconds > 0
    )) {
      throw new Error("fake: rateLimit count and windowSeconds must be positive integers");
    }
  }

  /** Spends one request of `credential`'s budget if any is left. */
  admit(credential: string): RateLimitDecision {
    const window = this.current(credential);
    const allowed = window.used < this.config.count;
    if (allowed) window.used++;
    const headers = this.headersFor(window);
    if (!allowed) headers["Retry-After"] = String(this.secondsToReset(window));
    return { allowed, headers };
  }

  /** Headers for a response not attributed to any credential (routing/auth errors): a full, untouched budget. */
  anonymousHeaders(): Record<string, string> {
    return this.headersFor({ startMs: this.now().getTime(), used: 0 });
  }

  /** Forgets all counters. */
  reset(): void {
    this.windows.clear();
  }

  private current(credential: string): Window {
    const nowMs = this.now().getTime();
    let window = this.windows.get(credential);
    if (!window || nowMs >= window.startMs + this.config.windowSeconds * 1000) {
      window = { startMs: nowMs, used: 0 };
      this.windows.set(credential, window);
    }
    return window;
  }

  /** Whole seconds until the window ends, rounded up (never 0 while the window is open). */
  private secondsToReset(window: Window): number {
    const remainingMs = window.startMs + this.config.windowSeconds * 1000 - this.now().getTime();
    return Math.max(1, Math.ceil(remainingMs / 1000));
  }

  private headersFor(window: Window): Record<string, string> {
    const remaining = Math.max(0, this.config.count - window.used);
    return {
      Ratelimit: `"default";r=${remaining};t=${this.secondsToReset(window)}`,
      "Ratelimit-Policy": `"default";q=${this.config.count};w=${this.config.windowSeconds}`,
    };
  }
}
