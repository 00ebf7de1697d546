/**
 * Credential scrubbing: the one place that decides what counts as a credential in text. Every text the client takes
 * from a response (Cloudflare messages, HTML titles, plain bodies, `Location` headers) or from a network error passes
 * through {@link Redactor.scrub} before it reaches an error message, a log line or state, so a gateway that echoes
 * request headers cannot leak them.
 */

/** What replaces a credential in text. */
export const REDACTED = "[redacted]";

export class Redactor {
  declare private readonly patterns: RegExp[];

  /**
   * @param secrets the configured credentials: API token, API key, account email. Each is matched as written,
   *   percent-encoded and JSON-escaped, in any letter case; values shorter than 4 characters are ignored (they
   *   would match ordinary text).
   */
  constructor(secrets: string[]) {
    const forms = new Set<string>();
    for (const secret of secrets) {
      if (typeof secret !== "string" || secret.length < 4) continue;
      forms.add(secret);
      forms.add(encodeURIComponent(secret));
      forms.add(JSON.stringify(secret).slice(1, -1));
    }
    // Longest first, so a form that contains another is replaced whole.
    const patterns = [...forms].sort((a, b) => b.length - a.length).map((f) => new RegExp(escapeRegExp(f), "gi"));
    // Non-enumerable: `util.inspect` of a client must not print the credentials inside the patterns.
    Object.defineProperty(this, "patterns", { value: patterns, enumerable: false });
  }

  /** `text` with every credential form replaced by {@link REDACTED}. */
  scrub(text: string): string {
    let out = text;
    for (const pattern of this.patterns) out = out.replace(pattern, REDACTED);
    return out;
  }
}

/** The secrets inside authentication headers: the bare token (without `Bearer `), the API key and the email. */
export function secretsOf(authHeaders: Record<string, string>): string[] {
  return Object.values(authHeaders).map((v) => v.replace(/^Bearer /, ""));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
