/**
 * Property values between the engine and core: secrets unwrapped before core sees them (and rewrapped in what goes
 * back, wherever the value came in secret), and the resource's name, which the dynamic resources send as the input
 * `__resourceName`, taken from the URN instead and never returned to the engine.
 */

/** Pulumi's signature key of a special value, and the signature of a secret. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The property core reads a resource's name from (core/deployment.ts). */
export const NAME_PROPERTY = "__resourceName";

export type Props = Record<string, unknown>;

/** Whether `value` is a secret as the engine sends it (`acceptSecrets`). */
export function isSecret(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as Props)[SIG_KEY] === SECRET_SIG;
}

/** `value` as a secret. */
export function secret(value: unknown): Props {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** `value` with every secret inside it replaced by its plain value. */
export function reveal(value: unknown): unknown {
  if (isSecret(value)) return reveal(value.value);
  if (Array.isArray(value)) return value.map(reveal);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
  }
  return value;
}

/** Whether `value` holds a secret anywhere. */
function holdsSecret(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(holdsSecret);
  if (typeof value === "object" && value !== null) return Object.values(value).some(holdsSecret);
  return false;
}

/** Plain properties for core, and the names of the top-level properties that held a secret. */
export function unwrap(props: Props): { plain: Props; secrets: Set<string> } {
  const secrets = new Set(Object.keys(props).filter((k) => holdsSecret(props[k])));
  return { plain: reveal(props) as Props, secrets };
}

/** `props` with each property named in one of `secretSets` made secret (whole), and the name property left out. */
export function forEngine(props: Props | undefined, ...secretSets: Set<string>[]): Props {
  const out: Props = {};
  for (const [key, value] of Object.entries(props ?? {})) {
    if (key === NAME_PROPERTY || value === undefined) continue;
    out[key] = secretSets.some((s) => s.has(key)) ? secret(value) : value;
  }
  return out;
}

/** The resource's name: the URN's last `::` segment (`urn:pulumi:stack::project::type::name`). */
export function nameOf(urn: string): string | undefined {
  const at = urn.lastIndexOf("::");
  return at < 0 ? undefined : urn.slice(at + 2) || undefined;
}

/** `props` with the resource's name, from its URN, as core reads it. */
export function named(props: Props, urn: string): Props {
  const name = nameOf(urn);
  return name === undefined ? { ...props } : { ...props, [NAME_PROPERTY]: name };
}
