import * as ipaddr from "ipaddr.js";
import { InvalidIpError } from "./errors";

const MAX_IP_LENGTH = 45;

/**
 * Canonical text of an IP address, so values from config, state and the API compare equal exactly when they
 * name the same address: the dotted quad for IPv4, RFC 5952 for IPv6 (`::ffff:a.b.c.d` for IPv4-mapped).
 * 192.0.2.1 and ::ffff:192.0.2.1 stay distinct: they are different texts on the wire, and whether Cloudflare
 * treats them as one key is unconfirmed, so equating them here could hide a real diff.
 * @param field names the input in the error message, e.g. "originIp" or "originIps[3]".
 * @throws InvalidIpError for anything else, including forms ipaddr.js would leniently accept.
 */
export function canonicalizeIp(value: string, field = "originIp"): string {
  const result = parse(value);
  if (typeof result !== "string") throw new InvalidIpError(value, field, result.reason);
  return result;
}

/** {@link canonicalizeIp} for callers that only need to know whether a value is an IP, e.g. API responses. */
export function tryCanonicalizeIp(value: string): string | undefined {
  const result = parse(value);
  return typeof result === "string" ? result : undefined;
}

/** Whether two texts name the same address; false when either is invalid, so garbage never matches garbage. */
export function sameIp(a: string, b: string): boolean {
  const ca = tryCanonicalizeIp(a);
  return ca !== undefined && ca === tryCanonicalizeIp(b);
}

interface Rejection {
  reason?: string;
}

// Decorations people paste along with an address (brackets, /prefix, %zone, :port) are named up front so the
// error says what to remove; only plain address text reaches the family parsers.
function parse(value: unknown): string | Rejection {
  if (typeof value !== "string")
    return { reason: `the value must be a string, not ${value === null ? "null" : typeof value}` };
  if (value === "") return { reason: "the value is empty" };
  if (/\s/.test(value)) return { reason: "whitespace is not allowed" };
  if (value.includes("[") || value.includes("]")) {
    return { reason: /\]:\d+$/.test(value) ? "brackets and a port are not allowed" : "brackets are not allowed" };
  }
  const slash = value.indexOf("/");
  if (slash >= 0) return { reason: `a prefix length${shown(value.slice(slash), /^\/\d{1,3}$/)} is not allowed` };
  const percent = value.indexOf("%");
  if (percent >= 0) return { reason: `a zone index${shown(value.slice(percent), /^%[\w.-]{1,32}$/)} is not allowed` };
  // The longest IP text is 45 characters (IPv6 with an embedded IPv4 part); longer is refused before any parsing.
  if (value.length > MAX_IP_LENGTH)
    return { reason: `it is ${value.length} characters long, and an IP address has at most ${MAX_IP_LENGTH}` };
  if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(value)) return { reason: "a port is not allowed" };
  if (value.includes(":")) return parseIpv6(value);
  const ipv4 = parseIpv4(value);
  if (typeof ipv4 !== "string" && !ipv4.reason && /^[a-z0-9.-]+$/i.test(value) && /[a-z]/i.test(value)) {
    return { reason: "host names are not allowed" };
  }
  return ipv4;
}

function parseIpv4(text: string): string | Rejection {
  // isValidFourPartDecimal alone is strict; ipaddr's parse() also takes 127.1, 0x7f.0.0.1, 010.0.0.1 (octal).
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text).toString();
  const parts = text.split(".");
  if (parts.every((p) => /^\d+$/.test(p))) {
    if (parts.length !== 4) return { reason: "an IPv4 address has exactly four decimal parts" };
    if (parts.some((p) => /^0\d/.test(p))) return { reason: "leading zeros are not allowed" };
    return { reason: "each IPv4 part must be 0-255" };
  }
  if (parts.every((p) => /^(\d+|0x[0-9a-f]*)$/i.test(p))) return { reason: "hexadecimal parts are not allowed" };
  return {};
}

const HEX_GROUPS = /^[0-9a-f]{1,4}(:[0-9a-f]{1,4})*$/i;

function parseIpv6(text: string): string | Rejection {
  let hex = text;
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".")) {
    // ipaddr.js reads an embedded quad leniently (04, 0x7f) and rewrites ::a.b.c.d as ::ffff:a.b.c.d, a
    // different address; converting the quad to two hex groups first keeps both mistakes out.
    const quad = parseIpv4(tail);
    if (typeof quad !== "string") return { reason: quad.reason && `in the embedded IPv4 part, ${quad.reason}` };
    const [a, b, c, d] = ipaddr.IPv4.parse(quad).octets;
    hex = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const bad = /[^0-9a-f:]/i.exec(hex);
  if (bad) return { reason: `unexpected character ${JSON.stringify(bad[0])}` };
  const halves = hex.split("::");
  if (halves.length > 2) return { reason: '"::" may appear only once' };
  if (!halves.every((h) => h === "" || HEX_GROUPS.test(h))) {
    return { reason: /[0-9a-f]{5}/i.test(hex) ? "an IPv6 group has at most four hex digits" : undefined };
  }
  const groups = halves.reduce((n, h) => n + (h === "" ? 0 : h.split(":").length), 0);
  if (halves.length === 1 ? groups !== 8 : groups > 7) {
    return { reason: 'an IPv6 address has eight groups, or fewer with one "::" standing for one or more zero groups' };
  }
  return formatRfc5952(ipaddr.IPv6.parse(hex).parts);
}

// Written out rather than using ipaddr's toRFC5952String so the output does not move with library releases
// and IPv4-mapped addresses get the §5 mixed form.
function formatRfc5952(parts: number[]): string {
  if (parts.slice(0, 5).every((p) => p === 0) && parts[5] === 0xffff) {
    return `::ffff:${parts[6] >> 8}.${parts[6] & 0xff}.${parts[7] >> 8}.${parts[7] & 0xff}`;
  }
  let bestStart = -1;
  let bestLength = 1; // a single zero group is never compressed
  for (let i = 0; i < parts.length;) {
    let end = i;
    while (end < parts.length && parts[end] === 0) end++;
    if (end - i > bestLength) [bestStart, bestLength] = [i, end - i];
    i = Math.max(end, i + 1);
  }
  const hex = parts.map((p) => p.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

// Echo the offending suffix only when it is short and plain, so the reason stays readable.
function shown(suffix: string, plain: RegExp): string {
  return plain.test(suffix) ? ` (${suffix})` : "";
}

/**
 * Orders addresses for listings: IPv4 before IPv6 (IPv4-mapped ones among the IPv6), each numerically, so
 * 192.0.2.9 comes before 192.0.2.10. Texts that are not addresses come last, in text order.
 */
export function compareIps(a: string, b: string): number {
  const x = sortKey(a);
  const y = sortKey(b);
  if (!x || !y) return x ? -1 : y ? 1 : a < b ? -1 : a > b ? 1 : 0;
  if (x.length !== y.length) return x.length - y.length; // 4 bytes (IPv4) before 16 (IPv6)
  const i = x.findIndex((v, k) => v !== y[k]);
  return i < 0 ? 0 : x[i] - y[i];
}

function sortKey(value: string): number[] | undefined {
  const canonical = tryCanonicalizeIp(value);
  return canonical === undefined ? undefined : ipaddr.parse(canonical).toByteArray();
}
