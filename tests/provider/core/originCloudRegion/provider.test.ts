// The OriginCloudRegion provider's operations called directly, in this process: against the fake, and with a scripted
// client where that is simpler or the fake cannot stage the case (a PUT whose outcome stayed unknown after the
// client's read-back, see api/readBack.test.ts; check's lookups, read's answers, which resource holds a mapping).
import type * as pulumi from "@pulumi/pulumi";
import { CloudflareApiError, type OriginCloudRegionRecord } from "../../../../provider/api";
import { FAKE_TOKEN } from "../../../fake/server";
import {
  UNKNOWN,
  originCloudRegionProvider as provider,
  parseMappingId,
} from "../../../../provider/core/originCloudRegion/provider";
import { forgetDeployment } from "../../../../provider/core/deployment";
import { useApi } from "../../../../provider/core/providerContext";
import { scriptedClient, useInProcessFake } from "../../inProcessFake";

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
function scripted(held: () => OriginCloudRegionRecord | undefined, putError: CloudflareApiError) {
  const calls: string[] = [];
  const client = scriptedClient({
    get: async (_zone, ip) => (calls.push(`get ${ip}`), held()),
    put: async (_zone, m) => (calls.push(`put ${m.origin_ip}`), Promise.reject(putError)),
  });
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
  const refused = new CloudflareApiError({
    kind: "api",
    method: "PUT",
    path: "/p",
    status: 400,
    errors: [{ code: 1157, message: "no such region" }],
    attempts: 1,
  });
  const { client, calls } = scripted(() => undefined, refused);
  useApi(client);
  await expect(provider.update("id", { ...inputs, adopt: false }, inputs)).rejects.toThrow(
    /Cloudflare error 1157: no such region \[HTTP 400\]\. Fix: vendor must be/,
  );
  expect(calls).toEqual(["put 192.0.2.1"]);
});

