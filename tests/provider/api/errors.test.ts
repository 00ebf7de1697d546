import { inspect } from "util";
import {
  batchItemError,
  CloudflareApiError,
  CloudflareArgumentError,
  ensureMessageAndStack,
  FIX_HINTS,
  isNotFound,
  isUncertainWrite,
} from "../../../provider/api/errors";
import { expectOwnMessage } from "./helpers";

const PATH = "/zones/023e105f4ecef8ad9ca31a8372d0c353/origin/cloud_regions/192.0.2.1";

describe("CloudflareApiError", () => {
  test("message: method, path, status, Cloudflare errors, cf-ray", () => {
    const err = new CloudflareApiError({
      kind: "api",
      mayHaveBeenApplied: false,
      method: "PUT",
      path: PATH,
      status: 400,
      errors: [
        {
          code: 1157,
          message:
            "The vendor provided doesn't exist or the region provided does not exist for the specified cloud vendor",
        },
      ],
      rayId: "8a1b2c3d4e5f6a7b-AMS",
      attempts: 1,
    });
    expect(err.message).toBe(
      `PUT ${PATH} failed: HTTP 400, Cloudflare error 1157: The vendor provided doesn't exist or the region provided ` +
        `does not exist for the specified cloud vendor (cf-ray 8a1b2c3d4e5f6a7b-AMS) — ${FIX_HINTS[1157]}`,
    );
    expect(err.name).toBe("CloudflareApiError");
    expect(err).toBeInstanceOf(Error);
    expect(err.stack?.split("\n")[0]).toBe(`CloudflareApiError: ${err.message}`);
    expect(err.codes).toEqual([1157]);
  });

  test("several errors, attempts and a hint", () => {
    const err = new CloudflareApiError({
      kind: "api",
      method: "GET",
      path: "/zones/x/origin/cloud_regions",
      status: 403,
      errors: [
        { code: 10000, message: "Authentication error" },
        { code: 9109, message: "Cannot use the access token from location: 198.51.100.7" },
      ],
      attempts: 3,
    });
    expect(err.message).toBe(
      "GET /zones/x/origin/cloud_regions failed after 3 attempts: HTTP 403, Cloudflare error 10000: Authentication error; " +
        `error 9109: Cannot use the access token from location: 198.51.100.7 — ${FIX_HINTS[10000]}; ${IP_RESTRICTED}`,
    );
    expect(err.codes).toEqual([10000, 9109]);
  });

  test("network error: no status, no errors", () => {
    const err = new CloudflareApiError({
      kind: "network",
      method: "GET",
      path: PATH,
      attempts: 1,
      detail: "no response from Cloudflare: connect ECONNREFUSED",
    });
    expect(err.status).toBeUndefined();
    expect(err.errors).toEqual([]);
    expect(err.codes).toEqual([]);
    expect(err.message).toBe(`GET ${PATH} failed: no response from Cloudflare: connect ECONNREFUSED`);
  });

  test("JSON and inspect show the fields, including the message", () => {
    const err = new CloudflareApiError({
      kind: "api",
      method: "DELETE",
      path: PATH,
      status: 404,
      errors: [{ code: 1142, message: "gone" }],
      attempts: 1,
    });
    const json = JSON.parse(JSON.stringify(err)) as Record<string, unknown>;
    expect(json).toEqual({
      name: "CloudflareApiError",
      message: `DELETE ${PATH} failed: HTTP 404, Cloudflare error 1142: gone — ${FIX_HINTS[1142]}`,
      kind: "api",
      method: "DELETE",
      path: PATH,
      status: 404,
      errors: [{ code: 1142, message: "gone" }],
      attempts: 1,
      mayHaveBeenApplied: false,
    });
    expect(inspect(err)).toContain("Cloudflare error 1142: gone");
  });

  test("the errors array is a copy of what was passed", () => {
    const errors = [{ code: 1, message: "a", extra: "dropped" }];
    const err = new CloudflareApiError({ kind: "api", method: "GET", path: "/", status: 500, errors, attempts: 1 });
    errors[0].message = "changed";
    expect(err.errors).toEqual([{ code: 1, message: "a" }]);
  });
});

