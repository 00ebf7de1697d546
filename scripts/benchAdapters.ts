// The adapters npm run bench measures side by side: how each starts its process and how an engine drives it. A column of
// the table is one adapter, resource kind, batching mode and parallelism; an adapter that cannot run whole commands yet
// (`engine` absent) still gets its columns, with its cold start measured and the command cells empty.
import { FAKE_TOKEN } from "../tests/fake/server";
import { MiniEngine } from "../tests/harness/engine";
import { pluginConfigOf } from "../tests/harness/adapters";
import { PluginHost, TOKENS, type StartMode } from "../tests/harness/pluginHost";
import { ProviderHost, type Props } from "../tests/harness/providerHost";

export type AdapterName = "dynamic" | "plugin";
export const ADAPTERS: readonly AdapterName[] = ["dynamic", "plugin"];
export type Kind = "single" | "set";

/** What the bench needs of a host process: its pid (CPU and memory from /proc) and a Check (to warm it up). */
export interface BenchHost {
  readonly pid: number;
  check(urn: string, olds: Props, news: Props): Promise<unknown>;
}

/** What the bench needs of an engine: MiniEngine's commands, each in a host process of its own. */
export interface BenchEngine {
  command<T>(work: (host: BenchHost) => Promise<T>): Promise<T>;
  up(name: string, inputs: Props): Promise<unknown>;
  refresh(name: string): Promise<unknown>;
  destroy(name: string): Promise<unknown>;
  urn(name: string): string;
  /** Program inputs as the engine sends them to this adapter. */
  withProvider(inputs: Props): Props;
  /** How many host processes the commands so far started (one per command, as the CLI does). */
  hostsStarted(): number;
}

/** The settings an engine's hosts get (the fake's token too), by meaning; each adapter spells them its own way. */
export interface BenchConfig {
  baseUrl: string;
  batching?: boolean;
}

export interface Adapter {
  name: AdapterName;
  /** The column title's prefix. */
  label: string;
  /** An engine whose commands start this adapter's host, against the fake; absent: not drivable by the bench yet. */
  engine?: (kind: Kind, config: BenchConfig) => BenchEngine;
  /** What the state stores per resource besides its properties (the dynamic provider's serialized code). */
  stateExtra(kind: Kind): string;
  /** Cold starts, spawn to port printed: milliseconds by start mode, `samples` each (the median is shown). */
  coldStart(samples: number): Promise<Record<string, number[]>>;
}

const DYNAMIC_TYPES: Record<Kind, string> = {
  single: "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion",
  set: "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegionSet",
};

/**
 * The dynamic provider: Pulumi's provider host running the serialized provider stored in state. `providerText` gives
 * each kind's serialized provider (the bench reads them once).
 */
export function dynamicAdapter(providerText: Record<Kind, string>): Adapter {
  return {
    name: "dynamic",
    label: "dynamic provider",
    engine: (kind, config) => {
      const engine = new MiniEngine({
        type: DYNAMIC_TYPES[kind],
        providerText: providerText[kind],
        host: {
          config: {
            "cloudflare:apiToken": FAKE_TOKEN,
            "cloudflare:baseUrl": config.baseUrl,
            ...(config.batching === undefined ? {} : { "originCloudRegions:batching": String(config.batching) }),
          },
        },
      });
      return Object.assign(engine, { hostsStarted: () => engine.deployments.hosts.length });
    },
    stateExtra: (kind) =>
      `serialized provider: ${Buffer.byteLength(providerText[kind]).toLocaleString("en-US")} bytes, stored twice (inputs and outputs)`,
    coldStart: async (samples) => ({
      // ProviderHost.start resolves after Configure, which the host answers at once: spawn to port, plus one RPC.
      "provider host": await timed(samples, async () => {
        const began = Date.now();
        const host = await ProviderHost.start();
        const ms = Date.now() - began;
        await host.stop();
        return ms;
      }),
    }),
  };
}

/**
 * The plugin (`pulumi-resource-cloudflare-origin-cloud-regions`, provider/plugin/): MiniEngine's plugin adapter, each
 * command a plugin process of its own, configured as the engine configures a default provider (CheckConfig, then
 * Configure) with the fake's token, base URL and `batching`. Its cold start is measured in both ways the engine
 * starts it.
 */
export function pluginAdapter(): Adapter {
  const start = async (mode: StartMode) => {
    const host = await PluginHost.start({ mode });
    await host.stop();
    return host.startMs;
  };
  return {
    name: "plugin",
    label: "plugin",
    engine: (kind, config) => {
      const stack: Record<string, string> = { "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": config.baseUrl };
      if (config.batching !== undefined) stack["originCloudRegions:batching"] = String(config.batching);
      const engine = new MiniEngine({
        type: kind === "single" ? TOKENS.mapping : TOKENS.set,
        adapter: "plugin",
        plugin: { config: pluginConfigOf(stack) },
      });
      return Object.assign(engine, { hostsStarted: () => engine.deployments.hosts.length });
    },
    stateExtra: () => "no code in state",
    coldStart: async (samples) => ({
      executable: await timed(samples, () => start("executable")),
      "run-plugin": await timed(samples, () => start("runPlugin")),
    }),
  };
}

/** `samples` measurements of `one`, one after another. */
async function timed(samples: number, one: () => Promise<number>): Promise<number[]> {
  const all: number[] = [];
  for (let i = 0; i < samples; i++) all.push(await one());
  return all;
}

/** The median of `values` (NaN for none). */
export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
