import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Relative imports that reach one of these top-level folders of provider/ (or the package's main, provider/index). */
const into = (...folders) => `^(\\.\\./)+(${folders.join("|")})(/|$)`;

/** One `no-restricted-imports` rule: each regex refused with the reason the layout gives (docs/ARCHITECTURE.md). */
const refuse = (...patterns) => [
  "error",
  { patterns: patterns.map(([regex, message]) => ({ regex, message: `${message} (docs/ARCHITECTURE.md)` })) },
];

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
  // Imports flow one way: api ← shared ← core ← dynamic/runtime.ts; the program side and the CLI stop at shared.
  {
    files: ["provider/api/**/*.ts"],
    rules: {
      "no-restricted-imports": refuse(
        [
          into("shared", "core", "dynamic", "lookups", "cli", "testing", "index"),
          "api/ is the Cloudflare client alone",
        ],
        ["^\\.\\.$", "api/ is the Cloudflare client alone"],
      ),
    },
  },
  {
    files: ["provider/shared/**/*.ts"],
    rules: {
      "no-restricted-imports": refuse([
        into("core", "dynamic", "lookups", "cli", "testing", "index"),
        "shared/ runs on every side, so it imports only api/",
      ]),
    },
  },
  {
    files: ["provider/core/**/*.ts"],
    rules: {
      "no-restricted-imports": refuse([
        into("dynamic", "lookups", "cli", "testing", "index"),
        "core/ serves every adapter, so it imports none of them",
      ]),
    },
  },
  {
    files: ["provider/lookups/**/*.ts", "provider/cli/**/*.ts"],
    rules: { "no-restricted-imports": refuse([into("core", "dynamic", "index"), HOST_ONLY]) },
  },
  {
    files: ["provider/dynamic/**/*.ts"],
    ignores: ["provider/dynamic/runtime.ts"],
    rules: { "no-restricted-imports": refuse([into("core", "index"), HOST_ONLY], ["^\\./runtime$", HOST_ONLY]) },
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
    files: ["tests/fake/**/*.ts"],
    rules: {
      "no-restricted-imports": refuse([
        "(^|/)provider(/|$)",
        "the fake API is an independent model of Cloudflare: it never imports the library",
      ]),
    },
  },
);
