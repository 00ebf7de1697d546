import * as pulumi from "@pulumi/pulumi";
import type { Vendor } from "../api";
import { serializedOriginCloudRegionSetProvider } from "./serializedSetProvider";

/** One entry of {@link OriginCloudRegionSetArgs.mappings}. */
export interface OriginCloudRegionSetMapping {
  /** The origin's IPv4 or IPv6 address, in any valid spelling (compared and stored in canonical form, RFC 5952). */
  originIp: pulumi.Input<string>;
  /** The cloud that hosts the origin: `aws`, `azure`, `gcp` or `oci`. */
  vendor: pulumi.Input<Vendor>;
  /** One of the vendor's regions as Cloudflare's supported_regions lists them, e.g. `us-east-1`. */
  region: pulumi.Input<string>;
}

/** Inputs of an {@link OriginCloudRegionSet}. */
export interface OriginCloudRegionSetArgs {
  /** The zone's id: 32 hexadecimal characters. Changing it replaces the set (created in the new zone, then deleted). */
  zoneId: pulumi.Input<string>;
  /**
   * The zone's mappings this set manages: at most 3,500 entries (Cloudflare's per-zone cap), each origin IP once
   * (in canonical form: `2001:DB8::1` and `2001:db8::1` are one IP). Adding, changing or removing entries updates the
   * set in place; the order of the entries is no change. Mappings of the zone that the set does not list are left alone.
   */
  mappings: pulumi.Input<pulumi.Input<OriginCloudRegionSetMapping>[]>;
  /**
   * Take over mappings that already exist for the listed IPs (default false). Without it, a create or an update that
   * adds an IP the zone already maps fails, writing nothing, and leaves the mapping untouched. Adopted mappings are
   * deleted with the set (unless `retainOnDelete`). Changing `adopt` alone is no change.
   */
  adopt?: pulumi.Input<boolean>;
}

/** One mapping of a set's outputs, keyed by its canonical IP. */
export interface OriginCloudRegionSetEntry {
  /** The cloud vendor, as Cloudflare holds it: `aws`, `azure`, `gcp` or `oci`. */
  vendor: Vendor;
  /** The vendor's region, as Cloudflare holds it, e.g. `us-east-1`. */
  region: string;
}

/**
 * A zone's origin cloud region mappings as one resource: one listing and batch calls of up to 100 mappings instead of
 * a request per mapping, and a preview that names each IP added, changed or removed. The id is the zone id.
 *
 * Cloudflare endpoints: `GET /zones/{zone_id}/origin/cloud_regions` (all pages, per_page=100) before a create or an
 * update that adds IPs, and for refresh; `PUT …/cloud_regions/batch` and `DELETE …/cloud_regions/batch` for writes;
 * `GET …/cloud_regions/supported_regions` once per zone during check.
 *
 * Errors: check failures name the entry (`mappings[3].region`) with its index and IP; two entries for one IP fail
 * naming both indexes; more than 3,500 entries fail. When Cloudflare refuses some entries of a create or an update,
 * the operation fails listing each refused IP with its reason, and state keeps exactly the set's mappings that exist
 * (Pulumi's partial-state error), so the next `pulumi up` only retries the rest.
 */
export class OriginCloudRegionSet extends pulumi.dynamic.Resource {
  /** The zone's id, in lower case. */
  declare public readonly zoneId: pulumi.Output<string>;
  /**
   * The set's mappings as Cloudflare holds them, keyed by canonical IP: `{ "192.0.2.1": { vendor: "aws", region:
   * "us-east-1" } }`. After a refresh, one deleted out of band is absent and one changed out of band shows its values.
   */
  declare public readonly mappings: pulumi.Output<Record<string, OriginCloudRegionSetEntry>>;
  /** Whether the set was allowed to take over existing mappings. */
  declare public readonly adopt: pulumi.Output<boolean>;
  /** Opaque id of the set's claim on its mappings within one deployment. Never a cause of a diff. */
  declare public readonly claimId: pulumi.Output<string | undefined>;

  constructor(name: string, args: OriginCloudRegionSetArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output is named here (undefined when unknown) so the engine registers it; for `get`, args are absent.
    const props = args
      ? { ...args, adopt: args.adopt ?? false, claimId: undefined, __resourceName: name }
      : { zoneId: undefined, mappings: undefined, adopt: undefined, claimId: undefined };
    super(serializedOriginCloudRegionSetProvider, name, props, opts, "cloudflare", "OriginCloudRegionSet");
  }

  /** Reads all of a zone's mappings without managing them. `id` is the zone id. */
  public static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    opts?: pulumi.CustomResourceOptions,
  ): OriginCloudRegionSet {
    return new OriginCloudRegionSet(name, undefined as unknown as OriginCloudRegionSetArgs, { ...opts, id });
  }

  /** Whether `obj` is an OriginCloudRegionSet (also across copies of this package). */
  public static override isInstance(obj: unknown): obj is OriginCloudRegionSet {
    return (
      obj !== null &&
      typeof obj === "object" &&
      (obj as { __pulumiType?: unknown }).__pulumiType === OriginCloudRegionSet.__pulumiType
    );
  }

  /** The type token, as Pulumi's generated resources name it; part of the upgrade contract (a new token would replace the set). */
  public static readonly __pulumiType = "pulumi-nodejs:dynamic/cloudflare:OriginCloudRegionSet";
}
