// The provider host loads the package's compiled entry (dist/), as a user's project would. Rebuild it when any
// source under provider/ is newer, so running jest alone never tests stale code.
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..", "..");

function newest(dir, ext) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(full, ext));
    else if (entry.name.endsWith(ext)) latest = Math.max(latest, fs.statSync(full).mtimeMs);
  }
  return latest;
}

module.exports = async () => {
  const built = path.join(root, "dist", "provider");
  if (fs.existsSync(built) && newest(built, ".js") >= newest(path.join(root, "provider"), ".ts")) return;
  execFileSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json")],
    { stdio: "inherit" },
  );
};
