/**
 * What an OriginCloudRegion holds in state: its inputs and outputs, and its id (`<zone_id>/<origin_ip>`), made and
 * parsed here.
 */
import type { OriginCloudRegionRecord, Vendor } from "../../api";
import { isInvalidIpError } from "../../api/errors";
import { canonicalizeIp } from "../../api/ip";
import type { Claimant } from "../deployment";
import { quote } from "../../api/valueText";
import { zoneIdOf } from "../../shared/validation";
import { mappingId } from "../../shared/ids";

export { mappingId };

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

/** The mapping a create or update writes: checked inputs in canonical form. */
export interface Target {
  zoneId: string;
  originIp: string;
  vendor: Vendor;
  region: string;
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
    throw isInvalidIpError(e) ? e : new Error(`id ${quote(id)}: ${(e as Error).message}`);
  }
}

/** The mapping an existing resource stands for: from its stored outputs, or from its id (`get`, empty state). */
export function identify(id: string, props?: Partial<OriginCloudRegionOutputs>): { zoneId: string; originIp: string } {
  if (!props?.zoneId || !props.originIp) return parseMappingId(id);
  return { zoneId: zoneIdOf(props.zoneId), originIp: canonicalizeIp(props.originIp) };
}

/** Checked inputs in canonical form. */
export function resolved(values: OriginCloudRegionInputs): Target {
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
export function outputsOf(
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

/** The inputs a refresh puts in state for `outs`: the name stays, so the next up shows no change for it. */
export function inputsOf(outs: OriginCloudRegionOutputs): OriginCloudRegionInputs {
  const inputs: OriginCloudRegionInputs = {
    zoneId: outs.zoneId,
    originIp: outs.originIp,
    vendor: outs.vendor,
    region: outs.region,
    adopt: outs.adopt,
  };
  if (outs.__resourceName !== undefined) inputs.__resourceName = outs.__resourceName;
  return inputs;
}
