// The version matrix: the package as users get it (the tarball `npm pack` makes, prepack and all) installed into fresh
// Pulumi projects next to @pulumi/pulumi, at both ends of what package.json declares (tests/harness/versions.ts):
// the oldest Node with the oldest @pulumi/pulumi, Node 22 with the newest, and a pnpm project (isolated node_modules)
// on Node 24 with the newest. Each project type-checks a program, runs it under Pulumi's mocks on that Node, drives
// that version's provider host through a resource's lifecycle, and runs the export command. Node runtimes come from
// the package registry's `node` package (npx -p node@…), pnpm from its `pnpm` package (npx -p pnpm@…).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as semver from "semver";
import * as ts from "typescript";
import { FAKE_TOKEN, FakeCloudflare } from "../fake/server";
import { run, type Finished } from "../harness/childProcess";
import { MiniEngine } from "../harness/engine";
import { PACKAGE_NAME, REPO_ROOT, type RpcError } from "../harness/providerHost";
import {
  DEV_PULUMI_VERSION,
  MATRIX,
  OLD_HOST_GET_ERROR,
  PNPM_VERSION,
  hostSupportsGet,
  type MatrixLeg,
} from "../harness/versions";
import { ENTRY_POINTS, valueExports } from "./entryPoints";

jest.setTimeout(600_000);

const TYPE = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion";
const PROVIDER_0_1_0 = fs.readFileSync(
  path.join(REPO_ROOT, "tests", "fixtures", "serialized-provider-0.1.0.js"),
  "utf8",
);
const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));

/** The environment of a command run on the given Node (`#!/usr/bin/env node` scripts such as npm find it first). */
function environment(options: { env?: NodeJS.ProcessEnv; node?: string }): NodeJS.ProcessEnv {
  const env = { ...process.env, ...options.env };
  if (options.node) env.PATH = `${path.dirname(options.node)}${path.delimiter}${env.PATH}`;
  return env;
}

