// Data safety at the edges, through the real provider host, one host per `pulumi` command: state written by 0.1.0
// (two resources on one mapping), forced replacement without `adopt`, and OriginCloudRegionSet at the zone's cap.
// After every scenario the fake's mappings are compared with what state says exists.
import * as fs from "fs";
import * as path from "path";
import { FAKE_TOKEN, FakeCloudflare } from "../fake/server";
import { MiniEngine, type StateEntry } from "../harness/engine";
import { ProviderHost, type Props, type RpcError } from "../harness/providerHost";
import { serializedProviderText } from "../harness/serializedProvider";

const TYPE = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion";
/** The `__provider` text that version 0.1.0 stored in state (never edited: it stands for stacks in the wild). */
const PROVIDER_0_1_0 = fs.readFileSync(path.join(__dirname, "..", "fixtures", "serialized-provider-0.1.0.js"), "utf8");
let zoneCounter = 0;
const newZone = () => (0xe000 + ++zoneCounter).toString(16).padStart(32, "0");

let fake: FakeCloudflare;
let providerText: string;
const hosts: ProviderHost[] = [];
let zone: string;

/** A provider host as one `pulumi` command starts it, with the state carried over from the previous command. */
async function command(previous?: MiniEngine): Promise<MiniEngine> {
  const host = await ProviderHost.start({ config: { "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake.baseUrl } });
  hosts.push(host);
  const engine = new MiniEngine(host, TYPE, providerText);
  for (const [name, entry] of previous?.state ?? []) engine.state.set(name, entry);
  engine.pendingDeletes.push(...(previous?.pendingDeletes ?? []));
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

/** Inputs as the resource class sends them: with the resource's name (`__name`). */
const mapping = (name: string, originIp: string, vendor = "aws", region = "us-east-1", extra: Props = {}) => ({
  name,
  inputs: { zoneId: zone, originIp, vendor, region, __name: name, ...extra },
});
const message = (e: unknown) => (e as RpcError).details ?? (e as Error).message;
const held = () => fake.mappings(zone).map((m) => `${m.origin_ip} ${m.vendor}/${m.region}`).sort();
const inState = (engine: MiniEngine) =>
  [...new Set([...engine.state.values()].map((e) => `${e.outputs.originIp} ${e.outputs.vendor}/${e.outputs.region}`))].sort();

describe("3. state written by 0.1.0: two resources on one mapping, neither with a claim", () => {
  /** State as 0.1.0 left it: both creates succeeded with one id; outputs without claimId; 0.1.0's shim text. */
  async function stateFrom010(): Promise<MiniEngine> {
    const writer = await command();
    await writer.deploy([mapping("a", "192.0.2.1")]);
    const written = writer.state.get("a")!;
    const as010 = (name: string): StateEntry => {
      const { claimId: _claim, ...outputs } = written.outputs;
      const { __name: _name, ...inputs } = written.inputs;
      return { urn: writer.urn(name), id: written.id, inputs: { ...inputs, __provider: PROVIDER_0_1_0 }, outputs: { ...outputs, __provider: PROVIDER_0_1_0 } };
    };
    writer.state.set("a", as010("a"));
    writer.state.set("b", as010("b"));
    return writer;
  }

  test("the first up after upgrading warns, naming both resources and the IP, with what to do", async () => {
    const up = await command(await stateFrom010());
    const before = up.host.output.length;
    const result = await up.deploy([mapping("a", "192.0.2.1"), mapping("b", "192.0.2.1")]);
    expect(result.errors).toEqual({});
    const warning = await up.host.waitForOutput(/192\.0\.2\.1/, before);
    expect(warning).toMatch(/^warning: origin cloud region mapping 192\.0\.2\.1 in zone [0-9a-f]{32} is managed by two resources/);
    expect(warning).toMatch(/"a"/);
    expect(warning).toMatch(/"b"/);
    expect(warning).toMatch(/remove one of them/);
    expect(held()).toEqual(["192.0.2.1 aws/us-east-1"]);
  });

  test("removing one of the two leaves the mapping to the other; the next up still finds it", async () => {
    const up = await command(await stateFrom010());
    const before = up.host.output.length;
    expect(await up.deploy([mapping("a", "192.0.2.1")])).toEqual({ ops: { a: "same", b: "delete" }, errors: {} });
    expect(held()).toEqual(["192.0.2.1 aws/us-east-1"]);
    await up.host.waitForOutput(/warning: origin cloud region mapping 192\.0\.2\.1 .* was not deleted: another resource in this deployment manages it/, before);
    const next = await command(up);
    expect(await next.deploy([mapping("a", "192.0.2.1")])).toEqual({ ops: { a: "same" }, errors: {} });
    expect(held()).toEqual(inState(next));
  });

  test("removing both deletes the mapping", async () => {
    const up = await command(await stateFrom010());
    expect((await up.deploy([])).errors).toEqual({});
    expect(held()).toEqual([]);
  });

  test("a lone 0.1.0 resource updates, is destroyed, and is no longer mistaken for another", async () => {
    const old = await stateFrom010();
    old.state.delete("b");
    const up = await command(old);
    expect(await up.deploy([mapping("a", "192.0.2.1", "aws", "us-west-2")])).toEqual({ ops: { a: "update" }, errors: {} });
    expect(held()).toEqual(["192.0.2.1 aws/us-west-2"]);
    const destroy = await command(up);
    await destroy.destroy("a");
    expect(held()).toEqual([]);
  });

  test("without names (a program that does not send them), a delete still never removes the other's mapping", async () => {
    const old = await stateFrom010();
    const up = await command(old);
    const { __name: _a, ...unnamed } = mapping("a", "192.0.2.1").inputs;
    expect(await up.deploy([{ name: "a", inputs: unnamed }])).toEqual({ ops: { a: "same", b: "delete" }, errors: {} });
    expect(held()).toEqual(["192.0.2.1 aws/us-east-1"]);
  });
});

describe("5. pulumi up --replace without adopt", () => {
  const forced = async (inputs: Props = {}, options: { replace?: string[] } = { replace: ["m"] }) => {
    const first = await command();
    await first.deploy([mapping("m", "192.0.2.1")]);
    const second = await command(first);
    const result = await second.deploy([mapping("m", "192.0.2.1", "aws", "us-west-2", inputs)], options);
    return { result, engine: second };
  };

  test("the resource's own mapping: replaced, exactly one mapping with the new values, and the next up is no change", async () => {
    const { result, engine } = await forced();
    expect(result).toEqual({ ops: { m: "replace" }, errors: {} });
    expect(held()).toEqual(["192.0.2.1 aws/us-west-2"]);
    expect(inState(engine)).toEqual(held());
    const next = await command(engine);
    expect(await next.deploy([mapping("m", "192.0.2.1", "aws", "us-west-2")])).toEqual({ ops: { m: "same" }, errors: {} });
  });

  test("a mapping that is not the resource's own is still refused: --replace that also moves the IP onto an existing mapping", async () => {
    const first = await command();
    await first.deploy([mapping("m", "192.0.2.1")]);
    fake.seed(zone, [{ origin_ip: "192.0.2.2", vendor: "gcp", region: "us-central1" }]);
    const second = await command(first);
    const result = await second.deploy([mapping("m", "192.0.2.2", "aws", "us-west-2")], { replace: ["m"] });
    expect(message(result.errors.m)).toMatch(/already maps 192\.0\.2\.2 to vendor gcp, region us-central1/);
    expect(held()).toEqual(["192.0.2.1 aws/us-east-1", "192.0.2.2 gcp/us-central1"]);
  });

  test("a new resource on an existing mapping is still refused without adopt", async () => {
    fake.seed(zone, [{ origin_ip: "192.0.2.3", vendor: "gcp", region: "us-central1" }]);
    const up = await command();
    const result = await up.deploy([mapping("n", "192.0.2.3")]);
    expect(message(result.errors.n)).toMatch(/already maps 192\.0\.2\.3/);
    expect(held()).toEqual(["192.0.2.3 gcp/us-central1"]);
  });
});
