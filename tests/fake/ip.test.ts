import fc from "fast-check";
import { isIP } from "net";
import { canonicalizeIp, formatIpv6, parseIpv6 } from "./ip";
import { API_DOC_IP_VECTORS } from "../fixtures/apiDocIpVectors";

/** WHATWG URL serializes IPv6 hosts with RFC 5952 compression (hex for IPv4-mapped): an independent oracle. */
const whatwg = (ip: string): string => new URL(`http://[${ip}]/`).hostname.slice(1, -1);

describe("fake ip canonicalization", () => {
  it.each([
    ...API_DOC_IP_VECTORS,
    ["2001:db8::0:1", "2001:db8::1"],
    ["0:0:0:0:0:0:0:0", "::"],
    ["::", "::"],
    ["0:0:0:0:0:0:0:1", "::1"],
    ["1:0:0:0:0:0:0:0", "1::"],
    ["1:0:0:2:0:0:0:3", "1:0:0:2::3"],
    ["1:0:0:2:0:0:3:4", "1::2:0:0:3:4"],
    ["0.0.0.0", "0.0.0.0"],
    ["255.255.255.255", "255.255.255.255"],
    ["0:0:0:0:0:ffff:192.0.2.1", "::ffff:192.0.2.1"],
    ["64:ff9b::192.0.2.1", "64:ff9b::c000:201"],
  ])("%s → %s", (input, expected) => {
    expect(canonicalizeIp(input)).toBe(expected);
  });

  it("prints IPv4-mapped addresses in hex when asked", () => {
    expect(canonicalizeIp("::ffff:192.0.2.1", "hex")).toBe("::ffff:c000:201");
    expect(canonicalizeIp("::FFFF:C000:0201", "hex")).toBe("::ffff:c000:201");
  });

  it.each([
    "192.0.2.01",
    "01.2.3.4",
    "192.00.2.1",
    "192.0.002.1",
    "00.0.0.0",
    "192.0.2.0/24",
    "fe80::1%eth0",
    "fe80::1%25eth0",
    "example.com",
    "localhost",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "0x7f.0.0.1",
    "127.1",
    " 192.0.2.1",
    "192.0.2.1 ",
    "",
    "::1::",
    ":::",
    "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7::8",
    "12345::1",
    ":1::",
    "1::2:",
    "g::1",
    "[2001:db8::1]",
    "2001:db8::192.0.2.01",
    "::192.0.2.1:1",
    "1.2.3.4::",
  ])("rejects %j", (input) => {
    expect(canonicalizeIp(input)).toBeUndefined();
  });

  it("rejects non-strings", () => {
    expect(canonicalizeIp(3232235521)).toBeUndefined();
    expect(canonicalizeIp(null)).toBeUndefined();
    expect(canonicalizeIp({})).toBeUndefined();
  });

  it("agrees with the WHATWG URL serializer on every IPv6 address (hex form)", () => {
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        expect(canonicalizeIp(ip, "hex")).toBe(whatwg(ip));
      }),
      { numRuns: 2000 },
    );
  });

  it("is idempotent and always yields an address Node accepts", () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (ip) => {
        const once = canonicalizeIp(ip)!;
        expect(once).toBeDefined();
        expect(canonicalizeIp(once)).toBe(once);
        expect(isIP(once)).not.toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it("compresses the longest zero run, leftmost on a tie, never a single group", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 0, 0, 1, 0xabcd), { minLength: 8, maxLength: 8 }), (groups) => {
        const text = formatIpv6(groups, "hex");
        expect(parseIpv6(text)).toEqual(groups);
        expect(text).toBe(whatwg(groups.map((g) => g.toString(16)).join(":")));
      }),
      { numRuns: 1000 },
    );
  });
});
