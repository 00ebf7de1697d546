// A development tool, shared by the tests, `npm run bench` and `npm run demo`: it MIMICS the call sequences the Pulumi
// engine sends to a resource provider (shared/docs/pulumi-dynamic-providers.md §4), so the real provider host can be
// driven where no Pulumi CLI exists. It is not a Pulumi engine (no plans, no dependency graph, no checkpoints, no
// secrets handling) and it is never shipped: the package's `files` list holds only dist/provider.
import type { ProviderHost, Props, RpcError } from "./providerHost";

/** A resource as the engine keeps it in state. */
export interface StateEntry {
  urn: string;
  id: string;
  inputs: Props;
  outputs: Props;
  /** Set when a create failed with Pulumi's partial-state error: the next `up` updates the resource. */
  initErrors?: string[];
}

/** A resource as a program declares it, with the resource options the engine acts on. */
export interface Declared {
  name: string;
  inputs: Props;
  /** `aliases: [{ name }]`: earlier names whose state this resource takes over. */
  aliases?: string[];
  /** `replaceOnChanges`: input names whose change replaces the resource even where the provider's diff updates. */
  replaceOnChanges?: string[];
  /** The `deleteBeforeReplace` resource option (overrides the provider's answer). */
  deleteBeforeReplace?: boolean;
}

/** Options of one deployment (`pulumi up`). */
export interface DeployOptions {
  /** `--parallel`: at most this many resource operations at once (default 8, i.e. 4 × 2 CPUs). */
  parallel?: number;
  /** `--replace <urn>`: names to replace whatever their diff says. */
  replace?: string[];
}

/** What a deployment did to each resource, and the errors the engine would print. */
export interface DeployResult {
  ops: Record<string, StepOp>;
  errors: Record<string, Error>;
}

/** What a step did, in the words `pulumi up` prints. */
export type StepOp = "create" | "same" | "update" | "replace" | "delete" | "refresh" | "read";

/**
 * One resource's step. After `up`: the state the engine stored. After a preview: what the engine would show, with
 * outputs faked as the checked inputs for a create, update or replace (the provider is not called) and an empty id for
 * a resource not yet created.
 */
export interface Step {
  op: StepOp;
  /** The resource's state before the step, when it existed. */
  old?: StateEntry;
  new: StateEntry;
  /** A replaced resource whose Delete was deferred to the end of the deployment (`upStep` with `deferDelete`). */
  replaced?: StateEntry;
}

/** Check failures, raised the way the engine reports them (no further RPCs for that resource). */
export class CheckFailedError extends Error {
  constructor(readonly failures: { property: string; reason: string }[]) {
    super(failures.map((f) => `${f.property}: ${f.reason}`).join("\n"));
  }
}

/**
 * A miniature Pulumi engine: it replays the RPC sequences the real engine sends for preview, up, refresh, destroy
 * and `get` (shared/docs/pulumi-dynamic-providers.md §4) against a provider host, and keeps state as the engine
 * would: checked inputs with `__provider`, and outputs.
 */
export class MiniEngine {
  readonly state = new Map<string, StateEntry>();
  /** Old resources of create-before-delete replacements whose delete has not run yet (the engine's pending deletes). */
  readonly pendingDeletes: StateEntry[] = [];

