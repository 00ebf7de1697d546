/**
 * Pacing by Cloudflare's own rate-limit headers, so a large deployment waits for the budget instead of running into
 * 429s. Every response, a 429 included, carries `Ratelimit: "default";r=<remaining>;t=<seconds to reset>` (API doc
 * §8). The gate remembers the latest figures and holds a request back, before it is sent, while the budget left
 * (minus the requests already in flight) is used up, until the window resets. Until an answer tells the budget (at
 * the start, and after each reset) one request goes at a time, so a burst cannot overrun it. A request's own 429 is retried by the
 * request loop after its `Retry-After`. One gate per client: the provider host has one client, so every operation of
 * a deployment is paced together.
 */
import { seconds } from "./retryTiming";

/** `r` and `t` of a `Ratelimit` header; undefined when absent or unreadable. */
export function parseRatelimit(value: string | null): { remaining: number; resetSeconds: number } | undefined {
  if (value === null) return undefined;
  const r = /(?:^|;)\s*r=(\d+)/.exec(value);
  const t = /(?:^|;)\s*t=(\d+)/.exec(value);
  if (!r || !t) return undefined;
  return { remaining: Number(r[1]), resetSeconds: Number(t[1]) };
}

export class RateGate {
  private remaining?: number;
  private resetAt: number;
  private inFlight: number;
  private waitingUntil: number;
  /** Whether any answer came back yet; until then requests go one at a time. */
  private answered: boolean;
  private wake: (() => void)[];
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly log: (line: string) => void;

  // Plain assignments, no field initializers or parameter properties: Pulumi's closure serializer copies a used
  // client (and its gate) by value and must see every field.
  constructor(now: () => number, sleep: (ms: number) => Promise<void>, log: (line: string) => void) {
    this.now = now;
    this.sleep = sleep;
    this.log = log;
    this.resetAt = 0;
    this.inFlight = 0;
    this.waitingUntil = 0;
    this.answered = false;
    this.wake = [];
  }

  /** Waits until a request may be sent without overrunning the budget, then counts it as in flight. */
  async admit(): Promise<void> {
    for (;;) {
      if (this.remaining !== undefined && this.now() >= this.resetAt) {
        // A new window: its budget is unknown until an answer tells it, so one request goes first again.
        this.remaining = undefined;
        this.answered = false;
      }
      if (!this.answered && this.inFlight > 0) {
        await new Promise<void>((resolve) => this.wake.push(resolve));
        continue;
      }
      const now = this.now();
      if (!this.budgetUsedUp(now)) break;
      const until = this.resetAt;
      if (until > this.waitingUntil) {
        // One line per wait, however many requests wait behind it.
        this.waitingUntil = until;
        this.log(
          `cloudflare: Cloudflare's rate-limit budget is used up (${this.remaining} left, ${this.inFlight} in flight); ` +
            `waiting ${seconds(until - now)} for the window to reset before sending more`,
        );
      }
      await this.sleep(until - now);
    }
    this.inFlight++;
  }

  /** Records an answer's rate-limit headers (none for a request that got no answer) and releases its place in flight. */
  release(headers?: { get(name: string): string | null }): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (headers) this.answered = true;
    const rl = parseRatelimit(headers?.get("ratelimit") ?? null);
    if (rl) {
      const resetAt = this.now() + rl.resetSeconds * 1000;
      // Answers overtake each other: within one window (the same reset, give or take the header's whole-second
      // rounding) the lowest count is the latest; a later reset starts a new window.
      const sameWindow = this.remaining !== undefined && Math.abs(resetAt - this.resetAt) < 1500;
      this.remaining = sameWindow ? Math.min(this.remaining!, rl.remaining) : rl.remaining;
      if (!sameWindow) this.resetAt = resetAt;
    }
    for (const wake of this.wake.splice(0)) wake();
  }

  private budgetUsedUp(now: number): boolean {
    return this.remaining !== undefined && now < this.resetAt && this.remaining - this.inFlight <= 0;
  }
}
