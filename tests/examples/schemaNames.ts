// The names a program in another language may use, from the plugin's schema (plugin/schema.json), and simple
// checks of the YAML and Python examples against them: what they use must exist, what is required must be there.
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../harness/providerHost";

// js-yaml (untyped, installed with jest) reads YAML as Pulumi's reader would.
export const yaml = require("js-yaml") as { load(text: string): unknown };

interface Property {
  type?: string;
  $ref?: string;
  items?: Property;
}
interface ObjectSpec {
  properties?: Record<string, Property>;
  required?: string[];
}
interface Schema {
  resources: Record<string, { inputProperties: Record<string, Property>; requiredInputs?: string[] } & ObjectSpec>;
  functions: Record<string, { inputs: ObjectSpec; outputs: ObjectSpec }>;
  types: Record<string, ObjectSpec & { enum?: { value: string }[] }>;
}

export const schema: Schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "plugin", "schema.json"), "utf8"));
const nameOf = (token: string) => token.split(":").pop()!;
const typeOf = (ref: string) => schema.types[ref.replace("#/types/", "")];

/** Pulumi's Python names (pkg/codegen/python PyName): camelCase to snake_case. */
export const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Problems with one object's keys: unknown ones, missing required ones, enum values and nested objects. */
function objectProblems(where: string, value: unknown, props: Record<string, Property>, required: string[]): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${where}: not an object`];
  const given = value as Record<string, unknown>;
  const problems = Object.keys(given)
    .filter((k) => !(k in props))
    .map((k) => `${where}.${k}: no such property (the schema has ${Object.keys(props).join(", ")})`);
  problems.push(...required.filter((k) => !(k in given)).map((k) => `${where}.${k}: required, missing`));
  for (const [key, v] of Object.entries(given)) {
    const prop = props[key];
    if (prop) problems.push(...valueProblems(`${where}.${key}`, v, prop));
  }
  return problems;
}

function valueProblems(where: string, value: unknown, prop: Property): string[] {
  if (typeof value === "string" && value.startsWith("${")) return []; // an interpolation: its target is checked apart
  if (prop.items && Array.isArray(value))
    return value.flatMap((v, i) => valueProblems(`${where}[${i}]`, v, prop.items!));
  const type = prop.$ref ? typeOf(prop.$ref) : undefined;
  if (type?.enum) {
    const allowed = type.enum.map((e) => e.value);
    return allowed.includes(String(value)) ? [] : [`${where}: ${String(value)} is not one of ${allowed.join(", ")}`];
  }
  if (type?.properties) return objectProblems(where, value, type.properties, type.required ?? []);
  return [];
}

interface YamlProgram {
  config?: Record<string, unknown>;
  resources?: Record<string, { type: string; properties?: Record<string, unknown> }>;
  variables?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** Problems with a Pulumi YAML program (or a fragment of one) against the schema; [] when it uses only what exists. */
export function yamlProblems(text: string): string[] {
  const program = yaml.load(text) as YamlProgram;
  const problems: string[] = [];
  for (const [name, { type, properties = {} }] of Object.entries(program.resources ?? {})) {
    const resource = schema.resources[type];
    if (!resource) problems.push(`resources.${name}: no resource type ${type}`);
    else problems.push(...objectProblems(name, properties, resource.inputProperties, resource.requiredInputs ?? []));
  }
  for (const [name, variable] of Object.entries(program.variables ?? {})) {
    const invoke = (variable as Record<string, { function: string; arguments?: unknown; return?: string }>)[
      "fn::invoke"
    ];
    if (!invoke) continue;
    const fn = schema.functions[invoke.function];
    if (!fn) {
      problems.push(`variables.${name}: no function ${invoke.function}`);
      continue;
    }
    problems.push(
      ...objectProblems(name, invoke.arguments ?? {}, fn.inputs.properties ?? {}, fn.inputs.required ?? []),
    );
    if (invoke.return && !(invoke.return in (fn.outputs.properties ?? {})))
      problems.push(`variables.${name}: the function returns no ${invoke.return}`);
  }
  problems.push(...referenceProblems(program, text));
  return problems;
}

/** Each `${resource.property}` must name a resource of the program and an output of its type. */
function referenceProblems(program: YamlProgram, text: string): string[] {
  const known = new Set([...Object.keys(program.config ?? {}), ...Object.keys(program.variables ?? {})]);
  return [...text.matchAll(/\$\{(\w+)(?:\.(\w+))?\}/g)].flatMap(([ref, name, prop]) => {
    const resource = program.resources?.[name];
    if (!resource) return known.has(name) && !prop ? [] : [`${ref}: no config, variable or resource ${name}`];
    const outputs = schema.resources[resource.type]?.properties ?? {};
    return prop === undefined || prop in outputs || prop === "id" || prop === "urn"
      ? []
      : [`${ref}: ${resource.type} has no output ${prop}`];
  });
}

/** The text between the parenthesis at `open` and its match. */
function argumentsAt(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(" || text[i] === "[") depth++;
    if (text[i] === ")" || text[i] === "]") depth--;
    if (depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

/** The keyword arguments of a call, at its own level (not those of calls nested in it). */
function keywords(args: string): string[] {
  let depth = 0;
  const flat = [...args].map((c) => {
    if ("([{".includes(c)) depth++;
    if (")]}".includes(c)) depth--;
    return depth > 0 || (depth === 0 && ")]}".includes(c)) ? " " : c;
  });
  return [...flat.join("").matchAll(/(?:^|[,(\s])(\w+)\s*=(?!=)/g)].map((m) => m[1]);
}

/** What `ocr.<name>(…)` may be called with in the generated SDK, by name. */
function pythonCallables(): Map<string, string[]> {
  const callables = new Map<string, string[]>();
  for (const [token, r] of Object.entries(schema.resources))
    callables.set(nameOf(token), [...Object.keys(r.inputProperties).map(snake), "opts"]);
  for (const [token, t] of Object.entries(schema.types))
    if (t.properties) callables.set(`${nameOf(token)}Args`, Object.keys(t.properties).map(snake));
  for (const [token, f] of Object.entries(schema.functions)) {
    const args = [...Object.keys(f.inputs.properties ?? {}).map(snake), "opts"];
    callables.set(snake(nameOf(token)), args).set(`${snake(nameOf(token))}_output`, args);
  }
  return callables;
}

/** Every output name a Python program may read (attributes of resources, results and their types), snake_case. */
function pythonAttributes(): Set<string> {
  const objects: ObjectSpec[] = [
    ...Object.values(schema.resources),
    ...Object.values(schema.functions).map((f) => f.outputs),
    ...Object.values(schema.types),
  ];
  return new Set(["id", "urn", ...objects.flatMap((o) => Object.keys(o.properties ?? {}).map(snake))]);
}

/**
 * Problems with a Python program using the generated SDK (imported as `module`): each `ocr.X` must be a class or
 * function the schema generates, each keyword one of its inputs, each attribute read on a value of the SDK an output.
 */
export function pythonProblems(text: string, module = "pulumi_cloudflare_origin_cloud_regions"): string[] {
  const alias = new RegExp(`^import ${module} as (\\w+)$`, "m").exec(text)?.[1];
  if (!alias) return [`no "import ${module} as …"`];
  const callables = pythonCallables();
  const problems: string[] = [];
  for (const m of text.matchAll(new RegExp(`\\b${alias}\\.(\\w+)`, "g"))) {
    const allowed = callables.get(m[1]);
    if (!allowed) {
      problems.push(`${alias}.${m[1]}: not in the SDK (it has ${[...callables.keys()].join(", ")})`);
      continue;
    }
    const open = m.index! + m[0].length;
    if (text[open] !== "(") continue;
    const unknown = keywords(argumentsAt(text, open)).filter((k) => !allowed.includes(k));
    problems.push(...unknown.map((k) => `${alias}.${m[1]}(${k}=…): no such input (it takes ${allowed.join(", ")})`));
  }
  const sdkValues = [...text.matchAll(new RegExp(`^(\\w+) = ${alias}\\.`, "gm"))].map((m) => m[1]);
  const lambdaParams = [...text.matchAll(/lambda (\w+):|for (\w+) in/g)].map((m) => m[1] ?? m[2]);
  const attributes = pythonAttributes();
  for (const name of [...sdkValues, ...lambdaParams])
    for (const m of text.matchAll(new RegExp(`\\b${name}\\.(\\w+)`, "g")))
      if (!attributes.has(m[1]) && m[1] !== "apply") problems.push(`${name}.${m[1]}: no such output`);
  return problems;
}
