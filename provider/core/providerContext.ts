import { OriginCloudRegionsApi, type OriginCloudRegionsClient, type SupportedRegions } from "../api";
import { CoalescingClient } from "./coalescing/client";
import { resolveClientSettings, STACK_CONFIG_KEYS, type ConfigKeys } from "../shared/credentials";
import { pulumiWording, type FailureWording } from "../shared/diagnostics";

/**
 * Per-process state of the provider host: the stack config handed to `configure`, one API client and the
 * supported-regions answer per zone. It lives here, in the installed package, and never in the serialized provider,
 * so no credential can reach state. The host serves every resource from one process, so the one client is where
 * concurrent operations are coalesced into batch calls and paced together.
 */
/** The stack config keys this provider reads, as `configure` handed them over. */
let stackConfig: Record<string, string | undefined> = {};
/** The keys {@link stackConfig} holds, and the words messages use for them. */
let configKeys: ConfigKeys = STACK_CONFIG_KEYS;
let api: OriginCloudRegionsClient | undefined;
/** The plain client under {@link api}: one per process, so its pacing (rateGate.ts) covers every resource. */
let rawApi: OriginCloudRegionsClient | undefined;
const regionsByZone = new Map<string, Promise<SupportedRegions>>();

/**
 * Records the stack config (`configure`); forgets clients built from earlier settings. `config` names the keys to
 * read (default: the dynamic provider's `cloudflare:*` and `originCloudRegions:*`; the plugin passes its own).
 */
export function configureFromStack(get: (key: string) => string | undefined, config = STACK_CONFIG_KEYS): void {
  configKeys = config;
  const keys = [...Object.values(config.credentials), ...Object.values(config.tuning)];
  stackConfig = Object.fromEntries(keys.map((key) => [key, get(key)]));
  api = undefined;
  rawApi = undefined;
  regionsByZone.clear();
}

/**
 * The API client for this process, built on first use from stack config, else the environment. Concurrent
 * operations on one zone share it, so their calls are coalesced into batch calls and shared listings (unless
 * `batching` is off).
 */
export function getApi(): OriginCloudRegionsClient {
  if (!api) buildClients();
  return api!;
}

/**
 * The plain (non-coalescing) client for callers that batch their own calls (OriginCloudRegionSet). It is the client
 * {@link getApi} wraps, so both resources share one request pacing per process.
 */
export function getRawApi(): OriginCloudRegionsClient {
  if (!rawApi) buildClients();
  return rawApi!;
}

/** Both clients, from one reading of the settings. */
function buildClients(): void {
  const { settings, batching } = resolveClientSettings(
    (key) => stackConfig[key],
    (key) => process.env[key],
    configKeys,
  );
  rawApi = new OriginCloudRegionsApi(settings);
  api = batching === false ? rawApi : new CoalescingClient(rawApi);
}

/** How failures name the keys: those {@link configureFromStack} was given (the plugin's, or the dynamic provider's). */
export function failureWording(): FailureWording {
  return pulumiWording(configKeys);
}

/** Program code a message suggests, in the words of the programs this process serves. */
export interface ProgramWords {
  /** What to do so a renamed resource keeps its mapping. */
  alias: string;
  /** How to only read one mapping. */
  readMapping(zoneId: string, originIp: string): string;
  /** How to only read a zone as a set. */
  readZone: string;
}

/** TypeScript for the dynamic provider's programs; for the plugin's, the schema's names, which any language spells. */
const PROGRAM_WORDS: Record<ConfigKeys["program"], ProgramWords> = {
  typescript: {
    alias: 'add `aliases: [{ name: "<old name>" }]` to its options',
    readMapping: (zoneId, originIp) =>
      `getOriginCloudRegions({ zoneId: "${zoneId}" }), or OriginCloudRegion.get("<name>", "${zoneId}/${originIp}") ` +
      "(@pulumi/pulumi 3.268 or later)",
    readZone: 'OriginCloudRegionSet.get("<name>", "<zone id>")',
  },
  "any language": {
    alias: "give it its old name in the `aliases` resource option",
    readMapping: (zoneId, originIp) =>
      `the getOriginCloudRegions function with zoneId "${zoneId}", or the resource's get with the id "${zoneId}/${originIp}"`,
    readZone: "OriginCloudRegionSet's get with the zone's id",
  },
};

/** How messages write program code for the keys {@link configureFromStack} was given (see ConfigKeys.program). */
export function programWords(): ProgramWords {
  return PROGRAM_WORDS[configKeys.program];
}

/** Replaces the process's API client (a test double, or a coalescing client that implements the same interface). */
export function useApi(client: OriginCloudRegionsClient | undefined): void {
  api = client;
  rawApi = client;
  regionsByZone.clear();
}

/**
 * Cloudflare's supported regions for a zone, fetched once per process and shared by concurrent callers (a zone
 * of 3,500 mappings costs one request). A failed lookup is forgotten so a later call can try again.
 */
export function supportedRegions(zoneId: string): Promise<SupportedRegions> {
  let pending = regionsByZone.get(zoneId);
  if (!pending) {
    pending = Promise.resolve().then(() => getApi().supportedRegions(zoneId));
    regionsByZone.set(zoneId, pending);
    pending.catch(() => regionsByZone.delete(zoneId));
  }
  return pending;
}
