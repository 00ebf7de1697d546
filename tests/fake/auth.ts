/**
 * Credential checks in the order Cloudflare's gateway appears to apply them (§7, §12 #15):
 * presence (9106) → format (6003 + error_chain) → lookup (403 10000).
 */
import type { IncomingHttpHeaders } from "http";
import { CODES, MESSAGES, fail, missingAuth, type ApiMessage, type Reply } from "./envelope";

/** A realistic 40-character API token accepted by default. */
export const FAKE_TOKEN = "Fk3Qz8Lr2Vn6Tx1Wb5Hs9Jd4Mc7Pa0Ge_Yu-KoIl";
/** Email of the default Global API key credential. */
export const FAKE_EMAIL = "fake-user@example.com";
/** Default Global API key (37 lowercase hex characters, like real global keys). */
export const FAKE_API_KEY = "9a7b5c3d1e0f2a4b6c8d0e1f3a5b7c9d1e2f4";

/** API tokens are ~40 characters of [A-Za-z0-9_-]; the fake requires exactly 40. */
export const TOKEN_FORMAT = /^[A-Za-z0-9_-]{40}$/;
/** Global API keys: lowercase hex; 32 (the doc's example) to 40 characters (real keys have 37). */
export const API_KEY_FORMAT = /^[0-9a-f]{32,40}$/;
const EMAIL_FORMAT = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const BEARER = /^bearer (.*)$/i;

/** Credentials the fake accepts. */
export interface AuthConfig {
  tokens: readonly string[];
  apiKeys: readonly { email: string; key: string }[];
}

/** Outcome of authentication: an opaque per-credential key (for rate limiting) or an error reply. */
export type AuthResult = { ok: true; credential: string } | { ok: false; reply: Reply };

/** Throws when a configured credential could never pass the fake's own format check. */
export function validateAuthConfig(config: AuthConfig): void {
  for (const token of config.tokens) {
    if (!TOKEN_FORMAT.test(token))
      throw new Error(`fake: token must be 40 characters of [A-Za-z0-9_-], got length ${token.length}`);
  }
  for (const { email, key } of config.apiKeys) {
    if (!EMAIL_FORMAT.test(email)) throw new Error(`fake: invalid email ${JSON.stringify(email)}`);
    if (!API_KEY_FORMAT.test(key)) throw new Error("fake: API key must be 32-40 lowercase hex characters");
  }
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
};

const invalidHeaders = (...chain: ApiMessage[]): Reply =>
  fail(400, {
    code: CODES.INVALID_HEADERS,
    message: MESSAGES.INVALID_HEADERS,
    ...(chain.length ? { error_chain: chain } : {}),
  });

const authError = (): Reply => fail(403, { code: CODES.AUTH_ERROR, message: MESSAGES.AUTH_ERROR });

/** Authenticates a request from its headers. Unknown headers (api-version, X-Stainless-*) are ignored. */
export function authenticate(headers: IncomingHttpHeaders, config: AuthConfig): AuthResult {
  const authorization = header(headers, "authorization");
  const email = header(headers, "x-auth-email");
  const key = header(headers, "x-auth-key");

  if (authorization === undefined && email === undefined && key === undefined)
    return { ok: false, reply: missingAuth() };
  // Bearer together with X-Auth-* is the one mixed case observed (400 6003); precedence is unknown, so refuse.
  if (authorization !== undefined && (email !== undefined || key !== undefined))
    return { ok: false, reply: invalidHeaders() };

  if (authorization !== undefined) {
    const token = BEARER.exec(authorization)?.[1];
    if (token === undefined || !TOKEN_FORMAT.test(token)) {
      return {
        ok: false,
        reply: invalidHeaders({ code: CODES.BAD_AUTHORIZATION_FORMAT, message: MESSAGES.BAD_AUTHORIZATION_FORMAT }),
      };
    }
    return config.tokens.includes(token)
      ? { ok: true, credential: `token:${token}` }
      : { ok: false, reply: authError() };
  }

  const chain: ApiMessage[] = [];
  if (key === undefined || !API_KEY_FORMAT.test(key))
    chain.push({ code: CODES.BAD_KEY_FORMAT, message: MESSAGES.BAD_KEY_FORMAT });
  if (email === undefined || !EMAIL_FORMAT.test(email))
    chain.push({ code: CODES.BAD_EMAIL_FORMAT, message: MESSAGES.BAD_EMAIL_FORMAT });
  if (chain.length) return { ok: false, reply: invalidHeaders(...chain) };

  const match = config.apiKeys.find((c) => c.key === key && c.email.toLowerCase() === email!.toLowerCase());
  return match
    ? { ok: true, credential: `key:${match.email.toLowerCase()}:${match.key}` }
    : { ok: false, reply: authError() };
}
