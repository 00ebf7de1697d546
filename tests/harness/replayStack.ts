// A development tool, like the MiniEngine it builds on (engine.ts): a stack whose preview, up, refresh and destroy run
// a real Pulumi program under Pulumi's mocks and replay, through the real provider host, the call sequences the
// engine would send for it. It MIMICS the engine's behaviour where a program with independent dynamic resources can
// see it (creates, updates, replaces with the old resource deleted at the end, deletes of removed resources, preview's
// faked outputs, refresh's drift, reverse-order destroy); it is not a Pulumi engine (no dependency graph, no
// checkpoint files, no secrets, no component resources, no invokes) and it is never shipped in the package.
import { createRequire } from "module";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import { Deployments } from "./deployments";
import { limiter, MiniEngine, type EngineOptions, type StateEntry, type Step, type StepOp } from "./engine";
import type { HostOptions, Props, RpcError } from "./providerHost";

/** The type of the root resource every Pulumi program runs in; the engine manages it itself. */
export const STACK_TYPE = "pulumi:pulumi:Stack";

export type UpdateKind = "preview" | "update" | "refresh" | "destroy";

/** What happened to one resource, in the words `pulumi` prints (`+ create`, `~ update`, `+- replace`, `- delete`). */
export type ChangeOp = "create" | "update" | "replace" | "delete" | "same";

/** One row of the table `pulumi` prints for an update. */
export interface ResourceChange {
  type: string;
  name: string;
  op: ChangeOp;
  /** Top-level properties that differ, as `[diff: ~region]` shows them. */
  diff: string[];
  /** The step's error; the row's op is what was attempted. */
  error?: string;
}

/** One `pulumi preview`, `up`, `refresh` or `destroy`. */
export interface UpdateResult {
  kind: UpdateKind;
  stack: string;
  /** The stack resource first, then the program's resources in registration order, then deleted ones. */
  changes: ResourceChange[];
  /** Stack outputs before and after (after a preview: what they would be; unknown values are {@link UNKNOWN}). */
  outputs: { old?: Props; new?: Props };
  /** What the provider host wrote during the update: the CLI shows it as diagnostics. */
  diagnostics: string[];
  seconds: number;
}

/** An output value not known until the resource exists (shown as `output<string>`). */
export const UNKNOWN = pulumi.runtime.unknownValue;

/** A failed update; the result says which step failed and why. */
export class UpdateFailedError extends Error {
  constructor(readonly result: UpdateResult) {
    const failed = result.changes.filter((c) => c.error).map((c) => `${c.name}: ${c.error}`);
    super(`${result.kind} failed: ${failed.join("; ")}`);
  }
}

/** A resource in the stack's state. */
interface Stored {
  type: string;
  name: string;
  entry: StateEntry;
}

export interface ReplayStackOptions {
  /** The program's main file, TypeScript or JavaScript, run as Pulumi's Node.js language host runs it. */
  program: string;
  /** Pulumi.yaml's `name`. */
  project: string;
  stack: string;
  /** Stack config with namespaced keys, as `pulumi config set` stores it: `<project>:zoneId`, `cloudflare:apiToken`. */
  config?: Record<string, string>;
  /** For every provider host this stack starts (one per update, as the CLI does): environment, project directory. */
  host?: Omit<HostOptions, "config">;
  /** The engine's `--parallel`: steps in flight at once (default 16). */
  parallel?: number;
}

/** A Pulumi stack whose updates are replayed; its state lives in memory (no backend). */
export class ReplayStack {
  readonly config: Record<string, string>;
  private resources: Stored[] = [];
  /** Old resources of replaces whose Delete did not run because the update failed: deleted by the next update. */
  private pendingDeletes: Stored[] = [];
  /** Undefined while the stack resource does not exist (before the first up, after destroy). */
  private stackOutputs?: Props;

  constructor(private readonly options: ReplayStackOptions) {
    this.config = { ...options.config };
  }

  /** The resources in state, in order, with their ids, inputs and outputs. */
  get state(): readonly Readonly<Stored>[] {
    return this.resources;
  }

