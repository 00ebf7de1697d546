// The provider plugin's schema, plugin/schema.json (the text GetSchema returns): valid against Pulumi's package
// metaschema, every $ref resolving, the agreed tokens, and the names, types and optionality of every property derived
// from the TypeScript that the dynamic resources and the lookups declare, so that the schema fails here when they drift.
//
// tests/fixtures/pulumi-package-metaschema.json is a byte-for-byte copy of pkg/codegen/schema/pulumi.json from
// pulumi/pulumi at commit 1b5949891b3cefcb9974752b24a5ecef0acc86c8 (2026-08-21, "Add l2-large-map test (#24361)"):
//   git -C <pulumi checkout> show 1b5949891b3cefcb9974752b24a5ecef0acc86c8:pkg/codegen/schema/pulumi.json
// To update it, copy the file from a newer commit and change the commit named here.
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { CONFIG_KEYS, ENV_KEYS } from "../../../provider/api/settingKeys";
import { DEFAULT_BASE_URL } from "../../../provider/api/settings";
import { TUNING_CONFIG_KEYS, TUNING_ENV_KEYS, TUNING_RANGES } from "../../../provider/shared/credentials";
import { VENDORS } from "../../../provider/shared/validation";

const Ajv2020 = require("ajv/dist/2020");

const ROOT = path.resolve(__dirname, "..", "..", "..");
const PACKAGE = "cloudflare-origin-cloud-regions";
const token = (name: string) => `${PACKAGE}:index:${name}`;
const typeRef = (name: string) => `#/types/${token(name)}`;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const schemaText = fs.readFileSync(path.join(ROOT, "plugin", "schema.json"), "utf8");
const schema: Json = JSON.parse(schemaText);
const metaschema: Json = JSON.parse(
  fs.readFileSync(path.join(ROOT, "tests", "fixtures", "pulumi-package-metaschema.json"), "utf8"),
);
const copy = (): Json => JSON.parse(schemaText);

// ---------------------------------------------------------------------------------------------------------------------
// Validation against the metaschema

function metaschemaValidator(): { (doc: unknown): boolean; errors?: unknown[] | null } {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // The two formats the metaschema names; Ajv knows neither without ajv-formats.
  ajv.addFormat("regex", (s: string) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  });
  ajv.addFormat("uri-reference", (s: string) => {
    try {
      new URL(s, "https://example.invalid/");
      return !/\s/.test(s);
    } catch {
      return false;
    }
  });
  return ajv.compile(metaschema);
}

