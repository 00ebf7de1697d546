/**
 * Lookups for Pulumi programs, shaped like `@pulumi/cloudflare`'s invokes (`getZone` / `getZoneOutput`): each read has a
 * Promise form taking plain values and an `…Output` form taking `Input`s. They run in the program process, at program
 * time (in previews too), with the same settings as the resource: stack config `cloudflare:apiToken` (or
 * `cloudflare:apiKey` + `cloudflare:email`) and `cloudflare:baseUrl`, else `CLOUDFLARE_API_TOKEN` (or
 * `CLOUDFLARE_API_KEY` + `CLOUDFLARE_EMAIL`) and `CLOUDFLARE_BASE_URL` from the environment; the time limits
 * `originCloudRegions:requestTimeoutSeconds`, `retryBudgetSeconds` and `maxAttempts` (or `ORIGIN_CLOUD_REGIONS_*`).
 */
import * as pulumi from "@pulumi/pulumi";
import type { OriginCloudRegionsClient } from "../api";
import { installedLookupClient } from "../testing/lookupsHook";
import {
  clientFrom,
  readMappings,
  readSupportedRegions,
  type GetOriginCloudRegionsResult,
  type GetSupportedRegionsResult,
} from "../shared/zoneReads";

export type {
  GetOriginCloudRegionsResult,
  GetSupportedRegionsResult,
  OriginCloudRegionMapping,
  SupportedRegion,
} from "../shared/zoneReads";

/** Arguments of {@link getOriginCloudRegions}. */
export interface GetOriginCloudRegionsArgs {
  /** The zone's id: 32 hexadecimal characters, any case. */
  zoneId: string;
}

/** Arguments of {@link getOriginCloudRegionsOutput}. */
export interface GetOriginCloudRegionsOutputArgs {
  /** The zone's id: 32 hexadecimal characters, any case. */
  zoneId: pulumi.Input<string>;
}

/** Arguments of {@link getSupportedRegions}. */
export interface GetSupportedRegionsArgs {
  /** The zone's id: 32 hexadecimal characters, any case. */
  zoneId: string;
}

/** Arguments of {@link getSupportedRegionsOutput}. */
export interface GetSupportedRegionsOutputArgs {
  /** The zone's id: 32 hexadecimal characters, any case. */
  zoneId: pulumi.Input<string>;
}

/**
 * All origin cloud region mappings of a zone, from `GET /zones/{zone_id}/origin/cloud_regions` (every page, 100 per
 * request), ordered by address. Rejects before any request when `zoneId` is not 32 hex characters; with
 * `MissingCredentialsError` when no credentials are configured; otherwise with one line naming the zone, Cloudflare's
 * codes and message, the HTTP status and a fix (e.g. error 10000: the token may not read this zone).
 */
export function getOriginCloudRegions(args: GetOriginCloudRegionsArgs): Promise<GetOriginCloudRegionsResult> {
  return readMappings(programApi, args.zoneId);
}

/** {@link getOriginCloudRegions} for `Input`s: unknown (in a preview) until `zoneId` is known. */
export function getOriginCloudRegionsOutput(
  args: GetOriginCloudRegionsOutputArgs,
): pulumi.Output<GetOriginCloudRegionsResult> {
  return pulumi.output(args.zoneId).apply((zoneId) => getOriginCloudRegions({ zoneId }));
}

/**
 * The vendors and regions a zone can map origins to, with the Tiered Cache upper-tier colos of each, from
 * `GET /zones/{zone_id}/origin/cloud_regions/supported_regions` (one request). Cloudflare answers it only for zones
 * with Tiered Cache enabled. Rejects like {@link getOriginCloudRegions}.
 */
export function getSupportedRegions(args: GetSupportedRegionsArgs): Promise<GetSupportedRegionsResult> {
  return readSupportedRegions(programApi, args.zoneId);
}

/** {@link getSupportedRegions} for `Input`s: unknown (in a preview) until `zoneId` is known. */
export function getSupportedRegionsOutput(
  args: GetSupportedRegionsOutputArgs,
): pulumi.Output<GetSupportedRegionsResult> {
  return pulumi.output(args.zoneId).apply((zoneId) => getSupportedRegions({ zoneId }));
}

/**
 * A client from the program's stack config (`cloudflare:*` and `originCloudRegions:*`, read with `pulumi.Config`),
 * else the environment; retry waits go to Pulumi's log. Under the test kit's mocks, the kit's in-memory zones.
 */
function programApi(): OriginCloudRegionsClient {
  const installed = installedLookupClient();
  if (installed) return installed;
  const stack = (key: string) => new pulumi.Config(key.slice(0, key.indexOf(":"))).get(key.slice(key.indexOf(":") + 1));
  return clientFrom(
    stack,
    (key) => process.env[key],
    (line) => void pulumi.log.warn(line),
  );
}