  constructor(
    readonly host: ProviderHost,
    readonly type: string,
    readonly providerText: string,
  ) {}

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
  async previewStep(name: string, inputs: Props, providerText = this.providerText): Promise<Step> {
    const old = this.state.get(name);
    const news = this.withProvider(inputs, providerText);
    const checked = await this.check(name, old?.inputs ?? {}, news);
    const urn = this.urn(name);
    if (!old) return { op: "create", new: { urn, id: "", inputs: checked, outputs: checked } };
    const diff = await this.host.diff(old.urn, old.id, old.outputs, checked, old.inputs);
    if (diff.changes === "none") return { op: "same", old, new: { ...old, inputs: checked } };
    if (diff.replaces.length === 0) return { op: "update", old, new: { ...old, inputs: checked, outputs: checked } };
    const fresh = await this.check(name, {}, news);
    return { op: "replace", old, new: { urn, id: "", inputs: fresh, outputs: fresh } };
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
  async upStep(
    name: string,
    inputs: Props,
    options: { providerText?: string; deferDelete?: boolean; onPlan?: (op: StepOp, inputs: Props) => void } = {},
  ): Promise<Step> {
    const old = this.state.get(name);
    const news = this.withProvider(inputs, options.providerText);
    const checked = await this.check(name, old?.inputs ?? {}, news);
    const urn = this.urn(name);
    const store = (entry: StateEntry) => {
      this.state.set(name, entry);
      return entry;
    };
    if (!old) {
      options.onPlan?.("create", checked);
      return { op: "create", new: await this.create(name, urn, checked) };
    }
    const diff = await this.host.diff(urn, old.id, old.outputs, checked, old.inputs);
    if (diff.changes === "none" && !old.initErrors) {
      // The engine keeps the old outputs (and their __provider).
      return { op: "same", old, new: store({ ...old, inputs: checked }) };
    }
    if (diff.replaces.length === 0) {
      // Also where the diff is none but a create left init errors: the engine updates to finish it.
      options.onPlan?.("update", checked);
      const outputs = await this.update(name, old, checked);
      return { op: "update", old, new: store({ urn, id: old.id, inputs: checked, outputs }) };
    }
    const fresh = await this.check(name, {}, news);
    options.onPlan?.("replace", fresh);
    if (diff.deleteBeforeReplace) await this.deleteReplaced(old);
    const step: Step = { op: "replace", old, new: await this.create(name, urn, fresh) };
    if (diff.deleteBeforeReplace) return step;
    if (options.deferDelete) return { ...step, replaced: old };
    await this.deleteReplaced(old);
    return step;
  }

  /** The Delete that ends a replace: the old id and outputs, with the code stored in them. */
  async deleteReplaced(old: StateEntry): Promise<void> {
    await this.host.delete(old.urn, old.id, old.outputs, old.inputs);
  }

  /**
   * `pulumi up` of a whole program, as the engine schedules it: every declared resource is checked and diffed, then
   * created, updated or replaced, at most `parallel` at once; the deletes come last: old resources of
   * create-before-delete replacements, and resources in state that the program no longer declares (unless an alias
   * moved their state). `--replace` skips the provider's Diff and its second Check, as the engine does. A failed
   * step stops the deletes at the end, which stay pending for the next deployment.
   */
  async deploy(program: Declared[], options: DeployOptions = {}): Promise<DeployResult> {
    const result: DeployResult = { ops: {}, errors: {} };
    const declared = new Set(program.map((r) => r.name));
    for (const r of program) {
      const from = r.aliases?.find((a) => this.state.has(a) && !declared.has(a));
      if (from && !this.state.has(r.name)) {
        this.state.set(r.name, { ...this.state.get(from)!, urn: this.urn(r.name) });
        this.state.delete(from);
      }
    }
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
    if (Object.keys(result.errors).length > 0) return result;
    const removed = [...this.state.entries()].filter(([name]) => !declared.has(name));
    const deletes = [...this.pendingDeletes.splice(0).map((entry) => ({ entry, name: undefined })), ...removed.map(([name, entry]) => ({ entry, name }))];
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
    return result;
  }

  /** One resource's step in {@link deploy}. */
  private async step(r: Declared, targetedReplace: boolean): Promise<StepOp> {
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
      checked = await this.check(r.name, {}, news);
    } else {
      checked = await this.check(r.name, old.inputs, news);
      const diff = await this.host.diff(urn, old.id, old.outputs, checked, old.inputs);
      const forced = diff.changes === "some" && (r.replaceOnChanges ?? []).some((k) => JSON.stringify(old.inputs[k]) !== JSON.stringify(checked[k]));
      if (diff.replaces.length === 0 && !forced) {
        if (diff.changes === "none" && !old.initErrors) {
          this.state.set(r.name, { ...old, inputs: checked });
          return "same";
        }
        const outputs = await this.update(r.name, old, checked);
        this.state.set(r.name, { urn, id: old.id, inputs: checked, outputs });
        return "update";
      }
      checked = await this.check(r.name, {}, news);
      deleteFirst = r.deleteBeforeReplace ?? diff.deleteBeforeReplace;
    }
    if (deleteFirst) await this.deleteReplaced(old);
    await this.create(r.name, urn, checked);
    if (!deleteFirst) this.pendingDeletes.push(old);
    return "replace";
  }

  /** Update; a partial-state error stores its outputs with the init errors, as the engine does, and is rethrown. */
  private async update(name: string, old: StateEntry, checked: Props): Promise<Props> {
    try {
      return await this.host.update(old.urn, old.id, old.outputs, checked);
    } catch (e) {
      const failed = (e as RpcError).initFailed;
      if (failed) this.state.set(name, { urn: old.urn, id: old.id, inputs: checked, outputs: failed.properties, initErrors: failed.reasons });
      throw e;
    }
  }

  /** Create; a partial-state error keeps the resource in state with its init errors, as the engine does. */
  private async create(name: string, urn: string, checked: Props): Promise<StateEntry> {
    try {
      const created = await this.host.create(urn, checked);
      const entry = { urn, id: created.id, inputs: checked, outputs: created.outputs };
      this.state.set(name, entry);
      return entry;
    } catch (e) {
      const failed = (e as RpcError).initFailed;
      if (failed) this.state.set(name, { urn, id: failed.id, inputs: checked, outputs: failed.properties, initErrors: failed.reasons });
      throw e;
    }
  }

  /** `pulumi refresh` for one resource: Read with the old code, then the Diff that shows drift. */
  async refresh(name: string): Promise<{ op: "refresh" | "delete"; drift?: "unknown" | "none" | "some" }> {
    const old = this.must(name);
    const read = await this.host.read(old.urn, old.id, old.outputs, old.inputs);
    if (read.id === "") {
      this.state.delete(name);
      return { op: "delete" };
    }
    const entry = { ...old, id: read.id, outputs: read.outputs, inputs: read.inputs ?? old.inputs };
    this.state.set(name, entry);
    const diff = await this.host.diff(entry.urn, entry.id, entry.outputs, old.inputs, old.inputs);
    return { op: "refresh", drift: diff.changes };
  }

  /** `pulumi destroy` (or removal from the program) for one resource, with the code stored in state. */
  async destroy(name: string): Promise<void> {
    const old = this.must(name);
    await this.host.delete(old.urn, old.id, old.outputs, old.inputs);
    this.state.delete(name);
  }

  /** `Resource.get(name, id)`: a Read with no old outputs, only the program's `__provider`. */
  async get(name: string, id: string): Promise<{ id: string; outputs: Props }> {
    return this.host.read(this.urn(name), id, {}, this.withProvider({}));
  }

  private async check(name: string, olds: Props, news: Props): Promise<Props> {
    const result = await this.host.check(this.urn(name), olds, news);
    if (result.failures.length > 0) throw new CheckFailedError(result.failures);
    return result.inputs;
  }

  private must(name: string): StateEntry {
    const entry = this.state.get(name);
    if (!entry) throw new Error(`no resource named ${name} in state`);
    return entry;
  }
}

/**
 * Runs tasks with at most `parallel` in flight, like the engine's `--parallel`: `run(task)` waits for a free slot.
 */
export function limiter(parallel: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active < parallel) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve)); // a finishing task hands its slot over
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
