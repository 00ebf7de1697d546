import type * as pulumi from "@pulumi/pulumi";
import type { Vendor } from "../../api";
import { sameValues } from "../../api/records";
import { heldByAnother, newClaimId, withMapping, type Claimant } from "../deployment";
import { PartialStateError } from "../../api/errors";
import { sameIp, tryCanonicalizeIp } from "../../api/ip";
import {
  checkAdopt,
  checkMappingFields,
  isUnknown,
  recordHolder,
  nameOf,
  startCheck,
  UNKNOWN,
  verifyRegion,
} from "../mappingChecks";
import { configureFromStack } from "../providerContext";
import { canonicalZoneId } from "../../shared/validation";
import { deleteMapping, existingMapping, putForCreate, putForUpdate, readMapping } from "./calls";
import { alreadyMapped, adoptedOver, createMayHaveApplied, duplicate, leftToAnother } from "./messages";
import {
  identify,
  inputsOf,
  mappingId,
  outputsOf,
  resolved,
  type OriginCloudRegionInputs,
  type OriginCloudRegionOutputs,
} from "./state";

export { mappingId, parseMappingId, type OriginCloudRegionInputs, type OriginCloudRegionOutputs } from "./state";

/** The inputs an OriginCloudRegion takes. */
const INPUT_NAMES = ["zoneId", "originIp", "vendor", "region", "adopt"] as const;
/** Properties the engine or the resource class sends besides the inputs (outputs are declared with no value). */
const PASSED_THROUGH = ["__provider", "modifiedOn", "claimId", "__resourceName"];

export { UNKNOWN };

/**
 * The OriginCloudRegion provider's operations. They run inside the Pulumi provider host, reached through the small
 * serialized shim in `serializedProvider.ts`, never serialized themselves.
 */
