// A program with its unit test (index.test.ts): the test runs it under the package's test kit, offline.
//   pulumi config set zoneId 023e105f4ecef8ad9ca31a8372d0c353
import * as pulumi from "@pulumi/pulumi";
import { OriginCloudRegion, OriginCloudRegionSet } from "pulumi-cloudflare-origin-cloud-regions";

const config = new pulumi.Config();
const zoneId = config.require("zoneId");

const api = new OriginCloudRegion("api-origin", {
  zoneId,
  originIp: "2001:0DB8:0000::0010", // stored as 2001:db8::10
  vendor: "aws",
  region: config.get("apiRegion") ?? "us-east-1",
});

const edge = new OriginCloudRegionSet("edge", {
  zoneId,
  mappings: [
    { originIp: "192.0.2.1", vendor: "gcp", region: "us-central1" },
    { originIp: "192.0.2.2", vendor: "azure", region: "westeurope" },
  ],
});

export const apiId = api.id; // "<zone_id>/2001:db8::10"
export const apiOriginIp = api.originIp; // canonical
export const edgeMappings = edge.mappings; // keyed by canonical IP
