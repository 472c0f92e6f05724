import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "public/islands/**", "node_modules/**", "data/**", "test-results/**", "playwright-report/**", "db/migrations/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: "readonly", process: "readonly", window: "readonly", document: "readonly", URL: "readonly", Buffer: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", fetch: "readonly", Response: "readonly", Request: "readonly", Headers: "readonly", FormData: "readonly", File: "readonly", Blob: "readonly", __dirname: "readonly", structuredClone: "readonly", AbortController: "readonly", TextEncoder: "readonly", TextDecoder: "readonly", URLSearchParams: "readonly", performance: "readonly", queueMicrotask: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // No 1,000-line modules: a file in app/ that outgrows this is split by job (tests may be longer).
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.test.{ts,tsx}"],
    rules: { "max-lines": ["error", { max: 400, skipBlankLines: true, skipComments: true }] },
  },
  {
    // Boundaries the classic compiler cannot enforce: the browser must never see the database.
    files: ["app/routes/**", "app/components/**", "app/root.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["drizzle-orm", "drizzle-orm/*", "better-sqlite3"], message: "Routes and components call capability modules, never the database." },
            { group: ["**/db/*", "**/db/**", "../../db/**"], message: "Routes and components never import db/." },
          ],
        },
      ],
    },
  },
  {
    // The ground floor knows no capability (and db/seed, which uses them all).
    files: ["app/lib/**", "app/jobs/**"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^~/(?!lib/|jobs/)|/db/seed(/|$)", message: "app/lib and app/jobs know no capability: move the code that needs one up (e.g. app/startup.server.ts, app/worker)." }] },
      ],
    },
  },
  {
    // Orders depends on payments (a checkout starts a payment); payments reaches orders only through OrderSettlement.
    files: ["app/payments/**"],
    ignores: ["**/*.test.ts", "**/test-fixtures.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["~/orders/*", "**/orders/*"], message: "Payments does not import orders: use orderSettlement() (payments/order-settlement.server.ts)." }] },
      ],
    },
  },
  {
    files: ["app/components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["*.server", "**/*.server", "*.server.*", "**/*.server.*"], message: "Components never import server modules." },
            { group: ["drizzle-orm", "drizzle-orm/*", "better-sqlite3", "**/db/**"], message: "Components never touch the database." },
          ],
        },
      ],
    },
  },
);
