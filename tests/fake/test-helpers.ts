/**
 * Raw-HTTP helpers for the fake's own tests. Node's `http` is used (not fetch) so request paths go out byte for
 * byte as written — percent-encoding and routing tests depend on that.
 */
import http from "http";
import { FAKE_TOKEN, type FakeCloudflare } from "./server";

/** Loosely typed parsed JSON: tests poke into response bodies freely and assert on the values. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** A complete HTTP response. `json` is undefined when the body is not JSON. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: Json;
}

/** Request options: `auth` headers (default: the fake token; null = none), JSON `body` or raw `rawBody` text. */
export interface CallOptions {
  auth?: Record<string, string> | null;
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  agent?: http.Agent | false;
}

/** Bearer header for a token. */
export const bearer = (token: string = FAKE_TOKEN): Record<string, string> => ({ Authorization: `Bearer ${token}` });

/** Sends one request to an absolute path on the fake's host (prefix included by the caller). */
export function rawCall(
  fake: FakeCloudflare,
  method: string,
  fullPath: string,
  options: CallOptions = {},
): Promise<RawResponse> {
  const url = new URL(fake.baseUrl);
  const text = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = {
    ...(options.auth === null ? {} : (options.auth ?? bearer())),
    ...(text === undefined
      ? {}
      : { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(text)) }),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path: fullPath, headers, agent: options.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          let json: Json;
          try {
            json = JSON.parse(body);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: body, json });
        });
      },
    );
    req.on("error", reject);
    if (text !== undefined) req.write(text);
    req.end();
  });
}

/** Sends one request to a path below the fake's base URL (e.g. `/zones/<id>/origin/cloud_regions`). */
export function call(
  fake: FakeCloudflare,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<RawResponse> {
  return rawCall(fake, method, new URL(fake.baseUrl).pathname + path, options);
}

let zoneCounter = 0;
/** A fresh, well-formed zone id, so tests sharing one fake never see each other's mappings. */
export function newZone(): string {
  zoneCounter += 1;
  return `${(0xabc000 + zoneCounter).toString(16)}`.padStart(32, "0");
}

/** Path of the collection of a zone. */
export const regionsPath = (zoneId: string): string => `/zones/${zoneId}/origin/cloud_regions`;

/** A clock tests can move by hand. */
export class ManualClock {
  private ms: number;
  constructor(iso = "2026-03-01T12:00:00Z") {
    this.ms = Date.parse(iso);
  }
  /** The clock function to pass as the fake's `now` option. */
  readonly now = (): Date => new Date(this.ms);
  /** Moves time forward. */
  advance(ms: number): void {
    this.ms += ms;
  }
}
