// Retry timing on its own: reading Retry-After (RFC 9110 §10.2.3) and the decision at the edges of the policy.
import { execFileSync } from "child_process";
import { decideRetry, parseRetryAfter } from "../../../provider/api/retryTiming";
import { DEFAULT_RETRY_POLICY } from "../../../provider/api/settings";

const NOW = Date.parse("2026-03-01T12:00:00Z");
const noJitter = () => 0;

describe("parseRetryAfter", () => {
  test("the asctime form is read as GMT here too; a day name followed by no date, or text before the day name, is unreadable", () => {
    expect(parseRetryAfter("Sun Mar  1 12:00:07 2026", NOW)).toBe(7_000);
    expect(parseRetryAfter("Sunday, not a date", NOW)).toBeUndefined();
    expect(parseRetryAfter("x Sun, 01 Mar 2026 12:00:07 GMT", NOW)).toBeUndefined();
  });

  test("the asctime form, which names no zone, is GMT (RFC 9110 §5.6.7) whatever the machine's time zone", () => {
    // jest's process.env is a copy, so the zone is set for a child process, which reads the module through ts-node.
    const script = `const { parseRetryAfter } = require(${JSON.stringify(require.resolve("../../../provider/api/retryTiming"))});
      process.stdout.write(JSON.stringify([new Date(0).getTimezoneOffset(), parseRetryAfter("Sun Mar  1 12:00:07 2026", ${NOW})]));`;
    const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
      env: { ...process.env, TZ: "America/New_York" },
      encoding: "utf8",
    });
    expect(JSON.parse(out)).toEqual([300, 7_000]);
  });

  test("delay-seconds, also with the optional whitespace around a field value (RFC 9110 §5.6.3 OWS)", () => {
    expect(parseRetryAfter("120", NOW)).toBe(120_000);
    expect(parseRetryAfter(" 120 ", NOW)).toBe(120_000);
  });

  test("decimal seconds are tolerated", () => {
    expect(parseRetryAfter("1.25", NOW)).toBe(1_250);
  });

  test("an HTTP-date, as IMF-fixdate or the obsolete RFC 850 form (RFC 9110 §5.6.7): the time left until it", () => {
    expect(parseRetryAfter("Sun, 01 Mar 2026 12:00:07 GMT", NOW)).toBe(7_000);
    expect(parseRetryAfter("Sunday, 01-Mar-26 12:00:07 GMT", NOW)).toBe(7_000);
  });

  test("a value that is neither delay-seconds (1*DIGIT) nor an HTTP-date is unreadable", () => {
    expect(parseRetryAfter("1e3", NOW)).toBeUndefined();
    expect(parseRetryAfter("120abc", NOW)).toBeUndefined();
  });

  test("a negative or signed number is no delay-seconds and no HTTP-date either: unreadable, not a date from V8's lenient Date.parse", () => {
    // Date.parse reads "-1" as 2001-01-01 and "+5" as 2001-05-01: both would come out as "retry now, as asked".
    expect(parseRetryAfter("-1", NOW)).toBeUndefined();
    expect(parseRetryAfter("+5", NOW)).toBeUndefined();
  });
});

describe("decideRetry", () => {
  test("the last attempt, without Retry-After: give up with nothing to add", () => {
    expect(decideRetry(DEFAULT_RETRY_POLICY, 5, 1_000, undefined, noJitter, NOW)).toStrictEqual({ retry: false });
  });

  test("a Retry-After that ends exactly when the retry budget does is honoured", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxElapsedMs: 10_000 };
    expect(decideRetry(policy, 1, 500, 9_500, noJitter, NOW)).toStrictEqual({
      retry: true,
      waitMs: 9_500,
      asked: true,
    });
  });
});
