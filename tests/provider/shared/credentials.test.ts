import { CloudflareConfigError } from "../../../provider/api/errors";
import { authHeaders } from "../../../provider/api/settings";
import {
  MissingCredentialsError,
  readSettings,
  resolveApiSettings,
  resolveClientSettings,
  resolveTuning,
  CONFIG_KEYS,
  ENV_KEYS,
  TUNING_CONFIG_KEYS,
  TUNING_ENV_KEYS,
} from "../../../provider/shared/credentials";

const TOKEN = "T0kenT0kenT0kenT0kenT0kenT0kenT0kenT0ke";

describe("resolveApiSettings", () => {
  test("stack config token wins over every environment setting", () => {
    expect(
      resolveApiSettings(
        { apiToken: TOKEN, baseUrl: "http://127.0.0.1:1/client/v4" },
        { apiToken: "env", baseUrl: "https://x" },
      ),
    ).toEqual({
      credentials: { apiToken: TOKEN },
      baseUrl: "http://127.0.0.1:1/client/v4",
    });
  });

  test("a stack config key/email pair is used as the key scheme", () => {
    expect(resolveApiSettings({ apiKey: "k", email: "e@example.com" }, { apiToken: "env" }).credentials).toEqual({
      apiKey: "k",
      email: "e@example.com",
    });
  });

  test("a token and a key in one source send the token only (Cloudflare rejects two schemes)", () => {
    expect(resolveApiSettings({}, { apiToken: TOKEN, apiKey: "k", email: "e@example.com" }).credentials).toEqual({
      apiToken: TOKEN,
    });
  });

  test("falls back to the environment, base URL included, and leaves the default base URL to the client", () => {
    expect(resolveApiSettings({}, { apiToken: TOKEN })).toEqual({
      credentials: { apiToken: TOKEN },
      baseUrl: undefined,
    });
    expect(resolveApiSettings({ baseUrl: "https://a" }, { apiToken: TOKEN, baseUrl: "https://b" }).baseUrl).toBe(
      "https://a",
    );
  });

  test.each([
    [{ apiKey: "k" }, {}, "cloudflare:apiKey is set in stack config but cloudflare:email is not"],
    [
      { email: "e@example.com" },
      { apiToken: TOKEN },
      "cloudflare:email is set in stack config but cloudflare:apiKey is not",
    ],
    [{}, { apiKey: "k" }, "CLOUDFLARE_API_KEY is set in the environment but CLOUDFLARE_EMAIL is not"],
  ])("a half-set key pair is an error, not a silent fall-through (%j, %j)", (stack, env, message) => {
    expect(() => resolveApiSettings(stack, env)).toThrow(message);
  });

  test("no credentials anywhere names every way to set them", () => {
    const error = (() => {
      try {
        resolveApiSettings({}, {});
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(MissingCredentialsError);
    expect(error!.name).toBe("MissingCredentialsError");
    expect(error!.message).toBe(
      "No Cloudflare credentials were found. Set an API token with `pulumi config set --secret cloudflare:apiToken <token>` " +
        "(or cloudflare:apiKey with cloudflare:email), or export CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL) " +
        "in the environment that runs pulumi.",
    );
    for (const way of [
      CONFIG_KEYS.apiToken,
      CONFIG_KEYS.apiKey,
      CONFIG_KEYS.email,
      ENV_KEYS.apiToken,
      ENV_KEYS.apiKey,
      ENV_KEYS.email,
    ]) {
      expect(error!.message).toContain(way);
    }
    expect(error!.message).toContain("pulumi config set --secret cloudflare:apiToken");
  });
});

describe("readSettings", () => {
  test("reads the four keys, trimming whitespace and dropping empty values", () => {
    const source: Record<string, string> = {
      "cloudflare:apiToken": `  ${TOKEN}\n`,
      "cloudflare:email": "   ",
      "other:key": "x",
    };
    expect(readSettings((k) => source[k], CONFIG_KEYS)).toEqual({ apiToken: TOKEN });
  });
});

describe("resolveTuning: time limits from stack config, then the environment", () => {
  test("nothing set: the client's defaults (nothing overridden)", () => {
    expect(resolveTuning({}, {})).toEqual({});
  });

  test("seconds become milliseconds; stack config wins per key", () => {
    expect(
      resolveTuning(
        { requestTimeoutSeconds: "10", maxAttempts: "3" },
        { requestTimeoutSeconds: "99", retryBudgetSeconds: "120.5" },
      ),
    ).toEqual({
      timeoutMs: 10_000,
      retry: { maxElapsedMs: 120_500, maxAttempts: 3 },
    });
  });

  test.each([
    [
      { requestTimeoutSeconds: "0" },
      {},
      'originCloudRegions:requestTimeoutSeconds "0" is not allowed: expected a number of seconds from 1 to 300 (default 30)',
    ],
    [{ requestTimeoutSeconds: "301" }, {}, "from 1 to 300"],
    [{ requestTimeoutSeconds: "30s" }, {}, 'requestTimeoutSeconds "30s" is not allowed'],
    [
      {},
      { retryBudgetSeconds: "-5" },
      'ORIGIN_CLOUD_REGIONS_RETRY_BUDGET_SECONDS "-5" is not allowed: expected a number of seconds from 1 to 3600 (default 300)',
    ],
    [
      { maxAttempts: "2.5" },
      {},
      'originCloudRegions:maxAttempts "2.5" is not allowed: expected a whole number of attempts from 1 to 10 (default 5)',
    ],
    [{}, { maxAttempts: "11" }, 'ORIGIN_CLOUD_REGIONS_MAX_ATTEMPTS "11" is not allowed'],
  ])("%j / env %j is refused naming the key and the range", (stack, env, message) => {
    expect(() => resolveTuning(stack, env)).toThrow(message);
  });

  test("README's bounds are allowed: 1–300 s per request, 1–3600 s of budget, 1–10 attempts", () => {
    expect(
      resolveTuning({ requestTimeoutSeconds: "300", retryBudgetSeconds: "3600", maxAttempts: "10" }, {}),
    ).toStrictEqual({
      timeoutMs: 300_000,
      retry: { maxElapsedMs: 3_600_000, maxAttempts: 10 },
    });
    expect(resolveTuning({ requestTimeoutSeconds: "1", retryBudgetSeconds: "1", maxAttempts: "1" }, {})).toStrictEqual({
      timeoutMs: 1_000,
      retry: { maxElapsedMs: 1_000, maxAttempts: 1 },
    });
  });

  test("fractions of a second are kept to the millisecond", () => {
    expect(resolveTuning({ retryBudgetSeconds: "120.25" }, {})).toStrictEqual({ retry: { maxElapsedMs: 120_250 } });
  });

  test("README's example, retryBudgetSeconds 60 alone, overrides the budget and nothing else", () => {
    expect(resolveTuning({ retryBudgetSeconds: "60" }, {})).toStrictEqual({ retry: { maxElapsedMs: 60_000 } });
    expect(resolveTuning({}, { maxAttempts: "3" })).toStrictEqual({ retry: { maxAttempts: 3 } });
  });

  test.each(["1e2", "+60", "0x3c", " 60"])("retryBudgetSeconds %j, a number only to JavaScript, is refused", (raw) => {
    expect(() => resolveTuning({ retryBudgetSeconds: raw }, {})).toThrow(
      new CloudflareConfigError(
        `originCloudRegions:retryBudgetSeconds ${JSON.stringify(raw)} is not allowed: expected a number of seconds from 1 to 3600 (default 300)`,
      ),
    );
  });
});

describe("resolveTuning: batching", () => {
  test("unset: left to the client's default (coalescing on)", () => {
    expect(resolveTuning({}, {})).not.toHaveProperty("batching");
  });

  test.each([
    [{ batching: "false" }, {}, false],
    [{ batching: "true" }, {}, true],
    [{}, { batching: "false" }, false],
    [{}, { batching: "true" }, true],
    [{ batching: "true" }, { batching: "false" }, true],
    [{ batching: "false" }, { batching: "true" }, false],
  ])("stack %j / env %j: batching %p (stack config wins)", (stack, env, batching) => {
    expect(resolveTuning(stack, env)).toStrictEqual({ batching });
  });

  test.each([
    [
      { batching: "yes" },
      {},
      'originCloudRegions:batching "yes" is not allowed: expected true or false (default true)',
    ],
    [{}, { batching: "0" }, 'ORIGIN_CLOUD_REGIONS_BATCHING "0" is not allowed: expected true or false (default true)'],
    [
      { batching: "False" },
      {},
      'originCloudRegions:batching "False" is not allowed: expected true or false (default true)',
    ],
  ])("stack %j / env %j is refused naming the key and the values allowed", (stack, env, message) => {
    expect(() => resolveTuning(stack, env)).toThrow(new CloudflareConfigError(message));
  });
});

describe("readSettings of the tuning keys", () => {
  test("the keys are read from the provider's own namespace and environment names", () => {
    const config: Record<string, string> = {
      "originCloudRegions:requestTimeoutSeconds": "5",
      "cloudflare:requestTimeoutSeconds": "7",
    };
    expect(readSettings((k) => config[k], TUNING_CONFIG_KEYS)).toEqual({ requestTimeoutSeconds: "5" });
    expect(readSettings((k) => ({ ORIGIN_CLOUD_REGIONS_MAX_ATTEMPTS: " 2 " })[k], TUNING_ENV_KEYS)).toEqual({
      maxAttempts: "2",
    });
  });
});

describe('CLOUDFLARE_API_TOKEN="Bearer <token>"', () => {
  test("is refused for its prefix, the real cause, not as whitespace from a trailing newline (those are trimmed)", () => {
    const env: Record<string, string> = { CLOUDFLARE_API_TOKEN: `Bearer ${TOKEN}\n` };
    const { credentials } = resolveApiSettings(
      {},
      readSettings((k) => env[k], ENV_KEYS),
    );
    let message = "";
    try {
      authHeaders(credentials);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /^Cloudflare credentials: apiToken starts with "Bearer ", the header's scheme, not part of the token: set the token alone/,
    );
    expect(message).not.toMatch(/whitespace|newline/);
    expect(message).not.toContain(TOKEN);
  });
});

describe("a credential or setting that is refused names where it came from, never its value", () => {
  const refusal = (stack: Record<string, string>, env: Record<string, string>): string => {
    try {
      resolveClientSettings(
        (k) => stack[k],
        (k) => env[k],
      );
    } catch (e) {
      expect(e).toBeInstanceOf(CloudflareConfigError);
      return (e as Error).message;
    }
    throw new Error("expected the settings to be refused");
  };

  test.each([
    [
      { "cloudflare:apiToken": `Bearer ${TOKEN}` },
      {},
      'Cloudflare credentials: cloudflare:apiToken (stack config) starts with "Bearer ", the header\'s scheme',
    ],
    [
      {},
      { CLOUDFLARE_API_TOKEN: `Bearer ${TOKEN}` },
      'Cloudflare credentials: CLOUDFLARE_API_TOKEN (environment variable) starts with "Bearer ", the header\'s scheme',
    ],
    [
      { "cloudflare:apiToken": `${TOKEN.slice(0, 9)}\u00e9${TOKEN.slice(9)}` },
      { CLOUDFLARE_API_TOKEN: TOKEN },
      "Cloudflare credentials: cloudflare:apiToken (stack config) contains whitespace, control or non-ASCII characters",
    ],
    [
      {},
      { CLOUDFLARE_API_KEY: `${TOKEN} x`, CLOUDFLARE_EMAIL: "e@example.com" },
      "Cloudflare credentials: CLOUDFLARE_API_KEY (environment variable) contains whitespace",
    ],
    [
      { "cloudflare:apiKey": TOKEN, "cloudflare:email": "e @example.com" },
      {},
      "Cloudflare credentials: cloudflare:email (stack config) contains whitespace",
    ],
    [
      { "cloudflare:apiKey": `bearer ${TOKEN}`, "cloudflare:email": "e@example.com" },
      {},
      'Cloudflare credentials: cloudflare:apiKey (stack config) starts with "Bearer "',
    ],
    [
      { "cloudflare:apiToken": `"${TOKEN}"` },
      {},
      "Cloudflare credentials: cloudflare:apiToken (stack config) is in quotes",
    ],
    [
      {},
      { CLOUDFLARE_API_TOKEN: `'${TOKEN}'\n` },
      "Cloudflare credentials: CLOUDFLARE_API_TOKEN (environment variable) is in quotes",
    ],
    [
      { "cloudflare:apiKey": TOKEN, "cloudflare:email": '"e@example.com"' },
      {},
      "Cloudflare credentials: cloudflare:email (stack config) is in quotes",
    ],
  ])("credentials %#", (stack, env, start) => {
    const message = refusal(stack, env);
    expect(message.startsWith(start)).toBe(true);
    expect(message).not.toContain(TOKEN.slice(0, 20));
  });

  test.each([
    [
      { "cloudflare:baseUrl": "http://api.example.com/client/v4" },
      {},
      "Cloudflare base URL (cloudflare:baseUrl, stack config) http://api.example.com/client/v4 uses plain http",
    ],
    [
      {},
      { CLOUDFLARE_BASE_URL: "not a url" },
      'Cloudflare base URL (CLOUDFLARE_BASE_URL, environment variable) "not a url" is not a valid absolute URL',
    ],
    [
      {},
      { CLOUDFLARE_BASE_URL: "https://api.cloudflare.com/client/v4?x=1" },
      "Cloudflare base URL (CLOUDFLARE_BASE_URL, environment variable) https://api.cloudflare.com/client/v4 must not have a query",
    ],
    [
      { "cloudflare:baseUrl": "https://user:pw@api.cloudflare.com" },
      {},
      "Cloudflare base URL (cloudflare:baseUrl, stack config) must not contain user info",
    ],
  ])("base URL %#", (stack, env, start) => {
    const message = refusal({ "cloudflare:apiToken": TOKEN, ...stack }, env);
    expect(message.startsWith(start)).toBe(true);
    expect(message).not.toContain("pw");
  });

  test.each([
    [{ "originCloudRegions:maxAttempts": "0" }, {}, 'originCloudRegions:maxAttempts "0" is not allowed'],
    [
      {},
      { ORIGIN_CLOUD_REGIONS_REQUEST_TIMEOUT_SECONDS: "soon" },
      'ORIGIN_CLOUD_REGIONS_REQUEST_TIMEOUT_SECONDS "soon" is not allowed',
    ],
    [
      {},
      { ORIGIN_CLOUD_REGIONS_RETRY_BUDGET_SECONDS: "-1" },
      'ORIGIN_CLOUD_REGIONS_RETRY_BUDGET_SECONDS "-1" is not allowed',
    ],
    [{ "originCloudRegions:batching": "yes" }, {}, 'originCloudRegions:batching "yes" is not allowed'],
  ])("time limits and batching %#", (stack, env, start) => {
    expect(refusal({ "cloudflare:apiToken": TOKEN, ...stack }, env).startsWith(start)).toBe(true);
  });
});
