// The plugin's warnings reach the engine's Log RPC at the address the engine started it with: severity WARNING,
// attached to the URN of the resource whose RPC produced them, without core's "warning: " prefix, and delivered
// before that RPC answers. Without an engine address, or when the engine does not take a line, the same line goes to
// stderr as before. Stdout holds the port alone throughout.
import { OriginCloudRegionsApi } from "../../../provider/api";
import { FAKE_TOKEN, FakeCloudflare } from "../../fake/server";
import { FakeEngine } from "../../harness/fakeEngine";
import { PluginHost, TOKENS, urnOf, type PluginOptions, type Props } from "../../harness/pluginHost";
import { configuredPlugin, newZone, providerConfig } from "./helpers";

let fake: FakeCloudflare;
let engine: FakeEngine;
const started: PluginHost[] = [];
let zone: string;

beforeAll(async () => {
  fake = await FakeCloudflare.start();
  engine = await FakeEngine.start();
});
afterAll(async () => {
  await Promise.all(started.map((p) => p.stop()));
  await engine?.stop();
  await fake?.stop();
});
beforeEach(() => {
  zone = newZone(0xf000);
  engine.answer = { kind: "ok" };
  engine.received.length = 0;
  engine.logged.length = 0;
  fake.resetRequests();
});

async function plugin(options: PluginOptions = { engineAddress: engine.address }, extra: Props = {}) {
  const p = await configuredPlugin(providerConfig(fake, extra), options);
  started.push(p);
  return p;
}

const urn = (name: string) => urnOf(TOKENS.mapping, name);
const mapping = (originIp: string, vendor = "aws", region = "us-east-1"): Props => ({
  zoneId: zone,
  originIp,
  vendor,
  region,
});
const outOfBand = () => new OriginCloudRegionsApi({ credentials: { apiToken: FAKE_TOKEN }, baseUrl: fake.baseUrl });

/** `pulumi up` of a new mapping (Check, Create), then its deletion out of band, then `pulumi destroy` (Delete). */
async function deleteGoneMapping(p: PluginHost, name: string, ip: string): Promise<void> {
  const { inputs } = await p.check(urn(name), {}, mapping(ip));
  const { id, outputs } = await p.create(urn(name), inputs);
  await outOfBand().delete(zone, ip);
  await p.delete(urn(name), id, outputs, inputs);
}

/** An adopting create over a mapping that held other values. */
async function adoptOver(p: PluginHost, name: string, ip: string): Promise<void> {
  fake.seed(zone, [{ origin_ip: ip, vendor: "gcp", region: "us-central1" }]);
  const { inputs } = await p.check(urn(name), {}, { ...mapping(ip), adopt: true });
  await p.create(urn(name), inputs);
}

const alreadyDeleted = (ip: string) =>
  `origin cloud region mapping ${ip} in zone ${zone} was already deleted; nothing to do`;

