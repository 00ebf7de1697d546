// One credential reading for every entry point (issue 18, item 5): the provider (resolveClientSettings, stack config
// then the environment), the export command and the `/api` subpath's settingsFromEnv read the same environment alike:
// the same trimming, the same base URL, the same refusals in the same words, before any request.
import { settingsFromEnv, OriginCloudRegionsApi } from "../../../provider/api/public";
import { runCli } from "../../../provider/cli/export";
import { resolveClientSettings } from "../../../provider/shared/credentials";
import { closeIdleConnections } from "../../../provider/api/http";
import { FAKE_TOKEN, FakeCloudflare } from "../../fake/server";

const ZONE = "0000000000000000000000000000c0de";
const SECRET = "S3cretS3cretS3cretS3cretS3cretS3cretS3c";

let fake: FakeCloudflare;
beforeAll(async () => {
  fake = await FakeCloudflare.start();
  fake.seed(ZONE, [{ origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" }]);
});
afterAll(async () => {
  await fake.stop();
  closeIdleConnections();
});
beforeEach(() => fake.resetRequests());

type Env = Record<string, string | undefined>;

/** The three entry points reading `env`: what each refused with (its message), or "" when it accepted it. */
async function readings(env: Env): Promise<{ provider: string; command: string; api: string }> {
  const message = (read: () => unknown) => {
    try {
      read();
      return "";
    } catch (e) {
      return (e as Error).message;
    }
  };
  let err = "";
  const code = await runCli(["export", "--zone", ZONE, "--format", "json"], {
    out: () => undefined,
    err: (t) => (err += t),
    env,
  });
  return {
    provider: message(() =>
      resolveClientSettings(
        () => undefined,
        (key) => env[key],
      ),
    ),
    command: code === 0 ? "" : err,
    api: message(() => settingsFromEnv(env)),
  };
}

describe("every entry point reads the environment alike", () => {
  test("a token with a trailing newline and CLOUDFLARE_BASE_URL: accepted by all three, which all reach the fake", async () => {
    const env = { CLOUDFLARE_API_TOKEN: `${FAKE_TOKEN}\n`, CLOUDFLARE_BASE_URL: `${fake.baseUrl}\n` };
    expect(await readings(env)).toEqual({ provider: "", command: "", api: "" });
    expect(
      resolveClientSettings(
        () => undefined,
        (key) => env[key as keyof typeof env],
      ).settings,
    ).toEqual(settingsFromEnv(env));
    expect(await new OriginCloudRegionsApi(settingsFromEnv(env)).list(ZONE)).toHaveLength(1);
    expect(fake.requests.map((r) => `${r.route} ${r.status}`)).toEqual(["list 200", "list 200"]); // the command's, the client's
  });

  test.each([
    [
      "a token in double quotes",
      { CLOUDFLARE_API_TOKEN: `"${SECRET}"` },
      "CLOUDFLARE_API_TOKEN (environment variable) is in quotes",
    ],
    [
      "a token in single quotes",
      { CLOUDFLARE_API_TOKEN: `'${SECRET}'` },
      "CLOUDFLARE_API_TOKEN (environment variable) is in quotes",
    ],
    [
      "a key in quotes",
      { CLOUDFLARE_API_KEY: `"${SECRET}"`, CLOUDFLARE_EMAIL: "e@example.com" },
      "CLOUDFLARE_API_KEY (environment variable) is in quotes",
    ],
    [
      "a Bearer prefix",
      { CLOUDFLARE_API_TOKEN: `Bearer ${SECRET}` },
      'CLOUDFLARE_API_TOKEN (environment variable) starts with "Bearer "',
    ],
    [
      "embedded whitespace",
      { CLOUDFLARE_API_TOKEN: `${SECRET.slice(0, 20)}\t${SECRET.slice(20)}` },
      "CLOUDFLARE_API_TOKEN (environment variable) contains whitespace",
    ],
  ])(
    "%s: refused by all three in the same words, naming the variable, never the value; nothing is sent",
    async (_, credentials, naming) => {
      const { provider, command, api } = await readings({ ...credentials, CLOUDFLARE_BASE_URL: fake.baseUrl });
      expect(provider).toMatch(new RegExp(`^Cloudflare credentials: ${naming.replace(/[()]/g, "\\$&")}`));
      expect(api).toBe(provider);
      expect(command).toBe(`pulumi-cloudflare-origin-cloud-regions export: ${provider}\n`);
      expect(provider + command).not.toContain(SECRET.slice(0, 20));
      expect(fake.requests).toEqual([]);
    },
  );

  test("a base URL that would send credentials in clear text: refused by all three naming CLOUDFLARE_BASE_URL", async () => {
    const { provider, command, api } = await readings({
      CLOUDFLARE_API_TOKEN: FAKE_TOKEN,
      CLOUDFLARE_BASE_URL: "http://api.example.com/client/v4",
    });
    expect(provider).toMatch(
      /^Cloudflare base URL \(CLOUDFLARE_BASE_URL, environment variable\) http:\/\/api\.example\.com\/client\/v4 uses plain http/,
    );
    expect(api).toBe(provider);
    expect(command).toBe(`pulumi-cloudflare-origin-cloud-regions export: ${provider}\n`);
  });
});
