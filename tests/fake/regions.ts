/**
 * The fake's `supported_regions` table: which vendor/region pairs a mapping may use (§4.7, §6).
 *
 * Region names are the clouds' real identifiers. Only aws us-east-1/us-west-2 and gcp us-central1 colos
 * come from Cloudflare material; the other upper-tier colos are plausible nearby IATA codes, which is
 * all a client can rely on anyway (it must treat the list as data, not as a constant).
 */

/** One supported region with its Tiered Cache upper-tier colos, exactly as the API returns it. */
export interface SupportedRegion {
  name: string;
  upper_tier_colos: string[];
}

/** Vendor id → regions. Keys are the vendor strings the API accepts (lowercase). */
export type SupportedRegionsTable = Record<string, SupportedRegion[]>;

const r = (name: string, ...upper_tier_colos: string[]): SupportedRegion => ({ name, upper_tier_colos });

/** Default table: aws / azure / gcp / oci with their real region ids. */
export const DEFAULT_REGIONS: SupportedRegionsTable = {
  aws: [
    r("us-east-1", "IAD", "EWR"),
    r("us-east-2", "CMH", "ORD"),
    r("us-west-1", "SJC", "LAX"),
    r("us-west-2", "SEA"),
    r("ca-central-1", "YUL"),
    r("eu-west-1", "DUB"),
    r("eu-west-2", "LHR"),
    r("eu-west-3", "CDG"),
    r("eu-central-1", "FRA"),
    r("eu-north-1", "ARN"),
    r("ap-southeast-1", "SIN"),
    r("ap-southeast-2", "SYD"),
    r("ap-northeast-1", "NRT"),
    r("ap-northeast-2", "ICN"),
    r("ap-south-1", "BOM"),
    r("sa-east-1", "GRU"),
  ],
  azure: [
    r("eastus", "IAD"),
    r("eastus2", "IAD", "EWR"),
    r("centralus", "ORD"),
    r("westus2", "SEA"),
    r("canadacentral", "YYZ"),
    r("westeurope", "AMS"),
    r("northeurope", "DUB"),
    r("uksouth", "LHR"),
    r("germanywestcentral", "FRA"),
    r("southeastasia", "SIN"),
    r("japaneast", "NRT"),
    r("australiaeast", "SYD"),
    r("brazilsouth", "GRU"),
  ],
  gcp: [
    r("us-central1", "ORD"),
    r("us-east1", "ATL"),
    r("us-east4", "IAD"),
    r("us-west1", "SEA"),
    r("us-west2", "LAX"),
    r("europe-west1", "AMS", "BRU"),
    r("europe-west2", "LHR"),
    r("europe-west3", "FRA"),
    r("europe-west4", "AMS"),
    r("asia-east1", "TPE"),
    r("asia-northeast1", "NRT"),
    r("asia-southeast1", "SIN"),
    r("australia-southeast1", "SYD"),
    r("southamerica-east1", "GRU"),
  ],
  oci: [
    r("us-ashburn-1", "IAD"),
    r("us-phoenix-1", "PHX"),
    r("us-sanjose-1", "SJC"),
    r("ca-toronto-1", "YYZ"),
    r("eu-frankfurt-1", "FRA"),
    r("eu-amsterdam-1", "AMS"),
    r("uk-london-1", "LHR"),
    r("ap-tokyo-1", "NRT"),
    r("ap-sydney-1", "SYD"),
    r("ap-mumbai-1", "BOM"),
    r("sa-saopaulo-1", "GRU"),
  ],
};

/**
 * Whether `vendor`/`region` is a valid pair. Exact, case-sensitive match (§12 #13: "AWS" is rejected),
 * and own-property lookup so names like "constructor" are not mistaken for vendors.
 */
export function isSupportedRegion(table: SupportedRegionsTable, vendor: unknown, region: unknown): boolean {
  if (typeof vendor !== "string" || typeof region !== "string") return false;
  if (!Object.prototype.hasOwnProperty.call(table, vendor)) return false;
  return table[vendor].some((entry) => entry.name === region);
}

/** Deep copy, so callers (and JSON responses) can never mutate the configured table. */
export function cloneRegions(table: SupportedRegionsTable): SupportedRegionsTable {
  return Object.fromEntries(
    Object.entries(table).map(([vendor, regions]) => [vendor, regions.map((x) => r(x.name, ...x.upper_tier_colos))]),
  );
}
