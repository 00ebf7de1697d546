// A 2xx answer is not proof of what happened (issue 15): writes answered `success: true` with a result that does not
// say, for exactly the requested IP, what Cloudflare now holds, through the real provider host. After every scenario
// what Cloudflare holds equals what state holds, outputs carry the requested canonical IP, and the next deployment of
// the unchanged program (a new host, as each `pulumi` command is its own process) is no change.
import { OriginCloudRegionsApi } from "../../provider/api";
import { FAKE_TOKEN, type Fault, type Route } from "../fake/server";
import type { Declared, MiniEngine } from "../harness/engine";
import type { Props } from "../harness/providerHost";
import { heldIn, messageOf, useFreshZone, useHostedFake } from "../harness/hostedFake";
import { serializedSetProviderText } from "../harness/serializedProvider";

const hosted = useHostedFake();
const zone = useFreshZone(hosted, 0xe000);

type Batching = "batching on" | "batching off";

/** A new stack: each of its commands runs in a provider host of its own (tests/harness/engine.ts). */
async function deployment(batching: Batching = "batching on"): Promise<MiniEngine> {
  return hosted.engine(
    batching === "batching off" ? { host: { config: { "originCloudRegions:batching": "false" } } } : {},
  );
}

/** The same stack with `batching` configured: its next command is a new host, the state carried over. */
async function nextDeployment(previous: MiniEngine, batching: Batching = "batching on"): Promise<MiniEngine> {
  return (await deployment(batching)).takeState(previous);
}

const mapping = (originIp: string, vendor = "aws", region = "us-east-1", extra: Props = {}) => ({
  zoneId: zone.id,
  originIp,
  vendor,
  region,
  ...extra,
});
const message = messageOf;
const failureOf = (p: Promise<unknown>) =>
  p.then(
    (op) => new Error(`expected a failure, got ${JSON.stringify(op)}`),
    (e: Error) => e,
  );
const answer = (route: Route, result: unknown, applied = true) =>
  hosted.fake.injectFault(route, { kind: "successResult", result, applied } as Fault, 1, { zoneId: zone.id });

/** What the fake holds, as `ip vendor/region` lines. */
const held = () => heldIn(hosted.fake, zone.id);
/** What state says exists, in the same form, each resource's id checked against its outputs' IP. */
const inState = (engine: MiniEngine) =>
  [...engine.state.values()]
    .map((e) => {
      expect(e.id).toBe(`${zone.id}/${String(e.outputs.originIp)}`);
      return `${e.outputs.originIp} ${e.outputs.vendor}/${e.outputs.region}`;
    })
    .sort();

/** The next deployment of the unchanged program changes nothing. */
async function nextIsNoChange(engine: MiniEngine, program: Declared[], batching: Batching): Promise<void> {
  const next = await nextDeployment(engine, batching);
  const result = await next.deploy(program);
  expect(result.errors).toEqual({});
  expect(Object.values(result.ops)).toEqual(program.map(() => "same"));
}

const OTHER = { origin_ip: "203.0.113.99", vendor: "aws", region: "us-east-1", modified_on: "2026-03-01T12:00:00Z" };