/** Runs a command to its end, failing loudly with everything it printed when it exits non-zero. */
async function ok(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; node?: string },
): Promise<Finished> {
  const result = await run(command, args, { cwd: options.cwd, env: environment(options) });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(" ")} exited ${result.status} in ${options.cwd}:\n${result.stdout}\n${result.stderr}`,
    );
  return result;
}

let work: string;
let tarball: string;
let fake: FakeCloudflare;
/** Per leg: its project directory, node executable and what `npm install` printed. */
const legs = new Map<string, { dir: string; node: string; install: Finished }>();
/** The zone whose mappings the export command reads in every leg. */
const EXPORT_ZONE = "0000000000000000000000000000a7e0";

/**
 * A clean copy of the repository's sources (what a fresh clone holds; node_modules linked), with a stale module
 * planted in its dist/ as a previous build could leave it, packed by `npm pack`.
 */
async function pack(): Promise<string> {
  const src = path.join(work, "src");
  const ignored = new Set(["node_modules", "dist", ".git", "coverage", ".pulumi-demo"]);
  fs.cpSync(REPO_ROOT, src, {
    recursive: true,
    filter: (from) => !ignored.has(path.basename(from)) && !/\.(tgz|tsbuildinfo)$/.test(from),
  });
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(src, "node_modules"), "dir");
  fs.mkdirSync(path.join(src, "dist", "provider"), { recursive: true });
  fs.writeFileSync(path.join(src, "dist", "provider", "stale-module.js"), "module.exports = 'from an old build';\n");
  const packed = await ok("npm", ["pack", "--pack-destination", work, "--loglevel=warn"], { cwd: src });
  return path.join(work, packed.stdout.trim().split("\n").pop()!);
}

/** The path of a Node executable of exactly this version, from the `node` package (cached by npx after the first run). */
async function nodeBinary(version: string): Promise<string> {
  const found = await ok(
    "npx",
    ["-y", "-p", `node@${version}`, "node", "-p", "process.execPath + ' ' + process.version"],
    { cwd: work },
  );
  const [binary, reported] = found.stdout.trim().split(" ");
  if (reported !== `v${version}`) throw new Error(`npx -p node@${version} ran Node ${reported}`);
  return binary;
}

/** A command of the leg's package manager: npm as the machine has it, or the pinned pnpm from its registry package. */
function manager(leg: MatrixLeg, args: string[]): [string, string[]] {
  return leg.manager === "pnpm" ? ["npx", ["-y", "-p", `pnpm@${PNPM_VERSION}`, "pnpm", ...args]] : ["npm", args];
}

/**
 * A fresh project with the tarball and an exact @pulumi/pulumi, installed by the leg's package manager running on the
 * leg's Node. npm hoists @types/node from @pulumi/pulumi's tree; pnpm does not, so that project declares it, as
 * Pulumi's TypeScript template does. pnpm runs no dependency's install script unless told, and fails on one not
 * decided: the project declines @pulumi/pulumi's (protobufjs's version check), so one of this package's would fail it.
 */
async function installLeg(leg: MatrixLeg) {
  const dir = path.join(work, `project-${leg.leg}`);
  fs.mkdirSync(dir);
  const devDependencies = leg.manager === "pnpm" ? { "@types/node": `^${semver.major(leg.node)}` } : {};
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: `project-${leg.leg}`, version: "1.0.0", private: true, devDependencies }),
  );
  if (leg.manager === "pnpm")
    fs.writeFileSync(path.join(dir, "pnpm-workspace.yaml"), "allowBuilds:\n  protobufjs: false\n");
  const node = await nodeBinary(leg.node);
  const add = leg.manager === "pnpm" ? ["add"] : ["install", "--no-audit", "--no-fund"];
  const install = await ok(...manager(leg, [...add, "--prefer-offline", tarball, `@pulumi/pulumi@${leg.pulumi}`]), {
    cwd: dir,
    node,
  });
  legs.set(leg.leg, { dir, node, install });
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "ocr-matrix-"));
  fake = await FakeCloudflare.start();
  fake.seed(EXPORT_ZONE, [
    { origin_ip: "2001:db8::10", vendor: "gcp", region: "us-central1" },
    { origin_ip: "192.0.2.10", vendor: "aws", region: "us-east-1" },
  ]);
  tarball = await pack();
  await Promise.all(MATRIX.map(installLeg));
});
afterAll(async () => {
  await fake?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("package.json declares what the matrix tests: its oldest leg is the floor of engines.node and of the peer range", () => {
  const [oldest] = MATRIX;
  expect(semver.minVersion(pkg.engines.node)!.version).toBe(oldest.node);
  expect(semver.minVersion(pkg.peerDependencies["@pulumi/pulumi"])!.version).toBe(oldest.pulumi);
  for (const leg of MATRIX) {
    expect(semver.satisfies(leg.node, pkg.engines.node)).toBe(true);
    expect(semver.satisfies(leg.pulumi, pkg.peerDependencies["@pulumi/pulumi"])).toBe(true);
  }
  expect(pkg.dependencies["@pulumi/pulumi"]).toBeUndefined();
  // Node 22 and 24 both run, 24 under pnpm; the newest SDK is tested with both.
  expect(MATRIX.map((l) => [semver.major(l.node), l.manager])).toEqual([
    [20, "npm"],
    [22, "npm"],
    [24, "pnpm"],
  ]);
  expect(MATRIX[2].pulumi).toBe(MATRIX[1].pulumi);
});

test("README states the supported versions and the tested matrix, in its Install section", () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const install = readme.slice(readme.indexOf("## Install"), readme.indexOf("\n## ", readme.indexOf("## Install") + 1));
  expect(install).toContain(`\`engines.node\`: \`${pkg.engines.node}\``);
  expect(install).toContain(`\`@pulumi/pulumi\` \`${pkg.peerDependencies["@pulumi/pulumi"]}\``);
  for (const { node, pulumi } of MATRIX) expect(install).toContain(`Node.js ${node} with \`@pulumi/pulumi\` ${pulumi}`);
  expect(install).toContain(`pnpm ${PNPM_VERSION}`);
  expect(install).toContain(`the dev dependency, \`@pulumi/pulumi\` ${DEV_PULUMI_VERSION}`);
  expect(install).toContain(`npm install /path/to/${PACKAGE_NAME}-${pkg.version}.tgz @pulumi/pulumi`);
});

