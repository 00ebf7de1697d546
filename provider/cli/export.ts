/**
 * `pulumi-cloudflare-origin-cloud-regions export --zone <id> [--format ts|json|import]`: prints a zone's existing
 * mappings as a Pulumi program fragment that declares each as an `OriginCloudRegion` with `adopt: true` (the way for
 * TypeScript programs, whose dynamic resources `pulumi import` cannot import: pulumi/pulumi#16175), or as Pulumi's
 * bulk import file for the provider plugin (`pulumi import --file`, any language).
 *
 * Reads the zone with the user's credentials from the environment (the command runs outside Pulumi, so it cannot
 * read encrypted stack config). Writes nothing to Cloudflare. Imports no @pulumi/pulumi.
 */
import { ENV_KEYS, TUNING_ENV_KEYS, readSettings } from "../shared/credentials";
import { zoneIdProblem } from "../shared/validation";
import { clientFrom, readMappings, type GetOriginCloudRegionsResult } from "../shared/zoneReads";
import { isUsageError, UsageError } from "../api/errors";
import { parseCommandLine, type FlagSpec } from "./args";
import { commandWording, credentialProblem } from "./wording";

export const COMMAND = "pulumi-cloudflare-origin-cloud-regions";
const PACKAGE = "pulumi-cloudflare-origin-cloud-regions";
/** The provider plugin's Pulumi package name, and its resources' type tokens. */
const PLUGIN = "cloudflare-origin-cloud-regions";
const MAPPING_TYPE = `${PLUGIN}:index:OriginCloudRegion`;
const SET_TYPE = `${PLUGIN}:index:OriginCloudRegionSet`;

export const USAGE = `Usage: ${COMMAND} export --zone <zone_id> [--format ts|json|import]

Prints every origin cloud region mapping of the zone as a Pulumi program fragment (ts, the default) that declares
each one as an OriginCloudRegion with adopt: true, as JSON (json): { zoneId, origins: [{ name, originIp, vendor,
region, adopt }] }, or as Pulumi's bulk import file (import): { resources: [{ type, name, id }] }.
Resource names derive from the IP (origin-192.0.2.1, origin-2001-db8--1). Reads only; writes nothing to Cloudflare.

The fragment is one block that brings its own OriginCloudRegion: paste it into the program (beside its imports of
the package, or inside its exported function), or save it as adopted.ts and add import "./adopted"; to the program.
The JSON goes in Pulumi.<stack>.yaml, under config: (JSON is YAML: paste the values as printed), keyed by the
project's name from Pulumi.yaml, which is where examples/from-config reads them:
    config:
      <project>:zoneId: <zoneId>
      <project>:origins: <origins>

The import file is for programs in any language that use the provider plugin ${PLUGIN}
(README: "From Python, Go, .NET, Java and YAML"). Save it, then in the stack's project run
  pulumi import --file <file>
which reads each mapping through the plugin into the stack and prints the program code that declares it
(pulumi import protects what it imports, unless given --protect=false). A zone's mappings as one
OriginCloudRegionSet need no file:
  pulumi import ${SET_TYPE} <name> <zone_id>

Credentials come from the environment: ${ENV_KEYS.apiToken} (or ${ENV_KEYS.apiKey} with ${ENV_KEYS.email}), and
${ENV_KEYS.baseUrl} to use another API base URL; ${TUNING_ENV_KEYS.requestTimeoutSeconds},
${TUNING_ENV_KEYS.retryBudgetSeconds} and ${TUNING_ENV_KEYS.maxAttempts} set the time limits. To use a stack's
credentials (a stack using the provider plugin: cloudflare-origin-cloud-regions:apiToken; after npm install -g, run
${COMMAND} itself, without npx):
  ${ENV_KEYS.apiToken}=$(pulumi config get cloudflare:apiToken) npx ${COMMAND} export --zone <zone_id>
`;

/** The formats --format takes. */
type Format = "ts" | "json" | "import";
const FORMATS: readonly Format[] = ["ts", "json", "import"];

/** Printed on stderr after a JSON format, so the JSON on stdout stays pure: where it goes. */
const PLACEMENT: Partial<Record<Format, string>> = {
  json: "in Pulumi.<stack>.yaml, zoneId and origins go under config: as <project>:zoneId and <project>:origins (see --help)",
  import: `save this as a file (> import.json) and run pulumi import --file import.json in the stack's project; it needs the provider plugin ${PLUGIN} (README: "From Python, Go, .NET, Java and YAML"; see --help)`,
};

/** Where the command reads and writes; the process's own streams and environment when run as a program. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
}

/** The command's flags; `value` words what a string flag needs. */
const FLAGS: FlagSpec = {
  zone: { type: "string", value: "a zone id" },
  format: { type: "string", default: "ts", value: "ts, json or import" },
  help: { type: "boolean", short: "h" },
};

/** What the command line asks for: the usage, or a zone's export. */
type Request = { help: true } | { help: false; zone: string; format: Format };

