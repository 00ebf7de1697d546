import * as fs from "fs";
import * as path from "path";
import { CloudflareApiError } from "../../../provider/api";
import { PartialStateError } from "../../../provider/api/errors";
import { describeFailure, withoutFinalStop } from "../../../provider/shared/diagnostics";
import { REPO_ROOT } from "../../harness/providerHost";
import { configureFromStack, useApi } from "../../../provider/core/providerContext";
import { readMapping } from "../../../provider/core/originCloudRegion/calls";
import { PLUGIN_CONFIG_KEYS } from "../../../provider/plugin/config";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";

const apiError = (status: number, errors: { code: number; message: string }[], rayId?: string) =>
  new CloudflareApiError({
    kind: "api",
    method: "PUT",
    path: "/zones/z/origin/cloud_regions/192.0.2.1",
    status,
    errors,
    rayId,
    attempts: 1,
  });

/**
 * The fix a Pulumi user reads for each code README's "Errors and their fixes" table lists, written out here (not taken
 * from the code), with the words README's Fix column promises for that code.
 */
const FIXES: [code: number, fix: string, readmeWords: string][] = [
  [
    1142,
    "the mapping does not exist (it may have been deleted outside this tool); run `pulumi refresh` to bring state in line",
    "pulumi refresh",
  ],
  [
    1146,
    "the origin IP must be a single IPv4 address (192.0.2.1) or IPv6 address (2001:db8::1), without prefix length, port or zone index",
    "IPv4/IPv6 address",
  ],
  [
    1157,
    "vendor must be one of aws, azure, gcp, oci (lower case) and region one that supported_regions lists for that vendor",
    "aws/azure/gcp/oci",
  ],
  [
    1164,
    "the zone already holds Cloudflare's maximum of 3,500 origin cloud region mappings; remove mappings you no longer need before adding new ones",
    "remove mappings you no longer need",
  ],
  [
    9106,
    "no credentials reached Cloudflare; set cloudflare:apiToken (pulumi config set --secret) or CLOUDFLARE_API_TOKEN",
    "`cloudflare:apiToken` or `CLOUDFLARE_API_TOKEN`",
  ],
  [
    6003,
    'a credential is malformed; check cloudflare:apiToken / CLOUDFLARE_API_TOKEN (the bare token, no "Bearer " prefix or whitespace) or the cloudflare:apiKey + cloudflare:email pair',
    "the bare token",
  ],
  [
    10000,
    "Cloudflare rejected the credentials for this zone; check the token (or API key and email) is valid, not expired, and allowed to edit this zone's settings, and that the zone id belongs to that account",
    "allowed to edit this zone",
  ],
  [
    971,
    "Cloudflare's API rate limit (1,200 requests per 5 minutes per user) was reached; wait five minutes or send fewer requests at once (for pulumi: a lower --parallel)",
    "`--parallel`",
  ],
  [
    7003,
    "Cloudflare cannot route to this zone id; use the 32-character zone id from the zone's Overview page",
    "32-character zone id",
  ],
  [
    9109,
    "Cloudflare refused the API token: it is invalid, expired or revoked (create a new one), or restricted to other client IP addresses " +
      "(run from an allowed address, or widen the token's IP filter); set it with `pulumi config set --secret cloudflare:apiToken <token>`, " +
      "or in CLOUDFLARE_API_TOKEN when stack config has no token",
    "a new token, or run from an address the token allows",
  ],
];
const RATE_LIMIT_FIX = FIXES.find(([code]) => code === 971)![1];

test.each(FIXES)("code %i: the diagnostic's fix is the expected text", (code, fix) => {
  expect(describeFailure("doing x", apiError(400, [{ code, message: "m" }]))).toBe(
    `doing x failed: Cloudflare error ${code}: m [HTTP 400]. Fix: ${fix}`,
  );
});

test("README's table lists exactly these codes, each with the fix the diagnostic gives", () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const rows = [...readme.matchAll(/^\| (\d+) \| \d{3} \| [^|]+ \| ([^\n]+) \|$/gm)].map(
    (m) => [Number(m[1]), m[2]] as const,
  );
  expect(rows.map(([code]) => code)).toEqual(FIXES.map(([code]) => code));
  for (const [code, , words] of FIXES)
    expect([code, rows.find(([c]) => c === code)![1]]).toEqual([code, expect.stringContaining(words)]);
});

