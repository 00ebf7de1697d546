// npm run demo on a machine without the pulumi CLI: the replay of examples/basic, every step checked.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FakeCloudflare } from "../fake/server";
import { REPO_ROOT } from "../harness/providerHost";
import { runReplayDemo, ZONE_ID } from "../../scripts/replayDemo";
import { run, runNodeScript } from "../harness/childProcess";

/** This working tree without node_modules (linked), dist or .git: `npm run demo` builds its own dist/ there. */
function copyOfWorkingTree(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ocr-demo-tree-"));
  const skipped = new Set(["node_modules", "dist", ".git", "coverage"]);
  fs.cpSync(REPO_ROOT, dir, {
    recursive: true,
    filter: (src) => !skipped.has(path.relative(REPO_ROOT, src).split(path.sep)[0]),
  });
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/** Each marker's first index at or after the previous one's; -1 where one is missing or out of order. */
function inOrder(text: string, markers: string[]): number[] {
  let from = 0;
  return markers.map((m) => {
    const at = text.indexOf(m, from);
    if (at >= 0) from = at + m.length;
    return at;
  });
}

test("npm run demo, with no pulumi on PATH, says so in one line, shows the life of the stack, and exits 0", async () => {
  const tree = copyOfWorkingTree();
  try {
    const result = await run("npm", ["run", "demo"], { cwd: tree });
    expect(result.stderr).not.toMatch(/error|✘/i);
    expect(result.status).toBe(0);
    const out = result.stdout;
    const notices = out.split("\n").filter((l) => l.startsWith("No pulumi CLI on PATH"));
    expect(notices).toEqual([
      expect.stringMatching(/^No pulumi CLI on PATH, so this is a replay: .*not the Pulumi engine\)\.$/),
    ]);
    const markers = [
      "> tsc -p tsconfig.build.json", // the build ran first
      "No pulumi CLI on PATH",
      "$ pulumi preview",
      " +   ├─ pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion  api-origin",
      "    + 3 to create",
      "✔ preview",
      "$ pulumi up --yes --skip-preview",
      '    assetsOriginIp    : "2001:db8::1"',
      "    + 3 created",
      "✔ up",
      `mappings the fake Cloudflare API holds in zone ${ZONE_ID}:`,
      "  192.0.2.1      aws/us-east-1",
      "  2001:db8::1    gcp/us-central1",
      "✔ the fake holds exactly",
      "    3 unchanged",
      "✔ second up: no changes",
      "$ pulumi config set ipv4Region us-west-2",
      "$ pulumi config set ipv6Origin 2001:0db8:0000:0000:0000:0000:0000:0001",
      "updated  [diff: ~region]",
      "    ~ 1 updated",
      "✔ edit: the region change updated api-origin in place (one PUT); the respelled IPv6 address is no change",
      "$ pulumi config set ipv4Origin 192.0.2.2",
      "replaced  [diff: ~originIp]",
      "    +-1 replaced",
      "✔ edit: the new IP replaced api-origin",
      '#   PUT /client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/origin/cloud_regions/2001:db8::1 {"origin_ip":"2001:db8::1","vendor":"gcp","region":"europe-west1"} → HTTP 200',
      "Refreshing (demo)",
      " ~   └─ pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion  assets-origin",
      "✔ refresh: the drift shows on assets-origin",
      "Destroying (demo)",
      "    - 3 deleted",
      "✔ destroy",
      "→ HTTP 200, 0 mappings",
      "✔ nothing left",
      "demo done: all 9 steps did what they said",
    ];
    const found = inOrder(out, markers);
    expect(markers.filter((_, i) => found[i] < 0)).toEqual([]);
    expect(out.match(/^✔ /gm)).toHaveLength(9);
    expect(result.seconds).toBeLessThan(60);
  } finally {
    fs.rmSync(tree, { recursive: true, force: true });
  }
}, 180_000);

test("--help prints the usage and exits 0; a bad flag is one line on stderr and exit 2", async () => {
  const help = await runNodeScript("demo", ["--help"]);
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/^Usage: npm run demo \[-- --help\]\n/);
  const bad = await runNodeScript("demo", ["--zone", "x"]);
  expect(bad.status).toBe(2);
  expect(bad.stdout).toBe("");
  expect(bad.stderr).toBe("demo: unknown flag --zone; the flags are --help (see npm run demo -- --help)\n");
});

describe("a step that fails ends the demo with exit code 1, naming it", () => {
  let fake: FakeCloudflare;
  beforeEach(async () => {
    fake = await FakeCloudflare.start();
  });
  afterEach(async () => {
    await fake.stop();
  });
  const demo = async () => {
    const lines: string[] = [];
    const code = await runReplayDemo({ fake, out: (l) => lines.push(...l.split("\n")) });
    return { code, lines };
  };

  test("a failed update: someone else already maps 192.0.2.1 in the zone", async () => {
    fake.seed(ZONE_ID, [{ origin_ip: "192.0.2.1", vendor: "azure", region: "eastus" }]);
    const { code, lines } = await demo();
    expect(code).toBe(1);
    expect(lines.filter((l) => /^[✔✘]/.test(l))).toEqual([
      "✔ preview: 2 mappings to create, and no request wrote anything",
      expect.stringMatching(
        /^✘ step 2\/9 \(up\) failed: update failed: api-origin: creating origin cloud region mapping 192\.0\.2\.1 .*already maps 192\.0\.2\.1 to vendor azure/,
      ),
    ]);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^ \+ {3}├─ pulumi-nodejs:dynamic\/cloudflare:OriginCloudRegion +api-origin +\*\*creating failed\*\* +1 error$/,
      ),
    );
    expect(fake.mappings(ZONE_ID).map((m) => `${m.origin_ip} ${m.vendor}/${m.region}`)).toContain(
      "192.0.2.1 azure/eastus",
    );
  });

  test("a step that did not do what it said: the zone holds a mapping the stack does not", async () => {
    fake.seed(ZONE_ID, [{ origin_ip: "198.51.100.7", vendor: "aws", region: "us-east-1" }]);
    const { code, lines } = await demo();
    expect(code).toBe(1);
    expect(lines.filter((l) => /^[✔✘]/.test(l))).toEqual([
      "✔ preview: 2 mappings to create, and no request wrote anything",
      '✘ step 2/9 (up) did not do what it said: mappings in the zone: expected ["192.0.2.1 aws/us-east-1","2001:db8::1 gcp/us-central1"], ' +
        'got ["192.0.2.1 aws/us-east-1","198.51.100.7 aws/us-east-1","2001:db8::1 gcp/us-central1"]',
    ]);
  });
});
