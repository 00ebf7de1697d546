import { FIX_HINTS as API_FIX_HINTS } from "../api";
import { isCloudflareApiError, type CloudflareApiError } from "../api/errors";
import { FIX_HINT_VARIANTS as API_FIX_HINT_VARIANTS, fixHints, type FixHintVariant } from "../api/errors";
import { ENV_KEYS, STACK_CONFIG_KEYS, type ConfigKeys } from "./credentials";

/** Where a Pulumi user puts a new token: the keys' own namespace (the dynamic provider's, or the plugin's). */
const setToken = ({ credentials, where }: ConfigKeys) =>
  `set it with \`pulumi config set --secret ${credentials.apiToken} <token>\`, or in ${ENV_KEYS.apiToken} when ${where} has no token`;

/** The API's fix hints, with the ones about state and credentials worded for a Pulumi user of these keys. */
function fixHintsFor(keys: ConfigKeys): Readonly<Record<number, string>> {
  const { apiToken, apiKey, email } = keys.credentials;
  return {
    ...API_FIX_HINTS,
    1142: `${API_FIX_HINTS[1142]}; run \`pulumi refresh\` to bring state in line`,
    9106: `no credentials reached Cloudflare; set ${apiToken} (pulumi config set --secret) or ${ENV_KEYS.apiToken}`,
    6003: `a credential is malformed; check ${apiToken} / ${ENV_KEYS.apiToken} (the bare token, no "Bearer " prefix or whitespace) or the ${apiKey} + ${email} pair`,
    971: `${API_FIX_HINTS[971]} (for pulumi: a lower --parallel)`,
    10100: `${API_FIX_HINTS[10100]} (for pulumi: a lower --parallel)`,
    9109: `${API_FIX_HINTS[9109]}; ${setToken(keys)}`,
  };
}

/** The fix hints for the dynamic provider's keys (`cloudflare:*`, `originCloudRegions:*`). */
export const FIX_HINTS: Readonly<Record<number, string>> = fixHintsFor(STACK_CONFIG_KEYS);

/**
 * The create of a replacement (a changed originIp) runs before the old resource's delete, so in a full zone it is the
 * create that fails; it cannot tell it is one, so the hint for every create says so.
 */
const createHints = (hints: Readonly<Record<number, string>>): Readonly<Record<number, string>> => ({
  ...hints,
  1164:
    `${API_FIX_HINTS[1164]}, or, if this create replaces a resource (a changed originIp), set its \`deleteBeforeReplace: true\` resource option: ` +
    "Pulumi creates the new mapping before it deletes the old one, so a full zone has no room for it",
});
const CREATE_ACTION = /^creating origin cloud region mapping /;

/** How fixes are worded for the reader of a failure: the hints per code and per cause, and for failures no code explains. */
export interface FailureWording {
  hints(action: string): Readonly<Record<number, string>>;
  variants: readonly FixHintVariant[];
  fallback(error: CloudflareApiError): string | undefined;
}

/**
 * For a Pulumi user whose provider reads `keys`: `pulumi up`, `--parallel`, and those keys (the dynamic provider's
 * `cloudflare:*` / `originCloudRegions:*` by default; the plugin's `cloudflare-origin-cloud-regions:*`).
 */
export function pulumiWording(keys: ConfigKeys = STACK_CONFIG_KEYS): FailureWording {
  let wording = WORDINGS.get(keys);
  if (!wording) {
    const hints = fixHintsFor(keys);
    const forCreate = createHints(hints);
    wording = {
      hints: (action) => (CREATE_ACTION.test(action) ? forCreate : hints),
      // The API's hints for codes with several causes, a new token's worded with where to set it.
      variants: API_FIX_HINT_VARIANTS.map((v) =>
        v.cause === "tokenInvalid" ? { ...v, hint: `${v.hint}; ${setToken(keys)}` } : v,
      ),
      fallback: (error) => fallbackHint(error, keys),
    };
    WORDINGS.set(keys, wording);
  }
  return wording;
}
const WORDINGS = new WeakMap<ConfigKeys, FailureWording>();
const PULUMI_WORDING = pulumiWording();

