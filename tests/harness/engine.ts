// A development tool, shared by the tests, `npm run bench` and `npm run demo`: it MIMICS the call sequences the Pulumi
// engine sends to a resource provider (as pulumi/pulumi's pkg/resource/deploy/step_generator.go and step_executor.go
// send them), so the real provider host, or the provider plugin (adapters.ts), can be driven where no Pulumi CLI
// exists. It is not a Pulumi engine (no plans, no dependency graph, no checkpoints, no secrets handling) and it is never
// shipped: the package's `files` list holds dist/provider and plugin/ only.
//
// Deployments as the CLI runs them: each `pulumi` command (`preview`, `up`, `refresh`, `destroy`, the next `up`) is a
// deployment with a provider host process of its own, and only the operations of one command share that host's
// memory (the provider's claims, its listings, the supported regions it looked up). So every command method here
// (`preview*`, `up*`, `deploy`, `refresh`, `destroy`, `get`, `deleteReplaced`) runs in a fresh host, configured from
// the engine's host options and stopped after, and only the state is carried to the next command, as the CLI carries
// it in the backend. Calls that model ONE command with several resources (`up("a")` and `up("b")` of one program, a
// preview of twenty resources) go in `engine.command(async (host) => …)`, which shares one host among them. Sharing a
// host across commands takes a reason (`shareHost: "…"`), so a test that departs from the CLI says why. Why not one
// host per engine and a reset between commands: a reset would have to know every cache the provider keeps, and a
// new one would silently carry over; a new process cannot. The cost is the host's start (spawn to Configure done:
// about 0.7 s on 2 shared cores, mostly loading @pulumi/pulumi).
import type { AdapterName, CheckFailure, EngineHost } from "./adapters";
import { deployProgram } from "./deploy";
import { Deployments, type DeploymentOptions } from "./deployments";
import type { Props, RpcError } from "./providerHost";
import {
  CheckFailedError,
  limiter,
  type Declared,
  type DeployOptions,
  type DeployResult,
  type StateEntry,
  type Step,
  type StepOp,
} from "./steps";

export {
  CheckFailedError,
  limiter,
  type Declared,
  type DeployOptions,
  type DeployResult,
  type StateEntry,
  type Step,
  type StepOp,
};

/**
 * What an engine drives: one resource type, its `__provider` (dynamic provider only), and how its deployments get
 * their hosts: the dynamic provider host (`adapter` unset, `host` options) or the plugin (`adapter: "plugin"`,
 * `plugin` options; `type` a token `cloudflare-origin-cloud-regions:index:…`).
 */
export interface EngineOptions extends DeploymentOptions {
  type: string;
  /** `__provider` as the program's resource class serializes it; the plugin takes none. */
  providerText?: string;
  /** Deployments shared with other engines (see {@link MiniEngine.forType}); default: the engine's own. */
  deployments?: Deployments;
}

/**
 * A miniature Pulumi engine: it replays the RPC sequences the real engine sends for preview, up, refresh, destroy,
 * `get` and `pulumi import` (see the header) against provider hosts or plugins, one per command, and keeps state as the engine would: checked inputs (with `__provider` for the
 * dynamic provider), and outputs.
 */
export class MiniEngine {
  readonly state = new Map<string, StateEntry>();
  /** Old resources of create-before-delete replacements whose delete has not run yet (the engine's pending deletes). */
  readonly pendingDeletes: StateEntry[] = [];
  readonly type: string;
  readonly providerText: string;
  readonly deployments: Deployments;

  constructor(options: EngineOptions) {
    this.type = options.type;
    this.deployments = options.deployments ?? new Deployments(options);
    if (this.adapter === "dynamic" && options.providerText === undefined)
      throw new Error("a dynamic-provider engine needs the resource class's providerText (__provider)");
    this.providerText = options.providerText ?? "";
  }

  /** Which adapter this engine's commands drive. */
  get adapter(): AdapterName {
    return this.deployments.adapter;
  }

  /**
   * An engine for another resource type of the same stack: its commands share this one's hosts; its state is its own.
   * `providerText`: that type's `__provider` (dynamic provider only).
   */
  forType(type: string, providerText?: string): MiniEngine {
    return new MiniEngine({ type, providerText, deployments: this.deployments });
  }

  /** Takes over another engine's state and pending deletes (the same stack after an upgrade); returns this engine. */
  takeState(previous: MiniEngine): this {
    for (const [name, entry] of previous.state) this.state.set(name, entry);
    this.pendingDeletes.push(...previous.pendingDeletes);
    return this;
  }

