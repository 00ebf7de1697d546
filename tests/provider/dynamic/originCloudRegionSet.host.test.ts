// OriginCloudRegionSet through the real provider host, against the fake Cloudflare API: checked-input shape, diff,
// create (one listing, batch PUTs), the create-only guarantee, update, partial failure, the cap, refresh, destroy,
// get, and moving mappings from OriginCloudRegion resources to a set without deleting them. Each `up`, `preview`,
// `deploy`, `refresh`, `destroy` or `get` is a command with a provider host of its own (tests/harness/engine.ts).
import type { OriginCloudRegionSetArgs } from "../../../provider";
import { OriginCloudRegionsApi } from "../../../provider/api";
import { FAKE_TOKEN } from "../../fake/server";
import { CheckFailedError, type MiniEngine, type Declared } from "../../harness/engine";
import { useHostedFake } from "../../harness/hostedFake";
import type { Props, RpcError } from "../../harness/providerHost";
import { registerSet, serializedSetProviderText } from "../../harness/serializedProvider";
import { testNeedingGet } from "../../harness/versions";

const SET_TYPE = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegionSet";
const SINGLE_TYPE = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion";
const hosted = useHostedFake();
let setText: string;
let zoneCounter = 0;
let zone: string;
let engine: MiniEngine;

beforeAll(async () => {
  setText = await serializedSetProviderText();
});

beforeEach(() => {
  zone = (0xd000 + ++zoneCounter).toString(16).padStart(32, "0");
  engine = hosted.engine({ type: SET_TYPE, providerText: setText });
  hosted.fake.resetRequests();
});

type Entry = [ip: string, vendor?: string, region?: string];
const entries = (list: Entry[]) =>
  list.map(([originIp, vendor = "aws", region = "us-east-1"]) => ({ originIp, vendor, region }));
const setOf = (list: Entry[], extra: Props = {}): Props => ({ zoneId: zone, mappings: entries(list), ...extra });
const ips = (n: number, prefix = "10.4.0.") => Array.from({ length: n }, (_, i): Entry => [`${prefix}${i + 1}`]);
const routes = () => hosted.fake.requests.filter((r) => r.zoneId === zone).map((r) => r.route);
const held = () =>
  hosted.fake
    .mappings(zone)
    .map((m) => `${m.origin_ip} ${m.vendor}/${m.region}`)
    .sort();
const keyed = (outputs: Props) =>
  Object.entries(outputs.mappings as Record<string, { vendor: string; region: string }>)
    .map(([ip, m]) => `${ip} ${m.vendor}/${m.region}`)
    .sort();
const outOfBand = () =>
  new OriginCloudRegionsApi({ credentials: { apiToken: FAKE_TOKEN }, baseUrl: hosted.fake.baseUrl });
const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: RpcError) => e,
  );
const withoutBadRegions = () =>
  hosted.fake.injectFault("supportedRegions", { kind: "rateLimit", retryAfterSeconds: 3600 }, 5, { zoneId: zone });

test("the class registers the set's type token and its own shim, calling providerRuntimeV1.originCloudRegionSet", async () => {
  const { type, inputs } = await registerSet({
    zoneId: zone,
    mappings: entries([["192.0.2.1"]]) as OriginCloudRegionSetArgs["mappings"],
  });
  expect(type).toBe(SET_TYPE);
  expect(inputs.__provider).toContain("providerRuntimeV1.originCloudRegionSet");
  expect(inputs).toMatchObject({ adopt: false });
});