export const originCloudRegionProvider = {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    configureFromStack((key) => req.config.get(key));
  },

  /** Validates every input before anything is written and returns them in canonical form. */
  async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    const { failures, fail, inputs } = startCheck(news, INPUT_NAMES, PASSED_THROUGH, "OriginCloudRegion");
    const originIp = checkMappingFields(news, fail);
    if (originIp !== undefined) inputs.originIp = originIp;
    checkAdopt(news.adopt, fail);

    const canVerifyRegion =
      failures.length === 0 && [news.zoneId, news.vendor, news.region].every((v) => !isUnknown(v));
    if (canVerifyRegion) {
      const problem = await verifyRegion(inputs.zoneId as string, news.vendor as Vendor, news.region as string);
      if (problem) fail("region", problem);
    }
    return { inputs, failures };
  },

  /** A respelled IP or a zone id in other case is no change; another IP or zone replaces; vendor/region update. */
  async diff(
    _id: string,
    olds: OriginCloudRegionOutputs,
    news: OriginCloudRegionInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    const replaces: string[] = [];
    if (!isUnknown(news.zoneId) && canonicalZoneId(olds.zoneId) !== canonicalZoneId(news.zoneId))
      replaces.push("zoneId");
    if (!isUnknown(news.originIp) && !sameIp(olds.originIp, news.originIp)) replaces.push("originIp");
    // An unknown zone or IP may turn out equal, so preview shows an update rather than forcing a replacement.
    const unknownIdentity = isUnknown(news.zoneId) || isUnknown(news.originIp);
    const updated = !sameValues(olds, news);
    if (replaces.length === 0 && !unknownIdentity) recordHolderOf(olds, news);
    // `__provider` is deliberately not compared: it is a stable shim that runs the installed package (README, Upgrades).
    return {
      changes: replaces.length > 0 || updated || unknownIdentity,
      replaces,
      // A replacement the engine forces on an unchanged IP (replaceOnChanges) must free the mapping before the new
      // resource claims it; a new IP or zone is created first, so the origin is never without a mapping.
      deleteBeforeReplace: replaces.length === 0,
    };
  },

  /**
   * PUTs the mapping, refusing to take over one that already exists unless `adopt` is true (then PUTs only if it
   * differs), and one that another resource of this deployment manages in any case. A PUT whose outcome stays unknown
   * ends in Pulumi's partial-state error, so state keeps the mapping and the next `up` settles it.
   *
   * With `adopt`, the existence check may lead to writing nothing, so it must see Cloudflare as it is now: it is read
   * no earlier than this create began (`notBefore`), never from a shared listing taken before, which could still show
   * a mapping deleted since. That costs at most one GET, or a share of one new listing of the zone.
   */
  async create(inputs: OriginCloudRegionInputs): Promise<pulumi.dynamic.CreateResult<OriginCloudRegionOutputs>> {
    const began = Date.now();
    const target = resolved(inputs);
    const { zoneId, originIp, vendor, region } = target;
    const adopt = inputs.adopt === true;
    const action = `creating origin cloud region mapping ${originIp} in zone ${zoneId}`;
    return withMapping(zoneId, originIp, async (view) => {
      if (view.holder) throw duplicate(action, originIp, view.holder);
      const { api, existing } = await existingMapping(target, adopt ? { notBefore: began } : {}, action);
      if (existing && !adopt) throw alreadyMapped(action, target, existing);
      const who: Claimant = { claimId: newClaimId(), name: nameOf(inputs.__resourceName) };
      const id = mappingId(zoneId, originIp);
      // Adopting a mapping that already says what we want takes it as it is: nothing is rewritten (modified_on stays).
      if (existing && sameValues(existing, target)) {
        view.holder = { ...who, how: "adopted" };
        return { id, outs: outputsOf(zoneId, originIp, existing, adopt, who) };
      }
      const put = await putForCreate(api, target, action);
      if ("uncertain" in put) {
        view.holder = { ...who, how: "created" };
        const desired = outputsOf(zoneId, originIp, { origin_ip: originIp, vendor, region }, adopt, who);
        throw new PartialStateError(createMayHaveApplied(action, put.uncertain), id, desired);
      }
      view.holder = { ...who, how: existing ? "adopted" : "created" };
      if (existing) console.warn(adoptedOver(zoneId, originIp, existing, `${vendor}/${region}`));
      return { id, outs: outputsOf(zoneId, originIp, put.stored, adopt, who) };
    });
  },

  /** PUTs the new vendor/region; returns complete outputs so nothing is wiped from state. */
  async update(
    _id: string,
    olds: OriginCloudRegionOutputs,
    news: OriginCloudRegionInputs,
  ): Promise<pulumi.dynamic.UpdateResult<OriginCloudRegionOutputs>> {
    const target = resolved(news);
    const { zoneId, originIp, vendor, region } = target;
    const action = `updating origin cloud region mapping ${originIp} in zone ${zoneId} to ${vendor}/${region}`;
    return withMapping(zoneId, originIp, async (view) => {
      const who: Claimant = { claimId: olds.claimId, name: nameOf(news.__resourceName) };
      if (heldByAnother(view, who)) throw duplicate(action, originIp, view.holder!);
      const claimId = olds.claimId ?? newClaimId();
      const stored = await putForUpdate(target, action);
      view.holder = { claimId, name: who.name, how: "updated" };
      return { outs: outputsOf(zoneId, originIp, stored, news.adopt === true, { claimId, name: who.name }) };
    });
  },

  /** Refresh and `get`: the mapping as Cloudflare holds it; `{ id: "" }` when it no longer exists. */
  async read(
    id: string,
    props?: Partial<OriginCloudRegionOutputs>,
  ): Promise<pulumi.dynamic.ReadResult<OriginCloudRegionOutputs>> {
    const { zoneId, originIp } = identify(id, props);
    const found = await readMapping(zoneId, originIp);
    if (!found) return { id: "" };
    const outs = outputsOf(zoneId, originIp, found, props?.adopt === true, {
      claimId: props?.claimId,
      name: nameOf(props?.__resourceName),
    });
    // Refresh replaces the inputs in state with these (the name stays: see inputsOf).
    const inputs = inputsOf(outs);
    return {
      id: mappingId(zoneId, outs.originIp),
      props: outs,
      inputs,
    } as pulumi.dynamic.ReadResult<OriginCloudRegionOutputs>;
  },

  /**
   * DELETEs the mapping; one that is already gone is success, with a warning. A mapping that another resource of this
   * deployment now manages (the old half of a rename, swap or forced replacement) is left in place, with a warning.
   */
  async delete(id: string, props: Partial<OriginCloudRegionOutputs>): Promise<void> {
    const { zoneId, originIp } = identify(id, props);
    const what = `origin cloud region mapping ${originIp} in zone ${zoneId}`;
    await withMapping(zoneId, originIp, async (view) => {
      if (heldByAnother(view, { claimId: props.claimId, name: nameOf(props.__resourceName) })) {
        console.warn(leftToAnother(what, originIp, view.holder!));
        return;
      }
      await deleteMapping(zoneId, originIp, what);
      view.holder = undefined;
    });
  },
};

/** A diff that keeps the resource on its mapping: it holds it for this deployment (see recordHolder). */
function recordHolderOf(olds: OriginCloudRegionOutputs, news: OriginCloudRegionInputs): void {
  const zoneId = canonicalZoneId(olds.zoneId);
  const originIp = tryCanonicalizeIp(String(olds.originIp));
  if (zoneId === undefined || originIp === undefined) return;
  recordHolder(zoneId, originIp, { claimId: olds.claimId, name: nameOf(news.__resourceName) });
}
