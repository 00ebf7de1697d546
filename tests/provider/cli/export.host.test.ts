// The export command against the fake API, and the round trip it exists for: export a zone's hand-made mappings,
// run the printed fragment as a program, deploy what it declares through the real provider host, and find that
// nothing in Cloudflare was rewritten and a second `up` is no change.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import * as fs from "fs";
import { renderProgram, runCli, USAGE } from "../../../provider/cli/export";
import { FAKE_TOKEN, FakeCloudflare } from "../../fake/server";
import { run } from "../../harness/childProcess";
import { MiniEngine } from "../../harness/engine";
import { recordRegistrations } from "../../harness/mocks";
import { PACKAGE_NAME, ProviderHost, REPO_ROOT } from "../../harness/providerHost";
import { typeCheck } from "../../harness/typecheck";

const TYPE = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion";
const ZONE = "0000000000000000000000000000e5e0";
/** Three mappings made by hand (in the dashboard, say), one of each family and an unsorted order. */
const HAND_MADE = [
  { origin_ip: "2001:DB8:0::10", vendor: "gcp", region: "us-central1", modified_on: "2026-02-01T10:00:00Z" },
  { origin_ip: "198.51.100.7", vendor: "azure", region: "westeurope", modified_on: "2026-02-02T11:00:00Z" },
  { origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1", modified_on: "2026-02-03T12:00:00Z" },
];

/** What `export --zone ZONE` prints for HAND_MADE: the whole text, so any change to it is deliberate. */
const EXPECTED_PROGRAM = `// The 3 origin cloud region mappings of zone ${ZONE}
// (\`pulumi-cloudflare-origin-cloud-regions export\`). Paste into the TypeScript Pulumi program of a project that has
// this package installed, then run \`pulumi up\`.
//
// adopt: true lets each resource take over the mapping that already exists for its IP, where it would otherwise
// fail and leave it untouched. The first \`pulumi up\` finds the mapping and keeps it as it is when it still holds
// the vendor and region below (else it sets them); from then on Pulumi manages it, so destroying the resource, or
// deleting it from the program, DELETES the mapping in Cloudflare. To keep a mapping whatever happens to its
// resource, give that resource the options { retainOnDelete: true }.
import { OriginCloudRegion } from "pulumi-cloudflare-origin-cloud-regions";

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
`;

let fake: FakeCloudflare;
const env = () => ({ CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake.baseUrl });

beforeAll(async () => {
  fake = await FakeCloudflare.start();
});
afterAll(() => fake?.stop());
beforeEach(() => {
  fake.seed(ZONE, HAND_MADE);
  fake.resetRequests();
});

/** Runs the command in process; what it printed and its exit code. */
async function cli(args: string[], environment: Record<string, string | undefined> = env()) {
  let out = "";
  let err = "";
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), env: environment });
  return { code, out, err };
}

/**
 * The installed command, as `npx pulumi-cloudflare-origin-cloud-regions …` runs it: the compiled bin in its own
 * process (asynchronously: the fake it talks to answers from this process's event loop).
 */
