import type * as pulumi from "@pulumi/pulumi";
import {
  isNotFound,
  isUncertainWrite,
  type OriginCloudRegionRecord,
  type OriginCloudRegionsClient,
  type Vendor,
} from "../../api";
import { heldByAnother, newClaimId, withMapping, type Claimant, type Holder } from "../deployment";
import { failureError, PartialStateError, withoutFinalStop } from "../../shared/diagnostics";
import { InvalidIpError, canonicalizeIp, sameIp, tryCanonicalizeIp } from "../../api/ip";
import {
  checkAdopt,
  checkMappingFields,
  isUnknown,
  recordHolder,
  managedByAnother,
  nameOf,
  startCheck,
  UNKNOWN,
  verifyRegion,
} from "../mappingChecks";
import { configureFromStack, getApi } from "../providerContext";
import { canonicalZoneId, quote, zoneIdOf } from "../../shared/validation";

/** Resolved inputs of an OriginCloudRegion, as `check` returns them (zone id lower case, IP canonical). */
export interface OriginCloudRegionInputs {
  zoneId: string;
  originIp: string;
  vendor: Vendor;
  region: string;
  adopt?: boolean;
  /** The resource's name in the program, sent by the resource class: for messages, and to tell resources apart. */
  __resourceName?: string;
}

/** Resolved outputs of an OriginCloudRegion, as stored in state. */
export interface OriginCloudRegionOutputs {
  zoneId: string;
  originIp: string;
  vendor: Vendor;
  region: string;
  adopt: boolean;
  modifiedOn?: string;
  /**
   * Opaque and fixed for the resource's life: tells this resource apart from another one that meets the same mapping
   * in one deployment (rename, swap, forced replacement). Absent in state written before 0.2.0.
   */
  claimId?: string;
  /** The resource's name, as the program sent it: kept so a refresh or delete knows it too. */
  __resourceName?: string;
}

/**
 * How old a shared listing of the zone may be to answer a refresh (milliseconds): a refresh of a whole zone then costs
 * one listing (35 requests at 3,500 mappings) instead of a GET per mapping. A create's existence check allows less
 * (LISTING_MAX_AGE_MS).
 */
