import * as path from "path";

/**
 * The environment of a child Node process the suites start: `preloads` (absolute paths of scripts loaded before
 * anything else, through NODE_OPTIONS) and, under `npm run coverage` (OCR_CHILD_COVERAGE_DIR set), the preload that
 * records what the child runs of dist/provider/ (childCoveragePreload.js). The one place NODE_OPTIONS is composed.
 */
export function childEnv(preloads: string[] = []): NodeJS.ProcessEnv {
  const dir = process.env.OCR_CHILD_COVERAGE_DIR;
  const files = dir ? [path.join(__dirname, "childCoveragePreload.js"), ...preloads] : preloads;
  const env: NodeJS.ProcessEnv = dir ? { OCR_CHILD_COVERAGE_DIR: dir } : {};
  if (files.length > 0) env.NODE_OPTIONS = files.map((f) => `--require ${JSON.stringify(f)}`).join(" ");
  return env;
}
