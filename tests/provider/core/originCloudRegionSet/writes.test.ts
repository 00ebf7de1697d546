// The set's writes against a scripted client: what is planned, the order and grouping of batch calls, and the cap.
import type { BatchResult, OriginCloudRegionRecord, OriginCloudRegionRecordInput } from "../../../../provider/api";
import { CloudflareApiError } from "../../../../provider/api";
import { planWrites, type Listing, type SetEntry } from "../../../../provider/core/originCloudRegionSet/plan";
import { writeSet } from "../../../../provider/core/originCloudRegionSet/writes";
import { scriptedClient } from "../../inProcessFake";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const aws: SetEntry = { vendor: "aws", region: "us-east-1" };
const gcp: SetEntry = { vendor: "gcp", region: "us-central1" };
const listingOf = (entries: Record<string, SetEntry>): Listing =>
  new Map(Object.entries(entries).map(([ip, e]): [string, OriginCloudRegionRecord] => [ip, { origin_ip: ip, ...e }]));
const capRefusal = () =>
  new CloudflareApiError({
    kind: "api",
    method: "PUT",
    path: "/batch",
    status: 403,
    errors: [{ code: 1164, message: "Maximum number of IP mappings configured for zone." }],
    attempts: 1,
  });

describe("planWrites", () => {
  test("entries held as declared cost nothing; held with other values are rewrites; absent ones additions; only held removals are deleted", () => {
    const listing = listingOf({ "10.0.0.1": aws, "10.0.0.2": aws, "10.0.0.9": aws });
    const desired = { "10.0.0.1": aws, "10.0.0.2": gcp, "10.0.0.3": aws };
    expect(planWrites(desired, listing, ["10.0.0.9", "10.0.0.8"])).toEqual({
      deletes: ["10.0.0.9"],
      rewrites: ["10.0.0.2"],
      additions: ["10.0.0.3"],
      fits: true,
    });
  });

  test("additions fit while the zone, less its deletes, stays within 3,500", () => {
    const full = listingOf(
      Object.fromEntries(Array.from({ length: 3500 }, (_, i) => [`10.1.${i >> 8}.${i & 255}`, aws])),
    );
    expect(planWrites({ "10.9.0.1": aws }, full).fits).toBe(false);
    expect(planWrites({ "10.9.0.1": aws }, full, ["10.1.0.0"]).fits).toBe(true);
  });
});

describe("writeSet", () => {
  /** A client that records each batch PUT's IPs and answers with `answer(ips)`. */
  const recording = (answer: (ips: string[]) => Promise<BatchResult>) => {
    const calls: string[][] = [];
    const api = scriptedClient({
      batchPut: (_zone: string, items: OriginCloudRegionRecordInput[]) => {
        const ips = items.map((i) => i.origin_ip);
        calls.push(ips);
        return answer(ips);
      },
    });
    return { api, calls };
  };
  const succeed = (ips: string[]) =>
    Promise.resolve({ succeeded: ips.map((origin_ip) => ({ origin_ip, ...aws })), failed: [] });

  test("when the additions fit, rewrites and additions share batches in the declared order", async () => {
    const { api, calls } = recording(succeed);
    const desired = { "10.0.0.1": aws, "10.0.0.2": aws, "10.0.0.3": aws };
    const outcome = await writeSet(
      api,
      ZONE,
      desired,
      { deletes: [], rewrites: ["10.0.0.3"], additions: ["10.0.0.1", "10.0.0.2"], fits: true },
      {},
    );
    expect(calls).toEqual([["10.0.0.1", "10.0.0.2", "10.0.0.3"]]);
    expect(outcome).toEqual({ exists: desired, failed: [] });
  });

  test("when they may not fit, the rewrites go first and the additions apart", async () => {
    const { api, calls } = recording(succeed);
    const desired = { "10.0.0.1": aws, "10.0.0.2": aws };
    await writeSet(
      api,
      ZONE,
      desired,
      { deletes: [], rewrites: ["10.0.0.2"], additions: ["10.0.0.1"], fits: false },
      {},
    );
    expect(calls).toEqual([["10.0.0.2"], ["10.0.0.1"]]);
  });

  test("a batch refused whole for the cap: every rewrite and the additions that fit are written one at a time; after the first refused addition no other is sent", async () => {
    let room = 1;
    const { api, calls } = recording((ips) => {
      const fresh = ips.filter((ip) => ip.startsWith("10.9."));
      if (fresh.length > room) return Promise.reject(capRefusal());
      room -= fresh.length;
      return succeed(ips);
    });
    const desired = { "10.0.0.1": gcp, "10.9.0.1": aws, "10.9.0.2": aws, "10.9.0.3": aws, "10.0.0.2": gcp };
    const outcome = await writeSet(
      api,
      ZONE,
      desired,
      { deletes: [], rewrites: ["10.0.0.1", "10.0.0.2"], additions: ["10.9.0.1", "10.9.0.2", "10.9.0.3"], fits: true },
      {},
    );
    expect(calls).toEqual([
      ["10.0.0.1", "10.9.0.1", "10.9.0.2", "10.9.0.3", "10.0.0.2"],
      ["10.0.0.1"],
      ["10.9.0.1"],
      ["10.9.0.2"],
      ["10.0.0.2"],
    ]);
    expect(Object.keys(outcome.exists).sort()).toEqual(["10.0.0.1", "10.0.0.2", "10.9.0.1"]);
    expect(outcome.failed.map((f) => f.ip)).toEqual(["10.9.0.2", "10.9.0.3"]);
    expect(outcome.failed[0].reason).toMatch(/^putting 10\.9\.0\.2 \(aws\/us-east-1\) failed: Cloudflare error 1164/);
    expect(outcome.failed[1].reason).toBe(
      "putting 10.9.0.3 (aws/us-east-1) was not sent: the zone is full (Cloudflare error 1164 for 10.9.0.2)",
    );
  });

  test("another whole refusal (a bad request) fails its items and stops the rest, as before", async () => {
    const refusal = new CloudflareApiError({
      kind: "api",
      method: "PUT",
      path: "/batch",
      status: 403,
      errors: [{ code: 10000, message: "Authentication error" }],
      attempts: 1,
    });
    const { api, calls } = recording(() => Promise.reject(refusal));
    const desired = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`10.0.${i >> 8}.${i & 255}`, aws]));
    const outcome = await writeSet(
      api,
      ZONE,
      desired,
      { deletes: [], rewrites: [], additions: Object.keys(desired), fits: true },
      {},
    );
    expect(calls).toHaveLength(1);
    expect(outcome.failed).toHaveLength(101);
    expect(outcome.failed[100].reason).toBe(
      "putting 10.0.0.100 (aws/us-east-1) was not attempted: an earlier batch call failed as a whole",
    );
  });
});