describe("check: mappings keyed by canonical IP, so a preview names each IP", () => {
  test("the checked inputs hold one key per IP; adding an IP adds one key and changes no other", async () => {
    const first = await engine.previewStep("s", setOf([["2001:DB8::1"], ["192.0.2.1", "gcp", "us-central1"]]));
    expect(first.new.inputs.mappings).toEqual({
      "2001:db8::1": { vendor: "aws", region: "us-east-1" },
      "192.0.2.1": { vendor: "gcp", region: "us-central1" },
    });
    await engine.up("s", setOf([["2001:DB8::1"], ["192.0.2.1", "gcp", "us-central1"]]));
    const step = await engine.previewStep(
      "s",
      setOf([["198.51.100.1"], ["2001:DB8::1"], ["192.0.2.1", "gcp", "us-central1"]]),
    );
    expect(step.op).toBe("update");
    const before = step.old!.inputs.mappings as Props;
    const after = step.new.inputs.mappings as Props;
    expect(Object.keys(after).filter((ip) => JSON.stringify(after[ip]) !== JSON.stringify(before[ip]))).toEqual([
      "198.51.100.1",
    ]);
    expect(Object.keys(before).filter((ip) => !(ip in after))).toEqual([]);
  });

  test("unknown values pass check; an entry with an unknown IP makes the map unknown", async () => {
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    expect((await engine.previewStep("s", { zoneId: UNKNOWN, mappings: UNKNOWN })).op).toBe("create");
    const step = await engine.previewStep("s", {
      zoneId: zone,
      mappings: [
        { originIp: UNKNOWN, vendor: "aws", region: "us-east-1" },
        { originIp: "192.0.2.1", vendor: UNKNOWN, region: UNKNOWN },
      ],
    });
    expect(step.new.inputs.mappings).toBe(UNKNOWN);
  });

  test("more than 3,500 entries is a check failure; 3,500 is not", async () => {
    const many = (n: number) => ({
      zoneId: zone,
      mappings: Array.from({ length: n }, (_, i) => ({
        originIp: `10.${i >> 8}.${i & 255}.1`,
        vendor: "aws",
        region: "us-east-1",
      })),
    });
    const failure = (await engine.preview("s", many(3501)).catch((e: CheckFailedError) => e)) as CheckFailedError;
    expect(failure.failures).toEqual([
      {
        property: "mappings",
        reason: expect.stringMatching(/^mappings has 3501 entries: a zone holds at most 3500 mappings/),
      },
    ]);
    expect(await engine.preview("s", many(3500))).toBe("create");
  });

  test("failures name the entry's index and IP; a duplicate IP names both indexes", async () => {
    const failure = (await engine
      .preview(
        "s",
        setOf([
          ["192.0.2.1"],
          ["192.0.2.2", "aws", "mars-north-1"],
          ["192.0.2.01"],
          ["2001:db8::1"],
          ["2001:DB8:0::1"],
        ]),
      )
      .catch((e: CheckFailedError) => e)) as CheckFailedError;
    expect(failure.failures.map((f) => f.property)).toEqual(["mappings[2].originIp", "mappings[4].originIp"]);
    expect(failure.failures[0].reason).toMatch(
      /^mappings\[2\] \("192\.0\.2\.01"\): originIp "192\.0\.2\.01" is not a valid IP address/,
    );
    expect(failure.failures[1].reason).toBe(
      'mappings[3] ("2001:db8::1"), mappings[4] ("2001:DB8:0::1") are one IP, 2001:db8::1: declare each origin IP once (IPs are compared in canonical form)',
    );
    // Once the rest is fine, the regions are verified with one supported_regions lookup.
    const region = (await engine
      .preview("s", setOf([["192.0.2.1"], ["192.0.2.2", "aws", "mars-north-1"]]))
      .catch((e: CheckFailedError) => e)) as CheckFailedError;
    expect(region.failures).toEqual([
      {
        property: "mappings[1].region",
        reason: expect.stringMatching(
          /^mappings\[1\] \("192\.0\.2\.2"\): region "mars-north-1" is not a supported aws region/,
        ),
      },
    ]);
    expect(routes()).toEqual(["supportedRegions"]);
  });
});

describe("diff by canonical IP", () => {
  beforeEach(async () => {
    await engine.up("s", setOf([["192.0.2.1"], ["2001:db8::1", "gcp", "us-central1"]]));
  });

  test.each<[string, string, () => Props]>([
    ["the same mappings in another order", "same", () => setOf([["2001:db8::1", "gcp", "us-central1"], ["192.0.2.1"]])],
    ["a respelled IP", "same", () => setOf([["192.0.2.1"], ["2001:DB8:0::1", "gcp", "us-central1"]])],
    ["adopt alone", "same", () => setOf([["192.0.2.1"], ["2001:db8::1", "gcp", "us-central1"]], { adopt: true })],
    ["an added entry", "update", () => setOf([["192.0.2.1"], ["2001:db8::1", "gcp", "us-central1"], ["192.0.2.3"]])],
    [
      "a changed region",
      "update",
      () =>
        setOf([
          ["192.0.2.1", "aws", "us-west-2"],
          ["2001:db8::1", "gcp", "us-central1"],
        ]),
    ],
    ["a removed entry", "update", () => setOf([["192.0.2.1"]])],
    [
      "another zone",
      "replace",
      () => ({ ...setOf([["192.0.2.1"], ["2001:db8::1", "gcp", "us-central1"]]), zoneId: "f".repeat(32) }),
    ],
  ])("%s: %s", async (_what, op, program) => {
    expect(await engine.preview("s", program())).toBe(op);
  });
});

