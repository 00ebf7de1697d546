// npm run coverage [-- JEST_ARGS]: line coverage of provider/, counting both what the jest processes run (the source,
// in-process) and what the provider hosts and scripts the suites start run (the compiled dist/, in child processes).
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { fileURLToPath } from "url";
import libCoverage from "istanbul-lib-coverage";
import v8ToIstanbul from "v8-to-istanbul";

export const USAGE = `Usage: npm run coverage [-- JEST_ARGS...]
Runs jest with V8 coverage of provider/ (any JEST_ARGS, e.g. test paths, are passed on), with every provider host and
script the suites start recording its own coverage of the compiled dist/provider/ (mapped back to provider/*.ts).
Prints line coverage per file: in the jest processes, in those child processes, and combined (a line counts once
either ran it). Writes coverage/in-process/ (jest's JSON), coverage/children/ (the hosts' raw V8 data) and
coverage/summary.txt, then rebuilds dist/ as npm run build does. Exits with jest's status.
  --help   show this help`;

const ROOT = path.resolve(__dirname, "..");
const OUT = path.join(ROOT, "coverage");
const TSC = require.resolve("typescript/bin/tsc");

type LineSets = Map<string, { lines: Set<number>; covered: Set<number> }>;

/** Lines and covered lines per provider/ source file of an istanbul coverage map. */
function lineSets(map: libCoverage.CoverageMap): LineSets {
  const out: LineSets = new Map();
  for (const file of map.files()) {
    const rel = path.relative(ROOT, file);
    if (!rel.startsWith(`provider${path.sep}`) || !rel.endsWith(".ts")) continue;
    const lines = map.fileCoverageFor(file).getLineCoverage();
    const entry = { lines: new Set<number>(), covered: new Set<number>() };
    for (const [line, hits] of Object.entries(lines)) {
      entry.lines.add(Number(line));
      if (hits > 0) entry.covered.add(Number(line));
    }
    out.set(rel, entry);
  }
  return out;
}

/** The child processes' V8 coverage of dist/provider/*.js, mapped through the inline source maps onto provider/. */
async function childCoverage(dir: string): Promise<libCoverage.CoverageMap> {
  const map = libCoverage.createCoverageMap({});
  for (const name of fs.readdirSync(dir)) {
    const { result } = JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as {
      result: { url: string; functions: never[] }[];
    };
    // Only this checkout's dist/: a suite that copies the tree (the demo's fresh-clone test) runs another one.
    for (const script of result.filter((s) =>
      fileURLToPath(s.url).startsWith(path.join(ROOT, "dist", "provider") + path.sep),
    )) {
      const converter = v8ToIstanbul(fileURLToPath(script.url), 0);
      await converter.load();
      converter.applyCoverage(script.functions);
      map.merge(converter.toIstanbul());
    }
  }
  return map;
}

const pct = (covered: number, total: number) => (total === 0 ? "-" : `${((100 * covered) / total).toFixed(1)} %`);

/** One row per file and a total: in-process, child processes, combined (a line covered by either). */
function table(inProcess: LineSets, children: LineSets): string {
  const files = [...new Set([...inProcess.keys(), ...children.keys()])].sort();
  const rows: string[][] = [];
  const totals = [0, 0, 0, 0];
  for (const file of files) {
    const a = inProcess.get(file);
    const b = children.get(file);
    // Executable lines as jest's V8 coverage of the source sees them; the hosts' figures are over the same lines.
    const lines = a?.lines ?? b!.lines;
    const inA = [...lines].filter((l) => a?.covered.has(l)).length;
    const inB = [...lines].filter((l) => b?.covered.has(l)).length;
    const both = [...lines].filter((l) => a?.covered.has(l) || b?.covered.has(l)).length;
    rows.push([file, String(lines.size), pct(inA, lines.size), pct(inB, lines.size), pct(both, lines.size)]);
    totals[0] += lines.size;
    totals[1] += inA;
    totals[2] += inB;
    totals[3] += both;
  }
  rows.push([
    "all of provider/",
    String(totals[0]),
    pct(totals[1], totals[0]),
    pct(totals[2], totals[0]),
    pct(totals[3], totals[0]),
  ]);
  const header = ["file", "lines", "jest processes", "provider hosts and scripts", "combined"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  const childDir = path.join(OUT, "children");
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(childDir, { recursive: true });
  // Source maps only for this run: the published dist/ carries none.
  execFileSync(process.execPath, [TSC, "-p", "tsconfig.build.json", "--inlineSourceMap", "--inlineSources"], {
    cwd: ROOT,
    stdio: "inherit",
  });
  try {
    const jest = spawnSync(
      process.execPath,
      [
        require.resolve("jest/bin/jest"),
        "--coverage",
        "--coverageReporters=json",
        `--coverageDirectory=${path.join(OUT, "in-process")}`,
        ...argv,
      ],
      { cwd: ROOT, stdio: "inherit", env: { ...process.env, OCR_CHILD_COVERAGE_DIR: childDir } },
    );
    const inProcess = libCoverage.createCoverageMap(
      JSON.parse(fs.readFileSync(path.join(OUT, "in-process", "coverage-final.json"), "utf8")),
    );
    const summary = table(lineSets(inProcess), lineSets(await childCoverage(childDir)));
    fs.writeFileSync(path.join(OUT, "summary.txt"), `${summary}\n`);
    console.log(`\nLine coverage of provider/ (coverage/summary.txt):\n${summary}`);
    return jest.status ?? 1;
  } finally {
    execFileSync(process.execPath, [TSC, "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "inherit" });
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`coverage: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
