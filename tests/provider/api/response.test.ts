/**
 * classifyResponse and classifyNoResponse on literal inputs: what arrived (a status, headers, a body; or node-fetch's
 * error) in, the literal outcome out, flags and texts word for word.
 */
import { Headers } from "node-fetch";
import { classifyNoResponse, classifyResponse, type Failure, type Outcome } from "../../../provider/api/response";

const NOW = Date.parse("2026-03-01T12:00:00Z");
const RAY = "8a1b2c3d4e5f6a7b-AMS";

function classify(status: number, headers: Record<string, string>, body: string): Outcome<unknown> {
  return classifyResponse(status, new Headers(headers), body, NOW);
}

/** The failure of an outcome that must have failed. */
function failure(outcome: Outcome<unknown>): Failure {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome.response)}`);
  return outcome.failure;
}

describe("classifyResponse: redirects are not followed", () => {
  test("a 301 names where it pointed; not retried, nothing applied", () => {
    expect(failure(classify(301, { Location: "https://evil.example/steal", "CF-Ray": RAY }, ""))).toEqual({
      kind: "invalidResponse",
      status: 301,
      rayId: RAY,
      detail:
        "unexpected redirect to https://evil.example/steal (not followed, it could leak credentials); check the base URL",
      retryable: false,
      uncertain: false,
      retryAfterMs: undefined,
      reason: "answered HTTP 301",
    });
  });

  test("a redirect without Location says only that it was one", () => {
    expect(failure(classify(302, {}, "")).detail).toBe(
      "unexpected redirect (not followed, it could leak credentials); check the base URL",
    );
  });

  test("300 is a redirect too, whatever its body", () => {
    const f = failure(
      classify(300, { "Content-Type": "application/json" }, '{"success":true,"errors":[],"messages":[],"result":{}}'),
    );
    expect([f.detail, f.reason]).toEqual([
      "unexpected redirect (not followed, it could leak credentials); check the base URL",
      "answered HTTP 300",
    ]);
  });
});

describe("classifyResponse: bodies that are not an envelope", () => {
  test("an HTML 404 page: its title is quoted, trimmed; a base-URL hint; neither retried nor uncertain", () => {
    const body = "<html><head><title>\n  404 Not Found  \n</title></head></html>";
    expect(failure(classify(404, { "Content-Type": "text/html" }, body))).toEqual({
      kind: "invalidResponse",
      status: 404,
      rayId: undefined,
      detail: `Cloudflare answered with a non-JSON body (text/html: "404 Not Found"), ${body.length} bytes; check the base URL (it should end in /client/v4)`,
      retryable: false,
      uncertain: false,
      retryAfterMs: undefined,
      reason: "answered HTTP 404 with a non-JSON body",
    });
  });

  test("an HTML 500 page is retried, and a write may have landed", () => {
    const f = failure(classify(500, { "Content-Type": "text/html" }, "<p>oops</p>"));
    expect([f.retryable, f.uncertain, f.detail, f.reason]).toEqual([
      true,
      true,
      "Cloudflare answered with a non-JSON body (text/html), 11 bytes",
      "answered HTTP 500 with a non-JSON body",
    ]);
  });

  test("a text body without a title or a Content-Type says so", () => {
    expect(failure(classify(403, {}, "Forbidden")).detail).toBe(
      "Cloudflare answered with a non-JSON body (no content type), 9 bytes",
    );
  });

  test("text with a brace later on is not JSON", () => {
    const f = failure(classify(400, { "Content-Type": "text/plain" }, "error{1}"));
    expect([f.detail, f.reason]).toEqual([
      "Cloudflare answered with a non-JSON body (text/plain), 8 bytes",
      "answered HTTP 400 with a non-JSON body",
    ]);
  });

  test("an empty 200 is a damaged answer: retried, and the write may have landed", () => {
    expect(failure(classify(200, { "Content-Type": "application/json" }, ""))).toEqual({
      kind: "invalidResponse",
      status: 200,
      rayId: undefined,
      detail: "Cloudflare answered with invalid or truncated JSON (empty body), 0 bytes",
      retryable: true,
      uncertain: true,
      retryAfterMs: undefined,
      reason: "answered HTTP 200 with invalid JSON",
    });
  });

  test("a body of only whitespace counts as empty", () => {
    expect(failure(classify(200, { "Content-Type": "application/json" }, " \n")).detail).toBe(
      "Cloudflare answered with invalid or truncated JSON (empty body), 2 bytes",
    );
  });

  test.each([
    ["a JSON Content-Type", { "Content-Type": "application/json; charset=utf-8" }, '{"success": tr'],
    ["no Content-Type, a body that opens an object", {}, '{"success": tr'],
    ["no Content-Type, a body that opens an array after whitespace", {}, "\n  ["],
  ])("cut-off JSON (%s) is invalid JSON, with the parser's reason", (_case, headers, body) => {
    const f = failure(classify(200, headers, body));
    expect([f.detail, f.reason, f.retryable, f.uncertain]).toEqual([
      `Cloudflare answered with invalid or truncated JSON (Unexpected end of JSON input), ${body.length} bytes`,
      "answered HTTP 200 with invalid JSON",
      true,
      true,
    ]);
  });

  test("an unparseable 400 is neither retried nor uncertain", () => {
    const f = failure(classify(400, {}, ""));
    expect([f.retryable, f.uncertain]).toEqual([false, false]);
  });

  test("a 503 of JSON that is not an envelope: retried, and the retry log's reason does not call it non-JSON", () => {
    const f = failure(classify(503, { "Content-Type": "application/json" }, '{"message":"upstream unavailable"}'));
    expect([f.detail, f.reason, f.retryable, f.uncertain]).toEqual([
      "Cloudflare answered with JSON that is not a Cloudflare API envelope, 34 bytes",
      "answered HTTP 503 with JSON that is not an API envelope",
      true,
      true,
    ]);
  });

  test.each([["null"], ["[]"], ["5"], ['"ok"'], ['{"success":"true"}']])("JSON %s is not an envelope", (body) => {
    expect(failure(classify(200, { "Content-Type": "application/json" }, body)).detail).toBe(
      `Cloudflare answered with JSON that is not a Cloudflare API envelope, ${body.length} bytes`,
    );
  });
});

describe("classifyResponse: envelopes", () => {
  test("success: the result, result_info, messages and cf-ray", () => {
    const body = JSON.stringify({
      success: true,
      errors: [],
      messages: [{ code: 1000, message: "note" }],
      result: [{ origin_ip: "192.0.2.1" }],
      result_info: { page: 1, per_page: 100, count: 1, total_count: 1, total_pages: 1 },
    });
    expect(classify(200, { "CF-Ray": RAY }, body)).toEqual({
      ok: true,
      response: {
        status: 200,
        result: [{ origin_ip: "192.0.2.1" }],
        resultInfo: { page: 1, per_page: 100, count: 1, total_count: 1, total_pages: 1 },
        messages: [{ code: 1000, message: "note" }],
        rayId: RAY,
      },
    });
  });

  test.each([["null"], ["[]"], ['[{"page":1}]'], ["5"], ['"x"']])("a result_info of %s is left out", (info) => {
    const outcome = classify(200, {}, `{"success":true,"errors":[],"messages":[],"result":[],"result_info":${info}}`);
    if (!outcome.ok) throw new Error("expected success");
    expect(outcome.response.resultInfo).toBeUndefined();
  });

  test("success: true on a 4xx is still a failure", () => {
    const f = failure(classify(400, {}, '{"success":true,"errors":[],"messages":[],"result":null}'));
    expect([f.kind, f.retryable, f.uncertain, f.reason]).toEqual(["api", false, false, "answered HTTP 400"]);
  });

  test("a 429 names its codes and Retry-After; retried, nothing applied", () => {
    const body = JSON.stringify({
      success: false,
      errors: [{ code: 971, message: "Please wait and consider throttling your request speed" }],
      messages: [],
      result: null,
    });
    expect(failure(classify(429, { "Retry-After": "7", "CF-Ray": RAY }, body))).toEqual({
      kind: "api",
      status: 429,
      errors: [{ code: 971, message: "Please wait and consider throttling your request speed" }],
      rayId: RAY,
      detail: undefined,
      retryable: true,
      uncertain: false,
      retryAfterMs: 7000,
      reason: "answered HTTP 429 (Cloudflare error 971)",
    });
  });

  test("several codes, gateway chains included, are listed in order", () => {
    const body = JSON.stringify({
      success: false,
      errors: [
        {
          code: 6003,
          message: "Invalid request headers",
          error_chain: [{ code: 6103, message: "Invalid format for X-Auth-Key header" }],
        },
      ],
    });
    expect(failure(classify(400, {}, body)).reason).toBe("answered HTTP 400 (Cloudflare error 6003, 6103)");
  });

  test("a 500 without codes: retried, uncertain, the reason names only the status", () => {
    const f = failure(classify(500, {}, '{"success":false,"errors":[],"messages":[],"result":null}'));
    expect([f.reason, f.retryable, f.uncertain]).toEqual(["answered HTTP 500", true, true]);
  });

  test("success: false on a 200 says so and is not retried", () => {
    const f = failure(classify(200, {}, '{"success":false,"errors":[{"code":1164,"message":"full"}]}'));
    expect([f.detail, f.retryable, f.uncertain, f.reason]).toEqual([
      "success: false",
      false,
      false,
      "answered HTTP 200 (Cloudflare error 1164)",
    ]);
  });

  test("error entries that are not objects are skipped; odd codes and messages are made usable", () => {
    const body = JSON.stringify({
      success: false,
      errors: [
        null,
        "oops",
        5,
        [{ code: 1 }],
        { code: "1142", message: "as text" },
        { code: "abc" },
        { message: "no code" },
        { code: 7003, message: 42 },
      ],
    });
    expect(failure(classify(404, {}, body)).errors).toEqual([
      { code: 1142, message: "as text" },
      { code: 0, message: "" },
      { code: 0, message: "no code" },
      { code: 7003, message: "" },
    ]);
  });
});

describe("classifyNoResponse", () => {
  const BASE = "http://127.0.0.1:9/client/v4";
  const PATH = "/zones/023e105f4ecef8ad9ca31a8372d0c353/origin/cloud_regions/192.0.2.1";
  const URL = BASE + PATH;
  const noResponse = (err: unknown): Failure => classifyNoResponse(err, false, 30_000, URL, BASE, PATH);

  /** Shaped as node-fetch 2's FetchError for a socket-level failure. */
  function fetchError(message: string, code: string | undefined, type = "system"): Error {
    return Object.assign(new Error(message), { name: "FetchError", type, code, errno: code });
  }

  test("a timeout: retried, and the write may have landed", () => {
    expect(classifyNoResponse(new Error("The user aborted a request."), true, 12_500, URL, BASE, PATH)).toEqual({
      kind: "timeout",
      detail: "no complete response within 12.5 s (timeout)",
      retryable: true,
      uncertain: true,
      reason: "timed out after 12.5 s",
    });
  });

  test("a reset connection: node-fetch's prefix cut, the code added, retried, uncertain", () => {
    expect(noResponse(fetchError(`request to ${URL} failed, reason: socket hang up`, "ECONNRESET"))).toEqual({
      kind: "network",
      detail: "no response from Cloudflare: socket hang up (ECONNRESET)",
      retryable: true,
      uncertain: true,
      reason: "failed: socket hang up (ECONNRESET)",
    });
  });

  test.each([["ECONNREFUSED"], ["ENOTFOUND"], ["EAI_AGAIN"], ["EHOSTUNREACH"], ["ENETUNREACH"]])(
    "%s: nothing was sent, so nothing can have been applied; retried",
    (code) => {
      const f = noResponse(fetchError(`request to ${URL} failed, reason: connect ${code} 127.0.0.1:9`, code));
      expect([f.uncertain, f.retryable, f.reason]).toEqual([false, true, `failed: connect ${code} 127.0.0.1:9`]);
    },
  );

  test("a body cut off mid-stream: node-fetch's other prefix cut", () => {
    const f = noResponse(fetchError(`Invalid response body while trying to fetch ${URL}: aborted`, "ECONNRESET"));
    expect([f.reason, f.uncertain]).toEqual(["failed: aborted (ECONNRESET)", true]);
  });

  test("a system FetchError without a code is uncertain", () => {
    const f = noResponse(fetchError(`request to ${URL} failed, reason: premature close`, undefined));
    expect([f.reason, f.retryable, f.uncertain]).toEqual(["failed: premature close", true, true]);
  });

  test("only a leading node-fetch prefix is cut; the URL elsewhere becomes the path", () => {
    const f = noResponse(new Error(`proxy said: request to ${URL} failed, reason: no`));
    expect(f.reason).toBe(`failed: proxy said: request to ${PATH} failed, reason: no`);
  });

  test("another URL under the base URL loses the base", () => {
    expect(noResponse(new Error(`cannot reach ${BASE}/zones/x`)).reason).toBe("failed: cannot reach /zones/x");
  });

  test.each([
    [
      "a FetchError that is not a socket failure",
      fetchError(`invalid json response body at ${URL} reason: x`, undefined, "invalid-json"),
    ],
    ["a non-FetchError with type 'system'", Object.assign(new TypeError("bad header"), { type: "system" })],
    ["a TypeError", new TypeError("bad header")],
  ])("%s is not retried and not uncertain", (_case, err) => {
    const f = noResponse(err);
    expect([f.retryable, f.uncertain]).toEqual([false, false]);
  });

  test("a non-string code is ignored", () => {
    expect(noResponse(Object.assign(new Error("The operation was aborted"), { code: 20 })).reason).toBe(
      "failed: The operation was aborted",
    );
  });

  test("the message, not the error's string form; a thrown non-error is used as it is", () => {
    expect(noResponse(new TypeError("bad header")).reason).toBe("failed: bad header");
    expect(noResponse("socket exploded").reason).toBe("failed: socket exploded");
    expect(noResponse({ message: 42 }).reason).toBe("failed: [object Object]");
  });
});
