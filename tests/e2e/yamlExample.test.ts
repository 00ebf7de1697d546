// End to end with the real Pulumi CLI on examples/yaml (a Pulumi YAML program through the provider plugin) against
// the fake API. The example is copied to a temporary project whose Pulumi.yaml names this checkout's plugin folder
// (plugins.providers[].path), so the engine starts the built plugin through run-plugin. Runs only where a `pulumi`
// binary is on PATH; elsewhere the suite is skipped with its reason as its title.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FAKE_TOKEN } from "../fake/server";
import { REPO_ROOT } from "../harness/providerHost";
import { E2eStack, e2eSuite, hasPulumi } from "./stack";

const ZONE = "0000000000000000000000000000e2e1";
const KEY = "cloudflare-origin-cloud-regions";

e2eSuite("real pulumi CLI on examples/yaml through the provider plugin", () => {
  jest.setTimeout(300_000);
  const project = hasPulumi ? fs.mkdtempSync(path.join(os.tmpdir(), "ocr-e2e-yaml-")) : "";
  const stack = new E2eStack(project, `e2eyaml${process.pid}`, ZONE);
  const ok = (...args: string[]) => stack.ok(...args);

  beforeAll(async () => {
    const example = fs.readFileSync(path.join(REPO_ROOT, "examples", "yaml", "Pulumi.yaml"), "utf8");
    const plugins = `plugins:\n  providers:\n    - name: ${KEY}\n      path: ${JSON.stringify(path.join(REPO_ROOT, "plugin"))}\n`;
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), `${example}${plugins}`);
    await stack.start(KEY);
  });
  afterAll(async () => {
    await stack.stop();
    fs.rmSync(project, { recursive: true, force: true });
  });

  test("up creates the mapping and the set's two, in canonical form; a second preview expects no changes", () => {
    ok("up", "--yes", "--skip-preview");
    expect(stack.held()).toEqual([
      "192.0.2.1 aws/us-east-1",
      "198.51.100.7 azure/westeurope",
      "2001:db8::1 gcp/us-central1",
    ]);
    expect(ok("stack", "output", "apiOriginId")).toContain(`${ZONE}/192.0.2.1`);
    ok("preview", "--expect-no-changes");
  });

  test("state holds no credential outside the provider's encrypted config", () => {
    expect(ok("stack", "export")).not.toContain(FAKE_TOKEN);
  });

  test("refresh picks up drift and up puts it back", () => {
    stack.fake.seed(ZONE, [{ origin_ip: "192.0.2.1", vendor: "aws", region: "us-west-2" }]);
    ok("refresh", "--yes", "--skip-preview");
    expect(ok("stack", "export")).toContain("us-west-2");
    ok("up", "--yes", "--skip-preview");
    expect(stack.held()).toContain("192.0.2.1 aws/us-east-1");
  });

  test("destroy removes every mapping", () => {
    ok("destroy", "--yes", "--skip-preview");
    expect(stack.held()).toEqual([]);
  });
});
