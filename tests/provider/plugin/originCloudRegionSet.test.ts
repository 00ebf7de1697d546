// OriginCloudRegionSet through the provider plugin: up, update, refresh, destroy, import of a whole zone by its id
// (Read → Check → Diff: no change), and partial state when Cloudflare refuses some entries.
import { OriginCloudRegionsApi } from "../../../provider/api";
import { FAKE_TOKEN, FakeCloudflare } from "../../fake/server";
import { PluginHost, TOKENS, urnOf, type Props } from "../../harness/pluginHost";
import { configuredPlugin, newZone, providerConfig, rpcMessage } from "./helpers";

let fake: FakeCloudflare;
let plugin: PluginHost;
let zone: string;

beforeAll(async () => {
  fake = await FakeCloudflare.start();
  plugin = await configuredPlugin(providerConfig(fake));
});
afterAll(async () => {
  await plugin?.stop();
  await fake?.stop();
});
beforeEach(() => {
  zone = newZone(0xc000);
  fake.resetRequests();
});

const urn = urnOf(TOKENS.set, "zone-set");
const setOf = (entries: [string, string?, string?][], extra: Props = {}): Props => ({
  zoneId: zone,
  mappings: entries.map(([originIp, vendor = "aws", region = "us-east-1"]) => ({ originIp, vendor, region })),
  ...extra,
});
const writes = () => fake.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.route}`);
const held = () =>
  fake
    .mappings(zone)
    .map((m) => `${m.origin_ip} ${m.vendor}/${m.region}`)
    .sort();
const outOfBand = () => new OriginCloudRegionsApi({ credentials: { apiToken: FAKE_TOKEN }, baseUrl: fake.baseUrl });

async function up(news: Props) {
  const { inputs, failures } = await plugin.check(urn, {}, news);
  expect(failures).toEqual([]);
  return { inputs, ...(await plugin.create(urn, inputs)) };
}

test("up: one listing and one batch PUT; outputs keyed by canonical IP, no __resourceName", async () => {
  const { id, outputs } = await up(setOf([["192.0.2.1"], ["2001:DB8::1", "gcp", "us-central1"]]));
  expect(id).toBe(zone);
  expect(outputs).toMatchObject({
    zoneId: zone,
    adopt: false,
    mappings: {
      "192.0.2.1": { vendor: "aws", region: "us-east-1" },
      "2001:db8::1": { vendor: "gcp", region: "us-central1" },
    },
  });
  expect(Object.keys(outputs)).not.toContain("__resourceName");
  expect(writes()).toEqual(["PUT batchPut"]);
  expect(held()).toEqual(["192.0.2.1 aws/us-east-1", "2001:db8::1 gcp/us-central1"]);
});

test("update: an added, a changed and a removed entry; reordering alone is no change", async () => {
  const { id, outputs, inputs: olds } = await up(setOf([["192.0.2.1"], ["192.0.2.2"]]));
  const reordered = await plugin.check(urn, olds, setOf([["192.0.2.2"], ["192.0.2.1"]]));
  expect(await plugin.diff(urn, id, outputs, reordered.inputs)).toMatchObject({ changes: "none" });
  const { inputs } = await plugin.check(urn, olds, setOf([["192.0.2.1", "aws", "eu-west-1"], ["192.0.2.3"]]));
  expect(await plugin.diff(urn, id, outputs, inputs)).toMatchObject({ changes: "some", replaces: [] });
  const updated = await plugin.update(urn, id, outputs, inputs);
  expect(Object.keys(updated.mappings as Props).sort()).toEqual(["192.0.2.1", "192.0.2.3"]);
  expect(held()).toEqual(["192.0.2.1 aws/eu-west-1", "192.0.2.3 aws/us-east-1"]);
});

test("refresh: drift and an out-of-band deletion; Read's inputs are the program's list", async () => {
  const { id, outputs, inputs } = await up(setOf([["192.0.2.1"], ["192.0.2.2"]]));
  await outOfBand().put(zone, { origin_ip: "192.0.2.1", vendor: "oci", region: "us-ashburn-1" });
  await outOfBand().delete(zone, "192.0.2.2");
  const read = await plugin.read(urn, id, outputs, inputs);
  expect(read.outputs.mappings).toEqual({ "192.0.2.1": { vendor: "oci", region: "us-ashburn-1" } });
  expect(read.inputs).toEqual({
    zoneId: zone,
    adopt: false,
    mappings: [{ originIp: "192.0.2.1", vendor: "oci", region: "us-ashburn-1" }],
  });
});

test("destroy: one batch DELETE, nothing left", async () => {
  const { id, outputs } = await up(setOf([["192.0.2.1"], ["192.0.2.2"]]));
  fake.resetRequests();
  await plugin.delete(urn, id, outputs);
  expect(writes()).toEqual(["DELETE batchDelete"]);
  expect(held()).toEqual([]);
});

test("import by zone id in any case: every mapping of the zone in address order, then Check → Diff no change", async () => {
  for (const [ip, region] of [
    ["2001:db8::1", "us-east-2"],
    ["192.0.2.10", "us-east-1"],
    ["192.0.2.9", "eu-west-1"],
  ])
    await outOfBand().put(zone, { origin_ip: ip, vendor: "aws", region });
  fake.resetRequests();
  const read = await plugin.read(urn, zone.toUpperCase());
  expect(read.id).toBe(zone);
  expect(read.inputs).toEqual({
    zoneId: zone,
    adopt: false,
    mappings: [
      { originIp: "192.0.2.9", vendor: "aws", region: "eu-west-1" },
      { originIp: "192.0.2.10", vendor: "aws", region: "us-east-1" },
      { originIp: "2001:db8::1", vendor: "aws", region: "us-east-2" },
    ],
  });
  const { inputs, failures } = await plugin.check(urn, read.inputs!, read.inputs!);
  expect(failures).toEqual([]);
  expect(await plugin.diff(urn, read.id, read.outputs, inputs, read.inputs)).toMatchObject({ changes: "none" });
  expect(writes()).toEqual([]);
  expect((await plugin.read(urn, newZone(0xc800))).id).toBe(""); // a zone with no mappings: nothing to import
});

test("a zone that already holds an entry: refused, and the way to only read it is worded for every language", async () => {
  await outOfBand().put(zone, { origin_ip: "192.0.2.30", vendor: "gcp", region: "us-central1" });
  const { inputs } = await plugin.check(urn, {}, setOf([["192.0.2.30"]]));
  const message = await rpcMessage(plugin.create(urn, inputs));
  expect(message).toMatch(/already maps 192\.0\.2\.30/);
  expect(message).toContain("OriginCloudRegionSet's get with the zone's id");
  expect(message).not.toMatch(/\.get\(/);
});

test("entries Cloudflare refuses: ErrorResourceInitFailed whose outputs hold exactly the mappings that exist", async () => {
  // Created as the engine does after Check; these regions are ones Cloudflare refuses (1157) when written.
  const { inputs } = await plugin.check(urn, {}, setOf([["192.0.2.1"], ["192.0.2.3"]]));
  const mappings = { ...(inputs.mappings as Props), "192.0.2.2": { vendor: "aws", region: "mars-north-1" } };
  const error = await plugin.create(urn, { ...inputs, mappings }).then(
    () => undefined,
    (e) => e,
  );
  expect(error?.initFailed?.id).toBe(zone);
  expect(Object.keys(error!.initFailed!.properties.mappings).sort()).toEqual(["192.0.2.1", "192.0.2.3"]);
  expect(Object.keys(error!.initFailed!.properties)).not.toContain("__resourceName");
  expect(error?.details).toMatch(/192\.0\.2\.2/);
  expect(held()).toEqual(["192.0.2.1 aws/us-east-1", "192.0.2.3 aws/us-east-1"]);
});
