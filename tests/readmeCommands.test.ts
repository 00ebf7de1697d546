// README's front door, in the order written: the two commands from a fresh clone; then the fake API by hand, which
// README points to in docs/fake-api.md. (The TypeScript examples are type-checked in readme.test.ts; the demo itself
// runs in scripts/demo.test.ts.)
import * as fs from "fs";
import * as path from "path";
import { FAKE_TOKEN, FakeCloudflare } from "./fake/server";
import { run } from "./harness/childProcess";
import { REPO_ROOT } from "./harness/providerHost";

const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
const fakeApiDoc = fs.readFileSync(path.join(REPO_ROOT, "docs", "fake-api.md"), "utf8");
/** The ```sh blocks of a document's section (from its heading to the next heading). */
function shBlocks(text: string, heading: string): string[] {
  const start = text.indexOf(`${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const section = text.slice(start + heading.length).split(/\n#{2,6} /)[0]; // (a lone # starts a shell comment)
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
}
const commandOf = (line: string) => line.replace(/\s+#.*$/, "").trim();

test("the two commands each install first: the demo's, and the tests' exactly as .ci/run runs them", () => {
  const [block] = shBlocks(readme, "## The two commands");
  expect(block.trim().split("\n").map(commandOf)).toEqual(["npm ci && npm run demo", "npm ci && npm test"]);
  const ci = fs.readFileSync(path.join(REPO_ROOT, ".ci", "run"), "utf8");
  const ciCommands = ci.split("\n").filter((l) => /^npm /.test(l));
  expect(ciCommands.join(" && ")).toBe("npm ci && npm test");
});

test("each command does the set-up README says: npm ci builds dist/, npm test builds, type-checks, lints, checks the formatting, then runs jest, npm run demo builds first", () => {
  const { scripts } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const steps = (script: string) => scripts[script].split(" && ");
  expect(steps("prepare")).toEqual(["npm run build"]); // npm ci runs prepare
  expect(steps("build")).toEqual(["tsc -p tsconfig.build.json"]);
  expect(steps("test")).toEqual(["npm run build", "npm run typecheck", "npm run lint", "npm run format:check", "jest"]);
  expect(steps("format:check")).toEqual(["prettier --check ."]);
  expect(steps("typecheck")).toEqual(["tsc -p tsconfig.json --noEmit"]); // tsconfig.json: tests and examples
  expect(steps("lint")).toEqual(["eslint ."]);
  // scripts/run.ts builds before the demo runs (not for --help: scripts/help.test.ts); the demo's own run, from a tree
  // without dist/, is in scripts/demo.test.ts
  expect(steps("demo")).toEqual(["ts-node --transpile-only scripts/run.ts demo"]);
});

test("README points to the fake API by hand, and says it runs in a checkout only", () => {
  expect(readme).toContain("The fake API by hand, in a checkout only: [docs/fake-api.md](docs/fake-api.md)");
  expect(fakeApiDoc).toContain("it runs in a checkout of this repository only");
});

test("the fake API by hand: docs/fake-api.md's curl commands run as written, each answered with success", async () => {
  const [, block] = shBlocks(fakeApiDoc, "# The fake Cloudflare API by hand");
  expect(block).toMatch(
    /^export CLOUDFLARE_BASE_URL=http:\/\/127\.0\.0\.1:8787\/client\/v4 CLOUDFLARE_API_TOKEN=<printed token>$/m,
  );
  const script = block.replace(/^export .*<printed token>\n/m, ""); // the variables come from the running fake below
  const fake = await FakeCloudflare.start();
  try {
    // Plain sh, which reads no rc files; an echo between commands puts each answer on its own line.
    const result = await run("sh", ["-c", `set -eu\n${script.replace(/\n(?=curl )/g, "\necho; ")}`], {
      env: { PATH: process.env.PATH, CLOUDFLARE_BASE_URL: fake.baseUrl, CLOUDFLARE_API_TOKEN: FAKE_TOKEN },
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const answers = result.stdout
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l));
    expect(answers.map((a) => a.success)).toEqual([true, true, true, true, true, true]);
    const [put, , get, page, deleted, regions] = answers;
    expect(put.result).toMatchObject({ origin_ip: "2001:db8::1", vendor: "gcp", region: "us-central1" });
    expect(get.result).toEqual(put.result);
    expect(page.result).toEqual([
      expect.objectContaining({ origin_ip: "192.0.2.1", vendor: "aws", region: "us-east-1" }),
    ]);
    expect(page.result_info).toEqual({ count: 1, page: 2, per_page: 1, total_count: 2, total_pages: 2 });
    expect(deleted.result).toEqual({ origin_ip: "2001:db8::1" });
    expect(regions.result.vendors.gcp).toContainEqual(expect.objectContaining({ name: "us-central1" }));
    expect(fake.mappings("023e105f4ecef8ad9ca31a8372d0c353").map((m) => m.origin_ip)).toEqual(["192.0.2.1"]);
  } finally {
    await fake.stop();
  }
});

test("the sample answers docs/fake-api.md shows are the shape the fake gives", () => {
  const start = fakeApiDoc.indexOf("Every answer is Cloudflare's envelope");
  expect(start).toBeGreaterThanOrEqual(0);
  const sample = /```\n([\s\S]*?)```/.exec(fakeApiDoc.slice(start))![1];
  const [put, page, deleted] = sample
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  expect(Object.keys(put)).toEqual(["errors", "messages", "success", "result"]);
  expect(Object.keys(page.result_info).sort()).toEqual(["count", "page", "per_page", "total_count", "total_pages"]);
  expect(deleted.result).toEqual({ origin_ip: "2001:db8::1" });
});
