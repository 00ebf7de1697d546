// The fixes the diagnostics give, where the engine's call sequence is part of the story, through the provider host
// (a host per command, as the CLI runs them).
import { FAKE_TOKEN, FakeCloudflare } from "../fake/server";
import { MiniEngine } from "../harness/engine";
import { ProviderHost, type RpcError } from "../harness/providerHost";
import { serializedProviderText } from "../harness/serializedProvider";

const TYPE = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion";
const ZONE = "0000000000000000000000000000d1a6";

let fake: FakeCloudflare;
let providerText: string;

beforeAll(async () => {
  fake = await FakeCloudflare.start({ maxMappingsPerZone: 2 });
  providerText = await serializedProviderText();
});
afterAll(async () => {
  await fake?.stop();
});

const mapping = (originIp: string) => ({ zoneId: ZONE, originIp, vendor: "aws", region: "us-east-1" });
const held = () =>
  fake
    .mappings(ZONE)
    .map((m) => m.origin_ip)
    .sort();

test("moving an IP in a full zone (create first, then delete) fails with 1164 and says to set deleteBeforeReplace, which then works", async () => {
  const engine = new MiniEngine({
    type: TYPE,
    providerText,
    host: { config: { "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake.baseUrl } },
  });
  expect(
    (
      await engine.deploy([
        { name: "a", inputs: mapping("192.0.2.1") },
        { name: "b", inputs: mapping("192.0.2.2") },
      ])
    ).errors,
  ).toEqual({});

  const moved = await engine.deploy([
    { name: "a", inputs: mapping("192.0.2.3") },
    { name: "b", inputs: mapping("192.0.2.2") },
  ]);
  const error = (moved.errors.a as RpcError).details ?? moved.errors.a.message;
  expect(error).toMatch(
    /^creating origin cloud region mapping 192\.0\.2\.3 in zone \S+ failed: Cloudflare error 1164: Maximum number of IP mappings configured for zone\. \[HTTP 403/,
  );
  expect(error).toContain("remove mappings you no longer need");
  expect(error).toContain("Pulumi creates the new mapping before it deletes the old one");
  expect(error).toContain("set its `deleteBeforeReplace: true` resource option");
  expect(held()).toEqual(["192.0.2.1", "192.0.2.2"]);

  const deleteFirst = await engine.deploy([
    { name: "a", inputs: mapping("192.0.2.3"), deleteBeforeReplace: true },
    { name: "b", inputs: mapping("192.0.2.2") },
  ]);
  expect(deleteFirst).toEqual({ ops: { a: "replace", b: "same" }, errors: {} });
  expect(held()).toEqual(["192.0.2.2", "192.0.2.3"]);
}, 30_000);

test('a token set with its "Bearer " prefix fails check naming the stack config key, not the token', async () => {
  const token = `Bearer ${FAKE_TOKEN}`;
  const misconfigured = await ProviderHost.start({
    config: { "cloudflare:apiToken": token, "cloudflare:baseUrl": fake.baseUrl },
  });
  try {
    const failure = await misconfigured
      .check(`urn:pulumi:test::proj::${TYPE}::m`, {}, { ...mapping("192.0.2.9"), __provider: providerText })
      .then(
        () => "check passed",
        (e: RpcError) => e.details ?? e.message,
      );
    expect(failure).toMatch(
      /^checking origin cloud region mapping inputs failed: Cloudflare credentials: cloudflare:apiToken \(stack config\) starts with "Bearer "/,
    );
    expect(failure).not.toContain(FAKE_TOKEN);
  } finally {
    await misconfigured.stop();
  }
}, 30_000);
