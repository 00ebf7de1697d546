/**
 * Raw-HTTP conformance of the fake's batch endpoints (API doc §4.5, §4.6, §12 #9 and #10).
 */
import { FakeCloudflare, MESSAGES } from "./server";
import { call, newZone, regionsPath } from "./test-helpers";

let fake: FakeCloudflare;
beforeAll(async () => {
  fake = await FakeCloudflare.start();
});
afterAll(() => fake.stop());

const mapping = (origin_ip: string, vendor = "aws", region = "us-east-1") => ({ origin_ip, vendor, region });
const batchPut = (zone: string, options: { body?: unknown; rawBody?: string }, f = fake) =>
  call(f, "PUT", `${regionsPath(zone)}/batch`, options);
const batchDelete = (zone: string, options: { body?: unknown; rawBody?: string }) =>
  call(fake, "DELETE", `${regionsPath(zone)}/batch`, options);
const ipsOf = (zone: string, f = fake) => f.mappings(zone).map((m) => m.origin_ip);
const expectError = (res: { status: number; json: unknown }, status: number, code: number, message: string) => {
  expect(res.status).toBe(status);
  expect(res.json).toEqual({ errors: [{ code, message }], messages: [], result: null, success: false });
};
const range = (n: number, prefix = "198.51.100.") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe("batch put", () => {
  it("answers the documented example exactly", async () => {
    const zone = newZone();
    const res = await batchPut(zone, { body: [mapping("192.0.2.1"), mapping("2001:db8::1", "gcp", "us-central1")] });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      errors: [],
      messages: [],
      result: {
        failed: [],
        succeeded: [
          { origin_ip: "192.0.2.1", region: "us-east-1", vendor: "aws" },
          { origin_ip: "2001:db8::1", region: "us-central1", vendor: "gcp" },
        ],
      },
      success: true,
    });
    expect(fake.mappings(zone)).toEqual([
      { ...mapping("192.0.2.1"), modified_on: expect.any(String) },
      { ...mapping("2001:db8::1", "gcp", "us-central1"), modified_on: expect.any(String) },
    ]);
  });

  it("merges: mappings not in the body are left untouched", async () => {
    const zone = newZone();
    fake.seed(zone, [mapping("192.0.2.1", "oci", "us-ashburn-1"), mapping("192.0.2.2")]);
    const before = fake.mappings(zone)[0];
    await batchPut(zone, { body: [mapping("192.0.2.2", "aws", "us-west-2"), mapping("192.0.2.3")] });
    expect(fake.mappings(zone)).toEqual([
      before,
      { ...mapping("192.0.2.2", "aws", "us-west-2"), modified_on: expect.any(String) },
      { ...mapping("192.0.2.3"), modified_on: expect.any(String) },
    ]);
  });

  it("canonicalizes IPs; duplicates (incl. two spellings) apply in order, last wins, each listed in succeeded", async () => {
    const zone = newZone();
    const res = await batchPut(zone, {
      body: [
        mapping("2001:DB8::1", "aws", "us-east-1"),
        mapping("192.0.2.1"),
        mapping("2001:0db8:0:0::1", "gcp", "us-central1"),
      ],
    });
    expect(res.json.result).toEqual({
      failed: [],
      succeeded: [
        mapping("2001:db8::1", "aws", "us-east-1"),
        mapping("192.0.2.1"),
        mapping("2001:db8::1", "gcp", "us-central1"),
      ],
    });
    expect(fake.mappings(zone).map((m) => [m.origin_ip, m.vendor, m.region])).toEqual([
      ["2001:db8::1", "gcp", "us-central1"],
      ["192.0.2.1", "aws", "us-east-1"],
    ]);
  });

  it("validates each item independently and reports failures with the single-endpoint messages", async () => {
    const zone = newZone();
    const res = await batchPut(zone, {
      body: [
        mapping("192.0.2.1"),
        mapping("192.0.2.01"),
        mapping("192.0.2.2", "AWS"),
        mapping("192.0.2.3", "aws", "us-central1"),
        { vendor: "aws", region: "us-east-1" },
        "192.0.2.4",
        null,
        { origin_ip: 42, vendor: "aws", region: "us-east-1" },
        mapping("2001:DB8::5", "oci", "nowhere-1"),
        mapping("192.0.2.6", "azure", "westeurope"),
      ],
    });
    expect(res.status).toBe(200);
    const ip = MESSAGES.INVALID_IP;
    const vr = MESSAGES.INVALID_VENDOR_REGION;
    expect(res.json.result).toEqual({
      failed: [
        { origin_ip: "192.0.2.01", error: ip },
        { origin_ip: "192.0.2.2", error: vr },
        { origin_ip: "192.0.2.3", error: vr },
        { origin_ip: "", error: ip },
        { origin_ip: "", error: ip },
        { origin_ip: "", error: ip },
        { origin_ip: "42", error: ip },
        { origin_ip: "2001:db8::5", error: vr },
      ],
      succeeded: [mapping("192.0.2.1"), mapping("192.0.2.6", "azure", "westeurope")],
    });
    expect(ip).toBe("Invalid or missing origin IP address.");
    expect(vr).toBe(
      "The vendor provided doesn't exist or the region provided does not exist for the specified cloud vendor",
    );
    expect(ipsOf(zone)).toEqual(["192.0.2.1", "192.0.2.6"]);
  });

  it("reports success with every item failed as 200 and applies nothing", async () => {
    const zone = newZone();
    const res = await batchPut(zone, { body: [mapping("nope")] });
    expect(res.status).toBe(200);
    expect(res.json.result).toEqual({ failed: [{ origin_ip: "nope", error: MESSAGES.INVALID_IP }], succeeded: [] });
    expect(ipsOf(zone)).toEqual([]);
  });

  it("accepts exactly 100 items", async () => {
    const zone = newZone();
    const res = await batchPut(zone, { body: range(100).map((ip) => mapping(ip)) });
    expect(res.status).toBe(200);
    expect(res.json.result.succeeded).toHaveLength(100);
    expect(ipsOf(zone)).toHaveLength(100);
  });

  it.each([
    ["101 items", { body: range(101).map((ip) => mapping(ip)) }],
    ["an empty array", { body: [] }],
    ["an object", { body: mapping("192.0.2.1") }],
    ["a wrapped array", { body: { items: [mapping("192.0.2.1")] } }],
    ["no body", {}],
    ["null", { body: null }],
  ])("%s → 400 with the fake-defined code, nothing applied", async (_label, options) => {
    const zone = newZone();
    expectError(await batchPut(zone, options), 400, 1192, "Request body must be a JSON array of 1 to 100 items");
    expect(ipsOf(zone)).toEqual([]);
  });

  it("malformed JSON → 400 6007", async () => {
    expectError(await batchPut(newZone(), { rawBody: "[{" }), 400, 6007, MESSAGES.MALFORMED_JSON);
  });

  describe("cap", () => {
    let small: FakeCloudflare;
    beforeAll(async () => {
      small = await FakeCloudflare.start({ maxMappingsPerZone: 3 });
    });
    afterAll(() => small.stop());

    it("rejects the whole request with 403 1164 when the new IPs would exceed it, applying nothing", async () => {
      const zone = newZone();
      small.seed(zone, [mapping("192.0.2.1"), mapping("192.0.2.2")]);
      const res = await batchPut(
        zone,
        { body: [mapping("192.0.2.1", "aws", "us-west-2"), mapping("192.0.2.3"), mapping("192.0.2.4")] },
        small,
      );
      expectError(res, 403, 1164, "Maximum number of IP mappings configured for zone.");
      expect(small.mappings(zone).map((m) => [m.origin_ip, m.region])).toEqual([
        ["192.0.2.1", "us-east-1"],
        ["192.0.2.2", "us-east-1"],
      ]);
    });

    it("counts duplicates and existing IPs once, and ignores failed items", async () => {
      const zone = newZone();
      small.seed(zone, [mapping("192.0.2.1"), mapping("192.0.2.2")]);
      const res = await batchPut(
        zone,
        {
          body: [
            mapping("2001:db8::1"),
            mapping("2001:DB8::1", "aws", "us-west-2"),
            mapping("192.0.2.1", "gcp", "us-central1"),
            mapping("192.0.2.9", "bad"),
          ],
        },
        small,
      );
      expect(res.status).toBe(200);
      expect(res.json.result.succeeded).toHaveLength(3);
      expect(res.json.result.failed).toEqual([{ origin_ip: "192.0.2.9", error: MESSAGES.INVALID_VENDOR_REGION }]);
      expect(ipsOf(zone, small)).toEqual(["192.0.2.1", "192.0.2.2", "2001:db8::1"]);
    });

    it("still allows updates of existing IPs at the cap", async () => {
      const zone = newZone();
      small.seed(zone, [mapping("192.0.2.1"), mapping("192.0.2.2"), mapping("192.0.2.3")]);
      const res = await batchPut(zone, { body: [mapping("192.0.2.3", "aws", "us-west-2")] }, small);
      expect(res.status).toBe(200);
      expect(small.mappings(zone)[2].region).toBe("us-west-2");
    });
  });
});

