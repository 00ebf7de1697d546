// examples/from-config: a list of mappings from stack config, checked against getSupportedRegions, then deployed
// through the real provider host against the fake API.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { FAKE_TOKEN, FakeCloudflare } from "../fake/server";
import { MiniEngine } from "../harness/engine";
import { recordRegistrations } from "../harness/mocks";
import { REPO_ROOT } from "../harness/providerHost";

const ZONE = "0000000000000000000000000000c0f1";
let fake: FakeCloudflare;
let registered: pulumi.runtime.MockResourceArgs[];

beforeAll(async () => {
  fake = await FakeCloudflare.start();
});
afterAll(() => fake?.stop());
beforeEach(async () => {
  registered = await recordRegistrations();
});

/** Runs the example program with this stack config, as `pulumi up` would (its default export is the program). */
async function runProgram(origins: unknown[]): Promise<{ originIps: pulumi.Output<string>[] }> {
  pulumi.runtime.setAllConfig({
    "proj:zoneId": ZONE,
    "proj:origins": JSON.stringify(origins),
    "cloudflare:apiToken": FAKE_TOKEN,
    "cloudflare:baseUrl": fake.baseUrl,
  });
  let program = async () => ({ originIps: [] as pulumi.Output<string>[] });
  jest.isolateModules(() => {
    program = require("../../examples/from-config");
  });
  return program();
}

test("declares one OriginCloudRegion per config entry, which the provider host then creates", async () => {
  const outputs = await runProgram([
    { name: "api-origin", originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" },
    { name: "assets-origin", originIp: "2001:DB8::1", vendor: "gcp", region: "us-central1" },
    { name: "legacy-origin", originIp: "198.51.100.7", vendor: "azure", region: "westeurope", adopt: true },
  ]);
  expect(await new Promise((resolve) => pulumi.output(outputs.originIps).apply(resolve))).toEqual([
    "192.0.2.1",
    "2001:DB8::1",
    "198.51.100.7",
  ]);
  expect(registered.map((r) => [r.name, r.inputs.originIp, r.inputs.adopt])).toEqual([
    ["api-origin", "192.0.2.1", false],
    ["assets-origin", "2001:DB8::1", false],
    ["legacy-origin", "198.51.100.7", true],
  ]);

  fake.seed(ZONE, [{ origin_ip: "198.51.100.7", vendor: "aws", region: "us-west-2" }]); // made by hand, adopted
  // Two commands (up, destroy), each a host of its own, each covering all three resources.
  const engine = new MiniEngine({
    type: registered[0].type,
    providerText: registered[0].inputs.__provider,
    host: { config: { "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake.baseUrl } },
  });
  await engine.command(async () => {
    for (const r of registered) expect(await engine.up(r.name, r.inputs)).toBe("create");
  });
  expect(
    fake
      .mappings(ZONE)
      .map((m) => `${m.origin_ip} ${m.vendor}/${m.region}`)
      .sort(),
  ).toEqual(["192.0.2.1 aws/us-east-1", "198.51.100.7 azure/westeurope", "2001:db8::1 gcp/us-central1"]);
  await engine.command(async () => {
    for (const r of registered) await engine.destroy(r.name);
  });
});

test("a vendor or region the zone does not support fails the program, naming every problem, before any resource", async () => {
  const run = runProgram([
    { name: "a", originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" },
    { name: "b", originIp: "192.0.2.2", vendor: "aws", region: "us-east1" },
    { name: "c", originIp: "192.0.2.3", vendor: "AWS", region: "us-east-1" },
  ]);
  await expect(run).rejects.toThrow(
    /^config origins: origins\[1\]\.region "us-east1" is not one of the zone's aws regions: us-east-1, [a-z0-9, -]+; origins\[2\]\.vendor "AWS" is not one of aws, azure, gcp, oci$/,
  );
  expect(registered).toEqual([]);
});

test("docs/guide.md shows this example's code as it is, and README points to it", () => {
  const source = fs.readFileSync(path.join(REPO_ROOT, "examples", "from-config", "index.ts"), "utf8");
  const code = source.slice(source.indexOf("import * as pulumi"));
  expect(fs.readFileSync(path.join(REPO_ROOT, "docs", "guide.md"), "utf8")).toContain("```ts\n" + code + "```");
  expect(fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8")).toContain(
    "(docs/guide.md#mappings-from-a-list-in-stack-config)",
  );
});
