/**
 * Fault injection: the next N requests of a route (or of any route, "*"), optionally only those of one zone, fail in a
 * chosen way. By default a faulted request is never applied to the store, so "did the write happen?" has one answer:
 * no. With `applied: true` the request is handled first (a write lands) and only its answer is lost or garbled: the
 * case a client cannot tell apart from a failure without reading back.
 */
import { CODES, MESSAGES } from "./envelope";
import type { Route } from "./router";

/** The failure modes a client must survive (ARCHITECTURE.md). */
export type Fault = FaultKind & {
  /** Handle the request (apply the write) before answering with the fault. Default false. */
  applied?: boolean;
};

export type FaultKind =
  | { kind: "status"; status: 500 | 503 } // Cloudflare envelope, code 1140
  | { kind: "html502" } // 502 with an HTML body
  | { kind: "rateLimit"; retryAfterSeconds: number } // 429 971 + Retry-After
  | { kind: "reset" } // destroy the socket without answering
  | { kind: "hang" } // never answer (until stop())
  | { kind: "truncatedJson" } // 200, body cut mid-JSON
  | { kind: "successFalse" } // 200 with success:false and an error
  // 200 with success:true and this result instead of the handler's: an answer that says nothing usable (null, `{}`
  // for a batch) or speaks of another IP. With `applied: true` the write lands all the same.
  | { kind: "successResult"; result: unknown }
  // Any error answer of Cloudflare's catalogue (API doc §5) the fake's own checks would not give here, e.g. 400 1146 for
  // an IP Cloudflare refuses but the provider accepts, or 400 7003+7000 for a zone id Cloudflare cannot route.
  | { kind: "cloudflareError"; status: number; errors: { code: number; message: string }[] }
  // A misbehaving gateway that copies the request's credential headers into its answer (403).
  | { kind: "echoCredentials"; form: EchoForm };

/** Where an echoed credential lands: an HTML `<title>`, a Cloudflare JSON error message, plain text, or a redirect's `Location`. */
export type EchoForm = "html" | "json" | "text" | "location";

/** The request headers an echo fault copies. */
export type CredentialHeaders = Record<string, string | string[] | undefined>;

/** How the server should act on a fault: send these bytes, or drop / hold the connection. */
export type FaultAction =
  | { action: "send"; status: number; headers: Record<string, string>; text: string }
  | { action: "reset" }
  | { action: "hang" };

interface Pending {
  route: Route | "*";
  zoneId?: string;
  /** Matching requests still to let through before the fault starts. */
  skip: number;
  fault: Fault;
  remaining: number;
}

/** FIFO of pending faults; each matching request consumes one use of the first matching entry. */
export class FaultQueue {
  private pending: Pending[] = [];

  /** Queues `fault` for `times` requests of `route` (of `zoneId` only, when given), after letting `after` through. */
  add(route: Route | "*", fault: Fault, times = 1, zoneId?: string, after = 0): void {
    if (!Number.isInteger(times) || times < 1) throw new Error("fake: fault times must be a positive integer");
    if (!Number.isInteger(after) || after < 0) throw new Error("fake: fault 'after' must be a non-negative integer");
    this.pending.push({ route, zoneId, skip: after, fault, remaining: times });
  }

  /** The fault for this request, if any, counting it down. */
  take(route: Route, zoneId?: string): Fault | undefined {
    const entry = this.pending.find(
      (p) => (p.route === "*" || p.route === route) && (p.zoneId === undefined || p.zoneId === zoneId),
    );
    if (!entry) return undefined;
    if (entry.skip > 0) {
      entry.skip--;
      return undefined;
    }
    if (--entry.remaining === 0) this.pending = this.pending.filter((p) => p !== entry);
    return entry.fault;
  }

  /** Drops all pending faults. */
  clear(): void {
    this.pending = [];
  }
}

const JSON_TYPE = { "Content-Type": "application/json" };
const internalError = { code: CODES.INTERNAL, message: MESSAGES.INTERNAL };

const BAD_GATEWAY_HTML =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n" +
  "<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n";

/** Translates a fault into what goes on the wire; `headers` are the request's (echo faults copy them). */
export function faultAction(fault: Fault, headers: CredentialHeaders = {}): FaultAction {
  switch (fault.kind) {
    case "status":
      return {
        action: "send",
        status: fault.status,
        headers: JSON_TYPE,
        text: JSON.stringify({ errors: [internalError], messages: [], result: null, success: false }),
      };
    case "html502":
      return { action: "send", status: 502, headers: { "Content-Type": "text/html" }, text: BAD_GATEWAY_HTML };
    case "rateLimit":
      return {
        action: "send",
        status: 429,
        headers: { ...JSON_TYPE, "Retry-After": String(fault.retryAfterSeconds) },
        text: JSON.stringify({
          errors: [{ code: CODES.RATE_LIMITED, message: MESSAGES.RATE_LIMITED }],
          messages: [],
          result: null,
          success: false,
        }),
      };
    case "truncatedJson": {
      const full = JSON.stringify({
        errors: [],
        messages: [],
        success: true,
        result: { origin_ip: "192.0.2.1", region: "us-east-1", vendor: "aws", modified_on: "2026-03-01T12:00:00Z" },
      });
      // Cut inside the result object: valid HTTP, consistent Content-Length, unparseable JSON.
      return { action: "send", status: 200, headers: JSON_TYPE, text: full.slice(0, Math.floor(full.length / 2)) };
    }
    case "cloudflareError":
      return {
        action: "send",
        status: fault.status,
        headers: JSON_TYPE,
        text: JSON.stringify({ errors: fault.errors, messages: [], result: null, success: false }),
      };
    case "successFalse":
      return {
        action: "send",
        status: 200,
        headers: JSON_TYPE,
        text: JSON.stringify({ errors: [internalError], messages: [], result: null, success: false }),
      };
    case "successResult":
      return {
        action: "send",
        status: 200,
        headers: JSON_TYPE,
        text: JSON.stringify({ errors: [], messages: [], result: fault.result ?? null, success: true }),
      };
    case "echoCredentials":
      return echo(fault.form, headers);
    case "reset":
      return { action: "reset" };
    case "hang":
      return { action: "hang" };
  }
}

/** The credential headers as a gateway would print them: `Authorization: Bearer …; X-Auth-Key: …; X-Auth-Email: …`. */
function echoed(headers: CredentialHeaders): string {
  return ["authorization", "x-auth-key", "x-auth-email"]
    .filter((name) => headers[name] !== undefined)
    .map((name) => `${name}: ${String(headers[name])}`)
    .join("; ");
}

function echo(form: EchoForm, headers: CredentialHeaders): FaultAction {
  const seen = echoed(headers);
  switch (form) {
    case "html":
      return {
        action: "send",
        status: 403,
        headers: { "Content-Type": "text/html" },
        text: `<html><head><title>403 Forbidden (${seen})</title></head><body>denied</body></html>`,
      };
    case "json":
      return {
        action: "send",
        status: 403,
        headers: JSON_TYPE,
        text: JSON.stringify({
          errors: [{ code: CODES.AUTH_ERROR, message: `Authentication error for ${seen}` }],
          messages: [],
          result: null,
          success: false,
        }),
      };
    case "text":
      return { action: "send", status: 403, headers: { "Content-Type": "text/plain" }, text: `forbidden: ${seen}` };
    case "location":
      return {
        action: "send",
        status: 302,
        headers: { Location: `https://login.example/?${encodeURIComponent(seen)}` },
        text: "",
      };
  }
}
