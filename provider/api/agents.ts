/**
 * Keep-alive connection pools, one per protocol, created on the first request.
 *
 * They live on `globalThis` under a registered symbol, not in module variables: Pulumi's serializer copies a module
 * variable's *current* value, so an agent created by an earlier request in the same process would make the provider
 * unserializable. For the same reason the symbol is made on use (a module-level Symbol does not survive the
 * serializer).
 */
import * as http from "http";
import * as https from "https";

interface Agents {
  http?: http.Agent;
  https?: https.Agent;
}

function agents(): Agents {
  const g = globalThis as unknown as Record<symbol, Agents | undefined>;
  return (g[Symbol.for("pulumi-cloudflare-origin-cloud-regions/agents")] ??= {});
}

/** The pool for a URL's protocol (node-fetch's `agent` option). At most 16 sockets per host. */
export function agentFor(url: { protocol: string }): http.Agent {
  const a = agents();
  if (url.protocol === "http:") {
    a.http ??= new http.Agent({ keepAlive: true, maxSockets: 16 });
    return a.http;
  }
  a.https ??= new https.Agent({ keepAlive: true, maxSockets: 16 });
  return a.https;
}

/** Closes idle keep-alive sockets (tests, or a process about to exit). The agents are recreated on demand. */
export function closeIdleConnections(): void {
  const a = agents();
  a.http?.destroy();
  a.https?.destroy();
  delete a.http;
  delete a.https;
}
