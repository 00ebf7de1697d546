// Which @pulumi/pulumi the tests run against, and what depends on its version.
import * as semver from "semver";

/** The @pulumi/pulumi of this repository's node_modules (the dev dependency). */
export const DEV_PULUMI_VERSION: string = require("@pulumi/pulumi/package.json").version;

/**
 * Where the provider hosts of the host suites come from. By default: this repository's @pulumi/pulumi, on the Node
 * running the tests. The version matrix re-runs the host suites with OCR_HOST_PULUMI set to a project directory that
 * holds another @pulumi/pulumi and OCR_HOST_NODE to another Node executable (a project with its own SDK always wins,
 * as it does for the engine).
 */
export const HOST_PULUMI_DIR: string | undefined = process.env.OCR_HOST_PULUMI || undefined;
export const HOST_NODE: string | undefined = process.env.OCR_HOST_NODE || undefined;

/** The @pulumi/pulumi version whose provider host the host suites talk to. */
export const HOST_PULUMI_VERSION: string = require(
  require.resolve("@pulumi/pulumi/package.json", { paths: [HOST_PULUMI_DIR ?? __dirname] }),
).version;

/**
 * The first @pulumi/pulumi whose provider host serves `Resource.get` for dynamic resources: on a `get` the engine
 * sends no old outputs, and only from this version does the host take `__provider` from the inputs instead
 * (`cmd/dynamic-provider/index.js`). Older hosts fail with Pulumi's own "code must be a string, not undefined".
 */
export const GET_SUPPORTED_SINCE = "3.268.0";

/** The host's answer to a `get` when its version predates {@link GET_SUPPORTED_SINCE}. */
export const OLD_HOST_GET_ERROR = "code must be a string, not undefined";

export function hostSupportsGet(pulumiVersion: string): boolean {
  return semver.gte(pulumiVersion, GET_SUPPORTED_SINCE);
}

/** The pnpm that installs the pnpm leg: the registry's `pnpm` package run by npx (pinned; no global install). */
export const PNPM_VERSION = "12.26.0";

/**
 * The version matrix `npm test` runs (tests/package/matrix.test.ts): the packed tarball installed into a fresh project
 * next to @pulumi/pulumi. `oldest` is the floor of `engines.node` and of the `@pulumi/pulumi` peer range; `newest` is
 * Node 22 with the newest @pulumi/pulumi (bump it with each release). `pnpm` is one leg for two checks, pnpm's
 * isolated node_modules (the package a link into node_modules/.pnpm, its peer SDK a sibling link there) and Node 24,
 * which `engines.node` allows; one leg instead of two keeps the matrix's time modest and loses nothing,
 * since the two are independent (the layout is Node's to resolve the same on any version) and `newest` is their
 * control: the same SDK on npm and Node 22, so a failure in this leg alone is pnpm's or Node 24's, its message saying
 * which. It takes the newest SDK: the one a new project gets.
 */
export const MATRIX = [
  { leg: "oldest", node: "20.17.0", pulumi: "3.216.0", manager: "npm" },
  { leg: "newest", node: "22.23.3", pulumi: "3.276.0", manager: "npm" },
  { leg: "pnpm", node: "24.21.0", pulumi: "3.276.0", manager: "pnpm" },
] as const;

/** One leg of {@link MATRIX}. */
export type MatrixLeg = (typeof MATRIX)[number];

/** A jest test that needs `get`: skipped on an older host, with the reason in its title (the version matrix runs it). */
export function testNeedingGet(title: string, fn: () => Promise<void>): void {
  if (hostSupportsGet(HOST_PULUMI_VERSION)) test(title, fn);
  else
    test.skip(
      `${title} (skipped: the host is @pulumi/pulumi ${HOST_PULUMI_VERSION}, get needs ${GET_SUPPORTED_SINCE})`,
      fn,
    );
}
