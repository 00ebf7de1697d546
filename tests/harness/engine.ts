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
    const old = this.state.get(name);
    const news = this.withProvider(inputs);
    const checked = await this.check(name, old?.inputs ?? {}, news);
    if (!old) return "create";
    const diff = await this.host.diff(old.urn, old.id, old.outputs, checked, old.inputs);
    if (diff.changes === "none") return "same";
    if (diff.replaces.length === 0) return "update";
    await this.check(name, {}, news);
    return "replace";
  }

  /** `pulumi up` for one resource. */
  async up(name: string, inputs: Props, providerText = this.providerText): Promise<StepOp> {
    const old = this.state.get(name);
    const news = this.withProvider(inputs, providerText);
    const checked = await this.check(name, old?.inputs ?? {}, news);
    const urn = this.urn(name);
    if (!old) {
      await this.create(name, urn, checked);
      return "create";
    }
    const diff = await this.host.diff(urn, old.id, old.outputs, checked, old.inputs);
    if (diff.changes === "none" && !old.initErrors) {
      this.state.set(name, { ...old, inputs: checked }); // the engine keeps the old outputs (and their __provider)
      return "same";
    }
    if (diff.replaces.length === 0) {
      const outputs = await this.host.update(urn, old.id, old.outputs, checked);
      this.state.set(name, { urn, id: old.id, inputs: checked, outputs });
      return "update";
    }
    const fresh = await this.check(name, {}, news);
    if (diff.deleteBeforeReplace) await this.deleteNow(old);
    await this.create(name, urn, fresh);
    if (!diff.deleteBeforeReplace) await this.deleteNow(old);
    return "replace";
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
    await limit(program, options.parallel ?? 8, async (r) => {
      try {
        result.ops[r.name] = await this.step(r, options.replace?.includes(r.name) ?? false);
      } catch (e) {
        result.errors[r.name] = e as Error;
      }
    });
    if (Object.keys(result.errors).length > 0) return result;
    const removed = [...this.state.entries()].filter(([name]) => !declared.has(name));
    const deletes = [...this.pendingDeletes.splice(0).map((entry) => ({ entry, name: undefined })), ...removed.map(([name, entry]) => ({ entry, name }))];
    await limit(deletes, options.parallel ?? 8, async ({ entry, name }) => {
      try {
        await this.host.delete(entry.urn, entry.id, entry.outputs, entry.inputs);
        if (name !== undefined) {
          this.state.delete(name);
          result.ops[name] = "delete";
        }
      } catch (e) {
        if (name === undefined) this.pendingDeletes.push(entry);
        result.errors[name ?? `${entry.urn} (pending delete)`] = e as Error;
      }
    });
    return result;
  }

  /** One resource's step in {@link deploy}. */
  private async step(r: Declared, targetedReplace: boolean): Promise<StepOp> {
    const old = this.state.get(r.name);
    const urn = this.urn(r.name);
    const news = this.withProvider(r.inputs);
    if (old && targetedReplace) {
      // The engine checks without old inputs and synthesizes {changes: some, replaces: ["id"]}, no provider Diff.
      const checked = await this.check(r.name, {}, news);
      if (r.deleteBeforeReplace) await this.deleteNow(old);
      await this.create(r.name, urn, checked);
      if (!r.deleteBeforeReplace) this.pendingDeletes.push(old);
      return "replace";
    }
    const checked = await this.check(r.name, old?.inputs ?? {}, news);
    if (!old) {
      await this.create(r.name, urn, checked);
      return "create";
    }
    const diff = await this.host.diff(urn, old.id, old.outputs, checked, old.inputs);
    const forced = diff.changes === "some" && (r.replaceOnChanges ?? []).some((k) => JSON.stringify(old.inputs[k]) !== JSON.stringify(checked[k]));
    if (diff.replaces.length > 0 || forced) {
      const fresh = await this.check(r.name, {}, news);
      const deleteFirst = r.deleteBeforeReplace ?? diff.deleteBeforeReplace;
      if (deleteFirst) await this.deleteNow(old);
      await this.create(r.name, urn, fresh);
      if (!deleteFirst) this.pendingDeletes.push(old);
      return "replace";
    }
    if (diff.changes === "none" && !old.initErrors) {
      this.state.set(r.name, { ...old, inputs: checked });
      return "same";
    }
    const outputs = await this.host.update(urn, old.id, old.outputs, checked);
    this.state.set(r.name, { urn, id: old.id, inputs: checked, outputs });
    return "update";
  }

  /** Create; a partial-state error keeps the resource in state with its init errors, as the engine does. */
  private async create(name: string, urn: string, checked: Props): Promise<void> {
    try {
      const created = await this.host.create(urn, checked);
      this.state.set(name, { urn, id: created.id, inputs: checked, outputs: created.outputs });
    } catch (e) {
      const failed = (e as RpcError).initFailed;
      if (failed) this.state.set(name, { urn, id: failed.id, inputs: checked, outputs: failed.properties, initErrors: failed.reasons });
      throw e;
    }
  }

  private async deleteNow(entry: StateEntry): Promise<void> {
    await this.host.delete(entry.urn, entry.id, entry.outputs, entry.inputs);
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

/** Runs `work` over `items`, at most `parallel` at once (the engine's `--parallel`). */
async function limit<T>(items: T[], parallel: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
}
