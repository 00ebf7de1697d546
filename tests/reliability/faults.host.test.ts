// The fault matrix through the real provider host: create, update, read (refresh) and delete, each against every
// fault kind, with short, user-set limits (1 s per attempt, up to 10 attempts, a 4 s retry budget: the budget, not
// the attempts, ends a lasting fault). Every scenario ends in
// success after retries or in one clear diagnostic line (operation, IP, cause, fix) within the configured time, and
// afterwards state matches the fake's mappings. Scenarios run concurrently, each in its own zone; each `up`, `refresh`
// or `destroy` is a command with a provider host of its own (tests/harness/engine.ts). Every scenario runs against the
// dynamic provider host and the provider plugin (`[dynamic]`, `[plugin]`), the limits set in each one's config.
import type { Fault, Route } from "../fake/server";
import { ADAPTERS } from "../harness/adapters";
import { limiter } from "../harness/engine";
import { useHostedFake } from "../harness/hostedFake";
import type { RpcError } from "../harness/providerHost";

const LIMITS = { requestTimeoutSeconds: 1, maxAttempts: 10, retryBudgetSeconds: 4 };
/** A write plus its read-back, each within the budget and one attempt's timeout, and slack for a loaded machine. */
const BOUND_MS = 2 * (LIMITS.retryBudgetSeconds + LIMITS.requestTimeoutSeconds) * 1000 + 4000;

type Expect = "success" | "diagnostic";
/** A fault, how many requests it hits, and what the operation must end in. Several faults apply in order. */
const FAULTS: [string, Fault | Fault[], number, Expect][] = [
  ["429 with Retry-After", { kind: "rateLimit", retryAfterSeconds: 1 }, 1, "success"],
  ["500", { kind: "status", status: 500 }, 1, "success"],
  ["502 HTML page", { kind: "html502" }, 1, "success"],
  ["503", { kind: "status", status: 503 }, 1, "success"],
  ["connection reset", { kind: "reset" }, 1, "success"],
  ["hang past the timeout", { kind: "hang" }, 1, "success"],
  ["truncated 200", { kind: "truncatedJson" }, 1, "success"],
  ["200 with success:false", { kind: "successFalse" }, 1, "diagnostic"],
  ["503 past the retry budget", { kind: "status", status: 503 }, 100, "diagnostic"],
  // The write lands, its answer is lost, and the retry is refused past the budget: only a read-back can tell.
  [
    "applied, answer lost, then refused",
    [
      { kind: "reset", applied: true },
      { kind: "rateLimit", retryAfterSeconds: 301 },
    ],
    1,
    "success",
  ],
];
const OPS = ["create", "update", "read", "delete"] as const;
const ROUTE: Record<(typeof OPS)[number], Route> = { create: "put", update: "put", read: "get", delete: "delete" };
const ACTION: Record<(typeof OPS)[number], string> = {
  create: "creating",
  update: "updating",
  read: "reading",
  delete: "deleting",
};

const hosted = useHostedFake({
  config: Object.fromEntries(Object.entries(LIMITS).map(([k, v]) => [`originCloudRegions:${k}`, String(v)])),
});
let zoneCounter = 0;

const scenarios = OPS.flatMap((op) =>
  FAULTS.map(([name, fault, times, expected]) => [op, name, fault, times, expected] as const),
);

// A host per command: 70 hosts for the 40 scenarios of each adapter. Starting dozens at once on 2 cores would starve
// the fake, whose answers the 1 s per-attempt limit times; four scenarios at a time (both adapters') keep the limits
// meaningful.
const slot = limiter(4);

describe.each(ADAPTERS)("[%s]", (adapter) => {
  test.concurrent.each(scenarios)(
    "%s × %s",
    (op, _name, fault, times, expected) =>
      slot(async () => {
        const { fake } = hosted;
        const zone = (0xf000 + ++zoneCounter).toString(16).padStart(32, "0");
        const engine = hosted.engine({ adapter });
        const inputs = { zoneId: zone, originIp: "2001:db8::1", vendor: "aws", region: "us-east-1" };
        if (op !== "create") await engine.up("m", inputs);

        const attempts = () => fake.requests.filter((r) => r.zoneId === zone && r.route === ROUTE[op]).length;
        const before = attempts();
        for (const f of [fault].flat()) fake.injectFault(ROUTE[op], f, times, { zoneId: zone });
        let started = 0;
        // The command's host is started before the clock starts: the bound is the provider's, not the host's start.
        const { outcome, elapsed } = await engine.command(async () => {
          started = Date.now();
          const step =
            op === "create"
              ? engine.up("m", inputs)
              : op === "update"
                ? engine.up("m", { ...inputs, region: "us-west-2" })
                : op === "read"
                  ? engine.refresh("m")
                  : engine.destroy("m");
          const outcome = await step.then(
            () => ({ ok: true as const }),
            (e: RpcError) => ({ ok: false as const, message: e.details ?? e.message }),
          );
          return { outcome, elapsed: Date.now() - started };
        });

        // A read has nothing to settle: refused past the budget, it reports it.
        const want = Array.isArray(fault) && op === "read" ? "diagnostic" : expected;
        expect(outcome.ok ? "success" : "diagnostic").toBe(want);
        if (!outcome.ok) {
          expect(outcome.message).not.toContain("\n");
          expect(outcome.message).toMatch(
            new RegExp(`^${ACTION[op]} origin cloud region mapping 2001:db8::1 in zone ${zone}`),
          );
          expect(outcome.message).toMatch(/HTTP \d{3}|timeout|no response|success: false/);
          expect(outcome.message).toContain("Fix: ");
        }
        expect(elapsed).toBeLessThan(BOUND_MS);
        // The fault was met: a recovered call took more than one attempt, unless a read-back settled it (a read op reads);
        // a refused one was not retried past the limits.
        if (want === "success")
          expect(attempts() - before + (Array.isArray(fault) && op !== "read" ? 1 : 0)).toBeGreaterThanOrEqual(2);
        else expect(attempts() - before).toBeLessThanOrEqual(LIMITS.maxAttempts);
        if (Array.isArray(fault) && op !== "read") {
          // …and it was settled by reading back, after the refusal.
          expect(
            fake.requests.filter((r) => r.zoneId === zone && (r.route === "get" || r.route === "list")).length,
          ).toBeGreaterThanOrEqual(op === "create" ? 2 : 1);
        }

        // Nothing lost, nothing orphaned: what state says exists is what the zone holds.
        const held = fake.mappings(zone).map((m) => `${m.origin_ip} ${m.vendor}/${m.region}`);
        const inState = [...engine.state.values()].map(
          (e) => `${e.outputs.originIp} ${e.outputs.vendor}/${e.outputs.region}`,
        );
        expect(inState).toEqual(held);
      }),
    180_000, // the wait for a slot included
  );
});
