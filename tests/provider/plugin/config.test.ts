// The plugin's configuration (namespace cloudflare-origin-cloud-regions): CheckConfig refuses a bad value naming its
// key and sends nothing, and returns what it accepted; DiffConfig replaces nothing; Configure accepts secrets, wins
// over the environment, and falls back to it; a credential appears in no answer, error or log line.
import * as fs from "fs";
import * as path from "path";
import { FAKE_TOKEN, FakeCloudflare } from "../../fake/server";
import { PluginHost, secret, TOKENS, urnOf, type Props } from "../../harness/pluginHost";
import { REPO_ROOT } from "../../harness/providerHost";
import { configuredPlugin, newZone, providerConfig, rpcMessage } from "./helpers";

let fake: FakeCloudflare;
let plugin: PluginHost;
const started: PluginHost[] = [];

beforeAll(async () => {
  fake = await FakeCloudflare.start();
  plugin = await PluginHost.start();
});
afterAll(async () => {
  await Promise.all([plugin, ...started].map((p) => p?.stop()));
  await fake?.stop();
});
beforeEach(() => fake.resetRequests());

const key = (name: string) => `cloudflare-origin-cloud-regions:${name}`;
const urn = urnOf(TOKENS.mapping, "m");
/** A plugin of its own, configured with `config`, with `env` as its environment. */
async function pluginWith(config: Props, env: Record<string, string> = {}): Promise<PluginHost> {
  const p = await configuredPlugin(config, { env });
  started.push(p);
  return p;
}
/** A create through `p`: Check, then Create, in a fresh zone. */
async function createWith(p: PluginHost, originIp = "192.0.2.1") {
  const { inputs } = await p.check(urn, {}, { zoneId: newZone(0xd000), originIp, vendor: "aws", region: "us-east-1" });
  return p.create(urn, inputs);
}

describe("CheckConfig", () => {
  test("stack config as the engine sends it (strings, a version, the token plain): accepted as given, token made secret", async () => {
    const news = {
      apiToken: FAKE_TOKEN,
      baseUrl: fake.baseUrl,
      maxAttempts: "3",
      requestTimeoutSeconds: "10",
      retryBudgetSeconds: "60",
      batching: "true",
      version: "0.2.0",
    };
    const { inputs, failures } = await plugin.checkConfig(news);
    expect(failures).toEqual([]);
    expect(inputs).toEqual({ ...news, apiToken: secret(FAKE_TOKEN) });
    expect(fake.requests).toEqual([]);
  });

  test("values an SDK sends as numbers and booleans, and a secret already wrapped, are accepted unchanged", async () => {
    const news = { apiKey: secret("k".repeat(37)), email: "a@example.com", maxAttempts: 3, batching: false };
    expect(await plugin.checkConfig(news)).toEqual({ inputs: news, failures: [] });
  });

  test("each bad value is a failure naming its key and what is allowed, never the credential; nothing is sent", async () => {
    const { failures } = await plugin.checkConfig({
      apiToken: secret(`Bearer ${FAKE_TOKEN}`),
      baseUrl: "http://example.com/client/v4",
      maxAttempts: "0",
      requestTimeoutSeconds: "ten",
      batching: "yes",
      apiTokn: "x",
      version: "0.2.0",
    });
    const byKey = Object.fromEntries(failures.map((f) => [f.property, f.reason]));
    expect(Object.keys(byKey).sort()).toEqual([
      "apiToken",
      "apiTokn",
      "baseUrl",
      "batching",
      "maxAttempts",
      "requestTimeoutSeconds",
    ]);
    expect(byKey.apiToken).toMatch(new RegExp(`${key("apiToken")} \\(provider config\\) starts with "Bearer "`));
    expect(byKey.maxAttempts).toMatch(new RegExp(`^${key("maxAttempts")} "0" is not allowed: expected a whole number`));
    expect(byKey.batching).toMatch(new RegExp(`^${key("batching")} "yes" is not allowed: expected true or false`));
    expect(byKey.baseUrl).toMatch(new RegExp(key("baseUrl")));
    expect(byKey.apiTokn).toMatch(/unknown config key "cloudflare-origin-cloud-regions:apiTokn".*apiToken/);
    expect(JSON.stringify(failures)).not.toContain(FAKE_TOKEN);
    expect(fake.requests).toEqual([]);
  });

  test("half a key/email pair names the missing half in the plugin's namespace", async () => {
    const { failures } = await plugin.checkConfig({ apiKey: secret("k".repeat(37)) });
    expect(failures).toHaveLength(1);
    expect(failures[0].property).toBe("apiKey");
    expect(failures[0].reason).toMatch(new RegExp(`^${key("apiKey")} is set in provider config but ${key("email")}`));
    expect(failures[0].reason).not.toMatch(/cloudflare:apiToken/);
  });
});