describe("batch delete", () => {
  it("deletes each IP independently; succeeded carry the deleted region/vendor, failed carry an error", async () => {
    const zone = newZone();
    fake.seed(zone, [
      mapping("192.0.2.1"),
      mapping("2001:db8::1", "gcp", "us-central1"),
      mapping("192.0.2.7", "oci", "ap-tokyo-1"),
    ]);
    const res = await batchDelete(zone, {
      body: ["192.0.2.1", "2001:DB8::1", "not-an-ip", "198.51.100.9", 42, "192.0.2.1"],
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      errors: [],
      messages: [],
      result: {
        failed: [
          { origin_ip: "not-an-ip", error: MESSAGES.INVALID_IP },
          { origin_ip: "198.51.100.9", error: MESSAGES.NOT_FOUND },
          { origin_ip: "42", error: MESSAGES.INVALID_IP },
          { origin_ip: "192.0.2.1", error: MESSAGES.NOT_FOUND },
        ],
        succeeded: [
          { origin_ip: "192.0.2.1", region: "us-east-1", vendor: "aws" },
          { origin_ip: "2001:db8::1", region: "us-central1", vendor: "gcp" },
        ],
      },
      success: true,
    });
    expect(ipsOf(zone)).toEqual(["192.0.2.7"]);
  });

  it("accepts exactly 100 IPs", async () => {
    const zone = newZone();
    const ips = range(100);
    fake.seed(
      zone,
      ips.map((ip) => mapping(ip)),
    );
    const res = await batchDelete(zone, { body: ips });
    expect(res.json.result.succeeded).toHaveLength(100);
    expect(ipsOf(zone)).toEqual([]);
  });

  it.each([
    ["no body (the SDK's default)", {}],
    ["an empty array", { body: [] }],
    ["101 IPs", { body: range(101) }],
    ["an object", { body: { origin_ips: ["192.0.2.1"] } }],
    ["a bare string", { body: "192.0.2.1" }],
  ])("%s → 400, nothing deleted", async (_label, options) => {
    const zone = newZone();
    fake.seed(zone, [mapping("198.51.100.0")]);
    expectError(await batchDelete(zone, options), 400, 1192, MESSAGES.INVALID_BATCH_BODY);
    expect(ipsOf(zone)).toEqual(["198.51.100.0"]);
  });

  it("malformed JSON → 400 6007", async () => {
    expectError(await batchDelete(newZone(), { rawBody: '["192.0.2.1"' }), 400, 6007, MESSAGES.MALFORMED_JSON);
  });

  it("works while Tiered Cache is disabled", async () => {
    const zone = newZone();
    fake.seed(zone, [mapping("192.0.2.1")]);
    fake.setTieredCache(zone, false);
    expect((await batchDelete(zone, { body: ["192.0.2.1"] })).json.result.succeeded).toHaveLength(1);
  });
});
