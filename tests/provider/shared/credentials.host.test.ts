// Credentials as the provider host reads them (stack config, then the environment it was started with): a value the
// reading refuses fails the command naming where it was set, before any request. The in-process cases, and the same
// reading in the export command and the `/api` client, are in credentials.test.ts and credentialEntryPoints.test.ts.
import { FAKE_TOKEN, FakeCloudflare } from "../../fake/server";
import { MiniEngine } from "../../harness/engine";
import type { HostOptions, RpcError } from "../../harness/providerHost";
import { serializedProviderText } from "../../harness/serializedProvider";

const TYPE = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion";
const ZONE = "0000000000000000000000000000c0d1";

let fake: FakeCloudflare;
let providerText: string;
beforeAll(async () => {
  fake = await FakeCloudflare.start();
  providerText = await serializedProviderText();
});
afterAll(async () => {
  await fake?.stop();
});
beforeEach(() => fake.resetRequests());

const stack = (host: HostOptions) => new MiniEngine({ type: TYPE, providerText, host });
const mapping = { zoneId: ZONE, originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" };
const rpcMessage = (p: Promise<unknown>) =>
  p.then(
    () => "no error",
    (e: RpcError) => e.details ?? e.message,
  );

test("a quoted CLOUDFLARE_API_TOKEN (from a .env file) fails check naming the variable, never the token; nothing is sent", async () => {
  const engine = stack({ env: { CLOUDFLARE_API_TOKEN: `"${FAKE_TOKEN}"\n`, CLOUDFLARE_BASE_URL: fake.baseUrl } });
  const message = await rpcMessage(engine.preview("m", mapping));
  expect(message).toContain("Cloudflare credentials: CLOUDFLARE_API_TOKEN (environment variable) is in quotes");
  expect(message).not.toContain(FAKE_TOKEN);
  expect(fake.requests).toEqual([]);
  expect(fake.mappings(ZONE)).toEqual([]);
});

test("the same token without its quotes, and with the trailing newline, is accepted", async () => {
  const engine = stack({ env: { CLOUDFLARE_API_TOKEN: `${FAKE_TOKEN}\n`, CLOUDFLARE_BASE_URL: fake.baseUrl } });
  expect(await engine.up("m", mapping)).toBe("create");
  expect(fake.mappings(ZONE)).toHaveLength(1);
});
