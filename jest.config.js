/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }] },
  testTimeout: 30000,
  // The reliability fault matrix runs its scenarios concurrently (each in its own zone).
  maxConcurrency: 40,
  // Examples import the package by name, as users do; in this repository that name is the source.
  moduleNameMapper: { "^pulumi-cloudflare-origin-cloud-regions$": "<rootDir>/provider" },
  globalSetup: "<rootDir>/tests/harness/globalSetup.js",
  reporters: ["default", "<rootDir>/tests/reliability/summaryReporter.js"],
};
