/**
 * The supported regions the package knows, for tests of programs (the test kit checks regions against them offline).
 *
 * Source: the package's API reference (docs "Cloudflare Origin Cloud Regions API — contract reference", §4.7 and §6),
 * which collects the region names public Cloudflare material shows: API reference examples, the Terraform provider's
 * tests (v5.22.0) and Cloudflare's changelog of 2026-04-17 ("Smart Tiered Cache optimizes public cloud origins").
 * The azure and oci names are the clouds' real ids, not yet seen in Cloudflare material. Cloudflare's list is longer
 * and changes: a test that uses another region passes the zone's list (`supportedRegions`), e.g. as
 * `getSupportedRegions` returned it.
 */
import type { SupportedRegions, Vendor } from "../api";
import type { SupportedRegion } from "../shared/zoneReads";
import { VENDORS } from "../shared/validation";

/** A vendor's regions as a test gives them: names, or names with their upper-tier colos (as `getSupportedRegions` returns). */
export type RegionList = readonly (string | SupportedRegion)[];

/** Regions per vendor, as a test gives them; a vendor left out has no regions. */
export type SupportedRegionsTable = Partial<Record<Vendor, RegionList>>;

/** The snapshot: each vendor's regions with the upper-tier colos Cloudflare material names (empty where unknown). */
export const KNOWN_SUPPORTED_REGIONS: Readonly<Record<Vendor, readonly SupportedRegion[]>> = Object.freeze({
  aws: [
    { name: "us-east-1", upperTierColos: ["IAD", "EWR"] },
    { name: "us-west-2", upperTierColos: ["SEA"] },
  ],
  azure: [
    { name: "eastus", upperTierColos: [] },
    { name: "westeurope", upperTierColos: [] },
  ],
  gcp: [
    { name: "us-central1", upperTierColos: ["ORD"] },
    { name: "europe-west1", upperTierColos: [] },
  ],
  oci: [
    { name: "us-ashburn-1", upperTierColos: [] },
    { name: "eu-frankfurt-1", upperTierColos: [] },
  ],
});

/** A table as Cloudflare's supported_regions endpoint answers it (the wire shape the provider's checks read). */
export function toWire(table: SupportedRegionsTable): SupportedRegions {
  const vendors: SupportedRegions["vendors"] = {};
  for (const vendor of VENDORS) {
    const regions = table[vendor];
    if (regions === undefined) continue;
    vendors[vendor] = regions.map((r) =>
      typeof r === "string"
        ? { name: r, upper_tier_colos: [] }
        : { name: r.name, upper_tier_colos: [...r.upperTierColos] },
    );
  }
  return { obtained_codes: true, vendors };
}
