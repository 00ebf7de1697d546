// OriginCloudRegion through the provider plugin, called as the engine calls it: preview, up, update, replace,
// refresh with drift and deletion, destroy, import (Read by id alone → Check → Diff), partial state, secrets.
import { OriginCloudRegionsApi } from "../../../provider/api";
import { FAKE_TOKEN, FakeCloudflare } from "../../fake/server";
import { PluginHost, secret, TOKENS, UNKNOWN, urnOf, type Props } from "../../harness/pluginHost";
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
  zone = newZone();
  fake.resetRequests();
});

const urn = (name = "m") => urnOf(TOKENS.mapping, name);
const mapping = (originIp: string, vendor = "aws", region = "us-east-1"): Props => ({
  zoneId: zone,
  originIp,
  vendor,
  region,
});
const writes = () => fake.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.route}`);
const held = () => fake.mappings(zone).map((m) => `${m.origin_ip} ${m.vendor}/${m.region}`);
const outOfBand = () => new OriginCloudRegionsApi({ credentials: { apiToken: FAKE_TOKEN }, baseUrl: fake.baseUrl });

/** `pulumi up` of a new resource: Check, then Create with the checked inputs. */
async function up(news: Props, name = "m") {
  const { inputs, failures } = await plugin.check(urn(name), {}, news);
  expect(failures).toEqual([]);
  return { inputs, ...(await plugin.create(urn(name), inputs)) };
}

describe("preview and up", () => {
  test("preview: Check canonicalizes and Create with preview writes nothing", async () => {
    const { inputs, failures } = await plugin.check(urn(), {}, mapping("2001:DB8:0::1"));
    expect(failures).toEqual([]);
    expect(inputs).toEqual({ zoneId: zone, originIp: "2001:db8::1", vendor: "aws", region: "us-east-1", adopt: false });
    const planned = await plugin.create(urn(), inputs, true);
    expect(planned).toEqual({ id: "", outputs: inputs });
    expect(writes()).toEqual([]);
    expect(fake.mappings(zone)).toEqual([]);
  });

  test("preview with unknowns: Check passes them, Diff plans an update, not a replacement", async () => {
    const { id, outputs } = await up(mapping("192.0.2.1"));
    const { inputs, failures } = await plugin.check(urn(), {}, { ...mapping("192.0.2.1"), originIp: UNKNOWN });
    expect(failures).toEqual([]);
    expect(inputs.originIp).toBe(UNKNOWN);
    expect(await plugin.diff(urn(), id, outputs, inputs)).toMatchObject({ changes: "some", replaces: [] });
  });

  test("Check refuses bad inputs with core's messages, naming the property; no write", async () => {
    const { failures } = await plugin.check(urn(), {}, { ...mapping("192.0.2.300"), vendor: "aws2", regoin: "x" });
    expect(failures.map((f) => f.property).sort()).toEqual(["originIp", "regoin", "vendor"]);
    expect(failures.find((f) => f.property === "regoin")!.reason).toMatch(/unknown property "regoin".*region/);
    expect(writes()).toEqual([]);
  });

  test("up creates with one PUT; outputs are canonical and carry no __resourceName; inputs neither", async () => {
    const { id, outputs, inputs } = await up(mapping("2001:DB8::0001", "aws", "us-west-2"));
    expect(id).toBe(`${zone}/2001:db8::1`);
    expect(outputs).toMatchObject({ zoneId: zone, originIp: "2001:db8::1", vendor: "aws", region: "us-west-2" });
    expect(outputs.modifiedOn).toEqual(expect.any(String));
    expect(Object.keys(outputs)).not.toContain("__resourceName");
    expect(Object.keys(inputs)).not.toContain("__resourceName");
    expect(writes()).toEqual(["PUT put"]);
    expect(held()).toEqual(["2001:db8::1 aws/us-west-2"]);
  });

  test("a second up with the same program is no change (Check → Diff none)", async () => {
    const { id, outputs, inputs: olds } = await up(mapping("192.0.2.1"));
    const { inputs } = await plugin.check(urn(), olds, mapping("192.0.2.1"));
    expect(await plugin.diff(urn(), id, outputs, inputs, olds)).toMatchObject({ changes: "none", replaces: [] });
  });

  test("an existing mapping is refused without adopt; with adopt it is taken as it is, with no write", async () => {
    await outOfBand().put(zone, { origin_ip: "192.0.2.9", vendor: "gcp", region: "us-central1" });
    const { inputs } = await plugin.check(urn(), {}, mapping("192.0.2.9"));
    expect(await rpcMessage(plugin.create(urn(), inputs))).toMatch(
      /^creating origin cloud region mapping 192\.0\.2\.9 in zone [0-9a-f]{32} failed: .*already/,
    );
    const adopting = await plugin.check(urn(), {}, { ...mapping("192.0.2.9", "gcp", "us-central1"), adopt: true });
    fake.resetRequests();
    expect((await plugin.create(urn(), adopting.inputs)).outputs).toMatchObject({ adopt: true, vendor: "gcp" });
    expect(writes()).toEqual([]);
  });

  test("the refusal's ways forward are worded for every language, not in TypeScript, and with no @pulumi/pulumi version", async () => {
    await outOfBand().put(zone, { origin_ip: "192.0.2.10", vendor: "gcp", region: "us-central1" });
    const { inputs } = await plugin.check(urn(), {}, mapping("192.0.2.10"));
    const message = await rpcMessage(plugin.create(urn(), inputs));
    expect(message).toContain("the `aliases` resource option");
    expect(message).toContain(`the getOriginCloudRegions function with zoneId "${zone}"`);
    expect(message).toContain(`the resource's get with the id "${zone}/192.0.2.10"`);
    expect(message).not.toMatch(/aliases: \[|\.get\(|@pulumi\/pulumi|\(\{/);
  });

  test("a program that omits adopt (YAML; the schema has no default): Check fills adopt false, as the TypeScript class does, so preview, create and update all say adopt false, and a create takes nothing over", async () => {
    const { inputs, failures } = await plugin.check(urn(), {}, mapping("192.0.2.7"));
    expect(failures).toEqual([]);
    expect(inputs.adopt).toBe(false);
    expect((await plugin.create(urn(), inputs, true)).outputs.adopt).toBe(false); // what preview shows
    const { id, outputs } = await plugin.create(urn(), inputs);
    expect(outputs.adopt).toBe(false);
    const changed = await plugin.check(urn(), inputs, mapping("192.0.2.7", "aws", "us-west-2"));
    expect(changed.inputs.adopt).toBe(false);
    expect((await plugin.update(urn(), id, outputs, changed.inputs)).adopt).toBe(false);
    await outOfBand().put(zone, { origin_ip: "192.0.2.8", vendor: "gcp", region: "us-central1" });
    const other = await plugin.check(urn("other"), {}, mapping("192.0.2.8"));
    fake.resetRequests();
    expect(await rpcMessage(plugin.create(urn("other"), other.inputs))).toMatch(/already maps 192\.0\.2\.8/);
    expect(writes()).toEqual([]);
    expect(held()).toEqual(["192.0.2.7 aws/us-west-2", "192.0.2.8 gcp/us-central1"]);
  });

  test("the resource's name is the URN's last segment: state without a claim id is the same resource by that name only", async () => {
    const { id, outputs } = await up(mapping("192.0.2.5"), "web-origin");
    const { claimId: _, ...withoutClaim } = outputs; // state as 0.1.0 wrote it: the name alone tells resources apart
    const news = mapping("192.0.2.5", "aws", "us-west-2");
    expect(await rpcMessage(plugin.update(urn("other"), id, withoutClaim, news))).toMatch(
      /another resource in this deployment manages it/,
    );
    expect(held()).toEqual(["192.0.2.5 aws/us-east-1"]);
    expect(await plugin.update(urn("web-origin"), id, withoutClaim, news)).toMatchObject({ region: "us-west-2" });
    expect(held()).toEqual(["192.0.2.5 aws/us-west-2"]);
  });
});