describe("plugin/schema.json against Pulumi's package metaschema", () => {
  const validate = metaschemaValidator();

  it("is the 2020-12 metaschema of pulumi/pulumi", () => {
    expect(metaschema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(metaschema.title).toBe("Pulumi Package Metaschema");
  });

  it("validates", () => {
    const valid = validate(schema);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("refuses what Pulumi refuses (so the validation above is not vacuous)", () => {
    const badToken = copy();
    badToken.resources["OriginCloudRegion"] = badToken.resources[token("OriginCloudRegion")];
    expect(validate(badToken)).toBe(false);

    const badType = copy();
    badType.resources[token("OriginCloudRegion")].inputProperties.adopt.type = "bool";
    expect(validate(badType)).toBe(false);

    const unknownKey = copy();
    unknownKey.pluginDownloadUrl = "https://example.com";
    expect(validate(unknownKey)).toBe(false);
  });

  it("names the package, its version (package.json's) and no pluginDownloadURL (set when publishing)", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(schema.name).toBe(PACKAGE);
    expect(schema.version).toBe(pkg.version);
    expect(schema).not.toHaveProperty("pluginDownloadURL");
    expect(schema.description).toContain("pluginDownloadURL");
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// References and tokens

/** Every `$ref` in `doc` that does not name a type of `doc` (only local type refs are used). */
function unresolvedRefs(doc: Json): string[] {
  const bad: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref") {
        const local = /^#\/types\/(.+)$/.exec(String(value));
        if (!local || !doc.types?.[decodeURIComponent(local[1])]) bad.push(String(value));
      } else walk(value);
    }
  };
  walk(doc);
  return bad;
}

/** Every `$ref` in `doc`. */
function allRefs(doc: Json): string[] {
  const refs: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref") refs.push(String(value));
      else walk(value);
    }
  };
  walk(doc);
  return refs;
}

describe("references and tokens", () => {
  it("every $ref resolves to a type of the schema", () => {
    expect(allRefs(schema).length).toBeGreaterThan(0);
    expect(unresolvedRefs(schema)).toEqual([]);
  });

  it("a dangling $ref is found (the check above can fail)", () => {
    const dangling = copy();
    delete dangling.types[token("SupportedRegion")];
    // Referenced once per vendor, by SupportedRegionsByVendor.
    expect(unresolvedRefs(dangling)).toEqual(VENDORS.map(() => typeRef("SupportedRegion")));
  });

  it("every type is used", () => {
    const used = new Set(allRefs(schema));
    for (const name of Object.keys(schema.types)) expect([name, used.has(`#/types/${name}`)]).toEqual([name, true]);
  });

  it("resources and functions carry the agreed tokens, all in the index module", () => {
    expect(Object.keys(schema.resources).sort()).toEqual([token("OriginCloudRegion"), token("OriginCloudRegionSet")]);
    expect(Object.keys(schema.functions).sort()).toEqual([
      token("getOriginCloudRegions"),
      token("getSupportedRegions"),
    ]);
    for (const t of [...Object.keys(schema.resources), ...Object.keys(schema.functions), ...Object.keys(schema.types)])
      expect(t).toMatch(new RegExp(`^${PACKAGE}:index:[A-Za-z]+$`));
  });

  it("never exposes the dynamic resources' __resourceName, nor any other __ name", () => {
    expect(schemaText).not.toMatch(/"__/);
  });

  it("leaves replacement to the provider's Diff: willReplaceOnChanges documents it, no replaceOnChanges forces it", () => {
    // replaceOnChanges in a schema makes generated SDKs add the replaceOnChanges resource option.
    expect(schemaText).not.toMatch(/"replaceOnChanges"/);
    const ocr = schema.resources[token("OriginCloudRegion")].inputProperties;
    const set = schema.resources[token("OriginCloudRegionSet")].inputProperties;
    const replacing = (props: Json) =>
      Object.keys(props)
        .filter((k) => props[k].willReplaceOnChanges)
        .sort();
    expect(replacing(ocr)).toEqual(["originIp", "zoneId"]);
    expect(replacing(set)).toEqual(["zoneId"]);
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Property names, types and optionality, from the TypeScript declarations

interface Member {
  optional: boolean;
  type: ts.TypeNode;
}

function sourceOf(file: string): ts.SourceFile {
  const full = path.join(ROOT, "provider", file);
  return ts.createSourceFile(full, fs.readFileSync(full, "utf8"), ts.ScriptTarget.Latest, true);
}

/** Strips `pulumi.Input<…>`, `pulumi.Output<…>` and parentheses; takes `| undefined` out as optionality. */
function unwrap(node: ts.TypeNode, sf: ts.SourceFile): { optional: boolean; type: ts.TypeNode } {
  if (ts.isParenthesizedTypeNode(node)) return unwrap(node.type, sf);
  if (ts.isTypeReferenceNode(node) && /^pulumi\.(Input|Output)$/.test(node.typeName.getText(sf)))
    return unwrap(node.typeArguments![0], sf);
  if (ts.isUnionTypeNode(node)) {
    const rest = node.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword);
    if (rest.length === 1) return { ...unwrap(rest[0], sf), optional: rest.length < node.types.length };
  }
  return { optional: false, type: node };
}

/** The members of interface `name` in `file`. */
function interfaceMembers(file: string, name: string): Map<string, Member> {
  const sf = sourceOf(file);
  const decl = sf.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name,
  );
  if (!decl) throw new Error(`interface ${name} not found in provider/${file}`);
  const members = new Map<string, Member>();
  for (const m of decl.members) {
    if (!ts.isPropertySignature(m) || !m.type) continue;
    const inner = unwrap(m.type, sf);
    members.set(m.name.getText(sf), { optional: !!m.questionToken || inner.optional, type: inner.type });
  }
  return members;
}

/** The outputs a resource class declares: its `declare public readonly` instance properties. */
function classOutputs(file: string, name: string): Map<string, Member> {
  const sf = sourceOf(file);
  const decl = sf.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === name);
  if (!decl) throw new Error(`class ${name} not found in provider/${file}`);
  const members = new Map<string, Member>();
  for (const m of decl.members) {
    const mods = ts.canHaveModifiers(m) ? (ts.getModifiers(m) ?? []) : [];
    const has = (kind: ts.SyntaxKind) => mods.some((x) => x.kind === kind);
    if (!ts.isPropertyDeclaration(m) || !m.type || has(ts.SyntaxKind.StaticKeyword)) continue;
    if (!has(ts.SyntaxKind.DeclareKeyword)) continue;
    members.set(m.name.getText(sf), unwrap(m.type, sf));
  }
  return members;
}

/** TypeScript type names and the schema types they stand for. */
const NAMED: Record<string, string> = {
  Vendor: "Vendor",
  OriginCloudRegionSetMapping: "OriginCloudRegionSetMapping",
  OriginCloudRegionSetEntry: "OriginCloudRegionSetEntry",
  OriginCloudRegionMapping: "OriginCloudRegionMapping",
  SupportedRegion: "SupportedRegion",
};

/** The schema type (type/items/additionalProperties/$ref only) that a TypeScript type node should become. */
function expectedShape(node: ts.TypeNode, sf: ts.SourceFile): Json {
  const { type } = unwrap(node, sf);
  if (type.kind === ts.SyntaxKind.StringKeyword) return { type: "string" };
  if (type.kind === ts.SyntaxKind.BooleanKeyword) return { type: "boolean" };
  if (type.kind === ts.SyntaxKind.NumberKeyword) return { type: "number" };
  if (ts.isArrayTypeNode(type)) return { type: "array", items: expectedShape(type.elementType, sf) };
  if (ts.isTypeReferenceNode(type)) {
    const name = type.typeName.getText(sf);
    const args = type.typeArguments ?? [];
    if (name === "Record" && args[0].getText(sf) === "string")
      return { type: "object", additionalProperties: expectedShape(args[1], sf) };
    // A record over the vendors is an object with a property per vendor (checked below).
    if (name === "Record" && args[0].getText(sf) === "Vendor") return { $ref: typeRef("SupportedRegionsByVendor") };
    if (NAMED[name]) return { $ref: typeRef(NAMED[name]) };
  }
  throw new Error(`no schema type for TypeScript type ${type.getText(sf)}`);
}

/** What of a property spec says its type. */
function shapeOf(spec: Json): Json {
  const shape: Json = {};
  if (spec.$ref !== undefined) shape.$ref = spec.$ref;
  else shape.type = spec.type;
  if (spec.items !== undefined) shape.items = shapeOf(spec.items);
  if (spec.additionalProperties !== undefined) shape.additionalProperties = shapeOf(spec.additionalProperties);
  return shape;
}

/** Compares schema properties and their required list with TypeScript members. */
function expectSameProperties(
  file: string,
  members: Map<string, Member>,
  properties: Json,
  required: string[] | undefined,
): void {
  const sf = sourceOf(file);
  expect(Object.keys(properties).sort()).toEqual([...members.keys()].sort());
  const mandatory = [...members].filter(([, m]) => !m.optional).map(([k]) => k);
  expect([...(required ?? [])].sort()).toEqual(mandatory.sort());
  for (const [name, member] of members)
    expect([name, shapeOf(properties[name])]).toEqual([name, expectedShape(member.type, sf)]);
}

const OCR = "dynamic/originCloudRegion.ts";
const SET = "dynamic/originCloudRegionSet.ts";
const READS = "shared/zoneReads.ts";
const LOOKUPS = "lookups/index.ts";

describe("property names, types and optionality match the TypeScript", () => {
  const ocr = schema.resources[token("OriginCloudRegion")];
  const set = schema.resources[token("OriginCloudRegionSet")];

  it("OriginCloudRegion: outputs are the class's output properties", () => {
    expectSameProperties(OCR, classOutputs(OCR, "OriginCloudRegion"), ocr.properties, ocr.required);
  });

  it("OriginCloudRegion: inputs are OriginCloudRegionArgs", () => {
    expectSameProperties(OCR, interfaceMembers(OCR, "OriginCloudRegionArgs"), ocr.inputProperties, ocr.requiredInputs);
  });

  it("OriginCloudRegionSet: outputs are the class's output properties", () => {
    expectSameProperties(SET, classOutputs(SET, "OriginCloudRegionSet"), set.properties, set.required);
  });

  it("OriginCloudRegionSet: inputs are OriginCloudRegionSetArgs", () => {
    const args = interfaceMembers(SET, "OriginCloudRegionSetArgs");
    expectSameProperties(SET, args, set.inputProperties, set.requiredInputs);
  });

  it("outputs and inputs are the names core stores in state, less __resourceName", () => {
    const stored = (file: string, name: string) =>
      [...interfaceMembers(file, name).keys()].filter((k) => k !== "__resourceName").sort();
    expect(Object.keys(ocr.properties).sort()).toEqual(
      stored("core/originCloudRegion/state.ts", "OriginCloudRegionOutputs"),
    );
    expect(Object.keys(set.properties).sort()).toEqual(
      stored("core/originCloudRegionSet/state.ts", "OriginCloudRegionSetOutputs"),
    );
    const inputs = (file: string, name: string) =>
      [...interfaceMembers(file, name).keys()].filter((k) => k !== "__resourceName").sort();
    expect(Object.keys(ocr.inputProperties).sort()).toEqual(
      inputs("core/originCloudRegion/state.ts", "OriginCloudRegionInputs"),
    );
    expect(Object.keys(set.inputProperties).sort()).toEqual(
      inputs("core/originCloudRegionSet/state.ts", "OriginCloudRegionSetInputs"),
    );
  });

  it.each([
    [SET, "OriginCloudRegionSetMapping"],
    [SET, "OriginCloudRegionSetEntry"],
    [READS, "OriginCloudRegionMapping"],
    [READS, "SupportedRegion"],
  ])("the object type of %s %s", (file, name) => {
    const type = schema.types[token(name)];
    expect(type.type).toBe("object");
    expectSameProperties(file, interfaceMembers(file, name), type.properties, type.required);
  });

  it("Vendor is an enum of exactly the vendors the provider accepts, each described", () => {
    const vendor = schema.types[token("Vendor")];
    expect(vendor.type).toBe("string");
    expect(vendor.enum.map((e: Json) => e.value)).toEqual([...VENDORS]);
    for (const e of vendor.enum)
      expect([e.value, typeof e.description, e.description.length > 0]).toEqual([e.value, "string", true]);
  });

  it("SupportedRegionsByVendor has a list of SupportedRegion per vendor, all required", () => {
    const byVendor = schema.types[token("SupportedRegionsByVendor")];
    expect(Object.keys(byVendor.properties)).toEqual([...VENDORS]);
    expect(byVendor.required).toEqual([...VENDORS]);
    for (const v of VENDORS)
      expect(shapeOf(byVendor.properties[v])).toEqual({ type: "array", items: { $ref: typeRef("SupportedRegion") } });
  });

  it.each([
    ["getOriginCloudRegions", "GetOriginCloudRegionsArgs", "GetOriginCloudRegionsResult"],
    ["getSupportedRegions", "GetSupportedRegionsArgs", "GetSupportedRegionsResult"],
  ])("function %s: inputs are %s, outputs %s", (fn, args, result) => {
    const spec = schema.functions[token(fn)];
    expectSameProperties(LOOKUPS, interfaceMembers(LOOKUPS, args), spec.inputs.properties, spec.inputs.required);
    expectSameProperties(READS, interfaceMembers(READS, result), spec.outputs.properties, spec.outputs.required);
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Configuration

const CREDENTIAL_KEYS = Object.keys(CONFIG_KEYS) as (keyof typeof CONFIG_KEYS)[];
const TUNING_KEYS = Object.keys(TUNING_CONFIG_KEYS) as (keyof typeof TUNING_CONFIG_KEYS)[];

describe("configuration", () => {
  const variables: Json = schema.config.variables;

  it("config.variables are the provider's settings: credentials, base URL, time limits and batching", () => {
    expect(Object.keys(variables).sort()).toEqual([...CREDENTIAL_KEYS, ...TUNING_KEYS].sort());
  });

  it("apiToken and apiKey are secret, and nothing else is", () => {
    const secret = (props: Json) =>
      Object.keys(props)
        .filter((k) => props[k].secret === true)
        .sort();
    expect(secret(variables)).toEqual(["apiKey", "apiToken"]);
    expect(secret(schema.provider.inputProperties)).toEqual(["apiKey", "apiToken"]);
    expect(secret(schema.provider.properties)).toEqual(["apiKey", "apiToken"]);
  });

  it("each falls back to the environment variable the provider reads", () => {
    const env: Record<string, string> = { ...ENV_KEYS, ...TUNING_ENV_KEYS };
    for (const [key, spec] of Object.entries(variables))
      expect([key, spec.defaultInfo?.environment]).toEqual([key, [env[key]]]);
  });

  it("types: credentials and base URL strings, whole-number limits integers, other limits numbers, batching boolean", () => {
    for (const key of CREDENTIAL_KEYS) expect([key, variables[key].type]).toEqual([key, "string"]);
    for (const [key, range] of Object.entries(TUNING_RANGES))
      expect([key, variables[key].type]).toEqual([key, range.integer ? "integer" : "number"]);
    expect(variables.batching.type).toBe("boolean");
  });

  it("descriptions state each limit's range, default and environment variable, and the default base URL", () => {
    for (const [key, range] of Object.entries(TUNING_RANGES)) {
      const text = variables[key].description;
      expect([key, text]).toEqual([
        key,
        expect.stringContaining(`from ${range.min} to ${range.max} (default ${range.default})`),
      ]);
    }
    expect(variables.batching.description).toContain("(default `true`)");
    for (const [key, name] of Object.entries({ ...ENV_KEYS, ...TUNING_ENV_KEYS }))
      expect([key, variables[key].description]).toEqual([key, expect.stringContaining(`\`${name}\``)]);
    expect(variables.baseUrl.description).toContain(DEFAULT_BASE_URL);
  });

  it("sets no default values: a generated SDK would then send them as explicit provider configuration", () => {
    for (const [key, spec] of Object.entries(variables)) expect([key, spec.default]).toEqual([key, undefined]);
  });

  it("provider.inputProperties mirror config.variables; provider.properties are its string keys", () => {
    expect(schema.provider.inputProperties).toEqual(variables);
    const strings = Object.keys(variables).filter((k) => variables[k].type === "string");
    expect(Object.keys(schema.provider.properties).sort()).toEqual(strings.sort());
    for (const key of strings) {
      const { defaultInfo: _ignored, ...spec } = variables[key];
      expect(schema.provider.properties[key]).toEqual(spec);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Descriptions

/** Every map of property specs in the schema, by where it is. */
function propertyMaps(doc: Json): [string, Json][] {
  const maps: [string, Json][] = [
    ["config.variables", doc.config.variables],
    ["provider.inputProperties", doc.provider.inputProperties],
    ["provider.properties", doc.provider.properties],
  ];
  for (const [t, r] of Object.entries<Json>(doc.resources))
    maps.push([`${t}.properties`, r.properties], [`${t}.inputProperties`, r.inputProperties]);
  for (const [t, type] of Object.entries<Json>(doc.types))
    if (type.properties) maps.push([`${t}.properties`, type.properties]);
  for (const [t, f] of Object.entries<Json>(doc.functions))
    maps.push([`${t}.inputs`, f.inputs.properties], [`${t}.outputs`, f.outputs.properties]);
  return maps;
}

function undescribed(doc: Json): string[] {
  const missing: string[] = [];
  const check = (where: string, spec: Json) => {
    if (typeof spec.description !== "string" || spec.description.trim() === "") missing.push(where);
  };
  check("package", doc);
  check("provider", doc.provider);
  for (const [where, props] of propertyMaps(doc))
    for (const [name, spec] of Object.entries<Json>(props)) check(`${where}.${name}`, spec);
  for (const [t, spec] of Object.entries<Json>({ ...doc.resources, ...doc.types, ...doc.functions })) check(t, spec);
  return missing;
}

describe("descriptions", () => {
  it("the package, the provider, every resource, type, function, property and config key has one", () => {
    expect(propertyMaps(schema).length).toBe(3 + 2 * 2 + 5 + 2 * 2);
    expect(undescribed(schema)).toEqual([]);
  });

  it("a missing one is found (the check above can fail)", () => {
    const doc = copy();
    delete doc.functions[token("getSupportedRegions")].outputs.properties.obtainedCodes.description;
    delete doc.config.variables.email.description;
    expect(undescribed(doc)).toEqual([
      `config.variables.email`,
      `${token("getSupportedRegions")}.outputs.obtainedCodes`,
    ]);
  });

  it("the resources say how to import them, with the id form the provider reads", () => {
    expect(schema.resources[token("OriginCloudRegion")].description).toContain(
      `pulumi import ${token("OriginCloudRegion")} api-origin 023e105f4ecef8ad9ca31a8372d0c353/192.0.2.1`,
    );
    expect(schema.resources[token("OriginCloudRegionSet")].description).toContain(
      `pulumi import ${token("OriginCloudRegionSet")} edge 023e105f4ecef8ad9ca31a8372d0c353`,
    );
  });
});
