// The export command's compiled bin against the fake API, and the round trip it exists for: export a zone's hand-made
// mappings, run the printed fragment as a program, deploy what it declares through the real provider host, and find
// that nothing in Cloudflare was rewritten and a second `up` is no change. (Its output and failures, in this process:
// export.test.ts.)
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import { FAKE_TOKEN } from "../../fake/server";
import { run } from "../../harness/childProcess";
import { MiniEngine } from "../../harness/engine";
import { recordRegistrations } from "../../harness/mocks";
import { PACKAGE_NAME, REPO_ROOT } from "../../harness/providerHost";
import { typeCheck } from "../../harness/typecheck";
import { USAGE } from "../../../provider/cli/export";
import { EXPECTED_PROGRAM, useExportFake, ZONE } from "./exportFixtures";

// js-yaml reads the stack's YAML as Pulumi's would (a test-only reader, installed with jest).
const yaml = require("js-yaml") as { load(text: string): unknown };

const TYPE = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion";
const { fake, env } = useExportFake();

/**
 * The installed command, as `npx pulumi-cloudflare-origin-cloud-regions …` runs it: the compiled bin in its own
 * process (asynchronously: the fake it talks to answers from this process's event loop).
 */
async function bin(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const pkg = require(path.join(REPO_ROOT, "package.json"));
  const result = await run(process.execPath, [path.join(REPO_ROOT, pkg.bin[PACKAGE_NAME]), ...args], {
    env: { PATH: process.env.PATH, ...env() },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/**
 * Runs a TypeScript program under Pulumi's mocks: `program`, or the file `index.ts` of `files` (which may import the
 * others as `./name`), the package name resolving to its sources.
 */
async function registrationsOf(program: string | Map<string, string>): Promise<pulumi.runtime.MockResourceArgs[]> {
  const files = typeof program === "string" ? new Map([["index.ts", program]]) : program;
  const registered = await recordRegistrations();
  const run = (file: string) => {
    const js = ts.transpileModule(files.get(file)!, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const load = (id: string): unknown =>
      id === PACKAGE_NAME
        ? require("../../../provider")
        : files.has(`${id.replace(/^\.\//, "")}.ts`)
          ? run(`${id.slice(2)}.ts`)
          : require(id);
    const module = { exports: {} };
    new Function("require", "exports", "module", js)(load, module.exports, module);
    return module.exports;
  };
  run("index.ts");
  await new Promise((resolve) => setTimeout(resolve, 300)); // let the registrations settle
  return registered;
}

/** A program that already declares a mapping of its own, importing the package as README's examples do. */
const PROGRAM = `import { OriginCloudRegion, type Vendor } from "${PACKAGE_NAME}";

const vendor: Vendor = "aws";
const api = new OriginCloudRegion("api-origin", { zoneId: "${ZONE}", originIp: "203.0.113.9", vendor, region: "us-east-1" });
export const apiOriginIp = api.originIp;
`;
const inRepo = (name: string) => path.join(REPO_ROOT, "tests", name);
const EXPORTED = ["origin-192.0.2.1", "origin-198.51.100.7", "origin-2001-db8--10"];

describe("export --zone", () => {
  test("prints each mapping as an adopted OriginCloudRegion named after its IP, in address order, reading only", async () => {
    const result = await bin(["export", "--zone", ZONE]);
    expect(result).toEqual({ code: 0, out: EXPECTED_PROGRAM, err: "" });
    expect(fake().requests.map((r) => `${r.method} ${r.route}`)).toEqual(["GET list"]);
  });

  test("the fragment type-checks against the package as a program file", () => {
    expect(typeCheck(new Map([[inRepo("exported-program.ts"), EXPECTED_PROGRAM]]))).toEqual([]);
  });

  test("pasted at the end of a program that already imports the package, it type-checks and declares its mappings", async () => {
    const pasted = `${PROGRAM}\n${EXPECTED_PROGRAM}`;
    expect(typeCheck(new Map([[inRepo("pasted-program.ts"), pasted]]))).toEqual([]);
    expect((await registrationsOf(pasted)).map((r) => r.name)).toEqual(["api-origin", ...EXPORTED]);
  });

  test("pasted into the body of a program's exported function, it type-checks", () => {
    const program = `import * as pulumi from "@pulumi/pulumi";\n\nexport = async () => {\n  const config = new pulumi.Config();\n${EXPECTED_PROGRAM}  return { zoneId: config.get("zoneId") };\n};\n`;
    expect(typeCheck(new Map([[inRepo("pasted-in-function.ts"), program]]))).toEqual([]);
  });

  test("saved as adopted.ts and imported by the program, it type-checks and declares its mappings", async () => {
    const index = `${PROGRAM}import "./adopted";\n`;
    expect(
      typeCheck(
        new Map([
          [inRepo("index-program.ts"), index.replace("./adopted", "./adopted-module")],
          [inRepo("adopted-module.ts"), EXPECTED_PROGRAM],
        ]),
      ),
    ).toEqual([]);
    const registered = await registrationsOf(
      new Map([
        ["index.ts", index],
        ["adopted.ts", EXPECTED_PROGRAM],
      ]),
    );
    expect(registered.map((r) => r.name)).toEqual(["api-origin", ...EXPORTED]);
  });
});

test("--format json says where it goes in Pulumi.<stack>.yaml; placed there as --help shows, examples/from-config reads it", async () => {
  const json = await bin(["export", "--zone", ZONE, "--format", "json"]);
  expect(json.err).toBe(
    "pulumi-cloudflare-origin-cloud-regions export: in Pulumi.<stack>.yaml, zoneId and origins go under config: as <project>:zoneId and <project>:origins (see --help)\n",
  );
  const { zoneId, origins } = JSON.parse(json.out);
  const template = /\n( +config:\n +<project>:zoneId: <zoneId>\n +<project>:origins: <origins>\n)/.exec(USAGE)![1];
  const stackYaml = template
    .replace(/<project>/g, "proj")
    .replace("<zoneId>", JSON.stringify(zoneId))
    .replace("<origins>", JSON.stringify(origins)) // JSON is YAML: the value as printed
    .replace(
      /^( +)config:\n/,
      `$1config:\n$1  cloudflare:apiToken: ${FAKE_TOKEN}\n$1  cloudflare:baseUrl: ${fake().baseUrl}\n`,
    );
  // The engine hands a program its stack's config with structured values as JSON text.
  const { config } = yaml.load(stackYaml.replace(/^ +/gm, (indent) => indent.slice(template.indexOf("config:")))) as {
    config: Record<string, unknown>;
  };
  const fromFragment = await registrationsOf((await bin(["export", "--zone", ZONE])).out);
  const fromConfig = await recordRegistrations();
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])),
  );
  let program = async () => ({ originIps: [] as pulumi.Output<string>[] });
  jest.isolateModules(() => {
    program = require("../../../examples/from-config");
  });
  await new Promise((resolve) => pulumi.output(program().then((o) => o.originIps)).apply(resolve));
  const declared = (rs: pulumi.runtime.MockResourceArgs[]) =>
    rs.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }));
  expect(declared(fromConfig)).toEqual(declared(fromFragment));
  expect(fromConfig.map((r) => r.name)).toEqual(EXPORTED);
});

