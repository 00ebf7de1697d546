/**
 * What Cloudflare's error codes mean for the person who meets them: a fix per code, the causes a code's words tell
 * apart, and the code a batch item's words stand for. Data and pure functions only.
 */

/** One entry of Cloudflare's `errors[]` (or of a gateway error's `error_chain`, flattened in after its parent). */
export interface CloudflareErrorDetail {
  /** Cloudflare's error code, e.g. 1142 (no such mapping) or 971 (rate limited). */
  code: number;
  /** Cloudflare's message for it. */
  message: string;
}

/**
 * Batch results name a failed item's problem only in words (`failed[].error`); these are the single endpoints'
 * verbatim messages for it (API doc §5), so an item's failure gets the code and status it would get alone.
 */
export const BATCH_ITEM_CODES: readonly { message: string; code: number; status: number }[] = [
  {
    message: "Unable to retrieve origin_public_cloud_region setting value. The zone setting does not exist.",
    code: 1142,
    status: 404,
  },
  { message: "Invalid or missing origin IP address.", code: 1146, status: 400 },
  {
    message: "The vendor provided doesn't exist or the region provided does not exist for the specified cloud vendor",
    code: 1157,
    status: 400,
  },
];

/** What to do about each Cloudflare error code this API can answer with; shared by every layer that reports errors. */
export const FIX_HINTS: Readonly<Record<number, string>> = {
  1142: "the mapping does not exist (it may have been deleted outside this tool)",
  1146: "the origin IP must be a single IPv4 address (192.0.2.1) or IPv6 address (2001:db8::1), without prefix length, port or zone index",
  1157: "vendor must be one of aws, azure, gcp, oci (lower case) and region one that supported_regions lists for that vendor",
  1164: "the zone already holds Cloudflare's maximum of 3,500 origin cloud region mappings; remove mappings you no longer need before adding new ones",
  9106: "no credentials reached Cloudflare; set apiToken, or apiKey and email",
  6003: 'a credential is malformed: the bare API token (no "Bearer " prefix or whitespace), or a valid API key and email pair',
  10000:
    "Cloudflare rejected the credentials for this zone; check the token (or API key and email) is valid, not expired, and allowed to edit this zone's settings, and that the zone id belongs to that account",
  9109: "Cloudflare refused the API token: it is invalid, expired or revoked (create a new one), or restricted to other client IP addresses (run from an allowed address, or widen the token's IP filter)",
  7003: "Cloudflare cannot route to this zone id; use the 32-character zone id from the zone's Overview page",
  7000: "Cloudflare has no such route: check the base URL (it should end in /client/v4) and the zone id",
  971: "Cloudflare's API rate limit (1,200 requests per 5 minutes per user) was reached; wait five minutes or send fewer requests at once",
  10100:
    "Cloudflare's API rate limit (1,200 requests per 5 minutes per user) was reached; wait five minutes or send fewer requests at once",
};

/** A hint for one of the causes of a code Cloudflare gives for several, recognized by the words of its message. */
export interface FixHintVariant {
  code: number;
  /** Which cause: lets another layer word the same cause its own way. */
  cause: "ipRestricted" | "tokenInvalid" | "ipMismatch";
  message: RegExp;
  hint: string;
}

/**
 * Codes Cloudflare gives for more than one cause, told apart by the message (the code alone would send the user the
 * wrong way); {@link FIX_HINTS} holds, for each, a hint covering every cause, for words not listed here.
 */
export const FIX_HINT_VARIANTS: readonly FixHintVariant[] = [
  {
    code: 9109,
    cause: "ipRestricted",
    message: /\blocation\b/i,
    hint: "the API token is restricted to other client IP addresses; run from an address the token allows, or widen its Client IP Address Filtering",
  },
  {
    code: 9109,
    cause: "tokenInvalid",
    message: /invalid|expired|revoked/i,
    hint: "the API token is invalid, expired or revoked; create a new one (dashboard: My Profile, API Tokens) that may edit this zone's settings, and use it instead",
  },
  {
    code: 1146,
    cause: "ipMismatch",
    message: /does not match/i,
    hint: "Cloudflare read the origin IP in the URL and in the body as different addresses; this client sends one canonical form in both, so report it with the cf-ray id",
  },
];

/**
 * The fix hints for Cloudflare's errors, in order, each once: the variant whose words match an error's message, else
 * the code's hint. `hints` and `variants` let a caller word them its own way (diagnostics.ts, for Pulumi users).
 */
export function fixHints(
  errors: readonly CloudflareErrorDetail[],
  hints: Readonly<Record<number, string>> = FIX_HINTS,
  variants: readonly FixHintVariant[] = FIX_HINT_VARIANTS,
): string[] {
  const chosen = errors.map(
    (e) => variants.find((v) => v.code === e.code && v.message.test(e.message))?.hint ?? hints[e.code],
  );
  return [...new Set(chosen.filter((h): h is string => h !== undefined))];
}
