/**
 * The Redactor decides what counts as a credential in text that came from a response. The host suites check that no
 * credential leaks end to end; these pin each rule of the scrub itself, with literal texts.
 */
import { inspect } from "util";
import { REDACTED, Redactor, secretsOf } from "../../../provider/api/redaction";

test("a credential is replaced wherever it appears, in any letter case", () => {
  const r = new Redactor(["tok-AbCd-1234"]);
  expect(r.scrub("auth tok-AbCd-1234 echoed; again TOK-abcd-1234.")).toBe(
    `auth ${REDACTED} echoed; again ${REDACTED}.`,
  );
});

test("the percent-encoded and the JSON-escaped forms are replaced too", () => {
  const r = new Redactor(["ops+cf@example.com", 'k"ey\\1']);
  expect(r.scrub("email=ops%2Bcf%40example.com")).toBe(`email=${REDACTED}`);
  // How a JSON body carries k"ey\1: the quote and the backslash escaped, without surrounding quotes.
  expect(r.scrub('{"echo":"k\\"ey\\\\1 seen"}')).toBe(`{"echo":"${REDACTED} seen"}`);
  expect(r.scrub('raw k"ey\\1')).toBe(`raw ${REDACTED}`);
});

test("a credential that contains another is replaced whole, not left half visible", () => {
  const r = new Redactor(["abcd", "abcd-api-key-5678"]);
  expect(r.scrub("key abcd-api-key-5678 and token abcd")).toBe(`key ${REDACTED} and token ${REDACTED}`);
});

test("regular-expression characters in a credential are matched literally", () => {
  const r = new Redactor(["a.b*c+d"]);
  expect(r.scrub("axbbbcd a.b*c+d")).toBe(`axbbbcd ${REDACTED}`);
});

test("values shorter than 4 characters are ignored; 4 characters are enough", () => {
  expect(new Redactor(["abc"]).scrub("abc abcd")).toBe("abc abcd");
  expect(new Redactor(["abcd"]).scrub("abc abcd")).toBe(`abc ${REDACTED}`);
});

test("a missing credential (undefined) is skipped, the others still apply", () => {
  const r = new Redactor([undefined as unknown as string, "secret-token"]);
  expect(r.scrub("secret-token")).toBe(REDACTED);
});

test("text without a credential comes back unchanged", () => {
  expect(new Redactor([]).scrub("Bad request (1164)")).toBe("Bad request (1164)");
  expect(new Redactor(["secret-token"]).scrub("Bad request (1164)")).toBe("Bad request (1164)");
});

test("inspecting or serializing a Redactor shows no credential", () => {
  const r = new Redactor(["secret-token-9876"]);
  expect(inspect(r, { depth: 5 })).not.toContain("secret-token-9876");
  expect(JSON.stringify(r)).not.toContain("secret-token-9876");
  expect(Object.keys(r)).toEqual([]);
});

describe("secretsOf", () => {
  test("the bearer token without its scheme", () => {
    expect(secretsOf({ Authorization: "Bearer tok-1234" })).toEqual(["tok-1234"]);
  });
  test("the API key and the email as they are", () => {
    expect(secretsOf({ "X-Auth-Email": "ops@example.com", "X-Auth-Key": "key-Bearer 99" })).toEqual([
      "ops@example.com",
      "key-Bearer 99",
    ]);
  });
  test("only a leading `Bearer ` is the scheme", () => {
    expect(secretsOf({ Authorization: "xBearer tok" })).toEqual(["xBearer tok"]);
  });
});
