// Hostile inputs through `check` on the real provider host: each one is a check failure naming the property, and no
// request reaches Cloudflare but the one supported_regions lookup that region validation needs.
import { useHostedFake } from "../harness/hostedFake";
import type { Props } from "../harness/providerHost";

const ZONE = "0000000000000000000000000000b001";
const VALID = { zoneId: ZONE, originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" };

const hosted = useHostedFake();

const cases = (property: string, values: unknown[]): [string, unknown, Props][] =>
  values.map((value) => [property, value, { ...VALID, [property]: value }]);

const HOSTILE: [string, unknown, Props][] = [
  ...cases("originIp", [
    "192.0.2.01", "10.0.0.0/8", "192.0.2.1:443", "[2001:db8::1]", "fe80::1%eth0", "256.1.1.1", "1.2.3", "0x7f.0.0.1",
    "2001:db8:::1", "2001:db8::1::2", "g::1", "", " ", "192.0.2.1 ", "localhost", "example.com", "1e3", "１９２.0.2.1",
    "192.0.2.1\n", "2001:db8::1/64", "1.2.3.4.5", "2001:db8:0:0:0:0:0:0:1", "::ffff:999.0.0.1", 3221225985, null, true, {}, [],
  ]),
  ...cases("zoneId", [
    "", "abc", "023e105f4ecef8ad9ca31a8372d0c35", "023e105f4ecef8ad9ca31a8372d0c3533", "g".repeat(32), "../../accounts",
    "023e105f-4ecef8ad9ca31a8372d0c353", ` ${ZONE}`, `${ZONE}\n`, 12345, null, {},
  ]),
  ...cases("vendor", ["AWS", "amazon", "", "aws ", "Azure", "google", "oracle", null, 1, {}]),
  ...cases("region", ["", "us-east1", "US-EAST-1", "mars-north-1", "us-east-1 ", "us-central1", "../x", null, 7, {}]),
  ...cases("adopt", ["yes", "true", 1, {}, []]),
  ...[["regoin", "us-east-1"], ["originIP", "192.0.2.1"], ["zone_id", ZONE], ["vendorName", "aws"], ["__proto_", 1]].map(
    ([name, value]): [string, unknown, Props] => [name as string, value, { ...VALID, [name as string]: value }],
  ),
];

test(`at least 60 hostile inputs are tried (${HOSTILE.length})`, () => {
  expect(HOSTILE.length).toBeGreaterThanOrEqual(60);
});

test.each(HOSTILE)("%s = %j is a check failure naming %s, and sends nothing", async (property, _value, news) => {
  const { fake, host, providerText } = hosted;
  fake.resetRequests();
  const result = await host.check("urn:pulumi:test::proj::pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion::m", {}, { ...news, __provider: providerText });
  expect(result.failures.map((f) => f.property)).toContain(property);
  const failure = result.failures.find((f) => f.property === property)!;
  expect(failure.reason).toMatch(/expected|must be|unknown property|not a valid IP address/);
  expect(fake.requests.filter((r) => r.route !== "supportedRegions")).toEqual([]);
});

test("a valid input passes (the suite is not refusing everything)", async () => {
  const result = await hosted.host.check("urn:pulumi:test::proj::pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion::m", {}, { ...VALID, __provider: hosted.providerText });
  expect(result.failures).toEqual([]);
});
