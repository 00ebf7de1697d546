// OriginCloudRegionSet's provider operations called directly, in this process: check (every failure names the entry by
// index and IP, duplicates name every index, nothing unknown fails), create, update, read, diff and delete against the
// fake, and batch answers the fake does not give from a scripted client.
import type * as pulumi from "@pulumi/pulumi";
import {
  OriginCloudRegionsApi,
  type BatchResult,
  type OriginCloudRegionRecord,
  type SupportedRegions,
} from "../../../../provider/api";
import { forgetDeployment, viewOf } from "../../../../provider/core/deployment";
import {
  MAX_SET_ENTRIES,
  originCloudRegionSetProvider as provider,
} from "../../../../provider/core/originCloudRegionSet/provider";
import { useApi } from "../../../../provider/core/providerContext";
import { FAKE_TOKEN } from "../../../fake/server";
import { scriptedClient, useInProcessFake } from "../../inProcessFake";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const REGIONS: SupportedRegions = {
  obtained_codes: true,
  vendors: {
    aws: [{ name: "us-east-1", upper_tier_colos: ["IAD"] }],
    gcp: [{ name: "us-central1", upper_tier_colos: ["ORD"] }],
  },
};
let lookups = 0;

beforeEach(() => {
  lookups = 0;
  useApi(scriptedClient({ supportedRegions: async () => (lookups++, REGIONS) }));
});
afterEach(() => {
  jest.restoreAllMocks();
  useApi(undefined);
});

const check = (mappings: unknown, extra: Record<string, unknown> = {}) =>
  provider.check({}, { zoneId: ZONE, mappings, ...extra });

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
    {
      property: "mappings[1].vendor",
      reason:
        'mappings[1] ("192.0.2.2"): vendor "AWS" is not supported: expected one of aws, azure, gcp, oci (lower case) (did you mean aws?)',
    },
    {
      property: "mappings[2].region",
      reason: expect.stringMatching(/^mappings\[2\] \("192\.0\.2\.3"\): region "" must be a non-empty string/),
    },
    {
      property: "mappings[3].originIp",
      reason: expect.stringMatching(
        /^mappings\[3\] \("10\.0\.0\.256"\): originIp "10\.0\.0\.256" is not a valid IP address/,
      ),
    },
    {
      property: "mappings[4].regoin",
      reason:
        'mappings[4] ("192.0.2.5"): unknown property "regoin": an entry of mappings takes originIp, vendor, region (did you mean region?)',
    },
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
      reason:
        'mappings[0] ("2001:db8::1"), mappings[2] ("2001:DB8:0::1"), mappings[3] ("2001:0db8::1") are one IP, 2001:db8::1: declare each origin IP once (IPs are compared in canonical form)',
    },
  ]);
});

test("regions are verified with one lookup; a bad one names its entry", async () => {
  const { inputs, failures } = await check([
    { originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" },
    { originIp: "192.0.2.2", vendor: "aws", region: "us-central1" },
  ]);
  expect(lookups).toBe(1);
  expect(failures).toEqual([
    {
      property: "mappings[1].region",
      reason: expect.stringMatching(
        /^mappings\[1\] \("192\.0\.2\.2"\): region "us-central1" is not a supported aws region: .*us-central1 is a gcp region/,
      ),
    },
  ]);
  expect(inputs?.zoneId).toBe(ZONE);
});

test("valid entries come back keyed by canonical IP, zone id in lower case, adopt defaulted", async () => {
  const { inputs, failures } = await provider.check(
    {},
    { zoneId: ZONE.toUpperCase(), mappings: [{ originIp: "2001:DB8::1", vendor: "gcp", region: "us-central1" }] },
  );
  expect(failures).toEqual([]);
  expect(inputs).toEqual({
    zoneId: ZONE,
    adopt: false,
    mappings: { "2001:db8::1": { vendor: "gcp", region: "us-central1" } },
  });
  // Checking checked inputs again (keyed) gives the same, and passes.
  expect(await provider.check({}, inputs!)).toEqual({ inputs, failures: [] });
});

test("set-level failures: misspelt property, bad zone, mappings not an array, adopt not boolean", async () => {
  const { failures } = await provider.check({}, { zoneId: "nope", mapping: [], mappings: 7, adopt: "yes" });
  expect(failures).toEqual([
    {
      property: "mapping",
      reason: 'unknown property "mapping": OriginCloudRegionSet takes zoneId, mappings, adopt (did you mean mappings?)',
    },
    { property: "zoneId", reason: expect.stringMatching(/^zoneId "nope" is not a Cloudflare zone id/) },
    { property: "adopt", reason: 'adopt "yes" must be true or false' },
    { property: "mappings", reason: "mappings 7 (a number) must be an array of { originIp, vendor, region }" },
  ]);
  expect((await check(null)).failures).toEqual([
    { property: "mappings", reason: "mappings null must be an array of { originIp, vendor, region }" },
  ]);
});

test("a set of 3500 entries (the zone's cap) passes; one more is refused", async () => {
  const entries = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      originIp: `10.0.${i >> 8}.${i & 255}`,
      vendor: "aws",
      region: "us-east-1",
    }));
  expect((await check(entries(MAX_SET_ENTRIES))).failures).toEqual([]);
  expect((await check(entries(MAX_SET_ENTRIES + 1))).failures).toEqual([
    {
      property: "mappings",
      reason:
        "mappings has 3501 entries: a zone holds at most 3500 mappings (Cloudflare error 1164); split the origins over zones",
    },
  ]);
});