async function bin(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const pkg = require(path.join(REPO_ROOT, "package.json"));
  const result = await run(process.execPath, [path.join(REPO_ROOT, pkg.bin[PACKAGE_NAME]), ...args], { env: { PATH: process.env.PATH, ...env() } });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** Runs a TypeScript program fragment under Pulumi's mocks, the package name resolving to its sources. */
async function registrationsOf(program: string): Promise<pulumi.runtime.MockResourceArgs[]> {
  const registered = await recordRegistrations();
  const js = ts.transpileModule(program, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const load = (id: string) => (id === PACKAGE_NAME ? require("../../../provider") : require(id));
  new Function("require", "exports", "module", js)(load, {}, { exports: {} });
  await new Promise((resolve) => setTimeout(resolve, 300)); // let the registrations settle
  return registered;
}

describe("export --zone", () => {
  test("prints each mapping as an adopted OriginCloudRegion named after its IP, in address order, reading only", async () => {
    const result = await bin(["export", "--zone", ZONE]);
    expect(result).toEqual({ code: 0, out: EXPECTED_PROGRAM, err: "" });
    expect(fake.requests.map((r) => `${r.method} ${r.route}`)).toEqual(["GET list"]);
  });

  test("the fragment type-checks against the package as a program file", () => {
    expect(typeCheck(new Map([[path.join(REPO_ROOT, "tests", "exported-program.ts"), EXPECTED_PROGRAM]]))).toEqual([]);
  });

  test("--format json prints the same mappings in the shape of examples/from-config's stack config", async () => {
    const { code, out, err } = await cli(["export", "--zone", ZONE.toUpperCase(), "--format", "json"]);
    expect({ code, err }).toEqual({ code: 0, err: "" });
    expect(JSON.parse(out)).toEqual({
      zoneId: ZONE,
      origins: [
        { name: "origin-192.0.2.1", originIp: "192.0.2.1", vendor: "aws", region: "us-east-1", adopt: true },
        { name: "origin-198.51.100.7", originIp: "198.51.100.7", vendor: "azure", region: "westeurope", adopt: true },
        { name: "origin-2001-db8--10", originIp: "2001:db8::10", vendor: "gcp", region: "us-central1", adopt: true },
      ],
    });
  });

  test("an empty zone is an empty fragment, and a note on stderr", async () => {
    const empty = "0000000000000000000000000000e5e1";
    const { code, out, err } = await cli(["export", "--zone", empty]);
    expect(code).toBe(0);
    expect(err).toBe(`pulumi-cloudflare-origin-cloud-regions export: zone ${empty} has no origin cloud region mappings\n`);
    expect(out).toMatch(/^\/\/ The 0 origin cloud region mappings of zone/);
    expect(out).not.toContain("new OriginCloudRegion");
  });

  test("distinct IPs get distinct names, also IPv6 that looks like an IPv4-mapped address", async () => {
    const zone = "0000000000000000000000000000e5e2";
    fake.seed(zone, [
      { origin_ip: "::ffff:1.2.3.4", vendor: "aws", region: "us-east-1" },
      { origin_ip: "::ffff:1:2:3:4", vendor: "aws", region: "us-east-1" },
      { origin_ip: "1.2.3.4", vendor: "aws", region: "us-east-1" },
    ]);
    const names = JSON.parse((await cli(["export", "--zone", zone, "--format", "json"])).out).origins.map((o: { name: string }) => o.name);
    expect(names).toEqual(["origin-1.2.3.4", "origin---ffff-1.2.3.4", "origin---ffff-1-2-3-4"]);
  });
});

test("the JSON, as examples/from-config's stack config, declares exactly what the TypeScript fragment does", async () => {
  const { zoneId, origins } = JSON.parse((await cli(["export", "--zone", ZONE, "--format", "json"])).out);
  const fromFragment = await registrationsOf((await bin(["export", "--zone", ZONE])).out);
  const fromConfig = await recordRegistrations();
  pulumi.runtime.setAllConfig({ "proj:zoneId": zoneId, "proj:origins": JSON.stringify(origins), "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake.baseUrl });
  let program = async () => ({ originIps: [] as pulumi.Output<string>[] });
  jest.isolateModules(() => {
    program = require("../../../examples/from-config");
  });
  const { originIps } = await program();
  await new Promise((resolve) => pulumi.output(originIps).apply(resolve));
  const declared = (rs: pulumi.runtime.MockResourceArgs[]) => rs.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }));
  expect(declared(fromConfig)).toEqual(declared(fromFragment));
});

test("README's sample output is what the command prints for that zone", () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const sample = /It reads \(one paged `GET`\), writes nothing, and prints:\n\n```ts\n([\s\S]*?)```/.exec(readme)![1];
  const zoneId = "023e105f4ecef8ad9ca31a8372d0c353";
  const mapping = (originIp: string, vendor: "aws" | "gcp", region: string) => ({ id: `${zoneId}/${originIp}`, originIp, vendor, region });
  expect(sample).toBe(renderProgram({ zoneId, mappings: [mapping("192.0.2.1", "aws", "us-east-1"), mapping("2001:db8::1", "gcp", "us-central1")] }));
});