describe("diff", () => {
  const olds = { ...inputs, adopt: false, modifiedOn: "2026-11-26T00:00:00Z" };
  test.each([
    ["nothing", {}, { changes: false, replaces: [] }],
    [
      "the IPv4-mapped form of the IP (another key)",
      { originIp: "::ffff:c000:201" },
      { changes: true, replaces: ["originIp"] },
    ],
    ["the zone id's case", { zoneId: ZONE.toUpperCase() }, { changes: false, replaces: [] }],
    ["adopt", { adopt: true }, { changes: false, replaces: [] }],
    ["region", { region: "us-west-2" }, { changes: true, replaces: [] }],
    ["vendor", { vendor: "gcp" }, { changes: true, replaces: [] }],
    [
      "IP and zone",
      { originIp: "192.0.2.2", zoneId: "f".repeat(32) },
      { changes: true, replaces: ["zoneId", "originIp"] },
    ],
    ["an unknown IP", { originIp: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }, { changes: true, replaces: [] }],
  ])("%s", async (_what, change, expected) => {
    // Delete-before-replace only where the IP and zone stay: the engine forcing a replacement must free the mapping first.
    const deleteBeforeReplace = expected.replaces.length === 0;
    expect(await provider.diff("id", olds, { ...inputs, ...change } as typeof inputs)).toEqual({
      ...expected,
      deleteBeforeReplace,
    });
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
  await expect(provider.delete("x", { ...inputs, zoneId: "../../accounts" })).rejects.toThrow(
    'zoneId "../../accounts" is not a Cloudflare zone id',
  );
  expect(calls).toEqual([]);
});

test("adopting a mapping that already holds the wanted vendor and region takes it as it is, without a PUT", async () => {
  const held = {
    origin_ip: "192.0.2.1",
    vendor: "aws" as const,
    region: "us-east-1",
    modified_on: "2026-01-02T03:04:05Z",
  };
  const { client, calls } = scripted(() => held, lost());
  useApi(client);
  const result = await provider.create({ ...inputs, adopt: true });
  expect(result).toEqual({
    id: `${ZONE}/192.0.2.1`,
    outs: { ...inputs, adopt: true, modifiedOn: "2026-01-02T03:04:05Z", claimId: expect.any(String) },
  });
  expect(calls).toEqual(["get 192.0.2.1"]);
});

test.each([
  ["vendor and region", { vendor: "gcp" as const, region: "us-central1" }],
  ["only the region", { vendor: "aws" as const, region: "us-west-2" }],
  ["only the vendor", { vendor: "gcp" as const, region: "us-east-1" }],
])("adopting a mapping that differs in %s PUTs the wanted vendor and region", async (_what, held) => {
  const { client, calls } = scripted(() => ({ origin_ip: "192.0.2.1", ...held }), lost());
  client.put = async (_zone, m) => (
    calls.push(`put ${m.vendor}/${m.region}`),
    { ...m, modified_on: "2026-11-26T00:00:00Z" }
  );
  useApi(client);
  const warnings: string[] = [];
  jest.spyOn(console, "warn").mockImplementation((line: string) => void warnings.push(line));
  try {
    expect((await provider.create({ ...inputs, adopt: true })).outs).toMatchObject({
      vendor: "aws",
      region: "us-east-1",
      adopt: true,
    });
  } finally {
    jest.restoreAllMocks();
  }
  expect(calls).toEqual(["get 192.0.2.1", "put aws/us-east-1"]);
  // Taking over another value is never silent: the warning names what the mapping held.
  expect(warnings).toEqual([
    `warning: adopted origin cloud region mapping 192.0.2.1 in zone ${ZONE}, which held ${held.vendor}/${held.region}: it is now aws/us-east-1. ` +
      "Once adopted, `adopt: true` can be dropped from the resource, so that a later create never takes over another mapping.",
  ]);
});

test("the refusal of a mapping Cloudflare gives no modified time for leaves the time out", async () => {
  const { client } = scripted(() => ({ origin_ip: "192.0.2.1", vendor: "gcp", region: "us-central1" }), lost());
  useApi(client);
  await expect(provider.create(inputs)).rejects.toThrow(
    `the zone already maps 192.0.2.1 to vendor gcp, region us-central1, and it was left untouched.`,
  );
});

describe("who holds a mapping after each way of creating it: a second resource is told how", () => {
  const second = () =>
    provider.create(inputs).then(
      () => "created",
      (e: Error) => e.message,
    );
  const told = (how: string) =>
    `creating origin cloud region mapping 192.0.2.1 in zone ${ZONE} failed: another resource in this deployment manages it (it ${how} 192.0.2.1)`;

  test.each([
    ["created (PUT)", () => undefined, false, "created"],
    [
      "adopted as it was (no PUT)",
      () => ({ origin_ip: "192.0.2.1", vendor: "aws" as const, region: "us-east-1" }),
      true,
      "adopted",
    ],
    [
      "adopted and changed (PUT)",
      () => ({ origin_ip: "192.0.2.1", vendor: "gcp" as const, region: "us-central1" }),
      true,
      "adopted",
    ],
  ])("%s", async (_way, held, adopt, how) => {
    const { client } = scripted(held, lost());
    client.put = async (_zone, m) => ({ ...m });
    useApi(client);
    await provider.create({ ...inputs, adopt });
    expect(await second()).toMatch(new RegExp(`^${told(how).replace(/[.()]/g, "\\$&")}`));
  });

  test("created with an unknown outcome (kept in state)", async () => {
    const { client } = scripted(() => undefined, lost());
    useApi(client);
    await expect(provider.create(inputs)).rejects.toThrow(/may have been applied/);
    expect(await second()).toMatch(new RegExp(`^${told("created").replace(/[.()]/g, "\\$&")}`));
  });
});

describe("update", () => {
  const olds = { ...inputs, adopt: false, claimId: "claim-of-this-resource" };
  const putting = () => {
    const { client, calls } = scripted(() => undefined, lost());
    client.put = async (_zone, m) => (calls.push(`put ${m.vendor}/${m.region}`), { ...m });
    useApi(client);
    return calls;
  };

  test("keeps the resource's claim id; state from before 0.2.0 (none) gets one", async () => {
    putting();
    expect((await provider.update("id", olds, { ...inputs, region: "us-west-2" })).outs?.claimId).toBe(
      "claim-of-this-resource",
    );
    forgetDeployment(); // another deployment, so the claim above does not hold the mapping
    const { claimId: _none, ...before020 } = olds;
    expect(
      (await provider.update("id", before020 as typeof olds, { ...inputs, region: "us-west-2" })).outs?.claimId,
    ).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("of a mapping another resource of this deployment holds is refused, without a request", async () => {
    const calls = putting();
    await provider.create({ ...inputs, adopt: true });
    calls.length = 0;
    await expect(provider.update("id", olds, { ...inputs, region: "us-west-2" })).rejects.toThrow(
      `updating origin cloud region mapping 192.0.2.1 in zone ${ZONE} to aws/us-west-2 failed: another resource in this deployment manages it`,
    );
    expect(calls).toEqual([]);
  });
});

describe("against the fake, in this process", () => {
  const ctx = useInProcessFake(0xe000);
  const at = (ip: string) => ({ zoneId: ctx.zone, originIp: ip, vendor: "aws" as const, region: "us-east-1" });

  const requests = () => ctx.fake.requests.map((r) => `${r.method} ${r.route}`);

  describe("delete", () => {
    test("deletes the mapping with one DELETE and no warning", async () => {
      ctx.fake.seed(ctx.zone, [{ origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" }]);
      await provider.delete(`${ctx.zone}/192.0.2.1`, at("192.0.2.1"));
      expect(ctx.fake.mappings(ctx.zone)).toEqual([]);
      expect(requests()).toEqual(["DELETE delete"]);
      expect(ctx.warnings).toEqual([]);
    });

    test("a mapping already gone is success, with a warning that says so", async () => {
      await provider.delete(`${ctx.zone}/192.0.2.1`, at("192.0.2.1"));
      expect(ctx.warnings).toEqual([
        `warning: origin cloud region mapping 192.0.2.1 in zone ${ctx.zone} was already deleted; nothing to do`,
      ]);
    });

    test.each([
      [403, 10000, "Authentication error"],
      [500, 1140, "Internal error"],
    ])(
      "an HTTP %i (%i) fails the delete, so the resource stays in state, and the mapping stays",
      async (status, code, message) => {
        ctx.fake.seed(ctx.zone, [{ origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" }]);
        ctx.fake.injectFault("delete", { kind: "cloudflareError", status, errors: [{ code, message }] }, 2, {
          zoneId: ctx.zone,
        });
        await expect(provider.delete(`${ctx.zone}/192.0.2.1`, at("192.0.2.1"))).rejects.toThrow(
          `deleting origin cloud region mapping 192.0.2.1 in zone ${ctx.zone} failed: Cloudflare error ${code}: ${message} [HTTP ${status}`,
        );
        expect(ctx.fake.mappings(ctx.zone)).toHaveLength(1);
        expect(ctx.warnings.filter((w) => w.includes("already deleted"))).toEqual([]);
      },
    );

    test("a 5xx whose delete did land is settled by reading back: success", async () => {
      ctx.fake.seed(ctx.zone, [{ origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" }]);
      ctx.fake.injectFault("delete", { kind: "reset", applied: true }, 1, { zoneId: ctx.zone });
      await provider.delete(`${ctx.zone}/192.0.2.1`, at("192.0.2.1"));
      expect(ctx.fake.mappings(ctx.zone)).toEqual([]);
    });

    test("the old half of a rename leaves the mapping the new half created: no request, a warning", async () => {
      const created = await provider.create(at("192.0.2.1"));
      ctx.fake.resetRequests();
      await provider.delete(`${ctx.zone}/192.0.2.1`, {
        ...at("192.0.2.1"),
        adopt: false,
        claimId: "an-older-resource",
      });
      expect(requests()).toEqual([]);
      expect(ctx.fake.mappings(ctx.zone)).toHaveLength(1);
      expect(ctx.warnings).toEqual([
        expect.stringMatching(
          new RegExp(
            `^warning: origin cloud region mapping 192\\.0\\.2\\.1 in zone ${ctx.zone} was not deleted: .*only this resource's old state is removed$`,
          ),
        ),
      ]);
      // The holder itself deletes it, and then the IP is free for a new resource of this deployment.
      await provider.delete(created.id, created.outs!);
      expect(ctx.fake.mappings(ctx.zone)).toEqual([]);
      await expect(provider.create(at("192.0.2.1"))).resolves.toMatchObject({ id: `${ctx.zone}/192.0.2.1` });
    });
  });

  describe("create", () => {
    test("refuses a mapping it does not manage and leaves it byte for byte", async () => {
      ctx.fake.seed(ctx.zone, [{ origin_ip: "192.0.2.1", vendor: "gcp", region: "us-central1" }]);
      const before = ctx.fake.mappings(ctx.zone);
      await expect(provider.create(at("192.0.2.1"))).rejects.toThrow(
        new Error(
          `creating origin cloud region mapping 192.0.2.1 in zone ${ctx.zone} failed: the zone already maps 192.0.2.1 to vendor gcp, region us-central1 ` +
            `(modified ${before[0].modified_on}), and it was left untouched. ` +
            'If you renamed this resource, add `aliases: [{ name: "<old name>" }]` to its options so Pulumi keeps managing the same mapping. ' +
            "To manage the mapping with this resource, set `adopt: true`: " +
            "it will then be set to aws/us-east-1 and deleted when the resource is destroyed. " +
            "For `pulumi up --replace` of the resource that manages it (Pulumi then creates the new resource with nothing " +
            "of the old one's state), set `adopt: true` or give it the `deleteBeforeReplace: true` resource option. " +
            `To only read it, use getOriginCloudRegions({ zoneId: "${ctx.zone}" }), or OriginCloudRegion.get("<name>", "${ctx.zone}/192.0.2.1") ` +
            "(@pulumi/pulumi 3.268 or later).",
        ),
      );
      expect(ctx.fake.mappings(ctx.zone)).toEqual(before);
      expect(requests()).toEqual(["GET get"]);
    });

    test("a second resource declaring the same IP in another spelling is refused, naming the IP", async () => {
      await provider.create({ ...at("2001:db8::1") });
      await expect(provider.create({ ...at("2001:DB8:0::1") })).rejects.toThrow(
        /2001:db8::1.*another resource in this deployment/,
      );
      expect(ctx.fake.mappings(ctx.zone)).toHaveLength(1);
    });

    test("a PUT whose answer is lost but which landed is a plain success", async () => {
      ctx.fake.injectFault("put", { kind: "reset", applied: true }, 1, { zoneId: ctx.zone });
      const created = await provider.create(at("192.0.2.1"));
      expect(created.outs).toMatchObject({ originIp: "192.0.2.1", vendor: "aws", region: "us-east-1", adopt: false });
      expect(ctx.fake.mappings(ctx.zone)).toHaveLength(1);
    });

    test("a PUT refused with a 4xx fails the create with the code and writes nothing", async () => {
      ctx.fake.injectFault(
        "put",
        { kind: "cloudflareError", status: 400, errors: [{ code: 1157, message: "Invalid region" }] },
        1,
        { zoneId: ctx.zone },
      );
      const error = await provider.create(at("192.0.2.1")).catch((e: Error & { id?: string }) => e);
      expect((error as Error).message).toMatch(
        `creating origin cloud region mapping 192.0.2.1 in zone ${ctx.zone} failed: Cloudflare error 1157: Invalid region [HTTP 400`,
      );
      expect((error as { id?: string }).id).toBeUndefined();
      expect(ctx.fake.mappings(ctx.zone)).toEqual([]);
    });
  });
});

describe("against a fake whose token is scoped to one zone, with a latency the test sets", () => {
  const allowed = "0000000000000000000000000000f001";
  const other = "0000000000000000000000000000f002";
  const ctx = useInProcessFake(0xf100, { zones: [allowed] });
  afterEach(() => ctx.fake.setLatency(0));

  test("a zone the token may not edit fails the create with 10000 and the fix, before any write", async () => {
    await expect(provider.create({ ...inputs, zoneId: other })).rejects.toThrow(
      `creating origin cloud region mapping 192.0.2.1 in zone ${other} (checking for an existing mapping) failed: Cloudflare error 10000`,
    );
    await expect(provider.create({ ...inputs, zoneId: other })).rejects.toThrow(
      /Fix: Cloudflare rejected the credentials for this zone/,
    );
    expect(ctx.fake.requests.filter((r) => r.method !== "GET")).toEqual([]);
    await expect(provider.create({ ...inputs, zoneId: allowed })).resolves.toMatchObject({
      id: `${allowed}/192.0.2.1`,
    });
  });

  test("an API slower than the per-attempt timeout fails the create as a timeout, naming the attempts", async () => {
    ctx.useClient({ timeoutMs: 100 });
    ctx.fake.setLatency(400);
    await expect(provider.create({ ...inputs, zoneId: allowed, originIp: "192.0.2.9" })).rejects.toThrow(
      `creating origin cloud region mapping 192.0.2.9 in zone ${allowed} (checking for an existing mapping) failed: GET /zones/${allowed}/origin/cloud_regions/192.0.2.9 ` +
        "failed after 2 attempts: no complete response within 100 ms (timeout). Fix: Cloudflare or the network did not answer usably (2 attempts); " +
        "run pulumi up again, or allow more time with originCloudRegions:retryBudgetSeconds / originCloudRegions:requestTimeoutSeconds",
    );
  });
});

describe("check, in this process", () => {
  const REGIONS = {
    obtained_codes: true,
    vendors: {
      aws: [
        { name: "us-east-1", upper_tier_colos: ["IAD"] },
        { name: "us-west-2", upper_tier_colos: ["PDX"] },
      ],
    },
  };
  let lookups: string[] = [];
  beforeEach(() => {
    lookups = [];
    useApi(scriptedClient({ supportedRegions: async (zone) => (lookups.push(zone), REGIONS) }));
  });

  test("good inputs come back canonical, after one supported_regions lookup", async () => {
    const news = {
      zoneId: ZONE.toUpperCase(),
      originIp: "2001:DB8:0::1",
      vendor: "aws",
      region: "us-west-2",
      __provider: "shim",
      claimId: "c",
      modifiedOn: undefined,
    };
    expect(await provider.check({}, news)).toEqual({
      inputs: { ...news, zoneId: ZONE, originIp: "2001:db8::1" },
      failures: [],
    });
    expect(lookups).toEqual([ZONE]);
  });

  test("a region the zone does not support fails on region, with the supported ones", async () => {
    const { failures } = await provider.check({}, { ...inputs, region: "us-east-2" });
    expect(failures).toEqual([
      {
        property: "region",
        reason:
          'region "us-east-2" is not a supported aws region: expected one of us-east-1, us-west-2 (did you mean us-east-1?)',
      },
    ]);
  });

  test.each([
    ["the zone", { zoneId: UNKNOWN }],
    ["the vendor", { vendor: UNKNOWN }],
    ["the region", { region: UNKNOWN }],
  ])("%s not known yet (preview): no lookup, no failure", async (_what, change) => {
    expect((await provider.check({}, { ...inputs, ...change })).failures).toEqual([]);
    expect(lookups).toEqual([]);
  });

  test("inputs that already fail are not looked up", async () => {
    const { failures } = await provider.check({}, { ...inputs, originIp: "192.0.2.1/24" });
    expect(failures?.map((f) => f.property)).toEqual(["originIp"]);
    expect(lookups).toEqual([]);
  });

  test("an unknown IP is left as it is", async () => {
    expect((await provider.check({}, { ...inputs, originIp: UNKNOWN })).inputs.originIp).toBe(UNKNOWN);
  });

  test("a misspelt input is refused, naming the resource's inputs", async () => {
    const { failures } = await provider.check({}, { ...inputs, regoin: "us-east-1" });
    expect(failures).toEqual([{ property: "regoin", reason: expect.stringContaining("OriginCloudRegion") }]);
  });

  test("adopt that is not a boolean fails on adopt", async () => {
    expect((await provider.check({}, { ...inputs, adopt: "yes" })).failures).toEqual([
      { property: "adopt", reason: 'adopt "yes" must be true or false' },
    ]);
  });
});

describe("read, in this process", () => {
  let asked: string[] = [];
  const reading = (held: OriginCloudRegionRecord | undefined | Error) => {
    asked = [];
    useApi(
      scriptedClient({
        get: async (zone, ip, options) => {
          asked.push(`${zone} ${ip} ${options?.maxAgeMs}`);
          if (held instanceof Error) throw held;
          return held;
        },
      }),
    );
  };
  const stored = {
    origin_ip: "2001:db8::1",
    vendor: "aws" as const,
    region: "us-east-1",
    modified_on: "2026-01-02T03:04:05Z",
  };

  test("a mapping as Cloudflare holds it: id, outputs (with adopt and the claim from state) and inputs; a listing up to 60 s old will do", async () => {
    reading(stored);
    const result = await provider.read(`${ZONE}/2001:db8::1`, {
      zoneId: ZONE,
      originIp: "2001:DB8::1",
      adopt: true,
      claimId: "claim-1",
    });
    expect(result).toStrictEqual({
      id: `${ZONE}/2001:db8::1`,
      props: {
        zoneId: ZONE,
        originIp: "2001:db8::1",
        vendor: "aws",
        region: "us-east-1",
        adopt: true,
        modifiedOn: "2026-01-02T03:04:05Z",
        claimId: "claim-1",
      },
      inputs: { zoneId: ZONE, originIp: "2001:db8::1", vendor: "aws", region: "us-east-1", adopt: true },
    });
    expect(asked).toEqual([`${ZONE} 2001:db8::1 60000`]);
  });

  test("get (no state): the mapping named by the id; no claim and no modified time it was not given", async () => {
    reading({ origin_ip: "192.0.2.1", vendor: "gcp", region: "us-central1" });
    const result = await provider.read(`${ZONE}/192.0.2.1`);
    expect(result.props).toStrictEqual({
      zoneId: ZONE,
      originIp: "192.0.2.1",
      vendor: "gcp",
      region: "us-central1",
      adopt: false,
    });
  });

  test("state with a zone but no IP is read by its id", async () => {
    reading(undefined);
    expect(await provider.read(`${ZONE}/192.0.2.9`, { zoneId: ZONE })).toEqual({ id: "" });
    expect(asked).toEqual([`${ZONE} 192.0.2.9 60000`]);
  });

  test("a failed read names the mapping", async () => {
    reading(
      new CloudflareApiError({
        kind: "api",
        method: "GET",
        path: "/x",
        status: 403,
        errors: [{ code: 10000, message: "Authentication error" }],
        attempts: 1,
      }),
    );
    await expect(provider.read(`${ZONE}/192.0.2.1`)).rejects.toThrow(
      `reading origin cloud region mapping 192.0.2.1 in zone ${ZONE} failed: Cloudflare error 10000: Authentication error`,
    );
  });
});

describe("ids and holders", () => {
  test("an id that is not a string, or whose zone is empty, fails naming the id's form or the zone", () => {
    expect(() => parseMappingId(7 as never)).toThrow(
      "id 7 (a number) is not an origin cloud region mapping id: expected <zone_id>/<origin_ip>",
    );
    expect(() => parseMappingId("/192.0.2.1")).toThrow('id "/192.0.2.1": zoneId "" is not a Cloudflare zone id');
  });

  const putting = () => useApi(scriptedClient({ get: async () => undefined, put: async (_zone, m) => ({ ...m }) }));
  const second = () =>
    provider.create(inputs).then(
      () => "created",
      (e: Error) => e.message,
    );
  const olds = { ...inputs, adopt: false, claimId: "claim-a" };

  test("a diff that keeps a resource on its mapping holds it: a second resource is told, in full", async () => {
    putting();
    await provider.diff("id", olds, { ...inputs, region: "us-west-2" });
    expect(await second()).toBe(
      `creating origin cloud region mapping 192.0.2.1 in zone ${ZONE} failed: another resource in this deployment manages it (it keeps 192.0.2.1), ` +
        "and two resources cannot manage one mapping. Declare each origin IP once per zone (IPs are compared in canonical form: 2001:DB8:0::1 and 2001:db8::1 are one IP).",
    );
  });

  test.each([
    ["a replacement (another IP)", { originIp: "192.0.2.2" }],
    ["an IP not known yet", { originIp: UNKNOWN }],
    ["a zone not known yet", { zoneId: UNKNOWN }],
  ])("a diff with %s holds nothing", async (_what, change) => {
    putting();
    await provider.diff("id", olds, { ...inputs, ...change });
    expect(await second()).toBe("created");
  });

  test("a diff does not take a mapping another resource already holds", async () => {
    putting();
    await provider.create({ ...inputs, adopt: true });
    await provider.diff("id", olds, inputs);
    await expect(provider.update("id", olds, { ...inputs, region: "us-west-2" })).rejects.toThrow(
      "another resource in this deployment manages it (it created 192.0.2.1)",
    );
  });

  test("a diff of state edited to a bad zone id or IP holds nothing and does not throw", async () => {
    putting();
    await expect(provider.diff("id", { ...olds, zoneId: "bad" }, inputs)).resolves.toMatchObject({
      replaces: ["zoneId"],
    });
    await expect(provider.diff("id", { ...olds, originIp: "bad" }, inputs)).resolves.toMatchObject({
      replaces: ["originIp"],
    });
    expect(await second()).toBe("created");
  });

  test("an update holds the mapping as updated, and returns adopt as asked", async () => {
    putting();
    expect((await provider.update("id", olds, { ...inputs, region: "us-west-2" })).outs?.adopt).toBe(false);
    const { outs } = await provider.update("id", olds, { ...inputs, region: "us-west-2", adopt: true });
    expect(outs).toStrictEqual({
      zoneId: ZONE,
      originIp: "192.0.2.1",
      vendor: "aws",
      region: "us-west-2",
      adopt: true,
      claimId: "claim-a",
    });
    expect(await second()).toMatch(/it updated 192\.0\.2\.1/);
  });
});

describe("configure", () => {
  const ctx = useInProcessFake(0xe100);

  test("the stack's config names the API the resource then uses", async () => {
    useApi(scriptedClient({})); // answers nothing: only the client built from the config below can
    const config: Record<string, string> = {
      "cloudflare:apiToken": FAKE_TOKEN,
      "cloudflare:baseUrl": ctx.fake.baseUrl,
      "originCloudRegions:batching": "false",
    };
    const configure = (get: (key: string) => string | undefined) =>
      provider.configure({ config: { get } } as unknown as pulumi.dynamic.ConfigureRequest);
    await configure((key) => config[key]);
    ctx.fake.seed(ctx.zone, [{ origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" }]);
    try {
      expect(await provider.read(`${ctx.zone}/192.0.2.1`)).toMatchObject({
        id: `${ctx.zone}/192.0.2.1`,
        props: { region: "us-east-1" },
      });
      expect(ctx.fake.requests.map((r) => r.route)).toEqual(["get"]);
    } finally {
      await configure(() => undefined);
    }
  });
});
