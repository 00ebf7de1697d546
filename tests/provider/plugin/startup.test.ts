// The plugin started the two ways the engine starts it (the executable with the engine's address, possibly after
// verbose flags; and run-plugin on the plugin folder, as the Node.js language host's RunPlugin), the port alone on
// stdout; GetPluginInfo, Cancel, Attach, the invokes, and an unknown token.
import * as fs from "fs";
import * as path from "path";
import { FakeCloudflare } from "../../fake/server";
import { PluginHost, TOKENS, urnOf, type StartMode } from "../../harness/pluginHost";
import { REPO_ROOT } from "../../harness/providerHost";
import { configuredPlugin, newZone, providerConfig, rpcMessage } from "./helpers";

const VERSION = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version;
let fake: FakeCloudflare;
const started: PluginHost[] = [];

beforeAll(async () => {
  fake = await FakeCloudflare.start();
});
afterAll(async () => {
  await Promise.all(started.map((p) => p.stop()));
  await fake?.stop();
});

const keep = (p: PluginHost) => (started.push(p), p);

describe.each<[StartMode, string[]]>([
  ["executable", []],
  ["executable", ["--logtostderr", "-v=9", "--tracing", "127.0.0.1:9"]],
  ["runPlugin", []],
])("started as %s with flags %j", (mode, flags) => {
  test("the first stdout line is the port alone; a whole mapping's life later, stdout holds nothing more", async () => {
    const plugin = keep(await configuredPlugin(providerConfig(fake), { mode, flags }));
    expect(plugin.firstLine).toMatch(/^\d+$/);
    expect(await plugin.getPluginInfo()).toBe(VERSION);
    const urn = urnOf(TOKENS.mapping, "m");
    const zone = newZone(0xe000);
    fake.injectFault("put", { kind: "status", status: 503 }, 1, { zoneId: zone }); // a retry: a log line
    const { inputs } = await plugin.check(
      urn,
      {},
      { zoneId: zone, originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" },
    );
    const { id, outputs } = await plugin.create(urn, inputs);
    await plugin.delete(urn, id, outputs);
    expect(fake.mappings(zone)).toEqual([]);
    expect(plugin.stderr.join("\n")).toMatch(/retrying in/);
    expect(plugin.stdoutAfterPort).toEqual([]);
  });
});

describe("the other RPCs", () => {
  let plugin: PluginHost;
  let zone: string;
  beforeAll(async () => {
    plugin = keep(await configuredPlugin(providerConfig(fake)));
  });
  beforeEach(() => {
    zone = newZone(0xe800);
  });

  test("Cancel and Attach answer", async () => {
    await plugin.cancel();
    await plugin.attach("127.0.0.1:1");
  });

  test("getOriginCloudRegions: the zone's mappings in address order with their ids; getSupportedRegions: every vendor", async () => {
    fake.seed(zone, [
      { origin_ip: "2001:DB8::1", vendor: "gcp", region: "us-central1" },
      { origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" },
    ]);
    const { result, failures } = await plugin.invoke(TOKENS.getOriginCloudRegions, { zoneId: zone.toUpperCase() });
    expect(failures).toEqual([]);
    expect(result).toMatchObject({
      zoneId: zone,
      mappings: [
        { id: `${zone}/192.0.2.1`, originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" },
        { id: `${zone}/2001:db8::1`, originIp: "2001:db8::1", vendor: "gcp", region: "us-central1" },
      ],
    });
    const regions = await plugin.invoke(TOKENS.getSupportedRegions, { zoneId: zone });
    expect(Object.keys((regions.result as { vendors: object }).vendors).sort()).toEqual(["aws", "azure", "gcp", "oci"]);
  });

  test("an invoke's misspelt argument is a failure naming it; a bad zone id fails naming the zone id", async () => {
    expect((await plugin.invoke(TOKENS.getOriginCloudRegions, { zoneID: zone })).failures).toEqual([
      { property: "zoneID", reason: expect.stringMatching(/unknown argument "zoneID".*takes zoneId/) },
    ]);
    expect(await rpcMessage(plugin.invoke(TOKENS.getSupportedRegions, { zoneId: "nope" }))).toMatch(/zone/i);
  });

  test("an unknown resource type or function is refused by its token", async () => {
    const urn = urnOf("cloudflare-origin-cloud-regions:index:Nope", "x");
    expect(await rpcMessage(plugin.check(urn, {}, {}))).toBe(
      'unknown resource type "cloudflare-origin-cloud-regions:index:Nope"',
    );
    expect(await rpcMessage(plugin.invoke("cloudflare-origin-cloud-regions:index:getNope", {}))).toBe(
      'unknown function "cloudflare-origin-cloud-regions:index:getNope"',
    );
  });
});
