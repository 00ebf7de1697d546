import * as path from "path";

/**
 * Under `npm run coverage` (OCR_CHILD_COVERAGE_DIR set): the environment that makes a child Node process, such as a
 * provider host, record what it runs of dist/provider/ (see childCoveragePreload.js). Otherwise nothing.
 */
export function childCoverageEnv(): NodeJS.ProcessEnv {
  const dir = process.env.OCR_CHILD_COVERAGE_DIR;
  if (!dir) return {};
  return { OCR_CHILD_COVERAGE_DIR: dir, NODE_OPTIONS: `--require ${path.join(__dirname, "childCoveragePreload.js")}` };
}
