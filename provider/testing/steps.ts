/**
 * What the engine and the provider host do for one registration of this package's resources, run in-process for the
 * test kit: Check (failures become the lines `pulumi preview` prints), then in a preview the checked inputs as the
 * outputs, else Create; a `get` is a Read. The provider's own operations run, so every message and output is theirs.
 */
import * as pulumi from "@pulumi/pulumi";
import { originCloudRegionProvider, UNKNOWN } from "../core/originCloudRegion/provider";
import { originCloudRegionSetProvider } from "../core/originCloudRegionSet/provider";
import { OriginCloudRegion } from "../dynamic/originCloudRegion";
import { OriginCloudRegionSet } from "../dynamic/originCloudRegionSet";

/** The type tokens of the package's resources, as Pulumi registers them. */
export const MAPPING_TYPE = OriginCloudRegion.__pulumiType;
export const SET_TYPE = OriginCloudRegionSet.__pulumiType;

/** The property the dynamic resource carries its serialized provider in; the host hands it back in the outputs. */
const PROVIDER_KEY = "__provider";
/** How Pulumi's runtime marks a secret in deserialized values (`{ [SIG]: SECRET, value }`). */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";

type Props = Record<string, unknown>;

/** A registration of one of the package's resources, answered as the engine and the provider would answer it. */
export async function registerOwn(args: pulumi.runtime.MockResourceArgs): Promise<pulumi.runtime.MockResourceResult> {
  const provider = args.type === SET_TYPE ? originCloudRegionSetProvider : originCloudRegionProvider;
  const { values: news, secrets } = plainInputs(args.inputs);
  if (args.id) {
    const read = await provider.read(args.id, undefined);
    if (!read.id) throw new Error(`${args.type} resource '${args.name}': resource '${args.id}' does not exist`);
    return { id: read.id, state: asState({ ...read.props }, news, secrets) };
  }
  const checked = await provider.check({}, news);
  if (checked.failures && checked.failures.length > 0)
    throw new Error(checkFailureText(args.type, args.name, news, checked.failures));
  const inputs = checked.inputs as never;
  // A preview runs no Create: the engine shows the checked inputs as the outputs, the id and the rest unknown.
  if (pulumi.runtime.isDryRun()) return { id: undefined, state: asState(inputs, news, secrets) };
  const created = await provider.create(inputs);
  return { id: created.id, state: asState({ ...created.outs }, news, secrets) };
}

/**
 * The engine's lines for check failures (one per failure), as `pulumi preview` prints them: with a property,
 * `<type> resource '<name>': property <property> value {<value>} has a problem: <reason>`; without,
 * `<type> resource '<name>' has a problem: <reason>`. The value is the program's input of that name, as the engine
 * prints it (`<nil>` for a nested property such as `mappings[2].region`).
 */
export function checkFailureText(
  type: string,
  name: string,
  inputs: Props,
  failures: pulumi.dynamic.CheckFailure[],
): string {
  return failures
    .map((f) =>
      f.property
        ? `${type} resource '${name}': property ${f.property} value {${engineText(inputs[f.property])}} has a problem: ${f.reason}`
        : `${type} resource '${name}' has a problem: ${f.reason}`,
    )
    .join("\n");
}

function engineText(value: unknown): string {
  if (value === undefined || value === null) return "<nil>";
  return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
}

/**
 * The inputs as the provider host receives them: unknown values (a preview) as the engine's unknown sentinel, secrets
 * unwrapped (the dynamic provider accepts no secrets); `secrets` names the top-level inputs that were secret.
 */
function plainInputs(inputs: Props): { values: Props; secrets: Set<string> } {
  const secrets = new Set<string>();
  const values: Props = {};
  for (const [key, value] of Object.entries(inputs)) {
    if (isSecret(value)) secrets.add(key);
    values[key] = plain(value);
  }
  return { values, secrets };
}

function plain(value: unknown): unknown {
  if (pulumi.isUnknown(value)) return UNKNOWN;
  if (isSecret(value)) return plain((value as Props).value);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function isSecret(value: unknown): boolean {
  return value !== null && typeof value === "object" && (value as Props)[SIG] === SECRET;
}

/**
 * Outputs as the engine returns them to the program: the provider's, with `__provider` handed back as the host does,
 * and secret where the same-named input was (the engine keeps an input's secrecy on its output).
 */
function asState(outs: Props, news: Props, secrets: Set<string>): Props {
  const state: Props = { ...outs, [PROVIDER_KEY]: news[PROVIDER_KEY] };
  for (const key of secrets) if (key in state) state[key] = pulumi.secret(state[key]);
  return state;
}
