// Data safety at the edges, through the real provider host, one host per `pulumi` command: state written by 0.1.0
// (two resources on one mapping), forced replacement without `adopt`, and OriginCloudRegionSet at the zone's cap.
// After every scenario the fake's mappings are compared with what state says exists.
import * as fs from "fs";
import * as path from "path";
import { FAKE_TOKEN, type FakeCloudflare } from "../fake/server";
import { MiniEngine, type Declared, type StateEntry } from "../harness/engine";
import { heldIn, messageOf, useFreshZone, useHostedFake } from "../harness/hostedFake";
import type { Props } from "../harness/providerHost";
import { serializedSetProviderText } from "../harness/serializedProvider";
import { OriginCloudRegionsApi } from "../../provider/api";

/** The `__provider` text that version 0.1.0 stored in state (never edited: it stands for stacks in the wild). */
const PROVIDER_0_1_0 = fs.readFileSync(path.join(__dirname, "..", "fixtures", "serialized-provider-0.1.0.js"), "utf8");
const hosted = useHostedFake();
const zone = useFreshZone(hosted, 0xe000);

/**
 * The stack a command runs on: `previous`, or a new one. Each command of a MiniEngine runs in a provider host of its
 * own, the state carried from one to the next, as the CLI runs them (tests/harness/engine.ts).
 */
const command = async (previous?: MiniEngine): Promise<MiniEngine> => previous ?? hosted.engine();

/** Inputs as the resource class sends them: with the resource's name (`__resourceName`). */
const mapping = (name: string, originIp: string, vendor = "aws", region = "us-east-1", extra: Props = {}) => ({
  name,
  inputs: { zoneId: zone.id, originIp, vendor, region, __resourceName: name, ...extra },
});
const message = messageOf;
const held = () => heldIn(hosted.fake, zone.id);
const inState = (engine: MiniEngine) =>
  [
    ...new Set([...engine.state.values()].map((e) => `${e.outputs.originIp} ${e.outputs.vendor}/${e.outputs.region}`)),
  ].sort();

describe("3. state written by 0.1.0: two resources on one mapping, neither with a claim", () => {
  /** State as 0.1.0 left it: both creates succeeded with one id; outputs without claimId; 0.1.0's shim text. */
  async function stateFrom010(): Promise<MiniEngine> {
    const writer = await command();
    await writer.deploy([mapping("a", "192.0.2.1")]);
    const written = writer.state.get("a")!;
    const as010 = (name: string): StateEntry => {
      const { claimId: _claim, __resourceName: _named, ...outputs } = written.outputs;
      const { __resourceName: _name, ...inputs } = written.inputs;
      return {
        urn: writer.urn(name),
        id: written.id,
        inputs: { ...inputs, __provider: PROVIDER_0_1_0 },
        outputs: { ...outputs, __provider: PROVIDER_0_1_0 },
      };
    };
    writer.state.set("a", as010("a"));
    writer.state.set("b", as010("b"));
    return writer;
  }

  test("the first up after upgrading warns, naming both resources and the IP, with what to do", async () => {
    const up = await command(await stateFrom010());
    const before = up.output.length;
    const result = await up.deploy([mapping("a", "192.0.2.1"), mapping("b", "192.0.2.1")]);
    expect(result.errors).toEqual({});
    const warning = await up.waitForOutput(/192\.0\.2\.1/, before);
    expect(warning).toMatch(
      /^warning: origin cloud region mapping 192\.0\.2\.1 in zone [0-9a-f]{32} is managed by two resources/,
    );
    expect(warning).toMatch(/"a"/);
    expect(warning).toMatch(/"b"/);
    expect(warning).toMatch(/Keep one: remove the other from the program/);
    expect(held()).toEqual(["192.0.2.1 aws/us-east-1"]);
  });

  test("removing one of the two leaves the mapping to the other; the next up still finds it", async () => {
    const up = await command(await stateFrom010());
    const before = up.output.length;
    expect(await up.deploy([mapping("a", "192.0.2.1")])).toEqual({ ops: { a: "same", b: "delete" }, errors: {} });
    expect(held()).toEqual(["192.0.2.1 aws/us-east-1"]);
    await up.waitForOutput(
      /warning: origin cloud region mapping 192\.0\.2\.1 .* was not deleted: another resource in this deployment manages it/,
      before,
    );
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
    expect(await up.deploy([mapping("a", "192.0.2.1", "aws", "us-west-2")])).toEqual({
      ops: { a: "update" },
      errors: {},
    });
    expect(held()).toEqual(["192.0.2.1 aws/us-west-2"]);
    const destroy = await command(up);
    await destroy.destroy("a");
    expect(held()).toEqual([]);
  });

  test("without names (a program that does not send them), a delete still never removes the other's mapping", async () => {
    const old = await stateFrom010();
    const up = await command(old);
    const { __resourceName: _a, ...unnamed } = mapping("a", "192.0.2.1").inputs;
    expect(await up.deploy([{ name: "a", inputs: unnamed }])).toEqual({ ops: { a: "same", b: "delete" }, errors: {} });
    expect(held()).toEqual(["192.0.2.1 aws/us-east-1"]);
  });
});

