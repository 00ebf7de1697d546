// The suites StrykerJS runs against each mutant (npm run test:mutation). Mutants live in the test process's copy of
// provider/, so the host suites run with their provider hosts in that process (tests/harness/inProcessHost.ts).
// Left out, because no mutant can reach them: the suites that start child processes on purpose (the upgrade suite's
// installed copies, the export command, the scripts, the package matrix) and serialization.test.ts, which runs the
// API client through Pulumi's closure serializer (it cannot capture Stryker's instrumentation). Hosts a test starts
// with an environment of its own stay child processes. All of these run in `npm test`.
const base = require("./jest.config");

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ["<rootDir>/tests/provider", "<rootDir>/tests/reliability"],
  testPathIgnorePatterns: ["/node_modules/", "/tests/provider/upgrade\\.host\\.test\\.ts$", "/tests/provider/cli/", "/tests/provider/api/serialization\\.test\\.ts$"],
  setupFiles: ["<rootDir>/tests/harness/inProcessHosts.setup.js"],
  // Transpile only: a mutant run needs no type check, and ts-jest's type-aware compile triples every run.
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false, isolatedModules: true }] },
  // dist/ comes into Stryker's sandbox prebuilt from the unmutated sources, for the hosts that stay child processes.
  globalSetup: undefined,
  reporters: ["default"],
};
