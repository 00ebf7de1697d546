/**
 * Command-line wrapper around FakeCloudflare, for the demo and for poking at the fake by hand:
 *
 *   npm run -s fake-cloudflare -- --port 8787 [--token T]... [--latency-ms N] [--rate-limit COUNT/SECONDS|off]
 *
 * The FIRST stdout line is the base URL (scripts read it); the next lines list the accepted credentials.
 * (Plain `npm run` prints its own banner to stdout first; use `npm run -s` or run ts-node directly.)
 */
import { parseArgs } from "util";
import { FAKE_API_KEY, FAKE_EMAIL, FAKE_TOKEN, FakeCloudflare, type FakeOptions } from "./server";

/** Usage text for --help and for errors. */
export const USAGE = `Usage: fake-cloudflare [options]
  --port N                     port on 127.0.0.1 (default 8787; 0 picks a free port)
  --token T                    accepted API token, 40 chars [A-Za-z0-9_-] (repeatable; default: built-in token)
  --zone ZONE_ID               grant only these zones, others get 403 10000 (repeatable; default: all zones)
  --latency-ms N               delay every response by N milliseconds (default 0)
  --rate-limit COUNT/SECONDS   request budget per credential (default 1200/300); "off" disables
  --max-mappings N             mappings per zone (default 3500)
  --help                       show this help
Prints the base URL as the first stdout line, then the accepted credentials. Stop with Ctrl-C / SIGTERM.`;

/** Parsed command line: run with options, show help, or a usage error. */
export type CliCommand = { kind: "run"; options: FakeOptions } | { kind: "help" } | { kind: "error"; message: string };

const nonNegativeInt = (flag: string, text: string): number => {
  if (!/^\d+$/.test(text)) throw new Error(`${flag} expects a non-negative integer, got ${JSON.stringify(text)}`);
  return Number(text);
};

/** Parses argv (without node and script); never exits, so it can be unit-tested. */
export function parseCli(argv: string[]): CliCommand {
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        token: { type: "string", multiple: true },
        zone: { type: "string", multiple: true },
        "latency-ms": { type: "string" },
        "rate-limit": { type: "string" },
        "max-mappings": { type: "string" },
        help: { type: "boolean" },
      },
    });
    if (values.help) return { kind: "help" };
    const port = nonNegativeInt("--port", values.port ?? "8787");
    if (port > 65535) throw new Error("--port must be at most 65535");
    const options: FakeOptions = { port };
    if (values.token) options.tokens = values.token;
    if (values.zone) options.zones = values.zone;
    if (values["latency-ms"] !== undefined) options.latencyMs = nonNegativeInt("--latency-ms", values["latency-ms"]);
    if (values["max-mappings"] !== undefined)
      options.maxMappingsPerZone = nonNegativeInt("--max-mappings", values["max-mappings"]);
    const rateLimit = values["rate-limit"];
    if (rateLimit === "off") options.rateLimit = false;
    else if (rateLimit !== undefined) {
      const m = /^([1-9]\d*)\/([1-9]\d*)$/.exec(rateLimit);
      if (!m)
        throw new Error(
          `--rate-limit expects COUNT/SECONDS (e.g. 1200/300) or "off", got ${JSON.stringify(rateLimit)}`,
        );
      options.rateLimit = { count: Number(m[1]), windowSeconds: Number(m[2]) };
    }
    return { kind: "run", options };
  } catch (e) {
    return { kind: "error", message: (e as Error).message };
  }
}

/** Runs the CLI: starts the fake and keeps it up until SIGINT/SIGTERM. */
export async function main(argv: string[]): Promise<void> {
  const command = parseCli(argv);
  if (command.kind === "help") {
    console.log(USAGE);
    return;
  }
  if (command.kind === "error") {
    console.error(`fake-cloudflare: ${command.message}\n${USAGE}`);
    process.exit(2);
  }
  let fake: FakeCloudflare;
  try {
    fake = await FakeCloudflare.start(command.options);
  } catch (e) {
    // Bad option values (e.g. a malformed --token) are usage errors; anything else (port busy) is a runtime failure.
    const message = (e as Error).message;
    const usageError = message.startsWith("fake:");
    console.error(`fake-cloudflare: ${message}${usageError ? `\n${USAGE}` : ""}`);
    process.exit(usageError ? 2 : 1);
  }
  // Handlers go in before the URL is printed: a caller may signal us as soon as it has read that line.
  const shutdown = () => {
    void fake.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  console.log(fake.baseUrl);
  console.log(`tokens: ${(command.options.tokens ?? [FAKE_TOKEN]).join(" ")}`);
  console.log(`api-key: ${FAKE_EMAIL} ${FAKE_API_KEY}`);
}

if (require.main === module) void main(process.argv.slice(2));
