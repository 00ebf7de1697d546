// README is the front door: every TypeScript example in it must compile against the package's real types, as a
// reader would paste it.
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./harness/providerHost";
import { typeCheck } from "./harness/typecheck";

const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

test("README has TypeScript examples", () => {
  expect(snippets.length).toBeGreaterThanOrEqual(4);
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