test("npm pack rebuilds dist/ from scratch and ships it, the plugin folder, the CHANGELOG, README and LICENSE, and nothing else", async () => {
  const listed = (await ok("tar", ["-tzf", tarball], { cwd: work })).stdout
    .trim()
    .split("\n")
    .map((f) => f.replace(/^package\//, ""));
  expect(listed).not.toContain("dist/provider/stale-module.js");
  expect(listed.filter((f) => !f.startsWith("dist/provider/")).sort()).toEqual([
    "CHANGELOG.md",
    "LICENSE",
    "README.md",
    "package.json",
    "plugin/PulumiPlugin.yaml",
    "plugin/index.js",
    "plugin/pulumi-resource-cloudflare-origin-cloud-regions",
    "plugin/schema.json",
  ]);
  expect(listed.filter((f) => f.startsWith("dist/") && !/\.(js|d\.ts)$/.test(f))).toEqual([]);
  for (const { source } of ENTRY_POINTS) {
    const compiled = `dist/${source.replace(/\.ts$/, "")}`;
    expect(listed).toEqual(expect.arrayContaining([`${compiled}.js`, `${compiled}.d.ts`]));
  }
  expect(listed).toContain(pkg.bin[PACKAGE_NAME]);
  expect(listed).toContain(pkg.bin["pulumi-resource-cloudflare-origin-cloud-regions"]);
  const changelog = fs.readFileSync(path.join(REPO_ROOT, "CHANGELOG.md"), "utf8");
  expect(changelog).toMatch(new RegExp(`^## ${pkg.version.replace(/\./g, "\\.")}\\b`, "m")); // the version being shipped has its entry
});

test("a project pinned to an older @pulumi/pulumi is refused by npm, not given a second copy of the SDK", async () => {
  const dir = path.join(work, "project-pinned");
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "pinned", private: true, dependencies: { "@pulumi/pulumi": "3.200.0" } }),
  );
  const result = await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], {
    cwd: dir,
    env: process.env,
  });
  expect(result.status).not.toBe(0);
  expect(result.stderr).toContain("ERESOLVE");
  expect(result.stderr).toContain(
    `peer @pulumi/pulumi@"${pkg.peerDependencies["@pulumi/pulumi"]}" from ${PACKAGE_NAME}@${pkg.version}`,
  );
  expect(fs.existsSync(path.join(dir, "node_modules", PACKAGE_NAME))).toBe(false);
});

/** A user's program: both entry points, the resource, `get`, `isInstance`, the lookups and the API client. */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { OriginCloudRegion, canonicalizeIp, getOriginCloudRegions, getSupportedRegionsOutput, type OriginCloudRegionMapping } from "${PACKAGE_NAME}";
import { OriginCloudRegionsApi, isNotFound, type OriginCloudRegionRecord } from "${PACKAGE_NAME}/api";

