/**
 * The export command's words for failures: what a person at a terminal can change is the environment and the command
 * line, so fixes name environment variables and "run the command again", never stack config, `pulumi up` or
 * `--parallel` (diagnostics.ts words the same failures for Pulumi users).
 */
import { CloudflareApiError, DEFAULT_BASE_URL, FIX_HINTS as API_FIX_HINTS, resolveBaseUrl } from "../api";
import { FIX_HINT_VARIANTS as API_FIX_HINT_VARIANTS } from "../api/errors";
import { ENV_KEYS, TUNING_ENV_KEYS } from "../shared/credentials";
import { unexplainedFailure, type FailureWording } from "../shared/diagnostics";

const SET_TOKEN = `set the new one in ${ENV_KEYS.apiToken}`;

/** Cloudflare's codes, the credential and base URL ones worded with the variables that hold them. */
const HINTS: Readonly<Record<number, string>> = {
  ...API_FIX_HINTS,
  9106: `no credentials reached Cloudflare; set ${ENV_KEYS.apiToken} (or ${ENV_KEYS.apiKey} with ${ENV_KEYS.email})`,
  6003: `a credential is malformed; check ${ENV_KEYS.apiToken} (the bare token, no "Bearer " prefix or whitespace) or the ${ENV_KEYS.apiKey} + ${ENV_KEYS.email} pair`,
  9109: `${API_FIX_HINTS[9109]}; ${SET_TOKEN}`,
  7000: `Cloudflare has no such route: check ${ENV_KEYS.baseUrl} (it should end in /client/v4) and the zone id`,
};

/** Node's codes for a connection never made: no server at that address, or no such host. */
const NOT_CONNECTED = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)\b/;

/** The fix for a base URL nothing answered at: the variable that chose it, or, unset, the network. */
function notConnectedHint(baseUrl: string | undefined): string {
  if (baseUrl === undefined) {
    return `nothing answered at ${DEFAULT_BASE_URL} (${ENV_KEYS.baseUrl} unset): check this machine's network and DNS, or set ${ENV_KEYS.baseUrl} to the API's URL`;
  }
  return `nothing answered at ${resolveBaseUrl(baseUrl)} (${ENV_KEYS.baseUrl}): check ${ENV_KEYS.baseUrl}, or unset it to use ${DEFAULT_BASE_URL}`;
}

/** A fix for failures no Cloudflare code explains, in the command's terms. */
function fallback(error: CloudflareApiError, baseUrl: string | undefined): string | undefined {
  if (error.kind === "network" && NOT_CONNECTED.test(error.detail ?? error.message)) return notConnectedHint(baseUrl);
  switch (unexplainedFailure(error)) {
    case "transient":
      return (
        `Cloudflare or the network did not answer usably (${error.attempts} attempt${error.attempts === 1 ? "" : "s"}); run the command again, ` +
        `or allow more time with ${TUNING_ENV_KEYS.retryBudgetSeconds} / ${TUNING_ENV_KEYS.requestTimeoutSeconds}`
      );
    case "rateLimited":
      return HINTS[971];
    case "notApi":
      return `the answer did not come from Cloudflare's API (a proxy, or a wrong base URL?): check ${ENV_KEYS.baseUrl} and what sits between this machine and Cloudflare`;
    case "unexplained":
      return "Cloudflare refused without naming a reason; run the command again, and quote the cf-ray id to Cloudflare support if it persists";
    default:
      return undefined;
  }
}

/** The command's wording of API failures; `baseUrl` is CLOUDFLARE_BASE_URL as set (undefined when unset). */
export function commandWording(baseUrl: string | undefined): FailureWording {
  return {
    hints: () => HINTS,
    variants: API_FIX_HINT_VARIANTS.map((v) =>
      v.cause === "tokenInvalid" ? { ...v, hint: `${v.hint}; ${SET_TOKEN}` } : v,
    ),
    fallback: (error) => fallback(error, baseUrl),
  };
}

/**
 * Why the environment's credentials are unusable, in the command's terms, or undefined when they will do: none at all,
 * or half of an API key + email pair (the provider's message for it would point at stack config).
 */
export function credentialProblem(
  env: { apiToken?: string; apiKey?: string; email?: string },
  zone: string,
): string | undefined {
  if (env.apiToken) return undefined;
  if (!env.apiKey && !env.email) {
    return `no Cloudflare credentials in the environment: set ${ENV_KEYS.apiToken} (or ${ENV_KEYS.apiKey} with ${ENV_KEYS.email}), e.g. ${ENV_KEYS.apiToken}=<token> npx pulumi-cloudflare-origin-cloud-regions export --zone ${zone} (see --help to pass a stack's token)`;
  }
  if (!env.email)
    return `${ENV_KEYS.apiKey} is set in the environment but ${ENV_KEYS.email} is not: set ${ENV_KEYS.email} to the account's email, or set ${ENV_KEYS.apiToken} instead`;
  if (!env.apiKey)
    return `${ENV_KEYS.email} is set in the environment but ${ENV_KEYS.apiKey} is not: set ${ENV_KEYS.apiKey} (the account's Global API Key), or set ${ENV_KEYS.apiToken} instead`;
  return undefined;
}