describe("update, replace, refresh, destroy", () => {
  test("a new region updates in place with one PUT; a new IP replaces", async () => {
    const { id, outputs, inputs: olds } = await up(mapping("192.0.2.1"));
    const { inputs } = await plugin.check(urn(), olds, mapping("192.0.2.1", "aws", "eu-west-1"));
    expect(await plugin.diff(urn(), id, outputs, inputs)).toMatchObject({ changes: "some", replaces: [] });
    fake.resetRequests();
    const updated = await plugin.update(urn(), id, outputs, inputs);
    expect(updated).toMatchObject({ originIp: "192.0.2.1", region: "eu-west-1", claimId: outputs.claimId });
    expect(writes()).toEqual(["PUT put"]);
    const moved = await plugin.check(urn(), inputs, mapping("192.0.2.2"));
    expect(await plugin.diff(urn(), id, updated, moved.inputs)).toMatchObject({
      changes: "some",
      replaces: ["originIp"],
      deleteBeforeReplace: false,
    });
  });

  test("Update with preview writes nothing and answers with the inputs", async () => {
    const { id, outputs } = await up(mapping("192.0.2.1"));
    fake.resetRequests();
    const news = { ...mapping("192.0.2.1", "aws", "eu-west-1") };
    expect(await plugin.update(urn(), id, outputs, news, true)).toEqual(news);
    expect(writes()).toEqual([]);
    expect(held()).toEqual(["192.0.2.1 aws/us-east-1"]);
  });

  test("refresh: drift shows in outputs and inputs; a mapping deleted out of band reads as gone (id '')", async () => {
    const { id, outputs, inputs } = await up(mapping("192.0.2.1"));
    await outOfBand().put(zone, { origin_ip: "192.0.2.1", vendor: "gcp", region: "us-central1" });
    const read = await plugin.read(urn(), id, outputs, inputs);
    expect(read.id).toBe(id);
    expect(read.outputs).toMatchObject({ vendor: "gcp", region: "us-central1", claimId: outputs.claimId });
    expect(read.inputs).toEqual({
      zoneId: zone,
      originIp: "192.0.2.1",
      vendor: "gcp",
      region: "us-central1",
      adopt: false,
    });
    await outOfBand().delete(zone, "192.0.2.1");
    expect((await plugin.read(urn(), id, read.outputs, read.inputs!)).id).toBe("");
  });

  test("destroy deletes with one DELETE; a mapping already gone is success", async () => {
    const { id, outputs } = await up(mapping("192.0.2.1"));
    fake.resetRequests();
    await plugin.delete(urn(), id, outputs);
    expect(writes()).toEqual(["DELETE delete"]);
    expect(held()).toEqual([]);
    await plugin.delete(urn(), id, outputs);
  });
});

