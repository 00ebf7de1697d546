/** The queue that coalesces one kind of call on one zone: what arrives within a short window goes out together. */

/** How long a zone's queue waits for company before sending (milliseconds): the most a lone operation is delayed. */
export const COALESCE_WINDOW_MS = 5;

/** A queued call: its item, and the settling of the caller's promise. */
export interface Pending<I, R> {
  item: I;
  resolve: (value: R) => void;
  reject: (reason: unknown) => void;
}

/** One kind of queued call on one zone: items wait for the window, and for the previous flush of their kind. */
export class Lane<I, R> {
  private pending: Pending<I, R>[] = [];
  private timer?: NodeJS.Timeout;
  private busy = false;

  /** `flush` answers a batch; whatever it throws rejects the items of that batch it left unsettled. */
  constructor(private readonly flush: (batch: Pending<I, R>[]) => Promise<void>) {}

  /** Queues `item`; the promise settles with its own answer once its batch is flushed. */
  add(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.busy || this.timer || this.pending.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, COALESCE_WINDOW_MS);
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
      this.schedule();
    }
  }
}
