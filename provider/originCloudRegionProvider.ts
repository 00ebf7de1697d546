import type * as pulumi from "@pulumi/pulumi";
import { CloudflareApiError, isNotFound, type OriginCloudRegion as Mapping, type OriginCloudRegionsClient, type Vendor } from "./api";
import { describeFailure, failure } from "./diagnostics";
import { InvalidIpError, canonicalizeIp, sameIp } from "./ip";
import { configureFromStack, getApi, supportedRegions } from "./providerContext";
import { canonicalZoneId, quote, regionProblem, vendorProblem, zoneIdProblem } from "./validation";

/** Resolved inputs of an OriginCloudRegion, as `check` returns them (zone id lower case, IP canonical). */
export interface OriginCloudRegionInputs {
  zoneId: string;
  originIp: string;
  vendor: Vendor;
  region: string;
  adopt?: boolean;
}

/** Resolved outputs of an OriginCloudRegion, as stored in state. */
export interface OriginCloudRegionOutputs {
  zoneId: string;
  originIp: string;
  vendor: Vendor;
  region: string;
  adopt: boolean;
  modifiedOn?: string;
}

/** The value Pulumi sends for inputs that are not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const isUnknown = (value: unknown): boolean => value === UNKNOWN;

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
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const inputs: Record<string, unknown> = { ...news };
    const fail = (property: string, reason: string) => failures.push({ property, reason });

    if (!isUnknown(news.zoneId)) {
      const zoneId = canonicalZoneId(news.zoneId);
      if (zoneId === undefined) fail("zoneId", zoneIdProblem(news.zoneId)!);
      else inputs.zoneId = zoneId;
    }
    if (!isUnknown(news.originIp)) {
      try {
        inputs.originIp = canonicalizeIp(news.originIp as string, "originIp");
      } catch (e) {
        if (!(e instanceof InvalidIpError)) throw e;
        fail("originIp", e.message);
      }
    }
    const vendorIssue = isUnknown(news.vendor) ? undefined : vendorProblem(news.vendor);
    if (vendorIssue) fail("vendor", vendorIssue);
    if (!isUnknown(news.region) && (typeof news.region !== "string" || news.region === "")) {
      fail("region", `region ${quote(news.region)} must be a non-empty string naming one of the vendor's regions, such as us-east-1 for aws`);
    }
    if (news.adopt !== undefined && !isUnknown(news.adopt) && typeof news.adopt !== "boolean") {
      fail("adopt", `adopt ${quote(news.adopt)} must be true or false`);
    }

    const canVerifyRegion =
      failures.length === 0 && [news.zoneId, news.vendor, news.region].every((v) => !isUnknown(v));
    if (canVerifyRegion) {
      const problem = await verifyRegion(inputs.zoneId as string, news.vendor as Vendor, news.region as string);
      if (problem) fail("region", problem);
    }
    return { inputs, failures };
  },

  /** A respelled IP or a zone id in other case is no change; another IP or zone replaces; vendor/region update. */
  async diff(_id: string, olds: OriginCloudRegionOutputs, news: OriginCloudRegionInputs): Promise<pulumi.dynamic.DiffResult> {
    const replaces: string[] = [];
    if (!isUnknown(news.zoneId) && canonicalZoneId(olds.zoneId) !== canonicalZoneId(news.zoneId)) replaces.push("zoneId");
    if (!isUnknown(news.originIp) && !sameIp(olds.originIp, news.originIp)) replaces.push("originIp");
    // An unknown zone or IP may turn out equal, so preview shows an update rather than forcing a replacement.
    const unknownIdentity = isUnknown(news.zoneId) || isUnknown(news.originIp);
    const updated = olds.vendor !== news.vendor || olds.region !== news.region;
    // `__provider` is deliberately not compared: it is a stable shim that runs the installed package (README, Upgrades).
    return { changes: replaces.length > 0 || updated || unknownIdentity, replaces, deleteBeforeReplace: false };
  },

  /** PUTs the mapping, refusing to take over one that already exists unless `adopt` is true (then PUT only if it differs). */
  async create(inputs: OriginCloudRegionInputs): Promise<pulumi.dynamic.CreateResult<OriginCloudRegionOutputs>> {
    const { zoneId, originIp, vendor, region } = resolved(inputs);
    const adopt = inputs.adopt === true;
    const api = getApi();
    const action = `creating origin cloud region mapping ${originIp} in zone ${zoneId}`;
    let existing: Mapping | undefined;
    try {
      existing = await api.get(zoneId, originIp);
    } catch (e) {
      throw failure(`${action} (checking for an existing mapping)`, e);
    }
    if (existing && !adopt) {
      throw new Error(
        `${action} failed: the zone already maps ${originIp} to vendor ${existing.vendor}, region ${existing.region}` +
          `${existing.modified_on ? ` (modified ${existing.modified_on})` : ""}, and it was left untouched. ` +
          `To manage that mapping with Pulumi, set \`adopt: true\` on this resource (it will then be set to ${vendor}/${region} ` +
          `and deleted when the resource is destroyed); to only read it, use OriginCloudRegion.get("<name>", "${zoneId}/${originIp}").`,
      );
    }
    // Adopting a mapping that already says what we want takes it as it is: nothing is rewritten (modified_on stays).
    const matches = existing && existing.vendor === vendor && existing.region === region;
    const stored = matches ? existing! : await putMapping(api, zoneId, { origin_ip: originIp, vendor, region }, action);
    return { id: mappingId(zoneId, stored.origin_ip), outs: outputsOf(zoneId, stored, adopt) };
  },

  /** PUTs the new vendor/region; returns complete outputs so nothing is wiped from state. */
  async update(_id: string, _olds: OriginCloudRegionOutputs, news: OriginCloudRegionInputs): Promise<pulumi.dynamic.UpdateResult<OriginCloudRegionOutputs>> {
    const { zoneId, originIp, vendor, region } = resolved(news);
    const action = `updating origin cloud region mapping ${originIp} in zone ${zoneId} to ${vendor}/${region}`;
    const stored = await putMapping(getApi(), zoneId, { origin_ip: originIp, vendor, region }, action);
    return { outs: outputsOf(zoneId, stored, news.adopt === true) };
  },

  /** Refresh and `get`: the mapping as Cloudflare holds it; `{ id: "" }` when it no longer exists. */
  async read(id: string, props?: Partial<OriginCloudRegionOutputs>): Promise<pulumi.dynamic.ReadResult<OriginCloudRegionOutputs>> {
    const { zoneId, originIp } = identify(id, props);
    let found: Mapping | undefined;
    try {
      found = await getApi().get(zoneId, originIp);
    } catch (e) {
      throw failure(`reading origin cloud region mapping ${originIp} in zone ${zoneId}`, e);
    }
    if (!found) return { id: "" };
    const outs = outputsOf(zoneId, found, props?.adopt === true);
    const inputs: OriginCloudRegionInputs = { zoneId, originIp: outs.originIp, vendor: outs.vendor, region: outs.region, adopt: outs.adopt };
    return { id: mappingId(zoneId, found.origin_ip), props: outs, inputs } as pulumi.dynamic.ReadResult<OriginCloudRegionOutputs>;
  },

  /** DELETEs the mapping; one that is already gone is success, with a warning. */
  async delete(id: string, props: Partial<OriginCloudRegionOutputs>): Promise<void> {
    const { zoneId, originIp } = identify(id, props);
    try {
      await getApi().delete(zoneId, originIp);
    } catch (e) {
      if (!isNotFound(e)) throw failure(`deleting origin cloud region mapping ${originIp} in zone ${zoneId}`, e);
      console.warn(`warning: origin cloud region mapping ${originIp} in zone ${zoneId} was already deleted; nothing to do`);
    }
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

/** A zone id in canonical form; one that `check` would refuse (hand-edited state, a bad id) is refused here too. */
function zoneIdOf(value: unknown): string {
  const zoneId = canonicalZoneId(value);
  if (zoneId === undefined) throw new Error(zoneIdProblem(value));
  return zoneId;
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

function outputsOf(zoneId: string, mapping: Mapping, adopt: boolean): OriginCloudRegionOutputs {
  const outs: OriginCloudRegionOutputs = {
    zoneId,
    originIp: canonicalizeIp(mapping.origin_ip),
    vendor: mapping.vendor,
    region: mapping.region,
    adopt,
  };
  if (mapping.modified_on) outs.modifiedOn = mapping.modified_on;
  return outs;
}

/**
 * The v2 PUT. When it fails without a definite answer (connection lost, timeout, 5xx after retries) the write may
 * still have landed, so one GET decides: a mapping that already says what we asked for is success.
 */
async function putMapping(api: OriginCloudRegionsClient, zoneId: string, desired: { origin_ip: string; vendor: Vendor; region: string }, action: string): Promise<Mapping> {
  try {
    return await api.put(zoneId, desired);
  } catch (e) {
    const uncertain = e instanceof CloudflareApiError && (e.status === undefined || e.status >= 500);
    if (uncertain) {
      const now = await api.get(zoneId, desired.origin_ip).catch(() => undefined);
      if (now && now.vendor === desired.vendor && now.region === desired.region) return now;
    }
    throw failure(action, e);
  }
}

async function verifyRegion(zoneId: string, vendor: Vendor, region: string): Promise<string | undefined> {
  try {
    return regionProblem(vendor, region, await supportedRegions(zoneId));
  } catch (e) {
    // Never block a preview on the lookup: Cloudflare still validates the region (error 1157) when it is written.
    console.warn(`warning: ${describeFailure(`verifying region ${region} for ${vendor} in zone ${zoneId}`, e)}; the region was not verified`);
    return undefined;
  }
}
