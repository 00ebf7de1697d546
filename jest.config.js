/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // examples/testing holds a user-side unit test (under the package's test kit), run as users run it.
  roots: ["<rootDir>/tests", "<rootDir>/examples"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }] },
  testTimeout: 30000,
  // The reliability fault matrix runs its scenarios concurrently (each in its own zone).
  maxConcurrency: 40,
  // Examples import the package by name, as users do; in this repository that name is the source.
  moduleNameMapper: {
    "^pulumi-cloudflare-origin-cloud-regions$": "<rootDir>/provider",
    "^pulumi-cloudflare-origin-cloud-regions/api$": "<rootDir>/provider/api/public",
    "^pulumi-cloudflare-origin-cloud-regions/testing$": "<rootDir>/provider/testing",
  },
  // V8's own coverage, not Babel instrumentation: instrumented code would change the provider text Pulumi serializes,
  // which the upgrade tests compare byte for byte. `npm run coverage` adds what the provider host processes ran.
  coverageProvider: "v8",
  collectCoverageFrom: ["provider/**/*.ts"],
  globalSetup: "<rootDir>/tests/harness/globalSetup.js",
  // The default reporter is silent about files whose tests were all skipped (the first says which and why); the
  // second prints the reliability summary table after any run that includes tests/reliability/.
  reporters: [
    "default",
    "<rootDir>/tests/harness/skippedSuitesReporter.js",
    "<rootDir>/tests/reliability/summaryReporter.js",
  ],
};
