/** What an OriginCloudRegionSet holds in state: its inputs and outputs. */
import type { SetEntry } from "./plan";

/**
 * Resolved inputs of an OriginCloudRegionSet, as `check` returns them: the program's array becomes an object keyed by
 * canonical IP, so that a preview shows one added, changed or removed IP as one key (it displays the checked inputs'
 * diff). `mappings` is the unknown value when an entry's IP is not known yet.
 */
export interface OriginCloudRegionSetInputs {
  zoneId: string;
  mappings: Record<string, SetEntry>;
  adopt?: boolean;
  /** The resource's name in the program, sent by the resource class: for messages, and to tell resources apart. */
  __resourceName?: string;
}

/** Resolved outputs of an OriginCloudRegionSet: the mappings it manages that exist, keyed by canonical IP. */
export interface OriginCloudRegionSetOutputs {
  zoneId: string;
  mappings: Record<string, SetEntry>;
  adopt: boolean;
  /** Opaque and fixed for the resource's life: its claim on its mappings within one deployment (see deployment.ts). */
  claimId?: string;
  /** The resource's name, as the program sent it: kept so a refresh or delete knows it too. */
  __resourceName?: string;
}

/** `{ __resourceName }` when the resource's name is known, else nothing. */
export function named(name: string | undefined): { __resourceName?: string } {
  return name === undefined ? {} : { __resourceName: name };
}
