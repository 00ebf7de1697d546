// A 2xx answer is not proof of what happened (issue 15): writes answered `success: true` with a result that does not
// say, for exactly the requested IP, what Cloudflare now holds, through the real provider host. After every scenario
// what Cloudflare holds equals what state holds, outputs carry the requested canonical IP, and the next deployment of
// the unchanged program (a new host, as each `pulumi` command is its own process) is no change.
import { FAKE_TOKEN, FakeCloudflare, type Fault, type Route } from "../fake/server";
import { MiniEngine, type Declared } from "../harness/engine";
import { ProviderHost, type Props, type RpcError } from "../harness/providerHost";
import { serializedProviderText } from "../harness/serializedProvider";

const TYPE = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion";
let zoneCounter = 0;
const newZone = () => (0xe000 + ++zoneCounter).toString(16).padStart(32, "0");

let fake: FakeCloudflare;
let providerText: string;
const hosts: ProviderHost[] = [];
let zone: string;

type Batching = "batching on" | "batching off";

/** A provider host as one `pulumi` command starts it: one per deployment. */
async function deployment(batching: Batching = "batching on"): Promise<MiniEngine> {
  const config: Record<string, string> = { "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake.baseUrl };
  if (batching === "batching off") config["originCloudRegions:batching"] = "false";
  const host = await ProviderHost.start({ config });
  hosts.push(host);
  return new MiniEngine(host, TYPE, providerText);
}

/** The next deployment of the same stack: a new host, the state carried over. */
async function nextDeployment(previous: MiniEngine, batching: Batching = "batching on"): Promise<MiniEngine> {
  const engine = await deployment(batching);
  for (const [name, entry] of previous.state) engine.state.set(name, entry);
  return engine;
}

beforeAll(async () => {
  fake = await FakeCloudflare.start();
  providerText = await serializedProviderText();
});
afterAll(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
  await fake?.stop();
});
beforeEach(() => {
  zone = newZone();
  fake.resetRequests();
});

const mapping = (originIp: string, vendor = "aws", region = "us-east-1", extra: Props = {}) => ({ zoneId: zone, originIp, vendor, region, ...extra });
const message = (e: unknown) => (e as RpcError).details ?? (e as Error).message;
const failureOf = (p: Promise<unknown>) => p.then((op) => new Error(`expected a failure, got ${JSON.stringify(op)}`), (e: Error) => e);
const answer = (route: Route, result: unknown, applied = true) => fake.injectFault(route, { kind: "successResult", result, applied } as Fault, 1, { zoneId: zone });

/** What the fake holds, as `ip vendor/region` lines. */
const held = () => fake.mappings(zone).map((m) => `${m.origin_ip} ${m.vendor}/${m.region}`).sort();
/** What state says exists, in the same form, each resource's id checked against its outputs' IP. */
const inState = (engine: MiniEngine) =>
  [...engine.state.values()].map((e) => {
    expect(e.id).toBe(`${zone}/${String(e.outputs.originIp)}`);
    return `${e.outputs.originIp} ${e.outputs.vendor}/${e.outputs.region}`;
  }).sort();

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
    ["a result for the IP with another vendor/region", { ...OTHER, origin_ip: "198.51.100.2", vendor: "gcp", region: "us-central1" }],
  ])("create: PUT applied, answered 200 with %s: created, outputs name the requested IP, next up is no change", async (_what, result) => {
    const engine = await deployment(batching);
    answer("put", result);
    const program = [{ name: "m", inputs: mapping("198.51.100.2") }];
    expect(await engine.deploy(program)).toEqual({ ops: { m: "create" }, errors: {} });
    expect(held()).toEqual(["198.51.100.2 aws/us-east-1"]);
    expect(inState(engine)).toEqual(held());
    await nextIsNoChange(engine, program, batching);
  });

  test("create: PUT not applied, answered 200 with a result for another IP: a failure, nothing in state or Cloudflare", async () => {
    const engine = await deployment(batching);
    answer("put", OTHER, false);
    const error = await failureOf(engine.up("m", mapping("198.51.100.2")));
    expect(message(error)).toMatch(/^creating origin cloud region mapping 198\.51\.100\.2 in zone [0-9a-f]{32} failed: .*not applied/);
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
    expect(message(error)).toMatch(/^deleting origin cloud region mapping 198\.51\.100\.2 in zone [0-9a-f]{32} failed: .*not applied/);
    expect(held()).toEqual(["198.51.100.2 aws/us-east-1"]);
    expect(inState(engine)).toEqual(held());
  });
});