const config = new pulumi.Config();
const zoneId = config.require("zoneId");
const ipv4 = new OriginCloudRegion("ipv4", { zoneId, originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" });
const ipv6 = new OriginCloudRegion("ipv6", { zoneId, originIp: "2001:DB8::1", vendor: "gcp", region: "us-central1", adopt: true });
const existing = OriginCloudRegion.get("existing", \`\${zoneId}/198.51.100.7\`);

export const isInstance = [ipv4, ipv6, existing].map((r) => OriginCloudRegion.isInstance(r)).concat(OriginCloudRegion.isInstance({}));
export const canonical = canonicalizeIp("2001:0DB8::1");
export const mappings: Promise<OriginCloudRegionMapping[]> = getOriginCloudRegions({ zoneId }).then((r) => r.mappings);
export const awsRegions = getSupportedRegionsOutput({ zoneId }).apply((r) => r.vendors.aws.map((region) => region.name));
const api = new OriginCloudRegionsApi({ credentials: { apiToken: config.require("token") }, baseUrl: config.require("baseUrl") });
export const viaClient: Promise<string | undefined> = api.get(zoneId, "198.51.100.7").then((m: OriginCloudRegionRecord | undefined) => m?.region);
export const notFound = isNotFound(new Error("not a Cloudflare answer"));
`;

/** Runs PROGRAM (compiled) under the project's own @pulumi/pulumi mocks and prints what it registered and computed. */
const RUNNER = `const pulumi = require("@pulumi/pulumi");
const registered = [];
const mocks = { newResource: (a) => (registered.push({ type: a.type, name: a.name, id: a.id, inputs: a.inputs }), { id: a.id || a.name + "-id", state: { ...a.inputs, region: a.id ? "westeurope" : a.inputs.region } }), call: () => ({}) };
pulumi.runtime.setMocks(mocks, "proj", "dev", false).then(async () => {
  pulumi.runtime.setAllConfig(JSON.parse(process.env.PROGRAM_CONFIG));
  const program = require("./index.js");
  const settled = (o) => new Promise((resolve) => pulumi.output(o).apply(resolve));
  const result = {
    node: process.version,
    sdk: require("@pulumi/pulumi/package.json").version,
    isInstance: program.isInstance,
    canonical: program.canonical,
    mappings: await program.mappings,
    awsRegions: await settled(program.awsRegions),
    viaClient: await program.viaClient,
    notFound: program.notFound,
    exports: ${JSON.stringify(ENTRY_POINTS.map((e) => PACKAGE_NAME + e.subpath.slice(1)))}.map((s) => Object.keys(require(s)).sort()),
  };
  await new Promise((resolve) => setTimeout(resolve, 300));
  process.stdout.write(JSON.stringify({ ...result, registered }));
});
`;

/** Every diagnostic of a type-check of the project's files with the given module resolution. */
function typeCheckProject(dir: string, files: string[], resolution: "node10" | "node16"): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    target: ts.ScriptTarget.ES2022,
    module: resolution === "node10" ? ts.ModuleKind.CommonJS : ts.ModuleKind.Node16,
    moduleResolution: resolution === "node10" ? ts.ModuleResolutionKind.Node10 : ts.ModuleResolutionKind.Node16,
    types: ["node"],
    typeRoots: [path.join(dir, "node_modules", "@types")],
  };
  const program = ts.createProgram(
    files.map((f) => path.join(dir, f)),
    options,
  );
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) => `${d.file ? path.basename(d.file.fileName) : "-"}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
    );
}

describe.each(MATRIX)(
  "Node $node with @pulumi/pulumi $pulumi ($leg), the package from its tarball by $manager",
  (leg) => {
    const project = () => legs.get(leg.leg)!;
    const ZONE = (0xa01 + MATRIX.indexOf(leg)).toString(16).padStart(32, "0");
    const config = () => ({ "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake.baseUrl });
    let ran: {
      node: string;
      sdk: string;
      registered: { type: string; name: string; id?: string; inputs: Record<string, unknown> }[];
    } & Record<string, unknown>;

    test(`${leg.manager} installs it with no engine warning, next to exactly one @pulumi/pulumi: the project's`, () => {
      const { dir, install } = project();
      expect(`${install.stdout}${install.stderr}`).not.toMatch(
        /EBADENGINE|ERESOLVE|peer dep|unsupported engine|unmet peer|ignored build scripts/i,
      );
      // The package's own @pulumi/pulumi (its peer, as its files resolve it) is the project's, not a copy of its own.
      const sdk = (from: string) =>
        fs.realpathSync(path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [from] })));
      expect(sdk(fs.realpathSync(path.join(dir, "node_modules", PACKAGE_NAME)))).toBe(sdk(dir));
      if (leg.manager === "pnpm") {
        // pnpm's isolated layout: the package is a link into node_modules/.pnpm, which holds one @pulumi/pulumi.
        expect(fs.lstatSync(path.join(dir, "node_modules", PACKAGE_NAME)).isSymbolicLink()).toBe(true);
        const store = fs
          .readdirSync(path.join(dir, "node_modules", ".pnpm"))
          .filter((e) => e.startsWith("@pulumi+pulumi@"));
        expect(store).toEqual([`@pulumi+pulumi@${leg.pulumi}`]);
        expect(sdk(dir)).toBe(
          path.join(fs.realpathSync(dir), "node_modules", ".pnpm", store[0], "node_modules", "@pulumi", "pulumi"),
        );
        return;
      }
      const copies: string[] = [];
      const walk = (modules: string) => {
        if (!fs.existsSync(modules)) return;
        for (const entry of fs.readdirSync(modules)) {
          const scoped = entry.startsWith("@")
            ? fs.readdirSync(path.join(modules, entry)).map((e) => `${entry}/${e}`)
            : [entry];
          for (const name of scoped) {
            if (name === "@pulumi/pulumi") copies.push(path.relative(dir, path.join(modules, name)));
            walk(path.join(modules, name, "node_modules"));
          }
        }
      };
      walk(path.join(dir, "node_modules"));
      expect(copies).toEqual([path.join("node_modules", "@pulumi", "pulumi")]);
      expect(JSON.parse(fs.readFileSync(path.join(dir, copies[0], "package.json"), "utf8")).version).toBe(leg.pulumi);
    });

    test("a TypeScript program using both entry points type-checks under node10 and node16 module resolution", () => {
      const { dir } = project();
      fs.writeFileSync(path.join(dir, "index.ts"), PROGRAM);
      fs.writeFileSync(
        path.join(dir, "internals.ts"),
        `import { CloudflareHttp } from "${PACKAGE_NAME}";\nexport const x = CloudflareHttp;\n`,
      );
      for (const resolution of ["node10", "node16"] as const) {
        expect(typeCheckProject(dir, ["index.ts"], resolution)).toEqual([]);
        // The boundary holds in the installed package too: internals are not importable from the main entry.
        expect(typeCheckProject(dir, ["internals.ts"], resolution)).toEqual([
          `internals.ts: Module '"${PACKAGE_NAME}"' has no exported member 'CloudflareHttp'.`,
        ]);
      }
    });

    test("the program loads on that Node and registers resources under mocks; lookups and the /api client work", async () => {
      const { dir, node } = project();
      fake.seed(ZONE, [
        { origin_ip: "198.51.100.7", vendor: "azure", region: "westeurope" },
        { origin_ip: "192.0.2.200", vendor: "aws", region: "us-west-2" },
      ]);
      fs.writeFileSync(
        path.join(dir, "index.js"),
        ts.transpileModule(PROGRAM, {
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
        }).outputText,
      );
      fs.writeFileSync(path.join(dir, "runner.js"), RUNNER);
      const programConfig = {
        "proj:zoneId": ZONE,
        "proj:token": FAKE_TOKEN,
        "proj:baseUrl": fake.baseUrl,
        ...config(),
      };
      const result = await ok(node, ["runner.js"], {
        cwd: dir,
        env: { PROGRAM_CONFIG: JSON.stringify(programConfig) },
      });
      ran = JSON.parse(result.stdout);
      expect([ran.node, ran.sdk]).toEqual([`v${leg.node}`, leg.pulumi]);
      ran.registered.sort((a, b) => a.name.localeCompare(b.name)); // a get registers without waiting for inputs
      expect(ran.registered.map((r) => [r.type, r.name, r.id ?? ""])).toEqual([
        [TYPE, "existing", `${ZONE}/198.51.100.7`],
        [TYPE, "ipv4", ""],
        [TYPE, "ipv6", ""],
      ]);
      expect(ran.registered[2].inputs).toMatchObject({
        zoneId: ZONE,
        originIp: "2001:DB8::1",
        vendor: "gcp",
        region: "us-central1",
        adopt: true,
      });
      expect(ran.isInstance).toEqual([true, true, true, false]);
      expect(ran.canonical).toBe("2001:db8::1");
      expect(ran.mappings).toEqual([
        {
          id: `${ZONE}/192.0.2.200`,
          originIp: "192.0.2.200",
          vendor: "aws",
          region: "us-west-2",
          modifiedOn: expect.any(String),
        },
        {
          id: `${ZONE}/198.51.100.7`,
          originIp: "198.51.100.7",
          vendor: "azure",
          region: "westeurope",
          modifiedOn: expect.any(String),
        },
      ]);
      expect(ran.awsRegions).toEqual(expect.arrayContaining(["us-east-1", "us-west-2"]));
      expect(ran.viaClient).toBe("westeurope");
      expect(ran.notFound).toBe(false);
      expect(ran.exports).toEqual(ENTRY_POINTS.map((e) => valueExports(e.exports)));
      // That SDK's closure serializer stores the same small shim: only this package by name, never a path or a secret.
      expect(ran.registered[0].inputs.__provider).toBe(PROVIDER_0_1_0);
    });

    test("that version's provider host, on that Node, runs the lifecycle: create, no change, update, refresh, get, destroy", async () => {
      const { dir, node } = project();
      // Six commands, each a host of that version, on that Node, of its own.
      const engine = new MiniEngine({
        type: TYPE,
        providerText: ran.registered[0].inputs.__provider as string,
        host: { projectDir: dir, node, config: config() },
      });
      const inputs = { zoneId: ZONE, originIp: "2001:DB8::1", vendor: "gcp", region: "us-central1" };
      expect(await engine.up("m", inputs)).toBe("create");
      expect(engine.state.get("m")!.id).toBe(`${ZONE}/2001:db8::1`);
      expect(await engine.up("m", { ...inputs, originIp: "2001:db8:0::1" })).toBe("same");
      expect(await engine.up("m", { ...inputs, region: "europe-west1" })).toBe("update");
      fake.seed(ZONE, [{ origin_ip: "2001:db8::1", vendor: "gcp", region: "us-central1" }]); // changed outside Pulumi
      expect(await engine.refresh("m")).toEqual({ op: "refresh", drift: "some" });
      expect(engine.state.get("m")!.inputs).toMatchObject({ region: "us-central1" }); // read returned inputs (>= 3.216)
      const get = engine.get("read", `${ZONE}/2001%3Adb8%3A%3A1`);
      if (hostSupportsGet(leg.pulumi)) {
        expect((await get).outputs).toMatchObject({ originIp: "2001:db8::1", region: "us-central1" });
      } else {
        await expect(get).rejects.toMatchObject({
          details: expect.stringContaining(OLD_HOST_GET_ERROR),
        } as Partial<RpcError>);
      }
      await engine.destroy("m");
      expect(fake.mappings(ZONE).map((m) => m.origin_ip)).not.toContain("2001:db8::1");
    });

    const runner = leg.manager === "pnpm" ? "pnpm exec" : "npx";
    test(`${runner} pulumi-cloudflare-origin-cloud-regions export runs the installed command on that Node`, async () => {
      const { dir, node } = project();
      const env = { CLOUDFLARE_API_TOKEN: FAKE_TOKEN, CLOUDFLARE_BASE_URL: fake.baseUrl };
      const command =
        leg.manager === "pnpm"
          ? manager(leg, ["exec", PACKAGE_NAME])
          : (["npx", ["--no", PACKAGE_NAME]] as [string, string[]]);
      const result = await ok(command[0], [...command[1], "export", "--zone", EXPORT_ZONE], { cwd: dir, node, env });
      expect(result.stderr).toBe("");
      expect(result.stdout.match(/^ *new OriginCloudRegion\("[^"]+"/gm)?.map((l) => l.trim())).toEqual([
        'new OriginCloudRegion("origin-192.0.2.10"',
        'new OriginCloudRegion("origin-2001-db8--10"',
      ]);
    });
  },
);

