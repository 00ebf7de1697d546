/**
 * What this deployment is doing to each mapping: the per-zone, in-process view of the operations of one `pulumi up`.
 *
 * Pulumi starts one provider host process per deployment and serves every dynamic resource from it, so this module
 * sees every operation the deployment sends, although the host tells the provider no resource names (URNs). It keeps,
 * per zone and canonical IP:
 *  - the *holder*: the resource of this deployment that manages the mapping, known by the `claimId` output its
 *    create gave it (created, adopted, updated, or diffed without replacement). A second resource may not create or
 *    update a held mapping, and a delete from another resource (the old half of a rename, swap or forced replacement)
 *    leaves a held mapping in place;
 *  - a queue, so the operations on one mapping run one at a time, in arrival order.
 * It lives in the installed package (never in the serialized provider), and only for the life of the process.
 */
import { randomUUID } from "crypto";

/**
 * A resource as the provider knows it: its claim (undefined in state written before 0.2.0) and, where the program
 * sent it, its name (the resource classes pass it as the `__resourceName` input; a delete, which gets old outputs only, and
 * older programs have none).
 */
export interface Claimant {
  claimId: string | undefined;
  name?: string;
}

/** The resource of this deployment that manages a mapping. */
export interface Holder extends Claimant {
  /** How it came to hold it, for messages. */
  how: "created" | "adopted" | "updated" | "kept";
}

/** One mapping's entry. */
export interface MappingView {
  holder?: Holder;
}

interface Entry extends MappingView {
  /** The last queued operation (settled, never rejected). */
  tail: Promise<void>;
}

const zones = new Map<string, Map<string, Entry>>();

function entry(zoneId: string, originIp: string): Entry {
  let zone = zones.get(zoneId);
  if (!zone) zones.set(zoneId, (zone = new Map()));
  let e = zone.get(originIp);
  if (!e) zone.set(originIp, (e = { tail: Promise.resolve() }));
  return e;
}

/** A new claim id: one per created resource, kept in its outputs for its whole life. */
export function newClaimId(): string {
  return randomUUID();
}

/**
 * Runs `operation` on the mapping once every earlier operation on it has finished; `operation` may read and set the
 * mapping's view. Operations on other mappings run concurrently.
 */
export function withMapping<T>(
  zoneId: string,
  originIp: string,
  operation: (view: MappingView) => Promise<T>,
): Promise<T> {
  const e = entry(zoneId, originIp);
  const run = e.tail.then(() => operation(e));
  e.tail = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}

/** The mapping's view as it is now (read-only use: a diff records a holder without waiting for the queue). */
export function viewOf(zoneId: string, originIp: string): MappingView {
  return entry(zoneId, originIp);
}

/**
 * Whether `holder` is the resource `who`: by claim where both have one, else by name where both have one. Anything
 * less proves nothing, so it counts as another resource: two resources without a claim (state written by 0.1.0,
 * which let two resources manage one mapping) are never taken for one another.
 */
export function isSameResource(holder: Claimant, who: Claimant): boolean {
  if (holder.claimId !== undefined && who.claimId !== undefined) return holder.claimId === who.claimId;
  if (holder.name !== undefined && who.name !== undefined) return holder.name === who.name;
  return false;
}

/** True when a resource other than `who` holds the mapping in this deployment (see {@link isSameResource}). */
export function heldByAnother(view: MappingView, who: Claimant): boolean {
  return view.holder !== undefined && !isSameResource(view.holder, who);
}

/** Forgets every zone's view: for tests and tools that replay several deployments in one process. */
export function forgetDeployment(): void {
  zones.clear();
}
