// npm run demo: deploys examples/basic against the fake Cloudflare API on loopback. With a pulumi CLI on PATH it runs
// `pulumi up`, shows the mappings the fake holds, a no-change `up` and `pulumi destroy`, with a throwaway local backend
// and no prompts. Without one it says so in one line and replays the whole life of the stack through Pulumi's real
// provider host instead (scripts/replayDemo.ts).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FAKE_TOKEN, FakeCloudflare } from "../tests/fake/server";
import { runScript } from "./cli";
import { runReplayDemo, ZONE_ID } from "./replayDemo";

const root = path.resolve(__dirname, "..");

export const USAGE = `Usage: npm run demo [-- --help]
Deploys examples/basic (an IPv4 and an IPv6 origin cloud region mapping) against a fake Cloudflare API on 127.0.0.1.
  With a pulumi CLI on PATH: pulumi up, the mappings the fake holds, a second up (no changes), pulumi destroy, with a
  throwaway local backend and no prompts.
  Without one: the same program under Pulumi's mocks, each resource through Pulumi's real provider host, driven by a
  replay of the engine's call sequences (a development tool, not the Pulumi engine): preview, up, the mappings, a
  second up, an edit (region change, respelled IPv6 address, new IP), refresh after an out-of-band change, destroy.
  Every step is checked against the fake API.
Exits 0 when every step did what it said, 1 otherwise (naming the step), 2 on a bad flag.
  --help   show this help`;

function pulumiOnPath(): boolean {
  return spawnSync("pulumi", ["version"], { stdio: "ignore" }).status === 0;
}

async function cliDemo(): Promise<number> {
  const fake = await FakeCloudflare.start();
  const backend = fs.mkdtempSync(path.join(os.tmpdir(), "ocr-demo-backend-"));
  const env = {
    ...process.env,
    PULUMI_BACKEND_URL: `file://${backend}`,
    PULUMI_CONFIG_PASSPHRASE: "demo",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    CLOUDFLARE_BASE_URL: fake.baseUrl,
    CLOUDFLARE_API_TOKEN: FAKE_TOKEN,
  };
  const pulumi = (...args: string[]) => {
    console.log(`\n$ pulumi ${args.join(" ")}`);
    const result = spawnSync("pulumi", [...args, "--non-interactive"], { cwd: root, env, stdio: "inherit" });
    if (result.status !== 0) throw new Error(`pulumi ${args[0]} exited with ${result.status}`);
  };
  try {
    console.log(`fake Cloudflare API: ${fake.baseUrl}`);
    pulumi("stack", "init", "demo");
    pulumi("config", "set", "zoneId", ZONE_ID);
    pulumi("up", "--yes", "--skip-preview");
    console.log(`\nmappings the fake now holds for zone ${ZONE_ID}:`);
    for (const m of fake.mappings(ZONE_ID)) console.log(`  ${m.origin_ip.padEnd(16)} ${m.vendor}/${m.region}  (modified ${m.modified_on})`);
    pulumi("up", "--yes", "--skip-preview"); // a second run changes nothing
    pulumi("destroy", "--yes", "--skip-preview");
    console.log(`\nmappings left after destroy: ${fake.mappings(ZONE_ID).length}`);
    pulumi("stack", "rm", "--yes", "demo");
    return 0;
  } finally {
    await fake.stop();
    fs.rmSync(backend, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  if (pulumiOnPath()) return cliDemo();
  console.log(
    "No pulumi CLI on PATH, so this is a replay: examples/basic under Pulumi's mocks, each resource through Pulumi's real " +
      "provider host, driven by tests/harness (a development tool that mimics the engine's call sequences, not the Pulumi engine).",
  );
  return runReplayDemo();
}

if (require.main === module) runScript("demo", USAGE, {}, main);
