import type * as pulumi from "@pulumi/pulumi";
import type { Vendor } from "../../api";
import { heldByAnother, newClaimId, viewOf, type Claimant, type Holder } from "../deployment";
import { PartialStateError } from "../../shared/diagnostics";
import {
  checkAdopt,
  checkMappingFields,
  checkPropertyNames,
  type Fail,
  isUnknown,
  recordHolder,
  managedByAnother,
  nameOf,
  startCheck,
  supportedRegionsOrWarn,
  UNKNOWN,
} from "../mappingChecks";
import { configureFromStack, getRawApi } from "../providerContext";
import {
  entryOf,
  listZone,
  MAX_SET_ENTRIES,
  planWrites,
  same,
  writeSet,
  type ItemFailure,
  type Listing,
  type SetEntry,
} from "./writes";
import { canonicalZoneId, quote, regionProblem, zoneIdOf } from "../../shared/validation";

export { MAX_SET_ENTRIES, type SetEntry };

/**
 * Resolved inputs of an OriginCloudRegionSet, as `check` returns them: the program's array becomes an object keyed by
 * canonical IP, so that a preview shows one added, changed or removed IP as one key (it displays the checked inputs'
 * diff). `mappings` is the unknown value when an entry's IP is not known yet.
 */
export interface OriginCloudRegionSetInputs {
  zoneId: string;
  mappings: Record<string, SetEntry>;
  adopt?: boolean;
  /** The resource's name in the program, sent by the resource class: for messages, and to tell resources apart. */
  __resourceName?: string;
}

/** Resolved outputs of an OriginCloudRegionSet: the mappings it manages that exist, keyed by canonical IP. */
export interface OriginCloudRegionSetOutputs {
  zoneId: string;
  mappings: Record<string, SetEntry>;
  adopt: boolean;
  /** Opaque and fixed for the resource's life: its claim on its mappings within one deployment (see deployment.ts). */
  claimId?: string;
  /** The resource's name, as the program sent it: kept so a refresh or delete knows it too. */
  __resourceName?: string;
}

const INPUT_NAMES = ["zoneId", "mappings", "adopt"] as const;
const PASSED_THROUGH = ["__provider", "claimId", "__resourceName"];
const ENTRY_NAMES = ["originIp", "vendor", "region"] as const;

/**
 * The OriginCloudRegionSet provider's operations: a zone's mappings as one resource, written with batch calls of up to
 * 100 items through the plain API client (the set batches its own calls), reached through `serializedSetProvider.ts`.
 */
