/**
 * The Cloudflare calls of OriginCloudRegion's operations, through the process's client (getApi): each failure is one
 * diagnostic line naming what was being done.
 */
import { isNotFound, isUncertainWrite, type OriginCloudRegionRecord, type OriginCloudRegionsClient } from "../../api";
import type { ReadOptions } from "../../api/records";
import { failureError } from "../../shared/diagnostics";
import { failureWording, getApi } from "../providerContext";
import { alreadyDeleted, updateMayHaveApplied } from "./messages";
import type { Target } from "./state";

/**
 * How old a shared listing of the zone may be to answer a refresh (milliseconds): a refresh of a whole zone then costs
 * one listing (35 requests at 3,500 mappings) instead of a GET per mapping. A create's existence check allows less
 * (LISTING_MAX_AGE_MS).
 */
export const REFRESH_LISTING_MAX_AGE_MS = 60_000;

/** The mapping as Cloudflare holds it before a create writes, and the client to write with. */
export async function existingMapping(
  target: Target,
  options: ReadOptions,
  action: string,
): Promise<{ api: OriginCloudRegionsClient; existing: OriginCloudRegionRecord | undefined }> {
  try {
    const api = getApi();
    return { api, existing: await api.get(target.zoneId, target.originIp, options) };
  } catch (e) {
    throw failureError(`${action} (checking for an existing mapping)`, e, failureWording());
  }
}

/** A create's PUT: the mapping Cloudflare stored, or the error that left its outcome unknown (any other is thrown). */
export async function putForCreate(
  api: OriginCloudRegionsClient,
  target: Target,
  action: string,
): Promise<{ stored: OriginCloudRegionRecord } | { uncertain: unknown }> {
  const { zoneId, originIp, vendor, region } = target;
  try {
    return { stored: await api.put(zoneId, { origin_ip: originIp, vendor, region }) };
  } catch (e) {
    if (!isUncertainWrite(e)) throw failureError(action, e, failureWording());
    return { uncertain: e };
  }
}

/** An update's PUT: the mapping Cloudflare stored; an outcome that stayed unknown fails, asking for another `up`. */
export async function putForUpdate(target: Target, action: string): Promise<OriginCloudRegionRecord> {
  const { zoneId, originIp, vendor, region } = target;
  try {
    return await getApi().put(zoneId, { origin_ip: originIp, vendor, region });
  } catch (e) {
    if (!isUncertainWrite(e)) throw failureError(action, e, failureWording());
    throw updateMayHaveApplied(action, e);
  }
}

/** A refresh's read: the mapping, from a shared listing at most REFRESH_LISTING_MAX_AGE_MS old or a GET. */
export async function readMapping(zoneId: string, originIp: string): Promise<OriginCloudRegionRecord | undefined> {
  try {
    return await getApi().get(zoneId, originIp, { maxAgeMs: REFRESH_LISTING_MAX_AGE_MS });
  } catch (e) {
    throw failureError(`reading origin cloud region mapping ${originIp} in zone ${zoneId}`, e, failureWording());
  }
}

/** The DELETE of `what`; a mapping already gone is success, with a warning. */
export async function deleteMapping(zoneId: string, originIp: string, what: string): Promise<void> {
  try {
    await getApi().delete(zoneId, originIp);
  } catch (e) {
    if (!isNotFound(e)) throw failureError(`deleting ${what}`, e, failureWording());
    console.warn(alreadyDeleted(what));
  }
}