describe("failures are one line on stderr and a non-zero exit; nothing on stdout", () => {
  test.each([
    [[], 2, "no command given"],
    [["import", "--zone", ZONE], 2, 'unknown command "import"'],
    [["export"], 2, "export needs --zone <zone_id>"],
    [["export", "--zone", ZONE, "--format", "yaml"], 2, '--format must be ts or json, not "yaml"'],
    [["export", "--zone", ZONE, "--adopt"], 2, "Unknown option '--adopt'"],
  ])("usage: %j", async (args, code, problem) => {
    const result = await cli(args as string[]);
    expect(result.code).toBe(code);
    expect(result.out).toBe("");
    const [first, ...rest] = result.err.split("\n");
    expect(first.startsWith(`pulumi-cloudflare-origin-cloud-regions: ${problem}`)).toBe(true);
    expect(rest.join("\n")).toBe(`\n${USAGE}`);
  });

  test("--help prints the usage on stdout", async () => {
    expect(await cli(["--help"])).toEqual({ code: 0, out: USAGE, err: "" });
  });

  test("a malformed zone id is refused before any request", async () => {
    const result = await cli(["export", "--zone", "example.com"]);
    expect(result).toMatchObject({ code: 1, out: "" });
    expect(result.err).toMatch(/^pulumi-cloudflare-origin-cloud-regions export: zoneId "example.com" is not a Cloudflare zone id: expected 32 hexadecimal characters/);
    expect(fake.requests).toEqual([]);
  });

  test("no credentials in the environment: says which variables, and how to pass a stack's", async () => {
    const result = await cli(["export", "--zone", ZONE], { CLOUDFLARE_BASE_URL: fake.baseUrl });
    expect(result).toMatchObject({ code: 1, out: "" });
    expect(result.err).toContain("no Cloudflare credentials in the environment: set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL)");
    expect(result.err).toContain(`CLOUDFLARE_API_TOKEN=$(pulumi config get cloudflare:apiToken) npx pulumi-cloudflare-origin-cloud-regions export --zone ${ZONE}`);
    expect(fake.requests).toEqual([]);
  });

  test("a key without its email names the missing half", async () => {
    const result = await cli(["export", "--zone", ZONE], { CLOUDFLARE_API_KEY: "0123456789abcdef0123456789abcdef01234", CLOUDFLARE_BASE_URL: fake.baseUrl });
    expect(result.err).toContain("CLOUDFLARE_API_KEY is set in the environment but CLOUDFLARE_EMAIL is not");
    expect(result.code).toBe(1);
  });

  test("a time limit out of range in the environment names the variable and the range", async () => {
    const result = await cli(["export", "--zone", ZONE], { ...env(), ORIGIN_CLOUD_REGIONS_MAX_ATTEMPTS: "0" });
    expect(result).toMatchObject({ code: 1, out: "" });
    expect(result.err).toMatch(/^pulumi-cloudflare-origin-cloud-regions export: ORIGIN_CLOUD_REGIONS_MAX_ATTEMPTS "0" is not allowed: expected a whole number of attempts from 1 to 10/);
    expect(fake.requests).toEqual([]);
  });

  test("Cloudflare's refusal is the resource's one-line diagnostic", async () => {
    const result = await cli(["export", "--zone", ZONE], { CLOUDFLARE_API_TOKEN: "revoked-token-00000000000000000000000000", CLOUDFLARE_BASE_URL: fake.baseUrl });
    expect(result).toMatchObject({ code: 1, out: "" });
    expect(result.err).toMatch(
      new RegExp(`^pulumi-cloudflare-origin-cloud-regions export: listing the origin cloud region mappings of zone ${ZONE} failed: Cloudflare error 10000: .*\\[HTTP 403.*\\]\\. Fix: .*\\n$`),
    );
  });
});

describe("round trip: export → the fragment as a program → the provider host", () => {
  // One host per test: each stands for a `pulumi up` of its own (a deployment is one provider host process).
  let host: ProviderHost;
  beforeEach(async () => {
    host = await ProviderHost.start({ config: { "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake.baseUrl } });
  });
  afterEach(() => host?.stop());

  test("takes every mapping under management without rewriting any, and the next up is no change", async () => {
    const before = fake.mappings(ZONE);
    const registered = await registrationsOf((await bin(["export", "--zone", ZONE])).out);
    expect(registered.map((r) => [r.type, r.name])).toEqual([
      [TYPE, "origin-192.0.2.1"],
      [TYPE, "origin-198.51.100.7"],
      [TYPE, "origin-2001-db8--10"],
    ]);
    const engine = new MiniEngine(host, TYPE, registered[0].inputs.__provider);
    fake.resetRequests();
    for (const r of registered) expect(await engine.up(r.name, r.inputs)).toBe("create");
    // README: a mapping that still holds the printed vendor and region costs one GET (besides check's supported_regions).
    const requests = () => fake.requests.filter((r) => r.route !== "supportedRegions").map((r) => `${r.method} ${r.route}`);
    expect(requests()).toEqual(["GET get", "GET get", "GET get"]);
    expect(fake.mappings(ZONE)).toEqual(before); // modified_on included: nothing was written
    for (const r of registered) expect(engine.state.get(r.name)!.outputs).toMatchObject({ adopt: true, modifiedOn: expect.any(String) });

    fake.resetRequests();
    for (const r of registered) expect(await engine.up(r.name, r.inputs)).toBe("same");
    expect(fake.requests).toEqual([]); // the next up is no change: no request at all
    for (const r of registered) expect(await engine.refresh(r.name)).toEqual({ op: "refresh", drift: "none" });
    expect(requests()).toEqual(["GET get", "GET get", "GET get"]); // refresh reads each mapping, writes nothing
  });

  test("a mapping changed between export and up is set back; the others are left as they are", async () => {
    const registered = await registrationsOf((await bin(["export", "--zone", ZONE])).out);
    fake.seed(ZONE, [{ origin_ip: "198.51.100.7", vendor: "oci", region: "us-ashburn-1" }]); // someone edits it meanwhile
    const untouched = fake.mappings(ZONE).filter((m) => m.origin_ip !== "198.51.100.7");
    const engine = new MiniEngine(host, TYPE, registered[0].inputs.__provider);
    fake.resetRequests();
    for (const r of registered) await engine.up(r.name, r.inputs);
    expect(fake.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path.replace(/^.*cloud_regions\//, "")}`)).toEqual([
      "PUT 198.51.100.7",
    ]);
    expect(fake.mappings(ZONE)).toEqual(expect.arrayContaining([...untouched, expect.objectContaining({ origin_ip: "198.51.100.7", vendor: "azure", region: "westeurope" })]));
  });
});