test("the provider-host suites pass on Node 22 against the newest @pulumi/pulumi's host, get included", async () => {
  const newest = MATRIX.find((l) => l.leg === "newest")!;
  const { dir, node } = legs.get(newest.leg)!;
  // This repository's jest, run by that Node; each suite's hosts come from the newest leg's project (versions.ts).
  const result = await run(
    node,
    [require.resolve("jest/bin/jest"), "--ci", "--verbose", "tests/provider/.*\\.host\\.test\\.ts$"],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, OCR_HOST_NODE: node, OCR_HOST_PULUMI: dir },
    },
  );
  if (result.status !== 0)
    throw new Error(
      `the host suites failed on Node ${newest.node} with @pulumi/pulumi ${newest.pulumi}:\n${result.stderr}`,
    );
  expect(result.stderr).toContain(
    "✓ get reads an existing mapping by <zone_id>/<origin_ip>, any spelling or percent-encoding",
  );
  expect(result.stderr).toContain(
    "✓ README's snippet reads the mapping the zone holds, by <zone_id>/<origin_ip> in any spelling, and writes nothing",
  );
  expect(result.stderr).toMatch(/○ skipped get on a host older than 3\.268\.0/);
  expect(result.stderr).toMatch(/Test Suites: \d+ passed, \d+ total/);
});
