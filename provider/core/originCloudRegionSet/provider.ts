import type * as pulumi from "@pulumi/pulumi";
import { newClaimId, type Claimant } from "../deployment";
import { PartialStateError } from "../../api/errors";
import { checkAdopt, isUnknown, nameOf, startCheck, UNKNOWN } from "../mappingChecks";
import { configureFromStack, getRawApi } from "../providerContext";
import { canonicalZoneId, zoneIdOf } from "../../shared/validation";
import { checkEntries, verifyRegions } from "./checkEntries";
import { claim, leftToAnother, recordHolderOf, refuseTakeovers, release } from "./claims";
import {
  count,
  EXISTING_KEPT,
  NOTHING_KEPT,
  partialMessage,
  SET_KEPT,
  warnAdoptedOver,
  warnRestored,
} from "./messages";
import {
  changesOf,
  existingOf,
  listZone,
  MAX_SET_ENTRIES,
  planWrites,
  type Listing,
  type SetChanges,
  type SetEntry,
  type SetWrites,
} from "./plan";
import { named, type OriginCloudRegionSetInputs, type OriginCloudRegionSetOutputs } from "./state";
import { writeSet } from "./writes";

export { MAX_SET_ENTRIES, type SetEntry };
export type { OriginCloudRegionSetInputs, OriginCloudRegionSetOutputs } from "./state";

const INPUT_NAMES = ["zoneId", "mappings", "adopt"] as const;
const PASSED_THROUGH = ["__provider", "claimId", "__resourceName"];

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
    const entries = checkEntries(news.mappings, fail);
    if (entries === undefined) return { inputs, failures };
    if (failures.length === 0 && zoneId !== undefined) await verifyRegions(zoneId, entries.toVerify, fail);
    // An entry whose IP is unknown cannot be keyed yet: the whole map is unknown until it is.
    inputs.mappings = entries.unknownIp ? UNKNOWN : entries.keyed;
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
    const changed =
      isUnknown(news.zoneId) || isUnknown(news.mappings) || changesOf(olds.mappings ?? {}, news.mappings).any;
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
    const claimId = newClaimId();
    const who: Claimant = { claimId, name: nameOf(inputs.__resourceName) };
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
    const who: Claimant = { claimId: olds.claimId, name: nameOf(news.__resourceName) };
    const desired = news.mappings;
    const changes = changesOf(olds.mappings ?? {}, desired);
    const { added, changed, removed } = changes;
    const action = `updating origin cloud region set in zone ${zoneId} (${added.length} added, ${changed.length} changed, ${removed.length} removed)`;
    const api = getRawApi();
    // Always one listing: the entries the update writes nothing for then rest on a read, not on state.
    const listing = await listZone(api, zoneId, `${action} (checking for existing mappings)`);
    const writes = planUpdate(action, zoneId, changes, listing, news, who);
    const existing = existingOf([...Object.keys(desired), ...writes.deletes], listing);
    const { exists, failed } = await writeSet(api, zoneId, desired, writes, existing);
    warnUpdated(zoneId, changes, writes, listing, desired, exists);
    const claimId = olds.claimId ?? newClaimId();
    const outs: OriginCloudRegionSetOutputs = { zoneId, mappings: exists, adopt, claimId, ...named(who.name) };
    claim(zoneId, Object.keys(exists), { claimId, name: who.name }, "updated");
    const written = writes.deletes.length + writes.rewrites.length + writes.additions.length;
    if (failed.length > 0)
      throw new PartialStateError(partialMessage(action, failed, written, EXISTING_KEPT), id, outs);
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
    const mappings = existingOf(managed, listing);
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
    const writes: SetWrites = { deletes, rewrites: [], additions: [], fits: true };
    const { exists, failed } = await writeSet(getRawApi(), zoneId, {}, writes, mappings);
    const gone = deletes.filter((ip) => !(ip in exists));
    release(zoneId, gone);
    if (failed.length > 0)
      throw new Error(
        partialMessage(`deleting origin cloud region set in zone ${zoneId}`, failed, deletes.length, SET_KEPT),
      );
  },
} satisfies pulumi.dynamic.ResourceProvider;

/**
 * The update's writes, once nothing stands in their way: added entries get the create-only guarantee, changed ones
 * may not take another resource's mapping (both refused before anything is written), and removed ones that another
 * resource of this deployment now holds are left to it.
 */
function planUpdate(
  action: string,
  zoneId: string,
  changes: SetChanges,
  listing: Listing,
  news: OriginCloudRegionSetInputs,
  who: Claimant,
): SetWrites {
  const adopt = news.adopt === true;
  refuseTakeovers(action, zoneId, changes.added, listing, adopt, who);
  refuseTakeovers(action, zoneId, changes.changed, new Map(), adopt, who);
  const deletes = changes.removed.filter((ip) => !leftToAnother(zoneId, ip, who, "it leaves this set only"));
  return planWrites(news.mappings, listing, deletes);
}

/** The update's warnings: unchanged entries it wrote back, added ones it adopted over other values. */
function warnUpdated(
  zoneId: string,
  changes: SetChanges,
  writes: SetWrites,
  listing: Listing,
  desired: Record<string, SetEntry>,
  exists: Record<string, SetEntry>,
): void {
  warnRestored(zoneId, changes.unchanged, listing, desired, exists);
  const rewritten = new Set(writes.rewrites);
  const adopted = changes.added.filter((ip) => rewritten.has(ip));
  warnAdoptedOver(zoneId, adopted, listing, desired, exists);
}
