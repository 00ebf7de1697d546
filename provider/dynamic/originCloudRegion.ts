import * as pulumi from "@pulumi/pulumi";
import type { Vendor } from "../api";
import { serializedOriginCloudRegionProvider } from "./serializedProvider";

/** Inputs of an {@link OriginCloudRegion}. */
export interface OriginCloudRegionArgs {
  /** The zone's id: 32 hexadecimal characters, e.g. `023e105f4ecef8ad9ca31a8372d0c353`. Changing it replaces the mapping. */
  zoneId: pulumi.Input<string>;
  /**
   * The origin's IPv4 or IPv6 address, in any valid spelling: it is stored in canonical form (RFC 5952 for IPv6), and
   * a respelling such as `2001:DB8::1` for `2001:db8::1` is no change. Changing the address replaces the mapping.
   */
  originIp: pulumi.Input<string>;
  /** The cloud that hosts the origin: `aws`, `azure`, `gcp` or `oci`. Changing it updates the mapping in place. */
  vendor: pulumi.Input<Vendor>;
  /** One of the vendor's regions as Cloudflare's supported_regions lists them, e.g. `us-east-1`. Updates in place. */
  region: pulumi.Input<string>;
  /**
   * Take over a mapping that already exists for this IP (default false). Without it, creating over an existing mapping
   * fails and leaves it untouched. An adopted mapping is deleted when the resource is (unless `retainOnDelete`).
   */
  adopt?: pulumi.Input<boolean>;
}

/**
 * One origin cloud region mapping: tells Cloudflare's edge which cloud and region host an origin IP, so Tiered Cache
 * routes through the upper tier next to that cloud. The id is `<zone_id>/<canonical origin_ip>`.
 *
 * Writes `PUT /zones/{zone_id}/origin/cloud_regions/{origin_ip}` (after a `GET` of the same path on create), reads
 * with that `GET`, deletes with `DELETE` on it. Credentials come from stack config (`cloudflare:apiToken`, …) or the
 * environment (`CLOUDFLARE_API_TOKEN`, …) inside the provider host, never from the program or state.
 */
export class OriginCloudRegion extends pulumi.dynamic.Resource {
  /** The zone's id, in lower case. */
  declare public readonly zoneId: pulumi.Output<string>;
  /** The origin IP in canonical form (`2001:db8::1`, `192.0.2.1`, `::ffff:192.0.2.1`). */
  declare public readonly originIp: pulumi.Output<string>;
  /** The cloud vendor, as Cloudflare holds it. */
  declare public readonly vendor: pulumi.Output<Vendor>;
  /** The region, as Cloudflare holds it. */
  declare public readonly region: pulumi.Output<string>;
  /** Whether the resource was allowed to take over an existing mapping. */
  declare public readonly adopt: pulumi.Output<boolean>;
  /** When Cloudflare last changed the mapping (RFC 3339, UTC). Informational: never a cause of a diff. */
  declare public readonly modifiedOn: pulumi.Output<string | undefined>;
  /**
   * Opaque id of this resource's claim on the mapping, made by its create and fixed for its life: lets the provider
   * tell two resources that meet one mapping in one deployment apart (rename, swap, forced replacement). Never a
   * cause of a diff.
   */
  declare public readonly claimId: pulumi.Output<string | undefined>;

  /** Declares a mapping that Pulumi manages: created by `pulumi up`, deleted with the resource. */
  constructor(name: string, args: OriginCloudRegionArgs, opts?: pulumi.CustomResourceOptions);
  /** Reads the existing mapping `opts.id` without managing it; {@link OriginCloudRegion.get} says it shorter. */
  constructor(name: string, args: undefined, opts: pulumi.CustomResourceOptions & { id: pulumi.Input<pulumi.ID> });
  constructor(name: string, args: OriginCloudRegionArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    // Every output is named here (undefined when unknown) so the engine registers it; for `get`, args are absent.
    // `__resourceName` tells the provider which resource asks (it gets no URN): for messages, and to tell two resources apart.
    const props = args
      ? { ...args, adopt: args.adopt ?? false, modifiedOn: undefined, claimId: undefined, __resourceName: name }
      : {
          zoneId: undefined,
          originIp: undefined,
          vendor: undefined,
          region: undefined,
          adopt: undefined,
          modifiedOn: undefined,
          claimId: undefined,
        };
    super(serializedOriginCloudRegionProvider, name, props, opts, "cloudflare", "OriginCloudRegion");
  }

  /**
   * Reads an existing mapping without managing it. `id` is `<zone_id>/<origin_ip>`; the IP may be in any spelling or
   * percent-encoded (`%3A` for `:`). Needs `@pulumi/pulumi` 3.268 or later in the project: older provider hosts fail
   * a `get` of any dynamic resource with "code must be a string, not undefined".
   */
  public static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): OriginCloudRegion {
    return new OriginCloudRegion(name, undefined, { ...opts, id });
  }

  /** The type token, as Pulumi's generated resources name it; part of the upgrade contract (a new token would replace every mapping). */
  public static readonly __pulumiType = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion";

  /**
   * Whether `obj` is an OriginCloudRegion, also one made by another copy of this package: it compares the type token
   * (`pulumi-nodejs:dynamic/cloudflare:OriginCloudRegion`), as Pulumi's generated resources do, not the prototype.
   */
  public static override isInstance(obj: unknown): obj is OriginCloudRegion {
    return (
      typeof obj === "object" &&
      obj !== null &&
      (obj as { __pulumiType?: unknown }).__pulumiType === OriginCloudRegion.__pulumiType
    );
  }
}
