/**
 * FakeCloudflare: a faithful stand-in for Cloudflare's v2 origin cloud regions API, served over real HTTP on
 * 127.0.0.1 (contract: docs/ARCHITECTURE.md; behaviour: the API doc, §12/§13).
 *
 * Request pipeline, in the order Cloudflare's edge appears to apply it:
 *   routing + request log (on arrival) → latency → routing errors (404 7000 / 400 7003+7000 / 405)
 *   → auth (9106 / 6003 / 403 10000) → rate limit (429 971) → zone grant (403 10000) → injected fault → handler.
 * Routing comes before auth because the real gateway answers bad paths without looking at credentials.
 *
 * Independent of provider/: nothing here imports the library under test.
 */
import http, { type IncomingMessage, type ServerResponse } from "http";
import type { AddressInfo, Socket } from "net";
import { authenticate, FAKE_API_KEY, FAKE_EMAIL, FAKE_TOKEN, validateAuthConfig, type AuthConfig } from "./auth";
import { batchDelete, batchPut } from "./batch";
import { parseBody, type ApiRequest, type ApiState } from "./context";
import { CODES, MESSAGES, error, type Reply } from "./envelope";
import { FaultQueue, faultAction, type Fault } from "./faults";
import { get, list, put, remove, supportedRegions } from "./handlers";
import { readBody, resetConnection, send } from "./http-io";
import { canonicalizeIp, type Ipv4MappedForm } from "./ip";
import { RateLimiter } from "./rate-limit";
import { cloneRegions, DEFAULT_REGIONS, type SupportedRegionsTable } from "./regions";
import { resolveRoute, type Route, type RouteResolution } from "./router";
import { MappingStore } from "./store";

export { FAKE_API_KEY, FAKE_EMAIL, FAKE_TOKEN } from "./auth";
export { CODES, MESSAGES } from "./envelope";
export type { EchoForm, Fault } from "./faults";
export { DEFAULT_REGIONS, type SupportedRegion, type SupportedRegionsTable } from "./regions";
export type { Route } from "./router";

/** Options of {@link FakeCloudflare.start}; every field is optional. */
export interface FakeOptions {
  port?: number; // 0 = ephemeral
  prefix?: string; // "/client/v4"
  tokens?: string[]; // accepted API tokens, default [FAKE_TOKEN]
  apiKeys?: { email: string; key: string }[]; // default [{ email: FAKE_EMAIL, key: FAKE_API_KEY }]
  zones?: string[]; // when set, only these zones are granted (others: 403 10000)
  latencyMs?: number; // 0
  rateLimit?: { count: number; windowSeconds: number } | false; // default { 1200, 300 } per credential
  maxMappingsPerZone?: number; // 3500
  ipv4MappedForm?: Ipv4MappedForm; // "mixed": ::ffff:192.0.2.1
  regions?: SupportedRegionsTable; // default: realistic table for aws/azure/gcp/oci
  now?: () => Date; // clock for modified_on and rate-limit windows
}

/** One entry of the request log. `status` 0 means no HTTP response was sent (reset / hang fault). */
export interface RequestLogEntry {
  method: string;
  path: string; // raw request target as received, including any query string
  route?: Route;
  zoneId?: string;
  status: number;
  body?: unknown; // parsed JSON, or the raw text when it was not JSON
}

/** A mapping as seeded or read back through the test hooks. */
export interface SeedMapping {
  origin_ip: string;
  vendor: string;
  region: string;
  modified_on?: string;
}

const HANDLERS: Record<Route, (state: ApiState, req: ApiRequest) => Reply> = {
  list,
  get,
  put,
  delete: remove,
  batchPut,
  batchDelete,
  supportedRegions,
};

const JSON_TYPE = { "Content-Type": "application/json" };

/** The fake API server. Create with {@link FakeCloudflare.start}; always {@link FakeCloudflare.stop} it. */
export class FakeCloudflare {
  private url = "";

