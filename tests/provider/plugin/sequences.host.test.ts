// The provider plugin from the packed tarball, installed with npm in a fresh directory next to @pulumi/pulumi, started
// the two ways the engine starts it (by name on PATH, and through @pulumi/pulumi's run-plugin), driven by MiniEngine
// with the engine's call sequences against the fake API: every sequence the dynamic provider's host suites run
// (preview, up, update, replace, `--replace`, refresh with drift and with out-of-band deletion, destroy, get, import),
// the invokes, config errors and secrets, for both resources. Each command is a plugin process of its own.
import * as fs from "fs";
import { OriginCloudRegionsApi } from "../../../provider/api";
import { FAKE_TOKEN, FakeCloudflare } from "../../fake/server";
import { pluginConfigOf, startConfiguredPlugin } from "../../harness/adapters";
import { CheckFailedError, MiniEngine } from "../../harness/engine";
import { installPackedPlugin, PACKED_STARTS, type PackedPlugin, type PackedStart } from "../../harness/packedPlugin";
import { PluginHost, secret, TOKENS, UNKNOWN, type Props } from "../../harness/pluginHost";
import { messageOf } from "../../harness/hostedFake";

jest.setTimeout(60_000);

let installed: PackedPlugin;
let fake: FakeCloudflare;
beforeAll(async () => {
  [installed, fake] = await Promise.all([installPackedPlugin(), FakeCloudflare.start()]);
}, 240_000);
afterAll(async () => {
  await fake?.stop();
  installed?.remove();
});

