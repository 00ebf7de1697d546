// Coalescing through the real provider host: the operations the engine runs at once on one zone share batch calls
// and listings, and each resource still gets its own answer. Also pacing under the fake's rate limit. Each `deploy`,
// `up` or `refresh` is a command with a provider host of its own (tests/harness/engine.ts): a listing lives only as long
// as the command that made it.
import { FAKE_TOKEN, FakeCloudflare } from "../../../fake/server";
import { MiniEngine, type Declared } from "../../../harness/engine";
import { useHostedFake } from "../../../harness/hostedFake";
import { hostClock, type RpcError } from "../../../harness/providerHost";
import { HOST_PULUMI_VERSION, hostSupportsGet } from "../../../harness/versions";

const TYPE = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion";
const hosted = useHostedFake();
let zoneCounter = 0;
let zone: string;
let engine: MiniEngine;

beforeEach(() => {
  zone = (0xc000 + ++zoneCounter).toString(16).padStart(32, "0");
  engine = hosted.engine();
  hosted.fake.resetRequests();
});

const routes = () => hosted.fake.requests.filter((r) => r.zoneId === zone).map((r) => r.route);
const program = (ips: string[], region = "us-east-1"): Declared[] =>
  ips.map((ip, i) => ({ name: `m${i}`, inputs: { zoneId: zone, originIp: ip, vendor: "aws", region } }));
const held = () =>
  hosted.fake
    .mappings(zone)
    .map((m) => `${m.origin_ip} ${m.vendor}/${m.region}`)
    .sort();
const inState = () =>
  [...engine.state.values()].map((e) => `${e.outputs.originIp} ${e.outputs.vendor}/${e.outputs.region}`).sort();
const message = (e: Error) => (e as RpcError).details ?? e.message;
const ipsOf = (n: number, prefix = "10.2.0.") => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

test("a lone operation costs what it always did: a GET and a PUT", async () => {
  expect(await engine.deploy(program(["192.0.2.1"]))).toEqual({ ops: { m0: "create" }, errors: {} });
  expect(routes()).toEqual(["supportedRegions", "get", "put"]);
});

test("50 creates at --parallel 64: one listing and a few batch PUTs; destroy: batch DELETEs", async () => {
  const ips = ipsOf(50);
  expect((await engine.deploy(program(ips), { parallel: 64 })).errors).toEqual({});
  const [regions, listing, ...writes] = routes();
  expect([regions, listing]).toEqual(["supportedRegions", "list"]);
  expect(writes.every((r) => r === "batchPut")).toBe(true);
  expect(writes.length).toBeLessThanOrEqual(10); // not 50: the steps reach the PUT at slightly different moments
  expect(held()).toEqual(inState());
  expect(held()).toHaveLength(50);

  hosted.fake.resetRequests();
  expect((await engine.deploy([], { parallel: 64 })).errors).toEqual({});
  // The destroy is a command of its own, so its host starts cold: a delete that reaches the provider before the others
  // have left the host's start-up goes alone, as a single DELETE (what a lone operation costs). Still not 50.
  expect(routes().filter((r) => r !== "batchDelete" && r !== "delete")).toEqual([]);
  expect(routes().filter((r) => r === "batchDelete").length).toBeGreaterThan(0);
  expect(routes().length).toBeLessThanOrEqual(10);
  expect(held()).toEqual([]);
});

test("per-item failures in one batch reach exactly their resources, with the diagnostic they get alone", async () => {
  // supported_regions unavailable: check only warns, so Cloudflare is the one that refuses the bad regions.
  hosted.fake.injectFault("supportedRegions", { kind: "rateLimit", retryAfterSeconds: 3600 }, 1, { zoneId: zone });
  const declared = program(ipsOf(6));
  declared[1].inputs.region = "mars-north-1";
  declared[4].inputs.region = "venus-east-2";
  const result = await engine.deploy(declared, { parallel: 64 });
  expect(Object.keys(result.errors).sort()).toEqual(["m1", "m4"]);
  expect(message(result.errors.m1)).toMatch(
    /^creating origin cloud region mapping 10\.2\.0\.2 in zone [0-9a-f]{32} failed: Cloudflare error 1157: The vendor provided doesn't exist or the region provided does not exist for the specified cloud vendor \[HTTP 400\]\. Fix: vendor must be one of aws, azure, gcp, oci/,
  );
  expect(routes().filter((r) => r === "batchPut")).toHaveLength(1);
  expect(held()).toEqual(inState());
  expect(held()).toHaveLength(4);
});

