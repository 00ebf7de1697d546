// Hostile inputs through `check` on the real provider host: each one is a check failure naming the property, and no
// request reaches Cloudflare but the one supported_regions lookup that region validation needs.
import type { MiniEngine } from "../harness/engine";
import { useHostedFake } from "../harness/hostedFake";
import type { Props } from "../harness/providerHost";

const ZONE = "0000000000000000000000000000b001";
const VALID = { zoneId: ZONE, originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" };

const hosted = useHostedFake();
let engine: MiniEngine;
beforeAll(() => {
  // Each case is one Check, as a preview of one resource would send it. One host serves them all: a host per case
  // would add its start to each of 70 cases, and all a host keeps between checks is the zone's supported regions,
  // which the cases leave out of what they assert.
  engine = hosted.engine({ shareHost: "70 one-Check cases; a host keeps only supported regions between them, which no case asserts on" });
});
afterAll(() => engine?.stop());
const check = (news: Props) => engine.command((host) => host.check(engine.urn("m"), {}, engine.withProvider(news)));

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

test(`suite check: at least 60 hostile inputs are tried (${HOSTILE.length})`, () => {
  expect(HOSTILE.length).toBeGreaterThanOrEqual(60);
});

test.each(HOSTILE)("%s = %j is a check failure naming %s, and sends nothing", async (property, _value, news) => {
  hosted.fake.resetRequests();
  const result = await check(news);
  expect(result.failures.map((f) => f.property)).toContain(property);
  const failure = result.failures.find((f) => f.property === property)!;
  expect(failure.reason).toMatch(/expected|must be|unknown property|not a valid IP address/);
  expect(hosted.fake.requests.filter((r) => r.route !== "supportedRegions")).toEqual([]);
});

test("suite check: a valid input passes (the suite is not refusing everything)", async () => {
  const result = await check(VALID);
  expect(result.failures).toEqual([]);
});
