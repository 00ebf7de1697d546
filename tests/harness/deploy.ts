// `pulumi up` of a whole program (MiniEngine.deploy): the engine's scheduling of declared resources, their resource
// options (aliases, replaceOnChanges, deleteBeforeReplace, `--replace`), and the deletes at the end. Each resource's
// step uses the engine's RPC helpers, inside the one deployment (one provider process) of the command.
import type { MiniEngine } from "./engine";
import type { Props } from "./providerHost";
import { limiter, type Declared, type DeployOptions, type DeployResult, type StepOp } from "./steps";

/**
 * Every declared resource is checked and diffed, then created, updated or replaced, at most `parallel` at once; the
 * deletes come last: old resources of create-before-delete replacements, and resources in state that the program no
 * longer declares (unless an alias moved their state). `--replace` skips the provider's Diff and its second Check, as
 * the engine does. A failed step stops the deletes at the end, which stay pending for the next deployment.
 */
export function deployProgram(engine: MiniEngine, program: Declared[], options: DeployOptions): Promise<DeployResult> {
  return engine.deployments.run(async () => {
    const result: DeployResult = { ops: {}, errors: {} };
    const declared = new Set(program.map((r) => r.name));
    applyAliases(engine, program, declared);
    const run = limiter(options.parallel ?? 8);
    await Promise.all(
      program.map((r) =>
        run(async () => {
          try {
            result.ops[r.name] = await step(engine, r, options.replace?.includes(r.name) ?? false);
          } catch (e) {
            result.errors[r.name] = e as Error;
          }
        }),
      ),
    );
    if (Object.keys(result.errors).length === 0) await deleteAtEnd(engine, declared, run, result);
    return result;
  });
}

/** Moves the state of an aliased old name to the resource that now declares it. */
function applyAliases(engine: MiniEngine, program: Declared[], declared: Set<string>): void {
  for (const r of program) {
    const from = r.aliases?.find((a) => engine.state.has(a) && !declared.has(a));
    if (from && !engine.state.has(r.name)) {
      engine.state.set(r.name, { ...engine.state.get(from)!, urn: engine.urn(r.name) });
      engine.state.delete(from);
    }
  }
}

/** The end of {@link deployProgram}: pending deletes, then resources the program no longer declares. */
async function deleteAtEnd(
  engine: MiniEngine,
  declared: Set<string>,
  run: ReturnType<typeof limiter>,
  result: DeployResult,
): Promise<void> {
  const removed = [...engine.state.entries()].filter(([name]) => !declared.has(name));
  const deletes = [
    ...engine.pendingDeletes.splice(0).map((entry) => ({ entry, name: undefined })),
    ...removed.map(([name, entry]) => ({ entry, name })),
  ];
  await Promise.all(
    deletes.map(({ entry, name }) =>
      run(async () => {
        try {
          await engine.deleteReplaced(entry);
          if (name !== undefined) {
            engine.state.delete(name);
            result.ops[name] = "delete";
          }
        } catch (e) {
          if (name === undefined) engine.pendingDeletes.push(entry);
          result.errors[name ?? `${entry.urn} (pending delete)`] = e as Error;
        }
      }),
    ),
  );
}

/** One resource's step in {@link deployProgram} (inside its deployment). */
function step(engine: MiniEngine, r: Declared, targetedReplace: boolean): Promise<StepOp> {
  return engine.deployments.run(async (host) => {
    const old = engine.state.get(r.name);
    if (!old || !(targetedReplace || r.replaceOnChanges || r.deleteBeforeReplace !== undefined)) {
      const step = await engine.upStep(r.name, r.inputs, { deferDelete: true });
      if (step.replaced) engine.pendingDeletes.push(step.replaced);
      return step.op;
    }
    const urn = engine.urn(r.name);
    const news = engine.withProvider(r.inputs);
    let checked: Props;
    let deleteFirst = r.deleteBeforeReplace ?? false;
    if (targetedReplace) {
      // The engine checks without old inputs and synthesizes {changes: some, replaces: ["id"]}: no provider Diff.
      checked = await engine.checkIn(host, r.name, {}, news);
    } else {
      checked = await engine.checkIn(host, r.name, old.inputs, news);
      const diff = await host.diff(urn, old.id, old.outputs, checked, old.inputs);
      const forced =
        diff.changes === "some" &&
        (r.replaceOnChanges ?? []).some((k) => JSON.stringify(old.inputs[k]) !== JSON.stringify(checked[k]));
      if (diff.replaces.length === 0 && !forced) {
        if (diff.changes === "none" && !old.initErrors) {
          engine.state.set(r.name, { ...old, inputs: checked });
          return "same";
        }
        const outputs = await engine.updateIn(host, r.name, old, checked);
        engine.state.set(r.name, { urn, id: old.id, inputs: checked, outputs });
        return "update";
      }
      checked = await engine.checkIn(host, r.name, {}, news);
      deleteFirst = r.deleteBeforeReplace ?? diff.deleteBeforeReplace;
    }
    if (deleteFirst) await engine.deleteReplaced(old);
    await engine.createIn(host, r.name, urn, checked);
    if (!deleteFirst) engine.pendingDeletes.push(old);
    return "replace";
  });
}