describe("create", () => {
  test("up to 100 entries: one listing page and one batch PUT; outputs keyed by IP", async () => {
    await engine.up("s", setOf(ips(100)));
    expect(routes()).toEqual(["supportedRegions", "list", "batchPut"]);
    expect(held()).toHaveLength(100);
    const entry = engine.state.get("s")!;
    expect(entry.id).toBe(zone);
    expect(keyed(entry.outputs)).toEqual(held());
    expect(entry.outputs).toMatchObject({
      zoneId: zone,
      adopt: false,
      claimId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  test("250 entries: batch PUTs of at most 100", async () => {
    await engine.up("s", setOf(ips(250)));
    expect(routes()).toEqual(["supportedRegions", "list", "batchPut", "batchPut", "batchPut"]);
    expect(hosted.fake.requests.filter((r) => r.route === "batchPut").map((r) => (r.body as unknown[]).length)).toEqual(
      [100, 100, 50],
    );
    expect(held()).toHaveLength(250);
  });

  test("an existing unmanaged IP is refused and untouched, nothing is written; adopt: true takes it over", async () => {
    hosted.fake.seed(zone, [
      { origin_ip: "192.0.2.2", vendor: "gcp", region: "us-central1", modified_on: "2026-01-02T03:04:05Z" },
    ]);
    const error = await failureOf(engine.up("s", setOf([["192.0.2.1"], ["192.0.2.2"]])));
    expect(error?.details).toMatch(
      /failed, and nothing was written: the zone already maps 192\.0\.2\.2 \(gcp\/us-central1\), and they were left untouched\. To manage them with this set, set `adopt: true`/,
    );
    expect(hosted.fake.mappings(zone)).toEqual([
      { origin_ip: "192.0.2.2", vendor: "gcp", region: "us-central1", modified_on: "2026-01-02T03:04:05Z" },
    ]);
    expect(engine.state.has("s")).toBe(false);

    await engine.up("s", setOf([["192.0.2.1"], ["192.0.2.2"]], { adopt: true }));
    expect(held()).toEqual(["192.0.2.1 aws/us-east-1", "192.0.2.2 aws/us-east-1"]);
    expect(keyed(engine.state.get("s")!.outputs)).toEqual(held());
  });

  test("adopting mappings that already match costs one listing, no write", async () => {
    hosted.fake.seed(zone, [{ origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" }]);
    await engine.up("s", setOf([["192.0.2.1"]], { adopt: true }));
    expect(routes()).toEqual(["supportedRegions", "list"]);
  });
});

describe("update", () => {
  test("added and changed entries in one batch PUT, removed ones in one batch DELETE; unchanged entries are not sent", async () => {
    await engine.up("s", setOf([["192.0.2.1"], ["192.0.2.2"], ["192.0.2.3"]]));
    hosted.fake.resetRequests();
    expect(
      await engine.up(
        "s",
        setOf([["192.0.2.1"], ["192.0.2.2", "aws", "us-west-2"], ["192.0.2.4", "gcp", "us-central1"]]),
      ),
    ).toBe("update");
    expect(routes()).toEqual(["supportedRegions", "list", "batchDelete", "batchPut"]); // the update's own host looks the regions up
    const bodies = Object.fromEntries(
      hosted.fake.requests.filter((r) => r.method !== "GET").map((r) => [r.route, r.body]),
    );
    expect(bodies.batchDelete).toEqual(["192.0.2.3"]);
    expect(bodies.batchPut).toEqual([
      { origin_ip: "192.0.2.2", vendor: "aws", region: "us-west-2" },
      { origin_ip: "192.0.2.4", vendor: "gcp", region: "us-central1" },
    ]);
    expect(held()).toEqual(["192.0.2.1 aws/us-east-1", "192.0.2.2 aws/us-west-2", "192.0.2.4 gcp/us-central1"]);
    expect(keyed(engine.state.get("s")!.outputs)).toEqual(held());
  });

  test("a change without added entries lists the zone once too: what it writes nothing for rests on a read", async () => {
    await engine.up("s", setOf([["192.0.2.1"], ["192.0.2.2"]]));
    hosted.fake.resetRequests();
    await engine.up("s", setOf([["192.0.2.1", "aws", "us-west-2"]]));
    expect(routes()).toEqual(["supportedRegions", "list", "batchDelete", "batchPut"]); // the regions lookup of the update's host
  });

  test("an added IP that the zone already maps is refused unless adopt: true", async () => {
    await engine.up("s", setOf([["192.0.2.1"]]));
    hosted.fake.seed(zone, [{ origin_ip: "192.0.2.9", vendor: "oci", region: "us-ashburn-1" }]);
    const error = await failureOf(engine.up("s", setOf([["192.0.2.1", "aws", "us-west-2"], ["192.0.2.9"]])));
    expect(error?.details).toContain(
      "the zone already maps 192.0.2.9 (oci/us-ashburn-1), and they were left untouched",
    );
    expect(held()).toEqual(["192.0.2.1 aws/us-east-1", "192.0.2.9 oci/us-ashburn-1"]);
  });
});

describe("partial failure: state records exactly the mappings that exist", () => {
  test("create: items Cloudflare refuses (1157) end in the partial-state error, naming each IP; the next up finishes", async () => {
    withoutBadRegions(); // supported_regions unavailable: check only warns, Cloudflare refuses the bad regions
    const program = setOf([
      ["192.0.2.1"],
      ["192.0.2.2", "aws", "mars-north-1"],
      ["192.0.2.3"],
      ["192.0.2.4", "aws", "venus-east-2"],
    ]);
    const error = await failureOf(engine.up("s", program));
    expect(error?.initFailed?.id).toBe(zone);
    expect(keyed(error!.initFailed!.properties)).toEqual(held());
    expect(held()).toEqual(["192.0.2.1 aws/us-east-1", "192.0.2.3 aws/us-east-1"]);
    expect(error?.details).toMatch(
      /^creating origin cloud region set of 4 mappings in zone [0-9a-f]{32} failed for 2 of 4 mappings:\n {2}- putting 192\.0\.2\.2 \(aws\/mars-north-1\) failed: Cloudflare error 1157: .*\[HTTP 400\]\. Fix: .*\n {2}- putting 192\.0\.2\.4 \(aws\/venus-east-2\) failed: Cloudflare error 1157: .*\nState records exactly the set's mappings that exist now/,
    );
    expect(engine.state.get("s")!.initErrors).toHaveLength(1);

    hosted.fake.resetRequests();
    expect(await engine.up("s", setOf([["192.0.2.1"], ["192.0.2.2"], ["192.0.2.3"], ["192.0.2.4"]]))).toBe("update");
    expect(hosted.fake.requests.filter((r) => r.route === "batchPut").map((r) => r.body)).toEqual([
      [
        { origin_ip: "192.0.2.2", vendor: "aws", region: "us-east-1" },
        { origin_ip: "192.0.2.4", vendor: "aws", region: "us-east-1" },
      ],
    ]);
    expect(held()).toHaveLength(4);
  });

  test("update: refused items keep their old values in state", async () => {
    withoutBadRegions();
    await engine.up("s", setOf([["192.0.2.1"], ["192.0.2.2"], ["192.0.2.3"]]));
    const declared: Declared[] = [
      {
        name: "s",
        inputs: setOf([
          ["192.0.2.1", "aws", "us-west-2"],
          ["192.0.2.2", "aws", "mars-north-1"],
          ["192.0.2.5", "aws", "mars-north-1"],
        ]),
      },
    ];
    const result = await engine.deploy(declared);
    const error = result.errors.s as RpcError;
    expect(error.initFailed?.id).toBe(zone);
    expect(held()).toEqual(["192.0.2.1 aws/us-west-2", "192.0.2.2 aws/us-east-1"]);
    expect(keyed(error.initFailed!.properties)).toEqual(held());
    expect(error.details).toMatch(
      /\(1 added, 2 changed, 1 removed\) failed for 2 of 4 mappings:\n {2}- putting 192\.0\.2\.2 \(aws\/mars-north-1\) failed: Cloudflare error 1157.*\n {2}- putting 192\.0\.2\.5 \(aws\/mars-north-1\) failed: Cloudflare error 1157/,
    );
  });

  test("room for 50 of 150 additions (the zone's cap, 1164): 50 are written, the other 100 fail by name, state holds the 50", async () => {
    hosted.fake.seed(
      zone,
      Array.from({ length: 3450 }, (_, i) => ({
        origin_ip: `10.${100 + (i >> 8)}.${i & 255}.1`,
        vendor: "aws",
        region: "us-east-1",
      })),
    );
    const error = await failureOf(engine.up("s", setOf(ips(150))));
    const [, refused] =
      /failed for 100 of 150 mappings:\n {2}- putting (10\.4\.0\.\d+) \(aws\/us-east-1\) failed: Cloudflare error 1164/.exec(
        error?.details ?? "",
      ) ?? [];
    expect(refused).toBeDefined();
    expect(error?.details).toContain(`was not sent: the zone is full (Cloudflare error 1164 for ${refused})\n`);
    expect(error?.details).toMatch(/\n {2}- and 50 more\nState records exactly the set's mappings that exist now/);
    // The first batch refused whole, then one at a time until the zone was full; nothing more was sent.
    expect(routes().filter((r) => r === "batchPut")).toHaveLength(52);
    expect(hosted.fake.mappings(zone)).toHaveLength(3500);
    const written = held().filter((m) => m.startsWith("10.4.0."));
    expect(written).toHaveLength(50);
    expect(keyed(error!.initFailed!.properties)).toEqual(written);
  });

  test("a batch whose answer was lost is settled with one listing", async () => {
    const lossy = hosted.engine({
      type: SET_TYPE,
      providerText: setText,
      host: { config: { "originCloudRegions:maxAttempts": "1" } },
    });
    hosted.fake.injectFault("batchPut", { kind: "reset", applied: true }, 1, { zoneId: zone });
    await lossy.up("s", setOf([["192.0.2.1"], ["192.0.2.2"]]));
    expect(routes()).toEqual(["supportedRegions", "list", "batchPut", "list"]);
    expect(keyed(lossy.state.get("s")!.outputs)).toEqual(held());
    expect(held()).toHaveLength(2);
  });
});

describe("refresh, destroy and get", () => {
  test("refresh shows drift per entry; a mapping deleted out of band leaves the set; none left: the set is gone", async () => {
    await engine.up("s", setOf([["192.0.2.1"], ["192.0.2.2"], ["192.0.2.3"]]));
    hosted.fake.resetRequests();
    expect(await engine.refresh("s")).toEqual({ op: "refresh", drift: "none" });
    expect(routes()).toEqual(["list"]);
    hosted.fake.seed(zone, [{ origin_ip: "192.0.2.2", vendor: "gcp", region: "us-central1" }]);
    await outOfBand().delete(zone, "192.0.2.3");
    expect(await engine.refresh("s")).toEqual({ op: "refresh", drift: "some" });
    expect(engine.state.get("s")!.outputs.mappings).toEqual({
      "192.0.2.1": { vendor: "aws", region: "us-east-1" },
      "192.0.2.2": { vendor: "gcp", region: "us-central1" },
    });
    // The next up puts the drifted and deleted entries back, and only them.
    hosted.fake.resetRequests();
    expect(await engine.up("s", setOf([["192.0.2.1"], ["192.0.2.2"], ["192.0.2.3"]]))).toBe("update");
    expect(
      hosted.fake.requests
        .filter((r) => r.route === "batchPut")
        .map((r) => (r.body as { origin_ip: string }[]).map((m) => m.origin_ip).sort()),
    ).toEqual([["192.0.2.2", "192.0.2.3"]]);
    for (const ip of ["192.0.2.1", "192.0.2.2", "192.0.2.3"]) await outOfBand().delete(zone, ip);
    expect(await engine.refresh("s")).toEqual({ op: "delete" });
  });

  test("destroy: batch DELETEs of the set's mappings only (one already gone is fine)", async () => {
    hosted.fake.seed(zone, [{ origin_ip: "198.51.100.7", vendor: "oci", region: "us-ashburn-1" }]);
    await engine.up("s", setOf(ips(120)));
    await outOfBand().delete(zone, "10.4.0.5");
    hosted.fake.resetRequests();
    await engine.destroy("s");
    expect(routes()).toEqual(["batchDelete", "batchDelete"]);
    expect(held()).toEqual(["198.51.100.7 oci/us-ashburn-1"]);
  });

  // `get` needs a host from @pulumi/pulumi 3.268 or later; the version matrix (tests/package) runs this on one.
  testNeedingGet("get reads all of a zone's mappings by zone id", async () => {
    hosted.fake.seed(zone, [
      { origin_ip: "2001:db8::1", vendor: "gcp", region: "us-central1" },
      { origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" },
    ]);
    const got = await engine.get("x", zone);
    expect(got.id).toBe(zone);
    expect(keyed(got.outputs)).toEqual(held());
  });
});

describe("moving mappings between OriginCloudRegion resources and a set, deleting nothing", () => {
  const singles = (list: string[]): Declared[] =>
    list.map((ip, i) => ({
      name: `m${i}`,
      inputs: { zoneId: zone, originIp: ip, vendor: "aws", region: "us-east-1" },
    }));
  /** The stack's OriginCloudRegion resources: an engine of their own, sharing the set's hosts within a command. */
  let single: MiniEngine;
  beforeEach(() => {
    single = engine.forType(SINGLE_TYPE, hosted.providerText);
  });

  test("with retainOnDelete on the old resources: add the set with adopt: true, then remove them", async () => {
    await single.deploy(singles(["192.0.2.1", "192.0.2.2"]));
    // The next `pulumi up`, a host of its own.
    expect(
      await engine.deploy([{ name: "s", inputs: setOf([["192.0.2.1"], ["192.0.2.2"]], { adopt: true }) }]),
    ).toEqual({ ops: { s: "create" }, errors: {} });
    // retainOnDelete: true, then removed from the program: the engine drops their state and sends no Delete.
    expect(held()).toEqual(["192.0.2.1 aws/us-east-1", "192.0.2.2 aws/us-east-1"]);
    expect(hosted.fake.requests.filter((r) => r.method !== "GET" && r.zoneId === zone).map((r) => r.route)).toEqual([
      "batchPut",
    ]); // the singles' creates
  });

  test("in one deployment without retainOnDelete: the old resources' deletes leave the set's mappings in place", async () => {
    await single.deploy(singles(["192.0.2.1", "192.0.2.2"]));
    const before = engine.output.length;
    // One `pulumi up`: the set's create runs first; the deletes of the resources the program dropped come at the end.
    await engine.command(async () => {
      expect(
        await engine.deploy([{ name: "s", inputs: setOf([["192.0.2.1"], ["192.0.2.2"]], { adopt: true }) }]),
      ).toEqual({ ops: { s: "create" }, errors: {} });
      expect(await single.deploy([])).toEqual({ ops: { m0: "delete", m1: "delete" }, errors: {} });
    });
    await engine.waitForOutput(
      /origin cloud region mapping 192\.0\.2\.\d in zone [0-9a-f]{32} was not deleted: another resource in this deployment manages it \(it adopted/,
      before,
    );
    expect(held()).toEqual(["192.0.2.1 aws/us-east-1", "192.0.2.2 aws/us-east-1"]);
    expect(engine.state.get("s")!.outputs.mappings).toEqual({
      "192.0.2.1": { vendor: "aws", region: "us-east-1" },
      "192.0.2.2": { vendor: "aws", region: "us-east-1" },
    });
  });

  test("back to single resources: retainOnDelete on the set, then OriginCloudRegions with adopt: true and the set removed", async () => {
    await engine.up("s", setOf([["192.0.2.1"], ["192.0.2.2"]]));
    // The set had retainOnDelete: true, so removing it only drops its state; the next `up` is a host of its own.
    hosted.fake.resetRequests();
    const adopting = singles(["192.0.2.1", "192.0.2.2"]).map((r) => ({ ...r, inputs: { ...r.inputs, adopt: true } }));
    expect(await single.deploy(adopting)).toEqual({ ops: { m0: "create", m1: "create" }, errors: {} });
    // Adopting mappings that already hold these values writes nothing.
    expect(routes().filter((r) => r !== "supportedRegions" && r !== "get" && r !== "list")).toEqual([]);
    expect(held()).toEqual(["192.0.2.1 aws/us-east-1", "192.0.2.2 aws/us-east-1"]);
  });

  test("a set and an OriginCloudRegion declaring one IP in one deployment: the second fails, naming it", async () => {
    await single.deploy(singles(["192.0.2.1"]));
    const error = await engine.command(async () => {
      await single.deploy(singles(["192.0.2.1"])); // its diff holds the mapping for this deployment
      return failureOf(engine.up("s", setOf([["192.0.2.1"], ["192.0.2.2"]], { adopt: true })));
    });
    expect(error?.details).toMatch(
      /failed, and nothing was written: 192\.0\.2\.1: another resource in this deployment manages it/,
    );
    expect(held()).toEqual(["192.0.2.1 aws/us-east-1"]);
  });
});
