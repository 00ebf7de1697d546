// npm run test:mutation: the mutation score of provider/ against the in-process suites (jest.mutation.config.js).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "jest",
  jest: { configFile: "jest.mutation.config.js", enableFindRelatedTests: true },
  coverageAnalysis: "perTest",
  // The two serialized shims are left out: instrumenting them changes the text Pulumi serializes into state, which
  // their byte-for-byte fixture tests guard, so every mutant there would be "killed" for the wrong reason.
  mutate: ["provider/**/*.ts", "!provider/dynamic/serializedProvider.ts", "!provider/dynamic/serializedSetProvider.ts"],
  concurrency: 2,
  // A mutant that hangs a test (a lost timer, a loop that never ends) costs this much on top of 1.5 × the tests' own
  // time, plus a runner restart; the in-process suites take well under a second a mutant, so 5 s is ample.
  timeoutMS: 5000,
  reporters: ["clear-text", "progress", "json"],
  // The score table, without the list of every test before it.
  clearTextReporter: { reportTests: false },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  ignorePatterns: ["dist", "reports", "examples/**/node_modules"],
};
