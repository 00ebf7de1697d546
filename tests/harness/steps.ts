// What MiniEngine (engine.ts) records and takes: state entries, declared resources, steps and their results, the
// engine's check failures, and the --parallel limiter.
import type { Props } from "./providerHost";

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