  /** The stack outputs of the last successful up; undefined when the stack does not exist. */
  get outputs(): Props | undefined {
    return this.stackOutputs;
  }

  /** `pulumi preview`: runs the program; Check and Diff only, nothing is written and state is unchanged. */
  preview(): Promise<UpdateResult> {
    return this.deploy(true);
  }

  /** `pulumi up --yes --skip-preview`. */
  up(): Promise<UpdateResult> {
    return this.deploy(false);
  }

  /** `pulumi refresh --yes --skip-preview`: Read of every resource with the code in its state; no program run. */
  refresh(): Promise<UpdateResult> {
    return this.update("refresh", async (session) => {
      const rows = new Map<Stored, ResourceChange>();
      await Promise.all(
        this.resources.map((r) =>
          session.run(async () => {
            const engine = session.engineFor(r.type);
            const row: ResourceChange = { type: r.type, name: r.name, op: "same", diff: [] };
            rows.set(r, row);
            try {
              const { op, drift } = await engine.refresh(r.name);
              const now = engine.state.get(r.name);
              row.op = op === "delete" ? "delete" : drift === "none" ? "same" : "update";
              if (now && row.op === "update") row.diff = changedKeys(r.entry.inputs, now.inputs);
            } catch (e) {
              row.error = messageOf(e);
            }
          }),
        ),
      );
      const changes = this.resources.map((r) => rows.get(r)!);
      this.resources = this.resources.flatMap((r) => {
        const entry = session.engineFor(r.type).state.get(r.name);
        return entry ? [{ ...r, entry }] : [];
      });
      return { changes, outputs: this.stackOutputs, stackOp: "same" };
    });
  }

  /** `pulumi destroy --yes --skip-preview`: Delete of every resource in reverse order, with the code in its state. */
  destroy(): Promise<UpdateResult> {
    return this.update("destroy", async (session) => {
      const changes: ResourceChange[] = [];
      for (const r of [...this.pendingDeletes, ...this.resources].reverse()) {
        const row: ResourceChange = { type: r.type, name: r.name, op: "delete", diff: [] };
        changes.unshift(row);
        try {
          await session.engineFor(r.type).deleteReplaced(r.entry);
          this.remove(r);
        } catch (e) {
          row.error = messageOf(e);
          break; // the engine stops at the first failed delete
        }
      }
      if (changes.some((c) => c.error)) return { changes, outputs: this.stackOutputs, stackOp: "same" };
      this.stackOutputs = undefined;
      return { changes, outputs: undefined, stackOp: "delete" };
    });
  }

  private remove(r: Stored): void {
    this.resources = this.resources.filter((x) => x !== r);
    this.pendingDeletes = this.pendingDeletes.filter((x) => x !== r);
  }

