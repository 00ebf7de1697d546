// No credential in any message: a gateway that echoes the request's credential headers (in an HTML title, a JSON
// error message, a plain-text body or a redirect's Location) answers create, read, delete and a batch of creates, for
// both credential schemes. The credentials are distinctive, and searched for as written, percent-encoded,
// JSON-escaped and in any case, in the Pulumi errors, everything the host printed, state (inputs and outputs) and the
// serialized provider (the dynamic provider's; the plugin stores none). Both adapters (`[dynamic]`, `[plugin]`): the
// token in each one's provider config, the key and email in the environment.
import { FakeCloudflare, type EchoForm, type Route } from "../fake/server";
import { ADAPTERS, pluginConfigOf, TYPES, type AdapterName } from "../harness/adapters";
import { MiniEngine } from "../harness/engine";
import type { HostOptions, RpcError } from "../harness/providerHost";
import { serializedProviderText } from "../harness/serializedProvider";

const TOKEN = "LeakCanaryT0ken_LeakCanaryT0ken-LeakCana";
const API_KEY = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffe";
const EMAIL = "leak.canary+ops@example.com";
const SECRETS = [TOKEN, API_KEY, EMAIL];

let fake: FakeCloudflare;
let providerText: string;
/** One stack per adapter and credential scheme; each scenario's resources are an engine of their own on it (`forType`). */
const stacks: Record<AdapterName, Record<"token" | "api key", MiniEngine>> = { dynamic: {}, plugin: {} } as never;
let zoneCounter = 0;

beforeAll(async () => {
  fake = await FakeCloudflare.start({ tokens: [TOKEN], apiKeys: [{ email: EMAIL, key: API_KEY }] });
  providerText = await serializedProviderText();
  // A leak is searched for in messages, the host's output and state, none of which depends on what a host remembers
  // between commands; one host per scheme spares the 48 host starts of a host per command.
  const shareHost =
    "what is searched (messages, host output, state) does not depend on what a host keeps between commands";
  for (const adapter of ADAPTERS) {
    const stack = (host: HostOptions) =>
      new MiniEngine({
        adapter,
        type: TYPES[adapter].mapping,
        providerText,
        host,
        plugin: { config: pluginConfigOf(host.config), env: host.env },
        shareHost,
      });
    stacks[adapter].token = stack({ config: { "cloudflare:apiToken": TOKEN, "cloudflare:baseUrl": fake.baseUrl } });
    stacks[adapter]["api key"] = stack({
      env: { CLOUDFLARE_API_KEY: API_KEY, CLOUDFLARE_EMAIL: EMAIL, CLOUDFLARE_BASE_URL: fake.baseUrl },
    });
  }
});
afterAll(async () => {
  await Promise.all(ADAPTERS.flatMap((a) => Object.values(stacks[a])).map((s) => s.stop()));
  await fake?.stop();
});

/** Occurrences of any credential in `text`: as written, percent-encoded, in any letter case. */
function leaks(text: string): number {
  const haystack = text.toLowerCase();
  const forms = new Set(
    SECRETS.flatMap((s) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)].map((f) => f.toLowerCase())),
  );
  return [...forms].reduce((n, form) => n + (haystack.split(form).length - 1), 0);
}

const OPS: [string, Route][] = [
  ["create", "put"],
  ["read", "get"],
  ["delete", "delete"],
  ["3 creates at once (one batch call)", "batchPut"],
];
const FORMS: EchoForm[] = ["html", "json", "text", "location"];
const scenarios = (["token", "api key"] as const).flatMap((scheme) =>
  OPS.flatMap(([op, route]) => FORMS.map((form) => [scheme, op, form, route] as const)),
);

describe.each(ADAPTERS)("[%s]", (adapter) => {
  test.each(scenarios)(
    "%s: %s answered by a gateway echoing credentials as %s: 0 leaks",
    async (scheme, op, form, route) => {
      const zone = (0xe000 + ++zoneCounter).toString(16).padStart(32, "0");
      const engine = stacks[adapter][scheme].forType(TYPES[adapter].mapping, providerText);
      const inputs = { zoneId: zone, originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" };
      if (op === "read" || op === "delete") await engine.up("m", inputs);
      const from = engine.output.length;

      fake.injectFault(route, { kind: "echoCredentials", form }, 1, { zoneId: zone });
      const batch = () =>
        engine
          .deploy(
            ["192.0.2.1", "192.0.2.2", "192.0.2.3"].map((ip, i) => ({
              name: `b${i}`,
              inputs: { ...inputs, originIp: ip },
            })),
          )
          .then((r) => {
            if (Object.keys(r.errors).length > 0)
              throw Object.assign(
                new Error(
                  Object.values(r.errors)
                    .map((e) => (e as RpcError).details ?? e.message)
                    .join("\n"),
                ),
              );
          });
      const step =
        op === "create"
          ? engine.up("m", inputs)
          : op === "read"
            ? engine.refresh("m")
            : op === "delete"
              ? engine.destroy("m")
              : batch();
      const message = await step.then(
        () => "",
        (e: RpcError) => e.details ?? e.message,
      );

      expect(message).not.toBe(""); // the echo is a refusal: the operation reports it
      expect(
        fake.requests.some((r) => r.zoneId === zone && r.route === route && (r.status === 403 || r.status === 302)),
      ).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 100)); // let the host's stderr lines for this failure arrive
      expect({
        error: leaks(message),
        hostOutput: leaks(engine.output.slice(from).join("\n")),
        state: leaks(JSON.stringify([...engine.state.values()])),
        // The dynamic provider's `__provider` shim (the plugin stores no code in state).
        serializedProvider: adapter === "dynamic" ? leaks(providerText) : 0,
      }).toEqual({ error: 0, hostOutput: 0, state: 0, serializedProvider: 0 });
    },
  );
});

test("suite check: the leak counter finds each credential form (so a zero means something)", () => {
  expect(leaks(`Bearer ${TOKEN.toUpperCase()}`)).toBe(1);
  expect(leaks(`x-auth-key: ${API_KEY}; x-auth-email: ${encodeURIComponent(EMAIL)}`)).toBe(2);
});
