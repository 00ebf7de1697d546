"""Origin cloud region mappings from Python: one mapping, a set of two, and a lookup of the zone.

The module is the SDK `pulumi package add` generates from the plugin's schema (README, "From Python, Go, .NET, Java
and YAML"); property names are the schema's in snake_case (zoneId -> zone_id).
"""

import pulumi
import pulumi_cloudflare_origin_cloud_regions as ocr

config = pulumi.Config()
zone_id = config.require("zoneId")

api_origin = ocr.OriginCloudRegion(
    "api-origin",
    zone_id=zone_id,
    origin_ip="192.0.2.1",
    vendor="aws",
    region="us-east-1",
)

edge = ocr.OriginCloudRegionSet(
    "edge",
    zone_id=zone_id,
    mappings=[
        ocr.OriginCloudRegionSetMappingArgs(origin_ip="2001:DB8::1", vendor="gcp", region="us-central1"),
        ocr.OriginCloudRegionSetMappingArgs(origin_ip="198.51.100.7", vendor="azure", region="westeurope"),
    ],
)

# Take over a mapping someone created by hand (without adopt, creating over it fails and leaves it untouched).
legacy = ocr.OriginCloudRegion(
    "legacy-origin",
    zone_id=zone_id,
    origin_ip="203.0.113.7",
    vendor="oci",
    region="us-ashburn-1",
    adopt=True,
)

# Read when the program runs: the zone's mappings before this update.
aws_origins = ocr.get_origin_cloud_regions_output(zone_id=zone_id).apply(
    lambda result: [m.origin_ip for m in result.mappings if m.vendor == "aws"]
)

pulumi.export("api_origin_id", api_origin.id)  # <zone id>/192.0.2.1
pulumi.export("edge_mappings", edge.mappings)  # keyed by canonical IP: "2001:db8::1", "198.51.100.7"
pulumi.export("legacy_modified_on", legacy.modified_on)
pulumi.export("aws_origins", aws_origins)
