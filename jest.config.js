/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }] },
  testTimeout: 30000,
  // Examples import the package by name, as users do; in this repository that name is the source.
  moduleNameMapper: { "^pulumi-cloudflare-origin-cloud-regions$": "<rootDir>/provider" },
  globalSetup: "<rootDir>/tests/harness/globalSetup.js",
  // The default reporter is silent about files whose tests were all skipped; this one says which and why.
  reporters: ["default", "<rootDir>/tests/harness/skippedSuitesReporter.js"],
};