let zoneCounter = 0;
const writes = () => fake.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.route}`);
const requests = () => fake.requests.map((r) => `${r.method} ${r.route}`);
const outOfBand = () => new OriginCloudRegionsApi({ credentials: { apiToken: FAKE_TOKEN }, baseUrl: fake.baseUrl });
const held = (zone: string) =>
  fake
    .mappings(zone)
    .map((m) => `${m.origin_ip} ${m.vendor}/${m.region}`)
    .sort();

describe.each(PACKED_STARTS)("the plugin from the packed tarball, %s", (how: PackedStart) => {
  let zone: string;
  beforeEach(() => {
    zone = (0x5e000 + ++zoneCounter).toString(16).padStart(32, "0");
    fake.resetRequests();
  });

  /** A stack of the plugin's resources: each command starts the installed plugin `how`, configured with `stack`. */
  const stack = (
    options: { type?: string; config?: Record<string, string>; env?: Record<string, string> } = {},
  ): MiniEngine =>
    new MiniEngine({
      adapter: "plugin",
      type: options.type ?? TOKENS.mapping,
      plugin: {
        ...installed.start(how, options.env),
        config: pluginConfigOf({
          "cloudflare:apiToken": FAKE_TOKEN,
          "cloudflare:baseUrl": fake.baseUrl,
          ...options.config,
        }),
      },
    });
  const mapping = (originIp: string, vendor = "aws", region = "us-east-1"): Props => ({
    zoneId: zone,
    originIp,
    vendor,
    region,
  });

  test("the process runs the installed package, not this repository's build", async () => {
    const engine = stack();
    await engine.command(async (host) => {
      const cmdline = fs.readFileSync(`/proc/${host.pid}/cmdline`, "utf8").split("\0");
      expect(cmdline.some((arg) => arg.startsWith(installed.dir))).toBe(true);
    });
  });

  describe("OriginCloudRegion", () => {
    test("preview: a create with no write; with an unknown IP, an update, not a replacement", async () => {
      const engine = stack();
      expect(await engine.preview("m", mapping("192.0.2.1"))).toBe("create");
      expect(requests()).toEqual(["GET supportedRegions"]);
      expect(await engine.up("m", mapping("192.0.2.1"))).toBe("create");
      expect(await engine.preview("m", { ...mapping("192.0.2.1"), originIp: UNKNOWN })).toBe("update");
      expect(writes()).toEqual(["PUT put"]);
    });

    test("up creates with one PUT, canonical outputs and adopt false (omitted, as YAML omits it); no change is same", async () => {
      const engine = stack();
      expect(await engine.up("m", mapping("2001:0DB8:0000::0001", "gcp", "us-central1"))).toBe("create");
      expect(writes()).toEqual(["PUT put"]);
      const state = engine.state.get("m")!;
      expect(state.id).toBe(`${zone}/2001:db8::1`);
      expect(state.outputs).toMatchObject({
        zoneId: zone,
        originIp: "2001:db8::1",
        vendor: "gcp",
        region: "us-central1",
        adopt: false,
        modifiedOn: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      });
      expect(Object.keys({ ...state.inputs, ...state.outputs })).not.toContain("__resourceName");
      fake.resetRequests();
      expect(await engine.up("m", mapping("2001:DB8:0:0:0:0:0:1", "gcp", "us-central1"))).toBe("same");
      expect(requests()).toEqual(["GET supportedRegions"]);
    });

    test("update: a region change updates in place with one PUT", async () => {
      const engine = stack();
      await engine.up("m", mapping("192.0.2.1"));
      fake.resetRequests();
      expect(await engine.up("m", mapping("192.0.2.1", "aws", "us-west-2"))).toBe("update");
      expect(writes()).toEqual(["PUT put"]);
      expect(engine.state.get("m")!.outputs).toMatchObject({ region: "us-west-2", adopt: false });
      expect(held(zone)).toEqual(["192.0.2.1 aws/us-west-2"]);
    });

    test("replace: another IP is created before the old one is deleted", async () => {
      const engine = stack();
      await engine.up("m", mapping("192.0.2.1"));
      fake.resetRequests();
      expect(await engine.up("m", mapping("192.0.2.2"))).toBe("replace");
      expect(
        fake.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path.split("/").pop()}`),
      ).toEqual(["PUT 192.0.2.2", "DELETE 192.0.2.1"]);
      expect(engine.state.get("m")!.id).toBe(`${zone}/192.0.2.2`);
      expect(held(zone)).toEqual(["192.0.2.2 aws/us-east-1"]);
    });

    test("--replace (Check with no olds, no Diff): refused without adopt before any write; done with adopt or deleteBeforeReplace", async () => {
      const engine = stack();
      await engine.deploy([{ name: "m", inputs: mapping("192.0.2.1") }]);
      fake.resetRequests();
      const refused = await engine.deploy([{ name: "m", inputs: mapping("192.0.2.1", "aws", "us-west-2") }], {
        replace: ["m"],
      });
      expect(messageOf(refused.errors.m)).toMatch(/pulumi up --replace.*adopt: true/);
      expect(writes()).toEqual([]);
      const adopted = await engine.deploy(
        [{ name: "m", inputs: { ...mapping("192.0.2.1", "aws", "us-west-2"), adopt: true } }],
        {
          replace: ["m"],
        },
      );
      expect(adopted).toEqual({ ops: { m: "replace" }, errors: {} });
      expect(held(zone)).toEqual(["192.0.2.1 aws/us-west-2"]);
      const deletedFirst = await engine.deploy(
        [{ name: "m", inputs: mapping("192.0.2.1", "aws", "eu-west-1"), deleteBeforeReplace: true }],
        { replace: ["m"] },
      );
      expect(deletedFirst).toEqual({ ops: { m: "replace" }, errors: {} });
      expect(held(zone)).toEqual(["192.0.2.1 aws/eu-west-1"]);
      expect(engine.state.get("m")!.outputs).toMatchObject({ region: "eu-west-1", adopt: false });
    });

    test("refresh: drift shows and the next up puts it back; an out-of-band delete removes the resource", async () => {
      const engine = stack();
      await engine.up("m", mapping("192.0.2.1"));
      expect(await engine.refresh("m")).toEqual({ op: "refresh", drift: "none" });
      fake.seed(zone, [{ origin_ip: "192.0.2.1", vendor: "gcp", region: "europe-west1" }]);
      expect(await engine.refresh("m")).toEqual({ op: "refresh", drift: "some" });
      expect(engine.state.get("m")!.inputs).toMatchObject({ vendor: "gcp", region: "europe-west1", adopt: false });
      expect(await engine.up("m", mapping("192.0.2.1"))).toBe("update");
      expect(held(zone)).toEqual(["192.0.2.1 aws/us-east-1"]);
      await outOfBand().delete(zone, "192.0.2.1");
      expect(await engine.refresh("m")).toEqual({ op: "delete" });
      expect(engine.state.has("m")).toBe(false);
    });

    test("destroy: one DELETE; a mapping already gone is success with a warning", async () => {
      const engine = stack();
      await engine.up("m", mapping("192.0.2.1"));
      await engine.up("n", mapping("192.0.2.9"));
      fake.resetRequests();
      await engine.destroy("m");
      expect(writes()).toEqual(["DELETE delete"]);
      await outOfBand().delete(zone, "192.0.2.9");
      const before = engine.output.length;
      await engine.destroy("n");
      expect(held(zone)).toEqual([]);
      await engine.waitForOutput(
        /origin cloud region mapping 192\.0\.2\.9 in zone [0-9a-f]{32} was already deleted/,
        before,
      );
    });

    test("get reads by <zone>/<ip> in any spelling; a malformed id names the form", async () => {
      fake.seed(zone, [{ origin_ip: "2001:db8::5", vendor: "gcp", region: "us-central1" }]);
      const engine = stack();
      for (const ip of ["2001:db8::5", "2001%3Adb8%3A%3A5", "2001:DB8:0::5"]) {
        const read = await engine.get("legacy", `${zone}/${ip}`);
        expect(read.id).toBe(`${zone}/2001:db8::5`);
        expect(read.outputs).toMatchObject({
          zoneId: zone,
          originIp: "2001:db8::5",
          vendor: "gcp",
          region: "us-central1",
        });
      }
      expect(messageOf(await engine.get("legacy", "not-an-id").catch((e: unknown) => e))).toMatch(
        /expected <zone_id>\/<origin_ip>/,
      );
      expect(writes()).toEqual([]);
    });

    test("import: Read(id) → Check(olds = news = read inputs) with no failure; the program written from it is no change", async () => {
      fake.seed(zone, [{ origin_ip: "2001:db8::1", vendor: "azure", region: "eastus" }]);
      const engine = stack();
      const imported = await engine.import("imported", `${zone.toUpperCase()}/2001:DB8:0::1`);
      expect(imported.warnings).toEqual([]);
      expect(imported.entry.id).toBe(`${zone}/2001:db8::1`);
      expect(imported.entry.inputs).toEqual({ ...mapping("2001:db8::1", "azure", "eastus"), adopt: false });
      expect(await engine.up("imported", imported.entry.inputs)).toBe("same");
      expect(writes()).toEqual([]);
    });

    test("an existing mapping is refused without adopt, untouched; with adopt it is taken over", async () => {
      fake.seed(zone, [{ origin_ip: "192.0.2.1", vendor: "gcp", region: "us-central1" }]);
      const engine = stack();
      expect(messageOf(await engine.up("m", mapping("192.0.2.1")).catch((e: unknown) => e))).toContain(
        "already maps 192.0.2.1 to vendor gcp, region us-central1",
      );
      expect(writes()).toEqual([]);
      expect(await engine.up("m", { ...mapping("192.0.2.1"), adopt: true })).toBe("create");
      expect(held(zone)).toEqual(["192.0.2.1 aws/us-east-1"]);
      expect(engine.state.get("m")!.outputs.adopt).toBe(true);
    });
  });

  describe("OriginCloudRegionSet", () => {
    const setOf = (ips: [string, string?, string?][]): Props => ({
      zoneId: zone,
      mappings: ips.map(([originIp, vendor = "aws", region = "us-east-1"]) => ({ originIp, vendor, region })),
    });
    const routes = () => fake.requests.map((r) => r.route);

    test("preview, up (one listing, one batch PUT), update, refresh with drift and deletion, destroy", async () => {
      const engine = stack({ type: TOKENS.set });
      expect(await engine.preview("s", setOf([["192.0.2.1"], ["2001:DB8::1", "gcp", "us-central1"]]))).toBe("create");
      expect(writes()).toEqual([]);
      expect(await engine.up("s", setOf([["192.0.2.1"], ["2001:DB8::1", "gcp", "us-central1"]]))).toBe("create");
      expect(routes().filter((r) => r !== "supportedRegions")).toEqual(["list", "batchPut"]);
      expect(engine.state.get("s")!.id).toBe(zone);
      expect(engine.state.get("s")!.outputs).toMatchObject({
        adopt: false,
        mappings: { "2001:db8::1": { vendor: "gcp" } },
      });
      expect(await engine.up("s", setOf([["192.0.2.1"], ["2001:db8::1", "gcp", "us-central1"]]))).toBe("same");
      fake.resetRequests();
      expect(await engine.up("s", setOf([["192.0.2.1", "aws", "us-west-2"], ["192.0.2.3"]]))).toBe("update");
      expect(writes().sort()).toEqual(["DELETE batchDelete", "PUT batchPut"]);
      expect(held(zone)).toEqual(["192.0.2.1 aws/us-west-2", "192.0.2.3 aws/us-east-1"]);
      fake.seed(zone, [{ origin_ip: "192.0.2.3", vendor: "gcp", region: "us-central1" }]);
      expect(await engine.refresh("s")).toEqual({ op: "refresh", drift: "some" });
      await outOfBand().delete(zone, "192.0.2.3");
      expect(await engine.refresh("s")).toEqual({ op: "refresh", drift: "some" });
      expect(Object.keys(engine.state.get("s")!.outputs.mappings as object)).toEqual(["192.0.2.1"]);
      await engine.destroy("s");
      expect(held(zone)).toEqual([]);
      expect(await engine.up("t", setOf([["192.0.2.9"]]))).toBe("create");
      await outOfBand().delete(zone, "192.0.2.9");
      expect(await engine.refresh("t")).toEqual({ op: "delete" });
    });

    test("get and import by zone id: the whole zone; the imported program is no change", async () => {
      fake.seed(zone, [
        { origin_ip: "2001:db8::1", vendor: "gcp", region: "us-central1" },
        { origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" },
      ]);
      const engine = stack({ type: TOKENS.set });
      expect((await engine.get("x", zone)).outputs.mappings).toEqual({
        "192.0.2.1": { vendor: "aws", region: "us-east-1" },
        "2001:db8::1": { vendor: "gcp", region: "us-central1" },
      });
      const imported = await engine.import("zone-set", zone.toUpperCase());
      expect(imported.warnings).toEqual([]);
      expect(imported.entry.inputs).toEqual({
        zoneId: zone,
        adopt: false,
        mappings: [
          { originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" },
          { originIp: "2001:db8::1", vendor: "gcp", region: "us-central1" },
        ],
      });
      expect(await engine.up("zone-set", imported.entry.inputs)).toBe("same");
      expect(writes()).toEqual([]);
    });

    test("--replace: refused without adopt before any write; done with deleteBeforeReplace", async () => {
      const engine = stack({ type: TOKENS.set });
      await engine.up("s", setOf([["192.0.2.1"]]));
      fake.resetRequests();
      const refused = await engine.deploy([{ name: "s", inputs: setOf([["192.0.2.1"]]) }], { replace: ["s"] });
      expect(messageOf(refused.errors.s)).toMatch(/adopt/);
      expect(writes()).toEqual([]);
      const done = await engine.deploy(
        [{ name: "s", inputs: setOf([["192.0.2.1", "aws", "us-west-2"]]), deleteBeforeReplace: true }],
        {
          replace: ["s"],
        },
      );
      expect(done).toEqual({ ops: { s: "replace" }, errors: {} });
      expect(held(zone)).toEqual(["192.0.2.1 aws/us-west-2"]);
    });
  });

  describe("invokes, config errors, secrets", () => {
    let plugin: PluginHost | undefined;
    afterEach(async () => {
      await plugin?.stop();
      plugin = undefined;
    });

    test("getOriginCloudRegions and getSupportedRegions answer through the installed plugin", async () => {
      fake.seed(zone, [{ origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" }]);
      plugin = await startConfiguredPlugin({
        ...installed.start(how),
        config: pluginConfigOf({ "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake.baseUrl }),
      });
      expect((await plugin.invoke(TOKENS.getOriginCloudRegions, { zoneId: zone })).result).toMatchObject({
        zoneId: zone,
        mappings: [{ id: `${zone}/192.0.2.1`, originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" }],
      });
      const regions = (await plugin.invoke(TOKENS.getSupportedRegions, { zoneId: zone })).result as { vendors: object };
      expect(Object.keys(regions.vendors).sort()).toEqual(["aws", "azure", "gcp", "oci"]);
    });

    test("CheckConfig failures name each bad key; the command fails before any request", async () => {
      const engine = stack({
        config: {
          "originCloudRegions:maxAttempts": "0",
          "originCloudRegions:batching": "yes",
          "cloudflare-origin-cloud-regions:apiTokn": "x",
        },
      });
      const error = await engine.up("m", mapping("192.0.2.1")).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CheckFailedError);
      expect((error as CheckFailedError).failures.map((f) => f.property).sort()).toEqual([
        "apiTokn",
        "batching",
        "maxAttempts",
      ]);
      expect(fake.requests).toEqual([]);
    });

    test("no credential anywhere: the create fails naming the plugin's keys", async () => {
      const engine = new MiniEngine({
        adapter: "plugin",
        type: TOKENS.mapping,
        plugin: { ...installed.start(how), config: pluginConfigOf({ "cloudflare:baseUrl": fake.baseUrl }) },
      });
      const message = messageOf(await engine.up("m", mapping("192.0.2.1")).catch((e: unknown) => e));
      expect(message).toContain("pulumi config set --secret cloudflare-origin-cloud-regions:apiToken");
      expect(held(zone)).toEqual([]);
    });

    test("secrets: the token sent plain comes back wrapped secret in the config CheckConfig returns, and nowhere else", async () => {
      plugin = await PluginHost.start(installed.start(how));
      const checked = await plugin.checkConfig({ apiToken: FAKE_TOKEN, baseUrl: fake.baseUrl, version: "0.2.0" });
      expect(checked.failures).toEqual([]);
      expect(checked.inputs.apiToken).toEqual(secret(FAKE_TOKEN));
      const engine = stack();
      await engine.up("m", mapping("192.0.2.1"));
      await engine.refresh("m");
      fake.injectFault("put", { kind: "echoCredentials", form: "json" }, 1, { zoneId: zone });
      const refused = messageOf(await engine.up("n", mapping("192.0.2.2")).catch((e: unknown) => e));
      expect(refused).toMatch(/Cloudflare error 10000/);
      await engine.destroy("m");
      const seen = {
        state: JSON.stringify([...engine.state.values()]),
        output: [...engine.output, ...plugin.output].join("\n"),
        refused,
        checkFailures: JSON.stringify(checked.failures),
      };
      expect(Object.entries(seen).filter(([, text]) => text.includes(FAKE_TOKEN))).toEqual([]);
    });
  });
});
