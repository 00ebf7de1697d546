// End to end with the real Pulumi CLI on examples/yaml (a Pulumi YAML program through the provider plugin) against
// the fake API. The example is copied to a temporary project whose Pulumi.yaml names this checkout's plugin folder
// (plugins.providers[].path), so the engine starts the built plugin through run-plugin. Runs only where a `pulumi`
// binary is on PATH; elsewhere the suite is skipped with its reason as its title.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FAKE_TOKEN, FakeCloudflare } from "../fake/server";
import { REPO_ROOT } from "../harness/providerHost";

const hasPulumi = spawnSync("pulumi", ["version"], { stdio: "ignore" }).status === 0;
const suite = hasPulumi ? describe : describe.skip;
const title = hasPulumi
  ? "real pulumi CLI on examples/yaml through the provider plugin"
  : "real pulumi CLI on examples/yaml through the provider plugin, skipped: no pulumi CLI on PATH";
const ZONE = "0000000000000000000000000000e2e1";
const KEY = "cloudflare-origin-cloud-regions";

suite(title, () => {
  jest.setTimeout(300_000);
  let fake: FakeCloudflare;
  let backend: string;
  let project: string;
  let env: NodeJS.ProcessEnv;
  const stack = `e2eyaml${process.pid}`;

  const pulumi = (...args: string[]) => {
    const result = spawnSync("pulumi", [...args, "--non-interactive", "--stack", stack], {
      cwd: project,
      env,
      encoding: "utf8",
    });
    return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
  };
  const ok = (...args: string[]) => {
    const result = pulumi(...args);
    if (result.status !== 0) throw new Error(`pulumi ${args.join(" ")} failed:\n${result.output}`);
    return result.output;
  };
  const held = () =>
    fake
      .mappings(ZONE)
      .map((m) => `${m.origin_ip} ${m.vendor}/${m.region}`)
      .sort();

  beforeAll(async () => {
    fake = await FakeCloudflare.start();
    backend = fs.mkdtempSync(path.join(os.tmpdir(), "ocr-e2e-yaml-backend-"));
    project = fs.mkdtempSync(path.join(os.tmpdir(), "ocr-e2e-yaml-"));
    const example = fs.readFileSync(path.join(REPO_ROOT, "examples", "yaml", "Pulumi.yaml"), "utf8");
    const plugins = `plugins:\n  providers:\n    - name: ${KEY}\n      path: ${JSON.stringify(path.join(REPO_ROOT, "plugin"))}\n`;
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), `${example}${plugins}`);
    env = {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${backend}`,
      PULUMI_CONFIG_PASSPHRASE: "e2e",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      CLOUDFLARE_API_TOKEN: undefined,
      CLOUDFLARE_BASE_URL: undefined,
    };
    spawnSync("pulumi", ["stack", "init", stack, "--non-interactive"], { cwd: project, env });
    ok("config", "set", "zoneId", ZONE);
    ok("config", "set", `${KEY}:baseUrl`, fake.baseUrl);
    ok("config", "set", "--secret", `${KEY}:apiToken`, FAKE_TOKEN);
  });

  afterAll(async () => {
    pulumi("destroy", "--yes");
    spawnSync("pulumi", ["stack", "rm", "--yes", "--force", stack, "--non-interactive"], { cwd: project, env });
    await fake?.stop();
    fs.rmSync(backend, { recursive: true, force: true });
    fs.rmSync(project, { recursive: true, force: true });
  });

  test("up creates the mapping and the set's two, in canonical form; a second preview expects no changes", () => {
    ok("up", "--yes", "--skip-preview");
    expect(held()).toEqual(["192.0.2.1 aws/us-east-1", "198.51.100.7 azure/westeurope", "2001:db8::1 gcp/us-central1"]);
    expect(ok("stack", "output", "apiOriginId")).toContain(`${ZONE}/192.0.2.1`);
    ok("preview", "--expect-no-changes");
  });

  test("state holds no credential outside the provider's encrypted config", () => {
    expect(ok("stack", "export")).not.toContain(FAKE_TOKEN);
  });

  test("refresh picks up drift and up puts it back", () => {
    fake.seed(ZONE, [{ origin_ip: "192.0.2.1", vendor: "aws", region: "us-west-2" }]);
    ok("refresh", "--yes", "--skip-preview");
    expect(ok("stack", "export")).toContain("us-west-2");
    ok("up", "--yes", "--skip-preview");
    expect(held()).toContain("192.0.2.1 aws/us-east-1");
  });

  test("destroy removes every mapping", () => {
    ok("destroy", "--yes", "--skip-preview");
    expect(held()).toEqual([]);
  });
});
