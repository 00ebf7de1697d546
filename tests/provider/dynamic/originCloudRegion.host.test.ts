// OriginCloudRegion through the real Pulumi provider host: the engine's RPC sequences replayed against the fake API,
// with `__provider` produced by the real resource class. Each `up`, `preview`, `refresh`, `destroy` or `get` is a command
// with a provider host of its own, as the CLI runs them (tests/harness/engine.ts).
import { OriginCloudRegionsApi } from "../../../provider/api";
import { FAKE_TOKEN, FakeCloudflare } from "../../fake/server";
import { CheckFailedError, MiniEngine } from "../../harness/engine";
import type { HostOptions, RpcError } from "../../harness/providerHost";
import { serializedProviderText } from "../../harness/serializedProvider";
import {
  GET_SUPPORTED_SINCE,
  HOST_PULUMI_VERSION,
  OLD_HOST_GET_ERROR,
  hostSupportsGet,
  testNeedingGet,
} from "../../harness/versions";

const TYPE = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion";
let zoneCounter = 0;
/** A fresh zone per test, so tests never see each other's mappings. */
const newZone = () => (0xa000 + ++zoneCounter).toString(16).padStart(32, "0");

let fake: FakeCloudflare;
let providerText: string;
let engine: MiniEngine;
let zone: string;

