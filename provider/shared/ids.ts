/**
 * The ids Pulumi stores for this package's resources; part of the upgrade contract (another form would replace every
 * resource). The lookups and the export command show them too, so `OriginCloudRegion.get` and `pulumi import` take
 * what they print.
 */

/** A mapping's id: `<zone_id>/<canonical origin_ip>`, the same form Terraform and @pulumi/cloudflare import. */
export function mappingId(zoneId: string, originIp: string): string {
  return `${zoneId}/${originIp}`;
}