describe("DiffConfig", () => {
  test("a rotated token is a change that replaces nothing; a new version alone is no change", async () => {
    const olds = { apiToken: "old-token", baseUrl: fake.baseUrl, version: "0.2.0" };
    expect(await plugin.diffConfig(olds, { ...olds, apiToken: "new-token" })).toMatchObject({
      changes: "some",
      replaces: [],
      diffs: ["apiToken"],
    });
    expect(await plugin.diffConfig(olds, { ...olds, version: "0.3.0" })).toMatchObject({
      changes: "none",
      replaces: [],
    });
  });
});

describe("Configure", () => {
  test("accepts secrets; the configured token is used; explicit config wins over a wrong token in the environment", async () => {
    const p = await pluginWith(providerConfig(fake), { CLOUDFLARE_API_TOKEN: "wrong-token-from-env" });
    expect(await p.configure(providerConfig(fake))).toEqual({ acceptSecrets: true, supportsPreview: false });
    expect((await createWith(p)).id).toMatch(/\/192\.0\.2\.1$/);
  });

  test("with no credential in config, the environment's is used", async () => {
    const p = await pluginWith(
      { version: "0.2.0" },
      { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake.baseUrl },
    );
    expect((await createWith(p)).id).toMatch(/\/192\.0\.2\.1$/);
  });

  test("no credential anywhere: the failure names the plugin's keys, not the dynamic provider's", async () => {
    const p = await pluginWith({ baseUrl: fake.baseUrl, version: "0.2.0" });
    const message = await rpcMessage(createWith(p));
    expect(message).toContain(`pulumi config set --secret ${key("apiToken")} <token>`);
    expect(message).not.toContain("cloudflare:apiToken");
  });

  test("a bad value stored in state (refresh configures without CheckConfig) fails naming the plugin's key", async () => {
    const p = await pluginWith(providerConfig(fake));
    await p.configure(providerConfig(fake, { maxAttempts: "99" }));
    expect(await rpcMessage(createWith(p))).toMatch(new RegExp(`${key("maxAttempts")} "99" is not allowed`));
  });

  test("a gateway echoing the credential back: the token is in no answer, error or log line of the plugin", async () => {
    const p = await pluginWith(providerConfig(fake, { maxAttempts: "2" }));
    fake.injectFault("put", { kind: "status", status: 503 }); // one retry: the plugin logs a line about the request
    const created = await createWith(p, "192.0.2.2");
    fake.injectFault("put", { kind: "echoCredentials", form: "json" });
    const refused = await rpcMessage(createWith(p, "192.0.2.3"));
    expect(refused).toMatch(/Cloudflare error 10000/);
    const seen = [JSON.stringify(created), refused, p.stderr.join("\n"), p.stdoutAfterPort.join("\n")];
    expect(seen.filter((text) => text.includes(FAKE_TOKEN))).toEqual([]);
    expect(p.stderr.join("\n")).toMatch(/retrying in/);
    expect(p.stdoutAfterPort).toEqual([]);
  });
});

test("GetSchema returns plugin/schema.json's text exactly", async () => {
  const shipped = fs.readFileSync(path.join(REPO_ROOT, "plugin", "schema.json"), "utf8");
  expect(JSON.parse(shipped).name).toBe("cloudflare-origin-cloud-regions");
  expect(await plugin.getSchema()).toBe(shipped);
});