export const REFRESH_LISTING_MAX_AGE_MS = 60_000;

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
    const updated = olds.vendor !== news.vendor || olds.region !== news.region;
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
    const { zoneId, originIp, vendor, region } = resolved(inputs);
    const adopt = inputs.adopt === true;
    const action = `creating origin cloud region mapping ${originIp} in zone ${zoneId}`;
    return withMapping(zoneId, originIp, async (view) => {
      if (view.holder) throw duplicate(action, originIp, view.holder);
      let api: OriginCloudRegionsClient;
      let existing: OriginCloudRegionRecord | undefined;
      try {
        api = getApi();
        existing = await api.get(zoneId, originIp, adopt ? { notBefore: began } : {});
      } catch (e) {
        throw failureError(`${action} (checking for an existing mapping)`, e);
      }
      if (existing && !adopt) {
        throw new Error(
          `${action} failed: the zone already maps ${originIp} to vendor ${existing.vendor}, region ${existing.region}` +
            `${existing.modified_on ? ` (modified ${existing.modified_on})` : ""}, and it was left untouched. ` +
            `If you renamed this resource, add \`aliases: [{ name: "<old name>" }]\` to its options so Pulumi keeps managing the same mapping. ` +
            `To manage the mapping with this resource, set \`adopt: true\`: ` +
            `it will then be set to ${vendor}/${region} and deleted when the resource is destroyed. ` +
            "For `pulumi up --replace` of the resource that manages it (Pulumi then creates the new resource with nothing " +
            "of the old one's state), set `adopt: true` or give it the `deleteBeforeReplace: true` resource option. " +
            `To only read it, use getOriginCloudRegions({ zoneId: "${zoneId}" }), or OriginCloudRegion.get("<name>", "${zoneId}/${originIp}") ` +
            "(@pulumi/pulumi 3.268 or later).",
        );
      }
      const claimId = newClaimId();
      const name = nameOf(inputs.__resourceName);
      const id = mappingId(zoneId, originIp);
      // Adopting a mapping that already says what we want takes it as it is: nothing is rewritten (modified_on stays).
      if (existing && existing.vendor === vendor && existing.region === region) {
        view.holder = { claimId, name, how: "adopted" };
        return { id, outs: outputsOf(zoneId, originIp, existing, adopt, { claimId, name }) };
      }
      try {
        const stored = await api.put(zoneId, { origin_ip: originIp, vendor, region });
        view.holder = { claimId, name, how: existing ? "adopted" : "created" };
        if (existing) console.warn(adoptedOver(zoneId, originIp, existing, `${vendor}/${region}`));
        return { id, outs: outputsOf(zoneId, originIp, stored, adopt, { claimId, name }) };
      } catch (e) {
        if (!isUncertainWrite(e)) throw failureError(action, e);
        view.holder = { claimId, name, how: "created" };
        const desired = outputsOf(zoneId, originIp, { origin_ip: originIp, vendor, region }, adopt, { claimId, name });
        throw new PartialStateError(
          `${action} may have been applied: ${withoutFinalStop((e as Error).message)}. ` +
            "The mapping is kept in state so nothing is orphaned: run `pulumi up` again to settle it.",
          id,
          desired,
        );
      }
    });
  },

  /** PUTs the new vendor/region; returns complete outputs so nothing is wiped from state. */
  async update(
    _id: string,
    olds: OriginCloudRegionOutputs,
    news: OriginCloudRegionInputs,
  ): Promise<pulumi.dynamic.UpdateResult<OriginCloudRegionOutputs>> {
    const { zoneId, originIp, vendor, region } = resolved(news);
    const action = `updating origin cloud region mapping ${originIp} in zone ${zoneId} to ${vendor}/${region}`;
    return withMapping(zoneId, originIp, async (view) => {
      const who: Claimant = { claimId: olds.claimId, name: nameOf(news.__resourceName) };
      if (heldByAnother(view, who)) throw duplicate(action, originIp, view.holder!);
      const claimId = olds.claimId ?? newClaimId();
      let stored: OriginCloudRegionRecord;
      try {
        stored = await getApi().put(zoneId, { origin_ip: originIp, vendor, region });
      } catch (e) {
        if (!isUncertainWrite(e)) throw failureError(action, e);
        throw new Error(
          `${action} may have been applied: ${withoutFinalStop((e as Error).message)}. Run \`pulumi up\` again to settle it.`,
        );
      }
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
    let found: OriginCloudRegionRecord | undefined;
    try {
      found = await getApi().get(zoneId, originIp, { maxAgeMs: REFRESH_LISTING_MAX_AGE_MS });
    } catch (e) {
      throw failureError(`reading origin cloud region mapping ${originIp} in zone ${zoneId}`, e);
    }
    if (!found) return { id: "" };
    const outs = outputsOf(zoneId, originIp, found, props?.adopt === true, {
      claimId: props?.claimId,
      name: nameOf(props?.__resourceName),
    });
    const inputs: OriginCloudRegionInputs = {
      zoneId,
      originIp: outs.originIp,
      vendor: outs.vendor,
      region: outs.region,
      adopt: outs.adopt,
    };
    // Refresh replaces the inputs in state with these: the name stays, so the next up shows no change for it.
    if (outs.__resourceName !== undefined) inputs.__resourceName = outs.__resourceName;
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
        console.warn(
          `warning: ${what} was not deleted: ${managedByAnother(originIp, view.holder!)}, as after a rename, swap or ` +
            "forced replacement; only this resource's old state is removed",
        );
        return;
      }
      try {
        await getApi().delete(zoneId, originIp);
      } catch (e) {
        if (!isNotFound(e)) throw failureError(`deleting ${what}`, e);
        console.warn(`warning: ${what} was already deleted; nothing to do`);
      }
      view.holder = undefined;
    });
  },
};