describe("with the engine's address", () => {
  test("a delete of a mapping gone out of band, an adopting create: warnings of their resources, no prefix", async () => {
    const p = await plugin();
    await deleteGoneMapping(p, "gone", "192.0.2.1");
    await adoptOver(p, "taker", "192.0.2.2");
    expect(engine.received).toEqual([
      { severity: "WARNING", urn: urn("gone"), message: alreadyDeleted("192.0.2.1"), streamId: 0, ephemeral: false },
      {
        severity: "WARNING",
        urn: urn("taker"),
        message: expect.stringMatching(
          new RegExp(
            `^adopted origin cloud region mapping 192\\.0\\.2\\.2 in zone ${zone}, which held gcp/us-central1`,
          ),
        ),
        streamId: 0,
        ephemeral: false,
      },
    ]);
    expect(p.stderr.join("\n")).not.toMatch(/warning|already deleted|adopted/);
    expect(p.stdoutAfterPort).toEqual([]);
    expect(JSON.stringify(engine.received)).not.toContain(FAKE_TOKEN);
  });

  test("deletes running at once, batched into one call to Cloudflare, each warn with their own URN", async () => {
    const p = await plugin();
    const ips = ["192.0.2.11", "192.0.2.12", "192.0.2.13"];
    const names = ips.map((_, i) => `at-once-${i}`);
    const made = await Promise.all(
      ips.map(async (ip, i) => {
        const { inputs } = await p.check(urn(names[i]), {}, mapping(ip));
        return { inputs, ...(await p.create(urn(names[i]), inputs)) };
      }),
    );
    for (const ip of ips) await outOfBand().delete(zone, ip);
    await Promise.all(made.map((m, i) => p.delete(urn(names[i]), m.id, m.outputs, m.inputs)));
    const batches = fake.requests.filter((r) => r.route === "batchDelete").map((r) => r.body as string[]);
    expect(Math.max(0, ...batches.map((b) => b.length))).toBeGreaterThan(1);
    expect(engine.warnings().map((e) => [e.urn, e.message])).toEqual(
      expect.arrayContaining(ips.map((ip, i) => [urn(names[i]), alreadyDeleted(ip)])),
    );
    expect(engine.warnings()).toHaveLength(3);
  });

  test("a Check's region lookup that fails warns with the Check's URN", async () => {
    const p = await plugin(undefined, { maxAttempts: "1" });
    fake.injectFault("supportedRegions", { kind: "status", status: 503 }, 1, { zoneId: zone });
    expect((await p.check(urn("lookup"), {}, mapping("192.0.2.3"))).failures).toEqual([]);
    expect(engine.warnings()).toEqual([
      expect.objectContaining({
        urn: urn("lookup"),
        message: expect.stringMatching(/^verifying region us-east-1 for aws in zone .*; the region was not verified$/),
      }),
    ]);
  });

  test("a warning reaches the engine before its RPC answers, however late the engine takes it", async () => {
    const p = await plugin();
    engine.answer = { kind: "ok", delayMs: 300 };
    const { inputs } = await p.check(urn("late"), {}, mapping("192.0.2.4"));
    const { id, outputs } = await p.create(urn("late"), inputs);
    await outOfBand().delete(zone, "192.0.2.4");
    await p.delete(urn("late"), id, outputs, inputs);
    expect(engine.logged.map((e) => e.message)).toEqual([alreadyDeleted("192.0.2.4")]);
  });

  test("a retry line of an invoke goes as info of no resource, as the engine shows stderr lines", async () => {
    const p = await plugin();
    fake.injectFault("list", { kind: "status", status: 503 }, 1, { zoneId: zone });
    await p.invoke(TOKENS.getOriginCloudRegions, { zoneId: zone });
    expect(engine.received).toEqual([
      expect.objectContaining({
        severity: "INFO",
        urn: "",
        message: expect.stringMatching(/^cloudflare: GET .*retrying in/),
      }),
    ]);
    expect(p.stderr.join("\n")).not.toMatch(/retrying in/);
  });

  test("an address given by Attach is used from then on", async () => {
    const p = await plugin({});
    await p.attach(engine.address);
    await deleteGoneMapping(p, "attached", "192.0.2.5");
    expect(engine.warnings().map((e) => [e.urn, e.message])).toEqual([[urn("attached"), alreadyDeleted("192.0.2.5")]]);
  });

  test("started through run-plugin (a PulumiPlugin.yaml folder), it tells the engine all the same", async () => {
    const p = await plugin({ engineAddress: engine.address, mode: "runPlugin" });
    await deleteGoneMapping(p, "folder", "192.0.2.10");
    expect(engine.warnings().map((e) => [e.urn, e.message])).toEqual([[urn("folder"), alreadyDeleted("192.0.2.10")]]);
    expect(p.stdoutAfterPort).toEqual([]);
  });

  test("after verbose flags, the address that follows them is the engine's", async () => {
    const p = await plugin({
      engineAddress: engine.address,
      flags: ["--logtostderr", "-v=9", "--tracing", "127.0.0.1:9"],
    });
    await deleteGoneMapping(p, "verbose", "192.0.2.6");
    expect(engine.warnings().map((e) => e.urn)).toEqual([urn("verbose")]);
  });
});

describe("when the engine cannot take a warning, it goes to stderr as before", () => {
  test.each([
    ["there is no engine address", {}],
    ["no engine listens at the address", { engineAddress: "127.0.0.1:1" }],
  ])("%s", async (_, options: PluginOptions) => {
    const p = await plugin(options);
    await deleteGoneMapping(p, "alone", "192.0.2.7");
    expect(p.stderr).toContain(`warning: ${alreadyDeleted("192.0.2.7")}`);
    expect(p.stdoutAfterPort).toEqual([]);
  });

  test("the engine refuses the Log call", async () => {
    const p = await plugin();
    engine.answer = { kind: "fail" };
    await deleteGoneMapping(p, "refused", "192.0.2.8");
    expect(engine.received).toHaveLength(1);
    expect(p.stderr).toContain(`warning: ${alreadyDeleted("192.0.2.8")}`);
  });

  test("the engine never answers: the RPC answers after the Log call's deadline, the warning on stderr", async () => {
    const p = await plugin();
    engine.answer = { kind: "hang" };
    const began = Date.now();
    await deleteGoneMapping(p, "hung", "192.0.2.9");
    expect(Date.now() - began).toBeLessThan(6000);
    expect(engine.received).toHaveLength(1);
    expect(p.stderr).toContain(`warning: ${alreadyDeleted("192.0.2.9")}`);
  }, 15000);
});
