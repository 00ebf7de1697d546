#!/usr/bin/env node
// The provider plugin's executable (package.json "bin": pulumi-resource-cloudflare-origin-cloud-regions; the plugin
// folder's file of that name, which the engine runs for a folder a Pulumi.yaml names), and what plugin/index.js runs
// when the Node.js language host starts the plugin folder through @pulumi/pulumi/cmd/run-plugin.
// The engine reads the port from the first line on stdout, so nothing else is ever written there: console lines go
// to stderr, warnings to the engine's Log RPC (engineLog.ts).
import { engineLogger } from "./engineLog";
import { serve, type PluginState } from "./service";

/**
 * The engine's address among the arguments: the last one that is not a flag (`--logtostderr`, `-v=9`,
 * `--tracing <endpoint>` may come before it). Undefined when the plugin was started alone, to be attached.
 */
export function engineAddress(args: readonly string[]): string | undefined {
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--tracing") i++;
    else if (!args[i].startsWith("-")) positional.push(args[i]);
  }
  return positional[positional.length - 1];
}

/** Every console line goes to stderr: stdout is the engine's, for the port alone. */
function keepStdoutForThePort(): void {
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
}

/** Warnings go to the engine's Log RPC, as warnings of the resource at hand; to stderr when the engine cannot take them. */
function warnThroughTheEngine(state: PluginState): void {
  console.warn = engineLogger(() => state.engineAddress);
}

/** Starts the plugin: serves the provider and prints its port. */
export async function main(args: readonly string[] = process.argv.slice(2)): Promise<void> {
  keepStdoutForThePort();
  const state: PluginState = { engineAddress: engineAddress(args) };
  warnThroughTheEngine(state);
  const { port } = await serve(state);
  process.stdout.write(`${port}\n`);
}

/** Runs {@link main}; a failure to start is one line on stderr and exit code 1. */
export function start(): void {
  main().catch((e) => {
    console.error(`pulumi-resource-cloudflare-origin-cloud-regions: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  });
}

if (require.main === module) start();