describe.each(["batching on", "batching off"] as const)("single calls (%s)", (batching) => {
  test.each([
    ["result null", null],
    ["a result for another IP", OTHER],
    [
      "a result for the IP with another vendor/region",
      { ...OTHER, origin_ip: "198.51.100.2", vendor: "gcp", region: "us-central1" },
    ],
  ])(
    "create: PUT applied, answered 200 with %s: created, outputs name the requested IP, next up is no change",
    async (_what, result) => {
      const engine = await deployment(batching);
      answer("put", result);
      const program = [{ name: "m", inputs: mapping("198.51.100.2") }];
      expect(await engine.deploy(program)).toEqual({ ops: { m: "create" }, errors: {} });
      expect(held()).toEqual(["198.51.100.2 aws/us-east-1"]);
      expect(inState(engine)).toEqual(held());
      await nextIsNoChange(engine, program, batching);
    },
  );

  test("create: PUT not applied, answered 200 with a result for another IP: a failure, nothing in state or Cloudflare", async () => {
    const engine = await deployment(batching);
    answer("put", OTHER, false);
    const error = await failureOf(engine.up("m", mapping("198.51.100.2")));
    expect(message(error)).toMatch(
      /^creating origin cloud region mapping 198\.51\.100\.2 in zone [0-9a-f]{32} failed: .*not applied/,
    );
    expect(held()).toEqual([]);
    expect(inState(engine)).toEqual([]);
  });

  test("update: PUT applied, answered 200 with result null: updated, next up is no change", async () => {
    const engine = await deployment(batching);
    await engine.up("m", mapping("2001:db8::2"));
    answer("put", null);
    expect(await engine.up("m", mapping("2001:DB8:0::2", "aws", "us-west-2"))).toBe("update");
    expect(held()).toEqual(["2001:db8::2 aws/us-west-2"]);
    expect(inState(engine)).toEqual(held());
    await nextIsNoChange(engine, [{ name: "m", inputs: mapping("2001:db8::2", "aws", "us-west-2") }], batching);
  });

  test.each([
    ["result null", null],
    ["an empty object", {}],
  ])("delete: DELETE applied, answered 200 with %s: deleted, nothing left", async (_what, result) => {
    const engine = await deployment(batching);
    await engine.up("m", mapping("198.51.100.2"));
    answer("delete", result);
    await engine.destroy("m");
    expect(held()).toEqual([]);
    expect(inState(engine)).toEqual([]);
  });

  test("delete: DELETE not applied, answered 200 about another IP: a failure, the mapping stays in state and Cloudflare", async () => {
    const engine = await deployment(batching);
    await engine.up("m", mapping("198.51.100.2"));
    answer("delete", { origin_ip: "203.0.113.99" }, false);
    const error = await failureOf(engine.destroy("m"));
    expect(message(error)).toMatch(
      /^deleting origin cloud region mapping 198\.51\.100\.2 in zone [0-9a-f]{32} failed: .*not applied/,
    );
    expect(held()).toEqual(["198.51.100.2 aws/us-east-1"]);
    expect(inState(engine)).toEqual(held());
  });
});

describe("batch calls (batching on): ten operations at once", () => {
  const ips = Array.from({ length: 10 }, (_, i) => `198.51.100.${i + 1}`);
  const program = (): Declared[] => ips.map((ip, i) => ({ name: `m${i}`, inputs: mapping(ip) }));
  const routes = () => hosted.fake.requests.filter((r) => r.zoneId === zone.id).map((r) => r.route);
  const allHeld = ips.map((ip) => `${ip} aws/us-east-1`).sort();

  test.each([
    ["{} (no succeeded/failed)", {}],
    [
      "every item in another vendor/region",
      { succeeded: ips.map((ip) => ({ origin_ip: ip, vendor: "gcp", region: "us-central1" })), failed: [] },
    ],
    ["only another IP", { succeeded: [OTHER], failed: [] }],
  ])(
    "create: batch PUT applied, answered 200 with %s: settled by one listing, all created, next up is no change",
    async (_what, result) => {
      const engine = await deployment();
      answer("batchPut", result);
      const created = await engine.deploy(program(), { parallel: 64 });
      expect(created).toEqual({ ops: Object.fromEntries(ips.map((_, i) => [`m${i}`, "create"])), errors: {} });
      expect(routes()).toContain("list"); // the settling listing
      expect(routes()).not.toContain("put"); // no item was written again alone
      expect(held()).toEqual(allHeld);
      expect(inState(engine)).toEqual(held());
      await nextIsNoChange(engine, program(), "batching on");
    },
  );

  test.each([
    ["{} (no succeeded/failed)", {}],
    ["only another IP", { succeeded: [{ origin_ip: "203.0.113.99", vendor: "aws", region: "us-east-1" }], failed: [] }],
  ])(
    "delete: batch DELETE applied, answered 200 with %s: settled by one listing, all deleted, no 'already deleted'",
    async (_what, result) => {
      const engine = await deployment();
      expect((await engine.deploy(program(), { parallel: 64 })).errors).toEqual({});
      const from = engine.output.length;
      answer("batchDelete", result);
      expect((await engine.deploy([], { parallel: 64 })).errors).toEqual({});
      expect(held()).toEqual([]);
      expect(inState(engine)).toEqual([]);
      expect(engine.output.slice(from).join("\n")).not.toContain("already deleted");
    },
  );
});