describe("5. pulumi up --replace without adopt", () => {
  // The engine sends a targeted replace Check with no old inputs, then Create: nothing the provider sees tells the
  // resource's own mapping from another's (pulumi/pulumi pkg/resource/deploy/step_generator.go). So the create is
  // refused before any write, and says the two ways that work.
  const forced = async (declared: Partial<Declared> = {}) => {
    const first = await command();
    await first.deploy([mapping("m", "192.0.2.1")]);
    const second = await command(first);
    const { name, inputs } = mapping("m", "192.0.2.1", "aws", "us-west-2", declared.inputs);
    const result = await second.deploy([{ ...declared, name, inputs }], { replace: ["m"] });
    return { result, engine: second };
  };

  test("refused before any write, naming adopt and the deleteBeforeReplace option; nothing changes", async () => {
    const { result, engine } = await forced();
    expect(message(result.errors.m)).toMatch(
      /For `pulumi up --replace` .*set `adopt: true` or give it the `deleteBeforeReplace: true` resource option/,
    );
    expect(held()).toEqual(["192.0.2.1 aws/us-east-1"]);
    expect(inState(engine)).toEqual(held());
  });

  test("with the deleteBeforeReplace option: exactly one mapping with the new values, and the next up is no change", async () => {
    const { result, engine } = await forced({ deleteBeforeReplace: true });
    expect(result).toEqual({ ops: { m: "replace" }, errors: {} });
    expect(held()).toEqual(["192.0.2.1 aws/us-west-2"]);
    expect(inState(engine)).toEqual(held());
    const next = await command(engine);
    expect(await next.deploy([mapping("m", "192.0.2.1", "aws", "us-west-2")])).toEqual({
      ops: { m: "same" },
      errors: {},
    });
  });

  test("with adopt: exactly one mapping with the new values; the old half's delete leaves it", async () => {
    const { result, engine } = await forced({ inputs: { adopt: true } });
    expect(result).toEqual({ ops: { m: "replace" }, errors: {} });
    expect(held()).toEqual(["192.0.2.1 aws/us-west-2"]);
    expect(inState(engine)).toEqual(held());
  });
});

