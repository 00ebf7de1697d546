// The export command in this process against the fake API: what it prints, and how it fails. (Its compiled bin and
// the round trip through the provider host are in export.host.test.ts.)
import * as fs from "fs";
import * as path from "path";
import * as net from "net";
import { renderImportFile, renderProgram, runCli, USAGE } from "../../../provider/cli/export";
import { REPO_ROOT } from "../../harness/providerHost";
import { FAKE_TOKEN } from "../../fake/server";
import { EXPECTED_PROGRAM, useExportFake, ZONE } from "./exportFixtures";

const { fake, env } = useExportFake();

/** What --format import says on stderr, so the file on stdout stays pure. */
const IMPORT_NOTE =
  "pulumi-cloudflare-origin-cloud-regions export: save this as a file (> import.json) and run pulumi import --file import.json " +
  'in the stack\'s project; it needs the provider plugin cloudflare-origin-cloud-regions (README: "From Python, Go, .NET, Java and YAML"; see --help)\n';

/** Words of a Pulumi pipeline, which a terminal user of the command cannot act on: stack config, pulumi commands, flags. */
const PIPELINE_WORDS = /pulumi (up|config|refresh)|stack config|cloudflare:\w|originCloudRegions:\w|--parallel/;

/** Runs the command in process; what it printed and its exit code. */
async function cli(args: string[], environment: Record<string, string | undefined> = env()) {
  let out = "";
  let err = "";
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), env: environment });
  return { code, out, err };
}

