/**
 * IP parsing and RFC 5952 formatting for the fake Cloudflare API.
 *
 * Deliberately independent of provider/api/ip.ts: the fake is a separate model of Cloudflare, so a
 * canonicalization bug in the library must not be mirrored here. The parser is hand-written and
 * strict (no inet_aton shorthands, no zone index, no CIDR) because the fake's contract (§12 #12)
 * is to reject everything but plain addresses with 400 1146.
 */

/** How an IPv4-mapped IPv6 address (::ffff:0:0/96) is printed: RFC 5952 §5 mixed, or all hex. */
export type Ipv4MappedForm = "mixed" | "hex";

/** Strict dotted quad: four decimal octets 0-255, no leading zeros, no shorthand forms. */
const IPV4_STRICT =
  /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** Parses a strict dotted quad into its four octets, or undefined. */
export function parseIpv4(text: string): number[] | undefined {
  const m = IPV4_STRICT.exec(text);
  return m ? m.slice(1, 5).map(Number) : undefined;
}

/** Parses one side of a `::` split into 16-bit groups; an embedded IPv4 is allowed only when `last`. */
function parseGroups(side: string, last: boolean): number[] | undefined {
  if (side === "") return [];
  const parts = side.split(":");
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (last && i === parts.length - 1 && part.includes(".")) {
      const octets = parseIpv4(part);
      if (!octets) return undefined;
      groups.push((octets[0] << 8) | octets[1], (octets[2] << 8) | octets[3]);
    } else if (HEX_GROUP.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      // Empty parts (":::", a lone leading/trailing ":") and anything non-hex land here.
      return undefined;
    }
  }
  return groups;
}

/** Parses IPv6 text (optionally with one `::` and a trailing dotted quad) into eight 16-bit groups. */
export function parseIpv6(text: string): number[] | undefined {
  // Zone indexes (%eth0), prefixes (/64) and brackets are rejected here by the character set.
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  if (halves.length === 1) {
    const groups = parseGroups(text, true);
    return groups && groups.length === 8 ? groups : undefined;
  }
  const head = parseGroups(halves[0], false);
  const tail = parseGroups(halves[1], true);
  // "::" stands for at least one zero group, so at most seven explicit groups may surround it.
  if (!head || !tail || head.length + tail.length > 7) return undefined;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/** Formats eight 16-bit groups per RFC 5952 §4: lowercase, no leading zeros, longest zero run (≥2, leftmost) as `::`. */
export function formatIpv6(groups: number[], mappedForm: Ipv4MappedForm = "mixed"): string {
  const isMapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (isMapped && mappedForm === "mixed") {
    // RFC 5952 §5: IPv4-mapped addresses are printed with the IPv4 part in dotted-quad form.
    const [a, b] = [groups[6], groups[7]];
    return `::ffff:${a >> 8}.${a & 0xff}.${b >> 8}.${b & 0xff}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    // Strictly greater keeps the leftmost run on a tie (RFC 5952 §4.2.3).
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(":");
  // A single zero group is never shortened to "::" (RFC 5952 §4.2.2).
  if (bestLen < 2) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

/**
 * Canonical text of an origin IP as the fake stores and returns it: the dotted quad for IPv4, RFC 5952
 * for IPv6. Returns undefined for anything that is not a plain, strictly written address.
 */
export function canonicalizeIp(value: unknown, mappedForm: Ipv4MappedForm = "mixed"): string | undefined {
  if (typeof value !== "string") return undefined;
  if (parseIpv4(value)) return value;
  const groups = parseIpv6(value);
  return groups ? formatIpv6(groups, mappedForm) : undefined;
}
