// The resource class on the program side, under Pulumi's mocks: what it registers, `get` and `isInstance`.
import * as pulumi from "@pulumi/pulumi";
import { OriginCloudRegion } from "../../../provider";
import { recordRegistrations } from "../../harness/mocks";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const TYPE = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion";
let registered: pulumi.runtime.MockResourceArgs[];

beforeEach(async () => {
  registered = await recordRegistrations("test", false, (a) => ({
    id: a.id || `${a.name}-id`,
    state: { ...a.inputs, region: a.id ? "from-read" : a.inputs.region },
  }));
});

const settled = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

test("get(name, id) reads the mapping by id, with the resource's type token and no inputs of its own", async () => {
  const existing = OriginCloudRegion.get("existing", `${ZONE}/192.0.2.1`);
  expect(await settled(existing.id)).toBe(`${ZONE}/192.0.2.1`);
  expect(await settled(existing.region)).toBe("from-read");
  expect(registered).toHaveLength(1);
  expect(registered[0]).toMatchObject({ type: TYPE, name: "existing", id: `${ZONE}/192.0.2.1` });
  expect(Object.keys(registered[0].inputs).filter((k) => registered[0].inputs[k] !== undefined)).toEqual([
    "__provider",
  ]);
});

test("get keeps the caller's other options", async () => {
  const parent = new OriginCloudRegion("parent", {
    zoneId: ZONE,
    originIp: "192.0.2.2",
    vendor: "aws",
    region: "us-east-1",
  });
  const child = OriginCloudRegion.get("child", `${ZONE}/192.0.2.3`, { parent });
  expect(await settled(child.urn)).toContain(`${TYPE}$${TYPE}::child`);
});

test("isInstance recognizes OriginCloudRegions by type token, also from another copy of the package", async () => {
  const mapping = new OriginCloudRegion("m", {
    zoneId: ZONE,
    originIp: "192.0.2.1",
    vendor: "aws",
    region: "us-east-1",
  });
  class Zone extends pulumi.CustomResource {}
  const other = new Zone("cloudflare:index/zone:Zone", "z", {});
  expect(OriginCloudRegion.isInstance(mapping)).toBe(true);
  expect(OriginCloudRegion.isInstance(OriginCloudRegion.get("g", `${ZONE}/192.0.2.9`))).toBe(true);
  expect(OriginCloudRegion.isInstance({ __pulumiType: TYPE })).toBe(true); // what a second copy's instance carries
  for (const value of [other, {}, { __pulumiType: "pulumi-nodejs:dynamic:Resource" }, null, undefined, TYPE]) {
    expect(OriginCloudRegion.isInstance(value)).toBe(false);
  }
});

test("sends its name as the __resourceName input: the provider gets no URN, and tells two resources on one mapping apart by it", async () => {
  const r = new OriginCloudRegion("web-1", { zoneId: ZONE, originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" });
  await settled(r.urn);
  expect(registered[0].inputs).toMatchObject({
    __resourceName: "web-1",
    zoneId: ZONE,
    originIp: "192.0.2.1",
    adopt: false,
  });
});