describe("isNotFound", () => {
  const make = (status: number | undefined, codes: number[], kind: "api" | "invalidResponse" = "api") =>
    new CloudflareApiError({
      kind,
      method: "GET",
      path: PATH,
      status,
      errors: codes.map((code) => ({ code, message: "m" })),
      attempts: 1,
    });

  test.each([
    [make(404, [1142]), true],
    [make(404, [1163]), true],
    [make(404, []), true],
    [make(404, [7000]), false],
    [make(404, [7001]), false],
    [make(404, [7003]), false],
    [Object.assign(new Error("x"), { status: 404, kind: "api", errors: [] }), false],
    [null, false],
    [make(404, [7003, 7000]), false],
    [make(404, [], "invalidResponse"), false],
    [make(400, [1142]), false],
    [make(undefined, []), false],
    [new Error("404"), false],
    [new CloudflareArgumentError("x"), false],
    [undefined, false],
    ["404", false],
  ])("%#: %s → %p", (e, expected) => {
    expect(isNotFound(e)).toBe(expected);
  });

  test("recognizes an error from another copy of the module (Pulumi serializes local files by value)", () => {
    const foreign = Object.assign(new Error("x"), {
      name: "CloudflareApiError",
      status: 404,
      kind: "api",
      errors: [{ code: 1142, message: "m" }],
    });
    expect(isNotFound(foreign)).toBe(true);
    expect(isNotFound({ ...foreign, kind: "invalidResponse" })).toBe(false);
    expect(isNotFound({ name: "CloudflareApiError", status: 404, kind: "api" })).toBe(true); // a copy without errors[]
    expect(isNotFound({ name: "CloudflareApiError", status: 404, kind: "api", errors: [{ code: 7003 }] })).toBe(false);
  });
});

describe("isUncertainWrite", () => {
  const write = (mayHaveBeenApplied?: boolean) =>
    new CloudflareApiError({
      kind: "network",
      method: "PUT",
      path: PATH,
      attempts: 2,
      detail: "socket hang up",
      mayHaveBeenApplied,
    });

  test.each([
    [write(true), true],
    [write(false), false],
    [write(undefined), false],
    [Object.assign(new Error("x"), { name: "CloudflareApiError", mayHaveBeenApplied: true }), true],
    [Object.assign(new Error("x"), { name: "CloudflareApiError", mayHaveBeenApplied: "true" }), false],
    [Object.assign(new Error("x"), { name: "Error", mayHaveBeenApplied: true }), false],
    [null, false],
    ["PUT", false],
    [Object.assign(function CloudflareApiError() {}, { mayHaveBeenApplied: true }), false],
  ])("%#: %s → %p", (e, expected) => {
    expect(isUncertainWrite(e)).toBe(expected);
  });

  test("afterReadBack(): the note joins the detail, the flag is the one given, everything else stays", () => {
    const lost = write(true);
    const definite = lost.afterReadBack(false, "reading the mapping back showed the change was not applied");
    expect(definite.mayHaveBeenApplied).toBe(false);
    expect(definite.detail).toBe("socket hang up; reading the mapping back showed the change was not applied");
    expect(definite.message).toBe(
      `PUT ${PATH} failed after 2 attempts: socket hang up; reading the mapping back showed the change was not applied`,
    );
    expect([definite.kind, definite.method, definite.path, definite.attempts]).toEqual(["network", "PUT", PATH, 2]);
    expect(lost.afterReadBack(true, "read-back failed").mayHaveBeenApplied).toBe(true);
    const noDetail = new CloudflareApiError({
      kind: "api",
      method: "DELETE",
      path: PATH,
      status: 500,
      attempts: 1,
      mayHaveBeenApplied: true,
    });
    expect(noDetail.afterReadBack(false, "gone").detail).toBe("gone");
  });
});

describe("batchItemError", () => {
  test.each([
    ["Unable to retrieve origin_public_cloud_region setting value. The zone setting does not exist.", 404, 1142],
    ["Invalid or missing origin IP address.", 400, 1146],
    [
      "The vendor provided doesn't exist or the region provided does not exist for the specified cloud vendor",
      400,
      1157,
    ],
    ["  Invalid or missing origin IP address.  ", 400, 1146],
  ])("%j is HTTP %i, code %i, as the single endpoint answers it", (message, status, code) => {
    const e = batchItemError("DELETE", PATH, message, 1);
    expect([e.kind, e.method, e.path, e.status, e.errors, e.attempts]).toEqual([
      "api",
      "DELETE",
      PATH,
      status,
      [{ code, message }],
      1,
    ]);
    expect(isNotFound(e)).toBe(code === 1142);
  });

  test("an unknown reason keeps its words, without a code; a missing one says so", () => {
    const e = batchItemError("PUT", PATH, "something new", 2);
    expect([e.kind, e.status, e.errors, e.detail, e.attempts]).toEqual([
      "api",
      400,
      [],
      "refused in a batch call: something new",
      2,
    ]);
    expect(isNotFound(e)).toBe(false);
    expect(batchItemError("PUT", PATH, undefined, 1).detail).toBe(
      "refused in a batch call: the batch answer gave no reason",
    );
  });
});

const IP_RESTRICTED =
  "the API token is restricted to other client IP addresses; run from an address the token allows, or widen its Client IP Address Filtering";
const TOKEN_INVALID =
  "the API token is invalid, expired or revoked; create a new one (dashboard: My Profile, API Tokens) that may edit this zone's settings, and use it instead";

