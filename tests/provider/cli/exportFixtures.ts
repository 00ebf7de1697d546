/** What the export tests share (not a test file itself): a zone of hand-made mappings, what export prints for it, the fake. */
import { FAKE_TOKEN, FakeCloudflare } from "../../fake/server";

export const ZONE = "0000000000000000000000000000e5e0";
/** Three mappings made by hand (in the dashboard, say), one of each family and an unsorted order. */
export const HAND_MADE = [
  { origin_ip: "2001:DB8:0::10", vendor: "gcp", region: "us-central1", modified_on: "2026-02-01T10:00:00Z" },
  { origin_ip: "198.51.100.7", vendor: "azure", region: "westeurope", modified_on: "2026-02-02T11:00:00Z" },
  { origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1", modified_on: "2026-02-03T12:00:00Z" },
];

/** What `export --zone ZONE` prints for HAND_MADE: the whole text, so any change to it is deliberate. */
export const EXPECTED_PROGRAM = `// The 3 origin cloud region mappings of zone ${ZONE}
// (\`pulumi-cloudflare-origin-cloud-regions export\`). Paste into the TypeScript Pulumi program of a project that has
// this package installed (the block brings its own OriginCloudRegion, so it sits beside the program's imports), or
// save it as adopted.ts and add \`import "./adopted";\` to the program; then run \`pulumi up\`.
//
// adopt: true lets each resource take over the mapping that already exists for its IP, where it would otherwise
// fail and leave it untouched. The first \`pulumi up\` finds the mapping and keeps it as it is when it still holds
// the vendor and region below (else it sets them); from then on Pulumi manages it, so destroying the resource, or
// deleting it from the program, DELETES the mapping in Cloudflare. To keep a mapping whatever happens to its
// resource, give that resource the options { retainOnDelete: true }.
{
  const { OriginCloudRegion } = require("pulumi-cloudflare-origin-cloud-regions") as typeof import("pulumi-cloudflare-origin-cloud-regions");

  new OriginCloudRegion("origin-192.0.2.1", {
    zoneId: "${ZONE}",
    originIp: "192.0.2.1",
    vendor: "aws",
    region: "us-east-1",
    adopt: true,
  });

  new OriginCloudRegion("origin-198.51.100.7", {
    zoneId: "${ZONE}",
    originIp: "198.51.100.7",
    vendor: "azure",
    region: "westeurope",
    adopt: true,
  });

  new OriginCloudRegion("origin-2001-db8--10", {
    zoneId: "${ZONE}",
    originIp: "2001:db8::10",
    vendor: "gcp",
    region: "us-central1",
    adopt: true,
  });
}
`;

/**
 * The fake for the whole file, ZONE seeded with HAND_MADE and the request log emptied before each test; `env` is the
 * environment the command reads its credentials and base URL from.
 */
export function useExportFake(): { fake: () => FakeCloudflare; env: () => Record<string, string> } {
  let fake: FakeCloudflare | undefined;
  beforeAll(async () => {
    fake = await FakeCloudflare.start();
  });
  afterAll(() => fake?.stop());
  beforeEach(() => {
    fake!.seed(ZONE, HAND_MADE);
    fake!.resetRequests();
  });
  return { fake: () => fake!, env: () => ({ CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake!.baseUrl }) };
}