/**
 * One line for the Pulumi diagnostic: what was attempted, Cloudflare's codes and messages, the HTTP status, and a fix
 * when the code is known (`wording`: {@link pulumiWording} for the keys the provider reads, by default the dynamic
 * provider's; or for another reader, such as the export command). Only fields of the error are
 * used, never request headers, so no credential can leak.
 */
export function describeFailure(action: string, error: unknown, wording: FailureWording = PULUMI_WORDING): string {
  if (!isCloudflareApiError(error)) {
    return `${action} failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  const fallback = wording.fallback(error);
  // Without Cloudflare error entries (network, timeout, non-JSON answer) the client's own message says it all.
  if (error.errors.length === 0) return `${action} failed: ${error.message}${fallback ? `. Fix: ${fallback}` : ""}`;
  const what = error.errors.map((e) => `Cloudflare error ${e.code}: ${e.message}`).join("; ");
  const where = [
    error.status !== undefined && `HTTP ${error.status}`,
    error.rayId && `cf-ray ${error.rayId}`,
    error.attempts > 1 && `${error.attempts} attempts`,
    error.retryAfterMs !== undefined && `Cloudflare asked to retry in ${Math.ceil(error.retryAfterMs / 1000)} s`,
  ]
    .filter(Boolean)
    .join(", ");
  const hints = fixHints(error.errors, wording.hints(action), wording.variants);
  if (hints.length === 0 && fallback) hints.push(fallback);
  return `${action} failed: ${what}${where && ` [${where}]`}${hints.length > 0 ? `. Fix: ${hints.join("; ")}` : ""}`;
}

/**
 * Failures no Cloudflare code explains, by what the reader can do: `transient` (an outage, or a network that did not
 * answer usably), `rateLimited` (a 429 without its code), `notApi` (an answer not from Cloudflare's API), `unexplained`
 * (a bare `success: false`). Undefined for other 4xx (the message names the problem).
 */
export type UnexplainedFailure = "transient" | "rateLimited" | "notApi" | "unexplained";

/** Which {@link UnexplainedFailure} `error` is, if any. */
export function unexplainedFailure(error: CloudflareApiError): UnexplainedFailure | undefined {
  const status = error.status;
  const transient =
    error.kind === "network" ||
    error.kind === "timeout" ||
    (status !== undefined && status >= 500) ||
    (error.kind === "invalidResponse" && status !== undefined && status < 300);
  if (transient) return "transient";
  if (status === 429) return "rateLimited";
  if (error.kind === "invalidResponse") return "notApi";
  if (status !== undefined && status < 300) return "unexplained";
  return undefined;
}

/** A fix, worded for a Pulumi user of `keys`, for failures no Cloudflare code explains. */
function fallbackHint(error: CloudflareApiError, keys: ConfigKeys): string | undefined {
  switch (unexplainedFailure(error)) {
    case "transient":
      return (
        `Cloudflare or the network did not answer usably (${error.attempts} attempt${error.attempts === 1 ? "" : "s"}); run pulumi up again, ` +
        `or allow more time with ${keys.tuning.retryBudgetSeconds} / ${keys.tuning.requestTimeoutSeconds}`
      );
    case "rateLimited":
      return FIX_HINTS[971];
    case "notApi":
      return `the answer did not come from Cloudflare's API (a proxy, or a wrong base URL?): check ${keys.credentials.baseUrl} / ${ENV_KEYS.baseUrl} and what sits between this machine and Cloudflare`;
    case "unexplained":
      return "Cloudflare refused without naming a reason; run pulumi up again, and quote the cf-ray id to Cloudflare support if it persists";
    default:
      return undefined;
  }
}

/** An Error carrying {@link describeFailure}'s line, so the provider host reports exactly that text. */
export function failureError(action: string, error: unknown, wording?: FailureWording): Error {
  return new Error(describeFailure(action, error, wording));
}

/** Text without its final full stop, so a clause can follow it (`…; the region was not verified`). */
export function withoutFinalStop(text: string): string {
  return text.replace(/\.+\s*$/, "");
}
