/**
 * `pulumi-cloudflare-origin-cloud-regions/testing`: a test kit for programs that use this package, under
 * `pulumi.runtime.setMocks`. Each OriginCloudRegion and OriginCloudRegionSet the program declares goes through the
 * provider's own check (IPs, zone ids, vendors, regions against the package's known list or the test's), so a wrong
 * input fails the test with the words `pulumi preview` would print; outputs are the provider's (canonical IP, ids, the
 * set's map keyed by IP); the lookups answer from zones the test describes. Nothing reaches the network.
 *
 * @example
 * ```ts
 * import * as pulumi from "@pulumi/pulumi";
 * import { originCloudRegionMocks } from "pulumi-cloudflare-origin-cloud-regions/testing";
 *
 * pulumi.runtime.setMocks(originCloudRegionMocks({ zones: { [zoneId]: { mappings: [] } } }), "project", "stack", false);
 * ```
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Vendor } from "../api";
import { forgetDeployment } from "../core/deployment";
import { useApi } from "../core/providerContext";
import { canonicalZoneId, zoneIdProblem } from "../shared/validation";
import { installLookupClient } from "./lookupsHook";
import { MemoryClient } from "./memoryClient";
import { KNOWN_SUPPORTED_REGIONS, toWire, type RegionList, type SupportedRegionsTable } from "./regions";
import { MAPPING_TYPE, registerOwn, SET_TYPE } from "./steps";

export { KNOWN_SUPPORTED_REGIONS, type RegionList, type SupportedRegionsTable };

/** A mapping a described zone already holds before the program runs. */
export interface DescribedMapping {
  /** The origin IP, in any valid spelling (kept in canonical form). */
  originIp: string;
  /** The cloud vendor. */
  vendor: Vendor;
  /** The vendor's region. */
  region: string;
  /** When Cloudflare last changed it (RFC 3339); default: the kit's clock at creation. */
  modifiedOn?: string;
}

/** A zone as the test describes it. */
export interface DescribedZone {
  /** The mappings the zone holds before the program runs (what the lookups return; a create over one needs `adopt`). */
  mappings?: DescribedMapping[];
  /** This zone's regions, per vendor; vendors left out keep the kit-wide list. */
  supportedRegions?: SupportedRegionsTable;
}

/** Options of {@link originCloudRegionMocks}. */
export interface OriginCloudRegionMocksOptions {
  /** Zones by id (32 hex characters). A zone not described is empty. */
  zones?: Record<string, DescribedZone>;
  /**
   * Regions per vendor for every zone, in place of {@link KNOWN_SUPPORTED_REGIONS}; vendors left out keep the
   * package's list. Pass the zone's real list (as `getSupportedRegions` returns it) to test other regions.
   */
  supportedRegions?: SupportedRegionsTable;
  /** The mocks for every other resource type and function call; without it, a resource's outputs are its inputs. */
  fallback?: pulumi.runtime.Mocks;
  /** The clock for `modifiedOn` of the mappings the program writes; default the system clock. */
  now?: () => Date;
}

/** Pulumi mocks that answer for this package's resources and lookups; pass them to `pulumi.runtime.setMocks`. */
export interface OriginCloudRegionMocks extends pulumi.runtime.Mocks {
  /**
   * The mappings a zone would hold after the program's creates (canonical IPs, in address order): the
   * described ones and those the program's resources wrote. The lookups keep answering from the zone as described.
   */
  mappingsOf(zoneId: string): DescribedMapping[];
}

/**
 * Mocks for `pulumi.runtime.setMocks` under which this package behaves as a deployment would, offline:
 * - `OriginCloudRegion` and `OriginCloudRegionSet` registrations run the provider's check; a failure rejects the
 *   registration (so the test awaiting any of the resource's outputs fails) with the lines `pulumi preview` prints,
 *   e.g. `… resource 'web': property region value {us-east-9} has a problem: region "us-east-9" is not a supported
 *   aws region: …`. In a preview (`setMocks(…, true)`) the outputs are the checked inputs; otherwise the provider's
 *   create runs against the described zones: outputs as it returns them (`originIp` canonical, `id`
 *   `<zone>/<ip>`, `modifiedOn`, the set's `mappings` keyed by canonical IP, the set's id the zone id), and creating
 *   over a mapping the zone already holds without `adopt: true` fails with the provider's message. `get` reads.
 * - `getOriginCloudRegions`, `getSupportedRegions` (and `…Output`) answer from the zones as described, with no
 *   credentials needed.
 * - Every other resource type and call goes to `options.fallback`.
 *
 * Creating the mocks makes them the ones the package answers from (the latest created wins) and starts a fresh
 * deployment: create them anew for each program run a test makes. Throws when a described zone id or IP is invalid.
 */
export function originCloudRegionMocks(options: OriginCloudRegionMocksOptions = {}): OriginCloudRegionMocks {
  const zones = describedZones(options.zones ?? {});
  const regionsOf = (zoneId: string) =>
    toWire({
      ...KNOWN_SUPPORTED_REGIONS,
      ...options.supportedRegions,
      ...zones.get(zoneId.toLowerCase())?.supportedRegions,
    });
  const now = options.now ?? (() => new Date());
  const live = new MemoryClient({ regionsOf, now });
  const described = new MemoryClient({ regionsOf, now });
  const stamp = now()
    .toISOString()
    .replace(/\.\d+Z$/, "Z");
  for (const [zoneId, zone] of zones) {
    for (const m of zone.mappings ?? []) {
      const record = { origin_ip: m.originIp, vendor: m.vendor, region: m.region, modified_on: m.modifiedOn ?? stamp };
      live.seed(zoneId, record);
      described.seed(zoneId, record);
    }
  }
  useApi(live);
  forgetDeployment();
  installLookupClient(described);
  const fallback = options.fallback;
  return {
    newResource(args) {
      if (args.type === MAPPING_TYPE || args.type === SET_TYPE) return registerOwn(args);
      return fallback ? fallback.newResource(args) : { id: `${args.name}-id`, state: args.inputs };
    },
    call(args) {
      return fallback ? fallback.call(args) : args.inputs;
    },
    mappingsOf(zoneId) {
      return live
        .snapshot(zoneId)
        .map((m) => ({ originIp: m.origin_ip, vendor: m.vendor, region: m.region, modifiedOn: m.modified_on }));
    },
  };
}

/** The described zones by canonical id; an invalid id is refused with check's words. */
function describedZones(zones: Record<string, DescribedZone>): Map<string, DescribedZone> {
  const byId = new Map<string, DescribedZone>();
  for (const [id, zone] of Object.entries(zones)) {
    const canonical = canonicalZoneId(id);
    if (canonical === undefined) throw new Error(`originCloudRegionMocks: ${zoneIdProblem(id)}`);
    byId.set(canonical, zone);
  }
  return byId;
}
