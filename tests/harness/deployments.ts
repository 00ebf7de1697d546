// Where MiniEngine's commands get their provider host. The Pulumi CLI starts one host process per command (`pulumi
// up`, `refresh`, `destroy`, the next `up`: each is a deployment of its own), and only the operations of one command
// share that host's memory: the provider's claims (provider/core/deployment.ts), the coalescing client's listings and the
// supported regions it looked up. So by default every deployment gets a fresh host, stopped when it ends. The host is
// the dynamic provider host or the provider plugin (adapters.ts): the same rule holds for both.
import { AsyncLocalStorage } from "async_hooks";
import { startHost, type AdapterName, type EngineHost, type PluginEngineOptions } from "./adapters";
import { waitForLine, type HostOptions } from "./providerHost";

/** How an engine's deployments start their hosts. */
export interface DeploymentOptions {
  /** Which adapter serves the commands (default: the dynamic provider host). */
  adapter?: AdapterName;
  /**
   * Options of every dynamic provider host started: the stack config handed to Configure, environment, preloads,
   * project, node.
   */
  host?: HostOptions;
  /** Options of every plugin started (adapter "plugin"): its provider config, environment, how it is started. */
  plugin?: PluginEngineOptions;
  /**
   * Why ONE host serves every command, as the CLI never does (e.g. "the host's clock is moved by the test"). Unset:
   * a fresh host per deployment. A reason is required so a reader sees why a test departs from the CLI.
   */
  shareHost?: string;
}

/**
 * The deployments of one stack: a fresh provider host per deployment (or one shared host, with a reason). Engines
 * made with {@link MiniEngine.forType} share it, so the resources of several types in one command share one host.
 */
export class Deployments {
  /** Every line any of these hosts wrote, in order: what the CLI showed over all the commands. */
  readonly output: string[] = [];
  /** Every host started so far, in order (stopped ones included): one per deployment unless shared. */
  readonly hosts: EngineHost[] = [];
  private readonly scope = new AsyncLocalStorage<EngineHost>();
  private shared?: Promise<EngineHost>;

  constructor(readonly options: DeploymentOptions = {}) {
    if (options.shareHost !== undefined && options.shareHost.trim() === "") {
      throw new Error(
        "shareHost needs a reason: the CLI starts a provider host per command, so say why this test keeps one",
      );
    }
  }

  /**
   * Runs `work` as one deployment: inside an open one (a {@link MiniEngine.command} scope), in its host; else in the
   * shared host when there is one; else in a fresh host, stopped once `work` settles. `explicit`: a command scope,
   * which may not be nested in another (that would hide a second command's host).
   */
  async run<T>(work: (host: EngineHost) => Promise<T>, explicit = false): Promise<T> {
    const open = this.scope.getStore();
    if (open) {
      if (explicit && this.options.shareHost === undefined)
        throw new Error(
          "a command inside a command: each `pulumi` command is a deployment of its own; end the first before starting the next",
        );
      return work(open);
    }
    if (this.options.shareHost !== undefined) {
      const host = await (this.shared ??= this.start());
      return this.scope.run(host, () => work(host));
    }
    const host = await this.start();
    try {
      return await this.scope.run(host, () => work(host));
    } finally {
      await host.stop();
    }
  }

  /** The first output line from index `from` on that matches `pattern` (a host of an open deployment may still write). */
  waitForOutput(pattern: RegExp, from = 0, timeoutMs = 5000): Promise<string> {
    return waitForLine(this.output, pattern, from, timeoutMs);
  }

  /** Stops the shared host, if one was started (a fresh host stops with its deployment). */
  async stop(): Promise<void> {
    const shared = this.shared;
    this.shared = undefined;
    await (await shared?.catch(() => undefined))?.stop();
  }

  /** The adapter these deployments start. */
  get adapter(): AdapterName {
    return this.options.adapter ?? "dynamic";
  }

  private async start(): Promise<EngineHost> {
    const host = await startHost(this.adapter, this.options, (line) => this.output.push(line));
    this.hosts.push(host);
    return host;
  }
}
