// One OriginCloudRegion per entry of the stack config list `origins`, after checking every entry against the regions
// Cloudflare supports for the zone, so a typo fails the program with all problems listed before anything is declared.
//
//   pulumi config set zoneId 023e105f4ecef8ad9ca31a8372d0c353
//   pulumi config set --path 'origins[0].name' api-origin
//   pulumi config set --path 'origins[0].originIp' 192.0.2.1
//   pulumi config set --path 'origins[0].vendor' aws
//   pulumi config set --path 'origins[0].region' us-east-1
//
// `npx pulumi-cloudflare-origin-cloud-regions export --zone <id> --format json` prints a zone's existing mappings as
// { zoneId, origins } (each with `adopt: true`); in Pulumi.<stack>.yaml they go under `config:`, keyed by the
// project's name (JSON is YAML, so the values paste as printed):
//
//   config:
//     <project>:zoneId: "023e105f4ecef8ad9ca31a8372d0c353"
//     <project>:origins: [{ "name": "origin-192.0.2.1", "originIp": "192.0.2.1", "vendor": "aws", ... }]
import * as pulumi from "@pulumi/pulumi";
import { OriginCloudRegion, getSupportedRegions, type Vendor } from "pulumi-cloudflare-origin-cloud-regions";

interface Origin {
  name: string;
  originIp: string;
  vendor: Vendor;
  region: string;
  adopt?: boolean;
}

export = async () => {
  const config = new pulumi.Config();
  const zoneId = config.require("zoneId");
  const origins = config.requireObject<Origin[]>("origins");

  const { vendors } = await getSupportedRegions({ zoneId });
  const problems = origins.flatMap(({ vendor, region }, i) => {
    const regions = vendors[vendor]?.map((r) => r.name);
    if (!regions) return [`origins[${i}].vendor "${vendor}" is not one of ${Object.keys(vendors).join(", ")}`];
    return regions.includes(region)
      ? []
      : [`origins[${i}].region "${region}" is not one of the zone's ${vendor} regions: ${regions.join(", ")}`];
  });
  if (problems.length > 0) throw new Error(`config origins: ${problems.join("; ")}`);

  const mappings = origins.map(
    (o) =>
      new OriginCloudRegion(o.name, {
        zoneId,
        originIp: o.originIp,
        vendor: o.vendor,
        region: o.region,
        adopt: o.adopt,
      }),
  );
  return { originIps: mappings.map((m) => m.originIp) };
};