test("the set: batch PUT applied, answered 200 with {}: settled by its listing, the set holds what Cloudflare holds", async () => {
  const engine = (await deployment()).forType(
    "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegionSet",
    await serializedSetProviderText(),
  );
  answer("batchPut", {});
  await engine.up("s", {
    zoneId: zone.id,
    mappings: [
      { originIp: "198.51.100.1", vendor: "aws", region: "us-east-1" },
      { originIp: "2001:DB8::1", vendor: "gcp", region: "us-central1" },
    ],
  });
  expect(held()).toEqual(["198.51.100.1 aws/us-east-1", "2001:db8::1 gcp/us-central1"]);
  const mappings = engine.state.get("s")!.outputs.mappings as Record<string, { vendor: string; region: string }>;
  expect(
    Object.entries(mappings)
      .map(([ip, m]) => `${ip} ${m.vendor}/${m.region}`)
      .sort(),
  ).toEqual(held());
});

describe("a decision to write nothing rests on a read begun after the operation began (batching on)", () => {
  const others = (): Declared[] =>
    Array.from({ length: 10 }, (_, i) => ({ name: `o${i}`, inputs: mapping(`10.7.0.${i + 1}`) }));
  const outOfBand = () =>
    new OriginCloudRegionsApi({ credentials: { apiToken: FAKE_TOKEN }, baseUrl: hosted.fake.baseUrl });

  test("adopt: true create of a mapping deleted out of band after this deployment listed the zone: Cloudflare holds it after", async () => {
    hosted.fake.seed(zone.id, [{ origin_ip: "198.51.100.50", vendor: "aws", region: "us-east-1" }]);
    const engine = await deployment();
    // One command: the others' existence checks list the zone, then the adopting create runs in the same host.
    await engine.command(async () => {
      expect((await engine.deploy(others(), { parallel: 64 })).errors).toEqual({});
      expect(hosted.fake.requests.filter((r) => r.zoneId === zone.id).map((r) => r.route)).toContain("list");
      await outOfBand().delete(zone.id, "198.51.100.50"); // another pipeline, a person in the dashboard
      expect(await engine.up("adopted", mapping("198.51.100.50", "aws", "us-east-1", { adopt: true }))).toBe("create");
    });
    expect(held()).toContain("198.51.100.50 aws/us-east-1");
    expect(inState(engine)).toEqual(held());
  });

  test("ten adopting creates at once share one new listing, and write nothing where the mappings hold their values", async () => {
    const seeded = Array.from({ length: 10 }, (_, i) => ({
      origin_ip: `10.8.0.${i + 1}`,
      vendor: "aws",
      region: "us-east-1",
      modified_on: "2026-01-02T03:04:05Z",
    }));
    hosted.fake.seed(zone.id, seeded);
    const engine = await deployment();
    const adopting = seeded.map((m, i): Declared => ({
      name: `a${i}`,
      inputs: mapping(m.origin_ip, "aws", "us-east-1", { adopt: true }),
    }));
    await engine.command(async () => {
      expect((await engine.deploy(others(), { parallel: 64 })).errors).toEqual({}); // a listing this command took before
      hosted.fake.resetRequests();
      expect((await engine.deploy([...others(), ...adopting], { parallel: 64 })).errors).toEqual({});
    });
    const routes = hosted.fake.requests.filter((r) => r.zoneId === zone.id).map((r) => r.route);
    expect(routes.every((r) => r === "list" || r === "get")).toBe(true); // reads only
    expect(routes.length).toBeLessThan(10); // shared: not a GET per create (a straggler reaching the provider alone gets one)
    expect(routes).toContain("list");
    expect(hosted.fake.mappings(zone.id).filter((m) => m.modified_on === "2026-01-02T03:04:05Z")).toHaveLength(10);
    expect(inState(engine)).toEqual(held());
  });
});
