// The fault matrix through the real provider host: create, update, read (refresh) and delete, each against every
// fault kind, with short, user-set limits (1 s per attempt, 4 attempts, 6 s retry budget). Every scenario ends in
// success after retries or in one clear diagnostic line (operation, IP, cause, fix) within the configured time, and
// afterwards state matches the fake's mappings. Scenarios run concurrently, each in its own zone.
import type { Fault, Route } from "../fake/server";
import { MiniEngine } from "../harness/engine";
import { useHostedFake } from "../harness/hostedFake";
import type { RpcError } from "../harness/providerHost";

const TYPE = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion";
const LIMITS = { requestTimeoutSeconds: 1, maxAttempts: 4, retryBudgetSeconds: 6 };
/** A write plus its read-back, each within the budget and one attempt's timeout, and slack for a loaded machine. */
const BOUND_MS = 2 * (LIMITS.retryBudgetSeconds + LIMITS.requestTimeoutSeconds) * 1000 + 4000;

type Expect = "success" | "diagnostic";
const FAULTS: [string, Fault, number, Expect][] = [
  ["429 with Retry-After", { kind: "rateLimit", retryAfterSeconds: 1 }, 1, "success"],
  ["500", { kind: "status", status: 500 }, 1, "success"],
  ["502 HTML page", { kind: "html502" }, 1, "success"],
  ["503", { kind: "status", status: 503 }, 1, "success"],
  ["connection reset", { kind: "reset" }, 1, "success"],
  ["hang past the timeout", { kind: "hang" }, 1, "success"],
  ["truncated 200", { kind: "truncatedJson" }, 1, "success"],
  ["200 with success:false", { kind: "successFalse" }, 1, "diagnostic"],
  ["503 past the retry budget", { kind: "status", status: 503 }, 100, "diagnostic"],
  ["applied, then the answer lost", { kind: "reset", applied: true }, 1, "success"],
];
const OPS = ["create", "update", "read", "delete"] as const;
const ROUTE: Record<(typeof OPS)[number], Route> = { create: "put", update: "put", read: "get", delete: "delete" };
const ACTION: Record<(typeof OPS)[number], string> = { create: "creating", update: "updating", read: "reading", delete: "deleting" };

const hosted = useHostedFake({ config: Object.fromEntries(Object.entries(LIMITS).map(([k, v]) => [`originCloudRegions:${k}`, String(v)])) });
let zoneCounter = 0;

const scenarios = OPS.flatMap((op) => FAULTS.map(([name, fault, times, expected]) => [op, name, fault, times, expected] as const));

test.concurrent.each(scenarios)("%s × %s", async (op, _name, fault, times, expected) => {
  const { fake, host, providerText } = hosted;
  const zone = (0xf000 + ++zoneCounter).toString(16).padStart(32, "0");
  const engine = new MiniEngine(host, TYPE, providerText);
  const inputs = { zoneId: zone, originIp: "2001:db8::1", vendor: "aws", region: "us-east-1" };
  if (op !== "create") await engine.up("m", inputs);

  const attempts = () => fake.requests.filter((r) => r.zoneId === zone && r.route === ROUTE[op]).length;
  const before = attempts();
  fake.injectFault(ROUTE[op], fault, times, { zoneId: zone });
  const started = Date.now();
  const step =
    op === "create" ? engine.up("m", inputs)
    : op === "update" ? engine.up("m", { ...inputs, region: "us-west-2" })
    : op === "read" ? engine.refresh("m")
    : engine.destroy("m");
  const outcome = await step.then(
    () => ({ ok: true as const }),
    (e: RpcError) => ({ ok: false as const, message: e.details ?? e.message }),
  );
  const elapsed = Date.now() - started;

  expect(outcome.ok ? "success" : "diagnostic").toBe(expected);
  if (!outcome.ok) {
    expect(outcome.message).not.toContain("\n");
    expect(outcome.message).toMatch(new RegExp(`^${ACTION[op]} origin cloud region mapping 2001:db8::1 in zone ${zone}`));
    expect(outcome.message).toMatch(/HTTP \d{3}|timeout|no response|success: false/);
    expect(outcome.message).toContain("Fix: ");
  }
  expect(elapsed).toBeLessThan(BOUND_MS);
  // The fault was met: a recovered call took more than one attempt; a refused one was not retried past the limits.
  if (expected === "success") expect(attempts() - before).toBeGreaterThanOrEqual(2);
  else expect(attempts() - before).toBeLessThanOrEqual(LIMITS.maxAttempts);

  // Nothing lost, nothing orphaned: what state says exists is what the zone holds.
  const held = fake.mappings(zone).map((m) => `${m.origin_ip} ${m.vendor}/${m.region}`);
  const inState = [...engine.state.values()].map((e) => `${e.outputs.originIp} ${e.outputs.vendor}/${e.outputs.region}`);
  expect(inState).toEqual(held);
});