  /** preview and up: run the program; each resource it registers is stepped as it arrives; then the deletes. */
  private deploy(preview: boolean): Promise<UpdateResult> {
    return this.update(preview ? "preview" : "update", async (session) => {
      const registered: { stored: Stored; row: ResourceChange; step?: Step }[] = [];
      let failed = false;
      const register = async (
        args: pulumi.runtime.MockResourceArgs,
      ): Promise<{ id: string | undefined; state: Props }> => {
        if (args.type === STACK_TYPE) return { id: undefined, state: {} };
        const inputs = args.inputs as Props;
        const providerText = inputs.__provider;
        const row: ResourceChange = { type: args.type, name: args.name, op: "create", diff: [] };
        if (!args.custom || typeof providerText !== "string" || args.id) {
          failed = true;
          row.error = `the replay drives dynamic-provider resources only (no components, providers or Resource.get): ${args.type} is not one`;
          registered.push({ stored: { type: args.type, name: args.name, entry: undefined! }, row });
          return { id: undefined, state: {} };
        }
        const engine = session.engineFor(args.type, providerText);
        const old = engine.state.get(args.name);
        const record: (typeof registered)[number] = { stored: { type: args.type, name: args.name, entry: old! }, row };
        registered.push(record);
        row.op = old ? "update" : "create"; // until the plan is known: what a failed Check or Diff was doing
        const onPlan = (op: StepOp, checked: Props) => {
          row.op = op as ChangeOp;
          if (old) row.diff = changedKeys(old.inputs, checked);
        };
        try {
          // After a failure the engine starts no further step (the resource keeps its state); the program runs on.
          const step = await session.run(async () => {
            if (failed) return undefined;
            try {
              if (preview) return await engine.previewStep(args.name, inputs, providerText);
              return await engine.upStep(args.name, inputs, { providerText, deferDelete: true, onPlan });
            } catch (e) {
              failed = true; // before the slot goes to a waiting step
              throw e;
            }
          });
          if (!step) return { id: undefined, state: {} };
          record.step = step;
          record.stored.entry = step.new;
          row.op = step.op === "create" || step.op === "update" || step.op === "replace" ? step.op : "same";
          row.diff = step.old && row.op !== "same" ? changedKeys(step.old.inputs, step.new.inputs) : [];
          if (step.replaced) this.pendingDeletes.push({ type: args.type, name: args.name, entry: step.replaced });
          return { id: step.new.id || undefined, state: step.new.outputs };
        } catch (e) {
          row.error = messageOf(e);
          return { id: undefined, state: {} };
        }
      };

      let outputs: Props | undefined;
      try {
        outputs = await runProgram({ ...this.options, config: this.config, preview, register });
      } catch (e) {
        if (!failed) throw e; // a program error of its own (not the echo of a failed step)
      }
      const stackOp: ChangeOp = this.stackOutputs === undefined ? "create" : "same";
      const names = new Set(registered.map((r) => `${r.stored.type}::${r.stored.name}`));
      const removed = this.resources.filter((r) => !names.has(`${r.type}::${r.name}`));
      const changes = registered.filter((r) => r.step || r.row.error).map((r) => r.row);
      const deleteRow = (r: Stored): ResourceChange => ({ type: r.type, name: r.name, op: "delete", diff: [] });
      if (preview) return { changes: [...changes, ...removed.map(deleteRow)], outputs, stackOp };

      const kept = registered.filter((r) => r.stored.entry !== undefined).map((r) => r.stored);
      this.resources = [...kept, ...removed];
      if (failed) return { changes, outputs: this.stackOutputs, stackOp }; // and no deletes
      // The end of the deployment: the old resources of replaces, then removed resources, in reverse order.
      const deleted: ResourceChange[] = [];
      for (const r of [...this.pendingDeletes, ...removed].reverse()) {
        let row = changes.find((c) => c.type === r.type && c.name === r.name && c.op === "replace");
        if (!row) deleted.unshift((row = deleteRow(r)));
        try {
          await session.engineFor(r.type).deleteReplaced(r.entry);
          this.remove(r);
        } catch (e) {
          row.error = messageOf(e);
          return { changes: [...changes, ...deleted], outputs: this.stackOutputs, stackOp };
        }
      }
      this.stackOutputs = outputs;
      return { changes: [...changes, ...deleted], outputs, stackOp };
    });
  }

  /** One update: a fresh provider host (as the CLI starts one per command), its result, and a failure if any step failed. */
  private async update(
    kind: UpdateKind,
    work: (session: Session) => Promise<{ changes: ResourceChange[]; outputs?: Props; stackOp: ChangeOp }>,
  ): Promise<UpdateResult> {
    const started = process.hrtime.bigint();
    const old = this.stackOutputs;
    const env = { PULUMI_NODEJS_PROJECT: this.options.project, ...this.options.host?.env }; // as the CLI sets it
    // A deployment of its own, with the config as it is now (tests change it between updates).
    const deployments = new Deployments({ host: { ...this.options.host, env, config: this.config } });
    const engines = new Map<string, MiniEngine>();
    const { project, stack } = this.options;
    return deployments.run(async (host) => {
      const session: Session = {
        run: limiter(this.options.parallel ?? 16),
        engineFor: (type, providerText = "") => {
          let engine = engines.get(type);
          if (!engine) {
            engine = new StackEngine(
              { type, providerText, deployments },
              `urn:pulumi:${stack}::${project}::${STACK_TYPE}$`,
            );
            for (const r of this.resources) if (r.type === type) engine.state.set(r.name, r.entry);
            engines.set(type, engine);
          }
          return engine;
        },
      };
      const { changes, outputs, stackOp } = await work(session);
      const stackRow: ResourceChange = { type: STACK_TYPE, name: `${project}-${stack}`, op: stackOp, diff: [] };
      const result: UpdateResult = {
        kind,
        stack,
        changes: [stackRow, ...changes],
        outputs: { old, new: outputs },
        diagnostics: [...host.output],
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
      };
      if (changes.some((c) => c.error)) throw new UpdateFailedError(result);
      return result;
    });
  }
}

