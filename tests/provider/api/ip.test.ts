import * as net from "net";
import fc from "fast-check";
import * as ipaddr from "ipaddr.js";
import { InvalidIpError } from "../../../provider/api/errors";
import { canonicalizeIp, compareIps, sameIp, tryCanonicalizeIp } from "../../../provider/api/ip";
import { API_DOC_IP_VECTORS } from "../../fixtures/apiDocIpVectors";
import { HOSTILE_VALUES, HUGE } from "../hostileValues";

const ACCEPTED_V4 = "expected an IPv4 dotted quad such as 192.0.2.1 (four decimal parts 0-255, no leading zeros)";
const ACCEPTED_V6 = "an IPv6 address such as 2001:db8::1 (no brackets, prefix length, port or zone index)";
const ACCEPTED = `${ACCEPTED_V4} or ${ACCEPTED_V6}`;

function rejection(value: unknown, field?: string): InvalidIpError {
  try {
    canonicalizeIp(value as string, field);
  } catch (e) {
    if (e instanceof InvalidIpError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(value)} to be rejected`);
}

describe("canonicalizeIp vectors", () => {
  // [input, canonical output]
  const valid: [string, string][] = [
    ...API_DOC_IP_VECTORS,
    // run choice: leftmost on a tie, longest wins, a single zero group is never compressed
    ["1:0:0:1:0:0:1:1", "1::1:0:0:1:1"],
    ["2001:db8:0:0:1:1:0:0", "2001:db8::1:1:0:0"],
    ["1:0:0:1:0:0:0:1", "1:0:0:1::1"],
    ["1:0:1:1:1:1:1:0", "1:0:1:1:1:1:1:0"],
    ["2001:db8::0:1", "2001:db8::1"],
    ["2001:db8:0:0:0:0:0:0", "2001:db8::"],
    // edges
    ["::", "::"],
    ["0:0:0:0:0:0:0:0", "::"],
    ["::0:0:0:0:0:0:0", "::"],
    ["::1", "::1"],
    ["0000:0000:0000:0000:0000:0000:0000:0001", "::1"],
    ["1::", "1::"],
    ["1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"],
    ["FE80::ABCD:EF01", "fe80::abcd:ef01"],
    ["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"],
    // IPv4-mapped (mixed form) versus everything else (pure hex)
    ["0:0:0:0:0:ffff:c000:201", "::ffff:192.0.2.1"],
    ["::ffff:0:0", "::ffff:0.0.0.0"],
    ["::ffff:255.255.255.255", "::ffff:255.255.255.255"],
    ["::ffff:0:c000:201", "::ffff:0:c000:201"], // RFC 6145 translated, not mapped
    ["64:ff9b::192.0.2.33", "64:ff9b::c000:221"],
    ["::192.0.2.1", "::c000:201"], // ipaddr.js would turn this into ::ffff:192.0.2.1
    ["1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"],
    // IPv4
    ["0.0.0.0", "0.0.0.0"],
    ["255.255.255.255", "255.255.255.255"],
    ["100.64.0.10", "100.64.0.10"],
  ];

  test.each(valid)("%j → %j", (input, expected) => {
    expect(canonicalizeIp(input)).toBe(expected);
    expect(tryCanonicalizeIp(input)).toBe(expected);
    expect(sameIp(input, expected)).toBe(true);
  });

  const FOUR_PARTS = "an IPv4 address has exactly four decimal parts";
  const EIGHT_GROUPS = 'an IPv6 address has eight groups, or fewer with one "::" standing for one or more zero groups';
  const EMBEDDED = "in the embedded IPv4 part, ";
  // [input, the exact reason in the message, or undefined when only the generic message applies]
  const invalid: [string, string | undefined][] = [
    ["192.0.2.01", "leading zeros are not allowed"],
    ["010.0.0.1", "leading zeros are not allowed"],
    ["00.0.0.0", "leading zeros are not allowed"],
    ["0x7f.0.0.1", "hexadecimal parts are not allowed"],
    ["127.1", FOUR_PARTS],
    ["1.2.3", FOUR_PARTS],
    ["3232235777", FOUR_PARTS],
    ["1.2.3.4.5", FOUR_PARTS],
    ["256.0.0.1", "each IPv4 part must be 0-255"],
    [" 192.0.2.1", "whitespace is not allowed"],
    ["192.0.2.1\n", "whitespace is not allowed"],
    ["2001:db8::1 ", "whitespace is not allowed"],
    ["192.0.2.0/24", "a prefix length (/24) is not allowed"],
    ["2001:db8::/32", "a prefix length (/32) is not allowed"],
    ["192.0.2.1:8080", "a port is not allowed"],
    ["[2001:db8::1]", "brackets are not allowed"],
    ["[2001:db8::1]:443", "brackets and a port are not allowed"],
    ["fe80::1%eth0", "a zone index (%eth0) is not allowed"],
    ["", "the value is empty"],
    ["::ffff:192.0.2.01", `${EMBEDDED}leading zeros are not allowed`],
    ["::ffff:0x7f.0.0.1", `${EMBEDDED}hexadecimal parts are not allowed`],
    ["::ffff:1.2.3", `${EMBEDDED}${FOUR_PARTS}`],
    ["::ffff:256.0.0.1", `${EMBEDDED}each IPv4 part must be 0-255`],
    ["1::2::3", '"::" may appear only once'],
    ["12345::1", "an IPv6 group has at most four hex digits"],
    ["1:2:3:4:5:6:7", EIGHT_GROUPS],
    ["1:2:3:4:5:6:7:8:9", EIGHT_GROUPS],
    ["1::2:3:4:5:6:7:8", EIGHT_GROUPS],
    [":::", undefined],
    [":1:2:3:4:5:6:7", undefined],
    ["1:2:3:4:5:6:7:8:", undefined],
    ["example.com", "host names are not allowed"],
    ["example.com!", undefined],
    ["!example.com", undefined],
    ["192.0.2.1]", "brackets are not allowed"],
    ["[::1]:80x", "brackets are not allowed"],
    ["fe80::1%eth0#", "a zone index is not allowed"],
    ["%1", "a zone index (%1) is not allowed"],
    ["192.0.2.0/abc", "a prefix length is not allowed"],
    ["192.168.20.10:8080", "a port is not allowed"],
    ["x1.2.3.4:80", 'unexpected character "x"'],
    ["1.2.3.4:80x", 'unexpected character "."'],
    ["100.0.0.256", "each IPv4 part must be 0-255"],
    ["0x7f.abc.0.1", "host names are not allowed"],
    ["0x7g.0.0.1", "host names are not allowed"],
    ["g0x7.0.0.1", "host names are not allowed"],
    ["localhost", "host names are not allowed"],
    ["g::1", 'unexpected character "g"'],
    ["1.2.3.4::", 'unexpected character "."'],
  ];

  test.each(invalid)("rejects %j", (input, reason) => {
    const error = rejection(input);
    expect(error.name).toBe("InvalidIpError");
    expect(error.value).toBe(input);
    expect(error.field).toBe("originIp");
    const because = reason === undefined ? "" : `${reason}; `;
    expect(error.message).toBe(`originIp ${JSON.stringify(input)} is not a valid IP address: ${because}${ACCEPTED}`);
    expect(error.message).toContain(ACCEPTED_V4);
    expect(error.message).toContain(ACCEPTED_V6);
    expect(tryCanonicalizeIp(input)).toBeUndefined();
    expect(sameIp(input, input)).toBe(false);
  });

  // RFC 5952's own examples (§2.1–2.3, §4.2.2, §4.2.3, §5): each group of spellings is one address, written one way.
  test.each([
    [
      [
        "2001:db8:0:0:1:0:0:1",
        "2001:0db8:0:0:1:0:0:1",
        "2001:db8::1:0:0:1",
        "2001:db8::0:1:0:0:1",
        "2001:0db8::1:0:0:1",
        "2001:db8:0:0:1::1",
        "2001:db8:0000:0:1::1",
        "2001:DB8:0:0:1::1",
      ],
      "2001:db8::1:0:0:1",
    ],
    [
      [
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:0001",
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:001",
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:01",
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1",
      ],
      "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1",
    ],
    [["2001:db8:aaaa:bbbb:cccc:dddd::1", "2001:db8:aaaa:bbbb:cccc:dddd:0:1"], "2001:db8:aaaa:bbbb:cccc:dddd:0:1"],
    [["2001:db8:0:0:0::1", "2001:db8:0:0::1", "2001:db8:0::1", "2001:db8::1"], "2001:db8::1"],
    [["2001:db8::aaaa:0:0:1", "2001:db8:0:0:aaaa::1"], "2001:db8::aaaa:0:0:1"],
    [
      [
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa",
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:AAAA",
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:AaAa",
      ],
      "2001:db8:aaaa:bbbb:cccc:dddd:eeee:aaaa",
    ],
    [["2001:db8:0:1:1:1:1:1"], "2001:db8:0:1:1:1:1:1"],
    [["2001:0:0:1:0:0:0:1"], "2001:0:0:1::1"],
    [["::ffff:192.0.2.1"], "::ffff:192.0.2.1"],
  ])("RFC 5952: %j → %j", (spellings, expected) => {
    expect(spellings.map((spelling) => canonicalizeIp(spelling))).toEqual(spellings.map(() => expected));
  });
});

describe("errors", () => {
  test("names the field it was given", () => {
    const error = rejection("192.0.2.01", "originIps[3]");
    expect(error.field).toBe("originIps[3]");
    expect(error.message.startsWith('originIps[3] "192.0.2.01" is not a valid IP address')).toBe(true);
  });

  test.each([
    [42, "42", "not number"],
    [null, "null", "not null"],
    [undefined, "undefined", "not undefined"],
  ])("rejects the non-string %p", (input, shown, reason) => {
    const error = rejection(input);
    expect(error.value).toBe(shown);
    expect(error.message).toContain(
      `originIp ${shown} is not a valid IP address: the value must be a string, ${reason}`,
    );
    expect(tryCanonicalizeIp(input as unknown as string)).toBeUndefined();
  });

  test.each(HOSTILE_VALUES)("rejects %s with an InvalidIpError naming the field, not a TypeError", (_name, value) => {
    const error = rejection(value, "mappings[1].originIp");
    expect(error.message).toMatch(
      /^mappings\[1\]\.originIp .+ is not a valid IP address: the value must be a string, not [a-z]+; expected/,
    );
    expect(error.message.length).toBeLessThan(400);
    expect(typeof error.value).toBe("string");
    expect(tryCanonicalizeIp(value as string)).toBeUndefined();
    expect(sameIp(value as string, value as string)).toBe(false);
  });

  test("objects are shown as JSON, not [object Object]; an empty array as []", () => {
    expect(rejection({ toString: "x" }).message).toContain(
      'originIp {"toString":"x"} is not a valid IP address: the value must be a string, not object',
    );
    expect(rejection([]).message).toContain("originIp [] is not a valid IP address");
    expect(rejection(Object.create(null)).value).toBe("{}");
  });

  test("a huge value is refused at once, quoted short", () => {
    const started = Date.now();
    for (const huge of [HUGE, "1.".repeat(1_000_000), "f:".repeat(1_000_000)]) {
      const error = rejection(huge);
      expect(error.message).toContain(
        `(${huge.length} characters) is not a valid IP address: it is ${huge.length} characters long, and an IP address has at most 45`,
      );
    }
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test("quotes a value of 100 characters whole, and cuts one of 101", () => {
    expect(rejection("a".repeat(100)).message).toContain(`originIp ${JSON.stringify("a".repeat(100))} is not`);
    expect(rejection("a".repeat(101)).message).toContain(
      `originIp ${JSON.stringify("a".repeat(100))}… (101 characters) is not`,
    );
  });

  test("truncates long values in the message but keeps them whole on the error", () => {
    const long = "a".repeat(99) + "XYZ" + "b".repeat(200);
    const error = rejection(long);
    expect(error.value).toBe(long);
    expect(error.message).toContain(`${JSON.stringify("a".repeat(99) + "X")}… (302 characters)`);
    expect(error.message).not.toContain("XY");
    expect(error.message).toContain(ACCEPTED_V4);
  });

  test("is an Error with a stack", () => {
    const error = rejection("nope");
    expect(error).toBeInstanceOf(Error);
    expect(error.stack).toContain("InvalidIpError");
  });
});

describe("sameIp", () => {
  test.each([
    ["2001:DB8::1", "2001:0db8:0:0:0:0:0:1", true],
    ["::ffff:192.0.2.1", "::FFFF:C000:201", true],
    ["192.0.2.1", "192.0.2.1", true],
    ["2001:db8::1", "2001:db8::2", false],
    ["192.0.2.1", "::ffff:192.0.2.1", false], // distinct keys by design, see canonicalizeIp
    ["::192.0.2.1", "::ffff:192.0.2.1", false],
    ["192.0.2.1", "192.0.2.01", false],
    ["nope", "nope", false],
  ])("sameIp(%j, %j) is %p", (a, b, expected) => {
    expect(sameIp(a, b)).toBe(expected);
    expect(sameIp(b, a)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property tests. The address itself is the model: 8 groups (or 4 octets); spellings are generated from it.

type Groups = number[];

const group = fc.oneof(
  { arbitrary: fc.constant(0), weight: 5 },
  { arbitrary: fc.integer({ min: 1, max: 0xf }), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 0xffff }), weight: 3 },
);
const octet = fc.integer({ min: 0, max: 255 });
const octets = fc.tuple(octet, octet, octet, octet);
const mappedGroups = octets.map(([a, b, c, d]): Groups => [0, 0, 0, 0, 0, 0xffff, (a << 8) | b, (c << 8) | d]);
const ipv6Groups: fc.Arbitrary<Groups> = fc.oneof(
  { arbitrary: fc.array(group, { minLength: 8, maxLength: 8 }), weight: 9 },
  { arbitrary: mappedGroups, weight: 1 },
);

interface Spelling {
  upper: boolean[];
  width: number[];
  run: number; // 0: no "::"; otherwise picks one of the zero runs (any run of >= 1 zero groups may be compressed)
  quadTail: boolean;
}
const spelling: fc.Arbitrary<Spelling> = fc.record({
  upper: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
  width: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 8, maxLength: 8 }),
  run: fc.nat(),
  quadTail: fc.boolean(),
});

const dotted = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;

function spell(groups: Groups, s: Spelling): string {
  const hexCount = s.quadTail ? 6 : 8;
  const tokens = groups.slice(0, hexCount).map((g, i) => {
    const t = g.toString(16).padStart(s.width[i], "0");
    return s.upper[i] ? t.toUpperCase() : t;
  });
  const runs: [number, number][] = [];
  for (let a = 0; a < hexCount; a++) {
    for (let b = a + 1; b <= hexCount && groups[b - 1] === 0; b++) runs.push([a, b]);
  }
  let text = tokens.join(":");
  let endsWithCompression = false;
  if (s.run > 0 && runs.length > 0) {
    const [a, b] = runs[s.run % runs.length];
    text = `${tokens.slice(0, a).join(":")}::${tokens.slice(b).join(":")}`;
    endsWithCompression = b === hexCount;
  }
  if (!s.quadTail) return text;
  return `${text}${endsWithCompression ? "" : ":"}${dotted(groups[6], groups[7])}`;
}

const isMapped = (g: Groups) => g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;

// Independent oracle: the WHATWG URL host serializer compresses exactly as RFC 5952 §4.2 says (no mixed form).
function whatwgIpv6(groups: Groups): string {
  return new URL(`http://[${groups.map((g) => g.toString(16)).join(":")}]`).hostname.slice(1, -1);
}

function expectedCanonical(groups: Groups): string {
  return isMapped(groups) ? `::ffff:${dotted(groups[6], groups[7])}` : whatwgIpv6(groups);
}

function longestZeroRun(groups: string[]): number {
  let best = 0;
  let current = 0;
  for (const g of groups) {
    current = g === "0" ? current + 1 : 0;
    best = Math.max(best, current);
  }
  return best;
}

// RFC 5952 checked on the text alone, without re-deriving the formatter's algorithm.
function rfc5952Violations(text: string): string[] {
  if (/^::ffff:(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/.test(text)) return [];
  const violations: string[] = [];
  if (/[A-F]/.test(text)) violations.push("upper case");
  const halves = text.split("::");
  if (halves.length > 2) return [...violations, "more than one ::"];
  const [left, right] = halves.map((h) => (h === "" ? [] : h.split(":")));
  const all = [...left, ...(right ?? [])];
  for (const g of all) if (!/^(0|[1-9a-f][0-9a-f]{0,3})$/.test(g)) violations.push(`group ${JSON.stringify(g)}`);
  if (right === undefined) {
    if (all.length !== 8) violations.push("not 8 groups");
    if (longestZeroRun(all) >= 2) violations.push("uncompressed run of zero groups");
    return violations;
  }
  const compressed = 8 - all.length;
  if (compressed < 2) violations.push(":: stands for fewer than two groups");
  if (left.at(-1) === "0" || right[0] === "0") violations.push(":: does not cover its whole zero run");
  if (longestZeroRun(left) >= compressed) violations.push("a run left of :: is as long (leftmost must win)");
  if (longestZeroRun(right) > compressed) violations.push("a longer run right of ::");
  return violations;
}

describe("rfc5952Violations (the checker itself)", () => {
  test.each(["2001:db8::1", "::", "::1", "1::", "2001:db8::1:0:0:1", "1:0:1:1:1:1:1:1", "::ffff:192.0.2.1"])(
    "accepts %j",
    (text) => expect(rfc5952Violations(text)).toEqual([]),
  );
  test.each([
    "2001:DB8::1",
    "2001:0db8::1",
    "2001:db8:0:0:0:0:0:1",
    "1::1:0:0:0:1",
    "1:0:0:1::1:1",
    "1:0:1:1::1:1:1",
    "1:0::1",
    "1::2::3",
    "1:2:3",
  ])("flags %j", (text) => expect(rfc5952Violations(text)).not.toEqual([]));
});

describe("canonicalizeIp properties", () => {
  test("every spelling of an IPv6 address canonicalizes to the RFC 5952 text", () => {
    fc.assert(
      fc.property(ipv6Groups, spelling, (groups, s) => {
        const input = spell(groups, s);
        const canonical = canonicalizeIp(input);
        expect(canonical).toBe(expectedCanonical(groups));
        expect(rfc5952Violations(canonical)).toEqual([]);
        expect(net.isIP(canonical)).toBe(6);
        expect(canonicalizeIp(canonical)).toBe(canonical);
        if (!isMapped(groups)) expect(canonical).toBe(new ipaddr.IPv6(groups).toRFC5952String());
      }),
      { numRuns: 2000 },
    );
  });

  test("two spellings of one IPv6 address are the same IP", () => {
    fc.assert(
      fc.property(ipv6Groups, spelling, spelling, (groups, s1, s2) => {
        const [a, b] = [spell(groups, s1), spell(groups, s2)];
        expect(canonicalizeIp(a)).toBe(canonicalizeIp(b));
        expect(sameIp(a, b)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  test("different IPv6 addresses are different IPs", () => {
    fc.assert(
      fc.property(ipv6Groups, ipv6Groups, spelling, spelling, (g1, g2, s1, s2) => {
        fc.pre(g1.some((g, i) => g !== g2[i]));
        const [a, b] = [spell(g1, s1), spell(g2, s2)];
        expect(canonicalizeIp(a)).not.toBe(canonicalizeIp(b));
        expect(sameIp(a, b)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  test("an IPv6 address differing in one group is a different IP", () => {
    fc.assert(
      fc.property(
        ipv6Groups,
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 1, max: 0xffff }),
        (groups, i, delta) => {
          const other = groups.slice();
          other[i] = (other[i] + delta) & 0xffff;
          expect(sameIp(groups.map((g) => g.toString(16)).join(":"), other.map((g) => g.toString(16)).join(":"))).toBe(
            false,
          );
        },
      ),
    );
  });

  test("an IPv4 dotted quad is its own canonical form; other spellings of it are rejected", () => {
    fc.assert(
      fc.property(octets, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 2 }), (parts, i, zeros) => {
        const text = parts.join(".");
        expect(canonicalizeIp(text)).toBe(text);
        expect(canonicalizeIp(canonicalizeIp(text))).toBe(text);
        expect(net.isIP(canonicalizeIp(text))).toBe(4);
        const padded = parts.map((p, j) => (j === i ? "0".repeat(zeros) + p : String(p))).join(".");
        expect(rejection(padded).message).toContain("leading zeros are not allowed");
        const hex = parts.map((p, j) => (j === i ? `0x${p.toString(16)}` : String(p))).join(".");
        expect(rejection(hex).message).toContain("hexadecimal parts are not allowed");
      }),
      { numRuns: 1000 },
    );
  });

  test("IPv4-mapped spellings agree with each other and stay distinct from the IPv4 address", () => {
    fc.assert(
      fc.property(octets, fc.boolean(), ([a, b, c, d], upper) => {
        const quad = `${a}.${b}.${c}.${d}`;
        const hi = ((a << 8) | b).toString(16);
        const lo = ((c << 8) | d).toString(16);
        const ffff = upper ? "FFFF" : "ffff";
        const spellings = [
          `::${ffff}:${quad}`,
          `::${ffff}:${hi}:${lo}`,
          `0:0:0:0:0:${ffff}:${hi.padStart(4, "0")}:${lo}`,
        ];
        for (const s of spellings) expect(canonicalizeIp(s)).toBe(`::ffff:${quad}`);
        expect(sameIp(spellings[0], spellings[2])).toBe(true);
        expect(sameIp(quad, spellings[0])).toBe(false);
      }),
    );
  });

  test("different IPv4 addresses are different IPs", () => {
    fc.assert(
      fc.property(octets, octets, (p1, p2) => {
        fc.pre(p1.join(".") !== p2.join("."));
        expect(sameIp(p1.join("."), p2.join("."))).toBe(false);
      }),
    );
  });

  // Node's parser (uv_inet_pton) is strict in the same ways, so it serves as an oracle for acceptance: mutate
  // valid spellings one character at a time and both must agree. Zone indexes are left out (Node accepts them).
  test("accepts exactly what Node's net.isIP accepts, on near-miss inputs", () => {
    const near = fc
      .tuple(
        fc.oneof(
          fc.tuple(ipv6Groups, spelling).map(([g, s]) => spell(g, s)),
          octets.map((p) => p.join(".")),
        ),
        fc.nat(),
        fc.constantFrom(..."0123456789abcdefABCDEFxg:./[] "),
        fc.constantFrom("insert", "delete", "replace", "keep"),
      )
      .map(([text, at, char, op]) => {
        const i = at % (text.length + 1);
        if (op === "insert") return text.slice(0, i) + char + text.slice(i);
        if (op === "delete") return text.slice(0, i) + text.slice(i + 1);
        if (op === "replace") return text.slice(0, i) + char + text.slice(i + 1);
        return text;
      });
    fc.assert(
      fc.property(near, (text) => {
        const canonical = tryCanonicalizeIp(text);
        expect(canonical === undefined).toBe(net.isIP(text) === 0);
        if (canonical !== undefined) expect(net.isIP(canonical)).toBe(net.isIP(text));
      }),
      { numRuns: 5000 },
    );
  });

  test("never throws anything but InvalidIpError, and the try/throw variants agree", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF:.x%/[] \t") }), (text) => {
        let thrown: unknown;
        let result: string | undefined;
        try {
          result = canonicalizeIp(text);
        } catch (e) {
          thrown = e;
        }
        if (thrown !== undefined) expect(thrown).toBeInstanceOf(InvalidIpError);
        expect(tryCanonicalizeIp(text)).toBe(result);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("compareIps", () => {
  test("IPv4 before IPv6, each numerically, any spelling; non-addresses last, in text order", () => {
    const shuffled = [
      "zz",
      "2001:db8::10",
      "192.0.2.10",
      "::ffff:192.0.2.1",
      "2001:DB8::9",
      "10.0.0.1",
      "192.0.2.9",
      "aa",
      "::1",
    ];
    expect([...shuffled].sort(compareIps)).toEqual([
      "10.0.0.1",
      "192.0.2.9",
      "192.0.2.10",
      "::1",
      "::ffff:192.0.2.1",
      "2001:DB8::9",
      "2001:db8::10",
      "aa",
      "zz",
    ]);
  });

  test("two spellings of one address are equal; texts that are not addresses compare as text", () => {
    expect([
      compareIps("2001:db8::1", "2001:DB8:0::1"),
      compareIps("aa", "aa"),
      Math.sign(compareIps("aa", "bb")),
      Math.sign(compareIps("bb", "aa")),
    ]).toEqual([0, 0, -1, 1]);
  });

  test("is a consistent order: antisymmetric, zero exactly for the same address", () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), fc.oneof(fc.ipV4(), fc.ipV6()), (a, b) => {
        expect(Math.sign(compareIps(a, b)) + Math.sign(compareIps(b, a))).toBe(0);
        expect(compareIps(a, b) === 0).toBe(sameIp(a, b));
      }),
      { numRuns: 2000 },
    );
  });
});
