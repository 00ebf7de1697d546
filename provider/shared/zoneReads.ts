/**
 * Read-only views of a zone, shared by the program-side lookups (lookups/index.ts) and the `export` command (cli/): the
 * API's snake_case records turned into the camelCase shapes programs use, with canonical IPs and stable order.
 * Nothing here imports @pulumi/pulumi, so the command runs without loading the SDK.
 */
import { OriginCloudRegionsApi, type OriginCloudRegionsClient, type Vendor } from "../api";
import { resolveClientSettings } from "./credentials";
import { failureError, type FailureWording } from "./diagnostics";
import { compareIps } from "../api/ip";
import { ipKey } from "../api/records";
import { mappingId } from "./ids";
import { VENDORS, zoneIdOf } from "./validation";

/** One origin cloud region mapping of a zone, as the lookups return it. */
export interface OriginCloudRegionMapping {
  /** `<zone_id>/<origin_ip>`: the id an `OriginCloudRegion` for this mapping has (and `OriginCloudRegion.get` takes). */
  id: string;
  /** The origin IP in canonical form: dotted quad for IPv4, RFC 5952 for IPv6 (`2001:db8::1`). */
  originIp: string;
  /** The cloud hosting the origin. */
  vendor: Vendor;
  /** The vendor's region, e.g. `us-east-1`. */
  region: string;
  /** When Cloudflare last changed the mapping: RFC 3339, UTC (`2026-03-01T12:00:00Z`); absent if Cloudflare omits it. */
  modifiedOn?: string;
}

/** One region of a vendor that a zone can map origins to. */
export interface SupportedRegion {
  /** The region's name in the vendor's spelling, e.g. `us-east-1` (aws), `eastus` (azure), `us-central1` (gcp). */
  name: string;
  /** The Tiered Cache upper-tier colos serving the region, as IATA codes such as `IAD`; may be empty. */
  upperTierColos: string[];
}

/** Result of `getOriginCloudRegions`. */
export interface GetOriginCloudRegionsResult {
  /** The zone id, lower case. */
  zoneId: string;
  /** Every mapping of the zone (all pages), ordered by address: IPv4 first, then IPv6, each numerically. */
  mappings: OriginCloudRegionMapping[];
}

/** Result of `getSupportedRegions`. */
export interface GetSupportedRegionsResult {
  /** The zone id, lower case. */
  zoneId: string;
  /** Whether Cloudflare resolved the colo codes; when false, `upperTierColos` may be empty or incomplete. */
  obtainedCodes: boolean;
  /** Every vendor (aws, azure, gcp, oci) with the regions Cloudflare lists for it; an empty list when it lists none. */
  vendors: Record<Vendor, SupportedRegion[]>;
}

/** A client built as the provider host builds its own (`resolveClientSettings`); reads need no batching. */
export function clientFrom(
  stack: (key: string) => string | undefined,
  env: (key: string) => string | undefined,
  log: (line: string) => void,
): OriginCloudRegionsClient {
  return new OriginCloudRegionsApi({ ...resolveClientSettings(stack, env).settings, log });
}

/**
 * `GET /zones/{zone_id}/origin/cloud_regions`, all pages, as {@link GetOriginCloudRegionsResult}; a failure's fix is
 * worded by `wording` (default: for a Pulumi program).
 */
export async function readMappings(
  api: () => OriginCloudRegionsClient,
  zoneId: string,
  wording?: FailureWording,
): Promise<GetOriginCloudRegionsResult> {
  const zone = zoneIdOf(zoneId);
  const client = api(); // missing credentials: MissingCredentialsError, whose message says how to set them
  let records;
  try {
    records = await client.list(zone);
  } catch (e) {
    throw failureError(`listing the origin cloud region mappings of zone ${zone}`, e, wording);
  }
  const mappings = records
    .map((r): OriginCloudRegionMapping => {
      const originIp = ipKey(r.origin_ip);
      const mapping: OriginCloudRegionMapping = {
        id: mappingId(zone, originIp),
        originIp,
        vendor: r.vendor,
        region: r.region,
      };
      if (r.modified_on) mapping.modifiedOn = r.modified_on;
      return mapping;
    })
    .sort((a, b) => compareIps(a.originIp, b.originIp));
  return { zoneId: zone, mappings };
}

/** `GET /zones/{zone_id}/origin/cloud_regions/supported_regions`, as {@link GetSupportedRegionsResult}. */
export async function readSupportedRegions(
  api: () => OriginCloudRegionsClient,
  zoneId: string,
): Promise<GetSupportedRegionsResult> {
  const zone = zoneIdOf(zoneId);
  const client = api();
  let answer;
  try {
    answer = await client.supportedRegions(zone);
  } catch (e) {
    throw failureError(`reading the supported regions of zone ${zone}`, e);
  }
  const vendors = Object.fromEntries(
    VENDORS.map((v) => [
      v,
      (answer.vendors[v] ?? []).map((r) => ({ name: r.name, upperTierColos: [...(r.upper_tier_colos ?? [])] })),
    ]),
  ) as Record<Vendor, SupportedRegion[]>;
  return { zoneId: zone, obtainedCodes: answer.obtained_codes === true, vendors };
}
