// The provider operations called directly, with a scripted client where the fake cannot stage the case: a PUT whose
// outcome is unknown (the connection dropped after Cloudflare may have applied it).
import { CloudflareApiError, type OriginCloudRegion, type OriginCloudRegionsClient } from "../../provider/api";
import { originCloudRegionProvider as provider, parseMappingId } from "../../provider/originCloudRegionProvider";
import { useApi } from "../../provider/providerContext";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const lost = () => new CloudflareApiError({ kind: "network", method: "PUT", path: `/zones/${ZONE}/origin/cloud_regions/192.0.2.1`, attempts: 5, detail: "socket hang up" });

/** A client whose `get` answers from `held` and whose `put` fails as told, recording every call. */
function scripted(held: () => OriginCloudRegion | undefined, putError: CloudflareApiError) {
  const calls: string[] = [];
  const refuse = () => Promise.reject(new Error("not used"));
  const client: OriginCloudRegionsClient = {
    get: async (_zone, ip) => (calls.push(`get ${ip}`), held()),
    put: async (_zone, m) => (calls.push(`put ${m.origin_ip}`), Promise.reject(putError)),
    delete: refuse,
    list: refuse,
    batchPut: refuse,
    batchDelete: refuse,
    supportedRegions: refuse,
  };
  return { client, calls };
}

afterEach(() => useApi(undefined));

const inputs = { zoneId: ZONE, originIp: "192.0.2.1", vendor: "aws" as const, region: "us-east-1" };

test("a PUT lost in transit that did land is a successful create", async () => {
  let landed: OriginCloudRegion | undefined;
  const { client, calls } = scripted(() => landed, lost());
  client.put = async (_zone, m) => {
    calls.push(`put ${m.origin_ip}`);
    landed = { ...m, modified_on: "2026-11-26T00:00:00Z" };
    throw lost();
  };
  useApi(client);
  const result = await provider.create(inputs);
  expect(result).toEqual({ id: `${ZONE}/192.0.2.1`, outs: { ...inputs, adopt: false, modifiedOn: "2026-11-26T00:00:00Z" } });
  expect(calls).toEqual(["get 192.0.2.1", "put 192.0.2.1", "get 192.0.2.1"]);
});

test("a PUT lost in transit that did not land fails with the original error, after one look", async () => {
  const { client, calls } = scripted(() => undefined, lost());
  useApi(client);
  await expect(provider.create(inputs)).rejects.toThrow(
    `creating origin cloud region mapping 192.0.2.1 in zone ${ZONE} failed: PUT /zones/${ZONE}/origin/cloud_regions/192.0.2.1 failed after 5 attempts: socket hang up`,
  );
  expect(calls).toEqual(["get 192.0.2.1", "put 192.0.2.1", "get 192.0.2.1"]);
});

test("a definite refusal (4xx) is reported without a second look", async () => {
  const refused = new CloudflareApiError({ kind: "api", method: "PUT", path: "/p", status: 400, errors: [{ code: 1157, message: "no such region" }], attempts: 1 });
  const { client, calls } = scripted(() => undefined, refused);
  useApi(client);
  await expect(provider.update("id", { ...inputs, adopt: false }, inputs)).rejects.toThrow(/Cloudflare error 1157: no such region \[HTTP 400\]\. Fix: vendor must be/);
  expect(calls).toEqual(["put 192.0.2.1"]);
});

describe("diff", () => {
  const olds = { ...inputs, adopt: false, modifiedOn: "2026-11-26T00:00:00Z" };
  test.each([
    ["nothing", {}, { changes: false, replaces: [] }],
    ["the IPv4-mapped form of the IP (another key)", { originIp: "::ffff:c000:201" }, { changes: true, replaces: ["originIp"] }],
    ["the zone id's case", { zoneId: ZONE.toUpperCase() }, { changes: false, replaces: [] }],
    ["adopt", { adopt: true }, { changes: false, replaces: [] }],
    ["region", { region: "us-west-2" }, { changes: true, replaces: [] }],
    ["vendor", { vendor: "gcp" }, { changes: true, replaces: [] }],
    ["IP and zone", { originIp: "192.0.2.2", zoneId: "f".repeat(32) }, { changes: true, replaces: ["zoneId", "originIp"] }],
    ["an unknown IP", { originIp: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }, { changes: true, replaces: [] }],
  ])("%s", async (_what, change, expected) => {
    expect(await provider.diff("id", olds, { ...inputs, ...change } as typeof inputs)).toEqual({ ...expected, deleteBeforeReplace: false });
  });

  test("IPv6 spellings of one address are no change", async () => {
    const v6 = { ...olds, originIp: "2001:db8::1" };
    expect((await provider.diff("id", v6, { ...inputs, originIp: "2001:0DB8:0:0:0:0:0:1" })).changes).toBe(false);
  });
});

test.each([
  [`${ZONE}/192.0.2.1`, { zoneId: ZONE, originIp: "192.0.2.1" }],
  [`${ZONE.toUpperCase()}/2001%3ADB8%3A%3A1`, { zoneId: ZONE, originIp: "2001:db8::1" }],
  [`${ZONE}/2001:db8:0:0::1`, { zoneId: ZONE, originIp: "2001:db8::1" }],
])("parseMappingId(%s)", (id, expected) => {
  expect(parseMappingId(id)).toEqual(expected);
});

test.each([
  ["192.0.2.1", /expected <zone_id>\/<origin_ip>/],
  ["abc/192.0.2.1", /zoneId "abc" is not a Cloudflare zone id/],
  [`${ZONE}/%E0%A4%A`, /badly percent-encoded/],
  [`${ZONE}/192.0.2.1/24`, /id "192\.0\.2\.1\/24" is not a valid IP address/],
])("parseMappingId(%s) fails clearly", (id, message) => {
  expect(() => parseMappingId(id)).toThrow(message);
});

test("state edited by hand to a bad zone id is refused before any request", async () => {
  const { client, calls } = scripted(() => undefined, lost());
  useApi(client);
  await expect(provider.delete("x", { ...inputs, zoneId: "../../accounts" })).rejects.toThrow('zoneId "../../accounts" is not a Cloudflare zone id');
  expect(calls).toEqual([]);
});

test("adopting a mapping that already holds the wanted vendor and region takes it as it is, without a PUT", async () => {
  const held = { origin_ip: "192.0.2.1", vendor: "aws" as const, region: "us-east-1", modified_on: "2026-01-02T03:04:05Z" };
  const { client, calls } = scripted(() => held, lost());
  useApi(client);
  const result = await provider.create({ ...inputs, adopt: true });
  expect(result).toEqual({ id: `${ZONE}/192.0.2.1`, outs: { ...inputs, adopt: true, modifiedOn: "2026-01-02T03:04:05Z" } });
  expect(calls).toEqual(["get 192.0.2.1"]);
});

test("adopting a mapping that differs PUTs the wanted vendor and region", async () => {
  const { client, calls } = scripted(() => ({ origin_ip: "192.0.2.1", vendor: "gcp", region: "us-central1" }), lost());
  client.put = async (_zone, m) => (calls.push(`put ${m.vendor}/${m.region}`), { ...m, modified_on: "2026-11-26T00:00:00Z" });
  useApi(client);
  expect((await provider.create({ ...inputs, adopt: true })).outs).toMatchObject({ vendor: "aws", region: "us-east-1", adopt: true });
  expect(calls).toEqual(["get 192.0.2.1", "put aws/us-east-1"]);
});