  /**
   * One `pulumi` command made of several calls (e.g. `up("a")` and `up("b")` of one program): every call inside
   * `work`, of this engine and of its {@link forType} siblings, goes to one host, stopped when `work` settles.
   */
  command<T>(work: (host: EngineHost) => Promise<T>): Promise<T> {
    return this.deployments.run(work, true);
  }

  /** Everything the hosts of this engine's deployments wrote, in order. */
  get output(): readonly string[] {
    return this.deployments.output;
  }

  /** The first line of {@link output} from index `from` on that matches. */
  waitForOutput(pattern: RegExp, from = 0, timeoutMs = 5000): Promise<string> {
    return this.deployments.waitForOutput(pattern, from, timeoutMs);
  }

  /** Stops a shared host (`shareHost`); nothing to do otherwise. */
  stop(): Promise<void> {
    return this.deployments.stop();
  }

  urn(name: string): string {
    return `urn:pulumi:test::proj::${this.type}::${name}`;
  }

  /** Program inputs as the engine sends them: with `__provider` to the dynamic provider, as they are to the plugin. */
  withProvider(inputs: Props, providerText = this.providerText): Props {
    return this.adapter === "plugin" ? { ...inputs } : { ...inputs, __provider: providerText };
  }

  /** `pulumi preview`: Check and Diff only; what `up` would do. */
  async preview(name: string, inputs: Props): Promise<StepOp> {
    return (await this.previewStep(name, inputs)).op;
  }

  /** {@link preview} with what the engine would show: checked inputs, and outputs faked from them. */
  previewStep(name: string, inputs: Props, providerText = this.providerText): Promise<Step> {
    return this.deployments.run(async (host) => {
      const old = this.state.get(name);
      const news = this.withProvider(inputs, providerText);
      const checked = await this.checkIn(host, name, old?.inputs ?? {}, news);
      const urn = this.urn(name);
      if (!old) return { op: "create", new: { urn, id: "", inputs: checked, outputs: checked } };
      const diff = await host.diff(old.urn, old.id, old.outputs, checked, old.inputs);
      if (diff.changes === "none") return { op: "same", old, new: { ...old, inputs: checked } };
      if (diff.replaces.length === 0) return { op: "update", old, new: { ...old, inputs: checked, outputs: checked } };
      const fresh = await this.checkIn(host, name, {}, news);
      return { op: "replace", old, new: { urn, id: "", inputs: fresh, outputs: fresh } };
    });
  }

  /** `pulumi up` for one resource. */
  async up(name: string, inputs: Props, providerText = this.providerText): Promise<StepOp> {
    return (await this.upStep(name, inputs, { providerText })).op;
  }

  /**
   * {@link up} with the state before and after. `deferDelete`: a create-before-delete replace leaves the old
   * resource's Delete to the caller ({@link deleteReplaced}), which the engine runs at the end of the deployment.
   * `onPlan` hears the step's op and checked inputs once Check and Diff decided them, before any write (so a failed
   * write can be named).
   */
  upStep(
    name: string,
    inputs: Props,
    options: { providerText?: string; deferDelete?: boolean; onPlan?: (op: StepOp, inputs: Props) => void } = {},
  ): Promise<Step> {
    return this.deployments.run(async (host) => {
      const old = this.state.get(name);
      const news = this.withProvider(inputs, options.providerText);
      const checked = await this.checkIn(host, name, old?.inputs ?? {}, news);
      const urn = this.urn(name);
      if (!old) {
        options.onPlan?.("create", checked);
        return { op: "create", new: await this.createIn(host, name, urn, checked) };
      }
      const diff = await host.diff(urn, old.id, old.outputs, checked, old.inputs);
      if (diff.changes === "none" && !old.initErrors) {
        // The engine keeps the old outputs (and their __provider).
        return { op: "same", old, new: this.store(name, { ...old, inputs: checked }) };
      }
      if (diff.replaces.length === 0) {
        // Also where the diff is none but a create left init errors: the engine updates to finish it.
        options.onPlan?.("update", checked);
        const outputs = await this.updateIn(host, name, old, checked);
        return { op: "update", old, new: this.store(name, { urn, id: old.id, inputs: checked, outputs }) };
      }
      const fresh = await this.checkIn(host, name, {}, news);
      options.onPlan?.("replace", fresh);
      if (diff.deleteBeforeReplace) await this.deleteReplaced(old);
      const step: Step = { op: "replace", old, new: await this.createIn(host, name, urn, fresh) };
      if (diff.deleteBeforeReplace) return step;
      if (options.deferDelete) return { ...step, replaced: old };
      await this.deleteReplaced(old);
      return step;
    });
  }

  /** The Delete that ends a replace (its own deployment unless inside one): the old id, outputs and inputs. */
  deleteReplaced(old: StateEntry): Promise<void> {
    return this.deployments.run((host) => host.delete(old.urn, old.id, old.outputs, old.inputs));
  }

