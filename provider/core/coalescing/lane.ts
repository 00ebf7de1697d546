/** The queue that coalesces one kind of call on one zone: what arrives within a short window goes out together. */
import { MAX_BATCH_ITEMS } from "../../api/records";

/** How long a zone's queue waits for company before sending (milliseconds): the most a lone operation is delayed. */
export const COALESCE_WINDOW_MS = 5;

/** A queued call: its item, and the settling of the caller's promise. */
export interface Pending<I, R> {
  item: I;
  resolve: (value: R) => void;
  reject: (reason: unknown) => void;
}

/**
 * How long the queue waits for the next of the calls it expects back, once one has come (milliseconds): the lull that
 * says the rest are not coming soon.
 */
export const COMPANY_LULL_MS = 2 * COALESCE_WINDOW_MS;

/**
 * How long after a batch the queue waits for the first of the calls it expects back (milliseconds): the engine's round
 * trip from an answered step to the next one reaching the provider, on a busy host.
 */
export const COMPANY_FIRST_WAIT_MS = 250;

/** The longest the queue waits for expected calls in all, from the batch that answered their callers (milliseconds). */
export const COMPANY_MAX_WAIT_MS = 2 * COMPANY_FIRST_WAIT_MS;

/**
 * One kind of queued call on one zone: items wait for the window, and for the previous flush of their kind.
 *
 * With `awaitCompany`, the callers a batch answered are company expected back: under `pulumi up --parallel P` each
 * answered operation frees a step that the engine fills with the next resource, whose call reaches the queue a round
 * trip later. Sending what is queued at once would split the P steps into two batches that alternate for the rest of
 * the run; instead the next batch waits for as many calls as the batch answered: for the first at most
 * {@link COMPANY_FIRST_WAIT_MS}, for each next one at most {@link COMPANY_LULL_MS}, for all at most
 * {@link COMPANY_MAX_WAIT_MS}. A call that finds the queue idle,
 * nothing expected, waits {@link COALESCE_WINDOW_MS}, as always.
 */
export class Lane<I, R> {
  private pending: Pending<I, R>[] = [];
  private timer?: NodeJS.Timeout;
  private busy = false;
  /** Calls still expected back from the callers the last batch answered (0: none expected). */
  private awaited = 0;
  /** Until when the next expected call is waited for, and the expected calls at all (Date.now()). */
  private expectedBy = 0;
  private companyDeadline = 0;
  /** Whether the queue is waiting for expected company rather than for its window. */
  private holding = false;

  /** `flush` answers a batch; whatever it throws rejects the items of that batch it left unsettled. */
  constructor(
    private readonly flush: (batch: Pending<I, R>[]) => Promise<void>,
    private readonly awaitCompany = false,
  ) {}

  /** Queues `item`; the promise settles with its own answer once its batch is flushed. */
  add(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.arrived();
      this.schedule();
    });
  }

  /** Counts a call against the company expected, unless it came too late: then none is expected any more. */
  private arrived(): void {
    if (this.awaited === 0) return;
    const now = Date.now();
    if (now > this.expectedBy) [this.awaited, this.holding] = [0, false];
    else [this.awaited, this.expectedBy] = [this.awaited - 1, Math.min(now + COMPANY_LULL_MS, this.companyDeadline)];
  }

  private schedule(): void {
    if (this.busy || this.pending.length === 0) return;
    if (this.awaited > 0 && this.pending.length < MAX_BATCH_ITEMS) {
      this.holding = true;
      this.arm(Math.max(0, this.expectedBy - Date.now()));
    } else if (this.holding) {
      this.holding = false;
      this.arm(0); // the company came (or a full batch is here): go with the calls of this tick
    } else if (!this.timer) this.arm(COALESCE_WINDOW_MS);
  }

  private arm(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      [this.awaited, this.holding] = [0, false];
      void this.run();
    }, ms);
  }

  private async run(): Promise<void> {
    this.busy = true;
    const batch = this.pending.splice(0);
    try {
      await this.flush(batch);
    } catch (e) {
      for (const p of batch) p.reject(e);
    } finally {
      this.busy = false;
      this.expectCompany(batch.length);
      this.schedule();
    }
  }

  /** After a batch of `answered` calls: those callers are expected back (see the class comment). */
  private expectCompany(answered: number): void {
    if (!this.awaitCompany || answered < 2) return;
    const now = Date.now();
    [this.awaited, this.expectedBy] = [answered, now + COMPANY_FIRST_WAIT_MS];
    this.companyDeadline = now + COMPANY_MAX_WAIT_MS;
  }
}