/** A stack whose commands' hosts start with `host` (default: the fake's token and base URL in stack config). */
const stack = (host?: HostOptions) =>
  new MiniEngine({
    type: TYPE,
    providerText,
    host: host ?? { config: { "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake.baseUrl } },
  });

beforeAll(async () => {
  fake = await FakeCloudflare.start();
  providerText = await serializedProviderText();
});
afterAll(async () => {
  await fake?.stop();
});
beforeEach(() => {
  zone = newZone();
  engine = stack();
  fake.resetRequests();
});

const writes = () => fake.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.route}`);
/** Every request the fake saw, reads included: for README's "no request" and "API calls: none" promises. */
const requests = () => fake.requests.map((r) => `${r.method} ${r.route}`);
const mapping = (originIp: string, vendor = "aws", region = "us-east-1") => ({
  zoneId: zone,
  originIp,
  vendor,
  region,
});
/** A client for changes made outside Pulumi. */
const outOfBand = () => new OriginCloudRegionsApi({ credentials: { apiToken: FAKE_TOKEN }, baseUrl: fake.baseUrl });
const rpcMessage = (p: Promise<unknown>) =>
  p.then(
    () => "no error",
    (e: RpcError) => e.details ?? e.message,
  );

describe("preview and up", () => {
  test("preview of a new resource validates with no request but supported_regions, and writes nothing", async () => {
    expect(await engine.preview("m", mapping("192.0.2.1"))).toBe("create");
    expect(requests()).toEqual(["GET supportedRegions"]); // the zone is new to this host: its list, once
    expect(fake.mappings(zone)).toEqual([]);
  });

  test("preview with unknown inputs passes check and plans an update, not a replacement", async () => {
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    await engine.up("m", mapping("192.0.2.1"));
    expect(await engine.preview("m", { ...mapping("192.0.2.1"), originIp: UNKNOWN })).toBe("update");
    expect(await engine.preview("m", { ...mapping("192.0.2.1"), region: UNKNOWN })).toBe("update");
    expect(writes()).toEqual(["PUT put"]);
  });

  test("up creates the mapping with one PUT and canonical outputs", async () => {
    expect(await engine.up("m", mapping("2001:0DB8:0000::0001", "gcp", "us-central1"))).toBe("create");
    expect(writes()).toEqual(["PUT put"]);
    const state = engine.state.get("m")!;
    expect(state.id).toBe(`${zone}/2001:db8::1`);
    expect(state.outputs).toMatchObject({
      zoneId: zone,
      originIp: "2001:db8::1",
      vendor: "gcp",
      region: "us-central1",
      adopt: false,
    });
    expect(state.outputs.modifiedOn).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(state.inputs.originIp).toBe("2001:db8::1");
    expect(fake.mappings(zone)).toEqual([
      expect.objectContaining({ origin_ip: "2001:db8::1", vendor: "gcp", region: "us-central1" }),
    ]);
  });

  // README, "API calls": a no-change `up` costs the one supported_regions read of its provider host (one per command).
  test("up with no change sends no request but its host's one supported_regions read", async () => {
    await engine.up("m", mapping("192.0.2.1"));
    fake.resetRequests();
    expect(await engine.up("m", mapping("192.0.2.1"))).toBe("same");
    expect(requests()).toEqual(["GET supportedRegions"]);
  });

  test("a respelled IP or an upper-case zone id is no change and sends no request but each up's supported_regions read", async () => {
    await engine.up("m", mapping("2001:db8::1"));
    fake.resetRequests();
    expect(await engine.up("m", mapping("2001:DB8:0:0:0:0:0:1"))).toBe("same");
    expect(await engine.up("m", { ...mapping("2001:0db8::0001"), zoneId: zone.toUpperCase() })).toBe("same");
    expect(await engine.up("m", { ...mapping("2001:db8::1"), adopt: true })).toBe("same"); // adopt: "no change, none"
    expect(requests()).toEqual(Array(3).fill("GET supportedRegions"));
  });

  test("a vendor or region change updates in place with one PUT", async () => {
    await engine.up("m", mapping("192.0.2.1"));
    fake.resetRequests();
    expect(await engine.up("m", mapping("192.0.2.1", "aws", "us-west-2"))).toBe("update");
    expect(writes()).toEqual(["PUT put"]);
    expect(engine.state.get("m")!.outputs).toMatchObject({ vendor: "aws", region: "us-west-2", originIp: "192.0.2.1" });
    expect(await engine.up("m", mapping("192.0.2.1", "azure", "westeurope"))).toBe("update");
    expect(fake.mappings(zone)).toEqual([
      expect.objectContaining({ origin_ip: "192.0.2.1", vendor: "azure", region: "westeurope" }),
    ]);
  });

  test("a changed IP replaces: the new mapping is created before the old one is deleted", async () => {
    await engine.up("m", mapping("192.0.2.1"));
    fake.resetRequests();
    expect(await engine.up("m", mapping("192.0.2.2"))).toBe("replace");
    expect(
      fake.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path.split("/").pop()}`),
    ).toEqual(["PUT 192.0.2.2", "DELETE 192.0.2.1"]);
    expect(fake.mappings(zone).map((m) => m.origin_ip)).toEqual(["192.0.2.2"]);
    expect(engine.state.get("m")!.id).toBe(`${zone}/192.0.2.2`);
  });

  test("a changed zone replaces the mapping", async () => {
    await engine.up("m", mapping("192.0.2.1"));
    const oldZone = zone;
    zone = newZone();
    expect(await engine.up("m", mapping("192.0.2.1"))).toBe("replace");
    expect(fake.mappings(oldZone)).toEqual([]);
    expect(fake.mappings(zone).map((m) => m.origin_ip)).toEqual(["192.0.2.1"]);
  });
});

