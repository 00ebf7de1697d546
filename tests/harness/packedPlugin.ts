// The provider plugin as users install it: this package packed by `npm pack` and installed with npm into a fresh
// directory next to @pulumi/pulumi (its peer), then started the two ways the engine starts a plugin: the executable
// found by name on PATH (the install's node_modules/.bin first on PATH, as `npm install -g` or a project's bin folder
// puts it there), `node <@pulumi/pulumi>/cmd/run-plugin <plugin folder> <address>`, as the Node.js language host
// runs a folder whose PulumiPlugin.yaml says `runtime: nodejs`, and the plugin folder as a project's Pulumi.yaml
// names it (plugins.providers[].path), as the engine chooses between those for a folder, in a project folder that
// holds a tsconfig.json.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { PluginEngineOptions } from "./adapters";
import { run } from "./childProcess";
import { PACKAGE_NAME, REPO_ROOT } from "./providerHost";
import { DEV_PULUMI_VERSION } from "./versions";

export const PLUGIN_EXECUTABLE = "pulumi-resource-cloudflare-origin-cloud-regions";

/** How the engine starts the plugin: the names the tests use, and the options for each. */
export type PackedStart = "found by name on PATH" | "through run-plugin" | "from the folder Pulumi.yaml names";
export const PACKED_STARTS: readonly PackedStart[] = [
  "found by name on PATH",
  "through run-plugin",
  "from the folder Pulumi.yaml names",
];

export interface PackedPlugin {
  /** The fresh directory the tarball was installed in. */
  dir: string;
  /** The installed package's folder. */
  packageDir: string;
  /** Start options of a plugin started `how`, from this install (`env` joins the PATH it sets). */
  start(how: PackedStart, env?: Record<string, string | undefined>): PluginEngineOptions;
  remove(): void;
}

async function ok(command: string, args: string[], cwd: string): Promise<string> {
  const result = await run(command, args, { cwd, env: process.env });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/**
 * Packs the repository (its dist/ as built: jest's globalSetup rebuilds it when a source is newer, and the package
 * matrix tests what prepack makes of a clean clone, so `--ignore-scripts` spares a second build here) and installs
 * the tarball with the dev dependency's @pulumi/pulumi into a fresh directory.
 */
export async function installPackedPlugin(): Promise<PackedPlugin> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ocr-packed-plugin-"));
  const packed = await ok(
    "npm",
    ["pack", "--ignore-scripts", "--pack-destination", work, "--loglevel=warn"],
    REPO_ROOT,
  );
  const tarball = path.join(work, packed.trim().split("\n").pop()!);
  const dir = path.join(work, "project");
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "plugin-user", version: "1.0.0", private: true }),
  );
  await ok(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--loglevel=error",
      tarball,
      `@pulumi/pulumi@${DEV_PULUMI_VERSION}`,
    ],
    dir,
  );
  const packageDir = path.join(dir, "node_modules", PACKAGE_NAME);
  const bin = path.join(dir, "node_modules", ".bin");
  const pluginDir = path.join(packageDir, "plugin");
  const runPlugin = (cwd: string, env: Record<string, string | undefined>): PluginEngineOptions => ({
    mode: "runPlugin",
    pulumiDir: path.join(dir, "node_modules", "@pulumi", "pulumi"),
    pluginDir,
    cwd,
    env,
  });
  // A Pulumi project of another language whose folder holds a tsconfig.json run-plugin's TypeScript cannot read.
  const project = path.join(work, "yaml-project");
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2022" } }));
  return {
    dir,
    packageDir,
    start: (how, env = {}) => {
      if (how === "found by name on PATH")
        return {
          mode: "executable",
          executable: PLUGIN_EXECUTABLE,
          cwd: dir,
          env: { ...env, PATH: `${bin}${path.delimiter}${process.env.PATH}` },
        };
      if (how === "through run-plugin") return runPlugin(dir, env);
      // The engine's choice for a plugins.providers[].path folder (workspace.getPluginPath, plugin.ExecPlugin): the
      // folder's pulumi-resource-<name> if there is one, run directly; else the PulumiPlugin.yaml runtime's RunPlugin.
      // Either way in the project's folder.
      const executable = path.join(pluginDir, PLUGIN_EXECUTABLE);
      return fs.existsSync(executable)
        ? { mode: "executable", executable, cwd: project, env }
        : runPlugin(project, env);
    },
    remove: () => fs.rmSync(work, { recursive: true, force: true }),
  };
}