  /**
   * `pulumi up` of a whole program, as the engine schedules it (deploy.ts): every declared resource is checked and
   * diffed, then created, updated or replaced, at most `parallel` at once; then the deletes.
   */
  deploy(program: Declared[], options: DeployOptions = {}): Promise<DeployResult> {
    return deployProgram(this, program, options);
  }

  private store(name: string, entry: StateEntry): StateEntry {
    this.state.set(name, entry);
    return entry;
  }

  /**
   * Update, in a command's host; a partial-state error stores its outputs with the init errors, as the engine does,
   * and is rethrown.
   */
  async updateIn(host: EngineHost, name: string, old: StateEntry, checked: Props): Promise<Props> {
    try {
      return await host.update(old.urn, old.id, old.outputs, checked);
    } catch (e) {
      const failed = (e as RpcError).initFailed;
      if (failed)
        this.state.set(name, {
          urn: old.urn,
          id: old.id,
          inputs: checked,
          outputs: failed.properties,
          initErrors: failed.reasons,
        });
      throw e;
    }
  }

  /** Create, in a command's host; a partial-state error keeps the resource in state with its init errors. */
  async createIn(host: EngineHost, name: string, urn: string, checked: Props): Promise<StateEntry> {
    try {
      const created = await host.create(urn, checked);
      return this.store(name, { urn, id: created.id, inputs: checked, outputs: created.outputs });
    } catch (e) {
      const failed = (e as RpcError).initFailed;
      if (failed)
        this.state.set(name, {
          urn,
          id: failed.id,
          inputs: checked,
          outputs: failed.properties,
          initErrors: failed.reasons,
        });
      throw e;
    }
  }

  /** `pulumi refresh` for one resource: Read with the old code, then the Diff that shows drift. */
  refresh(name: string): Promise<{ op: "refresh" | "delete"; drift?: "unknown" | "none" | "some" }> {
    return this.deployments.run(async (host) => {
      const old = this.must(name);
      const read = await host.read(old.urn, old.id, old.outputs, old.inputs);
      if (read.id === "") {
        this.state.delete(name);
        return { op: "delete" };
      }
      const entry = { ...old, id: read.id, outputs: read.outputs, inputs: read.inputs ?? old.inputs };
      this.state.set(name, entry);
      const diff = await host.diff(entry.urn, entry.id, entry.outputs, old.inputs, old.inputs);
      return { op: "refresh", drift: diff.changes };
    });
  }

  /** `pulumi destroy` (or removal from the program) for one resource, with the code stored in state. */
  destroy(name: string): Promise<void> {
    return this.deployments.run(async (host) => {
      const old = this.must(name);
      await host.delete(old.urn, old.id, old.outputs, old.inputs);
      this.state.delete(name);
    });
  }

  /** `Resource.get(name, id)`: a Read with no old outputs, only the program's `__provider` (the plugin: nothing). */
  get(name: string, id: string): Promise<{ id: string; outputs: Props }> {
    return this.deployments.run((host) => host.read(this.urn(name), id, {}, this.withProvider({})));
  }

  /**
   * `pulumi import <type> <name> <id>` (pkg/resource/deploy/step.go, ImportStep): Read with the id alone, then Check
   * with the read inputs as both olds and news, whose failures the engine only warns about; state takes the read
   * inputs and outputs. Returns those failures (the warnings). The program `pulumi import` writes is the read inputs:
   * its next `up` should be no change.
   */
  import(name: string, id: string): Promise<{ op: "import"; entry: StateEntry; warnings: CheckFailure[] }> {
    return this.deployments.run(async (host) => {
      const urn = this.urn(name);
      const read = await host.read(urn, id, {}, {});
      if (read.id === "" || Object.keys(read.outputs).length === 0) throw new Error(`resource '${id}' does not exist`);
      if (!read.inputs) throw new Error("provider does not support importing resources");
      const { failures } = await host.check(urn, read.inputs, read.inputs);
      const entry = this.store(name, { urn, id: read.id, inputs: read.inputs, outputs: read.outputs });
      return { op: "import", entry, warnings: failures };
    });
  }

  /** Check, in a command's host; failures are raised as the engine reports them ({@link CheckFailedError}). */
  async checkIn(host: EngineHost, name: string, olds: Props, news: Props): Promise<Props> {
    const result = await host.check(this.urn(name), olds, news);
    if (result.failures.length > 0) throw new CheckFailedError(result.failures);
    return result.inputs;
  }

  private must(name: string): StateEntry {
    const entry = this.state.get(name);
    if (!entry) throw new Error(`no resource named ${name} in state`);
    return entry;
  }
}
