// The test kit in-process: registrations through Pulumi's mocks with the real resource classes (what a user's test
// does), and refusals through the kit's `newResource` directly. A refused registration ends in rejections Pulumi's
// runtime leaves unhandled on purpose (they fail the program, and a jest test), so a test expecting one calls the
// mocks as the runtime would; tests/examples/testing.test.ts shows the unhandled path failing a real test run.
import * as pulumi from "@pulumi/pulumi";
import {
  OriginCloudRegion,
  OriginCloudRegionSet,
  getOriginCloudRegions,
  getOriginCloudRegionsOutput,
  getSupportedRegions,
} from "pulumi-cloudflare-origin-cloud-regions";
import {
  KNOWN_SUPPORTED_REGIONS,
  originCloudRegionMocks,
  type OriginCloudRegionMocksOptions,
} from "pulumi-cloudflare-origin-cloud-regions/testing";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const MAPPING = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion";
const SET = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegionSet";
const NOW = new Date("2026-05-04T10:20:30.456Z");
const savedEnv = { ...process.env };

beforeEach(() => {
  // Credentials nowhere: the kit must need none.
  for (const key of Object.keys(process.env)) if (/^CLOUDFLARE_/.test(key)) delete process.env[key];
  pulumi.runtime.setAllConfig({});
});
afterEach(() => {
  process.env = { ...savedEnv };
});

/** An output's value (rejecting when its resource was refused), and whether it is known and secret: Output internals. */
const valueOf = <T>(o: pulumi.Output<T>): Promise<T> => (o as unknown as { promise(): Promise<T> }).promise();
const isKnown = (o: pulumi.Output<unknown>): Promise<boolean> =>
  (o as unknown as { isKnown: Promise<boolean> }).isKnown;
const isSecret = (o: pulumi.Output<unknown>): Promise<boolean> =>
  (o as unknown as { isSecret: Promise<boolean> }).isSecret;

/** A resource of a type this package does not own, for the fallback. */
class Other extends pulumi.CustomResource {
  constructor(type: string, name: string, props: Record<string, unknown>) {
    super(type, name, props);
  }
}

async function useKit(options: OriginCloudRegionMocksOptions = {}, preview = false) {
  const mocks = originCloudRegionMocks({ now: () => NOW, ...options });
  await pulumi.runtime.setMocks(mocks, "proj", "test", preview);
  return mocks;
}

/** A registration as the OriginCloudRegion class sends it, to the kit's newResource. */
function register(mocks: pulumi.runtime.Mocks, name: string, inputs: Record<string, unknown>, type = MAPPING) {
  return Promise.resolve().then(() =>
    mocks.newResource({ type, name, inputs: { adopt: false, __resourceName: name, ...inputs }, custom: true }),
  );
}

