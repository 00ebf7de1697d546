// Hostile inputs through `check`, on the real provider host and on the provider plugin (`[dynamic]`, `[plugin]`): each
// one is a check failure naming the property, and no request reaches Cloudflare but the one supported_regions lookup
// that region validation needs.
import { ADAPTERS, TYPES } from "../harness/adapters";
import type { MiniEngine } from "../harness/engine";
import { useHostedFake } from "../harness/hostedFake";
import type { Props } from "../harness/providerHost";
import { serializedSetProviderText } from "../harness/serializedProvider";

const ZONE = "0000000000000000000000000000b001";
const VALID = { zoneId: ZONE, originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" };

const hosted = useHostedFake();

const cases = (property: string, values: unknown[]): [string, unknown, Props][] =>
  values.map((value) => [property, value, { ...VALID, [property]: value }]);

const HOSTILE: [string, unknown, Props][] = [
  ...cases("originIp", [
    "192.0.2.01",
    "10.0.0.0/8",
    "192.0.2.1:443",
    "[2001:db8::1]",
    "fe80::1%eth0",
    "256.1.1.1",
    "1.2.3",
    "0x7f.0.0.1",
    "2001:db8:::1",
    "2001:db8::1::2",
    "g::1",
    "",
    " ",
    "192.0.2.1 ",
    "localhost",
    "example.com",
    "1e3",
    "１９２.0.2.1",
    "192.0.2.1\n",
    "2001:db8::1/64",
    "1.2.3.4.5",
    "2001:db8:0:0:0:0:0:0:1",
    "::ffff:999.0.0.1",
    3221225985,
    null,
    true,
    {},
    [],
  ]),
  ...cases("zoneId", [
    "",
    "abc",
    "023e105f4ecef8ad9ca31a8372d0c35",
    "023e105f4ecef8ad9ca31a8372d0c3533",
    "g".repeat(32),
    "../../accounts",
    "023e105f-4ecef8ad9ca31a8372d0c353",
    ` ${ZONE}`,
    `${ZONE}\n`,
    12345,
    null,
    {},
  ]),
  ...cases("vendor", ["AWS", "amazon", "", "aws ", "Azure", "google", "oracle", null, 1, {}]),
  ...cases("region", ["", "us-east1", "US-EAST-1", "mars-north-1", "us-east-1 ", "us-central1", "../x", null, 7, {}]),
  ...cases("adopt", ["yes", "true", 1, {}, []]),
  ...[
    ["regoin", "us-east-1"],
    ["originIP", "192.0.2.1"],
    ["zone_id", ZONE],
    ["vendorName", "aws"],
    ["__proto_", 1],
  ].map(([name, value]): [string, unknown, Props] => [name as string, value, { ...VALID, [name as string]: value }]),
];

test(`suite check: at least 60 hostile inputs are tried (${HOSTILE.length})`, () => {
  expect(HOSTILE.length).toBeGreaterThanOrEqual(60);
});

/** Wrong-typed values that survive the trip to the host as JSON and break naive formatting (String(value), `${value}`). */
const WRONG_TYPES: [string, unknown][] = [
  ["an object whose toString is not a function", { toString: "x" }],
  ["an object whose toString and valueOf are not functions", { toString: 1, valueOf: 2 }],
  ["an object with a Symbol.toPrimitive key", { "Symbol(Symbol.toPrimitive)": 1, constructor: "x" }],
  ["an empty array", []],
  ["an array holding the unknown value", ["04da6b54-80e4-46f7-96ec-b56ff0331ba9"]],
  ["a nested object", { a: { b: [{ c: null }] } }],
  ["a huge string", "9".repeat(1_000_000)],
];
describe.each(ADAPTERS)("[%s]", (adapter) => {
  let engine: MiniEngine;
  /** The set's engine: the same stack (and host), its own type. */
  let set: MiniEngine;
  beforeAll(async () => {
    // Each case is one Check, as a preview of one resource would send it. One host serves them all: a host per case
    // would add its start to each of 70 cases, and all a host keeps between checks is the zone's supported regions,
    // which the cases leave out of what they assert.
    engine = hosted.engine({
      adapter,
      shareHost: "70 one-Check cases; a host keeps only supported regions between them, which no case asserts on",
    });
    set = engine.forType(TYPES[adapter].set, adapter === "dynamic" ? await setText() : undefined);
  });
  afterAll(() => engine?.stop());
  const check = (news: Props) => engine.command((host) => host.check(engine.urn("m"), {}, engine.withProvider(news)));

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

  describe.each(WRONG_TYPES)("%s", (_name, value) => {
    test.each(["zoneId", "originIp", "vendor", "region", "adopt"])(
      "as OriginCloudRegion's %s is a check failure on it, quoted short",
      async (property) => {
        const result = await engine.command((host) =>
          host.check(engine.urn("m"), {}, engine.withProvider({ ...VALID, [property]: value })),
        );
        expect(result.failures.map((f) => f.property)).toEqual([property]);
        expect(result.failures[0].reason).toMatch(
          new RegExp(`^${property} .*(expected|must be|not a valid IP address)`),
        );
        expect(result.failures[0].reason.length).toBeLessThan(600);
      },
      20_000,
    );

    test.each(["zoneId", "originIp", "vendor", "region"])(
      "as a set entry's %s is a check failure on it",
      async (property) => {
        const entry = { originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" };
        const news =
          property === "zoneId"
            ? { zoneId: value, mappings: [entry] }
            : { zoneId: ZONE, mappings: [entry, { ...entry, originIp: "192.0.2.2", [property]: value }] };
        const result = await engine.command((host) => host.check(set.urn("s"), {}, set.withProvider(news)));
        const where = property === "zoneId" ? "zoneId" : `mappings[1].${property}`;
        expect(result.failures.map((f) => f.property)).toEqual([where]);
        expect(result.failures[0].reason.length).toBeLessThan(600);
      },
      20_000,
    );

    test("as the set's mappings (unless an array), or as one entry, is a check failure on it", async () => {
      const results = await engine.command(async (host) => [
        await host.check(set.urn("s"), {}, set.withProvider({ zoneId: ZONE, mappings: [value] })),
        ...(Array.isArray(value)
          ? []
          : [await host.check(set.urn("s"), {}, set.withProvider({ zoneId: ZONE, mappings: value }))]),
      ]);
      for (const result of results) {
        expect(result.failures.length).toBeGreaterThan(0);
        expect(result.failures.every((f) => /^mappings/.test(f.property) && f.reason.length < 600)).toBe(true);
      }
    }, 20_000);

    test("in state read back (refresh of a hand-edited state) is an error naming the field, not a TypeError", async () => {
      const props = engine.withProvider({ ...VALID, originIp: value });
      const error = await engine
        .command((host) => host.read(engine.urn("m"), `${ZONE}/192.0.2.1`, props, props))
        .then(
          () => undefined,
          (e: Error & { details?: string }) => e.details ?? e.message,
        );
      expect(error).toMatch(/originIp .* is not a valid IP address/);
      expect(error).not.toMatch(/TypeError|Cannot convert/);
    }, 20_000);
  });
});

let setProviderText: string | undefined;
/** The set's serialized provider. */
async function setText(): Promise<string> {
  setProviderText ??= await serializedSetProviderText();
  return setProviderText;
}