test("the engine's own properties (__provider, claimId) pass check; adopt: true stays true", async () => {
  const { inputs, failures } = await check([{ originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" }], {
    __provider: "serialized",
    claimId: "c",
    adopt: true,
  });
  expect(failures).toEqual([]);
  expect(inputs).toMatchObject({ __provider: "serialized", claimId: "c", adopt: true });
});

test("entries that are not objects, or whose IP is missing or not a string, are named by index alone", async () => {
  const { failures } = await check([
    null,
    ["192.0.2.1", "aws", "us-east-1"],
    { vendor: "aws", region: "us-east-1" },
    { originIp: 7, vendor: "aws", region: "us-east-1" },
  ]);
  expect(failures).toEqual([
    { property: "mappings[0]", reason: "mappings[0] null must be an object with originIp, vendor and region" },
    {
      property: "mappings[1]",
      reason:
        'mappings[1] ["192.0.2.1","aws","us-east-1"] (an array) must be an object with originIp, vendor and region',
    },
    {
      property: "mappings[2].originIp",
      reason: expect.stringMatching(
        /^mappings\[2\]: originIp undefined is not a valid IP address: the value must be a string, not undefined;/,
      ),
    },
    {
      property: "mappings[3].originIp",
      reason: expect.stringMatching(
        /^mappings\[3\]: originIp 7 is not a valid IP address: the value must be a string, not number;/,
      ),
    },
  ]);
});

test("an entry that fails its own checks is not also a duplicate; two entries for one IP are", async () => {
  const { failures } = await check([
    { originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" },
    { originIp: "192.0.2.1", vendor: "AWS", region: "us-east-1" },
    { originIp: "2001:db8::2", vendor: "aws", region: "us-east-1" },
    { originIp: "2001:DB8::2", vendor: "aws", region: "us-east-1" },
  ]);
  expect(failures).toEqual([
    {
      property: "mappings[1].vendor",
      reason: expect.stringMatching(/^mappings\[1\] \("192\.0\.2\.1"\): vendor "AWS" is not supported/),
    },
    {
      property: "mappings[3].originIp",
      reason:
        'mappings[2] ("2001:db8::2"), mappings[3] ("2001:DB8::2") are one IP, 2001:db8::2: declare each origin IP once (IPs are compared in canonical form)',
    },
  ]);
});

test("the keyed form check returns is checked like the array, entry by entry", async () => {
  const { failures } = await check({
    "192.0.2.1": { vendor: "aws", region: "us-east-1" },
    "192.0.2.2": null,
    "192.0.2.3": "aws/us-east-1",
  });
  expect(failures).toEqual([
    { property: "mappings[1]", reason: "mappings[1] null must be an object with originIp, vendor and region" },
    {
      property: "mappings[2]",
      reason: 'mappings[2] "aws/us-east-1" must be an object with originIp, vendor and region',
    },
  ]);
});

test.each([
  ["the regions of 1 mapping", 1],
  ["the regions of 2 mappings", 2],
])("a failed regions lookup warns (verifying %s ... failed) and check passes", async (what, n) => {
  useApi(scriptedClient({ supportedRegions: () => Promise.reject(new Error("connection refused")) }));
  const warnings: string[] = [];
  jest.spyOn(console, "warn").mockImplementation((line: string) => void warnings.push(line));
  const entries = [
    { originIp: "192.0.2.1", vendor: "aws", region: "us-central1" },
    { originIp: "192.0.2.2", vendor: "aws", region: "us-east-1" },
  ];
  expect((await check(entries.slice(0, n))).failures).toEqual([]);
  expect(warnings).toEqual([
    `warning: verifying ${what} in zone ${ZONE} failed: connection refused; the region was not verified`,
  ]);
});

test("unknown values never fail", async () => {
  expect((await provider.check({}, { zoneId: UNKNOWN, mappings: UNKNOWN, adopt: UNKNOWN })).failures).toEqual([]);
  const { inputs, failures } = await check([UNKNOWN, { originIp: "192.0.2.1", vendor: UNKNOWN, region: UNKNOWN }]);
  expect(failures).toEqual([]);
  expect(inputs?.mappings).toBe(UNKNOWN);
  const known = await check([{ originIp: "192.0.2.1", vendor: "aws", region: UNKNOWN }]);
  expect(known.failures).toEqual([]);
  expect(known.inputs?.mappings).toEqual({ "192.0.2.1": { vendor: "aws", region: UNKNOWN } });
  expect(lookups).toBe(0); // nothing had a known vendor and region to verify
});

test("entries whose IP is unknown are neither duplicates nor verified, and make the mappings unknown", async () => {
  const { inputs, failures } = await check([
    { originIp: UNKNOWN, vendor: "aws", region: "us-central1" },
    { originIp: UNKNOWN, vendor: "aws", region: "us-east-1" },
  ]);
  expect(failures).toEqual([]);
  expect(inputs?.mappings).toBe(UNKNOWN);
  expect(lookups).toBe(0);
});

test("an entry whose IP is unknown still has its vendor checked, named by index alone", async () => {
  const { failures } = await check([{ originIp: UNKNOWN, vendor: "AWS", region: "us-east-1" }]);
  expect(failures).toEqual([
    { property: "mappings[0].vendor", reason: expect.stringMatching(/^mappings\[0\]: vendor "AWS" is not supported/) },
  ]);
});

test("with the zone unknown, regions are not verified (there is no zone to ask)", async () => {
  const { failures } = await provider.check(
    {},
    { zoneId: UNKNOWN, mappings: [{ originIp: "192.0.2.1", vendor: "aws", region: "us-central1" }] },
  );
  expect(failures).toEqual([]);
  expect(lookups).toBe(0);
});

test("read with an id that is not a string fails naming it as a zone id", async () => {
  await expect(provider.read(42 as unknown as string)).rejects.toThrow(
    /^zoneId 42 \(a number\) is not a Cloudflare zone id/,
  );
});

describe("delete, against the fake in this process", () => {
  const ctx = useInProcessFake(0xe100);
  const entry = { vendor: "aws" as const, region: "us-east-1" };
  const props = (ips: string[], claimId = "this-set") => ({
    zoneId: ctx.zone,
    mappings: Object.fromEntries(ips.map((ip) => [ip, entry])),
    adopt: false,
    claimId,
  });
  const seed = (ips: string[]) =>
    ctx.fake.seed(
      ctx.zone,
      ips.map((origin_ip) => ({ origin_ip, ...entry })),
    );

  test("one batch DELETE removes the set's mappings and leaves the zone's others alone", async () => {
    seed(["192.0.2.1", "192.0.2.2", "192.0.2.99"]);
    for (const ip of ["192.0.2.1", "192.0.2.2"]) viewOf(ctx.zone, ip).holder = { claimId: "this-set", how: "created" };
    await provider.delete(ctx.zone, props(["192.0.2.1", "192.0.2.2"]));
    // The IPs are free again for another resource of this deployment.
    expect([viewOf(ctx.zone, "192.0.2.1").holder, viewOf(ctx.zone, "192.0.2.2").holder]).toEqual([
      undefined,
      undefined,
    ]);
    expect(ctx.fake.mappings(ctx.zone).map((m) => m.origin_ip)).toEqual(["192.0.2.99"]);
    expect(ctx.fake.requests.map((r) => `${r.method} ${r.route}`)).toEqual(["DELETE batchDelete"]);
    expect(ctx.warnings).toEqual([]);
  });

  test("a mapping already gone is fine; state without a zoneId output uses the id", async () => {
    seed(["192.0.2.1"]);
    const { zoneId: _fromId, ...withoutZone } = props(["192.0.2.1", "192.0.2.2"]);
    await provider.delete(ctx.zone, withoutZone);
    expect(ctx.fake.mappings(ctx.zone)).toEqual([]);
  });

  test("a refused batch fails the delete, naming each IP and its reason, and deletes nothing", async () => {
    seed(["192.0.2.1", "192.0.2.2"]);
    viewOf(ctx.zone, "192.0.2.1").holder = { claimId: "this-set", how: "created" };
    ctx.fake.injectFault(
      "batchDelete",
      { kind: "cloudflareError", status: 403, errors: [{ code: 10000, message: "Authentication error" }] },
      1,
      { zoneId: ctx.zone },
    );
    const error = (await provider.delete(ctx.zone, props(["192.0.2.1", "192.0.2.2"])).catch((e: Error) => e)) as Error;
    expect(error.message.split("\n")).toEqual([
      `deleting origin cloud region set in zone ${ctx.zone} failed for 2 mappings:`,
      expect.stringMatching(
        /^ {2}- deleting 192\.0\.2\.1 failed: Cloudflare error 10000: Authentication error \[HTTP 403/,
      ),
      expect.stringMatching(
        /^ {2}- deleting 192\.0\.2\.2 was not attempted|^ {2}- deleting 192\.0\.2\.2 failed: Cloudflare error 10000/,
      ),
      "The set stays in state; fix the cause and run the command again to delete the rest.",
    ]);
    expect(ctx.fake.mappings(ctx.zone)).toHaveLength(2);
    expect(viewOf(ctx.zone, "192.0.2.1").holder).toEqual({ claimId: "this-set", how: "created" });
  });

  test("a batch whose answer was lost is settled by one listing: what is gone is gone, no error", async () => {
    seed(["192.0.2.1", "192.0.2.2"]);
    ctx.fake.injectFault("batchDelete", { kind: "reset", applied: true }, 2, { zoneId: ctx.zone });
    await provider.delete(ctx.zone, props(["192.0.2.1", "192.0.2.2"]));
    expect(ctx.fake.mappings(ctx.zone)).toEqual([]);
    expect(ctx.fake.requests.filter((r) => r.route === "list")).toHaveLength(1);
  });

  test("a batch whose answer was lost and which did not land fails the delete, as the listing showed", async () => {
    seed(["192.0.2.1"]);
    ctx.fake.injectFault("batchDelete", { kind: "reset" }, 2, { zoneId: ctx.zone });
    const error = (await provider.delete(ctx.zone, props(["192.0.2.1"])).catch((e: Error) => e)) as Error;
    expect(error.message.split("\n")).toEqual([
      `deleting origin cloud region set in zone ${ctx.zone} failed for 1 mapping:`,
      expect.stringMatching(
        new RegExp(
          `^ {2}- deleting 192\\.0\\.2\\.1 failed: DELETE /zones/${ctx.zone}/origin/cloud_regions/batch failed after 2 attempts: .*; a listing of the zone showed it was not applied$`,
        ),
      ),
      "The set stays in state; fix the cause and run the command again to delete the rest.",
    ]);
    expect(ctx.fake.mappings(ctx.zone)).toHaveLength(1);
  });

  test("a mapping another resource of this deployment now holds is left in place, with a warning", async () => {
    seed(["192.0.2.1", "192.0.2.2"]);
    viewOf(ctx.zone, "192.0.2.2").holder = { claimId: "a-single-resource", how: "adopted" };
    await provider.delete(ctx.zone, props(["192.0.2.1", "192.0.2.2"]));
    expect(ctx.fake.mappings(ctx.zone).map((m) => m.origin_ip)).toEqual(["192.0.2.2"]);
    expect(ctx.warnings).toEqual([
      `warning: origin cloud region mapping 192.0.2.2 in zone ${ctx.zone} was not deleted: another resource in this deployment manages it (it adopted 192.0.2.2); only this set's old state is removed`,
    ]);
  });
});

describe("create, update, read and diff, against the fake in this process", () => {
  const ctx = useInProcessFake(0xe200);
  const aws = { vendor: "aws" as const, region: "us-east-1" };
  const ips = (n: number) => Array.from({ length: n }, (_, i) => `10.0.${i >> 8}.${i & 255}`);
  const keyed = (list: string[], entry: { vendor: "aws" | "gcp"; region: string } = aws) =>
    Object.fromEntries(list.map((ip) => [ip, entry]));
  const routes = () => ctx.fake.requests.map((r) => r.route);
  const held = () =>
    Object.fromEntries(ctx.fake.mappings(ctx.zone).map((m) => [m.origin_ip, `${m.vendor}/${m.region}`]));

  test("create: one listing, then batch PUTs of at most 100; outputs keyed by IP with a claim id", async () => {
    const { id, outs } = await provider.create({ zoneId: ctx.zone, mappings: keyed(ips(150)), adopt: false });
    expect(id).toBe(ctx.zone);
    expect(routes()).toEqual(["list", "batchPut", "batchPut"]);
    expect(Object.keys(outs!.mappings)).toHaveLength(150);
    expect(outs).toMatchObject({ zoneId: ctx.zone, adopt: false, claimId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(Object.keys(held())).toHaveLength(150);
  });

  test("create refuses mappings it does not manage, naming each as the zone holds it, and writes nothing", async () => {
    ctx.fake.seed(ctx.zone, [
      { origin_ip: "10.0.0.1", vendor: "gcp", region: "us-central1" },
      { origin_ip: "10.0.0.2", ...aws },
    ]);
    await expect(provider.create({ zoneId: ctx.zone, mappings: keyed(ips(3)), adopt: false })).rejects.toThrow(
      new Error(
        `creating origin cloud region set of 3 mappings in zone ${ctx.zone} failed, and nothing was written: the zone already maps 10.0.0.1 (gcp/us-central1), 10.0.0.2 (aws/us-east-1), ` +
          "and they were left untouched. To manage them with this set, set `adopt: true`: they will then be set to the declared vendor and region and deleted when the set is. " +
          'To only read the zone, use OriginCloudRegionSet.get("<name>", "<zone id>").',
      ),
    );
    expect(routes()).toEqual(["list"]);
    expect(held()).toEqual({ "10.0.0.1": "gcp/us-central1", "10.0.0.2": "aws/us-east-1" });
  });

  test.each([
    [20, "10.0.0.19 (aws/us-east-1)"],
    [21, "10.0.0.19 (aws/us-east-1) and 1 more"],
  ])("a refusal of %i existing mappings names at most 20, then how many more", async (n, last) => {
    ctx.fake.seed(
      ctx.zone,
      ips(n).map((origin_ip) => ({ origin_ip, ...aws })),
    );
    const message = await provider.create({ zoneId: ctx.zone, mappings: keyed(ips(n)), adopt: false }).then(
      () => "created",
      (e: Error) => e.message,
    );
    const named = /the zone already maps (.*), and they were left untouched/.exec(message)?.[1].split(", ");
    expect(named).toHaveLength(20);
    expect(named?.slice(0, 2)).toEqual(["10.0.0.0 (aws/us-east-1)", "10.0.0.1 (aws/us-east-1)"]);
    expect(named?.[19]).toBe(last);
  });

  test.each([
    ["only the vendor", { vendor: "gcp" as const, region: "us-east-1" }],
    ["only the region", { vendor: "aws" as const, region: "us-west-2" }],
  ])("create with adopt PUTs a mapping that differs in %s", async (_what, now) => {
    ctx.fake.seed(ctx.zone, [{ origin_ip: "10.0.0.1", ...now }]);
    const { outs } = await provider.create({ zoneId: ctx.zone, mappings: keyed(["10.0.0.1"]), adopt: true });
    expect(routes()).toEqual(["list", "batchPut"]);
    expect(outs!.mappings).toEqual(keyed(["10.0.0.1"]));
    expect(held()).toEqual({ "10.0.0.1": "aws/us-east-1" });
    // Taking over another value is never silent: the warning names what the mapping held.
    expect(ctx.warnings).toEqual([
      `warning: adopted 1 origin cloud region mapping in zone ${ctx.zone} that held other values, now as declared: 10.0.0.1 (was ${now.vendor}/${now.region}). ` +
        "Once adopted, `adopt: true` can be dropped from the set, so that a later change never takes over another mapping.",
    ]);
  });

  test("create with adopt takes an identical mapping as it is and PUTs only the rest", async () => {
    ctx.fake.seed(ctx.zone, [{ origin_ip: "10.0.0.1", ...aws }]);
    const { outs } = await provider.create({ zoneId: ctx.zone, mappings: keyed(ips(3)), adopt: true });
    expect(routes()).toEqual(["list", "batchPut"]);
    expect(ctx.fake.requests[1].body).toEqual([
      { origin_ip: "10.0.0.0", ...aws },
      { origin_ip: "10.0.0.2", ...aws },
    ]);
    expect(outs!.mappings).toEqual(keyed(ips(3)));
  });

  test("create where Cloudflare refuses some entries keeps exactly the ones that exist (partial state), naming the others", async () => {
    const mappings = { ...keyed(["10.0.0.1"]), "10.0.0.2": { vendor: "aws" as const, region: "mars-north-1" } };
    const error = (await provider
      .create({ zoneId: ctx.zone, mappings, adopt: false })
      .catch((e: unknown) => e)) as Error & { id?: string; properties?: { mappings: object } };
    expect(error.id).toBe(ctx.zone);
    expect(error.properties?.mappings).toEqual(keyed(["10.0.0.1"]));
    expect(error.message).toMatch(
      new RegExp(
        `^creating origin cloud region set of 2 mappings in zone ${ctx.zone} failed for 1 of 2 mappings:\\n  - putting 10\\.0\\.0\\.2 \\(aws/mars-north-1\\) failed: Cloudflare error 1157`,
      ),
    );
    expect(
      error.message.endsWith(
        "State records exactly the set's mappings that exist now; fix the entries and run `pulumi up` again to finish.",
      ),
    ).toBe(true);
    expect(held()).toEqual({ "10.0.0.1": "aws/us-east-1" });
  });

  test("create where every entry is refused leaves nothing in state", async () => {
    const error = (await provider
      .create({ zoneId: ctx.zone, mappings: { "10.0.0.2": { vendor: "aws", region: "mars-north-1" } }, adopt: false })
      .catch((e: unknown) => e)) as Error & { id?: string };
    expect(error.id).toBeUndefined();
    expect(error.message.split("\n")).toEqual([
      `creating origin cloud region set of 1 mapping in zone ${ctx.zone} failed for 1 mapping:`,
      "  - putting 10.0.0.2 (aws/mars-north-1) failed: Cloudflare error 1157: The vendor provided doesn't exist or the region provided does not exist for the specified cloud vendor [HTTP 400]. " +
        "Fix: vendor must be one of aws, azure, gcp, oci (lower case) and region one that supported_regions lists for that vendor",
      "Nothing of it is in state.",
    ]);
  });

  const fiftieth = expect.stringMatching(
    /^ {2}- putting 10\.0\.0\.49 \(aws\/mars-north-1\) failed: Cloudflare error 1157: /,
  );
  test.each([
    [50, [fiftieth]],
    [51, [fiftieth, "  - and 1 more"]],
  ])("a failure of %i entries lists at most 50 of them, then how many more", async (n, last) => {
    const lines = await provider
      .create({ zoneId: ctx.zone, mappings: keyed(ips(n), { vendor: "aws", region: "mars-north-1" }), adopt: false })
      .then(
        () => [],
        (e: Error) => e.message.split("\n"),
      );
    expect(lines[0]).toBe(
      `creating origin cloud region set of ${n} mappings in zone ${ctx.zone} failed for ${n} mappings:`,
    );
    expect(lines.slice(50, -1)).toEqual(last);
    expect(lines[lines.length - 1]).toBe("Nothing of it is in state.");
  });

  test("update: removed entries as a batch DELETE, added and changed as a batch PUT, unchanged cost nothing", async () => {
    const { outs: olds } = await provider.create({
      zoneId: ctx.zone,
      mappings: keyed(["10.0.0.1", "10.0.0.2", "10.0.0.3"]),
      adopt: false,
    });
    ctx.fake.resetRequests();
    const gcp = { vendor: "gcp" as const, region: "us-central1" };
    const news = {
      zoneId: ctx.zone,
      mappings: { ...keyed(["10.0.0.1"]), "10.0.0.2": gcp, "10.0.0.4": aws },
      adopt: false,
    };
    const { outs } = await provider.update(ctx.zone, olds!, news);
    expect(routes()).toEqual(["list", "batchDelete", "batchPut"]);
    expect(ctx.fake.requests[1].body).toEqual(["10.0.0.3"]);
    expect(ctx.fake.requests[2].body).toEqual([
      { origin_ip: "10.0.0.2", ...gcp },
      { origin_ip: "10.0.0.4", ...aws },
    ]);
    expect(held()).toEqual({ "10.0.0.1": "aws/us-east-1", "10.0.0.2": "gcp/us-central1", "10.0.0.4": "aws/us-east-1" });
    expect(outs).toEqual({ zoneId: ctx.zone, mappings: news.mappings, adopt: false, claimId: olds!.claimId });
  });

  test("update with nothing added lists the zone once too, so the entries it writes nothing for rest on a read", async () => {
    const { outs: olds } = await provider.create({
      zoneId: ctx.zone,
      mappings: keyed(["10.0.0.1", "10.0.0.2"]),
      adopt: false,
    });
    ctx.fake.resetRequests();
    await provider.update(ctx.zone, olds!, { zoneId: ctx.zone, mappings: keyed(["10.0.0.1"]), adopt: false });
    expect(routes()).toEqual(["list", "batchDelete"]);
  });

  test("update: a removed entry the zone no longer holds costs no request; unchanged entries deleted or changed out of band are written back, with a warning", async () => {
    const { outs: olds } = await provider.create({
      zoneId: ctx.zone,
      mappings: keyed(["10.0.0.1", "10.0.0.2", "10.0.0.3"]),
      adopt: false,
    });
    ctx.fake.seed(ctx.zone, [{ origin_ip: "10.0.0.2", vendor: "gcp", region: "us-central1" }]);
    await new OriginCloudRegionsApi({ credentials: { apiToken: FAKE_TOKEN }, baseUrl: ctx.fake.baseUrl }).batchDelete(
      ctx.zone,
      ["10.0.0.1", "10.0.0.3"],
    );
    ctx.fake.resetRequests();
    const { outs } = await provider.update(ctx.zone, olds!, {
      zoneId: ctx.zone,
      mappings: keyed(["10.0.0.1", "10.0.0.2"]),
      adopt: false,
    });
    expect(routes()).toEqual(["list", "batchPut"]);
    expect(held()).toEqual({ "10.0.0.1": "aws/us-east-1", "10.0.0.2": "aws/us-east-1" });
    expect(outs!.mappings).toEqual(keyed(["10.0.0.1", "10.0.0.2"]));
    expect(ctx.warnings).toEqual([
      `warning: restored 1 of the set's mappings that were deleted outside Pulumi: 10.0.0.1 (in zone ${ctx.zone})`,
      `warning: set 1 of the set's mappings back to their declared vendor and region, changed outside Pulumi: 10.0.0.2 (was gcp/us-central1) (in zone ${ctx.zone})`,
    ]);
  });

  test("read: drift per entry, one deleted out of band leaves the set, the zone's others are not the set's", async () => {
    ctx.fake.seed(ctx.zone, [
      { origin_ip: "10.0.0.1", vendor: "gcp", region: "us-central1" },
      { origin_ip: "10.0.0.9", ...aws },
    ]);
    const props = { zoneId: ctx.zone, mappings: keyed(["10.0.0.1", "10.0.0.2"]), adopt: true, claimId: "c" };
    const read = await provider.read(ctx.zone, props);
    const mappings = { "10.0.0.1": { vendor: "gcp", region: "us-central1" } };
    expect(read).toEqual({
      id: ctx.zone,
      props: { zoneId: ctx.zone, mappings, adopt: true, claimId: "c" },
      inputs: { zoneId: ctx.zone, mappings, adopt: true },
    });
    expect(routes()).toEqual(["list"]);
  });

  test("read: none of the set left is gone (empty id); get (no state) reads the whole zone", async () => {
    expect(await provider.read(ctx.zone, { zoneId: ctx.zone, mappings: keyed(["10.0.0.1"]), adopt: false })).toEqual({
      id: "",
    });
    ctx.fake.seed(ctx.zone, [{ origin_ip: "10.0.0.9", ...aws }]);
    const got = await provider.read(` ${ctx.zone.toUpperCase()} `);
    expect(got).toMatchObject({
      id: ctx.zone,
      props: { zoneId: ctx.zone, mappings: keyed(["10.0.0.9"]), adopt: false },
    });
    expect((got.props as { claimId?: string }).claimId).toBeUndefined();
  });

  test.each([
    ["nothing", {}, false, []],
    ["adopt only", { adopt: true }, false, []],
    ["an added entry", { mappings: keyed(["10.0.0.1", "10.0.0.2"]) }, true, []],
    ["a changed entry", { mappings: keyed(["10.0.0.1"], { vendor: "gcp", region: "us-central1" }) }, true, []],
    ["a changed vendor only", { mappings: keyed(["10.0.0.1"], { vendor: "gcp", region: "us-east-1" }) }, true, []],
    ["a changed region only", { mappings: keyed(["10.0.0.1"], { vendor: "aws", region: "us-west-2" }) }, true, []],
    ["a removed entry", { mappings: {} }, true, []],
    ["an unknown zone", { zoneId: UNKNOWN }, true, []],
    ["the zone", { zoneId: "0000000000000000000000000000ffff" }, true, ["zoneId"]],
  ])("diff of %s", async (_what, change, changes, replaces) => {
    const olds = { zoneId: ctx.zone, mappings: keyed(["10.0.0.1"]), adopt: false, claimId: "c" };
    const result = await provider.diff(ctx.zone, olds, {
      zoneId: ctx.zone.toUpperCase(),
      mappings: olds.mappings,
      adopt: false,
      ...change,
    });
    expect(result).toEqual({ changes, replaces, deleteBeforeReplace: false });
  });

  test.each([
    ["no change holds the set's mappings for this deployment", {}, undefined, { claimId: "c", how: "kept" }],
    [
      "another zone (a replacement) holds nothing",
      { zoneId: "0000000000000000000000000000ffff" },
      undefined,
      undefined,
    ],
    ["an unknown zone holds nothing", { zoneId: UNKNOWN }, undefined, undefined],
    [
      "no change leaves a mapping another resource holds to it",
      {},
      { claimId: "other", how: "adopted" as const },
      { claimId: "other", how: "adopted" },
    ],
  ])("diff: %s", async (_what, change, before, after) => {
    viewOf(ctx.zone, "10.0.0.1").holder = before;
    const olds = { zoneId: ctx.zone, mappings: keyed(["10.0.0.1"]), adopt: false, claimId: "c" };
    await provider.diff(ctx.zone, olds, { zoneId: ctx.zone, mappings: olds.mappings, adopt: false, ...change });
    expect(viewOf(ctx.zone, "10.0.0.1").holder).toEqual(after);
  });

  describe("who holds a set's mappings after each way of coming to them: a second set is refused, told how", () => {
    const first: [string, () => Promise<unknown>][] = [
      ["created", () => provider.create({ zoneId: ctx.zone, mappings: keyed(["10.0.0.1"]), adopt: false })],
      [
        "adopted",
        async () => {
          ctx.fake.seed(ctx.zone, [{ origin_ip: "10.0.0.1", ...aws }]);
          await provider.create({ zoneId: ctx.zone, mappings: keyed(["10.0.0.1"]), adopt: true });
        },
      ],
      [
        "updated",
        async () => {
          const { outs } = await provider.create({ zoneId: ctx.zone, mappings: keyed(["10.0.0.2"]), adopt: false });
          await provider.update(ctx.zone, outs!, {
            zoneId: ctx.zone,
            mappings: keyed(["10.0.0.1", "10.0.0.2"]),
            adopt: false,
          });
        },
      ],
      [
        "keeps",
        () =>
          provider.diff(
            ctx.zone,
            { zoneId: ctx.zone, mappings: keyed(["10.0.0.1"]), adopt: false, claimId: "c" },
            { zoneId: ctx.zone, mappings: keyed(["10.0.0.1"]), adopt: false },
          ),
      ],
    ];
    test.each(first)("it %s the mapping", async (how, way) => {
      await way();
      ctx.fake.resetRequests();
      await expect(
        provider.create({ zoneId: ctx.zone, mappings: keyed(["10.0.0.1", "10.0.0.3"]), adopt: true }),
      ).rejects.toThrow(
        new Error(
          `creating origin cloud region set of 2 mappings in zone ${ctx.zone} failed, and nothing was written: ` +
            `10.0.0.1: another resource in this deployment manages it (it ${how} 10.0.0.1). ` +
            "Two resources cannot manage one mapping: declare each origin IP once per zone, in one set or one OriginCloudRegion.",
        ),
      );
      expect(routes()).toEqual(["list"]);
    });
  });

  test("update with adopt takes an added mapping the zone holds as it is, and PUTs one that differs", async () => {
    const { outs: olds } = await provider.create({ zoneId: ctx.zone, mappings: keyed(["10.0.0.1"]), adopt: false });
    ctx.fake.seed(ctx.zone, [
      { origin_ip: "10.0.0.2", ...aws },
      { origin_ip: "10.0.0.3", vendor: "gcp", region: "us-central1" },
    ]);
    ctx.fake.resetRequests();
    const { outs } = await provider.update(ctx.zone, olds!, {
      zoneId: ctx.zone,
      mappings: keyed(["10.0.0.1", "10.0.0.2", "10.0.0.3"]),
      adopt: true,
    });
    expect(routes()).toEqual(["list", "batchPut"]);
    expect(ctx.fake.requests[1].body).toEqual([{ origin_ip: "10.0.0.3", ...aws }]);
    expect(outs).toEqual({
      zoneId: ctx.zone,
      mappings: keyed(["10.0.0.1", "10.0.0.2", "10.0.0.3"]),
      adopt: true,
      claimId: olds!.claimId,
    });
  });

  test("update leaves a removed mapping another resource of this deployment now holds, with a warning, and drops it from the set", async () => {
    const { outs: olds } = await provider.create({
      zoneId: ctx.zone,
      mappings: keyed(["10.0.0.1", "10.0.0.2"]),
      adopt: false,
    });
    viewOf(ctx.zone, "10.0.0.2").holder = { claimId: "a-single-resource", how: "adopted" };
    ctx.fake.resetRequests();
    const { outs } = await provider.update(ctx.zone, olds!, {
      zoneId: ctx.zone,
      mappings: keyed(["10.0.0.1"]),
      adopt: false,
    });
    expect(routes()).toEqual(["list"]);
    expect(outs!.mappings).toEqual(keyed(["10.0.0.1"]));
    expect(held()).toEqual({ "10.0.0.1": "aws/us-east-1", "10.0.0.2": "aws/us-east-1" });
    expect(ctx.warnings).toEqual([
      `warning: origin cloud region mapping 10.0.0.2 in zone ${ctx.zone} was not deleted: another resource in this deployment manages it (it adopted 10.0.0.2); it leaves this set only`,
    ]);
  });

  test("update whose batch DELETE is refused as a whole attempts no PUT, and keeps in state what exists (partial state)", async () => {
    const { outs: olds } = await provider.create({
      zoneId: ctx.zone,
      mappings: keyed(["10.0.0.1", "10.0.0.2"]),
      adopt: false,
    });
    ctx.fake.resetRequests();
    ctx.fake.injectFault(
      "batchDelete",
      { kind: "cloudflareError", status: 403, errors: [{ code: 10000, message: "Authentication error" }] },
      1,
      { zoneId: ctx.zone },
    );
    const news = {
      zoneId: ctx.zone,
      mappings: { ...keyed(["10.0.0.1"], { vendor: "gcp", region: "us-central1" }), ...keyed(["10.0.0.3"]) },
      adopt: false,
    };
    const error = (await provider.update("the-id", olds!, news).catch((e: unknown) => e)) as Error & {
      id?: string;
      properties?: { mappings: object };
    };
    expect(routes()).toEqual(["list", "batchDelete"]);
    expect(error.id).toBe("the-id");
    expect(error.properties?.mappings).toEqual(keyed(["10.0.0.1", "10.0.0.2"]));
    expect(error.message.split("\n")).toEqual([
      `updating origin cloud region set in zone ${ctx.zone} (1 added, 1 changed, 1 removed) failed for 3 mappings:`,
      expect.stringMatching(
        /^ {2}- deleting 10\.0\.0\.2 failed: Cloudflare error 10000: Authentication error \[HTTP 403/,
      ),
      "  - putting 10.0.0.1 (gcp/us-central1) was not attempted: an earlier batch call failed as a whole",
      "  - putting 10.0.0.3 (aws/us-east-1) was not attempted: an earlier batch call failed as a whole",
      "State records exactly the set's mappings that exist now; fix the entries and run `pulumi up` again to finish.",
    ]);
  });

  const olds = () => ({ zoneId: ctx.zone, mappings: keyed(["10.0.0.1"]), adopt: false, claimId: "c" });
  test.each([
    [
      "create",
      () => provider.create({ zoneId: ctx.zone, mappings: keyed(["10.0.0.1"]), adopt: false }),
      (zone: string) =>
        `creating origin cloud region set of 1 mapping in zone ${zone} (checking for existing mappings)`,
    ],
    [
      "update",
      () =>
        provider.update(ctx.zone, olds(), {
          zoneId: ctx.zone,
          mappings: keyed(["10.0.0.1", "10.0.0.2"]),
          adopt: false,
        }),
      (zone: string) =>
        `updating origin cloud region set in zone ${zone} (1 added, 0 changed, 0 removed) (checking for existing mappings)`,
    ],
    [
      "read",
      () => provider.read(ctx.zone, olds()),
      (zone: string) => `reading origin cloud region set in zone ${zone}`,
    ],
  ])("a refused listing fails %s, saying what it was doing", async (_op, operation, doing) => {
    ctx.fake.injectFault(
      "list",
      { kind: "cloudflareError", status: 403, errors: [{ code: 10000, message: "Authentication error" }] },
      1,
      { zoneId: ctx.zone },
    );
    await expect(operation()).rejects.toThrow(
      `${doing(ctx.zone)} failed: Cloudflare error 10000: Authentication error [HTTP 403`,
    );
    expect(routes()).toEqual(["list"]);
  });

  test("a batch PUT whose answer was lost but which landed is settled by one listing: a plain success", async () => {
    ctx.fake.injectFault("batchPut", { kind: "reset", applied: true }, 2, { zoneId: ctx.zone });
    const { outs } = await provider.create({ zoneId: ctx.zone, mappings: keyed(ips(2)), adopt: false });
    expect(routes()).toEqual(["list", "batchPut", "batchPut", "list"]);
    expect(outs!.mappings).toEqual(keyed(ips(2)));
  });

  test("a batch PUT whose answer was lost and which did not land fails, as the listing showed", async () => {
    ctx.fake.injectFault("batchPut", { kind: "reset" }, 2, { zoneId: ctx.zone });
    const error = (await provider
      .create({ zoneId: ctx.zone, mappings: keyed(["10.0.0.1"]), adopt: false })
      .catch((e: unknown) => e)) as Error & { id?: string };
    expect(error.id).toBeUndefined();
    expect(error.message.split("\n")).toEqual([
      `creating origin cloud region set of 1 mapping in zone ${ctx.zone} failed for 1 mapping:`,
      expect.stringMatching(
        new RegExp(
          `^ {2}- putting 10\\.0\\.0\\.1 \\(aws/us-east-1\\) failed: PUT /zones/${ctx.zone}/origin/cloud_regions/batch failed after 2 attempts: .*; a listing of the zone showed it was not applied$`,
        ),
      ),
      "Nothing of it is in state.",
    ]);
  });

  test("when the listing that should settle lost answers fails too, a PUT is kept in state (it may have landed) and a DELETE stays", async () => {
    const { outs: olds } = await provider.create({
      zoneId: ctx.zone,
      mappings: keyed(["10.0.0.1", "10.0.0.2"]),
      adopt: false,
    });
    ctx.fake.resetRequests();
    ctx.fake.injectFault("batchDelete", { kind: "reset", applied: true }, 2, { zoneId: ctx.zone });
    ctx.fake.injectFault("batchPut", { kind: "reset", applied: true }, 2, { zoneId: ctx.zone });
    ctx.fake.injectFault("list", { kind: "status", status: 503 }, 2, { zoneId: ctx.zone, after: 1 });
    const news = { zoneId: ctx.zone, mappings: keyed(["10.0.0.1", "10.0.0.3"]), adopt: false };
    const error = (await provider.update(ctx.zone, olds!, news).catch((e: unknown) => e)) as Error & {
      properties?: { mappings: object };
    };
    expect(routes()).toEqual(["list", "batchDelete", "batchDelete", "batchPut", "batchPut", "list", "list"]);
    expect(error.properties?.mappings).toEqual(keyed(["10.0.0.1", "10.0.0.2", "10.0.0.3"]));
    const settling =
      "; the answer was lost and listing the zone to settle batch calls whose answer was lost failed: .*: run `pulumi up` again to settle it$";
    expect(error.message.split("\n")).toEqual([
      `updating origin cloud region set in zone ${ctx.zone} (1 added, 0 changed, 1 removed) failed for 2 mappings:`,
      expect.stringMatching(
        new RegExp(
          `^ {2}- deleting 10\\.0\\.0\\.2 failed: DELETE /zones/${ctx.zone}/origin/cloud_regions/batch failed after 2 attempts: .*${settling}`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^ {2}- putting 10\\.0\\.0\\.3 \\(aws/us-east-1\\) failed: PUT /zones/${ctx.zone}/origin/cloud_regions/batch failed after 2 attempts: .*${settling}`,
        ),
      ),
      "State records exactly the set's mappings that exist now; fix the entries and run `pulumi up` again to finish.",
    ]);
  });

  test("configure: the stack's config names the API the set then uses", async () => {
    useApi(scriptedClient({})); // answers nothing: only the client built from the config below can
    const config: Record<string, string> = {
      "cloudflare:apiToken": FAKE_TOKEN,
      "cloudflare:baseUrl": ctx.fake.baseUrl,
      "originCloudRegions:maxAttempts": "1",
    };
    const configure = (get: (key: string) => string | undefined) =>
      provider.configure({ config: { get } } as unknown as pulumi.dynamic.ConfigureRequest);
    await configure((key) => config[key]);
    ctx.fake.seed(ctx.zone, [{ origin_ip: "10.0.0.1", ...aws }]);
    try {
      expect(await provider.read(ctx.zone)).toMatchObject({ id: ctx.zone, props: { mappings: keyed(["10.0.0.1"]) } });
      expect(routes()).toEqual(["list"]);
    } finally {
      await configure(() => undefined);
    }
  });
});

describe("with a scripted client, for answers the fake does not give", () => {
  const aws = { vendor: "aws" as const, region: "us-east-1" };
  const NOT_FOUND = "Unable to retrieve origin_public_cloud_region setting value. The zone setting does not exist.";
  let calls: string[] = [];
  /** A client whose listings answer `listings` in turn and whose batch calls answer `batch`, recording each call. */
  const scripted = (listings: OriginCloudRegionRecord[][], batch: BatchResult = { succeeded: [], failed: [] }) => {
    calls = [];
    useApi(
      scriptedClient({
        list: async () => (calls.push("list"), listings.shift() ?? []),
        batchPut: async () => (calls.push("batchPut"), batch),
        batchDelete: async () => (calls.push("batchDelete"), batch),
      }),
    );
  };
  const asError = (e: unknown) => e as Error & { properties?: { mappings: object } };
  afterEach(() => forgetDeployment());

  test("a listing and a batch answer that spell an IP otherwise (IPv6 in upper case) still match the set's entries", async () => {
    scripted([[{ origin_ip: "2001:DB8::1", ...aws }]]);
    expect(
      (await provider.read(ZONE, { zoneId: ZONE, mappings: { "2001:db8::1": aws }, adopt: false })).props?.mappings,
    ).toEqual({ "2001:db8::1": aws });
    scripted([[]], { succeeded: [{ origin_ip: "2001:DB8:0::2", ...aws }], failed: [] });
    expect(
      (await provider.create({ zoneId: ZONE, mappings: { "2001:db8::2": aws }, adopt: false })).outs?.mappings,
    ).toEqual({ "2001:db8::2": aws });
    expect(calls).toEqual(["list", "batchPut"]);
  });

  test("items a batch answer does not list are settled by one listing: kept when there, a failure when not", async () => {
    scripted([[], [{ origin_ip: "10.0.0.1", ...aws }]]);
    const error = asError(
      await provider
        .create({ zoneId: ZONE, mappings: { "10.0.0.1": aws, "10.0.0.2": aws }, adopt: false })
        .catch((e: unknown) => e),
    );
    expect(calls).toEqual(["list", "batchPut", "list"]);
    expect(error.properties?.mappings).toEqual({ "10.0.0.1": aws });
    expect(error.message.split("\n")).toEqual([
      `creating origin cloud region set of 2 mappings in zone ${ZONE} failed for 1 of 2 mappings:`,
      "  - putting 10.0.0.2 (aws/us-east-1) failed: the batch answer did not list it; a listing of the zone showed it was not applied",
      "State records exactly the set's mappings that exist now; fix the entries and run `pulumi up` again to finish.",
    ]);
  });

  test("PUT items a batch refuses fail, not-found ones too, each described as its single call", async () => {
    scripted([[]], {
      succeeded: [],
      failed: [
        { origin_ip: "10.0.0.1", error: NOT_FOUND },
        { origin_ip: "10.0.0.2", error: "Zone is locked" },
      ],
    });
    const error = asError(
      await provider
        .create({ zoneId: ZONE, mappings: { "10.0.0.1": aws, "10.0.0.2": aws }, adopt: false })
        .catch((e: unknown) => e),
    );
    expect(error.message.split("\n")).toEqual([
      `creating origin cloud region set of 2 mappings in zone ${ZONE} failed for 2 mappings:`,
      `  - putting 10.0.0.1 (aws/us-east-1) failed: Cloudflare error 1142: ${NOT_FOUND} [HTTP 404]. Fix: the mapping does not exist (it may have been deleted outside this tool); run \`pulumi refresh\` to bring state in line`,
      `  - putting 10.0.0.2 (aws/us-east-1) failed: PUT /zones/${ZONE}/origin/cloud_regions/10.0.0.2 failed: HTTP 400, refused in a batch call: Zone is locked`,
      "Nothing of it is in state.",
    ]);
    expect(calls).toEqual(["list", "batchPut"]);
  });

  test("a DELETE item refused as not found is deleted; one refused for another reason fails the delete", async () => {
    scripted([], {
      succeeded: [],
      failed: [
        { origin_ip: "10.0.0.1", error: NOT_FOUND },
        { origin_ip: "10.0.0.2", error: "Zone is locked" },
      ],
    });
    const error = asError(
      await provider
        .delete(ZONE, { zoneId: ZONE, mappings: { "10.0.0.1": aws, "10.0.0.2": aws }, adopt: false })
        .catch((e: unknown) => e),
    );
    expect(error.message.split("\n")).toEqual([
      `deleting origin cloud region set in zone ${ZONE} failed for 1 of 2 mappings:`,
      `  - deleting 10.0.0.2 failed: DELETE /zones/${ZONE}/origin/cloud_regions/10.0.0.2 failed: HTTP 400, refused in a batch call: Zone is locked`,
      "The set stays in state; fix the cause and run the command again to delete the rest.",
    ]);
    expect(calls).toEqual(["batchDelete"]);
  });
});
