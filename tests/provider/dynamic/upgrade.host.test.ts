// State written by one version of the package must stay usable after the package is upgraded: refresh and destroy
// run the `__provider` stored in state, so that text may depend on nothing but this package's name and its stable
// `providerRuntimeV1` export.
import { spawnSync } from "child_process";
import * as fs from "fs";
import { builtinModules } from "module";
import * as os from "os";
import * as path from "path";
import { FAKE_TOKEN, FakeCloudflare } from "../../fake/server";
import { MiniEngine } from "../../harness/engine";
import { PACKAGE_NAME, REPO_ROOT, makeUserProject, type HostOptions } from "../../harness/providerHost";
import { serializedProviderText } from "../../harness/serializedProvider";

const TYPE = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion";
const ZONE = "0000000000000000000000000000b001";
/** The `__provider` text that version 0.1.0 stored in state. Never edit it: it stands for stacks in the wild. */
const PROVIDER_0_1_0 = fs.readFileSync(
  path.join(__dirname, "..", "..", "fixtures", "serialized-provider-0.1.0.js"),
  "utf8",
);

let fake: FakeCloudflare;
let currentText: string;
/** Project directories made here, removed after the suite. */
const made: string[] = [];
const track = (dir: string) => (made.push(dir), dir);
const config = () => ({ "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake.baseUrl });
/** A stack whose commands' hosts run with `host` (e.g. from another project directory) and the fake's config. */
const stack = (providerText: string, host: HostOptions = {}) =>
  new MiniEngine({ type: TYPE, providerText, host: { config: config(), ...host } });

beforeAll(async () => {
  fake = await FakeCloudflare.start();
  currentText = await serializedProviderText();
});
afterAll(async () => {
  await fake?.stop();
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A project whose node_modules holds a *copy* of the package (package.json and dist/ only, as npm installs it) at
 * another path, next to the dependencies it needs: what a user has after `npm install` of a new version.
 */
function projectWithInstalledCopy(): string {
  const project = track(fs.mkdtempSync(path.join(os.tmpdir(), "ocr-upgraded-")));
  const modules = path.join(project, "node_modules");
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(REPO_ROOT, "node_modules"))) {
    if (!entry.startsWith(".")) fs.symlinkSync(path.join(REPO_ROOT, "node_modules", entry), path.join(modules, entry));
  }
  const installed = path.join(modules, PACKAGE_NAME);
  fs.mkdirSync(installed);
  fs.copyFileSync(path.join(REPO_ROOT, "package.json"), path.join(installed, "package.json"));
  fs.cpSync(path.join(REPO_ROOT, "dist", "provider"), path.join(installed, "dist", "provider"), { recursive: true });
  return project;
}

test("the serialized provider requires only this package by name and Node built-ins", () => {
  const required = [...currentText.matchAll(/require\(([^)]*)\)/g)].map((m) => m[1]);
  const literals = required.filter((r) => /^["']/.test(r)).map((r) => r.slice(1, -1));
  expect(literals.filter((name) => !builtinModules.includes(name))).toEqual([]);
  expect(currentText).toContain(`const name = "${PACKAGE_NAME}"`);
  expect(required.filter((r) => !/^["']/.test(r))).toEqual(["name", "here", "process.cwd("]); // the regex stops at the first ")"
  expect(currentText).not.toMatch(/dist\/|provider\/|node_modules|\/work\//);
});

test("the 0.1.0 shim still matches what the resource class serializes, or a new fixture was added for the change", () => {
  // If this fails, the shim changed: keep serialized-provider-0.1.0.js, add the new text as another fixture and
  // run the tests below for both (old stacks keep the old text until their next `up`).
  expect(currentText).toBe(PROVIDER_0_1_0);
});

test("the compiled package that users install serializes exactly the same text", () => {
  // Under jest the class comes from ts-jest; users load dist/ compiled by tsc. Both must store the same __provider.
  const program = `
    const pulumi = require("@pulumi/pulumi");
    const seen = [];
    pulumi.runtime.setMocks({ newResource: (a) => { seen.push(a); return { id: "x", state: a.inputs }; }, call: () => ({}) }, "proj", "test", false)
      .then(() => {
        const { OriginCloudRegion } = require("./dist/provider");
        const r = new OriginCloudRegion("r", { zoneId: "${ZONE}", originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" });
        r.urn.apply(() => process.stdout.write(seen[0].inputs.__provider));
      });`;
  const result = spawnSync(process.execPath, ["-e", program], { cwd: REPO_ROOT, encoding: "utf8" });
  expect(result.status).toBe(0);
  expect(result.stdout).toBe(PROVIDER_0_1_0);
});

test("refresh and destroy of a stack written by 0.1.0 work with the installed package at another path", async () => {
  const old = stack(PROVIDER_0_1_0, { projectDir: track(makeUserProject()) });
  await old.up("m", { zoneId: ZONE, originIp: "2001:db8::10", vendor: "gcp", region: "us-central1" });

  // The user installs the new version; the stack's next commands run from that project.
  const upgraded = stack(currentText, { projectDir: projectWithInstalledCopy() }).takeState(old);
  fake.seed(ZONE, [{ origin_ip: "2001:db8::10", vendor: "gcp", region: "europe-west1" }]);
  expect(await upgraded.refresh("m")).toEqual({ op: "refresh", drift: "some" });
  expect(upgraded.state.get("m")!.outputs.region).toBe("europe-west1");
  // The state still carries the old __provider text; destroy runs it.
  expect(upgraded.state.get("m")!.outputs.__provider).toBe(PROVIDER_0_1_0);
  await upgraded.destroy("m");
  expect(fake.mappings(ZONE)).toEqual([]);
});

test("an up after an upgrade that changed only __provider is no change and sends no request but one supported_regions read", async () => {
  const engine = stack(PROVIDER_0_1_0);
  const inputs = { zoneId: ZONE, originIp: "192.0.2.77", vendor: "aws", region: "us-east-1" };
  await engine.up("m", inputs);
  fake.resetRequests();
  const otherText = `${currentText}\n// a later version of the shim\n`;
  expect(await engine.up("m", inputs, otherText)).toBe("same");
  // Check under the new shim reads the zone's supported_regions once, as a new run does (README, "Errors and their fixes").
  expect(fake.requests.map((r) => `${r.method} ${r.route}`)).toEqual(["GET supportedRegions"]);
  await engine.destroy("m");
});

test("a project without the package installed gets an error that says how to install it", async () => {
  const empty = track(fs.mkdtempSync(path.join(os.tmpdir(), "ocr-empty-")));
  const engine = stack(currentText, { projectDir: empty });
  await expect(
    engine.up("m", { zoneId: ZONE, originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" }),
  ).rejects.toMatchObject({
    details: expect.stringContaining(
      `${PACKAGE_NAME} is not installed in the Pulumi project at ${fs.realpathSync(empty)}: run \`npm install ${PACKAGE_NAME}\``,
    ),
  });
});

test("in this package's own checkout (its Pulumi.yaml) the host finds the package without installing it", async () => {
  const engine = stack(currentText, { projectDir: REPO_ROOT });
  expect(await engine.up("m", { zoneId: ZONE, originIp: "192.0.2.78", vendor: "aws", region: "us-east-1" })).toBe(
    "create",
  );
  await engine.destroy("m");
});
