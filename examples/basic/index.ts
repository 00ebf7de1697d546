// Two origin cloud region mappings, an IPv4 and an IPv6 origin, driven by stack config:
//   pulumi config set zoneId 023e105f4ecef8ad9ca31a8372d0c353
//   pulumi config set --secret cloudflare:apiToken <token>   (or export CLOUDFLARE_API_TOKEN)
import * as pulumi from "@pulumi/pulumi";
import { OriginCloudRegion } from "pulumi-cloudflare-origin-cloud-regions";

const config = new pulumi.Config();
const zoneId = config.require("zoneId");

const apiOrigin = new OriginCloudRegion("api-origin", {
  zoneId,
  originIp: config.get("ipv4Origin") ?? "192.0.2.1",
  vendor: "aws",
  region: config.get("ipv4Region") ?? "us-east-1",
});

const assetsOrigin = new OriginCloudRegion("assets-origin", {
  zoneId,
  // Any spelling works: it is stored as 2001:db8::1 and a respelling is no change.
  originIp: config.get("ipv6Origin") ?? "2001:DB8::1",
  vendor: "gcp",
  region: config.get("ipv6Region") ?? "us-central1",
});

export const apiOriginId = apiOrigin.id; // "<zone_id>/192.0.2.1"
export const assetsOriginIp = assetsOrigin.originIp; // "2001:db8::1", canonical
export const assetsOriginRegion = assetsOrigin.region; // as Cloudflare holds it
