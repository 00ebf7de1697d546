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
import { DEMO_USAGE } from "./usage";
import { runReplayDemo, ZONE_ID } from "./replayDemo";

const root = path.resolve(__dirname, "..");

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
    for (const m of fake.mappings(ZONE_ID))
      console.log(`  ${m.origin_ip.padEnd(16)} ${m.vendor}/${m.region}  (modified ${m.modified_on})`);
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

/** The demo: the pulumi CLI where one is on PATH, else the replay; the exit code. */
export async function main(): Promise<number> {
  if (pulumiOnPath()) return cliDemo();
  console.log(
    "No pulumi CLI on PATH, so this is a replay: examples/basic under Pulumi's mocks, each resource through Pulumi's real " +
      "provider host, driven by tests/harness (a development tool that mimics the engine's call sequences, not the Pulumi engine).",
  );
  return runReplayDemo();
}

if (require.main === module) runScript("demo", DEMO_USAGE, {}, main);
