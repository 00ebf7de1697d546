import * as pulumi from "@pulumi/pulumi";
import {
  OriginCloudRegion,
  OriginCloudRegionSet,
  type OriginCloudRegionArgs,
  type OriginCloudRegionSetArgs,
} from "../../provider";
import { recordRegistrations } from "./mocks";

/** What the engine receives when a program declares a resource: its type token and inputs, `__provider` included. */
export interface Registered {
  type: string;
  inputs: Record<string, unknown>;
}

/**
 * Runs the real resource class under Pulumi's mocks and returns what it registered, `__provider` included: the exact
 * text a `pulumi up` would store in state, produced by Pulumi's own closure serializer.
 */
export async function registerResource(
  args: OriginCloudRegionArgs,
  opts?: pulumi.CustomResourceOptions,
): Promise<Registered> {
  return registered(() =>
    opts?.id ? OriginCloudRegion.get("registered", opts.id, opts) : new OriginCloudRegion("registered", args, opts),
  );
}

/** Runs `make` under Pulumi's mocks and returns what the resource it makes registered. */
async function registered(make: () => pulumi.CustomResource): Promise<Registered> {
  const seen = await recordRegistrations("test");
  const resource = make();
  await new Promise((resolve) => resource.urn.apply(resolve));
  await new Promise((resolve) => resource.id.apply(resolve));
  const last = seen[seen.length - 1];
  return { type: last.type, inputs: last.inputs as Record<string, unknown> };
}

/** The serialized provider text for OriginCloudRegion, as the real class produces it. */
export async function serializedProviderText(): Promise<string> {
  const { inputs } = await registerResource({
    zoneId: "023e105f4ecef8ad9ca31a8372d0c353",
    originIp: "192.0.2.1",
    vendor: "aws",
    region: "us-east-1",
  });
  if (typeof inputs.__provider !== "string") throw new Error("the resource registered no __provider text");
  return inputs.__provider;
}

/** What the real OriginCloudRegionSet class registers under Pulumi's mocks (see {@link registerResource}). */
export async function registerSet(
  args: OriginCloudRegionSetArgs,
  opts?: pulumi.CustomResourceOptions,
): Promise<Registered> {
  return registered(() =>
    opts?.id
      ? OriginCloudRegionSet.get("registered", opts.id, opts)
      : new OriginCloudRegionSet("registered", args, opts),
  );
}

/** The serialized provider text for OriginCloudRegionSet, as the real class produces it. */
export async function serializedSetProviderText(): Promise<string> {
  const { inputs } = await registerSet({
    zoneId: "023e105f4ecef8ad9ca31a8372d0c353",
    mappings: [{ originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" }],
  });
  if (typeof inputs.__provider !== "string") throw new Error("the set registered no __provider text");
  return inputs.__provider;
}
