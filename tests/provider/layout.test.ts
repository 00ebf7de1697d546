// Where code runs, as the built package loads it: the lookups and the export command (program side and CLI) load no
// host-only module (core/, dynamic/runtime.js), while providerRuntimeV1 does (the control that the check can see them).
// ESLint refuses such imports in the source; this checks what Node actually loads, re-exports and all.
import { spawnSync } from "child_process";
import * as path from "path";
import { REPO_ROOT } from "../harness/providerHost";

const DIST = path.join(REPO_ROOT, "dist", "provider");

/** The modules of dist/provider/ that loading `entry` loads, relative to dist/provider and sorted. */
function modulesLoadedBy(entry: string): string[] {
  const script = `require(${JSON.stringify(path.join(DIST, entry))});
    const root = ${JSON.stringify(DIST + path.sep)};
    console.log(JSON.stringify(Object.keys(require.cache).filter((f) => f.startsWith(root)).map((f) => f.slice(root.length))));`;
  const run = spawnSync(process.execPath, ["-e", script], { cwd: REPO_ROOT, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`node failed: ${run.stderr}`);
  return (JSON.parse(run.stdout) as string[]).map((f) => f.split(path.sep).join("/")).sort();
}

const hostOnly = (modules: string[]) => modules.filter((m) => m.startsWith("core/") || m === "dynamic/runtime.js");

test.each([
  ["the lookups", "lookups/index.js"],
  ["the export command", "cli/export.js"],
  ["the resource classes", "dynamic/originCloudRegion.js"],
  ["the set's resource class", "dynamic/originCloudRegionSet.js"],
  ["the /api subpath", "api/public.js"],
])("%s: no host-only module loads", (_what, entry) => {
  const loaded = modulesLoadedBy(entry);
  expect(loaded).toContain(entry);
  expect(hostOnly(loaded)).toEqual([]);
});

test("providerRuntimeV1 loads the operations (so the check above sees host-only modules when they load)", () => {
  const loaded = hostOnly(modulesLoadedBy("dynamic/runtime.js"));
  expect(loaded).toEqual(
    expect.arrayContaining(["dynamic/runtime.js", "core/providerContext.js", "core/deployment.js"]),
  );
});

test("the /api subpath loads only api/", () => {
  expect(modulesLoadedBy("api/public.js").filter((m) => !m.startsWith("api/"))).toEqual([]);
});
