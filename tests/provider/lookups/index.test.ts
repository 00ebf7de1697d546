// The program-side lookups, run as a program runs them (Pulumi's runtime under mocks, stack config set the way the
// engine hands it over) against the fake Cloudflare API over HTTP.
import * as pulumi from "@pulumi/pulumi";
import {
  MissingCredentialsError,
  OriginCloudRegion,
  getOriginCloudRegions,
  getOriginCloudRegionsOutput,
  getSupportedRegions,
  getSupportedRegionsOutput,
} from "../../../provider";
import { FAKE_TOKEN, FakeCloudflare } from "../../fake/server";

const OTHER_TOKEN = "other-token-0000000000000000000000000000";
let fake: FakeCloudflare;
let zoneCounter = 0;
/** A fresh zone per test. */
let ZONE: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  fake = await FakeCloudflare.start({ tokens: [FAKE_TOKEN, OTHER_TOKEN] });
});
afterAll(() => fake?.stop());
beforeEach(async () => {
  for (const key of ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_KEY", "CLOUDFLARE_EMAIL", "CLOUDFLARE_BASE_URL"])
    delete process.env[key];
  await mocks(false);
  stackConfig({ "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake.baseUrl });
  ZONE = (0x100a0 + ++zoneCounter).toString(16).padStart(32, "0");
  fake.resetRequests();
});
afterEach(() => {
  process.env = { ...savedEnv };
});

function stackConfig(values: Record<string, string>): void {
  pulumi.runtime.setAllConfig(values);
}

async function mocks(preview: boolean): Promise<void> {
  await pulumi.runtime.setMocks(
    { newResource: (a) => ({ id: `${a.name}-id`, state: preview ? {} : a.inputs }), call: () => ({}) },
    "proj",
    "test",
    preview,
  );
}

const settled = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));
const listRequests = () => fake.requests.filter((r) => r.route === "list");

describe("getOriginCloudRegions", () => {
  test("returns every mapping of the zone, canonical, ordered by address, with the resource id of each", async () => {
    fake.seed(ZONE, [
      { origin_ip: "2001:db8::10", vendor: "gcp", region: "us-central1", modified_on: "2026-03-01T12:00:00Z" },
      { origin_ip: "192.0.2.10", vendor: "aws", region: "us-east-1", modified_on: "2026-03-02T12:00:00Z" },
      { origin_ip: "192.0.2.9", vendor: "azure", region: "westeurope", modified_on: "2026-03-03T12:00:00Z" },
    ]);
    const result = await getOriginCloudRegions({ zoneId: ZONE.toUpperCase() });
    expect(result).toEqual({
      zoneId: ZONE,
      mappings: [
        {
          id: `${ZONE}/192.0.2.9`,
          originIp: "192.0.2.9",
          vendor: "azure",
          region: "westeurope",
          modifiedOn: "2026-03-03T12:00:00Z",
        },
        {
          id: `${ZONE}/192.0.2.10`,
          originIp: "192.0.2.10",
          vendor: "aws",
          region: "us-east-1",
          modifiedOn: "2026-03-02T12:00:00Z",
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
    expect(fake.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  test("reads every page (100 mappings a page)", async () => {
    const seeded = Array.from({ length: 250 }, (_, i) => ({
      origin_ip: `198.51.${i >> 8}.${i & 255}`,
      vendor: "aws",
      region: "us-east-1",
    }));
    fake.seed(ZONE, seeded);
    const { mappings } = await getOriginCloudRegions({ zoneId: ZONE });
    expect(mappings.map((m) => m.originIp)).toEqual(seeded.map((s) => s.origin_ip));
    expect(listRequests().map((r) => r.path.replace(/^.*\?/, ""))).toEqual([
      "page=1&per_page=100",
      "page=2&per_page=100",
      "page=3&per_page=100",
    ]);
  });

  test("an empty zone is an empty list", async () => {
    expect(await getOriginCloudRegions({ zoneId: ZONE })).toEqual({ zoneId: ZONE, mappings: [] });
  });

  test("a malformed zone id is refused before any request, with the resource's message", async () => {
    await expect(getOriginCloudRegions({ zoneId: "example.com" })).rejects.toThrow(
      'zoneId "example.com" is not a Cloudflare zone id: expected 32 hexadecimal characters',
    );
    expect(fake.requests).toEqual([]);
  });

  test("a refusal is one line with the action, Cloudflare's code, the HTTP status and a fix", async () => {
    stackConfig({
      "cloudflare:apiToken": "revoked-token-00000000000000000000000000",
      "cloudflare:baseUrl": fake.baseUrl,
    });
    await expect(getOriginCloudRegions({ zoneId: ZONE })).rejects.toThrow(
      new RegExp(
        `^listing the origin cloud region mappings of zone ${ZONE} failed: Cloudflare error 10000: .*\\[HTTP 403.*\\]\\. Fix: .*allowed to edit this zone`,
      ),
    );
  });

  test("retries are reported through Pulumi's log and the read still succeeds", async () => {
    fake.seed(ZONE, [{ origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" }]);
    fake.injectFault("list", { kind: "status", status: 503 });
    const warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue();
    try {
      expect((await getOriginCloudRegions({ zoneId: ZONE })).mappings).toHaveLength(1);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/HTTP 503.*retry/i));
    } finally {
      warn.mockRestore();
    }
  });
});

describe("credentials: the resource's, read in the program process", () => {
  test("stack config wins over the environment", async () => {
    process.env.CLOUDFLARE_API_TOKEN = "not-a-valid-token-at-all-00000000000000";
    process.env.CLOUDFLARE_BASE_URL = "http://127.0.0.1:9/client/v4";
    await getOriginCloudRegions({ zoneId: ZONE });
    expect(fake.requests).toHaveLength(1);
  });

  test("the environment is used when stack config has no credentials", async () => {
    stackConfig({});
    process.env.CLOUDFLARE_API_TOKEN = OTHER_TOKEN;
    process.env.CLOUDFLARE_BASE_URL = fake.baseUrl;
    await getSupportedRegions({ zoneId: ZONE });
    expect(fake.requests).toHaveLength(1);
  });

  test("none at all is MissingCredentialsError, naming both ways to set them", async () => {
    stackConfig({ "cloudflare:baseUrl": fake.baseUrl });
    const failure = getOriginCloudRegions({ zoneId: ZONE });
    await expect(failure).rejects.toBeInstanceOf(MissingCredentialsError);
    await expect(failure).rejects.toThrow(/cloudflare:apiToken.*CLOUDFLARE_API_TOKEN/);
    expect(fake.requests).toEqual([]);
  });

  test("a half-set key/email pair in stack config is an error, not a fall-through to the environment", async () => {
    stackConfig({ "cloudflare:apiKey": "0123456789abcdef0123456789abcdef01234", "cloudflare:baseUrl": fake.baseUrl });
    process.env.CLOUDFLARE_API_TOKEN = FAKE_TOKEN;
    await expect(getOriginCloudRegions({ zoneId: ZONE })).rejects.toThrow(
      "cloudflare:apiKey is set in stack config but cloudflare:email is not",
    );
  });
});

describe("time limits: the resource's, from stack config (originCloudRegions:*) or the environment", () => {
  test("maxAttempts 1 gives up on the first 503", async () => {
    stackConfig({
      "cloudflare:apiToken": FAKE_TOKEN,
      "cloudflare:baseUrl": fake.baseUrl,
      "originCloudRegions:maxAttempts": "1",
    });
    fake.injectFault("list", { kind: "status", status: 503 });
    await expect(getOriginCloudRegions({ zoneId: ZONE })).rejects.toThrow(
      /failed: Cloudflare error 1140: .*\[HTTP 503/,
    );
    expect(fake.requests).toHaveLength(1);
  });

  test("a value out of range is refused before any request, naming the key and the range", async () => {
    stackConfig({
      "cloudflare:apiToken": FAKE_TOKEN,
      "cloudflare:baseUrl": fake.baseUrl,
      "originCloudRegions:requestTimeoutSeconds": "0",
    });
    await expect(getSupportedRegions({ zoneId: ZONE })).rejects.toThrow(
      /^originCloudRegions:requestTimeoutSeconds "0" is not allowed: expected a number of seconds from 1 to 300/,
    );
    expect(fake.requests).toEqual([]);
  });
});

describe("getSupportedRegions", () => {
  test("every vendor with its regions and upper-tier colos, camelCase", async () => {
    const result = await getSupportedRegions({ zoneId: ZONE });
    expect(result.zoneId).toBe(ZONE);
    expect(result.obtainedCodes).toBe(true);
    expect(Object.keys(result.vendors).sort()).toEqual(["aws", "azure", "gcp", "oci"]);
    expect(result.vendors.aws).toContainEqual({ name: "us-east-1", upperTierColos: ["IAD", "EWR"] });
    expect(result.vendors.gcp.map((r) => r.name)).toContain("us-central1");
    expect(fake.requests.map((r) => r.route)).toEqual(["supportedRegions"]);
  });

  test("a zone without Tiered Cache is refused with Cloudflare's words", async () => {
    fake.setTieredCache(ZONE, false);
    try {
      await expect(getSupportedRegions({ zoneId: ZONE })).rejects.toThrow(
        new RegExp(`^reading the supported regions of zone ${ZONE} failed: Cloudflare error`),
      );
    } finally {
      fake.setTieredCache(ZONE, true);
    }
  });
});

describe("the …Output forms take Inputs", () => {
  test("they resolve once the zone id does, to the Promise forms' results", async () => {
    fake.seed(ZONE, [{ origin_ip: "2001:DB8::1", vendor: "gcp", region: "us-central1" }]);
    const zoneId = pulumi.output(Promise.resolve(ZONE));
    const mappings = await settled(getOriginCloudRegionsOutput({ zoneId }));
    expect(mappings.mappings.map((m) => m.originIp)).toEqual(["2001:db8::1"]);
    const regions = await settled(getSupportedRegionsOutput({ zoneId: ZONE }));
    expect(regions).toEqual(await getSupportedRegions({ zoneId: ZONE }));
  });

  test("in a preview, a zone id that is not known yet makes an unknown result and no request", async () => {
    await mocks(true);
    const zone = new OriginCloudRegion("z", {
      zoneId: ZONE,
      originIp: "192.0.2.1",
      vendor: "aws",
      region: "us-east-1",
    });
    // zoneId of a resource that does not exist yet is unknown during a preview
    const result = getOriginCloudRegionsOutput({ zoneId: zone.zoneId });
    expect(await (result as unknown as { isKnown: Promise<boolean> }).isKnown).toBe(false);
    expect(fake.requests).toEqual([]);
  });
});
