import { FAKE_TOKEN, FakeCloudflare, type FakeOptions } from "../fake/server";
import { pluginConfigOf, TYPES, type AdapterName } from "./adapters";
import { MiniEngine } from "./engine";
import type { DeploymentOptions } from "./deployments";
import type { HostOptions } from "./providerHost";
import { serializedProviderText } from "./serializedProvider";

/** What {@link useHostedFake} provides to a test file. */
export interface HostedFake {
  fake: FakeCloudflare;
  /** `__provider` as the real resource class serializes it. */
  providerText: string;
  /** Options of a provider host configured for the fake (token and base URL in stack config, plus the file's config). */
  hostOptions: HostOptions;
  /**
   * A new stack of OriginCloudRegion resources (or of `type` with `providerText`) on the fake: a fresh provider host
   * per command. `options` adds to the host's config and environment, or shares a host with a reason. With
   * `adapter: "plugin"`, the same settings reach the provider plugin instead: the stack config as its provider config
   * (adapters.ts, pluginConfigOf), the environment as its own; `type` defaults to the plugin's OriginCloudRegion.
   */
  engine(options?: { type?: string; providerText?: string } & DeploymentOptions): MiniEngine;
}

/**
 * Starts, for one test file, a fake Cloudflare API (stopped afterwards), and makes engines whose provider hosts are
 * configured for it (`config` added to their stack config). Read the result inside tests or hooks.
 */
export function useHostedFake(options: { fake?: FakeOptions; config?: Record<string, string> } = {}): HostedFake {
  const hosted = {} as HostedFake;
  beforeAll(async () => {
    hosted.fake = await FakeCloudflare.start(options.fake);
    hosted.providerText = await serializedProviderText();
    hosted.hostOptions = {
      config: { "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": hosted.fake.baseUrl, ...options.config },
    };
  });
  hosted.engine = ({ adapter = "dynamic", type, providerText = hosted.providerText, host, plugin, shareHost } = {}) => {
    const hostOptions = { ...hosted.hostOptions, ...host, config: { ...hosted.hostOptions.config, ...host?.config } };
    return new MiniEngine({
      adapter,
      type: type ?? TYPES[adapter as AdapterName].mapping,
      providerText,
      shareHost,
      host: hostOptions,
      plugin: { env: hostOptions.env, config: pluginConfigOf(hostOptions.config), ...plugin },
    });
  };
  afterAll(async () => {
    await hosted.fake?.stop();
  });
  return hosted;
}

/** A fresh zone id for each test of the file (numbered from `first`), with the fake's request log emptied. */
export function useFreshZone(hosted: HostedFake, first: number): { readonly id: string; next(): string } {
  let counter = 0;
  const zone = {
    id: "",
    /** Moves the test to another fresh zone. */
    next: () => (zone.id = (first + ++counter).toString(16).padStart(32, "0")),
  };
  beforeEach(() => {
    zone.next();
    hosted.fake.resetRequests();
  });
  return zone;
}

/** What the fake holds in `zoneId`, as sorted `ip vendor/region` lines. */
export function heldIn(fake: FakeCloudflare, zoneId: string): string[] {
  return fake
    .mappings(zoneId)
    .map((m) => `${m.origin_ip} ${m.vendor}/${m.region}`)
    .sort();
}

/** What a failed RPC said (the host's details), or the error's message. */
export function messageOf(error: unknown): string {
  return (error as { details?: string }).details ?? (error as Error).message;
}
