/**
 * What every operation handler receives: the fake's state and one parsed request.
 */
import type { Ipv4MappedForm } from "./ip";
import type { SupportedRegionsTable } from "./regions";
import type { MappingStore } from "./store";

/** The request body as received: absent, valid JSON, or text that is not JSON. */
export type RequestBody = { kind: "none" } | { kind: "json"; value: unknown } | { kind: "invalid"; text: string };

/** Shared, long-lived state handlers read and mutate. */
export interface ApiState {
  store: MappingStore;
  regions: SupportedRegionsTable;
  ipv4MappedForm: Ipv4MappedForm;
}

/** One routed, authenticated request. `originIp` is the decoded path segment (single-item routes only). */
export interface ApiRequest {
  zoneId: string;
  originIp?: string;
  query: URLSearchParams;
  body: RequestBody;
}

/** Parses raw body text; empty text means "no body". */
export function parseBody(text: string): RequestBody {
  if (text.length === 0) return { kind: "none" };
  try {
    return { kind: "json", value: JSON.parse(text) as unknown };
  } catch {
    return { kind: "invalid", text };
  }
}