describe("outputs, as the provider returns them", () => {
  test("an OriginCloudRegion: canonical IP, id <zone>/<ip>, zone id lower case, adopt false, modifiedOn", async () => {
    const mocks = await useKit();
    const web = new OriginCloudRegion("web", {
      zoneId: ZONE.toUpperCase(),
      originIp: "2001:0DB8:0000::0010",
      vendor: "aws",
      region: "us-east-1",
    });
    const [id, zoneId, originIp, adopt, modifiedOn] = await Promise.all(
      [web.id, web.zoneId, web.originIp, web.adopt, web.modifiedOn].map((o) => valueOf<unknown>(o)),
    );
    expect({ id, zoneId, originIp, adopt, modifiedOn }).toEqual({
      id: `${ZONE}/2001:db8::10`,
      zoneId: ZONE,
      originIp: "2001:db8::10",
      adopt: false,
      modifiedOn: "2026-05-04T10:20:30Z",
    });
    expect(mocks.mappingsOf(ZONE)).toEqual([
      { originIp: "2001:db8::10", vendor: "aws", region: "us-east-1", modifiedOn: "2026-05-04T10:20:30Z" },
    ]);
  });

  test("an OriginCloudRegionSet: id is the zone id, mappings keyed by canonical IP", async () => {
    await useKit();
    const edge = new OriginCloudRegionSet("edge", {
      zoneId: ZONE,
      mappings: [
        { originIp: "2001:DB8::1", vendor: "gcp", region: "us-central1" },
        { originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" },
      ],
    });
    expect(await valueOf(edge.id)).toBe(ZONE);
    expect(await valueOf(edge.mappings)).toEqual({
      "2001:db8::1": { vendor: "gcp", region: "us-central1" },
      "192.0.2.1": { vendor: "aws", region: "us-east-1" },
    });
    expect(await valueOf(edge.adopt)).toBe(false);
  });

  test("adopt: true takes over a mapping the described zone holds, and writes the declared values", async () => {
    const mocks = await useKit({
      zones: {
        [ZONE]: {
          mappings: [{ originIp: "192.0.2.1", vendor: "aws", region: "us-west-2", modifiedOn: "2026-01-01T00:00:00Z" }],
        },
      },
    });
    const web = new OriginCloudRegion("web", {
      zoneId: ZONE,
      originIp: "192.0.2.1",
      vendor: "aws",
      region: "us-east-1",
      adopt: true,
    });
    expect(await valueOf(web.region)).toBe("us-east-1");
    expect(await valueOf(web.adopt)).toBe(true);
    expect(mocks.mappingsOf(ZONE)).toEqual([
      { originIp: "192.0.2.1", vendor: "aws", region: "us-east-1", modifiedOn: "2026-05-04T10:20:30Z" },
    ]);
  });

  test("in a preview the outputs are the checked inputs, and the id is unknown", async () => {
    await useKit({}, true);
    const web = new OriginCloudRegion("web", {
      zoneId: ZONE,
      originIp: "2001:DB8::1",
      vendor: "gcp",
      region: "us-central1",
    });
    expect(await valueOf(web.originIp)).toBe("2001:db8::1");
    expect(await isKnown(web.id)).toBe(false);
    expect(await isKnown(web.modifiedOn)).toBe(false);
  });

  test("a secret input stays secret on the output", async () => {
    await useKit();
    const web = new OriginCloudRegion("web", {
      zoneId: pulumi.secret(ZONE),
      originIp: "192.0.2.7",
      vendor: "aws",
      region: "us-east-1",
    });
    expect(await valueOf(web.zoneId)).toBe(ZONE);
    expect(await isSecret(web.zoneId)).toBe(true);
    expect(await isSecret(web.originIp)).toBe(false);
  });
});

describe("refusals, with the lines pulumi preview prints", () => {
  test("a region the package does not know for the vendor", async () => {
    const mocks = await useKit();
    await expect(
      register(mocks, "web", { zoneId: ZONE, originIp: "192.0.2.1", vendor: "aws", region: "us-east-9" }),
    ).rejects.toThrow(
      `${MAPPING} resource 'web': property region value {us-east-9} has a problem: region "us-east-9" is not a supported aws region: expected one of us-east-1, us-west-2 (did you mean us-east-1?)`,
    );
  });

  test("an IP, a vendor and a zone id, one line each", async () => {
    const mocks = await useKit();
    const refusal = register(mocks, "web", {
      zoneId: "not-a-zone",
      originIp: "192.0.2.300",
      vendor: "AWS",
      region: "us-east-1",
    });
    const lines = ((await refusal.catch((e: Error) => e.message)) as string).split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^pulumi-nodejs:dynamic\/cloudflare:OriginCloudRegion resource 'web': property zoneId value \{not-a-zone\} has a problem: zoneId "not-a-zone" is not a Cloudflare zone id/,
    );
    expect(lines[1]).toMatch(/property originIp value \{192\.0\.2\.300\} has a problem: .*192\.0\.2\.300/);
    expect(lines[2]).toMatch(
      /property vendor value \{AWS\} has a problem: vendor "AWS" is not supported: expected one of aws, azure, gcp, oci \(lower case\)/,
    );
  });

  test("a set's entry, named by index and IP", async () => {
    const mocks = await useKit();
    const mappings = [
      { originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" },
      { originIp: "192.0.2.2", vendor: "gcp", region: "us-east-1" },
    ];
    await expect(register(mocks, "edge", { zoneId: ZONE, mappings }, SET)).rejects.toThrow(
      `${SET} resource 'edge': property mappings[1].region value {<nil>} has a problem: mappings[1] ("192.0.2.2"): region "us-east-1" is not a supported gcp region: expected one of us-central1, europe-west1; us-east-1 is a aws region, so perhaps vendor should be "aws"`,
    );
  });

  test("creating over a mapping the described zone holds, without adopt: the provider's create message", async () => {
    const mocks = await useKit({
      zones: { [ZONE]: { mappings: [{ originIp: "192.0.2.1", vendor: "gcp", region: "us-central1" }] } },
    });
    await expect(
      register(mocks, "web", { zoneId: ZONE, originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" }),
    ).rejects.toThrow(
      `creating origin cloud region mapping 192.0.2.1 in zone ${ZONE} failed: the zone already maps 192.0.2.1 to vendor gcp, region us-central1`,
    );
    expect(mocks.mappingsOf(ZONE).map((m) => `${m.originIp} ${m.vendor}/${m.region}`)).toEqual([
      "192.0.2.1 gcp/us-central1",
    ]);
  });

  test("two resources of one program for one IP: the second is refused", async () => {
    const mocks = await useKit();
    await register(mocks, "a", { zoneId: ZONE, originIp: "2001:db8::1", vendor: "aws", region: "us-east-1" });
    await expect(
      register(mocks, "b", { zoneId: ZONE, originIp: "2001:DB8:0::1", vendor: "aws", region: "us-west-2" }),
    ).rejects.toThrow(
      "another resource in this deployment manages it (it created 2001:db8::1), and two resources cannot manage one mapping",
    );
  });

  test("a fresh kit is a fresh deployment: the same program runs again", async () => {
    for (let run = 0; run < 2; run++) {
      const mocks = await useKit();
      await expect(
        register(mocks, "a", { zoneId: ZONE, originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" }),
      ).resolves.toMatchObject({ id: `${ZONE}/192.0.2.1` });
    }
  });
});

describe("regions", () => {
  test("the test's list replaces the package's for the vendors it names; a zone's own list wins", async () => {
    const mocks = await useKit({
      supportedRegions: { aws: ["eu-west-1"] },
      zones: { [ZONE.replace(/^0/, "1")]: { supportedRegions: { aws: ["ap-south-1"] } } },
    });
    await expect(
      register(mocks, "a", { zoneId: ZONE, originIp: "192.0.2.1", vendor: "aws", region: "eu-west-1" }),
    ).resolves.toBeDefined();
    await expect(
      register(mocks, "b", { zoneId: ZONE, originIp: "192.0.2.2", vendor: "aws", region: "us-east-1" }),
    ).rejects.toThrow("expected one of eu-west-1");
    await expect(
      register(mocks, "c", { zoneId: ZONE, originIp: "192.0.2.3", vendor: "gcp", region: "us-central1" }),
    ).resolves.toBeDefined();
    await expect(
      register(mocks, "d", {
        zoneId: ZONE.replace(/^0/, "1"),
        originIp: "192.0.2.4",
        vendor: "aws",
        region: "eu-west-1",
      }),
    ).rejects.toThrow("expected one of ap-south-1");
  });

  test("getSupportedRegions answers the package's list, offline", async () => {
    await useKit();
    const answer = await getSupportedRegions({ zoneId: ZONE });
    expect(answer).toEqual({ zoneId: ZONE, obtainedCodes: true, vendors: KNOWN_SUPPORTED_REGIONS });
  });
});

describe("lookups", () => {
  test("getOriginCloudRegions answers from the zone as described: canonical, in address order, no credentials", async () => {
    await useKit({
      zones: {
        [ZONE]: {
          mappings: [
            { originIp: "2001:0DB8::10", vendor: "gcp", region: "us-central1", modifiedOn: "2026-03-01T12:00:00Z" },
            { originIp: "192.0.2.10", vendor: "aws", region: "us-east-1" },
          ],
        },
      },
    });
    // The program's own writes do not change what the lookups see: they answer the zone as it was described.
    new OriginCloudRegion("web", { zoneId: ZONE, originIp: "192.0.2.9", vendor: "aws", region: "us-east-1" });
    const result = await valueOf(getOriginCloudRegionsOutput({ zoneId: ZONE }));
    expect(result).toEqual({
      zoneId: ZONE,
      mappings: [
        {
          id: `${ZONE}/192.0.2.10`,
          originIp: "192.0.2.10",
          vendor: "aws",
          region: "us-east-1",
          modifiedOn: "2026-05-04T10:20:30Z",
        },
        {
          id: `${ZONE}/2001:db8::10`,
          originIp: "2001:db8::10",
          vendor: "gcp",
          region: "us-central1",
          modifiedOn: "2026-03-01T12:00:00Z",
        },
      ],
    });
    expect(await getOriginCloudRegions({ zoneId: "0".repeat(32) })).toEqual({ zoneId: "0".repeat(32), mappings: [] });
  });

  test("a malformed zone id is refused as without the kit", async () => {
    await useKit();
    await expect(getOriginCloudRegions({ zoneId: "nope" })).rejects.toThrow(
      'zoneId "nope" is not a Cloudflare zone id',
    );
  });
});

describe("composition with the user's mocks", () => {
  test("other resource types and calls go to the fallback", async () => {
    const seen: string[] = [];
    await useKit({
      fallback: {
        newResource: (a) => (seen.push(a.type), { id: "zone-1", state: { ...a.inputs, zoneId: ZONE } }),
        call: (a) => (seen.push(a.token), { answer: 42 }),
      },
    });
    const zone = new Other("cloudflare:index/zone:Zone", "zone", { zone: "example.com", zoneId: undefined });
    const zoneId = (zone as unknown as { zoneId: pulumi.Output<string> }).zoneId;
    const web = new OriginCloudRegion("web", { zoneId, originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" });
    expect(await valueOf(web.id)).toBe(`${ZONE}/192.0.2.1`);
    expect(await pulumi.runtime.invoke("cloudflare:index/getZone:getZone", {})).toEqual({ answer: 42 });
    expect(seen).toEqual(["cloudflare:index/zone:Zone", "cloudflare:index/getZone:getZone"]);
  });

  test("without a fallback, another resource's outputs are its inputs", async () => {
    await useKit();
    const other = new Other("test:index:Thing", "thing", { size: 3, out: undefined });
    expect(await valueOf((other as unknown as { size: pulumi.Output<number> }).size)).toBe(3);
  });

  test("a described zone with a malformed id is refused when the kit is made", () => {
    expect(() => originCloudRegionMocks({ zones: { "zone-1": {} } })).toThrow(
      'originCloudRegionMocks: zoneId "zone-1" is not a Cloudflare zone id',
    );
  });
});
