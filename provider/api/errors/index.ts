/**
 * The package's one error family: every error it throws on purpose extends {@link OriginCloudRegionsError}, and each
 * member has a typed guard here. The guards compare `name`, not the prototype alone: Pulumi serializes local modules
 * by value, so an error may come from another copy of its class.
 */
import { CloudflareApiError, CloudflareArgumentError } from "./cloudflare";
import { PartialStateError } from "./partialState";
import { CloudflareConfigError, InvalidIpError, MissingCredentialsError, UsageError } from "./refusals";

export { ensureMessageAndStack, OriginCloudRegionsError } from "./base";
export {
  batchItemError,
  CloudflareApiError,
  CloudflareArgumentError,
  type CloudflareApiErrorInit,
  type CloudflareApiErrorKind,
} from "./cloudflare";
export {
  BATCH_ITEM_CODES,
  FIX_HINT_VARIANTS,
  FIX_HINTS,
  fixHints,
  type CloudflareErrorDetail,
  type FixHintVariant,
} from "./codes";
export { PartialStateError } from "./partialState";
export { CloudflareConfigError, InvalidIpError, MissingCredentialsError, UsageError } from "./refusals";

/** A guard for the family member named `name` (its class's name), from this copy of the module or another. */
function guard<T extends Error>(ctor: abstract new (...args: never[]) => T, name: string): (e: unknown) => e is T {
  return (e: unknown): e is T =>
    e instanceof ctor || (e !== null && typeof e === "object" && (e as { name?: unknown }).name === name);
}

/** A request to Cloudflare failed (see {@link CloudflareApiError}). */
export const isCloudflareApiError = guard(CloudflareApiError, "CloudflareApiError");
/** A client call had unusable arguments; nothing was sent. */
export const isCloudflareArgumentError = guard(CloudflareArgumentError, "CloudflareArgumentError");
/** A setting (base URL, credential, time limit) is unusable. */
export const isCloudflareConfigError = guard(CloudflareConfigError, "CloudflareConfigError");
/** No source supplied a complete credential. */
export const isMissingCredentialsError = guard(MissingCredentialsError, "MissingCredentialsError");
/** A value is not an IP address `canonicalizeIp` accepts. */
export const isInvalidIpError = guard(InvalidIpError, "InvalidIpError");
/** A bad command line. */
export const isUsageError = guard(UsageError, "UsageError");
/** A create that may have written: Pulumi keeps its `id` and `properties` in state. */
export const isPartialStateError = guard(PartialStateError, "PartialStateError");

/**
 * True for Cloudflare's "no such mapping" answer: HTTP 404 with a Cloudflare error envelope (code 1142 on v2).
 * A 404 that is not about the mapping is *not* "not found", so a misconfiguration can never make a mapping look
 * deleted: an HTML or otherwise non-envelope 404 (wrong host), or Cloudflare's routing errors 7000/7001/7003 (wrong
 * base URL path). Any other 404 envelope counts, since Cloudflare does not document the GET-one 404 code. Duck-typed
 * so that it also recognizes errors from another copy of this module (Pulumi serializes local modules by value).
 */
export function isNotFound(e: unknown): boolean {
  if (!isCloudflareApiError(e)) return false;
  const err = e as { status?: unknown; kind?: unknown; errors?: unknown };
  if (err.status !== 404 || err.kind !== "api") return false;
  return !(
    Array.isArray(err.errors) &&
    (err.errors as { code?: unknown }[]).some((x) => x.code === 7000 || x.code === 7001 || x.code === 7003)
  );
}

/**
 * True for a failed write that may nevertheless have been applied ({@link CloudflareApiError.mayHaveBeenApplied}):
 * its caller must not report "nothing happened". Duck-typed like {@link isNotFound}.
 */
export function isUncertainWrite(e: unknown): boolean {
  return isCloudflareApiError(e) && e.mayHaveBeenApplied === true;
}