describe("4. OriginCloudRegionSet at the zone's cap, and its outputs", () => {
  const SET_TYPE = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegionSet";
  /** A fake whose zones hold at most 10 mappings, so "full" takes 10 (Cloudflare's cap is 3,500; the rule is the same). */
  const small = useHostedFake({ fake: { maxMappingsPerZone: 10 } });
  let setText: string;
  beforeAll(async () => {
    setText = await serializedSetProviderText();
  });

  const setCommand = async (previous?: MiniEngine, on = small) =>
    previous ?? on.engine({ type: SET_TYPE, providerText: setText });
  const ip = (i: number) => `10.9.0.${i}`;
  const entries = (n: number, region = (_i: number) => "us-east-1", from = 1) =>
    Array.from({ length: n }, (_, k) => ({ originIp: ip(from + k), vendor: "aws", region: region(from + k) }));
  const set = (mappings: Props[], extra: Props = {}) => ({
    name: "s",
    inputs: { zoneId: zone.id, mappings, __resourceName: "s", ...extra },
  });
  const heldBy = (on: { fake: FakeCloudflare }) => heldIn(on.fake, zone.id);
  const outputsOf = (engine: MiniEngine) =>
    Object.entries(
      (engine.state.get("s")?.outputs.mappings ?? {}) as Record<string, { vendor: string; region: string }>,
    )
      .map(([k, m]) => `${k} ${m.vendor}/${m.region}`)
      .sort();

  test("a full zone: changes to 5 existing entries are applied; only the 1 addition fails, by name", async () => {
    const first = await setCommand();
    await first.deploy([set(entries(10))]);
    const up = await setCommand(first);
    const west = (i: number) => (i <= 5 ? "us-west-2" : "us-east-1");
    const result = await up.deploy([
      set([...entries(10, west), { originIp: ip(11), vendor: "aws", region: "us-east-1" }]),
    ]);
    expect(heldBy(small)).toEqual(
      entries(10, west)
        .map((e) => `${e.originIp} aws/${e.region}`)
        .sort(),
    );
    const error = message(result.errors.s);
    expect(error).toMatch(/failed for 1 of 6 mappings/);
    expect(error).toContain(`putting ${ip(11)} (aws/us-east-1)`);
    expect(error).toMatch(/1164/);
    expect(error).not.toContain(`putting ${ip(1)} `);
    expect(outputsOf(up)).toEqual(heldBy(small));
  });

  test("room for 2 of 4 additions: 2 are written, the other 2 fail by name, and state holds exactly what exists", async () => {
    const first = await setCommand();
    await first.deploy([set(entries(8))]);
    const up = await setCommand(first);
    const result = await up.deploy([set(entries(12))]);
    expect(heldBy(small)).toHaveLength(10);
    const error = message(result.errors.s);
    expect(error).toMatch(/failed for 2 of 4 mappings/);
    expect(outputsOf(up)).toEqual(heldBy(small));
    const failedIps = [9, 10, 11, 12].map(ip).filter((x) => error.includes(`putting ${x} `));
    expect(failedIps).toHaveLength(2);
  });

  const deletedOutOfBand = async (ipToDelete: string) =>
    new OriginCloudRegionsApi({ credentials: { apiToken: FAKE_TOKEN }, baseUrl: hosted.fake.baseUrl }).delete(
      zone.id,
      ipToDelete,
    );

  test.each([
    ["adds an entry", (n: number) => entries(n + 1)],
    ["only changes another entry's region", (n: number) => entries(n, (i) => (i === 1 ? "us-west-2" : "us-east-1"))],
  ])(
    "an update that %s restores the set's entry deleted out of band, says so, and claims only what exists",
    async (_what, next) => {
      const first = await setCommand(undefined, hosted);
      await first.deploy([set(entries(3))]);
      await deletedOutOfBand(ip(3));
      const up = await setCommand(first, hosted);
      const before = up.output.length;
      expect(await up.deploy([set(next(3))])).toEqual({ ops: { s: "update" }, errors: {} });
      expect(heldBy(hosted)).toEqual(
        next(3)
          .map((e) => `${e.originIp} aws/${e.region}`)
          .sort(),
      );
      expect(outputsOf(up)).toEqual(heldBy(hosted));
      await up.waitForOutput(
        new RegExp(`restored 1 of the set's mappings that were deleted outside Pulumi: ${ip(3).replace(/\./g, "\\.")}`),
        before,
      );
      const again = await setCommand(up, hosted);
      expect(await again.deploy([set(next(3))])).toEqual({ ops: { s: "same" }, errors: {} });
    },
  );
});