test("a batch refused as a whole at the cap: each resource gets its own answer, updates of existing IPs still land", async () => {
  hosted.fake.seed(
    zone,
    Array.from({ length: 3498 }, (_, i) => ({
      origin_ip: `10.${100 + (i >> 8)}.${i & 255}.1`,
      vendor: "aws",
      region: "us-east-1",
    })),
  );
  const result = await engine.deploy(program(ipsOf(4)), { parallel: 64 });
  expect(Object.keys(result.ops)).toHaveLength(2);
  expect(Object.values(result.errors).map((e) => message(e))).toEqual([
    expect.stringContaining("Cloudflare error 1164"),
    expect.stringContaining("Cloudflare error 1164"),
  ]);
  expect(routes().filter((r) => r !== "supportedRegions")).toEqual([
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "list",
    "batchPut",
    "put",
    "put",
    "put",
    "put",
  ]);
  expect(hosted.fake.mappings(zone)).toHaveLength(3500);
  expect(inState()).toHaveLength(2);
});

test("the create-only guarantee holds under coalescing: existing unmanaged mappings are refused and untouched", async () => {
  hosted.fake.seed(zone, [
    { origin_ip: "10.2.0.2", vendor: "gcp", region: "us-central1", modified_on: "2026-01-02T03:04:05Z" },
    { origin_ip: "10.2.0.5", vendor: "oci", region: "us-ashburn-1", modified_on: "2026-01-02T03:04:05Z" },
  ]);
  const result = await engine.deploy(program(ipsOf(6)), { parallel: 64 });
  expect(Object.keys(result.errors).sort()).toEqual(["m1", "m4"]);
  expect(message(result.errors.m1)).toContain("the zone already maps 10.2.0.2 to vendor gcp, region us-central1");
  expect(
    hosted.fake
      .mappings(zone)
      .filter((m) => m.modified_on === "2026-01-02T03:04:05Z")
      .map((m) => `${m.origin_ip} ${m.vendor}/${m.region}`),
  ).toEqual(["10.2.0.2 gcp/us-central1", "10.2.0.5 oci/us-ashburn-1"]);
  expect(inState()).toHaveLength(4);
});

describe("a stale listing never decides a create: a mapping made outside Pulumi after the zone was listed", () => {
  // A listing lives in one command's host, so each scenario is one command whose steps are spread over time (a
  // resource created after a slow one, a refresh of many resources); the host's clock (tests/harness/hostClock.js) is
  // moved instead of sleeping 10 s (or 60 s). Each command's host reads the clock file when it starts.
  const clock = hostClock();
  afterAll(() => clock.remove());
  const late = "10.5.0.100";
  const aged = () => hosted.engine({ host: { env: clock.env, preloads: clock.preloads } });
  /** Ten creates at once share one listing of the zone; then someone maps `late` outside Pulumi, and 10.5.0.1 drifts. */
  const listedThenChanged = async (stack: MiniEngine) => {
    expect((await stack.deploy(program(ipsOf(10, "10.5.0.")), { parallel: 64 })).errors).toEqual({});
    expect(routes()).toContain("list"); // the listing the later reads could be answered from
    hosted.fake.seed(zone, [
      { origin_ip: late, vendor: "gcp", region: "us-central1", modified_on: "2026-01-02T03:04:05Z" },
      { origin_ip: "10.5.0.1", vendor: "aws", region: "us-west-2", modified_on: "2026-01-02T03:04:05Z" },
    ]);
    hosted.fake.resetRequests();
  };
  const createLate = (stack: MiniEngine) =>
    stack.up("late", { zoneId: zone, originIp: late, vendor: "aws", region: "us-east-1" });
  const lateHeld = () =>
    hosted.fake
      .mappings(zone)
      .filter((m) => m.origin_ip === late)
      .map((m) => `${m.vendor}/${m.region} ${m.modified_on}`);

  test("one up, past the bound: the late create asks Cloudflare again (a GET), sees the mapping and refuses, writing nothing", async () => {
    const stack = aged();
    const refused = await stack.command(async () => {
      await listedThenChanged(stack);
      clock.advance(11_000); // README: a create's check trusts a listing for at most 10 s
      return createLate(stack).then(
        (op) => new Error(`the create went ahead (${op}) instead of refusing`),
        (e: Error) => e,
      );
    });
    expect(message(refused)).toContain(`the zone already maps ${late} to vendor gcp, region us-central1`);
    expect(routes().filter((r) => r !== "supportedRegions")).toEqual(["get"]);
    expect(lateHeld()).toEqual(["gcp/us-central1 2026-01-02T03:04:05Z"]);
    expect(stack.state.has("late")).toBe(false);
  });

  test("one up, within the bound, as README Limits says: the listing answers the create, which misses the new mapping", async () => {
    const stack = aged();
    const op = await stack.command(async () => {
      await listedThenChanged(stack);
      clock.advance(7_000); // within README's 10 s, with 3 s of margin for the real time the deploy and this test take
      return createLate(stack);
    });
    expect(op).toBe("create");
    expect(routes().filter((r) => r !== "supportedRegions")).toEqual(["put"]); // no GET: answered from the listing, taken before the mapping appeared
    expect(lateHeld()).toEqual([expect.stringMatching(/^aws\/us-east-1 /)]); // the out-of-band mapping was overwritten
  });

  test("the next command lists afresh: its create sees the mapping made after the last command's listing", async () => {
    const stack = aged();
    await listedThenChanged(stack); // the deploy was a command of its own; its listing ended with its host
    await expect(createLate(stack)).rejects.toMatchObject({
      details: expect.stringContaining(`the zone already maps ${late}`),
    });
    expect(lateHeld()).toEqual(["gcp/us-central1 2026-01-02T03:04:05Z"]);
  });

  test("one refresh: reads within its 60 s bound share one listing, missing a later change; past it, a read asks Cloudflare again", async () => {
    const stack = aged();
    await listedThenChanged(stack);
    const drifted = { vendor: "gcp", region: "us-central1", modified_on: "2026-01-02T03:04:05Z" };
    await stack.command(async () => {
      const first = await Promise.all(["m2", "m3", "m4", "m5", "m6", "m7", "m8"].map((n) => stack.refresh(n)));
      expect(first.map((r) => r.drift)).toEqual(Array(7).fill("none"));
      expect(routes()).toEqual(["list"]); // seven reads, one listing
      hosted.fake.seed(zone, [
        { origin_ip: "10.5.0.2", ...drifted },
        { origin_ip: "10.5.0.10", ...drifted },
      ]);
      clock.advance(11_000); // past a create's bound, within a refresh's: the listing answers, without the change
      expect(await stack.refresh("m1")).toEqual({ op: "refresh", drift: "none" });
      expect(routes()).toEqual(["list"]);
      clock.advance(60_000); // README: a refresh trusts a listing for at most 60 s
      expect(await stack.refresh("m9")).toEqual({ op: "refresh", drift: "some" });
      expect(routes()).toEqual(["list", "get"]); // a lone read: its own GET
    });
  });
});