/** What one update lends its steps: the engine's --parallel, and one MiniEngine per resource type. */
interface Session {
  run: <T>(task: () => Promise<T>) => Promise<T>;
  engineFor(type: string, providerText?: string): MiniEngine;
}

/** A MiniEngine whose URNs are those of a real stack: `urn:pulumi:<stack>::<project>::pulumi:pulumi:Stack$<type>::<name>`. */
class StackEngine extends MiniEngine {
  constructor(
    options: EngineOptions,
    private readonly urnPrefix: string,
  ) {
    super(options);
  }

  override urn(name: string): string {
    return `${this.urnPrefix}${this.type}::${name}`;
  }
}

/** Top-level properties whose values differ, `__provider` aside (it is the code, not a property anyone set). */
export function changedKeys(olds: Props, news: Props): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  keys.delete("__provider");
  return [...keys].filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k])).sort();
}

function messageOf(e: unknown): string {
  const rpc = e as Partial<RpcError>;
  return typeof rpc.details === "string" && rpc.details !== ""
    ? rpc.details
    : e instanceof Error
      ? e.message
      : String(e);
}

export interface ProgramRun {
  program: string;
  project: string;
  stack: string;
  config: Record<string, string>;
  preview: boolean;
  /** Answers each resource registration, as the engine answers RegisterResource: id and output properties. */
  register: (args: pulumi.runtime.MockResourceArgs) => Promise<{ id: string | undefined; state: Props }>;
}

/**
 * Runs a Pulumi program as the Node.js language host does — in a root stack resource, with the stack's config, its
 * module exports as the stack outputs — but against Pulumi's mocks, whose answers come from `register`. The file is
 * evaluated afresh on every run (a new program process, for the CLI); its `require`s resolve from its own directory.
 * Returns the stack outputs as the engine receives them: plain values, unknown ones as {@link UNKNOWN}.
 */
export async function runProgram(run: ProgramRun): Promise<Props> {
  await pulumi.runtime.setMocks(
    {
      newResource: run.register,
      call: (args) => {
        throw new Error(`the replay answers no invokes (${args.token})`);
      },
    },
    run.project,
    run.stack,
    run.preview,
  );
  pulumi.runtime.setAllConfig(run.config);
  try {
    let exported: unknown;
    let programError: { error: unknown } | undefined;
    await pulumi.runtime.runInPulumiStack(async () => {
      try {
        const main = evaluateProgram(run.program);
        exported = typeof main === "function" ? await main() : main;
        return exported;
      } catch (error) {
        programError = { error }; // rethrown below: thrown in here, it would also reject promises nobody awaits
        return undefined;
      }
    });
    if (programError) throw programError.error;
    // Key by key: in a preview the stack's output object as a whole is unknown as soon as one member is.
    return (await pulumi.runtime.serializeProperties("stack outputs", (exported ?? {}) as Props)) as Props;
  } finally {
    await pulumi.runtime.disconnect(); // waits for every registration, as the language host does before it exits
  }
}

function evaluateProgram(file: string): unknown {
  const source = fs.readFileSync(file, "utf8");
  const js = /\.[cm]?ts$/.test(file)
    ? ts.transpileModule(source, {
        fileName: file,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      }).outputText
    : source;
  const module = { exports: {} as unknown };
  const program = new Function("exports", "require", "module", "__filename", "__dirname", js);
  program(module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}