describe("export --zone", () => {
  test("prints each mapping as an adopted OriginCloudRegion named after its IP, in address order, reading only", async () => {
    expect(await cli(["export", "--zone", ZONE])).toEqual({ code: 0, out: EXPECTED_PROGRAM, err: "" });
    expect(fake().requests.map((r) => `${r.method} ${r.route}`)).toEqual(["GET list"]);
  });

  test("--format json prints the same mappings in the shape of examples/from-config's stack config", async () => {
    const { code, out, err } = await cli(["export", "--zone", ZONE.toUpperCase(), "--format", "json"]);
    expect(code).toBe(0);
    expect(err).toMatch(
      /^pulumi-cloudflare-origin-cloud-regions export: in Pulumi.<stack>.yaml, zoneId and origins go under config: as <project>:zoneId/,
    );
    expect(JSON.parse(out)).toEqual({
      zoneId: ZONE,
      origins: [
        { name: "origin-192.0.2.1", originIp: "192.0.2.1", vendor: "aws", region: "us-east-1", adopt: true },
        { name: "origin-198.51.100.7", originIp: "198.51.100.7", vendor: "azure", region: "westeurope", adopt: true },
        { name: "origin-2001-db8--10", originIp: "2001:db8::10", vendor: "gcp", region: "us-central1", adopt: true },
      ],
    });
  });

  test("--format import prints Pulumi's bulk import file: type, name and id of each mapping, ids canonical", async () => {
    const { code, out, err } = await cli(["export", "--zone", ZONE.toUpperCase(), "--format", "import"]);
    expect(code).toBe(0);
    expect(err).toBe(IMPORT_NOTE);
    const type = "cloudflare-origin-cloud-regions:index:OriginCloudRegion";
    // HAND_MADE stores 2001:DB8:0::10: its id and name are of the canonical 2001:db8::10, as the plugin's Read takes it.
    expect(JSON.parse(out)).toEqual({
      resources: [
        { type, name: "origin-192.0.2.1", id: `${ZONE}/192.0.2.1` },
        { type, name: "origin-198.51.100.7", id: `${ZONE}/198.51.100.7` },
        { type, name: "origin-2001-db8--10", id: `${ZONE}/2001:db8::10` },
      ],
    });
    expect(fake().requests.map((r) => `${r.method} ${r.route}`)).toEqual(["GET list"]);
    const json = JSON.parse((await cli(["export", "--zone", ZONE, "--format", "json"])).out);
    expect(JSON.parse(out).resources.map((r: { name: string }) => r.name)).toEqual(
      json.origins.map((o: { name: string }) => o.name),
    ); // the names the other formats give, so a zone exported both ways names each mapping alike
  });

  test("--format import of an empty zone is a file with no resources, and only that note: nothing to import", async () => {
    const empty = "0000000000000000000000000000e5e1";
    const { code, out, err } = await cli(["export", "--zone", empty, "--format", "import"]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ resources: [] });
    expect(err).toBe(
      `pulumi-cloudflare-origin-cloud-regions export: zone ${empty} has no origin cloud region mappings\n`,
    );
  });

  test("an empty zone is an empty fragment, and a note on stderr", async () => {
    const empty = "0000000000000000000000000000e5e1";
    const { code, out, err } = await cli(["export", "--zone", empty]);
    expect(code).toBe(0);
    expect(err).toBe(
      `pulumi-cloudflare-origin-cloud-regions export: zone ${empty} has no origin cloud region mappings\n`,
    );
    expect(out).toMatch(/^\/\/ The 0 origin cloud region mappings of zone/);
    expect(out).not.toContain("new OriginCloudRegion");
  });

  test("one mapping is 'mapping', singular", async () => {
    const zone = "0000000000000000000000000000e5e3";
    fake().seed(zone, [{ origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" }]);
    expect((await cli(["export", "--zone", zone])).out).toMatch(
      new RegExp(`^// The 1 origin cloud region mapping of zone ${zone}\n`),
    );
  });

  test("distinct IPs get distinct names, also IPv6 that looks like an IPv4-mapped address", async () => {
    const zone = "0000000000000000000000000000e5e2";
    fake().seed(zone, [
      { origin_ip: "::ffff:1.2.3.4", vendor: "aws", region: "us-east-1" },
      { origin_ip: "::ffff:1:2:3:4", vendor: "aws", region: "us-east-1" },
      { origin_ip: "1.2.3.4", vendor: "aws", region: "us-east-1" },
      { origin_ip: "2001:DB8::1:2", vendor: "aws", region: "us-east-1" },
    ]);
    const names = JSON.parse((await cli(["export", "--zone", zone, "--format", "json"])).out).origins.map(
      (o: { name: string }) => o.name,
    );
    const expected = ["origin-1.2.3.4", "origin---ffff-1.2.3.4", "origin---ffff-1-2-3-4", "origin-2001-db8--1-2"];
    expect(names).toEqual(expected);
    const imported = JSON.parse((await cli(["export", "--zone", zone, "--format", "import"])).out).resources;
    expect(imported.map((r: { name: string }) => r.name)).toEqual(expected);
    // Valid Pulumi names: no "::" (the URN's separator); unique also as the variables pulumi import generates
    // (its importer turns "." into "_"), where a clash would be renamed.
    for (const name of expected) expect(name).toMatch(/^origin-[0-9a-f.-]+$/);
    expect(new Set(expected.map((n) => n.replace(/\./g, "_"))).size).toBe(expected.length);
  });
});

test("README's sample output is what the command prints for that zone", () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const sample = /It reads \(one paged `GET`\), writes nothing, and prints:\n\n```ts\n([\s\S]*?)```/.exec(readme)![1];
  const zoneId = "023e105f4ecef8ad9ca31a8372d0c353";
  const mapping = (originIp: string, vendor: "aws" | "gcp", region: string) => ({
    id: `${zoneId}/${originIp}`,
    originIp,
    vendor,
    region,
  });
  expect(sample).toBe(
    renderProgram({
      zoneId,
      mappings: [mapping("192.0.2.1", "aws", "us-east-1"), mapping("2001:db8::1", "gcp", "us-central1")],
    }),
  );
});

test("README's sample import file is what --format import prints for that zone", () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const sample =
    /--format import > import\.json\npulumi import --file import\.json\n```\n\n```json\n([\s\S]*?)```/.exec(readme)![1];
  const zoneId = "023e105f4ecef8ad9ca31a8372d0c353";
  const mapping = (originIp: string) => ({
    id: `${zoneId}/${originIp}`,
    originIp,
    vendor: "aws" as const,
    region: "x",
  });
  expect(sample).toBe(renderImportFile({ zoneId, mappings: [mapping("192.0.2.1"), mapping("2001:db8::1")] }));
});

describe("failures are one line on stderr and a non-zero exit; nothing on stdout", () => {
  test.each([
    [[], 2, "no command given"],
    [["import", "--zone", ZONE], 2, 'unknown command "import"'],
    [["export"], 2, "export needs --zone <zone_id>"],
    [["export", "all", "--zone", ZONE], 2, 'unknown command "export all"'],
    [["export", "--zone", ZONE, "--format", "yaml"], 2, '--format must be ts, json or import, not "yaml"'],
    [["export", "--zone", ZONE, "--format", "Import"], 2, '--format must be ts, json or import, not "Import"'],
    [["export", "--zone", ZONE, "--format"], 2, "--format needs a value: ts, json or import"],
    [["export", "--zone", ZONE, "--adopt"], 2, "unknown flag --adopt; the flags are --zone, --format, --help"],
    [["export", "-z", ZONE], 2, "unknown flag -z; the flags are --zone, --format, --help"],
    [["export", "--zone"], 2, "--zone needs a value: a zone id"],
    [
      ["export", "--zone", "--format", "json"],
      2,
      '--zone needs a value; write --zone=VALUE for a value that starts with "-"',
    ],
    [["export", "--help=yes"], 2, "--help takes no value"],
    [
      ["export", "--zone", "example.com"],
      2,
      '--zone "example.com" is not a Cloudflare zone id: expected 32 hexadecimal characters',
    ],
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
    expect(USAGE).toMatch(
      /^Usage: pulumi-cloudflare-origin-cloud-regions export --zone <zone_id> \[--format ts\|json\|import\]\n\nPrints every origin cloud region mapping of the zone/,
    );
    expect(USAGE).toContain("\n  pulumi import --file <file>\n");
    expect(USAGE).toContain(
      "\n  pulumi import cloudflare-origin-cloud-regions:index:OriginCloudRegionSet <name> <zone_id>\n",
    );
  });

  test("a retry is logged on stderr, and the export still succeeds", async () => {
    fake().injectFault("list", { kind: "status", status: 503 });
    const { code, out, err } = await cli(["export", "--zone", ZONE], {
      ...env(),
      ORIGIN_CLOUD_REGIONS_MAX_ATTEMPTS: "2",
    });
    expect({ code, out }).toEqual({ code: 0, out: EXPECTED_PROGRAM });
    expect(err).toMatch(
      new RegExp(
        `^cloudflare: GET /zones/${ZONE}/origin/cloud_regions\\?page=1&per_page=100 answered HTTP 503 .*retrying in .*\\(attempt 2 of 2\\)\n$`,
      ),
    );
  });

  test("a malformed zone id is refused before any request", async () => {
    expect(await cli(["export", "--zone", "example.com"])).toMatchObject({ code: 2, out: "" });
    expect(fake().requests).toEqual([]);
  });

  test("no credentials in the environment: says which variables, and how to pass a stack's", async () => {
    const result = await cli(["export", "--zone", ZONE], { CLOUDFLARE_BASE_URL: fake().baseUrl });
    expect(result).toMatchObject({ code: 1, out: "" });
    expect(result.err).toContain(
      "no Cloudflare credentials in the environment: set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL)",
    );
    expect(result.err).toContain("(see --help to pass a stack's token)");
    expect(result.err).not.toMatch(PIPELINE_WORDS);
    expect(fake().requests).toEqual([]);
  });

  test("a key without its email names the missing half", async () => {
    const result = await cli(["export", "--zone", ZONE], {
      CLOUDFLARE_API_KEY: "0123456789abcdef0123456789abcdef01234",
      CLOUDFLARE_BASE_URL: fake().baseUrl,
    });
    expect(result.err).toBe(
      "pulumi-cloudflare-origin-cloud-regions export: CLOUDFLARE_API_KEY is set in the environment but CLOUDFLARE_EMAIL is not: " +
        "set CLOUDFLARE_EMAIL to the account's email, or set CLOUDFLARE_API_TOKEN instead\n",
    );
    expect(result.code).toBe(1);
    const emailOnly = await cli(["export", "--zone", ZONE], {
      CLOUDFLARE_EMAIL: "user@example.com",
      CLOUDFLARE_BASE_URL: fake().baseUrl,
    });
    expect(emailOnly.err).toContain(
      "CLOUDFLARE_EMAIL is set in the environment but CLOUDFLARE_API_KEY is not: set CLOUDFLARE_API_KEY",
    );
    expect(emailOnly.err).not.toMatch(PIPELINE_WORDS);
  });

  test("a time limit out of range in the environment names the variable and the range", async () => {
    const result = await cli(["export", "--zone", ZONE], { ...env(), ORIGIN_CLOUD_REGIONS_MAX_ATTEMPTS: "0" });
    expect(result).toMatchObject({ code: 1, out: "" });
    expect(result.err).toMatch(
      /^pulumi-cloudflare-origin-cloud-regions export: ORIGIN_CLOUD_REGIONS_MAX_ATTEMPTS "0" is not allowed: expected a whole number of attempts from 1 to 10/,
    );
    expect(fake().requests).toEqual([]);
  });

  test("Cloudflare's refusal is the resource's one-line diagnostic", async () => {
    const result = await cli(["export", "--zone", ZONE], {
      CLOUDFLARE_API_TOKEN: "revoked-token-00000000000000000000000000",
      CLOUDFLARE_BASE_URL: fake().baseUrl,
    });
    expect(result).toMatchObject({ code: 1, out: "" });
    expect(result.err).toMatch(
      new RegExp(
        `^pulumi-cloudflare-origin-cloud-regions export: listing the origin cloud region mappings of zone ${ZONE} failed: Cloudflare error 10000: .*\\[HTTP 403.*\\]\\. Fix: .*\\n$`,
      ),
    );
  });
});

describe("failures in the command's terms: environment variables and flags, never stack config or pulumi up", () => {
  /** A port on 127.0.0.1 that nothing listens on. */
  async function closedPort(): Promise<number> {
    const server = net.createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  test("a refused connection points at CLOUDFLARE_BASE_URL, naming the URL", async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}/client/v4`;
    const result = await cli(["export", "--zone", ZONE], {
      ...env(),
      CLOUDFLARE_BASE_URL: baseUrl,
      ORIGIN_CLOUD_REGIONS_MAX_ATTEMPTS: "1",
    });
    expect(result).toMatchObject({ code: 1, out: "" });
    expect(result.err).toMatch(/ECONNREFUSED/);
    expect(result.err).toContain(
      `Fix: nothing answered at ${baseUrl} (CLOUDFLARE_BASE_URL): check CLOUDFLARE_BASE_URL, or unset it to use https://api.cloudflare.com/client/v4\n`,
    );
    expect(result.err).not.toMatch(PIPELINE_WORDS);
  });

  test("an unknown host points at CLOUDFLARE_BASE_URL, and without it at the network", async () => {
    // The name lookup fails here, as for a mistyped host, without a query leaving the machine.
    const lookup = jest.spyOn(require("dns") as typeof import("dns"), "lookup").mockImplementation(((
      hostname: string,
      _options: unknown,
      callback: (e: Error) => void,
    ) => {
      const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
        code: "ENOTFOUND",
        syscall: "getaddrinfo",
        hostname,
      });
      process.nextTick(() => callback(error));
    }) as never);
    try {
      const typo = await cli(["export", "--zone", ZONE], {
        ...env(),
        CLOUDFLARE_BASE_URL: "https://api.cloudflare.con/client/v4",
        ORIGIN_CLOUD_REGIONS_MAX_ATTEMPTS: "1",
      });
      expect(typo).toMatchObject({ code: 1, out: "" });
      expect(typo.err).toMatch(/ENOTFOUND/);
      expect(typo.err).toContain(
        "Fix: nothing answered at https://api.cloudflare.con/client/v4 (CLOUDFLARE_BASE_URL): check CLOUDFLARE_BASE_URL",
      );
      const unset = await cli(["export", "--zone", ZONE], {
        CLOUDFLARE_API_TOKEN: FAKE_TOKEN,
        ORIGIN_CLOUD_REGIONS_MAX_ATTEMPTS: "1",
      });
      expect(unset.err).toContain(
        "Fix: nothing answered at https://api.cloudflare.com/client/v4 (CLOUDFLARE_BASE_URL unset): check this machine's network and DNS, or set CLOUDFLARE_BASE_URL",
      );
      for (const { err } of [typo, unset]) expect(err).not.toMatch(PIPELINE_WORDS);
      expect(lookup).toHaveBeenCalled();
    } finally {
      lookup.mockRestore();
    }
  });

  test.each([
    [
      "an outage",
      { kind: "status", status: 503 },
      "run the command again, or allow more time with ORIGIN_CLOUD_REGIONS_RETRY_BUDGET_SECONDS / ORIGIN_CLOUD_REGIONS_REQUEST_TIMEOUT_SECONDS",
    ],
    ["a rate limit", { kind: "rateLimit", retryAfterSeconds: 1 }, "wait five minutes or send fewer requests at once"],
  ] as const)("%s: the fix names what the command can change", async (_what, fault, fix) => {
    fake().injectFault("list", fault);
    const result = await cli(["export", "--zone", ZONE], { ...env(), ORIGIN_CLOUD_REGIONS_MAX_ATTEMPTS: "1" });
    expect(result).toMatchObject({ code: 1, out: "" });
    expect(result.err).toContain(fix);
    expect(result.err).not.toMatch(PIPELINE_WORDS);
  });

  test("a malformed API key: the fix names the environment variables", async () => {
    const result = await cli(["export", "--zone", ZONE], {
      CLOUDFLARE_API_KEY: "abc",
      CLOUDFLARE_EMAIL: "user@example.com",
      CLOUDFLARE_BASE_URL: fake().baseUrl,
    });
    expect(result).toMatchObject({ code: 1, out: "" });
    expect(result.err).toMatch(
      /Cloudflare error 6003: .*Fix: a credential is malformed; check CLOUDFLARE_API_TOKEN .* or the CLOUDFLARE_API_KEY \+ CLOUDFLARE_EMAIL pair/,
    );
    expect(result.err).not.toMatch(PIPELINE_WORDS);
  });
});
