// The provider operations called directly, with a scripted client where the fake cannot stage the case: a PUT whose
// outcome stayed unknown after the client's read-back (the client settles what it can; see api/settle.test.ts).
import { CloudflareApiError, type OriginCloudRegion, type OriginCloudRegionsClient } from "../../provider/api";
import { originCloudRegionProvider as provider, parseMappingId } from "../../provider/originCloudRegionProvider";
import { forgetDeployment } from "../../provider/deployment";
import { useApi } from "../../provider/providerContext";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const lost = () =>
  new CloudflareApiError({
    kind: "network",
    method: "PUT",
    path: `/zones/${ZONE}/origin/cloud_regions/192.0.2.1`,
    attempts: 5,
    detail: "socket hang up; the answer was lost and reading the mapping back failed too (timeout)",
    mayHaveBeenApplied: true,
  });

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

afterEach(() => {
  useApi(undefined);
  forgetDeployment(); // each test is a deployment of its own
});

const inputs = { zoneId: ZONE, originIp: "192.0.2.1", vendor: "aws" as const, region: "us-east-1" };

test("a create whose PUT outcome stays unknown throws Pulumi's partial-state error: id and the desired outputs", async () => {
  const { client, calls } = scripted(() => undefined, lost());
  useApi(client);
  const error = await provider.create(inputs).then(
    () => undefined,
    (e: { message: string; id?: string; properties?: Record<string, unknown>; reasons?: string[] }) => e,
  );
  expect(error?.id).toBe(`${ZONE}/192.0.2.1`);
  expect(error?.properties).toEqual({ ...inputs, adopt: false, claimId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  expect(error?.message).toBe(
    `creating origin cloud region mapping 192.0.2.1 in zone ${ZONE} may have been applied: PUT /zones/${ZONE}/origin/cloud_regions/192.0.2.1 ` +
      "failed after 5 attempts: socket hang up; the answer was lost and reading the mapping back failed too (timeout). " +
      "The mapping is kept in state so nothing is orphaned: run `pulumi up` again to settle it.",
  );
  expect(error?.reasons).toEqual([error?.message]);
  expect(calls).toEqual(["get 192.0.2.1", "put 192.0.2.1"]);
});

test("an update whose PUT outcome stays unknown says so, and to run up again", async () => {
  const { client } = scripted(() => undefined, lost());
  useApi(client);
  await expect(provider.update("id", { ...inputs, adopt: false }, { ...inputs, region: "us-west-2" })).rejects.toThrow(
    /^updating origin cloud region mapping 192\.0\.2\.1 in zone [0-9a-f]{32} to aws\/us-west-2 may have been applied: .*Run `pulumi up` again to settle it\.$/,
  );
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
    // Delete-before-replace only where the IP and zone stay: the engine forcing a replacement must free the mapping first.
    const deleteBeforeReplace = expected.replaces.length === 0;
    expect(await provider.diff("id", olds, { ...inputs, ...change } as typeof inputs)).toEqual({ ...expected, deleteBeforeReplace });
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
  expect(result).toEqual({ id: `${ZONE}/192.0.2.1`, outs: { ...inputs, adopt: true, modifiedOn: "2026-01-02T03:04:05Z", claimId: expect.any(String) } });
  expect(calls).toEqual(["get 192.0.2.1"]);
});

test("adopting a mapping that differs PUTs the wanted vendor and region", async () => {
  const { client, calls } = scripted(() => ({ origin_ip: "192.0.2.1", vendor: "gcp", region: "us-central1" }), lost());
  client.put = async (_zone, m) => (calls.push(`put ${m.vendor}/${m.region}`), { ...m, modified_on: "2026-11-26T00:00:00Z" });
  useApi(client);
  expect((await provider.create({ ...inputs, adopt: true })).outs).toMatchObject({ vendor: "aws", region: "us-east-1", adopt: true });
  expect(calls).toEqual(["get 192.0.2.1", "put aws/us-east-1"]);
});
