// Preloaded (NODE_OPTIONS=--require) into the Node processes the suites start, only under `npm run coverage`: records
// V8's precise coverage of this package's compiled dist/provider/ and writes it to OCR_CHILD_COVERAGE_DIR when the
// process ends, also when a test stops it with SIGTERM (Node writes nothing of its own on a signal).
const fs = require("fs");
const inspector = require("inspector");
const path = require("path");
const { pathToFileURL } = require("url");

const dir = process.env.OCR_CHILD_COVERAGE_DIR;
const dist = pathToFileURL(path.resolve(__dirname, "..", "..", "dist", "provider")).href + "/";
const session = new inspector.Session();
session.connect();
session.post("Profiler.enable");
session.post("Profiler.startPreciseCoverage", { callCount: true, detailed: true });

let written = false;
function write() {
  if (written) return;
  written = true;
  // The in-thread inspector answers synchronously, so this works inside an "exit" handler.
  session.post("Profiler.takePreciseCoverage", (err, res) => {
    if (err) return;
    const result = res.result.filter((script) => script.url.startsWith(dist));
    if (result.length > 0)
      fs.writeFileSync(path.join(dir, `coverage-${process.pid}-${Date.now()}.json`), JSON.stringify({ result }));
  });
}
process.on("exit", write);
for (const [signal, code] of [
  ["SIGTERM", 143],
  ["SIGINT", 130],
])
  process.once(signal, () => process.exit(code));
