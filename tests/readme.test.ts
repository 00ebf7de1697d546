// README is the front door, and docs/guide.md its long form: every TypeScript example in them must compile against
// the package's real types, as a reader would paste it.
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./harness/providerHost";
import { typeCheck } from "./harness/typecheck";
import { pythonProblems, yamlProblems } from "./examples/schemaNames";

/** Each document with TypeScript examples, and the examples it must show (a mark each, found in exactly one block). */
const DOCUMENTS: { file: string; marks: string[] }[] = [
  {
    file: "README.md",
    marks: [
      'new OriginCloudRegion("api-origin", {\n  zoneId: "023e105f4ecef8ad9ca31a8372d0c353"',
      'const assets = new OriginCloudRegion("assets-origin"',
      'new OriginCloudRegion("legacy-origin"',
      'OriginCloudRegion.get("existing", "023e105f4ecef8ad9ca31a8372d0c353/192.0.2.1")',
      "getOriginCloudRegionsOutput({ zoneId })",
      'new OriginCloudRegion("origin-2001-db8--1"',
      'new OriginCloudRegionSet("edge"',
    ],
  },
  {
    file: path.join("docs", "guide.md"),
    marks: [
      "await getSupportedRegions({ zoneId })",
      "originCloudRegionMocks({",
      "export async function deleteIfPresent(",
    ],
  },
];
const texts = DOCUMENTS.map((d) => ({ ...d, text: fs.readFileSync(path.join(REPO_ROOT, d.file), "utf8") }));
const snippetsOf = (text: string) => [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

const blocksOf = (text: string) =>
  [...text.matchAll(/^```(\S*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], text: m[2] }));

test.each(texts)(
  "no code in $file escapes its check: every block is ts (type-checked), yaml or python (held to the plugin's schema), json (the export command's sample, tests/provider/cli), sh or plain output, and plain ones hold no code",
  ({ text }) => {
    const blocks = blocksOf(text);
    const checked = ["", "sh", "ts", "yaml", "python", "json"];
    expect([...new Set(blocks.map((b) => b.lang))].filter((lang) => !checked.includes(lang))).toEqual([]);
    expect(
      blocks.filter((b) => b.lang === "" && /\bimport\b|\bnew [A-Z]\w*\(|=>/.test(b.text)).map((b) => b.text),
    ).toEqual([]);
  },
);

test.each(texts)("the examples $file shows are the ones type-checked", ({ text, marks }) => {
  const snippets = snippetsOf(text);
  expect(marks.map((mark) => snippets.filter((code) => code.includes(mark)).length)).toEqual(marks.map(() => 1));
});

test.each(texts)("every YAML and Python example in $file uses only what the plugin's schema defines", ({ text }) => {
  const blocks = blocksOf(text);
  expect(blocks.filter((b) => b.lang === "yaml").flatMap((b) => yamlProblems(b.text))).toEqual([]);
  expect(blocks.filter((b) => b.lang === "python").flatMap((b) => pythonProblems(b.text))).toEqual([]);
});

test("README shows a YAML and a Python example of the plugin, each using the resource the examples use", () => {
  const readme = texts.find((t) => t.file === "README.md")!.text;
  const blocks = blocksOf(readme);
  expect(
    blocks.filter(
      (b) => b.lang === "yaml" && b.text.includes("type: cloudflare-origin-cloud-regions:index:OriginCloudRegion"),
    ).length,
  ).toBe(1);
  expect(blocks.filter((b) => b.lang === "python" && b.text.includes("ocr.OriginCloudRegion(")).length).toBe(1);
});

test("every TypeScript example in README and docs/guide.md type-checks against the package", () => {
  // Fragments continue the previous example (they use its imports and zoneId), as a reader would paste them.
  const preamble =
    'import { OriginCloudRegion } from "pulumi-cloudflare-origin-cloud-regions";\ndeclare const zoneId: string;\n';
  const snippets = texts.flatMap(({ text }) => snippetsOf(text));
  const files = snippets.map((code, i) => {
    const file = path.join(REPO_ROOT, "tests", `readme-example-${i}.ts`);
    // A program whose entry point is `export = async () => …` is a module already, and may not have other exports.
    const moduleMarker = /^export = /m.test(code) ? "" : "export {};\n";
    return { file, text: `${code.includes("import ") ? "" : preamble}${code}\n${moduleMarker}` };
  });
  const problems = typeCheck(new Map(files.map((f) => [f.file, f.text])));
  expect(problems).toEqual([]);
});
