// The two adapters MiniEngine drives, and what it needs of each: the dynamic provider host
// (`@pulumi/pulumi/cmd/dynamic-provider`, resources typed `pulumi-nodejs:dynamic/…`, inputs carrying `__provider`,
// configured from the stack's `cloudflare:*` / `originCloudRegions:*` keys) and the provider plugin
// (`pulumi-resource-cloudflare-origin-cloud-regions`, tokens `cloudflare-origin-cloud-regions:index:…`, no
// `__provider`, configured as the engine configures a default provider: CheckConfig, then Configure with what it
// accepted). Either way one command is one process (deployments.ts).
import * as fs from "fs";
import * as path from "path";
import { PluginHost, PACKAGE, secret, TOKENS, type PluginOptions } from "./pluginHost";
import { ProviderHost, REPO_ROOT, type HostOptions, type Props } from "./providerHost";
import { CheckFailedError } from "./steps";

/** Which adapter an engine drives. */
export type AdapterName = "dynamic" | "plugin";
export const ADAPTERS: readonly AdapterName[] = ["dynamic", "plugin"];

/** The type of each resource as each adapter registers it. */
export const TYPES: Record<AdapterName, { mapping: string; set: string }> = {
  dynamic: {
    mapping: "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion",
    set: "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegionSet",
  },
  plugin: { mapping: TOKENS.mapping, set: TOKENS.set },
};

/** The RPCs the engine sends a provider process for a resource, and what the CLI shows of its output. */
export interface EngineHost {
  /** The process id: a new one per command. */
  readonly pid: number;
  /** Every line the process wrote (after the port), as the CLI shows provider output. */
  readonly output: readonly string[];
  check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }>;
  diff(
    urn: string,
    id: string,
    olds: Props,
    news: Props,
    oldInputs: Props,
  ): Promise<{ changes: "unknown" | "none" | "some"; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(urn: string, inputs: Props): Promise<{ id: string; outputs: Props }>;
  update(urn: string, id: string, olds: Props, news: Props): Promise<Props>;
  read(
    urn: string,
    id: string,
    properties: Props,
    inputs: Props,
  ): Promise<{ id: string; outputs: Props; inputs?: Props }>;
  delete(urn: string, id: string, properties: Props, oldInputs: Props): Promise<void>;
  stop(): Promise<void>;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

/** How an engine's plugin processes start and what provider config they are given. */
export interface PluginEngineOptions extends Omit<PluginOptions, "onOutput"> {
  /**
   * The provider config the engine sends to CheckConfig, keys without namespace (`apiToken`, `maxAttempts`), as
   * {@link pluginConfigOf} makes it from stack config. A refusal fails the command with the failures.
   */
  config?: Props;
}

/** The package's version: the engine sends it as `version` beside a default provider's config. */
const VERSION: string = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version;

/** The plugin's key for each stack config key the dynamic provider reads; secrets arrive wrapped, as stack secrets do. */
const FROM_STACK: Record<string, { key: string; secret?: boolean }> = {
  "cloudflare:apiToken": { key: "apiToken", secret: true },
  "cloudflare:apiKey": { key: "apiKey", secret: true },
  "cloudflare:email": { key: "email" },
  "cloudflare:baseUrl": { key: "baseUrl" },
  "originCloudRegions:requestTimeoutSeconds": { key: "requestTimeoutSeconds" },
  "originCloudRegions:retryBudgetSeconds": { key: "retryBudgetSeconds" },
  "originCloudRegions:maxAttempts": { key: "maxAttempts" },
  "originCloudRegions:batching": { key: "batching" },
};

/**
 * The plugin's provider config for the settings a dynamic-provider stack sets (`cloudflare:apiToken` →
 * `apiToken`, wrapped secret; `originCloudRegions:maxAttempts` → `maxAttempts`), with the engine's `version`: so one
 * test's settings reach both adapters. Keys already in the plugin's namespace (`cloudflare-origin-cloud-regions:x`)
 * pass as `x`, unchanged.
 */
export function pluginConfigOf(stackConfig: Record<string, string> = {}): Props {
  const config: Props = { version: VERSION };
  for (const [key, value] of Object.entries(stackConfig)) {
    if (key.startsWith(`${PACKAGE}:`)) {
      config[key.slice(PACKAGE.length + 1)] = value;
      continue;
    }
    const to = FROM_STACK[key];
    if (!to) throw new Error(`pluginConfigOf: no plugin config key for the stack config key ${key}`);
    config[to.key] = to.secret ? secret(value) : value;
  }
  return config;
}

/** A plugin started as the engine starts it, then checked (CheckConfig) and configured with what it accepted. */
export async function startConfiguredPlugin(
  options: PluginEngineOptions,
  onOutput?: (line: string) => void,
): Promise<PluginHost> {
  const { config = { version: VERSION }, ...start } = options;
  const plugin = await PluginHost.start({ ...start, onOutput });
  try {
    const checked = await plugin.checkConfig(config);
    if (checked.failures.length > 0) throw new CheckFailedError(checked.failures);
    await plugin.configure(checked.inputs);
    return plugin;
  } catch (e) {
    await plugin.stop();
    throw e;
  }
}

/** Starts one command's process of `adapter`. */
export function startHost(
  adapter: AdapterName,
  options: { host?: HostOptions; plugin?: PluginEngineOptions },
  onOutput: (line: string) => void,
): Promise<EngineHost> {
  return adapter === "plugin"
    ? startConfiguredPlugin(options.plugin ?? {}, onOutput)
    : ProviderHost.start({ ...options.host, onOutput });
}
