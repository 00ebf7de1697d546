// The set's resource class on the program side, under Pulumi's mocks: what it registers, `get` and `isInstance`.
import * as pulumi from "@pulumi/pulumi";
import { OriginCloudRegion, OriginCloudRegionSet } from "../../../provider";
import { recordRegistrations } from "../../harness/mocks";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const TYPE = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegionSet";
let registered: pulumi.runtime.MockResourceArgs[];

beforeEach(async () => {
  registered = await recordRegistrations("test", false, (a) => ({
    id: a.id || ZONE,
    state: a.id ? { zoneId: a.id, mappings: { "192.0.2.1": { vendor: "aws", region: "from-read" } } } : a.inputs,
  }));
});

const settled = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));
const defined = (inputs: Record<string, unknown>) =>
  Object.keys(inputs)
    .filter((k) => inputs[k] !== undefined)
    .sort();

test("registers its type token with the inputs, adopt false unless asked, and every output named", async () => {
  const set = new OriginCloudRegionSet("s", {
    zoneId: ZONE,
    mappings: [{ originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" }],
  });
  expect(OriginCloudRegionSet.__pulumiType).toBe(TYPE);
  expect(await settled(set.adopt)).toBe(false);
  expect(registered[0]).toMatchObject({ type: TYPE, name: "s", inputs: { zoneId: ZONE, adopt: false } });
  expect(defined(registered[0].inputs)).toEqual(["__provider", "__resourceName", "adopt", "mappings", "zoneId"]);
  // The provider gets no URN: the class sends the resource's name, to tell two resources on one mapping apart.
  expect(registered[0].inputs.__resourceName).toBe("s");
  expect([set.zoneId, set.mappings, set.adopt, set.claimId].map((o) => pulumi.Output.isInstance(o))).toEqual([
    true,
    true,
    true,
    true,
  ]);
  await settled(new OriginCloudRegionSet("t", { zoneId: ZONE, mappings: [], adopt: true }).urn);
  expect(registered[1].inputs.adopt).toBe(true);
});

test("get(name, zoneId) reads the zone's mappings by id, with no inputs of its own", async () => {
  const existing = OriginCloudRegionSet.get("existing", ZONE);
  expect(await settled(existing.id)).toBe(ZONE);
  expect(await settled(existing.mappings)).toEqual({ "192.0.2.1": { vendor: "aws", region: "from-read" } });
  expect(registered[0]).toMatchObject({ type: TYPE, name: "existing", id: ZONE });
  expect(defined(registered[0].inputs)).toEqual(["__provider"]);
});

test("isInstance recognizes sets by type token, also from another copy of the package, and nothing else", async () => {
  const set = new OriginCloudRegionSet("s", { zoneId: ZONE, mappings: [] });
  const single = new OriginCloudRegion("m", {
    zoneId: ZONE,
    originIp: "192.0.2.1",
    vendor: "aws",
    region: "us-east-1",
  });
  await Promise.all([settled(set.urn), settled(single.urn)]);
  expect(OriginCloudRegionSet.isInstance(set)).toBe(true);
  expect(OriginCloudRegionSet.isInstance({ __pulumiType: TYPE })).toBe(true);
  for (const value of [single, {}, { __pulumiType: "pulumi-nodejs:dynamic:Resource" }, null, undefined, TYPE]) {
    expect(OriginCloudRegionSet.isInstance(value)).toBe(false);
  }
});