test("--format import: the bin prints Pulumi's bulk import file on stdout, and how to use it on stderr", async () => {
  const result = await bin(["export", "--zone", ZONE, "--format", "import"]);
  expect(result.code).toBe(0);
  expect(result.err).toBe(
    "pulumi-cloudflare-origin-cloud-regions export: save this as a file (> import.json) and run pulumi import --file import.json " +
      'in the stack\'s project; it needs the provider plugin cloudflare-origin-cloud-regions (README: "From Python, Go, .NET, Java and YAML"; see --help)\n',
  );
  const type = "cloudflare-origin-cloud-regions:index:OriginCloudRegion";
  expect(JSON.parse(result.out)).toEqual({
    resources: [
      { type, name: "origin-192.0.2.1", id: `${ZONE}/192.0.2.1` },
      { type, name: "origin-198.51.100.7", id: `${ZONE}/198.51.100.7` },
      { type, name: "origin-2001-db8--10", id: `${ZONE}/2001:db8::10` }, // stored as 2001:DB8:0::10
    ],
  });
  expect(fake().requests.map((r) => `${r.method} ${r.route}`)).toEqual(["GET list"]);
});

test("the JSON, as examples/from-config's stack config, declares exactly what the TypeScript fragment does", async () => {
  const { zoneId, origins } = JSON.parse((await bin(["export", "--zone", ZONE, "--format", "json"])).out);
  const fromFragment = await registrationsOf((await bin(["export", "--zone", ZONE])).out);
  const fromConfig = await recordRegistrations();
  pulumi.runtime.setAllConfig({
    "proj:zoneId": zoneId,
    "proj:origins": JSON.stringify(origins),
    "cloudflare:apiToken": FAKE_TOKEN,
    "cloudflare:baseUrl": fake().baseUrl,
  });
  let program = async () => ({ originIps: [] as pulumi.Output<string>[] });
  jest.isolateModules(() => {
    program = require("../../../examples/from-config");
  });
  const { originIps } = await program();
  await new Promise((resolve) => pulumi.output(originIps).apply(resolve));
  const declared = (rs: pulumi.runtime.MockResourceArgs[]) =>
    rs.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }));
  expect(declared(fromConfig)).toEqual(declared(fromFragment));
});