export const originCloudRegionSetProvider = {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    configureFromStack((key) => req.config.get(key));
  },

  /**
   * Validates every entry as OriginCloudRegion validates its inputs (failures name the entry: `mappings[3].region`,
   * with its index and IP in the reason), refuses two entries for one canonical IP and more than 3,500 entries, and
   * returns the mappings keyed by canonical IP.
   */
  async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    const { failures, fail, inputs, zoneId } = startCheck(news, INPUT_NAMES, PASSED_THROUGH, "OriginCloudRegionSet");
    checkAdopt(news.adopt, fail);
    if (news.adopt === undefined) inputs.adopt = false;
    if (isUnknown(news.mappings)) return { inputs, failures };

    const entries = entriesOf(news.mappings);
    if (entries === undefined) {
      fail("mappings", `mappings ${quote(news.mappings)} must be an array of { originIp, vendor, region }`);
      return { inputs, failures };
    }
    if (entries.length > MAX_SET_ENTRIES) {
      fail(
        "mappings",
        `mappings has ${entries.length} entries: a zone holds at most ${MAX_SET_ENTRIES} mappings (Cloudflare error 1164); split the origins over zones`,
      );
      return { inputs, failures };
    }
    const keyed: Record<string, SetEntry> = {};
    const indexesByIp = new Map<string, number[]>();
    const toVerify: { i: number; ip: string; vendor: Vendor; region: string }[] = [];
    let unknownIp = false;
    entries.forEach((entry, i) => {
      if (isUnknown(entry)) return void (unknownIp = true);
      if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
        return fail(
          `mappings[${i}]`,
          `mappings[${i}] ${quote(entry)} must be an object with originIp, vendor and region`,
        );
      }
      const values = entry as Record<string, unknown>;
      const label = `mappings[${i}]${typeof values.originIp === "string" && !isUnknown(values.originIp) ? ` (${quote(values.originIp)})` : ""}: `;
      const before = failures.length;
      checkPropertyNames(
        values,
        ENTRY_NAMES,
        [],
        `an entry of mappings`,
        (property, reason) => fail(property, `${label}${reason}`),
        `mappings[${i}].`,
      );
      const ip = checkMappingFields(values, fail, (name) => `mappings[${i}].${name}`, label);
      if (isUnknown(values.originIp)) unknownIp = true;
      if (ip === undefined || failures.length > before) return;
      indexesByIp.set(ip, [...(indexesByIp.get(ip) ?? []), i]);
      keyed[ip] = { vendor: values.vendor as Vendor, region: values.region as string };
      if (!isUnknown(values.vendor) && !isUnknown(values.region))
        toVerify.push({ i, ip: values.originIp as string, ...keyed[ip] });
    });
    for (const [ip, indexes] of indexesByIp) {
      if (indexes.length < 2) continue;
      const spelt = indexes
        .map((i) => `mappings[${i}] (${quote((entries[i] as Record<string, unknown>).originIp)})`)
        .join(", ");
      fail(
        `mappings[${indexes[1]}].originIp`,
        `${spelt} are one IP, ${ip}: declare each origin IP once (IPs are compared in canonical form)`,
      );
    }
    if (failures.length === 0 && zoneId !== undefined) await verifyRegions(zoneId, toVerify, fail);
    // An entry whose IP is unknown cannot be keyed yet: the whole map is unknown until it is.
    inputs.mappings = unknownIp ? UNKNOWN : keyed;
    return { inputs, failures };
  },

  /** By canonical IP: another zone replaces; added, changed or removed entries update; `adopt` alone is no change. */
  async diff(
    _id: string,
    olds: OriginCloudRegionSetOutputs,
    news: OriginCloudRegionSetInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    const replaces =
      !isUnknown(news.zoneId) && canonicalZoneId(olds.zoneId) !== canonicalZoneId(news.zoneId) ? ["zoneId"] : [];
    const changed = isUnknown(news.zoneId) || isUnknown(news.mappings) || plan(olds.mappings ?? {}, news.mappings).any;
    if (replaces.length === 0 && !isUnknown(news.zoneId)) recordHolderOf(olds, news);
    return { changes: replaces.length > 0 || changed, replaces, deleteBeforeReplace: false };
  },

  /**
   * One listing of the zone (GET /zones/{zone_id}/origin/cloud_regions, all pages); refuses, writing nothing, when any
   * entry's IP is already mapped and `adopt` is not true, or another resource of this deployment manages it; then
   * batch PUTs of up to 100 entries (PUT …/cloud_regions/batch). Entries some of which Cloudflare refused end in
   * Pulumi's partial-state error, whose outputs hold exactly the set's mappings that exist.
   */
  async create(inputs: OriginCloudRegionSetInputs): Promise<pulumi.dynamic.CreateResult<OriginCloudRegionSetOutputs>> {
    const zoneId = zoneIdOf(inputs.zoneId);
    const adopt = inputs.adopt === true;
    const desired = inputs.mappings;
    const action = `creating origin cloud region set of ${count(desired)} in zone ${zoneId}`;
    const api = getRawApi();
    const listing = await listZone(api, zoneId, `${action} (checking for existing mappings)`);
    const who: Claimant = { claimId: newClaimId(), name: nameOf(inputs.__resourceName) };
    const claimId = who.claimId!;
    refuseTakeovers(action, zoneId, Object.keys(desired), listing, adopt, who);

    const writes = planWrites(desired, listing);
    const { exists, failed } = await writeSet(api, zoneId, desired, writes, existingOf(Object.keys(desired), listing));
    warnAdoptedOver(zoneId, writes.rewrites, listing, desired, exists);
    const outs: OriginCloudRegionSetOutputs = { zoneId, mappings: exists, adopt, claimId, ...named(who.name) };
    claim(zoneId, Object.keys(exists), who, adopt ? "adopted" : "created");
    const written = writes.rewrites.length + writes.additions.length;
    if (failed.length > 0) {
      if (Object.keys(exists).length === 0) throw new Error(partialMessage(action, failed, written, NOTHING_KEPT));
      throw new PartialStateError(partialMessage(action, failed, written, EXISTING_KEPT), zoneId, outs);
    }
    return { id: zoneId, outs };
  },

  /**
   * Added and changed entries as batch PUTs, removed ones as batch DELETEs (DELETE …/cloud_regions/batch); unchanged
   * entries cost nothing. Added entries get the create-only guarantee (one listing first). When some items fail, the
   * partial-state error's outputs hold exactly the set's mappings that exist now.
   */
  async update(
    id: string,
    olds: OriginCloudRegionSetOutputs,
    news: OriginCloudRegionSetInputs,
  ): Promise<pulumi.dynamic.UpdateResult<OriginCloudRegionSetOutputs>> {
    const zoneId = zoneIdOf(news.zoneId);
    const adopt = news.adopt === true;
    const claimId = olds.claimId ?? newClaimId();
    const who: Claimant = { claimId: olds.claimId, name: nameOf(news.__resourceName) };
    const desired = news.mappings;
    const previous = olds.mappings ?? {};
    const { added, changed, removed } = plan(previous, desired);
    const action = `updating origin cloud region set in zone ${zoneId} (${added.length} added, ${changed.length} changed, ${removed.length} removed)`;
    const api = getRawApi();
    // Always one listing: the entries the update writes nothing for then rest on a read, not on state.
    const listing = await listZone(api, zoneId, `${action} (checking for existing mappings)`);
    refuseTakeovers(action, zoneId, added, listing, adopt, who);
    refuseTakeovers(action, zoneId, changed, new Map(), adopt, who);
    const deletes = removed.filter((ip) => !leftToAnother(zoneId, ip, who, "it leaves this set only"));
    const writes = planWrites(desired, listing, deletes);
    const outcome = await writeSet(
      api,
      zoneId,
      desired,
      writes,
      existingOf([...Object.keys(desired), ...deletes], listing),
    );
    const changedIps = new Set(changed);
    const rewritten = new Set(writes.rewrites);
    const unchanged = Object.keys(desired).filter((ip) => ip in previous && !changedIps.has(ip));
    warnRestored(zoneId, unchanged, listing, desired, outcome.exists);
    warnAdoptedOver(
      zoneId,
      added.filter((ip) => rewritten.has(ip)),
      listing,
      desired,
      outcome.exists,
    );
    const outs: OriginCloudRegionSetOutputs = { zoneId, mappings: outcome.exists, adopt, claimId, ...named(who.name) };
    claim(zoneId, Object.keys(outs.mappings), { claimId, name: who.name }, "updated");
    const written = writes.deletes.length + writes.rewrites.length + writes.additions.length;
    if (outcome.failed.length > 0)
      throw new PartialStateError(partialMessage(action, outcome.failed, written, EXISTING_KEPT), id, outs);
    return { outs };
  },

  /**
   * Refresh and `get`: one listing. Each of the set's mappings as Cloudflare holds it (drift per entry; one deleted out
   * of band leaves the set); `{ id: "" }` when the zone has none of them. `get` (no state) reads the whole zone.
   */
  async read(
    id: string,
    props?: Partial<OriginCloudRegionSetOutputs>,
  ): Promise<pulumi.dynamic.ReadResult<OriginCloudRegionSetOutputs>> {
    const zoneId = zoneIdOf(props?.zoneId ?? (typeof id === "string" ? id.trim() : id));
    const listing = await listZone(getRawApi(), zoneId, `reading origin cloud region set in zone ${zoneId}`);
    const managed = props?.mappings ? Object.keys(props.mappings) : [...listing.keys()];
    const mappings: Record<string, SetEntry> = {};
    for (const ip of managed) {
      const now = listing.get(ip);
      if (now) mappings[ip] = entryOf(now);
    }
    if (Object.keys(mappings).length === 0) return { id: "" };
    const adopt = props?.adopt === true;
    const name = named(nameOf(props?.__resourceName));
    const outs: OriginCloudRegionSetOutputs = { zoneId, mappings, adopt, ...name };
    if (props?.claimId !== undefined) outs.claimId = props.claimId;
    // Refresh replaces the inputs in state with these: the name stays, so the next up shows no change for it.
    const inputs: OriginCloudRegionSetInputs = { zoneId, mappings, adopt, ...name };
    return { id: zoneId, props: outs, inputs } as pulumi.dynamic.ReadResult<OriginCloudRegionSetOutputs>;
  },

  /**
   * Batch DELETEs of the set's mappings (a mapping already gone is fine). One that another resource of this deployment
   * now manages (as when moving it to an OriginCloudRegion) is left in place, with a warning.
   */
  async delete(id: string, props: Partial<OriginCloudRegionSetOutputs>): Promise<void> {
    const zoneId = zoneIdOf(props.zoneId ?? id);
    const mappings = props.mappings ?? {};
    const who: Claimant = { claimId: props.claimId, name: nameOf(props.__resourceName) };
    const deletes = Object.keys(mappings).filter(
      (ip) => !leftToAnother(zoneId, ip, who, "only this set's old state is removed"),
    );
    const { exists, failed } = await writeSet(
      getRawApi(),
      zoneId,
      {},
      { deletes, rewrites: [], additions: [], fits: true },
      mappings,
    );
    for (const ip of deletes) if (!(ip in exists)) viewOf(zoneId, ip).holder = undefined;
    if (failed.length > 0)
      throw new Error(
        partialMessage(`deleting origin cloud region set in zone ${zoneId}`, failed, deletes.length, SET_KEPT),
      );
  },
} satisfies pulumi.dynamic.ResourceProvider;

