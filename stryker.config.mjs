// npm run test:mutation: the mutation score of provider/ against the in-process suites (jest.mutation.config.js).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "jest",
  jest: { configFile: "jest.mutation.config.js", enableFindRelatedTests: true },
  coverageAnalysis: "perTest",
  // The two serialized shims are left out: instrumenting them changes the text Pulumi serializes into state, which
  // their byte-for-byte fixture tests guard, so every mutant there would be "killed" for the wrong reason.
  mutate: ["provider/**/*.ts", "!provider/serializedProvider.ts", "!provider/serializedSetProvider.ts"],
  concurrency: 2,
  timeoutMS: 10000,
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  ignorePatterns: ["dist", "reports", "examples/**/node_modules"],
};
