/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: false }] },
  testTimeout: 30000,
  // Examples import the package by name, as users do; in this repository that name is the source.
  moduleNameMapper: {
    "^pulumi-cloudflare-origin-cloud-regions$": "<rootDir>/provider",
    "^pulumi-cloudflare-origin-cloud-regions/api$": "<rootDir>/provider/api/public",
  },
  globalSetup: "<rootDir>/tests/harness/globalSetup.js",
};