test("one line with the action, every code and message, the status, the ray id and the fix", () => {
  const line = describeFailure(
    "creating origin cloud region mapping 192.0.2.1 in zone z",
    apiError(
      403,
      [{ code: 1164, message: "Maximum number of IP mappings configured for zone." }],
      "8a1b2c3d4e5f6789-IAD",
    ),
  );
  expect(line).toBe(
    "creating origin cloud region mapping 192.0.2.1 in zone z failed: Cloudflare error 1164: Maximum number of IP mappings configured for zone. [HTTP 403, cf-ray 8a1b2c3d4e5f6789-IAD]. Fix: " +
      CREATE_1164,
  );
  expect(line).not.toContain("\n");
});

/** A create cannot tell whether it is the new half of a replacement (create first, delete after): its 1164 fix says both. */
const CREATE_1164 =
  "the zone already holds Cloudflare's maximum of 3,500 origin cloud region mappings; remove mappings you no longer need before adding new ones, " +
  "or, if this create replaces a resource (a changed originIp), set its `deleteBeforeReplace: true` resource option: Pulumi creates the new mapping " +
  "before it deletes the old one, so a full zone has no room for it";

test.each([
  ["creating origin cloud region mapping 2001:db8::1 in zone z", CREATE_1164],
  [
    "updating origin cloud region mapping 192.0.2.1 in zone z to aws/us-east-1",
    FIXES.find(([code]) => code === 1164)![1],
  ],
  ["putting 10.0.0.1 (aws/us-east-1)", FIXES.find(([code]) => code === 1164)![1]],
  ["creating origin cloud region set of 2 mappings in zone z", FIXES.find(([code]) => code === 1164)![1]],
])("1164 when %s: the fix for that write", (action, fix) => {
  const full = apiError(403, [{ code: 1164, message: "Maximum number of IP mappings configured for zone." }]);
  expect(describeFailure(action, full)).toBe(
    `${action} failed: Cloudflare error 1164: Maximum number of IP mappings configured for zone. [HTTP 403]. Fix: ${fix}`,
  );
});

test.each([
  [
    "Invalid access token",
    "the API token is invalid, expired or revoked; create a new one (dashboard: My Profile, API Tokens) that may edit this zone's settings, and use it instead; set it with `pulumi config set --secret cloudflare:apiToken <token>`, or in CLOUDFLARE_API_TOKEN when stack config has no token",
  ],
  [
    "Cannot use the access token from location: 198.51.100.7",
    "the API token is restricted to other client IP addresses; run from an address the token allows, or widen its Client IP Address Filtering",
  ],
  [
    "Unheard-of words",
    "Cloudflare refused the API token: it is invalid, expired or revoked (create a new one), or restricted to other client IP addresses (run from an allowed address, or widen the token's IP filter); set it with `pulumi config set --secret cloudflare:apiToken <token>`, or in CLOUDFLARE_API_TOKEN when stack config has no token",
  ],
])("9109 %j: the fix its words point to, naming where the token is set", (message, fix) => {
  expect(describeFailure("x", apiError(403, [{ code: 9109, message }]))).toBe(
    `x failed: Cloudflare error 9109: ${message} [HTTP 403]. Fix: ${fix}`,
  );
});

test("several codes are all named; a hint shared by two codes appears once", () => {
  const line = describeFailure(
    "x",
    apiError(429, [
      { code: 971, message: "slow down" },
      { code: 10100, message: "older form" },
    ]),
  );
  expect(line).toContain("Cloudflare error 971: slow down; Cloudflare error 10100: older form [HTTP 429]");
  expect(line.split("rate limit").length - 1).toBe(1);
});

test("an unknown code has no Fix part; a non-API error keeps its message", () => {
  expect(describeFailure("x", apiError(400, [{ code: 4242, message: "odd" }]))).toBe(
    "x failed: Cloudflare error 4242: odd [HTTP 400]",
  );
  expect(describeFailure("x", new Error("boom"))).toBe("x failed: boom");
  expect(describeFailure("x", "text")).toBe("x failed: text");
});

test("a network error without status or codes says what the client saw", () => {
  const e = new CloudflareApiError({
    kind: "timeout",
    method: "GET",
    path: "/zones/z/origin/cloud_regions/192.0.2.1",
    attempts: 5,
    detail: "no answer within 30 s",
  });
  expect(describeFailure("reading y", e)).toBe(
    `reading y failed: ${e.message}. Fix: Cloudflare or the network did not answer usably (5 attempts); run pulumi up again, or allow more time with originCloudRegions:retryBudgetSeconds / originCloudRegions:requestTimeoutSeconds`,
  );
});

test("attempts and Cloudflare's Retry-After are kept when the client gave up on a rate limit", () => {
  const e = new CloudflareApiError({
    kind: "api",
    method: "PUT",
    path: "/p",
    status: 429,
    errors: [{ code: 971, message: "Please wait" }],
    attempts: 3,
    retryAfterMs: 120_500,
  });
  expect(describeFailure("x", e)).toBe(
    `x failed: Cloudflare error 971: Please wait [HTTP 429, 3 attempts, Cloudflare asked to retry in 121 s]. Fix: ${RATE_LIMIT_FIX}`,
  );
});

