// The lookups' reads on their own, with a scripted client for answers the fake does not give: IPv4-mapped IPs in
// hexadecimal form, mappings without a modified time, a supported_regions answer whose colo codes were not obtained.
import { readMappings, readSupportedRegions } from "../../../provider/shared/zoneReads";
import { scriptedClient } from "../inProcessFake";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";

test("mappings come back canonical (also from the hexadecimal IPv4-mapped form), ordered, without a modified time they lack", async () => {
  const list = async () => [
    { origin_ip: "::ffff:c000:201", vendor: "aws" as const, region: "us-east-1" },
    { origin_ip: "192.0.2.9", vendor: "gcp" as const, region: "us-central1", modified_on: "2026-03-03T12:00:00Z" },
  ];
  expect(await readMappings(() => scriptedClient({ list }), ZONE)).toStrictEqual({
    zoneId: ZONE,
    mappings: [
      {
        id: `${ZONE}/192.0.2.9`,
        originIp: "192.0.2.9",
        vendor: "gcp",
        region: "us-central1",
        modifiedOn: "2026-03-03T12:00:00Z",
      },
      { id: `${ZONE}/::ffff:192.0.2.1`, originIp: "::ffff:192.0.2.1", vendor: "aws", region: "us-east-1" },
    ],
  });
});

test("regions whose colo codes Cloudflare could not obtain say so; a vendor it lists nothing for has no regions", async () => {
  const supportedRegions = async () => ({
    obtained_codes: false,
    vendors: { aws: [{ name: "us-east-1", upper_tier_colos: [] }] },
  });
  expect(await readSupportedRegions(() => scriptedClient({ supportedRegions }), ZONE)).toStrictEqual({
    zoneId: ZONE,
    obtainedCodes: false,
    vendors: { aws: [{ name: "us-east-1", upperTierColos: [] }], azure: [], gcp: [], oci: [] },
  });
});