describe("refresh, destroy and get", () => {
  test("refresh shows drift in vendor/region and the next up puts it back", async () => {
    await engine.up("m", mapping("192.0.2.1"));
    fake.seed(zone, [{ origin_ip: "192.0.2.1", vendor: "gcp", region: "europe-west1" }]);
    const refreshed = await engine.refresh("m");
    expect(refreshed).toEqual({ op: "refresh", drift: "some" });
    expect(engine.state.get("m")!.outputs).toMatchObject({ vendor: "gcp", region: "europe-west1" });
    expect(engine.state.get("m")!.inputs).toMatchObject({
      vendor: "gcp",
      region: "europe-west1",
      originIp: "192.0.2.1",
    });
    expect(await engine.up("m", mapping("192.0.2.1"))).toBe("update");
    expect(fake.mappings(zone)).toEqual([expect.objectContaining({ vendor: "aws", region: "us-east-1" })]);
  });

  test("refresh without drift reports none", async () => {
    await engine.up("m", mapping("2001:db8::7", "oci", "us-ashburn-1"));
    expect(await engine.refresh("m")).toEqual({ op: "refresh", drift: "none" });
  });

  test("refresh after an out-of-band delete removes the resource from state", async () => {
    await engine.up("m", mapping("192.0.2.1"));
    await outOfBand().delete(zone, "192.0.2.1"); // someone else, e.g. in the dashboard
    expect(await engine.refresh("m")).toEqual({ op: "delete" });
    expect(engine.state.has("m")).toBe(false);
  });

  test("destroy deletes the mapping with one DELETE", async () => {
    await engine.up("m", mapping("2001:db8::1"));
    fake.resetRequests();
    await engine.destroy("m");
    expect(writes()).toEqual(["DELETE delete"]);
    expect(fake.mappings(zone)).toEqual([]);
  });

  test("destroy of a mapping that is already gone succeeds with a warning", async () => {
    await engine.up("m", mapping("192.0.2.9"));
    await outOfBand().delete(zone, "192.0.2.9");
    const before = engine.output.length;
    await engine.destroy("m");
    expect(engine.state.has("m")).toBe(false);
    await engine.waitForOutput(
      /warning: origin cloud region mapping 192\.0\.2\.9 in zone [0-9a-f]{32} was already deleted/,
      before,
    );
  });

  // `get` needs a host from @pulumi/pulumi 3.268 or later; the version matrix (tests/package) runs these on one.
  testNeedingGet(
    "get reads an existing mapping by <zone_id>/<origin_ip>, any spelling or percent-encoding",
    async () => {
      fake.seed(zone, [{ origin_ip: "2001:db8::5", vendor: "gcp", region: "us-central1" }]);
      for (const ip of ["2001:db8::5", "2001%3Adb8%3A%3A5", "2001:DB8:0::5"]) {
        const read = await engine.get("legacy", `${zone}/${ip}`);
        expect(read.id).toBe(`${zone}/2001:db8::5`);
        expect(read.outputs).toMatchObject({
          zoneId: zone,
          originIp: "2001:db8::5",
          vendor: "gcp",
          region: "us-central1",
        });
      }
      expect(writes()).toEqual([]);
    },
  );

  testNeedingGet("get of a malformed id names the expected form", async () => {
    expect(await rpcMessage(engine.get("legacy", "not-an-id"))).toMatch(/expected <zone_id>\/<origin_ip>/);
  });

  (hostSupportsGet(HOST_PULUMI_VERSION) ? test.skip : test)(
    `get on a host older than ${GET_SUPPORTED_SINCE} fails in Pulumi itself, as README says`,
    async () => {
      fake.seed(zone, [{ origin_ip: "192.0.2.5", vendor: "aws", region: "us-east-1" }]);
      expect(await rpcMessage(engine.get("legacy", `${zone}/192.0.2.5`))).toContain(OLD_HOST_GET_ERROR);
    },
  );
});

