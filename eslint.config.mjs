import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Relative imports that reach one of these top-level folders of provider/ (or the package's main, provider/index). */
const into = (...folders) => `^(\\.\\./)+(${folders.join("|")})(/|$)`;

/** One `no-restricted-imports` rule: each regex refused with the reason the layout gives (docs/ARCHITECTURE.md). */
const refuse = (...patterns) => [
  "error",
  { patterns: patterns.map(([regex, message]) => ({ regex, message: `${message} (docs/ARCHITECTURE.md)` })) },
];

const API_ALONE = "api/ is the Cloudflare client alone: it imports nothing outside api/";
/** The test kit, but for the hook the lookups read (a program-side module of a few lines, no operations). */
const TESTING_BUT_THE_HOOK = "^(\\.\\./)+testing(/(?!lookupsHook$)|$)";
const HOST_ONLY = "host-only code (core/, dynamic/runtime.ts) never loads in a program or the export command";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", "reports/", ".stryker-tmp/", "tests/fixtures/*.js"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        console: "readonly",
        __dirname: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // Sizes a reader can hold in their head: files and functions of the library.
  {
    files: ["provider/**/*.ts"],
    rules: {
      "max-lines": ["error", { max: 250 }],
      "max-lines-per-function": ["error", { max: 40 }],
    },
  },
  // Imports flow one way: api ← shared ← core ← the adapters (dynamic/runtime.ts, plugin/); the program side and the
  // CLI stop at shared. Each folder's rule lists what it may not import (docs/ARCHITECTURE.md draws it).
  {
    files: ["provider/api/*.ts"],
    rules: { "no-restricted-imports": refuse(["^\\.\\.(/|$)", API_ALONE]) },
  },
  {
    files: ["provider/api/*/**/*.ts"],
    rules: { "no-restricted-imports": refuse(["^\\.\\./\\.\\.(/|$)", API_ALONE]) },
  },
  {
    files: ["provider/shared/**/*.ts"],
    rules: {
      "no-restricted-imports": refuse([
        into("core", "dynamic", "plugin", "lookups", "cli", "testing", "index"),
        "shared/ runs on every side, so it imports only api/",
      ]),
    },
  },
  {
    files: ["provider/core/**/*.ts"],
    rules: {
      "no-restricted-imports": refuse([
        into("dynamic", "plugin", "lookups", "cli", "testing", "index"),
        "core/ serves every adapter, so it imports none of them",
      ]),
    },
  },
  {
    files: ["provider/lookups/**/*.ts", "provider/cli/**/*.ts"],
    rules: {
      "no-restricted-imports": refuse(
        [into("core", "dynamic", "plugin", "index"), HOST_ONLY],
        [TESTING_BUT_THE_HOOK, HOST_ONLY],
      ),
    },
  },
  {
    files: ["provider/dynamic/**/*.ts"],
    ignores: ["provider/dynamic/runtime.ts"],
    rules: {
      "no-restricted-imports": refuse(
        [into("core", "plugin", "lookups", "cli", "index"), HOST_ONLY],
        [TESTING_BUT_THE_HOOK, HOST_ONLY],
        ["^\\./runtime$", HOST_ONLY],
      ),
    },
  },
  {
    files: ["provider/dynamic/runtime.ts"],
    rules: {
      "no-restricted-imports": refuse([
        into("plugin", "lookups", "cli", "testing", "index"),
        "providerRuntimeV1 is the dynamic adapter over core/: it imports core/, never another adapter",
      ]),
    },
  },
  {
    files: ["provider/plugin/**/*.ts"],
    rules: {
      "no-restricted-imports": refuse([
        into("dynamic", "lookups", "cli", "testing", "index"),
        "plugin/ is the second adapter over core/: it imports core/, shared/ and api/, never another adapter",
      ]),
    },
  },
  {
    files: ["provider/testing/**/*.ts"],
    rules: {
      "no-restricted-imports": refuse([
        into("plugin", "lookups", "cli", "index"),
        "the test kit runs core/ and the resource classes in the program; it is no adapter and no CLI",
      ]),
    },
  },
  // A require() or import() would pass the rules above unseen: in the library, modules are imported statically.
  {
    files: ["provider/**/*.ts"],
    ignores: ["provider/dynamic/serializedProvider.ts", "provider/dynamic/serializedSetProvider.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.name='require'] > Literal[value=/^[.]/]",
          message: "import modules of the library statically, so the layout's import rules see them",
        },
        {
          selector: "ImportExpression > Literal[value=/^[.]/]",
          message: "import modules of the library statically, so the layout's import rules see them",
        },
      ],
    },
  },
  {
    files: ["tests/fake/**/*.ts"],
    rules: {
      "no-restricted-imports": refuse([
        "(^|/)provider(/|$)",
        "the fake API is an independent model of Cloudflare: it never imports the library",
      ]),
    },
  },
);