describe("pacing under the fake's rate limit (40 requests per 2 s), batching off, 100 creates at --parallel 64", () => {
  test("0 failures, 0 answered 429", async () => {
    const fake = await FakeCloudflare.start({ rateLimit: { count: 40, windowSeconds: 2 } });
    try {
      const paced = new MiniEngine({
        type: TYPE,
        providerText: hosted.providerText,
        host: {
          config: {
            "cloudflare:apiToken": FAKE_TOKEN,
            "cloudflare:baseUrl": fake.baseUrl,
            "originCloudRegions:batching": "false",
          },
        },
      });
      const result = await paced.deploy(program(ipsOf(100, "10.3.0.")), { parallel: 64 });
      expect(result.errors).toEqual({});
      expect(fake.mappings(zone)).toHaveLength(100);
      expect(fake.requests.filter((r) => r.status === 429)).toHaveLength(0);
      expect(fake.requests).toHaveLength(201);
      await paced.waitForOutput(/rate-limit budget is used up .* waiting [\d.]+ s for the window to reset/);
    } finally {
      await fake.stop();
    }
  }, 60_000);
});

describe("a Cloudflare that answers IPv4-mapped addresses in hex (::ffff:c000:201)", () => {
  test("ids, outputs and comparisons use the canonical form, through create, refresh, get and a batch", async () => {
    const fake = await FakeCloudflare.start({ ipv4MappedForm: "hex" });
    try {
      const hex = new MiniEngine({
        type: TYPE,
        providerText: hosted.providerText,
        host: { config: { "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake.baseUrl } },
      });
      const result = await hex.deploy(program(["::ffff:192.0.2.1", "::ffff:192.0.2.2"]), { parallel: 8 });
      expect(result.errors).toEqual({});
      for (const entry of hex.state.values()) {
        expect(entry.id).toMatch(new RegExp(`^${zone}/::ffff:192\\.0\\.2\\.[12]$`));
        expect(entry.outputs.originIp).toMatch(/^::ffff:192\.0\.2\.[12]$/);
      }
      expect(
        fake
          .mappings(zone)
          .map((m) => m.origin_ip)
          .sort(),
      ).toEqual(["::ffff:c000:201", "::ffff:c000:202"]);
      expect(await hex.refresh("m0")).toEqual({ op: "refresh", drift: "none" });
      expect(hex.state.get("m0")!.id).toBe(`${zone}/::ffff:192.0.2.1`);
      // `get` needs a host from @pulumi/pulumi 3.268 or later; the version matrix (tests/package) runs this on one.
      if (hostSupportsGet(HOST_PULUMI_VERSION))
        expect((await hex.get("x", `${zone}/::ffff:c000:201`)).id).toBe(`${zone}/::ffff:192.0.2.1`);
      expect(await hex.deploy(program(["::ffff:192.0.2.1", "::ffff:192.0.2.2"]), { parallel: 8 })).toEqual({
        ops: { m0: "same", m1: "same" },
        errors: {},
      });
    } finally {
      await fake.stop();
    }
  });
});