describe("a code Cloudflare gives for more than one cause gets the hint its message points to", () => {
  const hintOf = (code: number, message: string) =>
    new CloudflareApiError({
      kind: "api",
      method: "GET",
      path: PATH,
      status: 403,
      errors: [{ code, message }],
      attempts: 1,
    }).message.split(" — ")[1];

  test.each([
    ["Invalid access token", TOKEN_INVALID],
    ["invalid access token", TOKEN_INVALID],
    ["The access token has expired", TOKEN_INVALID],
    ["Token revoked", TOKEN_INVALID],
    ["Cannot use the access token from location: 198.51.100.7", IP_RESTRICTED],
    ["Some new words", FIX_HINTS[9109]],
  ])("9109 %j", (message, hint) => {
    expect(hintOf(9109, message)).toBe(hint);
  });

  test("9109's hint for words it does not know covers both causes", () => {
    expect(FIX_HINTS[9109]).toMatch(/invalid, expired or revoked.*restricted to other client IP addresses/);
  });

  test("1146 for a path and body that differ is not about the IP's form", () => {
    expect(hintOf(1146, "body origin_ip does not match URL")).toBe(
      "Cloudflare read the origin IP in the URL and in the body as different addresses; this client sends one canonical form in both, so report it with the cf-ray id",
    );
    expect(hintOf(1146, "Invalid or missing origin IP address.")).toBe(FIX_HINTS[1146]);
  });
});

describe("the message's fix hints, word for word", () => {
  test.each([
    [9106, "no credentials reached Cloudflare; set apiToken, or apiKey and email"],
    [
      6003,
      'a credential is malformed: the bare API token (no "Bearer " prefix or whitespace), or a valid API key and email pair',
    ],
    [
      9109,
      "Cloudflare refused the API token: it is invalid, expired or revoked (create a new one), or restricted to other client IP addresses (run from an allowed address, or widen the token's IP filter)",
    ],
    [
      10000,
      "Cloudflare rejected the credentials for this zone; check the token (or API key and email) is valid, not expired, and allowed to edit this zone's settings, and that the zone id belongs to that account",
    ],
    [
      971,
      "Cloudflare's API rate limit (1,200 requests per 5 minutes per user) was reached; wait five minutes or send fewer requests at once",
    ],
    [
      10100,
      "Cloudflare's API rate limit (1,200 requests per 5 minutes per user) was reached; wait five minutes or send fewer requests at once",
    ],
  ])("code %i", (code, hint) => {
    const e = new CloudflareApiError({
      kind: "api",
      method: "GET",
      path: PATH,
      status: 400,
      errors: [{ code, message: "m" }],
      attempts: 1,
    });
    expect(e.message).toBe(`GET ${PATH} failed: HTTP 400, Cloudflare error ${code}: m — ${hint}`);
  });

  test("an error with nothing to say says so", () => {
    const e = new CloudflareApiError({ kind: "network", method: "GET", path: PATH, attempts: 1 });
    expect(e.message).toBe(`GET ${PATH} failed: unknown error`);
  });
});

describe("CloudflareArgumentError", () => {
  test("is named for itself, in its name and its stack", () => {
    const err = new CloudflareArgumentError("zoneId must be a non-empty string");
    expect(err.name).toBe("CloudflareArgumentError");
    expect(err.stack?.split("\n")[0]).toBe("CloudflareArgumentError: zoneId must be a non-empty string");
  });
});

describe("ensureMessageAndStack", () => {
  /** What Pulumi's closure serializer makes of an Error subclass: `super(message)` becomes `Error.call(this, message)`. */
  type Es5Error = Error;
  const Es5Error = function (this: Es5Error, message: string) {
    Error.call(this, message);
    this.name = "Es5Error";
    ensureMessageAndStack(this, message, Es5Error as never);
  } as unknown as new (message: string) => Es5Error;
  Es5Error.prototype = Object.create(Error.prototype, {
    constructor: { value: Es5Error, writable: true, configurable: true },
  });

  function makeEs5Error(): Es5Error {
    return new Es5Error("zoneId must be a non-empty string");
  }

  test("an ES5-style subclass gets its message, as a native Error holds it (writable, not enumerable)", () => {
    expectOwnMessage(makeEs5Error(), "zoneId must be a non-empty string");
  });

  test("an ES5-style subclass gets a stack that starts at its caller", () => {
    const err = makeEs5Error();
    const stack = err.stack?.split("\n") ?? [];
    expect(stack[0]).toBe("Es5Error: zoneId must be a non-empty string");
    expect(stack[1]).toMatch(/^ {4}at makeEs5Error \(/);
  });

  test("a native error keeps the stack it was made with", () => {
    const err = new Error("m");
    const before = err.stack;
    ensureMessageAndStack(err, "m", CloudflareArgumentError);
    expect(err.stack).toBe(before);
  });
});
