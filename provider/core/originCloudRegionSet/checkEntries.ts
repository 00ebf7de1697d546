/**
 * `check`'s validation of a set's `mappings`: each entry as OriginCloudRegion validates its inputs (failures name the
 * entry: `mappings[3].region`, with its index and IP in the reason), one entry per canonical IP, at most 3,500
 * entries, and the regions verified with one supported_regions lookup for the zone.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Vendor } from "../../api";
import { checkMappingFields, checkPropertyNames, type Fail, isUnknown, supportedRegionsOrWarn } from "../mappingChecks";
import { quote } from "../../api/valueText";
import { regionProblem } from "../../shared/validation";
import { MAX_SET_ENTRIES, type SetEntry } from "./plan";

const ENTRY_NAMES = ["originIp", "vendor", "region"] as const;

/** An entry whose region is to be verified: its index, its IP as the program wrote it, its vendor and region. */
export interface RegionToVerify {
  i: number;
  ip: string;
  vendor: Vendor;
  region: string;
}

/** The entries as checked: the valid ones keyed by canonical IP, whether any IP is unknown, the regions to verify. */
export interface CheckedEntries {
  keyed: Record<string, SetEntry>;
  unknownIp: boolean;
  toVerify: RegionToVerify[];
}

/** One entry as checked: its failures, whether its IP is unknown, and, when it is valid, its canonical IP and values. */
interface CheckedEntry {
  failures: pulumi.dynamic.CheckFailure[];
  unknownIp: boolean;
  valid?: { ip: string; entry: SetEntry; verify?: RegionToVerify };
}

/**
 * Checks the entries of `mappings` (a known value) and refuses two entries for one canonical IP; undefined, with the
 * failure recorded, when `mappings` is not an array (nor an object keyed by IP) or holds more than 3,500 entries.
 */
export function checkEntries(mappings: unknown, fail: Fail): CheckedEntries | undefined {
  const entries = entriesOf(mappings);
  if (entries === undefined) return void fail("mappings", notAList(mappings));
  if (entries.length > MAX_SET_ENTRIES) return void fail("mappings", tooMany(entries.length));
  const checked: CheckedEntries = { keyed: {}, unknownIp: false, toVerify: [] };
  const indexesByIp = new Map<string, number[]>();
  for (const [i, entry] of entries.entries()) {
    if (!(i in entries)) continue; // a hole of a sparse array: skipped, as forEach skips it
    const { failures, unknownIp, valid } = checkEntry(entry, i);
    for (const { property, reason } of failures) fail(property, reason);
    if (unknownIp) checked.unknownIp = true;
    if (!valid) continue;
    indexesByIp.set(valid.ip, [...(indexesByIp.get(valid.ip) ?? []), i]);
    checked.keyed[valid.ip] = valid.entry;
    if (valid.verify) checked.toVerify.push(valid.verify);
  }
  for (const [ip, indexes] of indexesByIp) if (indexes.length > 1) fail(...oneIp(entries, ip, indexes));
  return checked;
}

/** The entries of `mappings` as the program gives them (an array), or as check returned them (keyed by IP). */
function entriesOf(mappings: unknown): unknown[] | undefined {
  if (Array.isArray(mappings)) return mappings;
  if (mappings === null || typeof mappings !== "object") return undefined;
  return Object.entries(mappings as Record<string, unknown>).map(([originIp, e]) =>
    e !== null && typeof e === "object" ? { originIp, ...e } : e,
  );
}

/** Checks entry `i`: an object with a valid originIp, vendor and region, and no other property. */
function checkEntry(entry: unknown, i: number): CheckedEntry {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const fail: Fail = (property, reason) => failures.push({ property, reason });
  if (isUnknown(entry)) return { failures, unknownIp: true };
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
    fail(`mappings[${i}]`, notAnObject(entry, i));
    return { failures, unknownIp: false };
  }
  const values = entry as Record<string, unknown>;
  const label = entryLabel(i, values.originIp);
  const failEntry: Fail = (property, reason) => fail(property, `${label}${reason}`);
  checkPropertyNames(values, ENTRY_NAMES, [], `an entry of mappings`, failEntry, `mappings[${i}].`);
  const ip = checkMappingFields(values, fail, (name) => `mappings[${i}].${name}`, label);
  const unknownIp = isUnknown(values.originIp);
  if (ip === undefined || failures.length > 0) return { failures, unknownIp };
  const kept: SetEntry = { vendor: values.vendor as Vendor, region: values.region as string };
  const known = !isUnknown(values.vendor) && !isUnknown(values.region);
  const verify = known ? { i, ip: values.originIp as string, ...kept } : undefined;
  return { failures, unknownIp, valid: { ip, entry: kept, verify } };
}

/** Verifies the entries' regions with one supported_regions lookup for the zone (warns and passes when it fails). */
export async function verifyRegions(zoneId: string, toVerify: RegionToVerify[], fail: Fail): Promise<void> {
  if (toVerify.length === 0) return;
  const supported = await supportedRegionsOrWarn(
    zoneId,
    `the regions of ${toVerify.length} mapping${toVerify.length === 1 ? "" : "s"}`,
  );
  if (!supported) return;
  for (const { i, ip, vendor, region } of toVerify) {
    const problem = regionProblem(vendor, region, supported);
    if (problem) fail(`mappings[${i}].region`, `mappings[${i}] (${quote(ip)}): ${problem}`);
  }
}

/** What starts the reasons of entry `i`'s failures: `mappings[3] ("192.0.2.4"): `, the IP when it is a known string. */
function entryLabel(i: number, originIp: unknown): string {
  return `mappings[${i}]${typeof originIp === "string" && !isUnknown(originIp) ? ` (${quote(originIp)})` : ""}: `;
}

function notAList(mappings: unknown): string {
  return `mappings ${quote(mappings)} must be an array of { originIp, vendor, region }`;
}

function tooMany(count: number): string {
  return `mappings has ${count} entries: a zone holds at most ${MAX_SET_ENTRIES} mappings (Cloudflare error 1164); split the origins over zones`;
}

function notAnObject(entry: unknown, i: number): string {
  return `mappings[${i}] ${quote(entry)} must be an object with originIp, vendor and region`;
}

/** The failure for entries `indexes`, which name one canonical IP: on the second of them, naming them all. */
function oneIp(entries: unknown[], ip: string, indexes: number[]): [property: string, reason: string] {
  const spelt = indexes.map((i) => `mappings[${i}] (${quote((entries[i] as Record<string, unknown>).originIp)})`);
  return [
    `mappings[${indexes[1]}].originIp`,
    `${spelt.join(", ")} are one IP, ${ip}: declare each origin IP once (IPs are compared in canonical form)`,
  ];
}