describe("failures without a code that explains them still say what to do", () => {
  const failed = (init: Partial<ConstructorParameters<typeof CloudflareApiError>[0]>) =>
    describeFailure("x", new CloudflareApiError({ kind: "api", method: "PUT", path: "/p", attempts: 4, ...init }));

  test.each([
    ["a connection that failed", { kind: "network" as const, detail: "no response from Cloudflare: socket hang up" }],
    ["a timeout", { kind: "timeout" as const, detail: "no complete response within 1.0 s (timeout)" }],
    [
      "a 500 with Cloudflare's internal-error code",
      { status: 500, errors: [{ code: 1140, message: "Internal error." }] },
    ],
    ["a 502 HTML page", { kind: "invalidResponse" as const, status: 502, detail: "a non-JSON body" }],
    ["a cut-off 200", { kind: "invalidResponse" as const, status: 200, detail: "invalid or truncated JSON" }],
  ])("%s: run up again, or allow more time with the named settings", (_what, init) => {
    expect(failed(init)).toMatch(
      /\. Fix: Cloudflare or the network did not answer usably \(4 attempts\); run pulumi up again, or allow more time with originCloudRegions:retryBudgetSeconds \/ originCloudRegions:requestTimeoutSeconds$/,
    );
  });

  test("a 403 HTML page (a proxy, not Cloudflare's API) points at the base URL and what sits in between", () => {
    expect(
      failed({
        kind: "invalidResponse",
        status: 403,
        detail: 'Cloudflare answered with a non-JSON body (text/html: "403 Forbidden")',
      }),
    ).toMatch(
      /Fix: the answer did not come from Cloudflare's API \(a proxy, or a wrong base URL\?\): check cloudflare:baseUrl \/ CLOUDFLARE_BASE_URL/,
    );
  });

  test("a 429 without Cloudflare's code gets the rate-limit fix", () => {
    expect(failed({ status: 429 })).toMatch(
      /Fix: Cloudflare's API rate limit \(1,200 requests per 5 minutes per user\)/,
    );
  });

  test("200 with success:false and no known code", () => {
    expect(
      failed({ status: 200, errors: [{ code: 1140, message: "Internal error." }], detail: "success: false" }),
    ).toMatch(/Fix: Cloudflare refused without naming a reason; .*cf-ray/);
  });
});

test("withoutFinalStop lets a clause follow a sentence (no '.;')", () => {
  expect(withoutFinalStop("in the environment that runs pulumi.")).toBe("in the environment that runs pulumi");
  expect(withoutFinalStop("to 127.0.0.1 (a local fake API).")).toBe("to 127.0.0.1 (a local fake API)");
  expect(withoutFinalStop("no stop")).toBe("no stop");
  expect(withoutFinalStop("several stops... ")).toBe("several stops");
});

test("a failure of one attempt says 'attempt', singular", () => {
  const once = new CloudflareApiError({
    kind: "network",
    method: "GET",
    path: "/p",
    attempts: 1,
    detail: "no response from Cloudflare: socket hang up",
  });
  expect(describeFailure("x", once)).toMatch(
    /Fix: Cloudflare or the network did not answer usably \(1 attempt\); run pulumi up again/,
  );
});

test("Cloudflare's codes without an HTTP status (a success: false envelope the client read) name no status", () => {
  const noStatus = new CloudflareApiError({
    kind: "api",
    method: "PUT",
    path: "/p",
    errors: [{ code: 1157, message: "Invalid region." }],
    attempts: 2,
  });
  expect(describeFailure("x", noStatus)).toBe(
    `x failed: Cloudflare error 1157: Invalid region. [2 attempts]. Fix: ${FIXES.find(([code]) => code === 1157)![1]}`,
  );
});