/** The resource id: `<zone_id>/<canonical origin_ip>`, the same form Terraform and @pulumi/cloudflare import. */
export function mappingId(zoneId: string, originIp: string): string {
  return `${zoneId}/${originIp}`;
}

/** Splits an id of the form `<zone_id>/<origin_ip>` (the IP may be percent-encoded, e.g. `%3A`). */
export function parseMappingId(id: string): { zoneId: string; originIp: string } {
  const slash = typeof id === "string" ? id.indexOf("/") : -1;
  const form = `expected <zone_id>/<origin_ip>, such as 023e105f4ecef8ad9ca31a8372d0c353/192.0.2.1`;
  if (slash < 0) throw new Error(`id ${quote(id)} is not an origin cloud region mapping id: ${form}`);
  let ip = id.slice(slash + 1);
  try {
    ip = decodeURIComponent(ip);
  } catch {
    throw new Error(`id ${quote(id)} has a badly percent-encoded IP: ${form}`);
  }
  try {
    return { zoneId: zoneIdOf(id.slice(0, slash)), originIp: canonicalizeIp(ip, "id") };
  } catch (e) {
    throw e instanceof InvalidIpError ? e : new Error(`id ${quote(id)}: ${(e as Error).message}`);
  }
}

/** The mapping an existing resource stands for: from its stored outputs, or from its id (`get`, empty state). */
function identify(id: string, props?: Partial<OriginCloudRegionOutputs>): { zoneId: string; originIp: string } {
  if (!props?.zoneId || !props.originIp) return parseMappingId(id);
  return { zoneId: zoneIdOf(props.zoneId), originIp: canonicalizeIp(props.originIp) };
}

/** Checked inputs in canonical form. */
function resolved(values: OriginCloudRegionInputs) {
  return {
    zoneId: zoneIdOf(values.zoneId),
    originIp: canonicalizeIp(values.originIp),
    vendor: values.vendor,
    region: values.region,
  };
}

/**
 * Outputs for the canonical `originIp` asked about, with what Cloudflare confirmed for it (`mapping`): the IP never
 * comes from an answer, which could speak of another one (the client refuses such answers too).
 */
function outputsOf(
  zoneId: string,
  originIp: string,
  mapping: OriginCloudRegionRecord,
  adopt: boolean,
  who: Claimant,
): OriginCloudRegionOutputs {
  const outs: OriginCloudRegionOutputs = {
    zoneId,
    originIp,
    vendor: mapping.vendor,
    region: mapping.region,
    adopt,
  };
  if (mapping.modified_on) outs.modifiedOn = mapping.modified_on;
  if (who.claimId !== undefined) outs.claimId = who.claimId;
  if (who.name !== undefined) outs.__resourceName = who.name;
  return outs;
}

/** A diff that keeps the resource on its mapping: it holds it for this deployment (see recordHolder). */
function recordHolderOf(olds: OriginCloudRegionOutputs, news: OriginCloudRegionInputs): void {
  const zoneId = canonicalZoneId(olds.zoneId);
  const originIp = tryCanonicalizeIp(String(olds.originIp));
  if (zoneId === undefined || originIp === undefined) return;
  recordHolder(zoneId, originIp, { claimId: olds.claimId, name: nameOf(news.__resourceName) });
}

/** The warning of an adopting create that changed what the mapping held: taking over is never silent. */
function adoptedOver(zoneId: string, originIp: string, was: OriginCloudRegionRecord, now: string): string {
  return (
    `warning: adopted origin cloud region mapping ${originIp} in zone ${zoneId}, which held ${was.vendor}/${was.region}: it is now ${now}. ` +
    "Once adopted, `adopt: true` can be dropped from the resource, so that a later create never takes over another mapping."
  );
}

/** Why a create or update that meets another resource's mapping fails. */
function duplicate(action: string, originIp: string, holder: Holder): Error {
  return new Error(
    `${action} failed: ${managedByAnother(originIp, holder)}, and two resources cannot manage one mapping. ` +
      "Declare each origin IP once per zone (IPs are compared in canonical form: 2001:DB8:0::1 and 2001:db8::1 are one IP).",
  );
}
