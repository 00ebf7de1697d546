// A Jest reporter that prints the reliability summary table after any run that includes tests/reliability/: one row
// per category, scenarios passed of those run, in a column per adapter (the dynamic provider host, the provider
// plugin). Counts come from Jest's own results, so a failing scenario lowers its category's rate. A scenario's
// adapter is its title's first word in brackets (`[dynamic] …`, `[plugin] …`, from `describe.each(ADAPTERS)`); a
// file that runs only the dynamic provider has no brackets, and its plugin cells say "-".
const path = require("path");

const ADAPTERS = ["dynamic", "plugin"];
const ADAPTER_PREFIX = /^\[(dynamic|plugin)\] /;
/** The adapter a test ran against, and its full name without the bracketed prefix. */
function adapterOf(test) {
  const m = ADAPTER_PREFIX.exec(test.fullName);
  return m ? { adapter: m[1], name: test.fullName.slice(m[0].length) } : { adapter: "dynamic", name: test.fullName };
}
const cell = (run) => {
  const passed = run.filter((t) => t.status === "passed").length;
  return run.length === 0 ? "-" : `${passed}/${run.length} (${((100 * passed) / run.length).toFixed(0)} %)`;
};

// One row per category: a scenario file, or the tests of a file whose full title matches `match`.
const CATEGORIES = [
  { file: "inputs.host.test.ts", label: "hostile inputs through check (no request but supported_regions)" },
  { file: "faults.host.test.ts", label: "fault matrix: create/update/read/delete x 10 fault kinds" },
  {
    file: "dataSafety.host.test.ts",
    label: "data safety: lost answers, duplicates, renames, swaps, forced replacement, 300 at once",
  },
  {
    file: "answers.host.test.ts",
    match: /^(?!a decision to write nothing)/,
    label: "a 2xx answer is not proof: null, {}, another IP, another value",
  },
  {
    file: "answers.host.test.ts",
    match: /^a decision to write nothing/,
    label: "writing nothing rests on a read begun after the operation began",
  },
  {
    file: "edges.host.test.ts",
    match: /^3\. /,
    label: "state written by 0.1.0: two resources on one mapping, no claims",
  },
  { file: "edges.host.test.ts", match: /^4\. /, label: "OriginCloudRegionSet at the zone's cap, and its outputs" },
  {
    file: "edges.host.test.ts",
    match: /^5\. /,
    label: "pulumi up --replace: refused before any write, or done with adopt or deleteBeforeReplace",
  },
  {
    file: "messages.host.test.ts",
    label: "messages that point the right way (1164 on a replace, where a credential came from)",
  },
  { file: "secrets.host.test.ts", label: "secrets: gateway echoing credentials x 2 schemes x 4 operations x 4 forms" },
];

class ReliabilitySummaryReporter {
  onRunComplete(_contexts, results) {
    const rows = [];
    const leaks = { dynamic: 0, plugin: 0 };
    let secretsRan = false;
    for (const file of results.testResults) {
      const name = path.basename(file.testFilePath);
      if (!file.testFilePath.includes(`${path.sep}reliability${path.sep}`)) continue;
      // Scenarios only: a "suite check:" test checks the suite itself (enough cases, a counter that counts).
      const scenarios = file.testResults
        .filter((t) => (t.status === "passed" || t.status === "failed") && !t.title.startsWith("suite check:"))
        .map((t) => ({ ...t, ...adapterOf(t) }));
      if (name === "secrets.host.test.ts") {
        secretsRan = true;
        for (const t of scenarios) if (t.status === "failed" && /0 leaks$/.test(t.title)) leaks[t.adapter]++;
      }
      CATEGORIES.forEach((category, i) => {
        if (category.file !== name) return;
        const run = scenarios.filter((t) => !category.match || category.match.test(t.name));
        rows[i] = [category.label, ...ADAPTERS.map((a) => cell(run.filter((t) => t.adapter === a)))];
      });
    }
    if (rows.length === 0) return;
    rows.splice(0, rows.length, ...rows.filter(Boolean));
    if (secretsRan)
      rows.push([
        "secrets: scenarios with a credential in any output (must be 0)",
        ...ADAPTERS.map((a) => String(leaks[a])),
      ]);
    const header = ["category", ...ADAPTERS.map((a) => `${a}: passed/scenarios (rate)`)];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
    const out = [
      "",
      "Reliability summary (dynamic: the dynamic provider host; plugin: the provider plugin; -: not run)",
      line(header),
      line(widths.map((w) => "-".repeat(w))),
      ...rows.map(line),
      "",
    ];
    process.stdout.write(out.join("\n") + "\n");
  }
}

module.exports = ReliabilitySummaryReporter;
