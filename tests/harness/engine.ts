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
      const created = await this.host.create(urn, checked);
      this.state.set(name, { urn, id: created.id, inputs: checked, outputs: created.outputs });
      return "create";
    }
    const diff = await this.host.diff(urn, old.id, old.outputs, checked, old.inputs);
    if (diff.changes === "none") {
      this.state.set(name, { ...old, inputs: checked }); // the engine keeps the old outputs (and their __provider)
      return "same";
    }
    if (diff.replaces.length === 0) {
      const outputs = await this.host.update(urn, old.id, old.outputs, checked);
      this.state.set(name, { ...old, inputs: checked, outputs });
      return "update";
    }
    const fresh = await this.check(name, {}, news);
    if (diff.deleteBeforeReplace) await this.host.delete(urn, old.id, old.outputs, old.inputs);
    const created = await this.host.create(urn, fresh);
    this.state.set(name, { urn, id: created.id, inputs: fresh, outputs: created.outputs });
    if (!diff.deleteBeforeReplace) await this.host.delete(urn, old.id, old.outputs, old.inputs);
    return "replace";
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
