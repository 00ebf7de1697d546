/** Cloudflare's v4 response envelope, `{success, errors, messages, result, result_info?}`, as it arrives. */
import type { CloudflareErrorDetail } from "./errors";

/** An envelope before its fields are checked. */
export interface RawEnvelope {
  success: unknown;
  errors?: unknown;
  messages?: unknown;
  result?: unknown;
  result_info?: unknown;
}

/** A plain object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Whether parsed JSON is an envelope: an object with a boolean `success`. */
export function isEnvelope(v: unknown): v is RawEnvelope {
  return isObject(v) && typeof v.success === "boolean";
}

/** `errors[]` (or `messages[]`) with each `error_chain` entry (recursively) right after its parent. */
export function flattenErrors(list: unknown): CloudflareErrorDetail[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).flatMap((item) => [detailOf(item), ...flattenErrors(item.error_chain)]);
}

/** One entry's code (0 when not a number) and message ("" when not a string). */
function detailOf(item: Record<string, unknown>): CloudflareErrorDetail {
  const code = Number(item.code);
  return { code: Number.isFinite(code) ? code : 0, message: typeof item.message === "string" ? item.message : "" };
}