  private readonly state: ApiState;
  private readonly auth: AuthConfig;
  private readonly grantedZones?: ReadonlySet<string>;
  private readonly limiter?: RateLimiter;
  private readonly faults = new FaultQueue();
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly log: RequestLogEntry[] = [];
  private latencyMs: number;
  private stopped = false;

  private constructor(
    private readonly server: http.Server,
    private readonly prefix: string,
    options: FakeOptions,
  ) {
    const now = options.now ?? (() => new Date());
    const cap = options.maxMappingsPerZone ?? 3500;
    if (!Number.isInteger(cap) || cap < 0) throw new Error("fake: maxMappingsPerZone must be a non-negative integer");
    this.state = {
      store: new MappingStore(cap, now),
      regions: cloneRegions(options.regions ?? DEFAULT_REGIONS),
      ipv4MappedForm: options.ipv4MappedForm ?? "mixed",
    };
    this.auth = {
      tokens: [...(options.tokens ?? [FAKE_TOKEN])],
      apiKeys: (options.apiKeys ?? [{ email: FAKE_EMAIL, key: FAKE_API_KEY }]).map((k) => ({ ...k })),
    };
    validateAuthConfig(this.auth);
    if (options.zones) this.grantedZones = new Set(options.zones);
    const rateLimit = options.rateLimit ?? { count: 1200, windowSeconds: 300 };
    if (rateLimit) this.limiter = new RateLimiter(rateLimit, now);
    this.latencyMs = 0;
    this.setLatency(options.latencyMs ?? 0);
    // Listeners go on before listen(), so no connection can slip past socket tracking.
    server.on("connection", (socket: Socket) => this.track(socket));
    server.on("request", (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res));
  }

  /** Starts a fake on 127.0.0.1 (`port` 0 picks a free port). Rejects on invalid options or a busy port. */
  static async start(options: FakeOptions = {}): Promise<FakeCloudflare> {
    const prefix = (options.prefix ?? "/client/v4").replace(/\/+$/, "");
    if (prefix !== "" && !prefix.startsWith("/")) throw new Error("fake: prefix must start with '/'");
    const server = http.createServer();
    const fake = new FakeCloudflare(server, prefix, options);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    fake.url = `http://127.0.0.1:${port}${prefix}`;
    return fake;
  }

  /** Base URL including the prefix, e.g. `http://127.0.0.1:54321/client/v4`. */
  get baseUrl(): string {
    return this.url;
  }

  /** Stops listening and destroys every connection, including keep-alive and hung ones. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  /** Adds mappings directly (no auth, rate limit, Tiered Cache or region check). IPs are canonicalized; throws on an invalid IP or past the cap. */
  seed(zoneId: string, mappings: SeedMapping[]): void {
    const canonical = mappings.map((m) => {
      const ip = canonicalizeIp(m.origin_ip, this.state.ipv4MappedForm);
      if (ip === undefined) throw new Error(`fake: cannot seed invalid IP ${JSON.stringify(m.origin_ip)}`);
      return { ...m, origin_ip: ip };
    });
    if (
      this.state.store.wouldExceedCap(
        zoneId,
        canonical.map((m) => m.origin_ip),
      )
    ) {
      throw new Error(`fake: seeding would exceed maxMappingsPerZone (${this.state.store.cap})`);
    }
    for (const m of canonical) this.state.store.upsert(zoneId, m.origin_ip, m.vendor, m.region, m.modified_on);
  }

  /** The zone's mappings, in list order (copies). */
  mappings(zoneId: string): Required<SeedMapping>[] {
    return this.state.store.list(zoneId);
  }

  /** Enables or disables Tiered Cache for a zone (default enabled). */
  setTieredCache(zoneId: string, enabled: boolean): void {
    this.state.store.setTieredCache(zoneId, enabled);
  }