/** The entries of `mappings` as the program gives them (an array), or as check returned them (keyed by IP). */
function entriesOf(mappings: unknown): unknown[] | undefined {
  if (Array.isArray(mappings)) return mappings;
  if (mappings === null || typeof mappings !== "object") return undefined;
  return Object.entries(mappings as Record<string, unknown>).map(([originIp, e]) =>
    e !== null && typeof e === "object" ? { originIp, ...e } : e,
  );
}

/** Verifies the entries' regions with one supported_regions lookup for the zone (warns and passes when it fails). */
async function verifyRegions(
  zoneId: string,
  toVerify: { i: number; ip: string; vendor: Vendor; region: string }[],
  fail: Fail,
): Promise<void> {
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

/** What turns `olds` into `news`, by canonical IP; `any` when it is something. */
function plan(
  olds: Record<string, SetEntry>,
  news: Record<string, SetEntry>,
): { added: string[]; changed: string[]; removed: string[]; any: boolean } {
  const added = Object.keys(news).filter((ip) => !(ip in olds));
  const changed = Object.keys(news).filter(
    (ip) => ip in olds && (olds[ip].vendor !== news[ip].vendor || olds[ip].region !== news[ip].region),
  );
  const removed = Object.keys(olds).filter((ip) => !(ip in news));
  return { added, changed, removed, any: added.length + changed.length + removed.length > 0 };
}

const count = (mappings: Record<string, unknown>) => {
  const n = Object.keys(mappings).length;
  return `${n} mapping${n === 1 ? "" : "s"}`;
};

/**
 * The create-only guarantee, before anything is written: refuses IPs that another resource of this deployment manages,
 * and IPs the zone already maps unless `adopt` is true (they are left untouched).
 */
function refuseTakeovers(
  action: string,
  zoneId: string,
  ips: string[],
  listing: Listing,
  adopt: boolean,
  who: Claimant,
): void {
  const held = ips.filter((ip) => heldByAnother(viewOf(zoneId, ip), who));
  if (held.length > 0) {
    throw new Error(
      `${action} failed, and nothing was written: ${listed(held.map((ip) => `${ip}: ${managedByAnother(ip, viewOf(zoneId, ip).holder!)}`))}. ` +
        "Two resources cannot manage one mapping: declare each origin IP once per zone, in one set or one OriginCloudRegion.",
    );
  }
  const existing = adopt ? [] : ips.filter((ip) => listing.has(ip));
  if (existing.length > 0) {
    throw new Error(
      `${action} failed, and nothing was written: the zone already maps ${listed(existing.map((ip) => `${ip} (${listing.get(ip)!.vendor}/${listing.get(ip)!.region})`))}, ` +
        "and they were left untouched. To manage them with this set, set `adopt: true`: they will then be set to the declared " +
        'vendor and region and deleted when the set is. To only read the zone, use OriginCloudRegionSet.get("<name>", "<zone id>").',
    );
  }
}

/** Items named in a message: the first 20, then how many more. */
function listed(items: string[], most = 20): string {
  const shown = items.slice(0, most).join(", ");
  return items.length > most ? `${shown} and ${items.length - most} more` : shown;
}

/** `{ __resourceName }` when the resource's name is known, else nothing. */
function named(name: string | undefined): { __resourceName?: string } {
  return name === undefined ? {} : { __resourceName: name };
}

/** The entries among `ips` that the zone holds, as it holds them (adopted ones included, as they are). */
function existingOf(ips: string[], listing: Listing): Record<string, SetEntry> {
  const exists: Record<string, SetEntry> = {};
  for (const ip of ips) {
    const now = listing.get(ip);
    if (now) exists[ip] = entryOf(now);
  }
  return exists;
}

/**
 * A mapping the set no longer manages (removed from it, or the set deleted) that another resource of this deployment
 * now holds: left in place, with a warning that ends with `consequence`.
 */
function leftToAnother(zoneId: string, ip: string, who: Claimant, consequence: string): boolean {
  const view = viewOf(zoneId, ip);
  if (!heldByAnother(view, who)) return false;
  console.warn(
    `warning: origin cloud region mapping ${ip} in zone ${zoneId} was not deleted: ${managedByAnother(ip, view.holder!)}; ${consequence}`,
  );
  return true;
}

/**
 * Says which of the set's unchanged entries the update wrote back because the zone had lost them or held other
 * values (changed outside Pulumi): they are the set's own, so they are restored, never silently.
 */
function warnRestored(
  zoneId: string,
  unchanged: string[],
  listing: Listing,
  desired: Record<string, SetEntry>,
  exists: Record<string, SetEntry>,
): void {
  const nowAsDeclared = (ip: string) =>
    exists[ip] !== undefined && exists[ip].vendor === desired[ip].vendor && exists[ip].region === desired[ip].region;
  const missing = unchanged.filter((ip) => !listing.has(ip) && nowAsDeclared(ip));
  const drifted = unchanged.filter((ip) => listing.has(ip) && !same(listing.get(ip), desired[ip]) && nowAsDeclared(ip));
  const where = `in zone ${zoneId}`;
  if (missing.length > 0)
    console.warn(
      `warning: restored ${missing.length} of the set's mappings that were deleted outside Pulumi: ${listed(missing)} (${where})`,
    );
  if (drifted.length > 0) {
    const was = drifted.map((ip) => `${ip} (was ${listing.get(ip)!.vendor}/${listing.get(ip)!.region})`);
    console.warn(
      `warning: set ${drifted.length} of the set's mappings back to their declared vendor and region, changed outside Pulumi: ${listed(was)} (${where})`,
    );
  }
}

/** Says which mappings an adopting set took over from other values, and what they held: never silently. */
function warnAdoptedOver(
  zoneId: string,
  ips: string[],
  listing: Listing,
  desired: Record<string, SetEntry>,
  exists: Record<string, SetEntry>,
): void {
  // `ips` are rewrites: the listing held them with other values; name those that now hold the declared ones.
  const taken = ips.filter(
    (ip) => exists[ip]?.vendor === desired[ip].vendor && exists[ip]?.region === desired[ip].region,
  );
  if (taken.length === 0) return;
  const was = taken.map((ip) => `${ip} (was ${listing.get(ip)!.vendor}/${listing.get(ip)!.region})`);
  console.warn(
    `warning: adopted ${taken.length} origin cloud region mapping${taken.length === 1 ? "" : "s"} in zone ${zoneId} that held other values, now as declared: ${listed(was)}. ` +
      "Once adopted, `adopt: true` can be dropped from the set, so that a later change never takes over another mapping.",
  );
}

/** Records the set as the holder of its mappings for this deployment. */
function claim(zoneId: string, ips: string[], who: Claimant, how: Holder["how"]): void {
  for (const ip of ips) viewOf(zoneId, ip).holder = { ...who, how };
}

/** A diff that keeps the set on its mappings: it holds each for this deployment (see recordHolder). */
function recordHolderOf(olds: OriginCloudRegionSetOutputs, news: OriginCloudRegionSetInputs): void {
  const zoneId = canonicalZoneId(olds.zoneId);
  if (zoneId === undefined) return;
  const who: Claimant = { claimId: olds.claimId, name: nameOf(news.__resourceName) };
  for (const ip of Object.keys(olds.mappings ?? {})) recordHolder(zoneId, ip, who);
}

/** What state holds after a failed set operation: the mappings that exist (create, update), nothing, or the set as it was (delete). */
const EXISTING_KEPT =
  "State records exactly the set's mappings that exist now; fix the entries and run `pulumi up` again to finish.";
const NOTHING_KEPT = "Nothing of it is in state.";
const SET_KEPT = "The set stays in state; fix the cause and run the command again to delete the rest.";

/** The message of a set operation some of whose items failed: each failed IP with its reason, out of the `written` it wrote or tried to. */
function partialMessage(action: string, failed: ItemFailure[], written: number, after: string): string {
  const lines = failed.slice(0, 50).map((f) => `\n  - ${f.reason}`);
  if (failed.length > 50) lines.push(`\n  - and ${failed.length - 50} more`);
  // "1 mapping", "2 mappings", "1 of 2 mappings": the noun agrees with the last number.
  return `${action} failed for ${failed.length}${written > failed.length ? ` of ${written}` : ""} mapping${written === 1 ? "" : "s"}:${lines.join("")}\n${after}`;
}
