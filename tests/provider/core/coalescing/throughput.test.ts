// Requests at a given concurrency: the CoalescingClient driven as the engine drives one provider host under
// `pulumi up --parallel P` (at most P operations at once; each reaches the client some milliseconds after the one before
// it finished, the engine's round trip), against a scripted API that answers every call after a fixed latency. The
// floor is one listing and one batch per P operations.
import { CoalescingClient } from "../../../../provider/core/coalescing/client";
import type { OriginCloudRegionsClient } from "../../../../provider/api/originCloudRegions";
import { scriptedClient } from "../../inProcessFake";
import { ZONE } from "../../api/helpers";

// On a fake clock, moved 1 ms at a time until the run settles: the counts depend on when timers fire, and a loaded
// machine (the whole suite beside this file) fires real ones late, past the 10 ms lull a batch waits for company.
beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const LATENCY_MS = 20;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const mapping = (ip: string) => ({ origin_ip: ip, vendor: "aws" as const, region: "us-east-1" });
const ipOf = (i: number) => `10.0.${i >> 8}.${i & 255}`;

/** An API answering after LATENCY_MS, as an empty zone would; `sent` counts its calls by method. */
function slowApi(sent: Record<string, number>): OriginCloudRegionsClient {
  const answer = <T>(method: string, value: T) => {
    sent[method] = (sent[method] ?? 0) + 1;
    return sleep(LATENCY_MS).then(() => value);
  };
  return scriptedClient({
    list: () => answer("list", []),
    get: () => answer("get", undefined),
    put: (_zone, m) => answer("put", { ...m }),
    delete: (_zone, ip) => answer("delete", { origin_ip: ip }),
    batchPut: (_zone, items) => answer("batchPut", { succeeded: items, failed: [] }),
    batchDelete: (_zone, ips) =>
      answer("batchDelete", { succeeded: ips.map((origin_ip) => ({ origin_ip })), failed: [] }),
  });
}

/**
 * Runs `count` operations, at most `parallel` at once, like the engine's --parallel and one provider host: each
 * operation first takes the host's one thread for 1 ms (its Check and its Create reaching the provider, one after
 * another), then runs `work`.
 */
async function engineLike(count: number, parallel: number, work: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  let thread = Promise.resolve();
  const hostTurn = () => (thread = thread.then(() => sleep(1)));
  const slot = async () => {
    while (next < count) {
      const i = next++;
      await hostTurn();
      await work(i);
    }
  };
  const run = Promise.all(Array.from({ length: parallel }, slot));
  let settled = false;
  run.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) await jest.advanceTimersByTimeAsync(1);
  await run;
}

test("640 creates at --parallel 64 (existence check, then PUT): one listing and at most 15 batch PUTs, not one per few creates", async () => {
  const sent: Record<string, number> = {};
  const api = new CoalescingClient(slowApi(sent));
  await engineLike(640, 64, async (i) => {
    expect(await api.get(ZONE, ipOf(i))).toBeUndefined();
    await api.put(ZONE, mapping(ipOf(i)));
  });
  expect(sent.list).toBe(1);
  expect(sent.get ?? 0).toBeLessThanOrEqual(1);
  expect((sent.batchPut ?? 0) + (sent.put ?? 0)).toBeLessThanOrEqual(15); // the floor is 10
});

test("640 deletes at --parallel 64: at most 15 batch DELETEs", async () => {
  const sent: Record<string, number> = {};
  const api = new CoalescingClient(slowApi(sent));
  await engineLike(640, 64, (i) => api.delete(ZONE, ipOf(i)));
  expect((sent.batchDelete ?? 0) + (sent.delete ?? 0)).toBeLessThanOrEqual(15);
});
