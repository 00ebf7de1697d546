// A Jest reporter that prints the reliability summary table after any run that includes tests/reliability/: one row
// per category, scenarios passed of those run. Counts come from Jest's own results, so a failing scenario lowers
// its category's rate.
const path = require("path");

const CATEGORIES = {
  "inputs.host.test.ts": "hostile inputs through check (no request but supported_regions)",
  "faults.host.test.ts": "fault matrix: create/update/read/delete x 10 fault kinds",
  "dataSafety.host.test.ts": "data safety: lost answers, duplicates, renames, swaps, forced replacement, 300 at once",
  "secrets.host.test.ts": "secrets: gateway echoing credentials x 2 schemes x 3 operations x 4 forms",
};

class ReliabilitySummaryReporter {
  onRunComplete(_contexts, results) {
    const rows = [];
    let leaks = 0;
    for (const file of results.testResults) {
      const category = CATEGORIES[path.basename(file.testFilePath)];
      if (!category || !file.testFilePath.includes(`${path.sep}reliability${path.sep}`)) continue;
      const run = file.testResults.filter((t) => t.status === "passed" || t.status === "failed");
      const passed = run.filter((t) => t.status === "passed").length;
      if (path.basename(file.testFilePath) === "secrets.host.test.ts") {
        leaks = run.filter((t) => t.status === "failed" && /0 leaks$/.test(t.title)).length;
      }
      rows[Object.values(CATEGORIES).indexOf(category)] = [category, String(run.length), String(passed), run.length === 0 ? "-" : `${((100 * passed) / run.length).toFixed(0)} %`];
    }
    if (rows.length === 0) return;
    rows.splice(0, rows.length, ...rows.filter(Boolean));
    rows.push(["secrets: scenarios with a credential in any output (must be 0)", "", String(leaks), ""]);
    const header = ["category", "scenarios", "passed", "rate"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
    const out = ["", "Reliability summary", line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line), ""];
    process.stdout.write(out.join("\n") + "\n");
  }
}

module.exports = ReliabilitySummaryReporter;