  /** Delay applied to every request before it is answered. */
  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error("fake: latency must be a non-negative number of milliseconds");
    this.latencyMs = ms;
  }

  /**
   * Makes the next `times` requests of `route` (or of any route, "*"), of zone `options.zoneId` only when given, fail
   * with `fault` (handled first when `fault.applied`), after letting `options.after` matching requests through.
   */
  injectFault(route: Route | "*", fault: Fault, times = 1, options: { zoneId?: string; after?: number } = {}): void {
    this.faults.add(route, fault, times, options.zoneId, options.after);
  }

  /** Number of logged requests, optionally only those routed to `route`. */
  requestCount(route?: Route): number {
    return route === undefined ? this.log.length : this.log.filter((r) => r.route === route).length;
  }

  /** The request log (a copy of the list; never contains credentials). */
  get requests(): RequestLogEntry[] {
    return [...this.log];
  }

  /** Clears the request log. */
  resetRequests(): void {
    this.log.length = 0;
  }

  private track(socket: Socket): void {
    if (this.stopped) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = parseBody(await readBody(req));
    // Logged on arrival (status 0 until answered), so a client that times out during injected latency still
    // sees its attempt counted.
    const entry: RequestLogEntry = { method: req.method ?? "", path: req.url ?? "", status: 0 };
    if (body.kind !== "none") entry.body = body.kind === "json" ? body.value : body.text;
    const routed = resolveRoute(entry.method, entry.path, this.prefix);
    if (routed.ok) [entry.route, entry.zoneId] = [routed.route, routed.zoneId];
    this.log.push(entry);
    if (this.latencyMs > 0) await this.sleep(this.latencyMs);
    if (this.stopped) return;
    try {
      this.dispatch(req, res, entry, routed, body);
    } catch (e) {
      // A bug in the fake should look like a server error, not a hung test.
      console.error("fake: handler crashed", e);
      this.respond(res, entry, error(500, CODES.INTERNAL, MESSAGES.INTERNAL), {});
    }
  }

  private dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    entry: RequestLogEntry,
    routed: RouteResolution,
    body: ApiRequest["body"],
  ): void {
    const anonymous = this.limiter?.anonymousHeaders() ?? {};
    if (!routed.ok) return this.respond(res, entry, routed.reply, anonymous);

    const auth = authenticate(req.headers, this.auth);
    if (!auth.ok) return this.respond(res, entry, auth.reply, anonymous);
    const limit = this.limiter?.admit(auth.credential);
    const limitHeaders = limit?.headers ?? {};
    if (limit && !limit.allowed)
      return this.respond(res, entry, error(429, CODES.RATE_LIMITED, MESSAGES.RATE_LIMITED), limitHeaders);
    if (this.grantedZones && !this.grantedZones.has(routed.zoneId)) {
      return this.respond(res, entry, error(403, CODES.AUTH_ERROR, MESSAGES.AUTH_ERROR), limitHeaders);
    }

    const fault = this.faults.take(routed.route, routed.zoneId);
    const handle = () =>
      HANDLERS[routed.route](this.state, {
        zoneId: routed.zoneId,
        originIp: routed.originIp,
        query: routed.query,
        body,
      });
    if (fault) {
      if (fault.applied) handle();
      return this.applyFault(res, entry, fault, limitHeaders, req.headers);
    }
    this.respond(res, entry, handle(), limitHeaders);
  }

  private respond(res: ServerResponse, entry: RequestLogEntry, reply: Reply, extra: Record<string, string>): void {
    entry.status = reply.status;
    send(res, reply.status, { ...JSON_TYPE, ...extra, ...reply.headers }, JSON.stringify(reply.body));
  }

  private applyFault(
    res: ServerResponse,
    entry: RequestLogEntry,
    fault: Fault,
    extra: Record<string, string>,
    headers: IncomingMessage["headers"],
  ): void {
    const action = faultAction(fault, headers);
    if (action.action === "reset") return resetConnection(res);
    // "hang": leave the response open; stop() destroys the socket.
    if (action.action === "hang") return;
    entry.status = action.status;
    send(res, action.status, { ...extra, ...action.headers }, action.text);
  }
}
