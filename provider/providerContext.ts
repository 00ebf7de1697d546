import { OriginCloudRegionsApi, type OriginCloudRegionsClient, type SupportedRegions } from "./api";
import { CoalescingClient } from "./api/coalescingClient";
import { CONFIG_KEYS, ENV_KEYS, readSettings, resolveApiSettings, resolveTuning, TUNING_CONFIG_KEYS, TUNING_ENV_KEYS, type SettingValues, type TuningValues } from "./credentials";

/**
 * Per-process state of the provider host: the stack config handed to `configure`, one API client and the
 * supported-regions answer per zone. It lives here, in the installed package, and never in the serialized provider,
 * so no credential can reach state. The host serves every resource from one process, so the single client is also
 * the place where concurrent operations can later be coalesced into batch calls.
 */
let stackSettings: SettingValues = {};
let stackTuning: TuningValues = {};
let api: OriginCloudRegionsClient | undefined;
const regionsByZone = new Map<string, Promise<SupportedRegions>>();

/** Records the stack config (`configure`); forgets clients built from earlier settings. */
export function configureFromStack(get: (key: string) => string | undefined): void {
  stackSettings = readSettings(get, CONFIG_KEYS);
  stackTuning = readSettings(get, TUNING_CONFIG_KEYS);
  api = undefined;
  regionsByZone.clear();
}

/**
 * The API client for this process, built on first use from stack config, else the environment. Concurrent
 * operations on one zone share it, so their calls are coalesced into batch calls and shared listings (unless
 * `batching` is off).
 */
export function getApi(): OriginCloudRegionsClient {
  if (!api) {
    const env = (k: string) => process.env[k];
    const { batching, ...tuning } = resolveTuning(stackTuning, readSettings(env, TUNING_ENV_KEYS));
    const single = new OriginCloudRegionsApi({ ...resolveApiSettings(stackSettings, readSettings(env, ENV_KEYS)), ...tuning });
    api = batching === false ? single : new CoalescingClient(single);
  }
  return api;
}

/** Replaces the process's API client (a test double, or a coalescing client that implements the same interface). */
export function useApi(client: OriginCloudRegionsClient | undefined): void {
  api = client;
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