describe("import: Read by id alone → Check(olds = news = read inputs) → Diff", () => {
  test.each([
    ["canonical", (z: string) => `${z}/2001:db8::1`],
    ["upper case zone and IP", (z: string) => `${z.toUpperCase()}/2001:DB8:0:0::1`],
    ["percent-encoded", (z: string) => `${z}/2001%3Adb8%3A%3A1`],
  ])("id %s: full inputs and outputs, then no change", async (_, idOf) => {
    await outOfBand().put(zone, { origin_ip: "2001:db8::1", vendor: "azure", region: "eastus" });
    fake.resetRequests();
    const read = await plugin.read(urn("imported"), idOf(zone));
    expect(read.id).toBe(`${zone}/2001:db8::1`);
    expect(read.inputs).toEqual({
      zoneId: zone,
      originIp: "2001:db8::1",
      vendor: "azure",
      region: "eastus",
      adopt: false,
    });
    expect(read.outputs).toMatchObject({ ...read.inputs, modifiedOn: expect.any(String) });
    const { inputs, failures } = await plugin.check(urn("imported"), read.inputs!, read.inputs!);
    expect(failures).toEqual([]);
    expect(await plugin.diff(urn("imported"), read.id, read.outputs, inputs, read.inputs)).toMatchObject({
      changes: "none",
      replaces: [],
    });
    expect(writes()).toEqual([]);
  });

  test("an id naming no mapping reads as gone; a malformed id is refused naming the form", async () => {
    expect((await plugin.read(urn(), `${zone}/192.0.2.77`)).id).toBe("");
    expect(await rpcMessage(plugin.read(urn(), "not-an-id"))).toMatch(/expected <zone_id>\/<origin_ip>/);
  });
});

describe("partial state and secrets", () => {
  test("a create whose outcome stays unknown answers ErrorResourceInitFailed with id, outputs and inputs", async () => {
    const { inputs } = await plugin.check(urn(), {}, mapping("192.0.2.1"));
    fake.injectFault("put", { kind: "reset", applied: true }, 1, { zoneId: zone });
    fake.injectFault("put", { kind: "rateLimit", retryAfterSeconds: 301 }, 1, { zoneId: zone });
    fake.injectFault("get", { kind: "rateLimit", retryAfterSeconds: 301 }, 1, { zoneId: zone, after: 1 });
    const error = await plugin.create(urn(), inputs).then(
      () => undefined,
      (e) => e,
    );
    expect(error?.details).toMatch(/^creating origin cloud region mapping 192\.0\.2\.1 .* may have been applied/);
    expect(error?.initFailed).toMatchObject({
      id: `${zone}/192.0.2.1`,
      properties: { zoneId: zone, originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" },
      inputs,
    });
    expect(Object.keys(error!.initFailed!.properties)).not.toContain("__resourceName");
    expect(held()).toEqual(["192.0.2.1 aws/us-east-1"]);
  });

  test("inputs sent secret stay secret in Check's inputs, the outputs and Read's answer; core sees them plain", async () => {
    const news = { ...mapping("192.0.2.1"), region: secret("us-west-2") };
    const { inputs, failures } = await plugin.check(urn(), {}, news);
    expect(failures).toEqual([]);
    expect(inputs.region).toEqual(secret("us-west-2"));
    const { id, outputs } = await plugin.create(urn(), inputs);
    expect(outputs.region).toEqual(secret("us-west-2"));
    expect(outputs.vendor).toBe("aws");
    expect(held()).toEqual(["192.0.2.1 aws/us-west-2"]);
    const read = await plugin.read(urn(), id, outputs, inputs);
    expect(read.outputs.region).toEqual(secret("us-west-2"));
    expect(read.inputs!.region).toEqual(secret("us-west-2"));
    const rechecked = await plugin.check(urn(), inputs, news);
    expect(await plugin.diff(urn(), id, read.outputs, rechecked.inputs)).toMatchObject({ changes: "none" });
  });
});