describe("round trip: export → the fragment as a program → the provider host", () => {
  /** A stack of the program's resources; each `up` or `refresh` of all of them is one command, with a host of its own. */
  const stack = (providerText: string) =>
    new MiniEngine({
      type: TYPE,
      providerText,
      host: { config: { "cloudflare:apiToken": FAKE_TOKEN, "cloudflare:baseUrl": fake().baseUrl } },
    });

  test("takes every mapping under management without rewriting any, and the next up is no change", async () => {
    const before = fake().mappings(ZONE);
    const registered = await registrationsOf((await bin(["export", "--zone", ZONE])).out);
    expect(registered.map((r) => [r.type, r.name])).toEqual([
      [TYPE, "origin-192.0.2.1"],
      [TYPE, "origin-198.51.100.7"],
      [TYPE, "origin-2001-db8--10"],
    ]);
    const engine = stack(registered[0].inputs.__provider);
    fake().resetRequests();
    await engine.command(async () => {
      for (const r of registered) expect(await engine.up(r.name, r.inputs)).toBe("create");
    });
    // README: a mapping that still holds the printed vendor and region costs one GET (besides check's supported_regions).
    const requests = () =>
      fake()
        .requests.filter((r) => r.route !== "supportedRegions")
        .map((r) => `${r.method} ${r.route}`);
    expect(requests()).toEqual(["GET get", "GET get", "GET get"]);
    expect(fake().mappings(ZONE)).toEqual(before); // modified_on included: nothing was written
    for (const r of registered)
      expect(engine.state.get(r.name)!.outputs).toMatchObject({ adopt: true, modifiedOn: expect.any(String) });

    fake().resetRequests();
    await engine.command(async () => {
      for (const r of registered) expect(await engine.up(r.name, r.inputs)).toBe("same");
    });
    expect(requests()).toEqual([]); // the next up is no change: no request but its host's supported_regions read
    await engine.command(async () => {
      for (const r of registered) expect(await engine.refresh(r.name)).toEqual({ op: "refresh", drift: "none" });
    });
    expect(requests()).toEqual(["GET get", "GET get", "GET get"]); // refresh reads each mapping, writes nothing
  });

  test("a mapping changed between export and up is set back; the others are left as they are", async () => {
    const registered = await registrationsOf((await bin(["export", "--zone", ZONE])).out);
    fake().seed(ZONE, [{ origin_ip: "198.51.100.7", vendor: "oci", region: "us-ashburn-1" }]); // someone edits it meanwhile
    const untouched = fake()
      .mappings(ZONE)
      .filter((m) => m.origin_ip !== "198.51.100.7");
    const engine = stack(registered[0].inputs.__provider);
    fake().resetRequests();
    await engine.command(async () => {
      for (const r of registered) await engine.up(r.name, r.inputs);
    });
    expect(
      fake()
        .requests.filter((r) => r.method !== "GET")
        .map((r) => `${r.method} ${r.path.replace(/^.*cloud_regions\//, "")}`),
    ).toEqual(["PUT 198.51.100.7"]);
    expect(fake().mappings(ZONE)).toEqual(
      expect.arrayContaining([
        ...untouched,
        expect.objectContaining({ origin_ip: "198.51.100.7", vendor: "azure", region: "westeurope" }),
      ]),
    );
  });
});
