import type { SupportedRegions } from "../../../provider/api";
import { quote } from "../../../provider/api/valueText";
import { HOSTILE_VALUES, HUGE } from "../hostileValues";
import {
  zoneIdOf,
  canonicalZoneId,
  editDistance,
  regionProblem,
  suggest,
  vendorProblem,
  zoneIdProblem,
} from "../../../provider/shared/validation";

const REGIONS: SupportedRegions = {
  obtained_codes: true,
  vendors: {
    aws: [
      { name: "us-east-1", upper_tier_colos: ["IAD"] },
      { name: "us-west-2", upper_tier_colos: ["SEA"] },
    ],
    gcp: [{ name: "us-central1", upper_tier_colos: ["ORD"] }],
  },
};

test.each([
  ["023e105f4ecef8ad9ca31a8372d0c353", "023e105f4ecef8ad9ca31a8372d0c353"],
  ["023E105F4ECEF8AD9CA31A8372D0C353", "023e105f4ecef8ad9ca31a8372d0c353"],
  ["023e105f4ecef8ad9ca31a8372d0c35", undefined],
  ["023e105f4ecef8ad9ca31a8372d0c353 ", undefined],
  [" 023e105f4ecef8ad9ca31a8372d0c353", undefined],
  ["0023e105f4ecef8ad9ca31a8372d0c353", undefined],
  ["../../accounts/023e105f4ecef8ad9c", undefined],
  [42, undefined],
])("canonicalZoneId(%j) = %j", (input, expected) => {
  expect(canonicalZoneId(input)).toBe(expected);
});

test("zoneIdProblem quotes the value and says what a zone id looks like", () => {
  expect(zoneIdProblem("abc")).toBe(
    'zoneId "abc" is not a Cloudflare zone id: expected 32 hexadecimal characters, such as 023e105f4ecef8ad9ca31a8372d0c353 (the dashboard shows it on the zone\'s Overview page)',
  );
  expect(zoneIdProblem(undefined)).toMatch(/^zoneId \(missing\) is not/);
  expect(zoneIdProblem("023e105f4ecef8ad9ca31a8372d0c353")).toBeUndefined();
});

test("vendorProblem lists the vendors and suggests the nearest", () => {
  expect(vendorProblem("gcp")).toBeUndefined();
  expect(vendorProblem("Azure")).toBe(
    'vendor "Azure" is not supported: expected one of aws, azure, gcp, oci (lower case) (did you mean azure?)',
  );
  expect(vendorProblem("ibm")).toBe('vendor "ibm" is not supported: expected one of aws, azure, gcp, oci (lower case)');
  expect(vendorProblem(3)).toBe(
    "vendor 3 (a number) is not supported: expected one of aws, azure, gcp, oci (lower case)",
  );
});

test("regionProblem lists the vendor's regions, suggests near names and names another vendor's region", () => {
  expect(regionProblem("aws", "us-east-1", REGIONS)).toBeUndefined();
  expect(regionProblem("aws", "us-east-l", REGIONS)).toBe(
    'region "us-east-l" is not a supported aws region: expected one of us-east-1, us-west-2 (did you mean us-east-1?)',
  );
  expect(regionProblem("aws", "us-central1", REGIONS)).toBe(
    'region "us-central1" is not a supported aws region: expected one of us-east-1, us-west-2; us-central1 is a gcp region, so perhaps vendor should be "gcp"',
  );
  expect(regionProblem("oci", "us-ashburn-1", REGIONS)).toBe(
    'region "us-ashburn-1" is not a supported oci region: Cloudflare lists no oci regions for this zone',
  );
});

test("editDistance and suggest", () => {
  expect(editDistance("kitten", "sitting")).toBe(3);
  expect(editDistance("", "abc")).toBe(3);
  expect(editDistance("same", "same")).toBe(0);
  expect(suggest("eu-west1", ["eu-west-1", "eu-west-2", "ap-south-1"])).toBe(" (did you mean eu-west-1?)");
  expect(suggest("eu-west-9", ["eu-west-1", "eu-west-2", "ap-south-1"])).toBe(
    " (did you mean eu-west-1 or eu-west-2?)",
  );
  expect(suggest("zzzzzzzz", ["eu-west-1"])).toBe("");
});

