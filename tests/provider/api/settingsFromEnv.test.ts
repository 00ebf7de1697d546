// settingsFromEnv, the `/api` subpath's reading of the environment: the same trimming, refusals and base URL as the
// provider and the export command (tests/provider/shared/credentialEntryPoints.test.ts runs one table through all three).
import { CloudflareConfigError, OriginCloudRegionsApi, settingsFromEnv } from "../../../provider/api/public";
import { FAKE_API_KEY, FAKE_EMAIL, FAKE_TOKEN } from "../../fake/server";
import { useFake, ZONE } from "./helpers";

const fake = useFake();

/** The refusal of `env`, failing the test when it is accepted. */
function refusal(env: Record<string, string | undefined>): Error {
  try {
    settingsFromEnv(env);
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected the environment to be refused");
}

describe("settingsFromEnv builds the client's settings from the environment", () => {
  test("token and base URL, each trimmed (a trailing newline from a file or $(…)), work against the API", async () => {
    fake().seed(ZONE, [{ origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" }]);
    const settings = settingsFromEnv({
      CLOUDFLARE_API_TOKEN: `${FAKE_TOKEN}\n`,
      CLOUDFLARE_BASE_URL: ` ${fake().baseUrl}\n`,
    });
    expect(settings).toEqual({ credentials: { apiToken: FAKE_TOKEN }, baseUrl: fake().baseUrl });
    expect(await new OriginCloudRegionsApi(settings).list(ZONE)).toMatchObject([{ origin_ip: "192.0.2.1" }]);
  });

  test("the API key with its email; a token, when both are set, alone (Cloudflare refuses two schemes)", () => {
    expect(settingsFromEnv({ CLOUDFLARE_API_KEY: FAKE_API_KEY, CLOUDFLARE_EMAIL: FAKE_EMAIL })).toEqual({
      credentials: { apiKey: FAKE_API_KEY, email: FAKE_EMAIL },
      baseUrl: undefined,
    });
    expect(
      settingsFromEnv({
        CLOUDFLARE_API_TOKEN: FAKE_TOKEN,
        CLOUDFLARE_API_KEY: FAKE_API_KEY,
        CLOUDFLARE_EMAIL: FAKE_EMAIL,
      }).credentials,
    ).toEqual({
      apiToken: FAKE_TOKEN,
    });
  });

  test("reads process.env when given no environment", () => {
    const saved = { token: process.env.CLOUDFLARE_API_TOKEN, url: process.env.CLOUDFLARE_BASE_URL };
    process.env.CLOUDFLARE_API_TOKEN = FAKE_TOKEN;
    process.env.CLOUDFLARE_BASE_URL = fake().baseUrl;
    try {
      expect(settingsFromEnv()).toEqual({ credentials: { apiToken: FAKE_TOKEN }, baseUrl: fake().baseUrl });
    } finally {
      for (const [key, value] of [
        ["CLOUDFLARE_API_TOKEN", saved.token],
        ["CLOUDFLARE_BASE_URL", saved.url],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  test.each([
    [
      {},
      "No Cloudflare credentials in the environment: set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL)",
    ],
    [
      { CLOUDFLARE_API_TOKEN: " \n" },
      "No Cloudflare credentials in the environment: set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL)",
    ],
    [
      { CLOUDFLARE_API_KEY: FAKE_API_KEY },
      "CLOUDFLARE_API_KEY is set in the environment but CLOUDFLARE_EMAIL is not: set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL)",
    ],
  ])("%j is refused, saying which variables to set", (env, message) => {
    expect(refusal(env)).toEqual(new CloudflareConfigError(message));
  });
});

describe("a refused value names its variable, never the value, before any request", () => {
  const SECRET = "S3cretS3cretS3cretS3cretS3cretS3cretS3c";

  test.each([
    [
      { CLOUDFLARE_API_TOKEN: `"${SECRET}"` },
      "Cloudflare credentials: CLOUDFLARE_API_TOKEN (environment variable) is in quotes",
    ],
    [
      { CLOUDFLARE_API_TOKEN: `'${SECRET}'\n` },
      "Cloudflare credentials: CLOUDFLARE_API_TOKEN (environment variable) is in quotes",
    ],
    [
      { CLOUDFLARE_API_TOKEN: `Bearer ${SECRET}` },
      'Cloudflare credentials: CLOUDFLARE_API_TOKEN (environment variable) starts with "Bearer "',
    ],
    [
      { CLOUDFLARE_API_TOKEN: `${SECRET.slice(0, 20)} ${SECRET.slice(20)}` },
      "Cloudflare credentials: CLOUDFLARE_API_TOKEN (environment variable) contains whitespace",
    ],
    [
      { CLOUDFLARE_API_KEY: `"${SECRET}"`, CLOUDFLARE_EMAIL: FAKE_EMAIL },
      "Cloudflare credentials: CLOUDFLARE_API_KEY (environment variable) is in quotes",
    ],
    [
      { CLOUDFLARE_API_KEY: SECRET, CLOUDFLARE_EMAIL: `'${FAKE_EMAIL}'` },
      "Cloudflare credentials: CLOUDFLARE_EMAIL (environment variable) is in quotes",
    ],
    [
      { CLOUDFLARE_API_TOKEN: SECRET, CLOUDFLARE_BASE_URL: "http://api.example.com/client/v4" },
      "Cloudflare base URL (CLOUDFLARE_BASE_URL, environment variable) http://api.example.com/client/v4 uses plain http",
    ],
  ])("%#: %s", (env, start) => {
    const error = refusal(env);
    expect(error).toBeInstanceOf(CloudflareConfigError);
    expect(error.message.startsWith(start)).toBe(true);
    expect(`${error.message}${error.stack}`).not.toContain(SECRET.slice(0, 20));
  });
});