describe("existing mappings are never taken over silently", () => {
  test("create over an unmanaged mapping fails and leaves it unchanged", async () => {
    fake.seed(zone, [
      { origin_ip: "192.0.2.1", vendor: "gcp", region: "us-central1", modified_on: "2026-01-02T03:04:05Z" },
    ]);
    const message = await rpcMessage(engine.up("m", mapping("192.0.2.1")));
    expect(message).toContain("already maps 192.0.2.1 to vendor gcp, region us-central1");
    expect(message).toContain("adopt: true");
    expect(message).toContain(`OriginCloudRegion.get("<name>", "${zone}/192.0.2.1")`);
    expect(message).toContain(`getOriginCloudRegions({ zoneId: "${zone}" })`); // works on every supported SDK
    expect(fake.mappings(zone)).toEqual([
      { origin_ip: "192.0.2.1", vendor: "gcp", region: "us-central1", modified_on: "2026-01-02T03:04:05Z" },
    ]);
    expect(writes()).toEqual([]);
  });

  test("with adopt: true the existing mapping is taken over", async () => {
    fake.seed(zone, [{ origin_ip: "192.0.2.1", vendor: "gcp", region: "us-central1" }]);
    expect(await engine.up("m", { ...mapping("192.0.2.1"), adopt: true })).toBe("create");
    expect(fake.mappings(zone)).toEqual([expect.objectContaining({ vendor: "aws", region: "us-east-1" })]);
    expect(engine.state.get("m")!.outputs.adopt).toBe(true);
    // Refresh reads the mapping back and keeps what the resource was allowed to do.
    expect(await engine.refresh("m")).toEqual({ op: "refresh", drift: "none" });
    expect(engine.state.get("m")!.outputs.adopt).toBe(true);
    expect(engine.state.get("m")!.inputs.adopt).toBe(true);
  });

  test("adopt followed by destroy deletes the adopted mapping (as README says; retainOnDelete keeps it)", async () => {
    fake.seed(zone, [{ origin_ip: "192.0.2.1", vendor: "gcp", region: "us-central1" }]);
    await engine.up("m", { ...mapping("192.0.2.1"), adopt: true });
    await engine.destroy("m");
    expect(fake.mappings(zone)).toEqual([]);
  });
});

