// examples/testing, the user-side unit test under the test kit, run as a user runs it (jest, in a process of its own):
// it passes with a region Cloudflare lists for the vendor and fails, printing the line `pulumi preview` would, with
// one it does not. The region reaches the program as stack config through PULUMI_CONFIG, as the CLI hands it over.
import { spawnSync } from "child_process";
import * as path from "path";
import { REPO_ROOT } from "../harness/providerHost";

/** Runs the example's test with `apiRegion` set; its exit status and everything it printed. */
function runExampleTest(apiRegion: string): { status: number | null; output: string } {
  const jest = path.join(REPO_ROOT, "node_modules", "jest", "bin", "jest.js");
  const result = spawnSync(process.execPath, [jest, "--ci", "--runTestsByPath", "examples/testing/index.test.ts"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, PULUMI_CONFIG: JSON.stringify({ "project:apiRegion": apiRegion }) },
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test("the example's test fails on a region the vendor does not have, with the line pulumi preview prints", () => {
  const { status, output } = runExampleTest("us-east-9");
  expect(status).toBe(1);
  expect(output).toContain(
    "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion resource 'api-origin': property region value {us-east-9} has a problem: " +
      'region "us-east-9" is not a supported aws region: expected one of us-east-1, us-west-2 (did you mean us-east-1?)',
  );
}, 150_000);

test("and passes on another region the vendor has", () => {
  const { status, output } = runExampleTest("us-west-2");
  expect({ status, tail: output.slice(-400) }).toEqual({ status: 0, tail: expect.stringContaining("1 passed") });
}, 150_000);
