/**
 * Where the test kit puts the client the lookups use instead of Cloudflare while its mocks are active. It lives on
 * `globalThis` under a registered symbol, not in a module variable: a test runner that reloads modules (jest's
 * `resetModules`, `isolateModules`) gives the program its own copy of lookups/index.ts, which must still find the kit's
 * client. Nothing here imports @pulumi/pulumi or the HTTP client.
 */
import type { OriginCloudRegionsClient } from "../api";

const KEY = Symbol.for("pulumi-cloudflare-origin-cloud-regions/testing:lookupClient");

type Holder = Record<symbol, OriginCloudRegionsClient | undefined>;

/** The client the test kit installed for the lookups, if any. */
export function installedLookupClient(): OriginCloudRegionsClient | undefined {
  return (globalThis as unknown as Holder)[KEY];
}

/** Installs (or with `undefined`, removes) the client the lookups use instead of Cloudflare. */
export function installLookupClient(client: OriginCloudRegionsClient | undefined): void {
  (globalThis as unknown as Holder)[KEY] = client;
}