describe("validation before any request", () => {
  test.each([
    [
      "zoneId",
      { zoneId: "not-a-zone" },
      /zoneId "not-a-zone" is not a Cloudflare zone id: expected 32 hexadecimal characters/,
    ],
    ["originIp", { originIp: "192.0.2.01" }, /originIp "192\.0\.2\.01" is not a valid IP address: leading zeros/],
    ["originIp", { originIp: "10.0.0.0/8" }, /prefix length/],
    [
      "vendor",
      { vendor: "AWS" },
      /vendor "AWS" is not supported: expected one of aws, azure, gcp, oci \(lower case\) \(did you mean aws\?\)/,
    ],
    ["vendor", { vendor: "amazon" }, /expected one of aws, azure, gcp, oci/],
    [
      "region",
      { region: "us-east1" },
      /region "us-east1" is not a supported aws region: expected one of .*us-east-1.*\(did you mean us-east-1.*\?\); us-east1 is a gcp region/,
    ],
    ["region", { region: "eu-westt-1" }, /\(did you mean eu-west-1( or [a-z0-9-]+)*\?\)$/],
    ["region", { region: "us-central1" }, /us-central1 is a gcp region, so perhaps vendor should be "gcp"/],
    ["adopt", { adopt: "yes" }, /adopt "yes" must be true or false/],
  ])("a bad %s is a check failure naming the property and what is allowed", async (property, override, reason) => {
    const error = await engine.up("m", { ...mapping("192.0.2.1"), ...override }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CheckFailedError);
    const failures = (error as CheckFailedError).failures;
    expect(failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
    expect(writes()).toEqual([]);
  });

  test("a failed supported_regions lookup is not kept: the next check of the same command asks again", async () => {
    fake.injectFault("supportedRegions", { kind: "rateLimit", retryAfterSeconds: 3600 }, 1, { zoneId: zone });
    // One preview of two resources, checked one after the other: the second check is not answered by the failure.
    const error = await engine.command(async () => {
      expect(await engine.preview("m", mapping("192.0.2.1", "aws", "mars-north-1"))).toBe("create"); // not verified: a warning
      return engine.preview("n", mapping("192.0.2.2", "aws", "mars-north-1")).then(
        () => undefined,
        (e: unknown) => e,
      );
    });
    expect(error).toBeInstanceOf(CheckFailedError);
    expect(fake.requests.filter((r) => r.route === "supportedRegions" && r.zoneId === zone)).toHaveLength(2);
  });

  test("supported regions are fetched once per zone, however many resources of one command check at once", async () => {
    await engine.command(() =>
      Promise.all(Array.from({ length: 20 }, (_, i) => engine.preview(`m${i}`, mapping(`192.0.2.${i + 1}`)))),
    );
    expect(fake.requestCount("supportedRegions")).toBe(1);
  });
});

describe("API failures reach the user as one clear diagnostic", () => {
  test("1157: a region Cloudflare refuses, when check could not verify it, names the code and the fix", async () => {
    // Retry-After far beyond the client's retry budget: check gives up at once and only warns.
    fake.injectFault("supportedRegions", { kind: "rateLimit", retryAfterSeconds: 3600 });
    const before = engine.output.length;
    const message = await rpcMessage(engine.up("m", mapping("192.0.2.1", "aws", "mars-north-1")));
    await engine.waitForOutput(/warning: verifying region mars-north-1 for aws .* the region was not verified/, before);
    expect(message).toMatch(
      new RegExp(
        `^creating origin cloud region mapping 192\\.0\\.2\\.1 in zone ${zone} failed: Cloudflare error 1157: The vendor provided doesn't exist or the region provided does not exist for the specified cloud vendor \\[HTTP 400, cf-ray [0-9a-f]+-[A-Z]{3}\\]\\. Fix: vendor must be one of aws, azure, gcp, oci`,
      ),
    );
    expect(fake.mappings(zone)).toEqual([]);
  });

  // README, "Errors and their fixes": 1146 "one valid IPv4/IPv6 address", 7003 "a 32-character zone id". Check refuses
  // what the fake would answer them for, so the fake is told to answer as Cloudflare would (API doc §5, verbatim).
  test("1146: Cloudflare refusing the IP is one line with the code, Cloudflare's message and the IPv4/IPv6 fix", async () => {
    fake.injectFault(
      "put",
      {
        kind: "cloudflareError",
        status: 400,
        errors: [{ code: 1146, message: "Invalid or missing origin IP address." }],
      },
      1,
      { zoneId: zone },
    );
    const message = await rpcMessage(engine.up("m", mapping("192.0.2.1")));
    expect(message.replace(/cf-ray [0-9a-f]+-[A-Z]{3}/, "cf-ray <ray>")).toBe(
      `creating origin cloud region mapping 192.0.2.1 in zone ${zone} failed: Cloudflare error 1146: Invalid or missing origin IP address. [HTTP 400, cf-ray <ray>]. ` +
        "Fix: the origin IP must be a single IPv4 address (192.0.2.1) or IPv6 address (2001:db8::1), without prefix length, port or zone index",
    );
    expect(fake.mappings(zone)).toEqual([]);
  });

  test("7003: a zone id Cloudflare cannot route fails the refresh (it is not 'deleted') with the zone-id fix", async () => {
    await engine.up("m", mapping("192.0.2.1"));
    const path = `/client/v4/zones/${zone}/origin/cloud_regions/192.0.2.1`;
    fake.injectFault(
      "get",
      {
        kind: "cloudflareError",
        status: 400,
        errors: [
          { code: 7003, message: `Could not route to ${path}, perhaps your object identifier is invalid?` },
          { code: 7000, message: "No route for that URI" },
        ],
      },
      1,
      { zoneId: zone },
    );
    const message = await rpcMessage(engine.refresh("m"));
    expect(message.replace(/cf-ray [0-9a-f]+-[A-Z]{3}/, "cf-ray <ray>")).toBe(
      `reading origin cloud region mapping 192.0.2.1 in zone ${zone} failed: Cloudflare error 7003: Could not route to ${path}, perhaps your object identifier is invalid?; ` +
        "Cloudflare error 7000: No route for that URI [HTTP 400, cf-ray <ray>]. " +
        "Fix: Cloudflare cannot route to this zone id; use the 32-character zone id from the zone's Overview page; " +
        "Cloudflare has no such route: check the base URL (it should end in /client/v4) and the zone id",
    );
    expect(engine.state.get("m")!.id).toBe(`${zone}/192.0.2.1`); // kept: a routing error is not "the mapping is gone"
  });

  test("1164: a full zone says so and how to fix it", async () => {
    fake.seed(
      zone,
      Array.from({ length: 3500 }, (_, i) => ({
        origin_ip: `10.${i >> 8}.${i & 255}.1`,
        vendor: "aws",
        region: "us-east-1",
      })),
    );
    const message = await rpcMessage(engine.up("m", mapping("192.0.2.1")));
    expect(message).toMatch(
      /failed: Cloudflare error 1164: Maximum number of IP mappings configured for zone\. \[HTTP 403, cf-ray \S+\]\. Fix: the zone already holds Cloudflare's maximum of 3,500/,
    );
    expect(fake.mappings(zone)).toHaveLength(3500);
  });

  test("10000: rejected credentials name the code and what to check, and never the token", async () => {
    const wrongToken = "Wr0ngTokenWr0ngTokenWr0ngTokenWr0ngToken";
    const bad = stack({ config: { "cloudflare:apiToken": wrongToken, "cloudflare:baseUrl": fake.baseUrl } });
    const message = await rpcMessage(bad.up("m", mapping("192.0.2.1")));
    expect(message).toMatch(
      /\(checking for an existing mapping\) failed: Cloudflare error 10000: Authentication error \[HTTP 403, cf-ray \S+\]\. Fix: Cloudflare rejected the credentials/,
    );
    expect(message).not.toContain(wrongToken);
    expect(bad.output.join("\n")).not.toContain(wrongToken);
  });
});

describe("credentials", () => {
  test("the serialized provider and stored state hold no credential", async () => {
    await engine.up("m", mapping("192.0.2.1"));
    expect(providerText).not.toContain(FAKE_TOKEN);
    expect(JSON.stringify([...engine.state.values()])).not.toContain(FAKE_TOKEN);
    expect(engine.output.join("\n")).not.toContain(FAKE_TOKEN);
  });

  test("environment credentials work when stack config has none", async () => {
    expect(
      await stack({ env: { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake.baseUrl } }).up(
        "m",
        mapping("192.0.2.1"),
      ),
    ).toBe("create");
    expect(fake.mappings(zone)).toHaveLength(1);
  });

  test("API key + email from the environment: a mapping's whole life, accepted as X-Auth-Key/X-Auth-Email, neither ever shown", async () => {
    const KEY = "5e1f00d5e1f00d5e1f00d5e1f00d5e1f00d5e";
    const EMAIL = "Key.Holder+infra@example.com";
    // A fake that knows no token at all: only this key with this email is accepted, sent as X-Auth-Key + X-Auth-Email.
    const keyOnly = await FakeCloudflare.start({ tokens: [], apiKeys: [{ email: EMAIL, key: KEY }] });
    try {
      const keyEngine = stack({
        env: { CLOUDFLARE_API_KEY: KEY, CLOUDFLARE_EMAIL: EMAIL, CLOUDFLARE_BASE_URL: keyOnly.baseUrl },
      });
      expect(await keyEngine.preview("m", mapping("192.0.2.1"))).toBe("create");
      keyOnly.injectFault("put", { kind: "status", status: 503 }); // one retry, so the host logs a line about a request
      expect(await keyEngine.up("m", mapping("192.0.2.1"))).toBe("create");
      await keyEngine.waitForOutput(/retrying in/);
      expect(await keyEngine.up("m", mapping("192.0.2.1", "aws", "us-west-2"))).toBe("update");
      expect(await keyEngine.refresh("m")).toEqual({ op: "refresh", drift: "none" });
      const state = JSON.stringify([...keyEngine.state.values()]);
      expect(keyEngine.state.get("m")!.outputs).toMatchObject({
        originIp: "192.0.2.1",
        vendor: "aws",
        region: "us-west-2",
      });
      await keyEngine.destroy("m");
      expect(keyOnly.mappings(zone)).toEqual([]);
      // Every request was authenticated (a 9106, 6003 or 10000 would be 400/403): the answers are the operations' own.
      expect(keyOnly.requests.map((r) => `${r.method} ${r.route} ${r.status}`)).toEqual([
        "GET supportedRegions 200", // the preview
        "GET supportedRegions 200", // the create's up: a host of its own, so its own lookup
        "GET get 404", // create: no mapping yet
        "PUT put 503",
        "PUT put 200",
        "GET supportedRegions 200", // the update's up
        "PUT put 200",
        "GET get 200", // refresh
        "DELETE delete 200",
      ]);

      // A gateway that copies the request's X-Auth-Key and X-Auth-Email into its refusal.
      keyOnly.injectFault("put", { kind: "echoCredentials", form: "json" });
      const refused = await rpcMessage(keyEngine.up("n", mapping("192.0.2.2")));
      expect(refused).toMatch(
        /^creating origin cloud region mapping 192\.0\.2\.2 .* failed: Cloudflare error 10000: Authentication error for /,
      );

      const shown = (text: string) =>
        [KEY, EMAIL]
          .flatMap((secret) => [secret, encodeURIComponent(secret)])
          .filter((form) => text.toLowerCase().includes(form.toLowerCase()));
      expect({
        state: shown(state),
        providerText: shown(providerText),
        hostOutput: shown(keyEngine.output.join("\n")),
        refused: shown(refused),
      }).toEqual({ state: [], providerText: [], hostOutput: [], refused: [] });
    } finally {
      await keyOnly.stop();
    }
  }, 60_000); // six commands, each starting a host

  test("stack config wins over the environment", async () => {
    const both = stack({
      config: { "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake.baseUrl },
      env: {
        CLOUDFLARE_API_TOKEN: "EnvTokenEnvTokenEnvTokenEnvTokenEnvToken",
        CLOUDFLARE_BASE_URL: "http://127.0.0.1:9/client/v4",
      },
    });
    expect(await both.up("m", mapping("192.0.2.1"))).toBe("create");
  });

  test("a time limit out of range fails the preview and the create, naming the key and the range; nothing is sent", async () => {
    const badEngine = stack({
      config: {
        "cloudflare:apiToken": FAKE_TOKEN,
        "cloudflare:baseUrl": fake.baseUrl,
        "originCloudRegions:maxAttempts": "0",
      },
    });
    const range =
      'originCloudRegions:maxAttempts "0" is not allowed: expected a whole number of attempts from 1 to 10 (default 5)';
    expect(await rpcMessage(badEngine.preview("m", mapping("192.0.2.1")))).toContain(range);
    // Create as the engine sends it after a check (state written by a run whose settings were fine):
    const created = rpcMessage(
      badEngine.command((host) => host.create(badEngine.urn("m"), badEngine.withProvider(mapping("192.0.2.1")))),
    );
    expect(await created).toBe(
      `creating origin cloud region mapping 192.0.2.1 in zone ${zone} (checking for an existing mapping) failed: ${range}`,
    );
    expect(fake.requests.filter((r) => r.zoneId === zone)).toEqual([]);
  });

  test("missing credentials: preview only warns, create fails naming both ways to set them", async () => {
    const bareEngine = stack({ env: { CLOUDFLARE_BASE_URL: fake.baseUrl } });
    expect(await bareEngine.preview("m", mapping("192.0.2.1"))).toBe("create");
    const warning = await bareEngine.waitForOutput(
      /warning: .*No Cloudflare credentials were found.*the region was not verified/,
    );
    expect(warning).not.toMatch(/\.;/); // one sentence, not "…that runs pulumi.; the region…"
    const message = await rpcMessage(bareEngine.up("m", mapping("192.0.2.1")));
    expect(message).toContain("pulumi config set --secret cloudflare:apiToken");
    expect(message).toContain("CLOUDFLARE_API_TOKEN");
    expect(fake.mappings(zone)).toEqual([]);
  });
});