test("quote cuts hostile input short", () => {
  expect(quote("x".repeat(500))).toHaveLength(78);
  expect(quote("x".repeat(500)).endsWith("…")).toBe(true);
  expect(quote(undefined)).toBe("(missing)");
  expect(quote(null)).toBe("null");
});

test("regionProblem: a region that is not a string gets no suggestion; a vendor the zone lists nothing for is nobody's", () => {
  expect(regionProblem("aws", 7, REGIONS)).toBe(
    "region 7 (a number) is not a supported aws region: expected one of us-east-1, us-west-2",
  );
  expect(regionProblem("aws", undefined, REGIONS)).toBe(
    "region (missing) is not a supported aws region: expected one of us-east-1, us-west-2",
  );
});

test("suggest: the distance allowed grows with the length; at most three names", () => {
  // 3 edits away: within reach of a 12-character value (a third of it), not of a 6-character one (2).
  expect(suggest("xxxcentral-1", ["eu-central-1"])).toBe(" (did you mean eu-central-1?)");
  expect(suggest("xxxt-1", ["eu-west-1"])).toBe("");
  expect(suggest("ab", ["ac", "ad", "ae", "af"])).toBe(" (did you mean ac or ad or ae?)");
});

test("quote: JSON for objects with their type; 80 characters pass whole, 81 are cut", () => {
  expect(quote({ a: 1 })).toBe('{"a":1} (an object)');
  expect(quote([1, "a"])).toBe('[1,"a"] (an array)');
  expect(quote(7)).toBe("7 (a number)");
  expect(quote(Symbol("s"))).toBe("Symbol(s) (a symbol)");
  const eighty = "x".repeat(78);
  expect(quote(eighty)).toBe(`"${eighty}"`);
  expect(quote(`${eighty}y`)).toBe(`"${eighty.slice(0, 76)}…`);
});

describe("hostile values never break a message", () => {
  test.each(HOSTILE_VALUES)("quote(%s) is one short line naming the type", (_name, value) => {
    const text = quote(value);
    expect(text.length).toBeLessThanOrEqual(80);
    expect(text).toMatch(/\((a|an) [a-z]+( that cannot be shown)?\)|…$/);
  });

  test.each(HOSTILE_VALUES)("zoneIdProblem, vendorProblem and regionProblem name %s", (_name, value) => {
    expect(zoneIdProblem(value)).toMatch(/^zoneId .* is not a Cloudflare zone id: expected 32 hexadecimal characters/);
    expect(vendorProblem(value)).toMatch(/^vendor .* is not supported: expected one of aws, azure, gcp, oci/);
    expect(regionProblem("aws", value, REGIONS)).toMatch(
      /^region .* is not a supported aws region: expected one of us-east-1, us-west-2/,
    );
  });

  test("non-strings show what they are: NaN as NaN, a bigint with its n, a function by its kind", () => {
    expect(quote(NaN)).toBe("NaN (a number)");
    expect(quote(12n)).toBe("12n (a bigint)");
    expect(quote({ toString: "x" })).toBe('{"toString":"x"} (an object)');
    expect(quote(Object.create(null))).toBe("{} (an object)");
    expect(
      quote({
        toJSON: () => {
          throw new Error("boom");
        },
      }),
    ).toBe("(an object that cannot be shown)");
  });

  test("a huge value is refused quickly and quoted short", () => {
    const started = Date.now();
    expect(vendorProblem(HUGE)).toMatch(
      /^vendor "x{60,}… is not supported: expected one of aws, azure, gcp, oci \(lower case\)$/,
    );
    expect(regionProblem("aws", HUGE, REGIONS)).toMatch(
      /^region "x{60,}… is not a supported aws region: expected one of us-east-1, us-west-2$/,
    );
    expect(suggest(HUGE, ["us-east-1", "us-west-2"])).toBe("");
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

test("zoneIdOf lower-cases a good zone id and throws the zone id's rule for a bad one", () => {
  expect(zoneIdOf("023E105F4ECEF8AD9CA31A8372D0C353")).toBe("023e105f4ecef8ad9ca31a8372d0c353");
  expect(() => zoneIdOf("../x")).toThrow(
    'zoneId "../x" is not a Cloudflare zone id: expected 32 hexadecimal characters',
  );
});
