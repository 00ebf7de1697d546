// examples/yaml and examples/python, the programs README shows for other languages: neither can run here (no Pulumi
// CLI, no generated SDK), so each is held to plugin/schema.json, the contract every language's SDK is generated from:
// every resource type, function, property and keyword it uses exists, and every required input is given.
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../harness/providerHost";
import { pythonProblems, snake, yaml, yamlProblems } from "./schemaNames";

const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, "examples", file), "utf8");
const yamlExample = read("yaml/Pulumi.yaml");
const pythonExample = read("python/__main__.py");

describe("examples/yaml", () => {
  test("a Pulumi YAML program using both resources and a lookup, each as the schema defines it", () => {
    const program = yaml.load(yamlExample) as { runtime: string; resources: Record<string, { type: string }> };
    expect(program.runtime).toBe("yaml");
    expect(Object.values(program.resources).map((r) => r.type)).toEqual([
      "cloudflare-origin-cloud-regions:index:OriginCloudRegion",
      "cloudflare-origin-cloud-regions:index:OriginCloudRegionSet",
    ]);
    expect(yamlExample).toContain("function: cloudflare-origin-cloud-regions:index:getOriginCloudRegions");
    expect(yamlProblems(yamlExample)).toEqual([]);
  });

  test.each([
    ["a misspelt property", "region: us-east-1", "regoin: us-east-1", ["apiOrigin.regoin: no such property"]],
    ["a missing required input", "      vendor: aws\n", "", ["apiOrigin.vendor: required, missing"]],
    ["a vendor outside the enum", "vendor: aws", "vendor: AWS", ["apiOrigin.vendor: AWS is not one of"]],
    [
      "a set entry's misspelt key",
      "- originIp: 198.51.100.7",
      "- originIP: 198.51.100.7",
      ["edge.mappings[1].originIP"],
    ],
    ["an unknown type", "index:OriginCloudRegionSet", "index:OriginCloudRegionz", ["resources.edge: no resource type"]],
    [
      "an unknown function argument",
      "        zoneId: ${zoneId}\n      return",
      "        zone: ${zoneId}\n      return",
      ["zoneMappings.zone: no such property"],
    ],
    [
      "an output the type lacks",
      "${edge.mappings}",
      "${edge.entries}",
      ["${edge.entries}: cloudflare-origin-cloud-regions:index:OriginCloudRegionSet has no output entries"],
    ],
  ])("the check finds %s", (_, from, to, expected) => {
    expect(yamlExample).toContain(from);
    const problems = yamlProblems(yamlExample.replace(from, to));
    expect(expected.map((start) => problems.some((p) => p.startsWith(start)))).toEqual(expected.map(() => true));
  });
});

describe("examples/python", () => {
  test("imports the module pulumi package add generates (pkg/codegen/python PyPack: pulumi_ + the name, - as _)", () => {
    expect(pythonExample).toMatch(/^import pulumi_cloudflare_origin_cloud_regions as ocr$/m);
    expect(snake("modifiedOn")).toBe("modified_on");
  });

  test("uses only classes, functions, inputs and outputs the schema defines, and both resources and a lookup", () => {
    expect(pythonProblems(pythonExample)).toEqual([]);
    for (const used of ["ocr.OriginCloudRegion(", "ocr.OriginCloudRegionSet(", "ocr.get_origin_cloud_regions_output("])
      expect(pythonExample).toContain(used);
  });

  test.each([
    [
      "a misspelt keyword",
      '    region="us-east-1",',
      '    regoin="us-east-1",',
      "ocr.OriginCloudRegion(regoin=…): no such input",
    ],
    [
      "a camelCase keyword",
      'zone_id=zone_id,\n    origin_ip="192.0.2.1"',
      'zoneId=zone_id,\n    origin_ip="192.0.2.1"',
      "ocr.OriginCloudRegion(zoneId=…)",
    ],
    [
      "a class the SDK lacks",
      'ocr.OriginCloudRegionSetMappingArgs(origin_ip="2001',
      'ocr.MappingArgs(origin_ip="2001',
      "ocr.MappingArgs: not in the SDK",
    ],
    ["an output the resource lacks", "legacy.modified_on", "legacy.modified", "legacy.modified: no such output"],
    [
      "another module name",
      "import pulumi_cloudflare_origin_cloud_regions as ocr",
      "import pulumi_origin_cloud_regions as ocr",
      'no "import pulumi_cloudflare_origin_cloud_regions',
    ],
  ])("the check finds %s", (_, from, to, expected) => {
    expect(pythonExample).toContain(from);
    expect(pythonProblems(pythonExample.replace(from, to)).some((p) => p.startsWith(expected))).toBe(true);
  });

  test("requirements.txt asks for the Pulumi SDK, and Pulumi.yaml runs Python with the zone in config", () => {
    expect(read("python/requirements.txt")).toMatch(/^pulumi>=3/m);
    const project = yaml.load(read("python/Pulumi.yaml")) as { runtime: { name: string }; config: object };
    expect(project.runtime.name).toBe("python");
    expect(Object.keys(project.config)).toEqual(["zoneId"]);
  });
});
