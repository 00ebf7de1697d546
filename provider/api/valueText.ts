/**
 * Any value as message text, without ever throwing: inputs reach `check` with whatever the program or a hand-edited
 * state holds, and a message about a bad value must not fail on that value (String() throws for an object whose
 * toString is not a function, JSON.stringify for a bigint or a cycle).
 */

/** Whether `text` is longer than `max` is all callers need, so a long text is never built whole. */
const SLACK = 16;

/**
 * Strings as JSON, other primitives as written (`12n` for a bigint), functions as their source, objects and arrays as
 * JSON; undefined for a value none of these can show. At most `max` characters plus a little, so callers can tell it
 * was long and cut it their way.
 */
export function valueText(value: unknown, max: number): string | undefined {
  try {
    if (typeof value === "string") return JSON.stringify(value.slice(0, max + SLACK));
    if (typeof value === "bigint") return `${value}n`.slice(0, max + SLACK);
    if (typeof value === "object" && value !== null) return JSON.stringify(value)?.slice(0, max + SLACK);
    return String(value).slice(0, max + SLACK);
  } catch {
    return undefined;
  }
}

/** "an array", "an object", "a number" … ; never throws (Array.isArray throws for a revoked proxy). */
export function kindOf(value: unknown): string {
  if (value === null) return "null";
  let array = false;
  try {
    array = Array.isArray(value);
  } catch {
    // a revoked proxy: an object all the same
  }
  if (array) return "an array";
  const type = typeof value;
  return type === "object" ? "an object" : `a ${type}`;
}

/**
 * A value quoted for a message, its type named unless it is a string, cut short so hostile input cannot flood the
 * output. Never throws, whatever the value.
 */
export function quote(value: unknown): string {
  if (value === undefined) return "(missing)";
  if (value === null) return "null";
  const shown = valueText(value, 80);
  if (shown === undefined) return `(${kindOf(value)} that cannot be shown)`;
  const text = typeof value === "string" ? shown : `${shown} (${kindOf(value)})`;
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
