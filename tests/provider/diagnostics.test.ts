import { CloudflareApiError } from "../../provider/api";
import { FIX_HINTS, describeFailure, withoutFinalStop } from "../../provider/diagnostics";

const apiError = (status: number, errors: { code: number; message: string }[], rayId?: string) =>
  new CloudflareApiError({ kind: "api", method: "PUT", path: "/zones/z/origin/cloud_regions/192.0.2.1", status, errors, rayId, attempts: 1 });

test.each([1142, 1146, 1157, 1164, 9106, 6003, 10000, 971])("code %i has a fix hint", (code) => {
  expect(FIX_HINTS[code]).toBeDefined();
  expect(describeFailure("doing x", apiError(400, [{ code, message: "m" }]))).toContain(`. Fix: ${FIX_HINTS[code]}`);
});

test("one line with the action, every code and message, the status, the ray id and the fix", () => {
  const line = describeFailure("creating origin cloud region mapping 192.0.2.1 in zone z", apiError(403, [{ code: 1164, message: "Maximum number of IP mappings configured for zone." }], "8a1b2c3d4e5f6789-IAD"));
  expect(line).toBe(
    "creating origin cloud region mapping 192.0.2.1 in zone z failed: Cloudflare error 1164: Maximum number of IP mappings configured for zone. [HTTP 403, cf-ray 8a1b2c3d4e5f6789-IAD]. Fix: " +
      FIX_HINTS[1164],
  );
  expect(line).not.toContain("\n");
});

test("several codes are all named; a hint shared by two codes appears once", () => {
  const line = describeFailure("x", apiError(429, [{ code: 971, message: "slow down" }, { code: 10100, message: "older form" }]));
  expect(line).toContain("Cloudflare error 971: slow down; Cloudflare error 10100: older form [HTTP 429]");
  expect(line.split("rate limit").length - 1).toBe(1);
});

test("an unknown code has no Fix part; a non-API error keeps its message", () => {
  expect(describeFailure("x", apiError(400, [{ code: 4242, message: "odd" }]))).toBe("x failed: Cloudflare error 4242: odd [HTTP 400]");
  expect(describeFailure("x", new Error("boom"))).toBe("x failed: boom");
  expect(describeFailure("x", "text")).toBe("x failed: text");
});

test("a network error without status or codes says what the client saw", () => {
  const e = new CloudflareApiError({ kind: "timeout", method: "GET", path: "/zones/z/origin/cloud_regions/192.0.2.1", attempts: 5, detail: "no answer within 30 s" });
  expect(describeFailure("reading y", e)).toBe(`reading y failed: ${e.message}. Fix: Cloudflare or the network did not answer usably (5 attempts); run pulumi up again, or allow more time with originCloudRegions:retryBudgetSeconds / originCloudRegions:requestTimeoutSeconds`);
});

test("attempts and Cloudflare's Retry-After are kept when the client gave up on a rate limit", () => {
  const e = new CloudflareApiError({ kind: "api", method: "PUT", path: "/p", status: 429, errors: [{ code: 971, message: "Please wait" }], attempts: 3, retryAfterMs: 120_500 });
  expect(describeFailure("x", e)).toBe(`x failed: Cloudflare error 971: Please wait [HTTP 429, 3 attempts, Cloudflare asked to retry in 121 s]. Fix: ${FIX_HINTS[971]}`);
  expect(FIX_HINTS[971]).toMatch(/--parallel/);
});

test("credential hints name the stack config keys and environment variables", () => {
  expect(FIX_HINTS[9106]).toContain("cloudflare:apiToken");
  expect(FIX_HINTS[9106]).toContain("CLOUDFLARE_API_TOKEN");
  expect(FIX_HINTS[6003]).toContain("cloudflare:apiKey + cloudflare:email");
  expect(FIX_HINTS[1142]).toContain("pulumi refresh");
});

describe("failures without a code that explains them still say what to do", () => {
  const failed = (init: Partial<ConstructorParameters<typeof CloudflareApiError>[0]>) =>
    describeFailure("x", new CloudflareApiError({ kind: "api", method: "PUT", path: "/p", attempts: 4, ...init }));

  test.each([
    ["a connection that failed", { kind: "network" as const, detail: "no response from Cloudflare: socket hang up" }],
    ["a timeout", { kind: "timeout" as const, detail: "no complete response within 1.0 s (timeout)" }],
    ["a 500 with Cloudflare's internal-error code", { status: 500, errors: [{ code: 1140, message: "Internal error." }] }],
    ["a 502 HTML page", { kind: "invalidResponse" as const, status: 502, detail: "a non-JSON body" }],
    ["a cut-off 200", { kind: "invalidResponse" as const, status: 200, detail: "invalid or truncated JSON" }],
  ])("%s: run up again, or allow more time with the named settings", (_what, init) => {
    expect(failed(init)).toMatch(
      /\. Fix: Cloudflare or the network did not answer usably \(4 attempts\); run pulumi up again, or allow more time with originCloudRegions:retryBudgetSeconds \/ originCloudRegions:requestTimeoutSeconds$/,
    );
  });

  test("a 429 without Cloudflare's code gets the rate-limit fix", () => {
    expect(failed({ status: 429 })).toMatch(/Fix: Cloudflare's API rate limit \(1,200 requests per 5 minutes per user\)/);
  });

  test("200 with success:false and no known code", () => {
    expect(failed({ status: 200, errors: [{ code: 1140, message: "Internal error." }], detail: "success: false" })).toMatch(/Fix: Cloudflare refused without naming a reason; .*cf-ray/);
  });
});

test("withoutFinalStop lets a clause follow a sentence (no '.;')", () => {
  expect(withoutFinalStop("in the environment that runs pulumi.")).toBe("in the environment that runs pulumi");
  expect(withoutFinalStop("to 127.0.0.1 (a local fake API).")).toBe("to 127.0.0.1 (a local fake API)");
  expect(withoutFinalStop("no stop")).toBe("no stop");
});
