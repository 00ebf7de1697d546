// The public API is deliberate: each entry point's export list is pinned (entryPoints.ts), so adding, renaming or
// removing an export is a visible change there (and a CHANGELOG entry), never a side effect. Every public symbol, and every
// member of a public class or interface, carries a doc comment.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { PACKAGE_NAME, REPO_ROOT, makeUserProject } from "../harness/providerHost";
import { ENTRY_POINTS, valueExports as values } from "./entryPoints";

const program = ts.createProgram(
  ENTRY_POINTS.map((e) => path.join(REPO_ROOT, e.source)),
  { ...ts.getDefaultCompilerOptions(), strict: true, skipLibCheck: true, types: ["node"] },
);
const checker = program.getTypeChecker();
const resolve = (s: ts.Symbol) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
const ours = (d: ts.Declaration) => d.getSourceFile().fileName.startsWith(path.join(REPO_ROOT, "provider"));

function kind(symbol: ts.Symbol): string {
  const f = symbol.flags;
  if (f & ts.SymbolFlags.Class) return "class";
  if (f & ts.SymbolFlags.Function) return "function";
  if (f & ts.SymbolFlags.Interface) return "interface";
  if (f & ts.SymbolFlags.TypeAlias) return "type";
  if (f & ts.SymbolFlags.Variable) return "const";
  return `flags ${f}`;
}

function exportsOf(source: string): ts.Symbol[] {
  const file = program.getSourceFile(path.join(REPO_ROOT, source))!;
  return checker.getExportsOfModule(checker.getSymbolAtLocation(file)!);
}

const undocumented = (s: ts.Symbol) => ts.displayPartsToString(s.getDocumentationComment(checker)).trim() === "";

describe.each(ENTRY_POINTS)("entry point $subpath", ({ source, exports }) => {
  test("exports exactly the pinned names and kinds", () => {
    const actual = exportsOf(source).map((s) => `${s.name} ${kind(resolve(s))}`);
    expect(actual.sort()).toEqual([...exports].sort());
  });

  test("at run time too (nothing leaks through a value export)", () => {
    const loaded = require(path.join(REPO_ROOT, source.replace(/\.ts$/, "")));
    expect(Object.keys(loaded).sort()).toEqual(values(exports).sort());
  });

  test("every export and every member of an exported class or interface has a doc comment", () => {
    const missing: string[] = [];
    for (const exported of exportsOf(source)) {
      const symbol = resolve(exported);
      // A renamed re-export shows the original's comment; an alias declared here shows its own.
      if (undocumented(symbol)) missing.push(exported.name);
      if (!(symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface))) continue;
      const members = [...(symbol.members?.values() ?? []), ...(symbol.exports?.values() ?? [])];
      for (const member of members) {
        const declarations = (member.declarations ?? []).filter(ours);
        const hidden = declarations.some(
          (d) => ts.getCombinedModifierFlags(d) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected),
        );
        if (declarations.length === 0 || hidden || member.name === "prototype") continue;
        const constructors =
          member.name === "__constructor" ? declarations.filter((d) => ts.isConstructorDeclaration(d) && !d.body) : [];
        const docless =
          member.name === "__constructor"
            ? constructors.some((d) => ts.getJSDocCommentsAndTags(d).length === 0)
            : undocumented(member);
        if (docless) missing.push(`${exported.name}.${member.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

test("each API client method's doc names the Cloudflare endpoint it calls", () => {
  const api = exportsOf("provider/api/public.ts").map(resolve);
  const methods = api
    .filter((s) => s.name === "OriginCloudRegionsApi" || s.name === "OriginCloudRegionsClient")
    .flatMap((s) =>
      [...s.members!.values()].filter((m) => m.flags & ts.SymbolFlags.Method).map((m) => ({ owner: s.name, m })),
    );
  expect(methods.length).toBe(14);
  const without = methods.filter(
    ({ m }) =>
      !/`(GET|PUT|DELETE) \/zones\/\{zone_id\}\/origin\/cloud_regions/.test(
        ts.displayPartsToString(m.getDocumentationComment(checker)),
      ),
  );
  expect(without.map(({ owner, m }) => `${owner}.${m.name}`)).toEqual([]);
});

test("README's Public API table names every export of each entry point", () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  for (const { subpath, exports } of ENTRY_POINTS) {
    const name = subpath === "." ? PACKAGE_NAME : `${PACKAGE_NAME}/${subpath.slice(2)}`;
    const row = readme.split("\n").find((line) => line.startsWith(`| \`${name}\` |`)) ?? "";
    expect(exports.map((e) => e.split(" ")[0]).filter((e) => !row.includes(`\`${e}\``))).toEqual([]);
  }
});

test("package.json maps every entry point to its compiled module and declarations, for node10 resolution too", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
  for (const { subpath, source } of ENTRY_POINTS) {
    const compiled = `./dist/${source.replace(/\.ts$/, "")}`;
    expect(pkg.exports[subpath]).toEqual({ types: `${compiled}.d.ts`, default: `${compiled}.js` });
    if (subpath === ".") {
      expect([`./${pkg.main}`, `./${pkg.types}`]).toEqual([`${compiled}.js`, `${compiled}.d.ts`]);
    } else {
      expect(pkg.typesVersions["*"][subpath.slice(2)]).toEqual([`${compiled.slice(2)}.d.ts`]);
    }
  }
  expect(Object.keys(pkg.exports).sort()).toEqual([...ENTRY_POINTS.map((e) => e.subpath), "./package.json"].sort());
});

test("a project that installed the package loads each entry point by name, with exactly the pinned values", () => {
  const project = makeUserProject();
  try {
    const names = ENTRY_POINTS.map((e) => (e.subpath === "." ? PACKAGE_NAME : `${PACKAGE_NAME}/${e.subpath.slice(2)}`));
    const script = `process.stdout.write(JSON.stringify(${JSON.stringify(names)}.map((n) => Object.keys(require(n)).sort())))`;
    const result = spawnSync(process.execPath, ["-e", script], { cwd: project, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual(ENTRY_POINTS.map((e) => values(e.exports).sort()));
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
});
