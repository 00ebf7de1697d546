import {
  authHeaders,
  DEFAULT_BASE_URL,
  DEFAULT_RETRY_POLICY,
  DEFAULT_TIMEOUT_MS,
  resolveBaseUrl,
  resolveRetryPolicy,
  resolveTimeoutMs,
  type Credentials,
} from "../../../provider/api/settings";
import { CloudflareConfigError, OriginCloudRegionsError } from "../../../provider/api/errors";
import { CloudflareHttp } from "../../../provider/api/http";
import { OriginCloudRegionsApi } from "../../../provider/api/originCloudRegions";
import { expectOwnMessage } from "./helpers";

describe("resolveBaseUrl", () => {
  test("defaults to Cloudflare's v4 API", () => {
    expect(resolveBaseUrl(undefined)).toBe("https://api.cloudflare.com/client/v4");
    expect(DEFAULT_BASE_URL).toBe("https://api.cloudflare.com/client/v4");
  });

  test.each([
    ["https://api.cloudflare.com/client/v4", "https://api.cloudflare.com/client/v4"],
    ["https://api.cloudflare.com/client/v4/", "https://api.cloudflare.com/client/v4"],
    ["https://api.cloudflare.com/client/v4//", "https://api.cloudflare.com/client/v4"],
    ["https://proxy.example.com:8443/cf/", "https://proxy.example.com:8443/cf"],
    ["HTTPS://API.CLOUDFLARE.COM/client/v4", "https://api.cloudflare.com/client/v4"],
    ["http://127.0.0.1:8787/client/v4", "http://127.0.0.1:8787/client/v4"],
    ["http://127.8.9.10/client/v4/", "http://127.8.9.10/client/v4"],
    ["http://localhost:8787/client/v4", "http://localhost:8787/client/v4"],
    ["http://LOCALHOST:1/", "http://localhost:1"],
    ["http://[::1]:8787/client/v4", "http://[::1]:8787/client/v4"],
    ["http://[0:0:0:0:0:0:0:1]:8787/x", "http://[::1]:8787/x"],
    ["  https://api.cloudflare.com/client/v4  ", "https://api.cloudflare.com/client/v4"],
  ])("accepts %s", (input, expected) => {
    expect(resolveBaseUrl(input)).toBe(expected);
  });

  test.each([
    "http://api.cloudflare.com/client/v4",
    "http://10.0.0.5:8787/client/v4",
    "http://192.168.1.10/client/v4",
    "http://[2001:db8::1]/client/v4",
    "http://128.0.0.1/client/v4",
    "http://localhost.example.com/client/v4",
    "http://0.0.0.0:8787/client/v4",
  ])("refuses plain http to a non-loopback host: %s", (input) => {
    expect(() => resolveBaseUrl(input)).toThrow(CloudflareConfigError);
    expect(() => resolveBaseUrl(input)).toThrow(
      /plain http to a non-loopback host: the API credentials would travel in clear text/,
    );
  });

  test.each(["not a url", "api.cloudflare.com/client/v4", "://x", "/client/v4"])("refuses a non-URL: %s", (input) => {
    expect(() => resolveBaseUrl(input)).toThrow(/is not a valid absolute URL/);
  });

  test("refuses an empty base URL", () => {
    expect(() => resolveBaseUrl("")).toThrow(/empty/);
    expect(() => resolveBaseUrl("   ")).toThrow(/empty/);
  });

  test.each(["ftp://api.cloudflare.com/client/v4", "file:///etc/passwd", "ws://127.0.0.1/"])(
    "refuses other schemes: %s",
    (input) => {
      expect(() => resolveBaseUrl(input)).toThrow(/must use https/);
    },
  );

  test("another scheme's message shows a host-based URL, and of an opaque one (file:) the scheme only", () => {
    expect(() => resolveBaseUrl("ftp://api.cloudflare.com/client/v4")).toThrow(
      new CloudflareConfigError("Cloudflare base URL ftp://api.cloudflare.com/client/v4 must use https (got ftp:)"),
    );
    expect(() => resolveBaseUrl("file:///etc/passwd")).toThrow(
      new CloudflareConfigError("Cloudflare base URL must use https (got file:)"),
    );
  });

  test("refuses user info without echoing it", () => {
    for (const input of [
      "https://user:hunter2secret@api.cloudflare.com/client/v4",
      "https://hunter2secret@api.cloudflare.com/",
      "http://u:hunter2secret@127.0.0.1/",
    ]) {
      let message = "";
      try {
        resolveBaseUrl(input);
      } catch (e) {
        expect(e).toBeInstanceOf(CloudflareConfigError);
        message = (e as Error).message + (e as Error).stack;
      }
      expect(message).toMatch(/must not contain user info/);
      expect(message).not.toContain("hunter2secret");
    }
  });

  test("refuses a query string or fragment", () => {
    expect(() => resolveBaseUrl("https://api.cloudflare.com/client/v4?x=1")).toThrow(/query string or a fragment/);
    expect(() => resolveBaseUrl("https://api.cloudflare.com/client/v4#x")).toThrow(/query string or a fragment/);
  });

  test("a value that is not a string is refused as no base URL, not a TypeError", () => {
    for (const value of [42, null]) {
      expect(() => resolveBaseUrl(value as unknown as string)).toThrow(
        new CloudflareConfigError(
          "Cloudflare base URL is empty; leave it unset to use https://api.cloudflare.com/client/v4",
        ),
      );
    }
  });

  test("a byte-order mark or a non-breaking space around the URL (from a file, a web page) is trimmed like a space", () => {
    expect(resolveBaseUrl("\ufeffhttps://api.cloudflare.com/client/v4")).toBe("https://api.cloudflare.com/client/v4");
    expect(resolveBaseUrl("https://api.cloudflare.com/client/v4\u00a0")).toBe("https://api.cloudflare.com/client/v4");
  });

  test("a non-URL is echoed, quoted, in the message", () => {
    expect(() => resolveBaseUrl("api.cloudflare.com/client/v4")).toThrow(
      new CloudflareConfigError(
        'Cloudflare base URL "api.cloudflare.com/client/v4" is not a valid absolute URL (expected e.g. https://api.cloudflare.com/client/v4)',
      ),
    );
  });

  test("a non-URL that may carry user info (an @) is not echoed", () => {
    let error: Error | undefined;
    try {
      resolveBaseUrl("hunter2secret@api.cloudflare.com/client/v4");
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeInstanceOf(CloudflareConfigError);
    expect(error?.message).toBe(
      "Cloudflare base URL is not a valid absolute URL (expected e.g. https://api.cloudflare.com/client/v4)",
    );
    expect(`${error?.message}${error?.stack}`).not.toContain("hunter2secret");
  });

  test("user:password@host without a scheme reads as a scheme 'user:': the rest, the password, is not echoed", () => {
    let message = "";
    try {
      resolveBaseUrl("me:hunter2secret@api.cloudflare.com/client/v4");
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe("Cloudflare base URL must use https (got me:)");
    expect(message).not.toContain("hunter2secret");
  });

  test("a password without a user name is user info too, and not echoed", () => {
    let message = "";
    try {
      resolveBaseUrl("https://:hunter2secret@api.cloudflare.com/client/v4");
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(
      "Cloudflare base URL must not contain user info (user:password@); pass credentials in the credentials setting",
    );
  });

  test.each([
    ["http://localhost.:8787/client/v4", "http://localhost.:8787/client/v4"],
    ["http://fake.localhost:8787/client/v4", "http://fake.localhost:8787/client/v4"],
    ["http://127.255.255.254/client/v4", "http://127.255.255.254/client/v4"],
  ])("plain http to loopback written another way is accepted: %s", (input, expected) => {
    expect(resolveBaseUrl(input)).toBe(expected);
  });

  test.each(["http://127.0.0.1.example.com/client/v4", "http://127.0.0.1x/client/v4"])(
    "a host name that merely starts like a loopback address is not loopback: %s",
    (input) => {
      expect(() => resolveBaseUrl(input)).toThrow(/plain http to a non-loopback host/);
    },
  );

  test("the client validates the base URL at construction", () => {
    expect(
      () => new OriginCloudRegionsApi({ credentials: { apiToken: "t0ken" }, baseUrl: "http://example.com" }),
    ).toThrow(/clear text/);
  });
});

describe("authHeaders", () => {
  test("API token → Authorization: Bearer", () => {
    expect(authHeaders({ apiToken: "abc_DEF-123" })).toEqual({ Authorization: "Bearer abc_DEF-123" });
  });

  test("API key + email → X-Auth-Email and X-Auth-Key", () => {
    expect(authHeaders({ apiKey: "144c9defac04969c7bfad8efaa8ea194", email: "me@example.com" })).toEqual({
      "X-Auth-Email": "me@example.com",
      "X-Auth-Key": "144c9defac04969c7bfad8efaa8ea194",
    });
  });

  test("both schemes at once are refused", () => {
    const both = {
      apiToken: "secretTOKENvalue",
      apiKey: "secretKEYvalue",
      email: "me@example.com",
    } as unknown as Credentials;
    expect(() => authHeaders(both)).toThrow(/either apiToken or apiKey \+ email, not both/);
  });

  test("both schemes at once: the message says why, and holds neither secret", () => {
    const both = {
      apiToken: "secretTOKENvalue",
      apiKey: "secretKEYvalue",
      email: "me@example.com",
    } as unknown as Credentials;
    let message = "";
    try {
      authHeaders(both);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(
      "Cloudflare credentials: set either apiToken or apiKey + email, not both (Cloudflare rejects a request that carries both schemes)",
    );
    expect(message).not.toMatch(/secretTOKENvalue|secretKEYvalue/);
  });

  test("a field set to null counts as unset", () => {
    expect(authHeaders({ apiToken: null, apiKey: "k3y", email: "me@example.com" } as unknown as Credentials)).toEqual({
      "X-Auth-Email": "me@example.com",
      "X-Auth-Key": "k3y",
    });
    expect(authHeaders({ apiToken: "t0ken", apiKey: null } as unknown as Credentials)).toEqual({
      Authorization: "Bearer t0ken",
    });
    expect(authHeaders({ apiToken: "t0ken", email: null } as unknown as Credentials)).toEqual({
      Authorization: "Bearer t0ken",
    });
  });

  test("null credentials are missing credentials, not a TypeError", () => {
    expect(() => authHeaders(null as unknown as Credentials)).toThrow(
      new CloudflareConfigError("Cloudflare credentials are missing: set apiToken, or apiKey and email"),
    );
  });

  test.each([
    [undefined, /missing/],
    [{}, /missing/],
    [{ apiToken: "" }, /apiToken must be a non-empty string/],
    [{ apiToken: 42 }, /apiToken must be a non-empty string/],
    [{ apiKey: "k3y" }, /email must be a non-empty string/],
    [{ email: "me@example.com" }, /apiKey must be a non-empty string/],
  ])("refuses %p", (credentials, pattern) => {
    expect(() => authHeaders(credentials as unknown as Credentials)).toThrow(pattern);
  });

  test("refuses whitespace, control and non-ASCII characters without echoing the value", () => {
    for (const bad of ["secretTOKEN\n", " secretTOKEN", "secret TOKEN", "secretTOKEN\u00e9", "secretTOKEN\u0000"]) {
      let err: Error | undefined;
      try {
        authHeaders({ apiToken: bad });
      } catch (e) {
        err = e as Error;
      }
      expect(err).toBeInstanceOf(CloudflareConfigError);
      expect(err?.message).toBe(
        "Cloudflare credentials: apiToken contains whitespace, control or non-ASCII characters (a trailing newline from a file or an environment variable?)",
      );
      expect(`${err?.message}${err?.stack}${JSON.stringify(err)}`).not.toContain("secretTOKEN");
    }
  });
});

describe("a value copied with its Bearer scheme", () => {
  const failure = (credentials: Credentials) => {
    try {
      authHeaders(credentials);
    } catch (e) {
      return e as Error;
    }
    throw new Error("accepted");
  };

  test.each(["Bearer secretTOKEN", "bearer secretTOKEN", "BEARER\tsecretTOKEN", " Bearer  secretTOKEN\n"])(
    "apiToken %j: the message names the prefix, not whitespace or a trailing newline, and never the value",
    (apiToken) => {
      const error = failure({ apiToken });
      expect(error).toBeInstanceOf(CloudflareConfigError);
      expect(error.message).toBe(
        'Cloudflare credentials: apiToken starts with "Bearer ", the header\'s scheme, not part of the token: set the token alone ' +
          "(the provider sends Authorization: Bearer <token> itself)",
      );
      expect(`${error.message}${error.stack}`).not.toContain("secretTOKEN");
    },
  );

  test("an API key with the prefix is named as such too", () => {
    expect(failure({ apiKey: "Bearer 144c9defac04969c7bfad8efaa8ea194", email: "me@example.com" }).message).toBe(
      'Cloudflare credentials: apiKey starts with "Bearer ": set the apiKey alone, without a scheme',
    );
  });

  test('"bearer " inside a value is not a prefix: the value is refused for its space', () => {
    expect(failure({ apiToken: "secretTOKEN bearer x" }).message).toBe(
      "Cloudflare credentials: apiToken contains whitespace, control or non-ASCII characters (a trailing newline from a file or an environment variable?)",
    );
  });

  test("a token that merely starts with the letters is not a prefix", () => {
    expect(authHeaders({ apiToken: "BearerlyValidToken123" })).toEqual({
      Authorization: "Bearer BearerlyValidToken123",
    });
  });
});

describe("a value in quotes, as a .env file holds it", () => {
  const failure = (credentials: Credentials): Error => {
    try {
      authHeaders(credentials);
    } catch (e) {
      return e as Error;
    }
    throw new Error("accepted");
  };

  test.each(['"secretTOKEN"', "'secretTOKEN'", '"secretTOKEN', "secretTOKEN'"])(
    "apiToken %j is refused, naming the field, not the value",
    (apiToken) => {
      const error = failure({ apiToken });
      expect(error).toBeInstanceOf(CloudflareConfigError);
      expect(error.message).toBe(
        "Cloudflare credentials: apiToken is in quotes (it starts or ends with \" or '), which are not part of the value: set " +
          "it without them (a .env file or a shell that kept its quotes?)",
      );
      expect(`${error.message}${error.stack}`).not.toContain("secretTOKEN");
    },
  );

  test.each([
    [{ apiKey: '"144c9defac04969c7bfad8efaa8ea194"', email: "me@example.com" }, "apiKey"],
    [{ apiKey: "144c9defac04969c7bfad8efaa8ea194", email: "'me@example.com'" }, "email"],
  ])("the key scheme's fields too (%j)", (credentials, field) => {
    expect(failure(credentials).message).toMatch(new RegExp(`^Cloudflare credentials: ${field} is in quotes`));
  });

  test("the client refuses it when built, before any request", () => {
    expect(
      () =>
        new OriginCloudRegionsApi({
          credentials: { apiToken: '"secretTOKEN"' },
          baseUrl: "http://127.0.0.1:9/client/v4",
        }),
    ).toThrow(/^Cloudflare credentials: apiToken is in quotes/);
  });
});

describe("retry policy and timeout", () => {
  test("defaults", () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 8000, maxElapsedMs: 300_000 });
    expect(DEFAULT_TIMEOUT_MS).toBe(30_000);
    expect(resolveRetryPolicy(undefined)).toEqual(DEFAULT_RETRY_POLICY);
    expect(resolveTimeoutMs(undefined)).toBe(30_000);
    const http = new CloudflareHttp({ credentials: { apiToken: "t0ken" } });
    expect(http.retry).toEqual(DEFAULT_RETRY_POLICY);
    expect(http.timeoutMs).toBe(30_000);
    expect(http.baseUrl).toBe(DEFAULT_BASE_URL);
  });

  test("partial overrides", () => {
    expect(resolveRetryPolicy({ maxAttempts: 2 })).toEqual({ ...DEFAULT_RETRY_POLICY, maxAttempts: 2 });
  });

  test.each([
    { maxAttempts: 0 },
    { maxAttempts: 1.5 },
    { baseDelayMs: -1 },
    { maxElapsedMs: Number.NaN },
    { maxDelayMs: Infinity },
  ])("refuses %p", (retry) => {
    expect(() => resolveRetryPolicy(retry)).toThrow(CloudflareConfigError);
  });

  test("zero delays and budget are allowed (>= 0)", () => {
    expect(resolveRetryPolicy({ baseDelayMs: 0, maxDelayMs: 0, maxElapsedMs: 0 })).toEqual({
      maxAttempts: 5,
      baseDelayMs: 0,
      maxDelayMs: 0,
      maxElapsedMs: 0,
    });
  });

  test.each([
    [{ baseDelayMs: -1 }, "Cloudflare retry.baseDelayMs must be a finite number >= 0"],
    [{ maxDelayMs: Infinity }, "Cloudflare retry.maxDelayMs must be a finite number >= 0"],
    [{ maxAttempts: 0 }, "Cloudflare retry.maxAttempts must be an integer >= 1"],
    [{ maxAttempts: 1.5 }, "Cloudflare retry.maxAttempts must be an integer >= 1"],
  ])("the message for %p names the field and the rule", (retry, message) => {
    expect(() => resolveRetryPolicy(retry)).toThrow(new CloudflareConfigError(message));
  });

  test.each([0, -5, Number.NaN, Infinity])("refuses timeoutMs %p", (timeoutMs) => {
    expect(() => resolveTimeoutMs(timeoutMs)).toThrow(/timeoutMs/);
  });
});

describe("CloudflareConfigError", () => {
  test("is named, and its stack starts with its name and message, then its caller", () => {
    const makeError = () => new CloudflareConfigError("Cloudflare timeoutMs must be a finite number > 0");
    const error = makeError();
    expect(error.name).toBe("CloudflareConfigError");
    expect(error.stack?.split("\n")[0]).toBe("CloudflareConfigError: Cloudflare timeoutMs must be a finite number > 0");
    expect(error.stack?.split("\n")[1]).toMatch(/^ {4}at makeError \(/);
  });

  /**
   * The class as Pulumi's closure serializer rewrites it: `super(message)` becomes `Error.call(this, message)`, which
   * makes and drops another error and leaves `this` without its own message or stack.
   */
  function Es5Super(this: Error, message: string): void {
    Error.call(this, message);
  }
  Es5Super.prototype = Error.prototype;

  function makeEs5ConfigError(): CloudflareConfigError {
    // The serializer rewrites the family's base class, whose `super(message)` is the one that reaches Error.
    const base = Object.getPrototypeOf(OriginCloudRegionsError) as object | null;
    Object.setPrototypeOf(OriginCloudRegionsError, Es5Super);
    try {
      return new CloudflareConfigError("Cloudflare timeoutMs must be a finite number > 0");
    } finally {
      Object.setPrototypeOf(OriginCloudRegionsError, base);
    }
  }

  test("built ES5-style, it still gets its message, as a native Error holds it (writable, not enumerable)", () => {
    expectOwnMessage(makeEs5ConfigError(), "Cloudflare timeoutMs must be a finite number > 0");
  });

  test("built ES5-style, it still gets a stack that starts at its caller", () => {
    const stack = makeEs5ConfigError().stack?.split("\n") ?? [];
    expect(stack[0]).toBe("CloudflareConfigError: Cloudflare timeoutMs must be a finite number > 0");
    expect(stack[1]).toMatch(/^ {4}at makeEs5ConfigError \(/);
  });
});
