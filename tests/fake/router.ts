/**
 * Maps a request line onto one of the seven v2 operations (§4).
 *
 * Path segments are percent-decoded one by one (so `2001%3Adb8%3A%3A1` and raw `2001:db8::1` both work, and an
 * encoded `/` stays inside its segment); the literal segments `batch` and `supported_regions` are matched before
 * the `{origin_ip}` capture.
 */
import { CODES, MESSAGES, error, fail, type Reply } from "./envelope";

/** The seven v2 operations. */
export type Route = "list" | "get" | "put" | "delete" | "batchPut" | "batchDelete" | "supportedRegions";

/** A matched operation, or the routing error to send. */
export type RouteResolution =
  { ok: true; route: Route; zoneId: string; originIp?: string; query: URLSearchParams } | { ok: false; reply: Reply };

const ZONE_ID = /^[0-9a-f]{32}$/;

/** Methods each path shape accepts, by route. */
const COLLECTION: Record<string, Route> = { GET: "list" };
const BATCH: Record<string, Route> = { PUT: "batchPut", DELETE: "batchDelete" };
const SUPPORTED: Record<string, Route> = { GET: "supportedRegions" };
const ITEM: Record<string, Route> = { GET: "get", PUT: "put", DELETE: "delete" };

const decode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    // Malformed escapes stay raw; as an IP or zone id they then fail validation like any other bad value.
    return segment;
  }
};

const noRoute = (): Reply => error(404, CODES.NO_ROUTE, MESSAGES.NO_ROUTE);

/** Resolves `method` + raw request target (`/client/v4/zones/…?…`) under `prefix`. */
export function resolveRoute(method: string, rawUrl: string, prefix: string): RouteResolution {
  const queryAt = rawUrl.indexOf("?");
  const rawPath = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  const query = new URLSearchParams(queryAt === -1 ? "" : rawUrl.slice(queryAt + 1));
  if (!rawPath.startsWith(`${prefix}/`)) return { ok: false, reply: noRoute() };

  const segments = rawPath
    .slice(prefix.length + 1)
    .split("/")
    .map(decode);
  if (segments[0] !== "zones" || segments.length < 2) return { ok: false, reply: noRoute() };
  const zoneId = segments[1];
  if (!ZONE_ID.test(zoneId)) {
    // Observed gateway answer to a malformed identifier: both errors in one 400 body (§5, §6).
    return {
      ok: false,
      reply: fail(
        400,
        {
          code: CODES.COULD_NOT_ROUTE,
          message: `Could not route to ${rawPath}, perhaps your object identifier is invalid?`,
        },
        { code: CODES.NO_ROUTE, message: MESSAGES.NO_ROUTE },
      ),
    };
  }
  if (segments[2] !== "origin" || segments[3] !== "cloud_regions" || segments.length > 5)
    return { ok: false, reply: noRoute() };

  const last = segments[4];
  const table =
    last === undefined ? COLLECTION : last === "batch" ? BATCH : last === "supported_regions" ? SUPPORTED : ITEM;
  const route = Object.prototype.hasOwnProperty.call(table, method) ? table[method] : undefined;
  if (!route) {
    const reply = error(405, CODES.METHOD_NOT_ALLOWED, MESSAGES.METHOD_NOT_ALLOWED);
    reply.headers = { Allow: Object.keys(table).join(", ") };
    return { ok: false, reply };
  }
  return { ok: true, route, zoneId, query, ...(table === ITEM ? { originIp: last } : {}) };
}
