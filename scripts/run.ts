// The entry of `npm run bench`, `npm run demo` and `npm run reliability`: parses the script's flags first, so --help and a bad flag answer at
// once (no build, no harness or SDK loaded); only a run builds dist/ (the provider host loads the package from there)
// and then loads the script.
import { spawnSync } from "child_process";
import * as path from "path";
import { runScript } from "./cli";
import { BENCH_FLAGS, BENCH_USAGE, DEMO_USAGE, RELIABILITY_USAGE } from "./usage";

/** `npm run build`, its output shown as the script's; throws when it fails. */
function build(): void {
  const result = spawnSync("npm", ["run", "build"], { cwd: path.resolve(__dirname, ".."), stdio: "inherit" });
  if (result.status !== 0)
    throw new Error(`npm run build failed (exit ${result.status ?? result.signal}); fix the build and run again`);
}

/** jest over tests/reliability with the user's arguments (jest's own flags), after the build; --help is ours. */
function runJest(argv: string[]): void {
  if (argv.includes("--help")) {
    console.log(RELIABILITY_USAGE);
    process.exit(0);
  }
  build();
  const result = spawnSync(process.execPath, [require.resolve("jest/bin/jest"), "tests/reliability", ...argv], {
    stdio: "inherit",
  });
  process.exit(result.status ?? 1);
}

const [script, ...argv] = process.argv.slice(2);
if (script === "bench") {
  runScript(
    "bench",
    BENCH_USAGE,
    BENCH_FLAGS,
    async (values) => (build(), (await import("./bench")).main(values)),
    argv,
  );
} else if (script === "demo") {
  runScript("demo", DEMO_USAGE, {}, async () => (build(), (await import("./demo")).main()), argv);
} else if (script === "reliability") {
  runJest(argv);
} else {
  console.error(`scripts/run.ts: unknown script ${JSON.stringify(script)}; expected bench, demo or reliability`);
  process.exit(2);
}
