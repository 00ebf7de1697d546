// npm run demo: start the fake Cloudflare API on loopback, then (when a pulumi CLI is on PATH) run
// `pulumi up` on examples/basic, show the mappings the fake holds, and `pulumi destroy`, all with a throwaway local
// backend and no prompts.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FAKE_TOKEN, FakeCloudflare } from "../tests/fake/server";

const ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353";
const root = path.resolve(__dirname, "..");

function pulumiOnPath(): boolean {
  return spawnSync("pulumi", ["version"], { stdio: "ignore" }).status === 0;
}

async function main(): Promise<number> {
  if (!pulumiOnPath()) {
    console.error("npm run demo needs the pulumi CLI on PATH: install it (https://www.pulumi.com/docs/iac/download-install/) and run it again.");
    return 1;
  }
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

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
