// Prints a replayed update (replayStack.ts) the way the `pulumi` CLI prints one when it finishes: the resource table
// with `+ create`, `~ update`, `+- replace`, `- delete`, the diagnostics, the stack outputs, the counts and the time.
import type { ChangeOp, ResourceChange, UpdateKind, UpdateResult } from "./replayStack";
import { UNKNOWN } from "./replayStack";
import type { Props } from "./providerHost";

const SYMBOL: Record<ChangeOp, string> = { create: "+", update: "~", replace: "+-", delete: "-", same: "" };
const DONE: Record<ChangeOp, string> = {
  create: "created",
  update: "updated",
  replace: "replaced",
  delete: "deleted",
  same: "unchanged",
};
const DOING: Record<ChangeOp, string> = {
  create: "creating",
  update: "updating",
  replace: "replacing",
  delete: "deleting",
  same: "",
};
const TITLE: Record<UpdateKind, string> = {
  preview: "Previewing update",
  update: "Updating",
  refresh: "Refreshing",
  destroy: "Destroying",
};
/** Pulumi's secret marker in serialized properties. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** The lines `pulumi preview|up|refresh|destroy` prints at the end of an update (a failed one too). */
export function formatUpdate(result: UpdateResult): string[] {
  const preview = result.kind === "preview";
  const lines = [`${TITLE[result.kind]} (${result.stack})`, ""];
  lines.push(...table(result.changes, preview), "");
  const diagnostics = formatDiagnostics(result);
  if (diagnostics.length > 0) lines.push("Diagnostics:", ...diagnostics, "");
  const outputs = formatOutputs(result.outputs.old, result.outputs.new, result.changes[0]?.op === "create");
  if (outputs.length > 0) lines.push("Outputs:", ...outputs, "");
  lines.push("Resources:", ...counts(result.changes, preview), "");
  if (!preview) lines.push(`Duration: ${Math.max(1, Math.round(result.seconds))}s`, "");
  if (result.kind === "destroy" && !result.changes.some((c) => c.error)) {
    lines.push(
      "The resources in the stack have been deleted, but the history and configuration associated with the stack are still maintained.",
      "",
    );
  }
  return lines;
}

function table(changes: ResourceChange[], preview: boolean): string[] {
  const rows = changes.map((c, i) => {
    const tree = i === 0 ? "" : i === changes.length - 1 ? "└─ " : "├─ ";
    const status = c.error ? `**${DOING[c.op]} failed**` : c.op === "same" ? "" : preview ? c.op : DONE[c.op];
    const info = c.error ? "1 error" : c.diff.length > 0 ? `[diff: ${c.diff.map((k) => `~${k}`).join(", ")}]` : "";
    return [` ${SYMBOL[c.op].padEnd(3)} ${tree}${c.type}`, c.name, status, info];
  });
  const header = ["     Type", "Name", preview ? "Plan" : "Status", "Info"];
  const all = [header, ...rows];
  const widths = header.map((_, col) => Math.max(...all.map((r) => r[col].length)));
  return all.map((r) =>
    r
      .map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col] + 2)))
      .join("")
      .trimEnd(),
  );
}

function formatDiagnostics(result: UpdateResult): string[] {
  const lines: string[] = [];
  for (const c of result.changes.filter((c) => c.error))
    lines.push(`  ${c.type} (${c.name}):`, `    error: ${c.error}`);
  if (result.diagnostics.length > 0)
    lines.push("  pulumi-nodejs provider host:", ...result.diagnostics.map((l) => `    ${l}`));
  return lines;
}

/** Outputs: unchanged plain, `~ key: old => new`, `+ key: new`, `- key: old`; all plain when the stack is new. */
export function formatOutputs(old: Props | undefined, now: Props | undefined, stackIsNew: boolean): string[] {
  const keys = [...new Set([...Object.keys(now ?? {}), ...Object.keys(old ?? {})])];
  const width = Math.max(0, ...keys.map((k) => k.length));
  return keys.map((k) => {
    const key = k.padEnd(width);
    const before = old?.[k];
    const after = now?.[k];
    if (stackIsNew || (old !== undefined && now !== undefined && JSON.stringify(before) === JSON.stringify(after))) {
      return `    ${key}: ${value(after)}`;
    }
    if (now === undefined || !(k in now)) return `  - ${key}: ${value(before)}`;
    if (old === undefined || !(k in old)) return `  + ${key}: ${value(after)}`;
    return `  ~ ${key}: ${value(before)} => ${value(after)}`;
  });
}

function value(v: unknown): string {
  if (v === UNKNOWN) return "output<string>";
  if (v !== null && typeof v === "object" && SECRET_SIG in v) return "[secret]";
  return JSON.stringify(v);
}

/** `+ 2 created`, `~ 1 updated`, …, then `N changes. M unchanged` when several kinds changed. */
function counts(changes: ResourceChange[], preview: boolean): string[] {
  const ops: ChangeOp[] = ["create", "update", "replace", "delete"];
  const tally = (op: ChangeOp) => changes.filter((c) => c.op === op && !c.error).length;
  const lines = ops
    .filter((op) => tally(op) > 0)
    .map((op) => `    ${SYMBOL[op].padEnd(2)}${tally(op)} ${preview ? `to ${op}` : DONE[op]}`);
  const failed = changes.filter((c) => c.error).length;
  if (failed > 0) lines.push(`    ${failed} errored`);
  const kinds = ops.filter((op) => tally(op) > 0).length;
  const changed = ops.reduce((n, op) => n + tally(op), 0);
  const same = tally("same");
  if (kinds > 1) lines.push(`    ${changed} changes. ${same} unchanged`);
  else if (same > 0) lines.push(`    ${same} unchanged`);
  return lines;
}
