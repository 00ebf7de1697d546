// A development tool, shared by the tests, `npm run bench` and `npm run demo`: it MIMICS the call sequences the Pulumi
// engine sends to a resource provider (shared/docs/pulumi-dynamic-providers.md §4), so the real provider host can be
// driven where no Pulumi CLI exists. It is not a Pulumi engine (no plans, no dependency graph, no checkpoints, no
// secrets handling) and it is never shipped: the package's `files` list holds only dist/provider.
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
import { Deployments, type DeploymentOptions } from "./deployments";
import type { ProviderHost, Props, RpcError } from "./providerHost";
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

/** What an engine drives: one resource type, its `__provider`, and how its deployments get their hosts. */
export interface EngineOptions extends DeploymentOptions {
  type: string;
  /** `__provider` as the program's resource class serializes it. */
  providerText: string;
  /** Deployments shared with other engines (see {@link MiniEngine.forType}); default: the engine's own. */
  deployments?: Deployments;
}

/**
 * A miniature Pulumi engine: it replays the RPC sequences the real engine sends for preview, up, refresh, destroy
 * and `get` (shared/docs/pulumi-dynamic-providers.md §4) against provider hosts, one per command (see the header),
 * and keeps state as the engine would: checked inputs with `__provider`, and outputs.
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
    this.providerText = options.providerText;
    this.deployments = options.deployments ?? new Deployments(options);
  }

  /** An engine for another resource type of the same stack: its commands share this one's hosts; its state is its own. */
  forType(type: string, providerText: string): MiniEngine {
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
  command<T>(work: (host: ProviderHost) => Promise<T>): Promise<T> {
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

  /** Program inputs as the engine sends them: with `__provider`. */
  withProvider(inputs: Props, providerText = this.providerText): Props {
    return { ...inputs, __provider: providerText };
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
      const checked = await this.check(host, name, old?.inputs ?? {}, news);
      const urn = this.urn(name);
      if (!old) return { op: "create", new: { urn, id: "", inputs: checked, outputs: checked } };
      const diff = await host.diff(old.urn, old.id, old.outputs, checked, old.inputs);
      if (diff.changes === "none") return { op: "same", old, new: { ...old, inputs: checked } };
      if (diff.replaces.length === 0) return { op: "update", old, new: { ...old, inputs: checked, outputs: checked } };
      const fresh = await this.check(host, name, {}, news);
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
      const checked = await this.check(host, name, old?.inputs ?? {}, news);
      const urn = this.urn(name);
      if (!old) {
        options.onPlan?.("create", checked);
        return { op: "create", new: await this.create(host, name, urn, checked) };
      }
      const diff = await host.diff(urn, old.id, old.outputs, checked, old.inputs);
      if (diff.changes === "none" && !old.initErrors) {
        // The engine keeps the old outputs (and their __provider).
        return { op: "same", old, new: this.store(name, { ...old, inputs: checked }) };
      }
      if (diff.replaces.length === 0) {
        // Also where the diff is none but a create left init errors: the engine updates to finish it.
        options.onPlan?.("update", checked);
        const outputs = await this.update(host, name, old, checked);
        return { op: "update", old, new: this.store(name, { urn, id: old.id, inputs: checked, outputs }) };
      }
      const fresh = await this.check(host, name, {}, news);
      options.onPlan?.("replace", fresh);
      if (diff.deleteBeforeReplace) await this.deleteReplaced(old);
      const step: Step = { op: "replace", old, new: await this.create(host, name, urn, fresh) };
      if (diff.deleteBeforeReplace) return step;
      if (options.deferDelete) return { ...step, replaced: old };
      await this.deleteReplaced(old);
      return step;
    });
  }

  /** The Delete that ends a replace: the old id and outputs, with the code stored in them. */
  deleteReplaced(old: StateEntry): Promise<void> {
    return this.deployments.run((host) => host.delete(old.urn, old.id, old.outputs, old.inputs));
  }

  /**
   * `pulumi up` of a whole program, as the engine schedules it: every declared resource is checked and diffed, then
   * created, updated or replaced, at most `parallel` at once; the deletes come last: old resources of
   * create-before-delete replacements, and resources in state that the program no longer declares (unless an alias
   * moved their state). `--replace` skips the provider's Diff and its second Check, as the engine does. A failed
   * step stops the deletes at the end, which stay pending for the next deployment.
   */
  deploy(program: Declared[], options: DeployOptions = {}): Promise<DeployResult> {
    return this.deployments.run(async () => {
      const result: DeployResult = { ops: {}, errors: {} };
      const declared = new Set(program.map((r) => r.name));
      this.applyAliases(program, declared);
      const run = limiter(options.parallel ?? 8);
      await Promise.all(
        program.map((r) =>
          run(async () => {
            try {
              result.ops[r.name] = await this.step(r, options.replace?.includes(r.name) ?? false);
            } catch (e) {
              result.errors[r.name] = e as Error;
            }
          }),
        ),
      );
      if (Object.keys(result.errors).length === 0) await this.deleteAtEnd(declared, run, result);
      return result;
    });
  }

  /** Moves the state of an aliased old name to the resource that now declares it. */
  private applyAliases(program: Declared[], declared: Set<string>): void {
    for (const r of program) {
      const from = r.aliases?.find((a) => this.state.has(a) && !declared.has(a));
      if (from && !this.state.has(r.name)) {
        this.state.set(r.name, { ...this.state.get(from)!, urn: this.urn(r.name) });
        this.state.delete(from);
      }
    }
  }

  /** The end of {@link deploy}: pending deletes, then resources the program no longer declares. */
  private async deleteAtEnd(
    declared: Set<string>,
    run: ReturnType<typeof limiter>,
    result: DeployResult,
  ): Promise<void> {
    const removed = [...this.state.entries()].filter(([name]) => !declared.has(name));
    const deletes = [
      ...this.pendingDeletes.splice(0).map((entry) => ({ entry, name: undefined })),
      ...removed.map(([name, entry]) => ({ entry, name })),
    ];
    await Promise.all(
      deletes.map(({ entry, name }) =>
        run(async () => {
          try {
            await this.deleteReplaced(entry);
            if (name !== undefined) {
              this.state.delete(name);
              result.ops[name] = "delete";
            }
          } catch (e) {
            if (name === undefined) this.pendingDeletes.push(entry);
            result.errors[name ?? `${entry.urn} (pending delete)`] = e as Error;
          }
        }),
      ),
    );
  }

  /** One resource's step in {@link deploy} (inside its deployment). */
  private step(r: Declared, targetedReplace: boolean): Promise<StepOp> {
    return this.deployments.run(async (host) => {
      const old = this.state.get(r.name);
      if (!old || !(targetedReplace || r.replaceOnChanges || r.deleteBeforeReplace !== undefined)) {
        const step = await this.upStep(r.name, r.inputs, { deferDelete: true });
        if (step.replaced) this.pendingDeletes.push(step.replaced);
        return step.op;
      }
      const urn = this.urn(r.name);
      const news = this.withProvider(r.inputs);
      let checked: Props;
      let deleteFirst = r.deleteBeforeReplace ?? false;
      if (targetedReplace) {
        // The engine checks without old inputs and synthesizes {changes: some, replaces: ["id"]}: no provider Diff.
        checked = await this.check(host, r.name, {}, news);
      } else {
        checked = await this.check(host, r.name, old.inputs, news);
        const diff = await host.diff(urn, old.id, old.outputs, checked, old.inputs);
        const forced =
          diff.changes === "some" &&
          (r.replaceOnChanges ?? []).some((k) => JSON.stringify(old.inputs[k]) !== JSON.stringify(checked[k]));
        if (diff.replaces.length === 0 && !forced) {
          if (diff.changes === "none" && !old.initErrors) {
            this.state.set(r.name, { ...old, inputs: checked });
            return "same";
          }
          const outputs = await this.update(host, r.name, old, checked);
          this.state.set(r.name, { urn, id: old.id, inputs: checked, outputs });
          return "update";
        }
        checked = await this.check(host, r.name, {}, news);
        deleteFirst = r.deleteBeforeReplace ?? diff.deleteBeforeReplace;
      }
      if (deleteFirst) await this.deleteReplaced(old);
      await this.create(host, r.name, urn, checked);
      if (!deleteFirst) this.pendingDeletes.push(old);
      return "replace";
    });
  }

  private store(name: string, entry: StateEntry): StateEntry {
    this.state.set(name, entry);
    return entry;
  }

  /** Update; a partial-state error stores its outputs with the init errors, as the engine does, and is rethrown. */
  private async update(host: ProviderHost, name: string, old: StateEntry, checked: Props): Promise<Props> {
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

  /** Create; a partial-state error keeps the resource in state with its init errors, as the engine does. */
  private async create(host: ProviderHost, name: string, urn: string, checked: Props): Promise<StateEntry> {
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

  /** `Resource.get(name, id)`: a Read with no old outputs, only the program's `__provider`. */
  get(name: string, id: string): Promise<{ id: string; outputs: Props }> {
    return this.deployments.run((host) => host.read(this.urn(name), id, {}, this.withProvider({})));
  }

  private async check(host: ProviderHost, name: string, olds: Props, news: Props): Promise<Props> {
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
