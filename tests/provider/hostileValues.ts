// Values of the wrong type that break naive formatting (`${value}`, String(value), JSON.stringify(value)), shared by
// the in-process tests of every check. Each is named for the test title.
import { UNKNOWN } from "../../provider/core/mappingChecks";

const circular: Record<string, unknown> = {};
circular.self = circular;
const revoked = Proxy.revocable({}, {});
revoked.revoke();

/** [name, value] pairs; none of them may make a check throw. */
export const HOSTILE_VALUES: [string, unknown][] = [
  ["an object whose toString is not a function", { toString: "x" }],
  ["an object whose toString and valueOf are not functions", { toString: 1, valueOf: 2 }],
  [
    "an object whose toString throws",
    {
      toString: () => {
        throw new Error("toString boom");
      },
    },
  ],
  [
    "an object whose valueOf throws",
    {
      valueOf: () => {
        throw new Error("valueOf boom");
      },
    },
  ],
  [
    "an object whose Symbol.toPrimitive throws",
    {
      [Symbol.toPrimitive]: () => {
        throw new Error("toPrimitive boom");
      },
    },
  ],
  [
    "an object whose toJSON throws",
    {
      toJSON: () => {
        throw new Error("toJSON boom");
      },
    },
  ],
  [
    "an object with a throwing getter",
    Object.defineProperty({}, "x", {
      enumerable: true,
      get: () => {
        throw new Error("getter boom");
      },
    }),
  ],
  ["a null-prototype object", Object.create(null)],
  ["a null-prototype object with a key", Object.assign(Object.create(null), { a: 1 })],
  ["a circular object", circular],
  ["a revoked proxy", revoked.proxy],
  ["a symbol", Symbol("s")],
  ["a bigint", 10n ** 30n],
  ["an object holding a bigint", { n: 1n }],
  ["a function", () => 1],
  [
    "a function whose toString throws",
    Object.assign(() => 1, {
      toString: () => {
        throw new Error("fn boom");
      },
    }),
  ],
  ["NaN", NaN],
  ["Infinity", Infinity],
  ["an empty array", []],
  ["an array of strings", ["192.0.2.1"]],
  ["an array holding the unknown value", [UNKNOWN]],
  ["an object holding the unknown value", { value: UNKNOWN }],
  ["a deeply nested array", Array.from({ length: 20_000 }).reduce((inner: unknown) => [inner], [])],
];

/** A string far longer than any valid input, for which no check may take long or echo it whole. */
export const HUGE = "x".repeat(2_000_000);