/** Runs the command line `args` (without `node` and the script); resolves to the exit code: 0, 1 failed, 2 usage. */
export async function runCli(args: string[], io: CliIo): Promise<number> {
  let request: Request;
  try {
    request = parseRequest(args);
  } catch (e) {
    if (!isUsageError(e)) throw e;
    io.err(`${COMMAND}: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (request.help) {
    io.out(USAGE);
    return 0;
  }
  return exportZone(request.zone, request.format, io);
}

/** The command line as a {@link Request}; a UsageError in the command's words when it is not one. */
function parseRequest(args: string[]): Request {
  const { positionals, values } = parseCommandLine(args, FLAGS, true);
  if (values.help) return { help: true };
  if (positionals.length !== 1 || positionals[0] !== "export") {
    throw new UsageError(
      positionals.length === 0 ? "no command given" : `unknown command ${JSON.stringify(positionals.join(" "))}`,
    );
  }
  const { zone, format } = values as { zone?: string; format: Format };
  if (zone === undefined) throw new UsageError("export needs --zone <zone_id>");
  if (!FORMATS.includes(format))
    throw new UsageError(`--format must be ts, json or import, not ${JSON.stringify(format)}`);
  const zoneProblem = zoneIdProblem(zone); // checked here, so it names the flag
  if (zoneProblem !== undefined) throw new UsageError(zoneProblem.replace(/^zoneId /, "--zone "));
  return { help: false, zone, format };
}

/** Reads the zone with the environment's credentials and prints it in `format`; the exit code. */
async function exportZone(zone: string, format: Format, io: CliIo): Promise<number> {
  const env = readSettings((key) => io.env[key], ENV_KEYS);
  const problem = credentialProblem(env, zone);
  if (problem !== undefined) {
    io.err(`${COMMAND} export: ${problem}\n`);
    return 1;
  }
  let result: GetOriginCloudRegionsResult;
  try {
    const client = () =>
      clientFrom(
        () => undefined,
        (key) => io.env[key],
        (line) => io.err(`${line}\n`),
      );
    result = await readMappings(client, zone, commandWording(env.baseUrl));
  } catch (e) {
    io.err(`${COMMAND} export: ${(e as Error).message}\n`);
    return 1;
  }
  const empty = result.mappings.length === 0;
  if (empty) io.err(`${COMMAND} export: zone ${result.zoneId} has no origin cloud region mappings\n`);
  io.out(RENDER[format](result));
  // An empty import file has nothing to import: no advice to run pulumi import on it.
  const placement = format === "import" && empty ? undefined : PLACEMENT[format];
  if (placement !== undefined) io.err(`${COMMAND} export: ${placement}\n`);
  return 0;
}

/** The Pulumi resource name `export` gives the mapping of an IP: stable, unique per canonical IP (`:` becomes `-`). */
export function resourceName(originIp: string): string {
  return `origin-${originIp.replace(/:/g, "-")}`;
}

/**
 * The mappings as a TypeScript program fragment: an explanatory header, then one block that requires the package
 * itself (typed as its import), so the fragment adds no top-level name: it pastes beside the program's own imports of
 * the package, inside a function, or stands alone as a module file.
 */
export function renderProgram({ zoneId, mappings }: GetOriginCloudRegionsResult): string {
  const count = `${mappings.length} origin cloud region mapping${mappings.length === 1 ? "" : "s"}`;
  const header = [
    `// The ${count} of zone ${zoneId}`,
    `// (\`${COMMAND} export\`). Paste into the TypeScript Pulumi program of a project that has`,
    "// this package installed (the block brings its own OriginCloudRegion, so it sits beside the program's imports), or",
    '// save it as adopted.ts and add `import "./adopted";` to the program; then run `pulumi up`.',
    "//",
    "// adopt: true lets each resource take over the mapping that already exists for its IP, where it would otherwise",
    "// fail and leave it untouched. The first `pulumi up` finds the mapping and keeps it as it is when it still holds",
    "// the vendor and region below (else it sets them); from then on Pulumi manages it, so destroying the resource, or",
    "// deleting it from the program, DELETES the mapping in Cloudflare. To keep a mapping whatever happens to its",
    "// resource, give that resource the options { retainOnDelete: true }.",
    "{",
    `  const { OriginCloudRegion } = require("${PACKAGE}") as typeof import("${PACKAGE}");`,
  ];
  const resources = mappings.map(
    (m) =>
      `\n  new OriginCloudRegion(${JSON.stringify(resourceName(m.originIp))}, {\n` +
      `    zoneId: ${JSON.stringify(zoneId)},\n` +
      `    originIp: ${JSON.stringify(m.originIp)},\n` +
      `    vendor: ${JSON.stringify(m.vendor)},\n` +
      `    region: ${JSON.stringify(m.region)},\n` +
      "    adopt: true,\n" +
      "  });\n",
  );
  return `${header.join("\n")}\n${resources.join("")}}\n`;
}

/** The mappings as JSON shaped like examples/from-config's stack config: `zoneId` and `origins`, each adopted. */
export function renderJson({ zoneId, mappings }: GetOriginCloudRegionsResult): string {
  const origins = mappings.map((m) => ({
    name: resourceName(m.originIp),
    originIp: m.originIp,
    vendor: m.vendor,
    region: m.region,
    adopt: true,
  }));
  return `${JSON.stringify({ zoneId, origins }, null, 2)}\n`;
}

/**
 * The mappings as Pulumi's bulk import file (`pulumi import --file`; `importFile` in pulumi's
 * pkg/cmd/pulumi/operations/import.go): one entry per mapping with only `type`, `name` and `id`, the name the other
 * formats give it (unique, as canonical IPs are, also once Pulumi's code generation turns `.` into `_`).
 */
export function renderImportFile({ mappings }: GetOriginCloudRegionsResult): string {
  const resources = mappings.map((m) => ({ type: MAPPING_TYPE, name: resourceName(m.originIp), id: m.id }));
  return `${JSON.stringify({ resources }, null, 2)}\n`;
}

/** Each format's rendering of a zone's mappings. */
const RENDER: Record<Format, (result: GetOriginCloudRegionsResult) => string> = {
  ts: renderProgram,
  json: renderJson,
  import: renderImportFile,
};