test("a redirect (3xx) is not Cloudflare's API: the base URL fix, not 'run up again'", () => {
  const redirect = new CloudflareApiError({
    kind: "invalidResponse",
    method: "GET",
    path: "/p",
    status: 300,
    attempts: 1,
    detail: "unexpected redirect",
  });
  expect(describeFailure("x", redirect)).toMatch(/Fix: the answer did not come from Cloudflare's API/);
});

test("PartialStateError carries the id, the outputs and its one reason, under its own name", () => {
  const e = new PartialStateError("creating … failed", "zone/192.0.2.1", { region: "us-east-1" });
  expect([e.name, e.message, e.id, e.properties, e.reasons]).toEqual([
    "PartialStateError",
    "creating … failed",
    "zone/192.0.2.1",
    { region: "us-east-1" },
    ["creating … failed"],
  ]);
});

test("two codes with their own fixes give both, joined by '; '", () => {
  const two = apiError(400, [
    { code: 1157, message: "Invalid region." },
    { code: 1164, message: "Maximum number of IP mappings configured for zone." },
  ]);
  const fix = (code: number) => FIXES.find(([c]) => c === code)![1];
  expect(describeFailure("x", two)).toMatch(new RegExp(`\\. Fix: ${escape(fix(1157))}; ${escape(fix(1164))}$`));
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The provider plugin configures core with its own keys (`cloudflare-origin-cloud-regions:*`): a failure of an
 * operation it runs must name those, not the dynamic provider's `cloudflare:*` / `originCloudRegions:*`, which the
 * plugin does not read. The fixes, written out, as core's refresh read reports them once configured so.
 */
describe("the plugin's keys in the fixes of core's failures", () => {
  const PLUGIN_FIXES: [what: string, error: CloudflareApiError, fix: string][] = [
    [
      "9106",
      apiError(400, [{ code: 9106, message: "m" }]),
      "no credentials reached Cloudflare; set cloudflare-origin-cloud-regions:apiToken (pulumi config set --secret) or CLOUDFLARE_API_TOKEN",
    ],
    [
      "6003",
      apiError(400, [{ code: 6003, message: "m" }]),
      'a credential is malformed; check cloudflare-origin-cloud-regions:apiToken / CLOUDFLARE_API_TOKEN (the bare token, no "Bearer " prefix or whitespace) or the cloudflare-origin-cloud-regions:apiKey + cloudflare-origin-cloud-regions:email pair',
    ],
    [
      "9109, an invalid token",
      apiError(403, [{ code: 9109, message: "Invalid access token" }]),
      "the API token is invalid, expired or revoked; create a new one (dashboard: My Profile, API Tokens) that may edit this zone's settings, and use it instead; " +
        "set it with `pulumi config set --secret cloudflare-origin-cloud-regions:apiToken <token>`, or in CLOUDFLARE_API_TOKEN when provider config has no token",
    ],
    [
      "a timeout",
      new CloudflareApiError({
        kind: "timeout",
        method: "GET",
        path: "/p",
        attempts: 2,
        detail: "no complete response",
      }),
      "Cloudflare or the network did not answer usably (2 attempts); run pulumi up again, or allow more time with " +
        "cloudflare-origin-cloud-regions:retryBudgetSeconds / cloudflare-origin-cloud-regions:requestTimeoutSeconds",
    ],
    [
      "an answer not from the API",
      new CloudflareApiError({
        kind: "invalidResponse",
        method: "GET",
        path: "/p",
        status: 403,
        attempts: 1,
        detail: "a non-JSON body",
      }),
      "the answer did not come from Cloudflare's API (a proxy, or a wrong base URL?): check cloudflare-origin-cloud-regions:baseUrl / CLOUDFLARE_BASE_URL and what sits between this machine and Cloudflare",
    ],
  ];
  const failingClient = (error: unknown) =>
    ({ get: () => Promise.reject(error) }) as unknown as Parameters<typeof useApi>[0];

  afterEach(() => {
    configureFromStack(() => undefined);
    useApi(undefined);
  });

  test.each(PLUGIN_FIXES)("%s: the fix names the plugin's keys", async (_, error, fix) => {
    configureFromStack(() => undefined, PLUGIN_CONFIG_KEYS);
    useApi(failingClient(error));
    const message = await readMapping(ZONE, "192.0.2.1").then(
      () => "no error",
      (e: Error) => e.message,
    );
    expect(message.slice(message.indexOf(". Fix: ") + ". Fix: ".length)).toBe(fix);
    expect(message).not.toMatch(/\bcloudflare:|originCloudRegions:|stack config/);
  });

  test.each(PLUGIN_FIXES)("%s: the dynamic provider's configuration keeps its own words", async (_, error, fix) => {
    configureFromStack(() => undefined);
    useApi(failingClient(error));
    const message = await readMapping(ZONE, "192.0.2.1").then(
      () => "no error",
      (e: Error) => e.message,
    );
    expect(message).not.toContain("cloudflare-origin-cloud-regions:");
    expect(message).toContain(
      fix
        .replace(/cloudflare-origin-cloud-regions:(apiToken|apiKey|email|baseUrl)/g, "cloudflare:$1")
        .replace(/cloudflare-origin-cloud-regions:/g, "originCloudRegions:")
        .replace("provider config", "stack config"),
    );
  });
});
