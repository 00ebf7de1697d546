// OriginCloudRegionSet's check called directly, with a scripted supported_regions answer: every failure names the
// entry by index and IP, duplicates name every index, and nothing unknown fails.
import type { OriginCloudRegionsClient, SupportedRegions } from "../../provider/api";
import { MAX_SET_ENTRIES, originCloudRegionSetProvider as provider } from "../../provider/originCloudRegionSetProvider";
import { useApi } from "../../provider/providerContext";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const REGIONS: SupportedRegions = { obtained_codes: true, vendors: { aws: [{ name: "us-east-1", upper_tier_colos: ["IAD"] }], gcp: [{ name: "us-central1", upper_tier_colos: ["ORD"] }] } };
let lookups = 0;

beforeEach(() => {
  lookups = 0;
  useApi({ supportedRegions: async () => (lookups++, REGIONS) } as unknown as OriginCloudRegionsClient);
});
afterEach(() => useApi(undefined));

const check = (mappings: unknown, extra: Record<string, unknown> = {}) => provider.check({}, { zoneId: ZONE, mappings, ...extra });

test("each field failure names the entry's index and IP, under the entry's property", async () => {
  const { failures } = await check([
    { originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" },
    { originIp: "192.0.2.2", vendor: "AWS", region: "us-east-1" },
    { originIp: "192.0.2.3", vendor: "aws", region: "" },
    { originIp: "10.0.0.256", vendor: "aws", region: "us-east-1" },
    { originIp: "192.0.2.5", vendor: "aws", region: "us-east-1", regoin: "x" },
    "192.0.2.6",
  ]);
  expect(failures).toEqual([
    { property: "mappings[1].vendor", reason: 'mappings[1] ("192.0.2.2"): vendor "AWS" is not supported: expected one of aws, azure, gcp, oci (lower case) (did you mean aws?)' },
    { property: "mappings[2].region", reason: expect.stringMatching(/^mappings\[2\] \("192\.0\.2\.3"\): region "" must be a non-empty string/) },
    { property: "mappings[3].originIp", reason: expect.stringMatching(/^mappings\[3\] \("10\.0\.0\.256"\): originIp "10\.0\.0\.256" is not a valid IP address/) },
    { property: "mappings[4].regoin", reason: 'mappings[4] ("192.0.2.5"): unknown property "regoin": an entry of mappings takes originIp, vendor, region (did you mean region?)' },
    { property: "mappings[5]", reason: 'mappings[5] "192.0.2.6" must be an object with originIp, vendor and region' },
  ]);
  expect(lookups).toBe(0); // regions are verified only once the rest is fine
});

test("entries for one canonical IP are one failure naming every index", async () => {
  const { failures } = await check([
    { originIp: "2001:db8::1", vendor: "aws", region: "us-east-1" },
    { originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" },
    { originIp: "2001:DB8:0::1", vendor: "gcp", region: "us-central1" },
    { originIp: "2001:0db8::1", vendor: "aws", region: "us-east-1" },
  ]);
  expect(failures).toEqual([
    {
      property: "mappings[2].originIp",
      reason: 'mappings[0] ("2001:db8::1"), mappings[2] ("2001:DB8:0::1"), mappings[3] ("2001:0db8::1") are one IP, 2001:db8::1: declare each origin IP once (IPs are compared in canonical form)',
    },
  ]);
});

test("regions are verified with one lookup; a bad one names its entry", async () => {
  const { inputs, failures } = await check([
    { originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" },
    { originIp: "192.0.2.2", vendor: "aws", region: "us-central1" },
  ]);
  expect(lookups).toBe(1);
  expect(failures).toEqual([{ property: "mappings[1].region", reason: expect.stringMatching(/^mappings\[1\] \("192\.0\.2\.2"\): region "us-central1" is not a supported aws region: .*us-central1 is a gcp region/) }]);
  expect(inputs?.zoneId).toBe(ZONE);
});

test("valid entries come back keyed by canonical IP, zone id in lower case, adopt defaulted", async () => {
  const { inputs, failures } = await provider.check({}, { zoneId: ZONE.toUpperCase(), mappings: [{ originIp: "2001:DB8::1", vendor: "gcp", region: "us-central1" }] });
  expect(failures).toEqual([]);
  expect(inputs).toEqual({ zoneId: ZONE, adopt: false, mappings: { "2001:db8::1": { vendor: "gcp", region: "us-central1" } } });
  // Checking checked inputs again (keyed) gives the same.
  expect((await provider.check({}, inputs!)).inputs).toEqual(inputs);
});

test("set-level failures: misspelt property, bad zone, mappings not an array, adopt not boolean, over the cap", async () => {
  const failures = (await provider.check({}, { zoneId: "nope", mapping: [], mappings: 7, adopt: "yes" })).failures ?? [];
  expect(failures.map((f) => f.property)).toEqual(["mapping", "zoneId", "adopt", "mappings"]);
  expect(failures[0].reason).toContain("(did you mean mappings?)");
  const over = Array.from({ length: MAX_SET_ENTRIES + 1 }, (_, i) => ({ originIp: `10.0.${i >> 8}.${i & 255}`, vendor: "aws", region: "us-east-1" }));
  expect((await check(over)).failures).toEqual([{ property: "mappings", reason: expect.stringContaining("mappings has 3501 entries: a zone holds at most 3500 mappings") }]);
});

test("unknown values never fail", async () => {
  expect((await provider.check({}, { zoneId: UNKNOWN, mappings: UNKNOWN, adopt: UNKNOWN })).failures).toEqual([]);
  const { inputs, failures } = await check([UNKNOWN, { originIp: "192.0.2.1", vendor: UNKNOWN, region: UNKNOWN }]);
  expect(failures).toEqual([]);
  expect(inputs?.mappings).toBe(UNKNOWN);
  const known = await check([{ originIp: "192.0.2.1", vendor: "aws", region: UNKNOWN }]);
  expect(known.inputs?.mappings).toEqual({ "192.0.2.1": { vendor: "aws", region: UNKNOWN } });
});
