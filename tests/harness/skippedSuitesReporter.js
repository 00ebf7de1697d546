// Jest's default reporter prints nothing for a test file whose tests were all skipped: such a file only adds to
// "1 skipped" in the summary, and why it was skipped stays in its source. This reporter prints one line per such file
// with its suites' titles, which carry the reason (tests/e2e: "… skipped: no pulumi CLI on PATH").
const path = require("path");

class SkippedSuitesReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onTestResult(_test, result) {
    const tests = result.testResults;
    if (tests.length === 0 || tests.some((t) => t.status === "passed" || t.status === "failed")) return;
    const titles = [...new Set(tests.map((t) => t.ancestorTitles[0] ?? t.title))];
    process.stderr.write(`Skipped ${path.relative(this.rootDir, result.testFilePath)}: ${titles.join("; ")}\n`);
  }
}

module.exports = SkippedSuitesReporter;
