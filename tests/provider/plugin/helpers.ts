// What the plugin suites share: the fake API, a plugin configured for it as the engine configures a default
// provider (CheckConfig, then Configure with what it accepted), a fresh zone per test, and the fake's requests.
import { FAKE_TOKEN, FakeCloudflare } from "../../fake/server";
import { PluginHost, secret, type PluginOptions, type Props } from "../../harness/pluginHost";

let zoneCounter = 0;
/** A fresh zone per test, so tests never see each other's mappings. */
export const newZone = (base = 0xb000) => (base + ++zoneCounter).toString(16).padStart(32, "0");

/** The provider config a stack sets, as the engine sends it: strings, the token secret, a `version` beside them. */
export const providerConfig = (fake: FakeCloudflare, extra: Props = {}): Props => ({
  apiToken: secret(FAKE_TOKEN),
  baseUrl: fake.baseUrl,
  version: "0.2.0",
  ...extra,
});

/** A plugin started as the engine starts it, checked and configured with `config`. */
export async function configuredPlugin(config: Props, options: PluginOptions = {}): Promise<PluginHost> {
  const plugin = await PluginHost.start(options);
  const { inputs, failures } = await plugin.checkConfig(config);
  if (failures.length > 0) throw new Error(`CheckConfig refused: ${JSON.stringify(failures)}`);
  await plugin.configure(inputs);
  return plugin;
}

/** Every request the fake saw, as `METHOD route`. */
export const requestsOf = (fake: FakeCloudflare) => fake.requests.map((r) => `${r.method} ${r.route}`);

/** The text of a failed RPC, or "no error". */
export const rpcMessage = (p: Promise<unknown>) =>
  p.then(
    () => "no error",
    (e: { details?: string; message: string }) => e.details ?? e.message,
  );
