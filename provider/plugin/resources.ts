/**
 * The plugin's resources and functions by token, over core's operations (the same objects `providerRuntimeV1` hands
 * the dynamic provider) and the lookups' zone reads.
 */
import type * as pulumi from "@pulumi/pulumi";
import { originCloudRegionProvider } from "../core/originCloudRegion/provider";
import { originCloudRegionSetProvider } from "../core/originCloudRegionSet/provider";
import { getApi } from "../core/providerContext";
import { compareIps } from "../api/ip";
import { readMappings, readSupportedRegions } from "../shared/zoneReads";
import { PACKAGE } from "./config";
import type { Props } from "./values";

/** Core's operations on one resource type, as the adapters call them. */
export interface Operations {
  check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: never, news: never): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: never): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props?: never): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: never, news: never): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props: never): Promise<void>;
}

/** A resource type: core's operations, and the inputs a program writes for what `read` found. */
export interface ResourceType {
  operations: Operations;
  /**
   * Inputs a program may omit and their values, filled before Check as the TypeScript classes fill them
   * (`adopt: args.adopt ?? false`): the schema declares no defaults (SDKs would send them), so a YAML program sends
   * nothing for them.
   */
  defaults: Props;
  /** The inputs `Read` returns (import writes a program from them; refresh stores them). */
  programInputs(inputs: Props): Props;
}

export const RESOURCE_TYPES: Readonly<Record<string, ResourceType>> = {
  [`${PACKAGE}:index:OriginCloudRegion`]: {
    operations: originCloudRegionProvider as unknown as Operations,
    defaults: { adopt: false },
    programInputs: (inputs) => inputs,
  },
  [`${PACKAGE}:index:OriginCloudRegionSet`]: {
    operations: originCloudRegionSetProvider as unknown as Operations,
    defaults: { adopt: false },
    programInputs: setProgramInputs,
  },
};

/**
 * A set's inputs as a program writes them: `mappings` as a list of `{ originIp, vendor, region }` in address order,
 * not check's object keyed by canonical IP (check takes both, so import's Check sees no change either way).
 */
function setProgramInputs(inputs: Props): Props {
  const mappings = inputs.mappings;
  if (mappings === null || typeof mappings !== "object" || Array.isArray(mappings)) return inputs;
  const list = Object.entries(mappings as Record<string, Props>)
    .sort(([a], [b]) => compareIps(a, b))
    .map(([originIp, entry]) => ({ originIp, vendor: entry.vendor, region: entry.region }));
  return { ...inputs, mappings: list };
}

/** The plugin's functions: the lookups' reads through the configured client. */
export const FUNCTIONS: Readonly<Record<string, (args: Props) => Promise<unknown>>> = {
  [`${PACKAGE}:index:getOriginCloudRegions`]: (args) => readMappings(getApi, args.zoneId as string),
  [`${PACKAGE}:index:getSupportedRegions`]: (args) => readSupportedRegions(getApi, args.zoneId as string),
};
