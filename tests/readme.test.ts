// README is the front door: every TypeScript example in it must compile against the package's real types, as a
// reader would paste it.
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./harness/providerHost";
import { typeCheck } from "./harness/typecheck";

const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

test("no TypeScript in README escapes the type-check: every code block is ts, sh or plain output, and plain ones hold no code", () => {
  const blocks = [...readme.matchAll(/^```(\S*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], text: m[2] }));
  expect([...new Set(blocks.map((b) => b.lang))].sort()).toEqual(["", "sh", "ts"]);
  expect(blocks.filter((b) => b.lang === "" && /\bimport\b|\bnew [A-Z]\w*\(|=>/.test(b.text)).map((b) => b.text)).toEqual([]);
});

test("the examples README shows are the ones type-checked: quick start, examples/basic, adopt, get, lookups, export, the API client, the set", () => {
  const marks = [
    'new OriginCloudRegion("api-origin", {\n  zoneId: "023e105f4ecef8ad9ca31a8372d0c353"',
    "const assets = new OriginCloudRegion(\"assets-origin\"",
    'new OriginCloudRegion("legacy-origin"',
    'OriginCloudRegion.get("existing", "023e105f4ecef8ad9ca31a8372d0c353/192.0.2.1")',
    "await getSupportedRegions({ zoneId })",
    'new OriginCloudRegion("origin-2001-db8--1"',
    "export async function deleteIfPresent(",
    'new OriginCloudRegionSet("edge"',
  ];
  expect(marks.map((mark) => snippets.filter((code) => code.includes(mark)).length)).toEqual(marks.map(() => 1));
});

test("every TypeScript example in README type-checks against the package", () => {
  // Fragments continue the previous example (they use its imports and zoneId), as a reader would paste them.
  const preamble = 'import { OriginCloudRegion } from "pulumi-cloudflare-origin-cloud-regions";\ndeclare const zoneId: string;\n';
  const files = snippets.map((code, i) => {
    const file = path.join(REPO_ROOT, "tests", `readme-example-${i}.ts`);
    // A program whose entry point is `export = async () => …` is a module already, and may not have other exports.
    const moduleMarker = /^export = /m.test(code) ? "" : "export {};\n";
    return { file, text: `${code.includes("import ") ? "" : preamble}${code}\n${moduleMarker}` };
  });
  const problems = typeCheck(new Map(files.map((f) => [f.file, f.text])));
  expect(problems).toEqual([]);
});
