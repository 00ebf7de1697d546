// The checks OriginCloudRegion and OriginCloudRegionSet share, in this process, with literal expected reasons. (The
// reliability suite drives 70 hostile inputs through the provider host; these pin each rule's exact words.)
import { CloudflareApiError, CloudflareConfigError, type SupportedRegions } from "../../../provider/api";
import {
  UNKNOWN,
  checkAdopt,
  checkMappingFields,
  checkPropertyNames,
  managedByAnother,
  startCheck,
  supportedRegionsOrWarn,
  verifyRegion,
} from "../../../provider/core/mappingChecks";
import * as ip from "../../../provider/api/ip";
import { useApi } from "../../../provider/core/providerContext";
import { HOSTILE_VALUES, HUGE } from "../hostileValues";
import { scriptedClient } from "../inProcessFake";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const REGIONS: SupportedRegions = {
  obtained_codes: true,
  vendors: {
    aws: [{ name: "us-east-1", upper_tier_colos: ["IAD"] }],
    gcp: [{ name: "us-central1", upper_tier_colos: ["ORD"] }],
  },
};

function collect() {
  const failures: [string, string][] = [];
  return { failures, fail: (property: string, reason: string) => void failures.push([property, reason]) };
}

/** A client that only answers supported_regions, as told; counts the lookups. */
function regionsClient(answer: () => Promise<SupportedRegions>) {
  let lookups = 0;
  const client = scriptedClient({ supportedRegions: () => (lookups++, answer()) });
  return { client, lookups: () => lookups };
}

afterEach(() => {
  useApi(undefined);
  jest.restoreAllMocks();
});

describe("startCheck", () => {
  test("returns a copy of the inputs with the zone id in lower case, and no failures for good inputs", () => {
    const news = { zoneId: ZONE.toUpperCase(), originIp: "192.0.2.1" };
    const { failures, inputs, zoneId } = startCheck(news, ["zoneId", "originIp"], [], "OriginCloudRegion");
    expect(failures).toEqual([]);
    expect(zoneId).toBe(ZONE);
    expect(inputs).toEqual({ zoneId: ZONE, originIp: "192.0.2.1" });
    expect(news.zoneId).toBe(ZONE.toUpperCase());
  });

  test("a bad zone id fails with the zone id's rule and is left as given", () => {
    const { failures, inputs, zoneId } = startCheck({ zoneId: "abc" }, ["zoneId"], [], "OriginCloudRegion");
    expect(failures).toEqual([
      {
        property: "zoneId",
        reason:
          'zoneId "abc" is not a Cloudflare zone id: expected 32 hexadecimal characters, such as 023e105f4ecef8ad9ca31a8372d0c353 ' +
          "(the dashboard shows it on the zone's Overview page)",
      },
    ]);
    expect(zoneId).toBeUndefined();
    expect(inputs.zoneId).toBe("abc");
  });

  test("an unknown zone id (preview) passes and is not returned", () => {
    const { failures, zoneId } = startCheck({ zoneId: UNKNOWN }, ["zoneId"], [], "OriginCloudRegion");
    expect(failures).toEqual([]);
    expect(zoneId).toBeUndefined();
  });
});

describe("checkPropertyNames", () => {
  test("a misspelt property fails, naming the inputs and the nearest one; passed-through names are fine", () => {
    const { failures, fail } = collect();
    checkPropertyNames(
      { regoin: "x", vendor: "aws", __provider: "p" },
      ["zoneId", "vendor", "region"],
      ["__provider"],
      "OriginCloudRegion",
      fail,
    );
    expect(failures).toEqual([
      ["regoin", 'unknown property "regoin": OriginCloudRegion takes zoneId, vendor, region (did you mean region?)'],
    ]);
  });

  test("the prefix says where the property sits", () => {
    const { failures, fail } = collect();
    checkPropertyNames({ originIP: "192.0.2.1" }, ["originIp"], [], "a mapping", fail, "mappings[2].");
    expect(failures).toEqual([
      ["mappings[2].originIP", 'unknown property "originIP": a mapping takes originIp (did you mean originIp?)'],
    ]);
  });
});

