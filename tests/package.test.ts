// What `npm install` gives users: the compiled provider and nothing else. The test harness (provider host driver,
// engine replay, stack replay), the fake API and the scripts are development tools and must never ship.
import { run } from "./harness/childProcess";
import { REPO_ROOT } from "./harness/providerHost";

test("the package holds only dist/provider, the plugin folder, package.json, README.md, CHANGELOG.md and LICENSE", async () => {
  // --ignore-scripts: prepack would clean and rebuild dist/ under the other suites' feet; the tarball's own build is
  // tested from a clean copy of the sources in tests/package/matrix.test.ts.
  const result = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: REPO_ROOT,
    env: process.env,
  });
  expect(result.status).toBe(0);
  const files: string[] = JSON.parse(result.stdout)[0].files.map((f: { path: string }) => f.path);
  const documents = ["package.json", "README.md", "CHANGELOG.md", "LICENSE"];
  expect(files).toEqual(expect.arrayContaining(["dist/provider/index.js", "dist/provider/index.d.ts", ...documents]));
  // The provider plugin's folder: the executable the engine runs for it, run-plugin's entry, its PulumiPlugin.yaml
  // and the schema (issue 17).
  const plugin = [
    "plugin/PulumiPlugin.yaml",
    "plugin/index.js",
    "plugin/pulumi-resource-cloudflare-origin-cloud-regions",
    "plugin/schema.json",
  ];
  expect(files).toEqual(expect.arrayContaining(plugin));
  const allowed = (f: string) =>
    /^dist\/provider\/.+\.(js|d\.ts)$/.test(f) || documents.includes(f) || plugin.includes(f);
  expect(files.filter((f) => !allowed(f))).toEqual([]);
});
