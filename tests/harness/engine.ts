// A development tool, shared by the tests, `npm run bench` and `npm run demo`: it MIMICS the call sequences the Pulumi
// engine sends to a resource provider (shared/docs/pulumi-dynamic-providers.md §4), so the real provider host can be
// driven where no Pulumi CLI exists. It is not a Pulumi engine (no plans, no dependency graph, no checkpoints, no
// secrets handling) and it is never shipped: the package's `files` list holds only dist/provider.
import type { ProviderHost, Props } from "./providerHost";

/** A resource as the engine keeps it in state. */
export interface StateEntry {
  urn: string;
  id: string;
  inputs: Props;
  outputs: Props;
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
      const created = await this.host.create(urn, checked);
      return { op: "create", new: store({ urn, id: created.id, inputs: checked, outputs: created.outputs }) };
    }
    const diff = await this.host.diff(urn, old.id, old.outputs, checked, old.inputs);
    if (diff.changes === "none") {
      // The engine keeps the old outputs (and their __provider).
      return { op: "same", old, new: store({ ...old, inputs: checked }) };
    }
    if (diff.replaces.length === 0) {
      options.onPlan?.("update", checked);
      const outputs = await this.host.update(urn, old.id, old.outputs, checked);
      return { op: "update", old, new: store({ ...old, inputs: checked, outputs }) };
    }
    const fresh = await this.check(name, {}, news);
    options.onPlan?.("replace", fresh);
    if (diff.deleteBeforeReplace) await this.deleteReplaced(old);
    const created = await this.host.create(urn, fresh);
    const step: Step = { op: "replace", old, new: store({ urn, id: created.id, inputs: fresh, outputs: created.outputs }) };
    if (diff.deleteBeforeReplace) return step;
    if (options.deferDelete) return { ...step, replaced: old };
    await this.deleteReplaced(old);
    return step;
  }

  /** The Delete that ends a replace: the old id and outputs, with the code stored in them. */
  async deleteReplaced(old: StateEntry): Promise<void> {
    await this.host.delete(old.urn, old.id, old.outputs, old.inputs);
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