describe("checkMappingFields", () => {
  test("good fields: no failure, the canonical IP back", () => {
    const { failures, fail } = collect();
    expect(checkMappingFields({ originIp: "2001:DB8:0::1", vendor: "aws", region: "us-east-1" }, fail)).toBe(
      "2001:db8::1",
    );
    expect(failures).toEqual([]);
  });

  test("each bad field fails under its own property, with the label first", () => {
    const { failures, fail } = collect();
    const ip = checkMappingFields(
      { originIp: "192.0.2.01", vendor: "AWS", region: "" },
      fail,
      (n) => `mappings[0].${n}`,
      'mappings[0] ("192.0.2.01"): ',
    );
    expect(ip).toBeUndefined();
    expect(failures.map(([p]) => p)).toEqual(["mappings[0].originIp", "mappings[0].vendor", "mappings[0].region"]);
    expect(failures[0][1]).toMatch(
      /^mappings\[0\] \("192\.0\.2\.01"\): originIp "192\.0\.2\.01" is not a valid IP address/,
    );
    expect(failures[1][1]).toBe(
      'mappings[0] ("192.0.2.01"): vendor "AWS" is not supported: expected one of aws, azure, gcp, oci (lower case) (did you mean aws?)',
    );
    expect(failures[2][1]).toBe(
      'mappings[0] ("192.0.2.01"): region "" must be a non-empty string naming one of the vendor\'s regions, such as us-east-1 for aws',
    );
  });

  test("a region that is not a string fails; an unknown value in any field passes", () => {
    const { failures, fail } = collect();
    checkMappingFields({ originIp: UNKNOWN, vendor: UNKNOWN, region: 7 }, fail);
    expect(failures).toEqual([
      [
        "region",
        "region 7 (a number) must be a non-empty string naming one of the vendor's regions, such as us-east-1 for aws",
      ],
    ]);
    failures.length = 0;
    expect(checkMappingFields({ originIp: UNKNOWN, vendor: UNKNOWN, region: UNKNOWN }, fail)).toBeUndefined();
    expect(failures).toEqual([]);
  });

  test("an error other than a bad IP is not swallowed", () => {
    const { fail } = collect();
    jest.spyOn(ip, "canonicalizeIp").mockImplementation(() => {
      throw new TypeError("boom");
    });
    expect(() => checkMappingFields({ originIp: "192.0.2.1", vendor: "aws", region: "us-east-1" }, fail)).toThrow(
      "boom",
    );
  });

  test.each(HOSTILE_VALUES)("%s fails on the field it is given for, never with a TypeError", (_name, value) => {
    for (const field of ["originIp", "vendor", "region"]) {
      const { failures, fail } = collect();
      checkMappingFields(
        { originIp: "192.0.2.1", vendor: "aws", region: "us-east-1", [field]: value },
        fail,
        (n) => `mappings[2].${n}`,
        "mappings[2]: ",
      );
      expect(failures.map(([p]) => p)).toEqual([`mappings[2].${field}`]);
      expect(failures[0][1]).toMatch(
        new RegExp(
          `^mappings\\[2\\]: ${field} .*(not a valid IP address: the value must be a string|not supported: expected one of|must be a non-empty string)`,
        ),
      );
      expect(failures[0][1].length).toBeLessThan(400);
    }
  });

  test("a huge originIp or vendor is refused at once and quoted short", () => {
    const started = Date.now();
    const { failures, fail } = collect();
    checkMappingFields({ originIp: HUGE, vendor: HUGE, region: "us-east-1" }, fail);
    expect(failures.map(([p]) => p)).toEqual(["originIp", "vendor"]);
    expect(failures.every(([, reason]) => reason.length < 600)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("checkAdopt", () => {
  test.each(HOSTILE_VALUES)("adopt as %s fails on adopt", (_name, value) => {
    const { failures, fail } = collect();
    checkAdopt(value, fail);
    expect(failures).toEqual([["adopt", expect.stringMatching(/^adopt .* must be true or false$/)]]);
  });

  test.each([
    ["yes", 'adopt "yes" must be true or false'],
    [1, "adopt 1 (a number) must be true or false"],
    [null, "adopt null must be true or false"],
  ])("adopt %j fails", (value, reason) => {
    const { failures, fail } = collect();
    checkAdopt(value, fail);
    expect(failures).toEqual([["adopt", reason]]);
  });
  test.each([[true], [false], [undefined], [UNKNOWN]])("adopt %j passes", (value) => {
    const { failures, fail } = collect();
    checkAdopt(value, fail);
    expect(failures).toEqual([]);
  });
});

describe("supportedRegionsOrWarn and verifyRegion", () => {
  test("the zone's regions, looked up once for concurrent callers", async () => {
    const { client, lookups } = regionsClient(async () => REGIONS);
    useApi(client);
    const [a, b] = await Promise.all([supportedRegionsOrWarn(ZONE, "x"), supportedRegionsOrWarn(ZONE, "y")]);
    expect(a).toBe(REGIONS);
    expect(b).toBe(REGIONS);
    expect(lookups()).toBe(1);
    expect(await verifyRegion(ZONE, "aws", "us-east-1")).toBeUndefined();
    expect(await verifyRegion(ZONE, "aws", "us-central1")).toBe(
      'region "us-central1" is not a supported aws region: expected one of us-east-1; us-central1 is a gcp region, so perhaps vendor should be "gcp"',
    );
  });

  test("a failed lookup warns, passes, and is tried again next time", async () => {
    let fails = true;
    const { client, lookups } = regionsClient(async () => {
      if (fails)
        throw new CloudflareApiError({
          kind: "api",
          method: "GET",
          path: "/p",
          status: 500,
          errors: [{ code: 1140, message: "Internal error" }],
          attempts: 5,
        });
      return REGIONS;
    });
    useApi(client);
    const warnings: string[] = [];
    jest.spyOn(console, "warn").mockImplementation((line: string) => void warnings.push(line));
    expect(await verifyRegion(ZONE, "aws", "mars-north-1")).toBeUndefined();
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^warning: verifying region mars-north-1 for aws in zone ${ZONE} failed: Cloudflare error 1140: Internal error .*; the region was not verified$`,
        ),
      ),
    ]);
    fails = false;
    expect(await verifyRegion(ZONE, "aws", "mars-north-1")).toMatch(
      /^region "mars-north-1" is not a supported aws region/,
    );
    expect(lookups()).toBe(2);
  });

  test("a huge region is named short in the warning of a failed lookup", async () => {
    const { client } = regionsClient(() =>
      Promise.reject(
        new CloudflareApiError({ kind: "network", method: "GET", path: "/p", attempts: 1, detail: "reset" }),
      ),
    );
    useApi(client);
    const warnings: string[] = [];
    jest.spyOn(console, "warn").mockImplementation((line: string) => void warnings.push(line));
    expect(await verifyRegion(ZONE, "aws", HUGE)).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/^warning: verifying region "x{70,}… for aws in zone /)]);
    expect(warnings[0].length).toBeLessThan(1000);
  });

  test("a malformed setting fails the check, naming it, instead of a warning", async () => {
    const { client } = regionsClient(() =>
      Promise.reject(new CloudflareConfigError("originCloudRegions:maxAttempts must be a whole number from 1 to 10")),
    );
    useApi(client);
    const warn = jest.spyOn(console, "warn").mockImplementation(() => {});
    await expect(supportedRegionsOrWarn(ZONE, "x")).rejects.toThrow(
      "checking origin cloud region mapping inputs failed: originCloudRegions:maxAttempts must be a whole number from 1 to 10",
    );
    expect(warn).not.toHaveBeenCalled();
  });
});

test.each([
  ["created", "created"],
  ["adopted", "adopted"],
  ["updated", "updated"],
  ["kept", "keeps"],
] as const)("managedByAnother: a holder that %s it", (how, verb) => {
  expect(managedByAnother("192.0.2.1", { claimId: "c", how })).toBe(
    `another resource in this deployment manages it (it ${verb} 192.0.2.1)`,
  );
});
