// `npm run <script> -- --help` as a user types it: the usage at once, without the build the script's run needs (the
// build rewrites dist/, so an untouched dist/ shows it did not run); a bad flag is refused as early.
import * as fs from "fs";
import * as path from "path";
import { run } from "../harness/childProcess";
import { REPO_ROOT } from "../harness/providerHost";

const BUILT = path.join(REPO_ROOT, "dist", "provider", "index.js");

test.each(["bench", "demo", "reliability", "coverage", "fake-cloudflare"])(
  "npm run %s -- --help prints its usage and does not build",
  async (script) => {
    const before = fs.statSync(BUILT).mtimeMs;
    const result = await run("npm", ["run", "--silent", script, "--", "--help"]);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
    expect(result.stdout).toMatch(new RegExp(`^Usage: (npm run )?${script} `));
    expect(fs.statSync(BUILT).mtimeMs).toBe(before);
  },
);

test("npm run bench -- --bogus is a usage error before any build", async () => {
  const before = fs.statSync(BUILT).mtimeMs;
  const result = await run("npm", ["run", "--silent", "bench", "--", "--bogus"]);
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(/^bench: unknown flag --bogus; /);
  expect(fs.statSync(BUILT).mtimeMs).toBe(before);
});
