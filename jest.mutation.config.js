// The suites StrykerJS runs against each mutant (npm run test:mutation): the in-process ones. The *.host.test.ts
// suites and tests/reliability drive the provider host, a child process that loads dist/ compiled from the
// unmutated sources, so no mutant can reach them; they stay in `npm test`. serialization.test.ts is left out too: it
// runs the API client through Pulumi's closure serializer, which cannot capture Stryker's instrumentation.
const base = require("./jest.config");

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ["<rootDir>/tests/provider"],
  testPathIgnorePatterns: ["/node_modules/", "\\.host\\.test\\.ts$", "/tests/provider/api/serialization\\.test\\.ts$"],
  // Transpile only: a mutant run needs no type check, and ts-jest's type-aware compile triples every run.
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false, isolatedModules: true }] },
  globalSetup: undefined,
  reporters: ["default"],
};
