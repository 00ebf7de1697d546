// `npm test` shows why the e2e suites were skipped: jest with this repository's config, run on tests/e2e without a
// pulumi CLI on PATH, prints the reason (not only "1 skipped").
import * as path from "path";
import { REPO_ROOT } from "./providerHost";
import { run } from "./childProcess";

test("jest prints the e2e suite's skip reason where no pulumi CLI is on PATH", async () => {
  // The repository's config as is, but without globalSetup: that may build dist/, which other tests are loading.
  const { globalSetup: _globalSetup, ...config } = require(path.join(REPO_ROOT, "jest.config.js"));
  const result = await run(process.execPath, [
    require.resolve("jest/bin/jest"),
    "--ci",
    "--config",
    JSON.stringify({ ...config, rootDir: REPO_ROOT }),
    "tests/e2e",
  ]);
  expect(result.status).toBe(0);
  expect(result.stderr).toContain(
    "Skipped tests/e2e/pulumiCli.test.ts: real pulumi CLI on examples/basic, skipped: no pulumi CLI on PATH\n",
  );
  expect(result.stderr).toContain(
    "Skipped tests/e2e/yamlExample.test.ts: real pulumi CLI on examples/yaml through the provider plugin, skipped: no pulumi CLI on PATH\n",
  );
  expect(result.stderr).toMatch(/Tests: +9 skipped, 9 total/);
}, 60_000);
