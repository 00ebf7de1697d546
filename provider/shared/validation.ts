import type { SupportedRegions, Vendor } from "../api";
import { quote } from "../api/valueText";

/** The cloud vendors Cloudflare accepts, in the spelling the API requires (lower case). */
export const VENDORS: readonly Vendor[] = ["aws", "azure", "gcp", "oci"];

const ZONE_ID = /^[0-9a-f]{32}$/;

/** Normalizes a zone id (case-insensitive hex) or returns undefined when it is not 32 hex characters. */
export function canonicalZoneId(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const lower = value.toLowerCase();
  return ZONE_ID.test(lower) ? lower : undefined;
}

/** Why a zone id is unusable, or undefined when it is fine. */
export function zoneIdProblem(value: unknown): string | undefined {
  if (canonicalZoneId(value) !== undefined) return undefined;
  return `zoneId ${quote(value)} is not a Cloudflare zone id: expected 32 hexadecimal characters, such as 023e105f4ecef8ad9ca31a8372d0c353 (the dashboard shows it on the zone's Overview page)`;
}

/** A zone id in canonical form; a malformed one (a bad input, hand-edited state) is refused with {@link zoneIdProblem}'s words, before any request. */
export function zoneIdOf(value: unknown): string {
  const zoneId = canonicalZoneId(value);
  if (zoneId === undefined) throw new Error(zoneIdProblem(value));
  return zoneId;
}

/** Why a vendor is unusable, or undefined when it is one of {@link VENDORS}. */
export function vendorProblem(value: unknown): string | undefined {
  if ((VENDORS as readonly unknown[]).includes(value)) return undefined;
  const hint = typeof value === "string" ? suggest(value, VENDORS) : "";
  return `vendor ${quote(value)} is not supported: expected one of ${VENDORS.join(", ")} (lower case)${hint}`;
}

/**
 * Why a region is unusable for a vendor according to Cloudflare's supported_regions answer,
 * or undefined when it is listed.
 */
export function regionProblem(vendor: Vendor, region: unknown, supported: SupportedRegions): string | undefined {
  const names = (supported.vendors[vendor] ?? []).map((r) => r.name);
  if ((names as unknown[]).includes(region)) return undefined;
  let hint = typeof region === "string" ? suggest(region, names) : "";
  // Another vendor's: this vendor's names do not hold the region, or it would have passed above.
  const owner = VENDORS.find((v) => (supported.vendors[v] ?? []).some((r) => r.name === region));
  if (owner) hint += `; ${region as string} is a ${owner} region, so perhaps vendor should be "${owner}"`;
  const allowed =
    names.length > 0 ? `expected one of ${names.join(", ")}` : `Cloudflare lists no ${vendor} regions for this zone`;
  return `region ${quote(region)} is not a supported ${vendor} region: ${allowed}${hint}`;
}

/** " (did you mean x?)" for the nearest names by edit distance (ties in list order), or "" when nothing is close. */
export function suggest(value: string, candidates: readonly string[], most = 3): string {
  const limit = Math.max(2, Math.floor(value.length / 3));
  // The length difference is a lower bound of the distance: skipping hopeless names keeps a huge value cheap.
  const near = candidates.filter((name) => Math.abs(name.length - value.length) <= limit);
  const scored = near.map((name) => ({ name, distance: editDistance(value.toLowerCase(), name.toLowerCase()) }));
  const best = Math.min(limit, ...scored.map((c) => c.distance));
  // Only the closest names: a runner-up one edit further away is noise, not help.
  const close = scored
    .filter((c) => c.distance === best)
    .slice(0, most)
    .map((c) => c.name);
  return close.length > 0 ? ` (did you mean ${close.join(" or ")}?)` : "";
}

/** Levenshtein distance: small inputs (region names), so the O(n·m) table is fine. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
