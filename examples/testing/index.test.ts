// The unit test of examples/testing/index.ts: the program under Pulumi's mocks with the package's test kit. A wrong
// input (a region Cloudflare does not list for the vendor, a malformed IP or zone id) fails this test with the words
// `pulumi preview` would print; nothing reaches Cloudflare and no credentials are needed.
import * as pulumi from "@pulumi/pulumi";
import { originCloudRegionMocks } from "pulumi-cloudflare-origin-cloud-regions/testing";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";

/**
 * An output's value once its resource is registered. A refused check rejects the registration, so `apply` never runs:
 * the timeout makes the test fail at once, after the check's message, instead of at jest's own timeout.
 */
const valueOf = <T>(output: pulumi.Output<T>) =>
  new Promise<T>((resolve, reject) => {
    output.apply(resolve);
    setTimeout(() => reject(new Error("no value within 5 s: see the refused check above")), 5000).unref();
  });

test("the program maps its origins as the provider stores them", async () => {
  // The zone already holds another origin's mapping; the program must not take it over.
  const mocks = originCloudRegionMocks({
    zones: { [ZONE]: { mappings: [{ originIp: "192.0.2.99", vendor: "aws", region: "us-west-2" }] } },
  });
  await pulumi.runtime.setMocks(mocks, "project", "test", false);
  pulumi.runtime.setConfig("project:zoneId", ZONE);

  const program = await import("./index");

  expect(await valueOf(program.apiId)).toBe(`${ZONE}/2001:db8::10`);
  expect(await valueOf(program.apiOriginIp)).toBe("2001:db8::10");
  expect(await valueOf(program.edgeMappings)).toEqual({
    "192.0.2.1": { vendor: "gcp", region: "us-central1" },
    "192.0.2.2": { vendor: "azure", region: "westeurope" },
  });
  expect(mocks.mappingsOf(ZONE).map((m) => m.originIp)).toEqual([
    "192.0.2.1",
    "192.0.2.2",
    "192.0.2.99",
    "2001:db8::10",
  ]);
});
