// No credential in any message: a gateway that echoes the request's credential headers (in an HTML title, a JSON
// error message, a plain-text body or a redirect's Location) answers create, read and delete, for both credential
// schemes. The credentials are distinctive, and searched for as written, percent-encoded and in any case, in the
// Pulumi error, everything the host printed, state (inputs and outputs) and the serialized provider.
import { FakeCloudflare, type EchoForm, type Route } from "../fake/server";
import { MiniEngine } from "../harness/engine";
import { ProviderHost, type RpcError } from "../harness/providerHost";
import { serializedProviderText } from "../harness/serializedProvider";

const TYPE = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion";
const TOKEN = "LeakCanaryT0ken_LeakCanaryT0ken-LeakCana";
const API_KEY = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffe";
const EMAIL = "leak.canary+ops@example.com";
const SECRETS = [TOKEN, API_KEY, EMAIL];

let fake: FakeCloudflare;
let providerText: string;
const hosts: Record<"token" | "api key", ProviderHost> = {} as never;
let zoneCounter = 0;

beforeAll(async () => {
  fake = await FakeCloudflare.start({ tokens: [TOKEN], apiKeys: [{ email: EMAIL, key: API_KEY }] });
  providerText = await serializedProviderText();
  hosts.token = await ProviderHost.start({ config: { "cloudflare:apiToken": TOKEN, "cloudflare:baseUrl": fake.baseUrl } });
  hosts["api key"] = await ProviderHost.start({ env: { CLOUDFLARE_API_KEY: API_KEY, CLOUDFLARE_EMAIL: EMAIL, CLOUDFLARE_BASE_URL: fake.baseUrl } });
});
afterAll(async () => {
  await Promise.all(Object.values(hosts).map((h) => h.stop()));
  await fake?.stop();
});

/** Occurrences of any credential in `text`: as written, percent-encoded, in any letter case. */
function leaks(text: string): number {
  const haystack = text.toLowerCase();
  const forms = new Set(SECRETS.flatMap((s) => [s, encodeURIComponent(s)].map((f) => f.toLowerCase())));
  return [...forms].reduce((n, form) => n + (haystack.split(form).length - 1), 0);
}

const OPS: [string, Route][] = [
  ["create", "put"],
  ["read", "get"],
  ["delete", "delete"],
];
const FORMS: EchoForm[] = ["html", "json", "text", "location"];
const scenarios = (["token", "api key"] as const).flatMap((scheme) => OPS.flatMap(([op, route]) => FORMS.map((form) => [scheme, op, form, route] as const)));

test.each(scenarios)("%s: %s answered by a gateway echoing credentials as %s: 0 leaks", async (scheme, op, form, route) => {
  const zone = (0xe000 + ++zoneCounter).toString(16).padStart(32, "0");
  const host = hosts[scheme];
  const engine = new MiniEngine(host, TYPE, providerText);
  const inputs = { zoneId: zone, originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" };
  if (op !== "create") await engine.up("m", inputs);
  const from = host.output.length;

  fake.injectFault(route, { kind: "echoCredentials", form }, 1, { zoneId: zone });
  const step = op === "create" ? engine.up("m", inputs) : op === "read" ? engine.refresh("m") : engine.destroy("m");
  const message = await step.then(() => "", (e: RpcError) => e.details ?? e.message);

  expect(message).not.toBe(""); // the echo is a refusal: the operation reports it
  expect(fake.requests.some((r) => r.zoneId === zone && r.route === route && (r.status === 403 || r.status === 302))).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 100)); // let the host's stderr lines for this failure arrive
  expect({
    error: leaks(message),
    hostOutput: leaks(host.output.slice(from).join("\n")),
    state: leaks(JSON.stringify([...engine.state.values()])),
    serializedProvider: leaks(providerText),
  }).toEqual({ error: 0, hostOutput: 0, state: 0, serializedProvider: 0 });
});

test("the leak counter finds each credential form (so a zero means something)", () => {
  expect(leaks(`Bearer ${TOKEN.toUpperCase()}`)).toBe(1);
  expect(leaks(`x-auth-key: ${API_KEY}; x-auth-email: ${encodeURIComponent(EMAIL)}`)).toBe(2);
});
